"""A teaching model of impulse conduction along a myelinated axon, and what myelin loss does to it
(chapter 4). The cable model is simulated with NEURON, the field's own simulator.

The fibre
---------
A straight fibre of :data:`N_NODES` nodes of Ranvier joined by internodes. For a fibre of outer
diameter ``D`` (axon plus myelin, in micrometres):

* the axon's diameter is ``d = G_RATIO * D`` (0.7, a typical ratio of axon to fibre diameter);
* each internode is ``INTERNODE_PER_DIAMETER * D`` long (100 D, the proportion that classic
  models of peripheral fibres use) and each node :data:`NODE_LENGTH` (1 µm) long;
* the myelin has ``n = (D - d) / 2 / LAMELLA_PERIOD`` lamellae (one lamella about 16 nm thick),
  each of two membranes.

Equations
---------
Every section obeys the cable equation (NEURON solves it by the implicit method, here with
time step :data:`DT`, 5 µs)::

    c_m dV/dt = (d / 4 R_a) d2V/dx2 - i_ion

with axial resistivity ``R_a`` = :data:`AXIAL_RESISTIVITY` (100 ohm cm, within the range used for
mammalian axoplasm).

*Internodes* are passive. The axon membrane under the myelin (1 µF/cm2, leak
:data:`AXON_LEAK`) and the myelin's ``2 n`` membranes are in series, so per unit area of axon::

    1 / c_internode = 1 / 1.0 + 2 n / MYELIN_CM        (MYELIN_CM = 0.1 µF/cm2 per membrane)
    1 / g_internode = 1 / AXON_LEAK + 2 n / MYELIN_G   (MYELIN_G = 0.001 S/cm2 per membrane)

(the per-membrane values of McIntyre, Richardson and Grill's model of mammalian fibres, 2002).
Thick myelin therefore means a tiny capacitance and leak; losing a fraction ``f`` of the
lamellae (``n -> n (1 - f)``) raises both, and bare axon (``f = 1``) has 1 µF/cm2. The axon
membrane under the myelin has no sodium channels in the model.

*Nodes* carry fast sodium channels with the Hodgkin-Huxley gating equations (NEURON's ``hh``
mechanism) and a leak, but no fast potassium channels: mammalian nodes have few, and they
repolarise mainly through the leak (Chiu, Ritchie, Rogart and Stagg, 1979). The nodal sodium
conductance (:data:`NODE_GNA`) was calibrated once, for a 10 µm fibre at 37 °C, so that a healthy
fibre conducts at about 5.5 to 6 m/s per µm of fibre diameter, as measured in cat nerves
(Boyd and Kalu 1979; Hursh 1939). Every other diameter, and every other behaviour, follows from
the equations.

*Temperature* acts on channel kinetics only: all gating rates are multiplied by
``Q10 ** ((T - 6.3) / 10)`` with Q10 = 3, as in Hodgkin and Huxley's squid measurements (NEURON's
``hh``). Warmer channels open and close sooner, so each node's impulse is briefer and delivers
less charge to the next node: a fibre that barely conducts can block when warmed, and conduct
again when cooled (the logic of Uhthoff's phenomenon).

*The lesion*: ``lesion_internodes`` internodes in the middle of the fibre lose the fraction
``myelin_loss`` of their myelin lamellae.

Outputs (:class:`ConductionResult`): the membrane potential at every node over time, the time
each node fires, whether the impulse reaches the last node, the mean conduction velocity over
the measured stretch (which includes the lesion) and a *safety factor*: how many times the
nodes' sodium conductance exceeds the least that still carries the impulse to the end
(found by bisection; below 1 means the fibre blocks, and the value then says by how much the
sodium conductance would have to rise for the impulse to pass).

What the model leaves out: the paranodes and their potassium channels, the redistribution of
sodium channels along demyelinated axon (which can restore slow conduction over weeks),
inflammation and its soluble factors, trains of impulses, axonal loss, and the three
dimensions of real tissue. It is a teaching model, not a clinical tool.
"""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass

import numpy as np

from msbook.validation import Param, check_range

