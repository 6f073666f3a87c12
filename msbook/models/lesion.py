"""A teaching model of one MS lesion over time: attack, demyelination, repair and loss (chapter 5).

The model follows the nerve fibres in one small patch of white matter after an
immune attack. Every fibre is in exactly one of four states, and the four
fractions always add up to 1:

``intact``
    The axon and its original myelin are intact.
``demyelinated``
    The axon survives but has lost its myelin.
``remyelinated``
    The axon survives and has been given new (thinner) myelin by new
    oligodendrocytes: in a lesion where most fibres are remyelinated, a
    "shadow plaque".
``axon_lost``
    The axon has been cut or has degenerated. This state is permanent: the
    model has no way back from it, as the central nervous system of an adult
    regrows almost no lost axons.

A fifth quantity, ``inflammation`` (relative units, 0 = none), drives the
changes. It follows a single pulse that peaks about 3 weeks after the attack
begins and then fades, plus an optional low, steady "smouldering" level that
never fades (a teaching stand-in for the chronic active edge of some lesions).

The rules (all rates per week):

* Inflammation strips myelin, from original and from new myelin alike, at a rate
  proportional to the inflammation.
* A demyelinated axon is lost at a rate that rises with inflammation (axons cut
  in the attack) plus a small steady rate (a bare axon lacks the support that
  myelin and oligodendrocytes give it).
* Demyelinated axons are remyelinated at a rate set by the repair capacity, which
  falls with age (it halves every :data:`REPAIR_HALVING_YEARS` years after age 20)
  and is held back while inflammation is high.

What the model leaves out: the immune cells themselves (T cells, B cells,
macrophages appear only as one "inflammation" number), oligodendrocyte
progenitor cells and their numbers, the size and place of the lesion, the glial
scar, new attacks on the same place, treatment, and all randomness. Every rate
is chosen to show the mechanism, not measured: it is a teaching model, not a
model of any person's lesion, and its numbers are not predictions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from msbook.validation import Param

PARAMS = {
    "attack": Param("attack", 0.2, 2.0, 1.0, "relative strength", "Strength of attack", step=0.1),
    "repair": Param("repair", 0.0, 2.0, 1.0, "relative capacity", "Repair capacity", step=0.1),
    "age": Param("age", 20.0, 70.0, 30.0, "years", "Age", step=5.0),
    "smoulder": Param(
        "smoulder", 0.0, 0.3, 0.0, "relative units", "Smouldering inflammation", step=0.05
    ),
    "weeks": Param("weeks", 26.0, 260.0, 104.0, "weeks", "Weeks simulated", step=26.0),
}

#: Years over which the model's repair capacity halves, after age 20 (an assumption).
REPAIR_HALVING_YEARS = 15.0

# Fixed rates of the teaching model (per week unless stated); chosen to show the
# mechanism, not measured.
_PEAK_WEEK = 3.0        # week at which the inflammatory pulse peaks
_STRIP = 0.28           # myelin stripped per week per unit of inflammation
_CUT = 0.03             # demyelinated axons lost per week per unit of inflammation
_BARE_LOSS = 0.003      # demyelinated axons lost per week without inflammation
_REPAIR = 0.05          # remyelination per week at repair 1, age 20, no inflammation
_REPAIR_BRAKE = 0.25    # inflammation that halves remyelination


@dataclass(frozen=True)
class LesionResult:
    """The simulated course of one lesion (``t`` in weeks; fractions of the fibres)."""

    t: np.ndarray
    inflammation: np.ndarray
    intact: np.ndarray
    demyelinated: np.ndarray
    remyelinated: np.ndarray
    axon_lost: np.ndarray
    attack: float
    repair: float
    age: float
    smoulder: float

    @property
    def peak_demyelinated(self) -> float:
        """Largest fraction of fibres demyelinated at any one time."""
        return float(self.demyelinated.max())

    def final(self) -> dict[str, float]:
        """The four fractions at the end of the simulation."""
        return {
            "intact": float(self.intact[-1]),
            "demyelinated": float(self.demyelinated[-1]),
            "remyelinated": float(self.remyelinated[-1]),
            "axon_lost": float(self.axon_lost[-1]),
        }


def repair_factor(age: float) -> float:
    """The model's repair capacity at ``age`` (20 to 70 years) relative to age 20.

    It halves every :data:`REPAIR_HALVING_YEARS` years: an assumption that stands for
    the slower remyelination seen in older animals, not a measured human rate.
    """
    age = PARAMS["age"].check(age)
    return 2.0 ** (-(age - 20.0) / REPAIR_HALVING_YEARS)


def inflammation_at(t: np.ndarray | float, attack: float, smoulder: float) -> np.ndarray:
    """Inflammation at week(s) ``t``: a pulse of height ``attack`` at week 3, plus ``smoulder``."""
    t = np.asarray(t, dtype=float)
    x = t / _PEAK_WEEK
    return attack * x * np.exp(1.0 - x) + smoulder


def simulate_lesion(
    attack: float = PARAMS["attack"].default,
    repair: float = PARAMS["repair"].default,
    age: float = PARAMS["age"].default,
    smoulder: float = PARAMS["smoulder"].default,
    weeks: float = PARAMS["weeks"].default,
) -> LesionResult:
    """Simulate one lesion from the start of an attack (week 0).

    Parameters
    ----------
    attack:
        Strength of the immune attack: the height of the inflammatory pulse,
        relative to the model's typical lesion (0.2 to 2.0; default 1.0).
    repair:
        Repair capacity, relative to the model's typical value (0 to 2; default 1;
        0 means no remyelination at all).
    age:
        Age of the person in years (20 to 70; default 30). Repair capacity halves
        every 15 years after age 20 (see :func:`repair_factor`).
    smoulder:
        A low, steady inflammation that never fades, relative units (0 to 0.3;
        default 0, none).
    weeks:
        Length of the simulation in weeks (26 to 260; default 104, two years).

    Returns
    -------
    LesionResult
        Weekly values (every 0.5 week) of the inflammation and of the four
        fractions, which add up to 1 at every time.

    Raises
    ------
    ValueError
        If a parameter is outside its range; the message names it and the range.
    """
    attack = PARAMS["attack"].check(attack)
    repair = PARAMS["repair"].check(repair)
    age = PARAMS["age"].check(age)
    smoulder = PARAMS["smoulder"].check(smoulder)
    weeks = PARAMS["weeks"].check(weeks)
    remyelinate = _REPAIR * repair * repair_factor(age)

    def rhs(t, y):
        intact, demyelinated, remyelinated, _lost = y
        inflamed = float(inflammation_at(t, attack, smoulder))
        stripped_intact = _STRIP * inflamed * intact
        stripped_new = _STRIP * inflamed * remyelinated
        repaired = remyelinate * demyelinated / (1.0 + inflamed / _REPAIR_BRAKE)
        lost = (_CUT * inflamed + _BARE_LOSS) * demyelinated
        return [
            -stripped_intact,
            stripped_intact + stripped_new - repaired - lost,
            repaired - stripped_new,
            lost,
        ]

    t_eval = np.round(np.arange(0.0, weeks + 1e-9, 0.5), 10)
    sol = solve_ivp(rhs, (0.0, weeks), [1.0, 0.0, 0.0, 0.0], method="LSODA", t_eval=t_eval,
                    rtol=1e-9, atol=1e-12, max_step=0.5)
    if not sol.success:  # pragma: no cover - has not happened in the allowed range
        raise RuntimeError(f"the lesion model failed to integrate: {sol.message}")
    intact, demyelinated, remyelinated, lost = np.clip(sol.y, 0.0, 1.0)
    # Axonal loss is cumulative: guard against round-off making it dip by 1e-15.
    lost = np.maximum.accumulate(lost)
    return LesionResult(
        t=sol.t,
        inflammation=inflammation_at(sol.t, attack, smoulder),
        intact=intact,
        demyelinated=demyelinated,
        remyelinated=remyelinated,
        axon_lost=lost,
        attack=attack,
        repair=repair,
        age=age,
        smoulder=smoulder,
    )


def percent(fraction: float) -> int:
    """A fraction as a whole percentage, for the text (e.g. 0.734 -> 73)."""
    if not 0.0 <= fraction <= 1.0 + 1e-9 or math.isnan(fraction):
        raise ValueError(f"fraction must be 0 to 1; got {fraction!r}")
    return int(round(100 * fraction))
