"""A teaching model of effector and regulatory T cells with cytokine feedback (chapter 2).

Four populations change over time (days), all relative to their resting level of 1:

``effector``
    Effector T cells (for example Th1 or Th17 cells). A pulse of antigen
    activates them; the pro-inflammatory cytokines they release activate more
    of them (positive feedback). Without stimulation they return to rest.
``pro_cytokine``
    Pro-inflammatory cytokines (for example IFN-gamma, IL-17, TNF), made by
    effector cells and cleared within about a day.
``regulatory``
    Regulatory T cells, which expand when inflammation is present.
``anti_cytokine``
    Regulatory cytokines (for example IL-10, TGF-beta), made by regulatory
    T cells; they suppress effector cells.

The reader sets two things: the size of the antigen ``stimulus`` (a pulse that
fades over a few days, as after an infection) and the ``regulation`` strength,
how strongly each regulatory T cell and its cytokines suppress effector cells
(1 = the model's typical value). With strong regulation the response resolves
and the cells return to rest. Below a threshold, the cytokine feedback can
sustain itself after the antigen has gone: the response tips into lasting
inflammation, and it does so more easily after a larger stimulus.

What the model leaves out: antigen presentation and the lymph node, B cells
and antibodies, the many kinds of cytokine and their overlapping effects,
tissue damage, the blood-brain barrier, and all randomness. It is a teaching
model of one idea, a balance between a self-amplifying loop and its brake,
not a model of multiple sclerosis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from msbook.validation import Param

PARAMS = {
    "regulation": Param(
        "regulation", 0.2, 2.0, 1.0, "relative strength", "Regulation strength", step=0.05
    ),
    "stimulus": Param("stimulus", 0.5, 20.0, 12.0, "relative units", "Antigen stimulus", step=0.5),
    "days": Param("days", 20.0, 200.0, 60.0, "days", "Days simulated", step=10.0),
}

#: Effector level (relative to rest) above which the response counts as not resolved.
RESOLVED_LEVEL = 1.5

# Fixed rates of the teaching model (per day unless stated); chosen to show the
# mechanism, not measured.
_HOMEOSTASIS = 0.5      # return of effector cells to rest
_ACTIVATION = 2.0       # maximal activation/expansion of effector cells
_STIM_HALF = 6.0        # stimulation giving half-maximal activation
_STIM_HILL = 2          # steepness of activation (a switch: weak at rest, strong when inflamed)
_EFFECTOR_MAX = 60.0    # limit on effector cells (space, resources)
_PRO_MADE = 1.0         # pro-inflammatory cytokine made per effector cell
_PRO_CLEARED = 1.0      # clearance of pro-inflammatory cytokine
_TREG_REST = 0.5        # return of regulatory T cells to rest
_TREG_EXPAND = 0.6      # maximal expansion of regulatory T cells with inflammation
_TREG_HALF = 10.0       # pro-inflammatory cytokine giving half-maximal Treg expansion
_TREG_MAX = 6.0         # limit on regulatory T cells
_ANTI_MADE = 1.0        # regulatory cytokine made per regulatory T cell
_ANTI_CLEARED = 1.0     # clearance of regulatory cytokine
_SUPPRESSION = 0.55     # suppression per unit of regulatory cytokine at strength 1
_ANTIGEN_DECAY = 0.5    # loss of the antigen pulse


@dataclass(frozen=True)
class RegulationResult:
    """The simulated time course (``t`` in days; populations relative to rest)."""

    t: np.ndarray
    effector: np.ndarray
    pro_cytokine: np.ndarray
    regulatory: np.ndarray
    anti_cytokine: np.ndarray
    antigen: np.ndarray
    regulation: float
    stimulus: float

    @property
    def peak_effector(self) -> float:
        """Highest effector level reached (relative to rest)."""
        return float(self.effector.max())

    @property
    def final_effector(self) -> float:
        """Effector level at the end of the simulation (relative to rest)."""
        return float(self.effector[-1])

    @property
    def resolves(self) -> bool:
        """True if the effector cells are back below :data:`RESOLVED_LEVEL` at the end."""
        return self.final_effector < RESOLVED_LEVEL


def _rhs(regulation: float, stimulus: float):
    def rhs(t, y):
        e, c, r, i = np.exp(y)
        antigen = stimulus * math.exp(-_ANTIGEN_DECAY * t)
        signal = antigen + c
        stim = signal**_STIM_HILL / (signal**_STIM_HILL + _STIM_HALF**_STIM_HILL)
        d_e = (
            _HOMEOSTASIS * (1.0 - e)
            + _ACTIVATION * stim * e * (1.0 - e / _EFFECTOR_MAX)
            - regulation * _SUPPRESSION * i * (e - 1.0)
        )
        d_c = _PRO_MADE * e - _PRO_CLEARED * c
        d_r = _TREG_REST * (1.0 - r) + _TREG_EXPAND * c / (c + _TREG_HALF) * r * (1.0 - r / _TREG_MAX)
        d_i = _ANTI_MADE * r - _ANTI_CLEARED * i
        return [d_e / e, d_c / c, d_r / r, d_i / i]

    return rhs


def _resting_state(regulation: float) -> np.ndarray:
    """The resting state without antigen, as log levels.

    Even at rest a little cytokine feedback acts, so the cells settle a few per
    cent above the nominal level of 1. Each run starts from this settled state,
    and results are reported relative to it, so that 1 means "as before the
    stimulus" at every regulation strength.
    """
    sol = solve_ivp(_rhs(regulation, 0.0), (0.0, 300.0), np.zeros(4), method="LSODA", rtol=1e-10, atol=1e-12)
    return sol.y[:, -1]


def simulate_regulation(
    regulation: float = PARAMS["regulation"].default,
    stimulus: float = PARAMS["stimulus"].default,
    days: float = PARAMS["days"].default,
) -> RegulationResult:
    """Simulate an antigen pulse at day 0 and the response of effector and regulatory T cells.

    Parameters
    ----------
    regulation:
        Suppressive strength of regulatory T cells and their cytokines,
        relative to the model's typical value (0.2 to 2.0; default 1.0).
    stimulus:
        Size of the antigen pulse at day 0, relative units (0.5 to 20; default 12).
        The pulse fades with a half-life of about 1.4 days.
    days:
        Length of the simulation in days (20 to 200; default 60).

    Returns
    -------
    RegulationResult
        Time courses every 0.1 day, with ``peak_effector``, ``final_effector``
        and ``resolves``.

    Raises
    ------
    ValueError
        If a parameter is outside its range; the message names it and the range.
    """
    regulation = PARAMS["regulation"].check(regulation)
    stimulus = PARAMS["stimulus"].check(stimulus)
    days = PARAMS["days"].check(days)
    t_eval = np.round(np.arange(0.0, days + 1e-9, 0.1), 10)
    rest = _resting_state(regulation)
    sol = solve_ivp(
        _rhs(regulation, stimulus), (0.0, days), rest,
        method="LSODA", t_eval=t_eval, rtol=1e-8, atol=1e-10,
    )
    if not sol.success:  # pragma: no cover - has not happened in the allowed range
        raise RuntimeError(f"the regulation model failed to integrate: {sol.message}")
    e, c, r, i = np.exp(sol.y - rest[:, None])  # relative to the resting state
    antigen = stimulus * np.exp(-_ANTIGEN_DECAY * sol.t)
    return RegulationResult(sol.t, e, c, r, i, antigen, regulation, stimulus)