#: The parameters a reader may change, with their allowed ranges.
PARAMS = {
    "fibre_diameter": Param(
        "fibre_diameter", 2.0, 20.0, 10.0, "µm", "Fibre diameter", step=1.0
    ),
    "lesion_internodes": Param(
        "lesion_internodes", 0.0, 6.0, 3.0, "internodes", "Internodes in the lesion", step=1
    ),
    "myelin_loss": Param(
        "myelin_loss", 0.0, 1.0, 0.0, "", "Myelin lost in the lesion", step=0.05,
        display_scale=100, display_unit="%", display_format=".0f",
    ),
    "temperature": Param(
        "temperature", 20.0, 42.0, 37.0, "°C", "Temperature", step=0.5
    ),
}
#: Diameters (µm) of unmyelinated fibres the model accepts.
UNMYELINATED_DIAMETER = Param(
    "axon_diameter", 0.1, 2.0, 1.0, "µm", "Axon diameter", step=0.1
)

N_NODES = 21                   # nodes of Ranvier along the fibre (20 internodes)
G_RATIO = 0.7                  # axon diameter / fibre diameter
INTERNODE_PER_DIAMETER = 100.0  # internode length / fibre diameter
NODE_LENGTH = 1.0              # µm
LAMELLA_PERIOD = 0.016         # µm of myelin thickness per lamella
AXIAL_RESISTIVITY = 100.0      # ohm cm
MYELIN_CM = 0.1                # µF/cm2 per myelin membrane
MYELIN_G = 0.001               # S/cm2 per myelin membrane
AXON_LEAK = 0.0005             # S/cm2, axon membrane under the myelin
NODE_GNA = 1.0                 # S/cm2, nodal sodium conductance (calibrated, see above)
NODE_LEAK = 0.02               # S/cm2, nodal leak
REST = -80.0                   # mV, resting potential (the leak's reversal)
DETECT = -20.0                 # mV, a node "fires" when its potential crosses this upwards
DT = 0.005                     # ms
STIM_DELAY = 0.1               # ms of simulated time before the stimulus at node 0
T_STOP = 8.0                   # ms simulated
INTERNODE_SEGMENTS = 9         # compartments per internode
#: Nodes between which the velocity is measured (the lesion lies between them).
MEASURE_FROM, MEASURE_TO = 3, N_NODES - 4
SAFETY_RANGE = (1 / 16, 4.0)   # sodium-conductance scales searched for the safety factor
SAFETY_STEPS = 7


@dataclass(frozen=True)
class ConductionResult:
    """One simulated impulse.

    Attributes
    ----------
    t : numpy.ndarray
        Simulated time, ms (every :data:`DT`); the stimulus starts at :data:`STIM_DELAY`.
    node_x : numpy.ndarray
        Position of each node along the fibre, mm.
    v : numpy.ndarray
        Membrane potential (mV), one row per node, one column per time.
    fire_time : numpy.ndarray
        When each node's potential first crossed :data:`DETECT` (simulated time, ms); NaN where
        it never did.
    conducted : bool
        Whether the impulse reached the last node.
    velocity : float
        Mean conduction velocity (m/s) between nodes :data:`MEASURE_FROM` and
        :data:`MEASURE_TO`, a stretch that contains the lesion; NaN if blocked.
    safety_factor : float
        Nodal sodium conductance divided by the least that still conducts to the end
        (below 1: blocked). Bounded by :data:`SAFETY_RANGE`.
    lesion : tuple[int, int]
        First and last internode (0-based) of the lesion, or (-1, -1) for none.
    fibre_diameter, lesion_internodes, myelin_loss, temperature : float
        The parameters of the run.
    """

    t: np.ndarray
    node_x: np.ndarray
    v: np.ndarray
    fire_time: np.ndarray
    conducted: bool
    velocity: float
    safety_factor: float
    lesion: tuple[int, int]
    fibre_diameter: float
    lesion_internodes: int
    myelin_loss: float
    temperature: float

    @property
    def last_node_fired(self) -> int:
        """Index of the furthest node that fired (-1 if none)."""
        fired = np.flatnonzero(np.isfinite(self.fire_time))
        return int(fired.max()) if fired.size else -1


def _neuron():
    # Without a display NEURON prints a warning at import; "-nogui" keeps outputs clean.
    os.environ.setdefault("NEURON_MODULE_OPTIONS", "-nogui")
    from neuron import h

    h.load_file("stdrun.hoc")
    return h


