"""A teaching model of an infection and the immune response to it (chapter 1).

Four populations change over time (days):

``pathogen``
    Pathogen load, in arbitrary pathogen units. It grows logistically and is
    killed by innate cells and by adaptive effector cells.
``innate``
    Innate effector cells (for example neutrophils and macrophages), relative
    to their resting level of 1. They are recruited within hours of detecting
    the pathogen and return to rest once it is gone.
``effector``
    Antigen-specific adaptive effector cells (for example cytotoxic T cells),
    in arbitrary cell units. They come from rare naive precursors or from
    memory cells, and they multiply while antigen is presented to them.
``memory``
    Long-lived memory cells of the same specificity, formed as the effector
    population contracts.

A fifth, hidden variable, ``antigen``, stands for antigen presented by
antigen-presenting cells: it follows the pathogen and outlasts it by a few
days, so adaptive expansion continues briefly after the pathogen is cleared.

What the model leaves out: antibodies and B cells, helper T cells, tissue
damage, the location of the response (lymph node versus tissue), variation
between people, and anything random. It shows one thing: because memory
cells start far more numerous than naive precursors, and are activated more
easily, a second exposure to the same pathogen is answered sooner and more
strongly, and the pathogen is cleared before it can grow much.

All the state variables are integrated in log space, so no population can
become negative; a pathogen load below :data:`CLEARANCE_LEVEL` counts as
cleared and is set to zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from msbook.validation import Param

#: The parameters a reader may change, with their allowed ranges.
PARAMS = {
    "dose": Param(
        "dose", 1.0, 1000.0, 10.0, "pathogen units", "Infectious dose", step=0.05, log_scale=True
    ),
    "growth_rate": Param(
        "growth_rate", 0.5, 3.0, 1.5, "per day", "Pathogen growth rate", step=0.1
    ),
    "reexposure_day": Param(
        "reexposure_day", 30.0, 150.0, 60.0, "days", "Second exposure on day", step=5.0,
        display_unit="",
    ),
    "days": Param("days", 40.0, 240.0, 120.0, "days", "Days simulated", step=10.0),
}

#: Days followed after the second exposure when the length of the run is not given.
FOLLOW_UP_DAYS = 60.0
#: Pathogen load below which the infection counts as cleared (pathogen units).
CLEARANCE_LEVEL = 1e-3
#: Largest pathogen load the host tissue supports (pathogen units).
CARRYING_CAPACITY = 1e6

# Fixed rates of the teaching model (per day unless stated). They were chosen so
# that a primary adaptive response peaks one to two weeks after infection, as in
# textbook descriptions, and are not meant to be measured values.
_INNATE_RECRUIT = 4.0      # maximal recruitment of innate cells
_INNATE_HALF = 50.0        # pathogen load giving half-maximal recruitment
_INNATE_DECAY = 1.0        # return of innate cells to rest
_INNATE_KILL = 0.05        # killing per innate cell unit per day
_ANTIGEN_HALF = 1.0        # pathogen load giving half-maximal antigen presentation
_ANTIGEN_DECAY = 0.7       # loss of presented antigen
_ANTIGEN_PULSE = 5.0       # antigen carried to lymph nodes from the inoculum itself
_NAIVE = 1e-2              # naive precursor cells of this specificity
_NAIVE_ACT = 0.5           # activation of naive precursors by presented antigen
_MEMORY_ACT = 2.0          # activation of memory cells (more easily activated)
_PROLIFERATION = 2.2       # maximal effector proliferation
_STIM_HALF = 0.5           # presented antigen giving half-maximal stimulation
_EFFECTOR_DEATH = 0.3      # effector death (contraction)
_MEMORY_FRACTION = 0.05    # share of dying effectors that become memory cells
_MEMORY_DECAY = 0.002      # slow loss of memory cells
_EFFECTOR_KILL = 0.02      # killing per effector cell unit per day
_FLOOR = 1e-12             # level representing "none" for cells (log space needs > 0)


@dataclass(frozen=True)
class InfectionResult:
    """The simulated time course.

    Attributes
    ----------
    t : numpy.ndarray
        Time in days since the first exposure, evenly spaced (0.1 day).
    pathogen, innate, effector, memory, antigen : numpy.ndarray
        Populations at each time (arbitrary units, never negative).
    reexposure_day : float
        Day of the second exposure.
    dose, growth_rate : float
        The parameters of the run (pathogen units; per day).
    """

    t: np.ndarray
    pathogen: np.ndarray
    innate: np.ndarray
    effector: np.ndarray
    memory: np.ndarray
    antigen: np.ndarray
    reexposure_day: float
    dose: float
    growth_rate: float

    def _window(self, secondary: bool) -> np.ndarray:
        return self.t >= self.reexposure_day if secondary else self.t < self.reexposure_day

    def effector_peak(self, secondary: bool = False) -> tuple[float, float]:
        """(days after that exposure, peak size) of the effector response.

        ``secondary=False`` looks at the response to the first exposure,
        ``secondary=True`` at the response to the second.
        """
        window = self._window(secondary)
        t, e = self.t[window], self.effector[window]
        i = int(np.argmax(e))
        start = self.reexposure_day if secondary else 0.0
        return float(t[i] - start), float(e[i])

    def pathogen_peak(self, secondary: bool = False) -> float:
        """Highest pathogen load after the first (or second) exposure, in pathogen units."""
        return float(np.max(self.pathogen[self._window(secondary)]))

    def clearance_day(self, secondary: bool = False) -> float:
        """Days from the exposure until the pathogen is cleared (``nan`` if it never is)."""
        window = self._window(secondary)
        t, p = self.t[window], self.pathogen[window]
        start = self.reexposure_day if secondary else 0.0
        cleared = np.nonzero(p == 0.0)[0]
        return float(t[cleared[0]] - start) if cleared.size else math.nan


def _antigen_pulse(dose: float) -> float:
    """Antigen presented at once from an inoculum of ``dose`` pathogen units."""
    return _ANTIGEN_PULSE * dose / (dose + _ANTIGEN_HALF)


def _rhs(growth_rate: float, pathogen_present: bool):
    def rhs(_t, y):
        lp, li, le, lm, la = y
        p = math.exp(lp) if pathogen_present else 0.0
        i, e, m, a = math.exp(li), math.exp(le), math.exp(lm), math.exp(la)
        stim = a / (a + _STIM_HALF)
        d_i = _INNATE_RECRUIT * p / (p + _INNATE_HALF) - _INNATE_DECAY * (i - 1.0)
        d_a = p / (p + _ANTIGEN_HALF) - _ANTIGEN_DECAY * a
        activated_memory = _MEMORY_ACT * stim * m
        d_e = (
            _NAIVE_ACT * stim * _NAIVE
            + activated_memory
            + _PROLIFERATION * stim * e
            - _EFFECTOR_DEATH * e
        )
        d_m = _MEMORY_FRACTION * _EFFECTOR_DEATH * e - activated_memory - _MEMORY_DECAY * m
        if pathogen_present:
            d_lp = growth_rate * (1.0 - p / CARRYING_CAPACITY) - _INNATE_KILL * i - _EFFECTOR_KILL * e
        else:
            d_lp = 0.0
        return [d_lp, d_i / i, d_e / e, d_m / m, d_a / a]

    return rhs


def _cleared(_t, y):
    return y[0] - math.log(CLEARANCE_LEVEL)


_cleared.terminal = True
_cleared.direction = -1


def simulate_infection(
    dose: float = PARAMS["dose"].default,
    growth_rate: float = PARAMS["growth_rate"].default,
    reexposure_day: float = PARAMS["reexposure_day"].default,
    days: float | None = None,
) -> InfectionResult:
    """Simulate a first exposure on day 0 and a second, identical exposure later.

    Parameters
    ----------
    dose:
        Pathogen load delivered at each exposure, in pathogen units
        (1 to 1000; default 10).
    growth_rate:
        The pathogen's net growth rate without an immune response, per day
        (0.5 to 3.0; default 1.5, a doubling time of about 11 hours).
    reexposure_day:
        Day of the second exposure (30 to 150; default 60). It must come
        before the end of the simulation.
    days:
        Length of the simulation in days (40 to 240). By default 120 days, or
        :data:`FOLLOW_UP_DAYS` days after the second exposure if that is later,
        so that every allowed day of second exposure can be followed.

    Returns
    -------
    InfectionResult
        Time courses sampled every 0.1 day, and helpers for peaks and clearance.

    Raises
    ------
    ValueError
        If a parameter is outside its range, or the second exposure falls
        less than 10 days before the end of the simulation.
    """
    dose = PARAMS["dose"].check(dose)
    growth_rate = PARAMS["growth_rate"].check(growth_rate)
    reexposure_day = PARAMS["reexposure_day"].check(reexposure_day)
    if days is None:
        days = max(PARAMS["days"].default, reexposure_day + FOLLOW_UP_DAYS)
    days = PARAMS["days"].check(days)
    if reexposure_day > days - 10:
        raise ValueError(
            f"reexposure_day={reexposure_day:g} must be at least 10 days before the end of "
            f"the simulation (days={days:g}); allowed range is 30 to {days - 10:g} days"
        )

    t_eval = np.round(np.arange(0.0, days + 1e-9, 0.1), 10)
    log_floor = math.log(_FLOOR)
    state = np.array([math.log(dose), 0.0, log_floor, log_floor, math.log(_antigen_pulse(dose))])
    present = True
    t_now = 0.0
    times: list[np.ndarray] = []
    states: list[np.ndarray] = []
    flags: list[np.ndarray] = []

    # Integrate segment by segment: a segment ends at clearance of the pathogen
    # or at the second exposure.
    while t_now < days - 1e-9:
        t_stop = reexposure_day if t_now < reexposure_day else days
        mask = (t_eval >= t_now - 1e-9) & (t_eval < t_stop - 1e-9)
        if t_stop >= days:
            mask |= np.isclose(t_eval, days)
        sol = solve_ivp(
            _rhs(growth_rate, present),
            (t_now, t_stop),
            state,
            method="LSODA",
            t_eval=t_eval[mask],
            events=_cleared if present else None,
            rtol=1e-7,
            atol=1e-9,
        )
        if not sol.success:  # pragma: no cover - the solver has not failed in the allowed range
            raise RuntimeError(f"the infection model failed to integrate: {sol.message}")
        times.append(sol.t)
        states.append(sol.y)
        flags.append(np.full(sol.t.shape, present))
        if present and sol.status == 1:  # pathogen cleared before t_stop
            t_now = float(sol.t_events[0][0])
            state = sol.y_events[0][0].copy()
            present = False
            continue
        t_now = t_stop
        state = sol.y[:, -1].copy() if sol.t.size else state
        if math.isclose(t_now, reexposure_day):
            pathogen_now = math.exp(state[0]) if present else 0.0
            state[0] = math.log(pathogen_now + dose)
            state[4] = math.log(math.exp(state[4]) + _antigen_pulse(dose))
            present = True

    t = np.concatenate(times)
    y = np.exp(np.concatenate(states, axis=1))
    present_mask = np.concatenate(flags)
    pathogen = np.where(present_mask, y[0], 0.0)
    cells = np.where(y[1:] <= _FLOOR * 1.0001, 0.0, y[1:])
    return InfectionResult(
        t=t,
        pathogen=pathogen,
        innate=cells[0],
        effector=cells[1],
        memory=cells[2],
        antigen=cells[3],
        reexposure_day=reexposure_day,
        dose=dose,
        growth_rate=growth_rate,
    )