def lesion_span(lesion_internodes: int) -> tuple[int, int]:
    """First and last internode (0-based) of a centred lesion of ``lesion_internodes``."""
    if lesion_internodes <= 0:
        return (-1, -1)
    first = (N_NODES - 1 - lesion_internodes) // 2
    return (first, first + lesion_internodes - 1)


def _internode_membrane(lamellae: float) -> tuple[float, float]:
    """(capacitance µF/cm2, conductance S/cm2) per unit area of axon under ``lamellae`` lamellae."""
    cm = 1.0 / (1.0 / 1.0 + 2.0 * lamellae / MYELIN_CM)
    g = 1.0 / (1.0 / AXON_LEAK + 2.0 * lamellae / MYELIN_G)
    return cm, g


def _crossings(t: np.ndarray, v: np.ndarray) -> np.ndarray:
    """First upward crossing of DETECT in each row of ``v``, interpolated (NaN if none)."""
    out = np.full(v.shape[0], np.nan)
    for i, row in enumerate(v):
        above = np.flatnonzero(row > DETECT)
        if above.size and above[0] > 0:
            j = above[0]
            frac = (DETECT - row[j - 1]) / (row[j] - row[j - 1])
            out[i] = t[j - 1] + frac * (t[j] - t[j - 1])
    return out


def _run(diameter: float, lesion: tuple[int, int], loss: float, temperature: float,
         gna_scale: float = 1.0, record: bool = True):
    """Simulate one impulse; return (t, v) when ``record``, else whether the last node fired."""
    h = _neuron()
    d = G_RATIO * diameter
    length = INTERNODE_PER_DIAMETER * diameter
    lamellae = (diameter - d) / 2.0 / LAMELLA_PERIOD
    nodes, internodes = [], []
    for i in range(N_NODES):
        node = h.Section(name=f"node{i}")
        node.L, node.diam, node.nseg, node.Ra, node.cm = NODE_LENGTH, d, 1, AXIAL_RESISTIVITY, 1.0
        node.insert("hh")
        for seg in node:
            seg.hh.gnabar = NODE_GNA * gna_scale
            seg.hh.gkbar = 0.0
            seg.hh.gl = NODE_LEAK
            seg.hh.el = REST
        if i:
            node.connect(internodes[-1](1))
        nodes.append(node)
        if i < N_NODES - 1:
            inter = h.Section(name=f"internode{i}")
            inter.L, inter.diam, inter.nseg, inter.Ra = length, d, INTERNODE_SEGMENTS, AXIAL_RESISTIVITY
            inter.insert("pas")
            n = lamellae * (1.0 - loss) if lesion[0] <= i <= lesion[1] else lamellae
            cm, g = _internode_membrane(n)
            inter.cm = cm
            for seg in inter:
                seg.pas.g, seg.pas.e = g, REST
            inter.connect(node(1))
            internodes.append(inter)
    h.celsius = temperature
    stim = h.IClamp(nodes[0](0.5))
    stim.delay, stim.dur, stim.amp = STIM_DELAY, 0.1, 0.4 * diameter  # nA: several times threshold
    h.dt = DT
    t_vec = h.Vector().record(h._ref_t)
    if record:
        v_vecs = [h.Vector().record(node(0.5)._ref_v) for node in nodes]
    else:
        v_vecs = [h.Vector().record(nodes[-1](0.5)._ref_v)]
    h.finitialize(REST)
    h.continuerun(T_STOP)
    t = np.array(t_vec)
    v = np.array([np.array(vec) for vec in v_vecs])
    if record:
        return t, v
    return bool(np.any(v[0] > DETECT))


def _safety(diameter, lesion, loss, temperature, conducted: bool) -> float:
    lo, hi = (SAFETY_RANGE[0], 1.0) if conducted else (1.0, SAFETY_RANGE[1])
    if not conducted and not _run(diameter, lesion, loss, temperature, hi, record=False):
        return 1.0 / hi
    for _ in range(SAFETY_STEPS):  # bisection on a log scale
        mid = math.sqrt(lo * hi)
        if _run(diameter, lesion, loss, temperature, mid, record=False):
            hi = mid
        else:
            lo = mid
    return 1.0 / math.sqrt(lo * hi)


@functools.lru_cache(maxsize=256)
def _simulate(diameter, lesion_internodes, loss, temperature, safety):
    lesion = lesion_span(lesion_internodes)
    t, v = _run(diameter, lesion, loss, temperature)
    fire = _crossings(t, v)
    conducted = bool(np.isfinite(fire[-1]))
    spacing_mm = (INTERNODE_PER_DIAMETER * diameter + NODE_LENGTH) / 1000.0
    x = np.arange(N_NODES) * spacing_mm
    a, b = MEASURE_FROM, MEASURE_TO
    velocity = (x[b] - x[a]) / (fire[b] - fire[a]) if conducted else float("nan")  # mm/ms = m/s
    sf = _safety(diameter, lesion, loss, temperature, conducted) if safety else float("nan")
    return ConductionResult(
        t=t, node_x=x, v=v, fire_time=fire, conducted=conducted, velocity=float(velocity),
        safety_factor=float(sf), lesion=lesion, fibre_diameter=diameter,
        lesion_internodes=lesion_internodes, myelin_loss=loss, temperature=temperature,
    )


def simulate_conduction(
    fibre_diameter: float = PARAMS["fibre_diameter"].default,
    lesion_internodes: int = int(PARAMS["lesion_internodes"].default),
    myelin_loss: float = PARAMS["myelin_loss"].default,
    temperature: float = PARAMS["temperature"].default,
    safety: bool = True,
) -> ConductionResult:
    """Simulate one impulse along a myelinated fibre with a lesion in its middle.

    Parameters
    ----------
    fibre_diameter : float
        Outer diameter of the fibre (axon plus myelin), 2 to 20 µm.
    lesion_internodes : int
        Number of internodes in the lesion, 0 to 6 (whole number), centred on the fibre.
    myelin_loss : float
        Fraction of the myelin lamellae lost in the lesion, 0 (none) to 1 (bare axon).
    temperature : float
        Temperature, 20 to 42 °C (acts on channel kinetics with Q10 = 3).
    safety : bool
        Also compute the safety factor (a few more short simulations).

    Results are cached, so that repeated calls with the same values are instant.
    """
    diameter = PARAMS["fibre_diameter"].check(fibre_diameter)
    count = PARAMS["lesion_internodes"].check(lesion_internodes)
    if count != int(count):
        raise ValueError(f"lesion_internodes must be a whole number from 0 to 6; got {lesion_internodes!r}")
    loss = PARAMS["myelin_loss"].check(myelin_loss)
    temp = PARAMS["temperature"].check(temperature)
    return _simulate(round(diameter, 6), int(count), round(loss, 6), round(temp, 6), bool(safety))


@functools.lru_cache(maxsize=64)
def unmyelinated_velocity(axon_diameter: float = 1.0, temperature: float = 37.0) -> float:
    """Conduction velocity (m/s) of an unmyelinated axon with the nodes' membrane all along it.

    ``axon_diameter`` 0.1 to 2 µm, ``temperature`` 20 to 42 °C. The membrane (sodium channels,
    leak, kinetics, temperature) is the one the model's nodes carry; only the myelin and the
    nodes are gone, so the comparison with :func:`simulate_conduction` isolates what myelin does.
    """
    d = UNMYELINATED_DIAMETER.check(axon_diameter)
    temp = check_range("temperature", temperature, PARAMS["temperature"].low,
                       PARAMS["temperature"].high, unit="°C")
    h = _neuron()
    sec = h.Section(name="unmyelinated")
    sec.L, sec.diam, sec.nseg, sec.Ra, sec.cm = 3000.0, d, 301, AXIAL_RESISTIVITY, 1.0
    sec.insert("hh")
    for seg in sec:
        seg.hh.gnabar, seg.hh.gkbar, seg.hh.gl, seg.hh.el = NODE_GNA, 0.0, NODE_LEAK, REST
    h.celsius = temp
    stim = h.IClamp(sec(0))
    stim.delay, stim.dur, stim.amp = 0.1, 0.2, 20.0 * d
    a, b = 0.3, 0.7
    va = h.Vector().record(sec(a)._ref_v)
    vb = h.Vector().record(sec(b)._ref_v)
    t_vec = h.Vector().record(h._ref_t)
    h.dt = DT
    h.finitialize(REST)
    h.continuerun(15.0)
    t = np.array(t_vec)
    ta, tb = _crossings(t, np.array([np.array(va), np.array(vb)]))
    if not (np.isfinite(ta) and np.isfinite(tb)):
        return float("nan")
    return float((b - a) * sec.L / 1000.0 / (tb - ta))
