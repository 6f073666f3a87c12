"""A teaching model of the course of MS over the years (chapter 9).

One simulated person has a disability score on the EDSS's 0-10 range (chapter 9's
disability scale), starting at 0. Two processes raise it:

Relapses
    Attacks arrive at random, as a Poisson process with a constant mean rate
    (``relapse_rate`` per year; a fixed seed makes the draws reproducible). Each
    attack adds a sudden deficit whose size varies from attack to attack (mean 1
    point). Over the following weeks a fraction ``recovery`` of it goes away; the
    rest stays for good (relapse-associated worsening).
Slow progression
    From ``progression_start`` years onwards the score also creeps up steadily by
    ``progression`` points a year, with or without relapses (progression
    independent of relapse activity).

The score is capped at 10, the top of the scale. With relapses and good
recovery the course looks relapsing-remitting; with relapses first and slow
progression later it looks secondary progressive; with progression from the
start and no relapses it looks primary progressive.

What the model leaves out, on purpose: the real EDSS moves in half-point steps
and is defined by an examination (chapter 9); relapse rates change with age,
disease duration and treatment; recovery and progression differ between
people and over time; progression in real MS is neither straight nor smooth;
there are no treatments, no MRI and no measurement error. Its numbers are
chosen to show the shapes of courses, not measured. It is a teaching model,
not a prediction for anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from msbook.validation import Param

PARAMS = {
    "relapse_rate": Param(
        "relapse_rate", 0.0, 2.0, 0.5, "per year", "Relapses per year (average)", step=0.1
    ),
    "recovery": Param(
        "recovery", 0.0, 1.0, 0.8, "fraction", "Recovery after each relapse", step=0.05,
        display_scale=100, display_unit="%", display_format=".0f",
    ),
    "progression": Param(
        "progression", 0.0, 0.4, 0.0, "points per year", "Slow progression", step=0.02
    ),
    "progression_start": Param(
        "progression_start", 0.0, 30.0, 0.0, "years", "Progression starts after", step=1
    ),
    "years": Param("years", 5.0, 40.0, 30.0, "years", "Years simulated", step=1),
    "seed": Param("seed", 0, 999, 1, "", "Random seed (which person)", step=1),
}

#: Top of the disability scale.
MAX_SCORE = 10.0
#: Time step of the simulation (years): one month.
DT = 1.0 / 12.0
#: Mean size of a relapse's sudden deficit (points). Sizes vary: gamma shape 2.
RELAPSE_MEAN = 1.0
_RELAPSE_SHAPE = 2.0
#: Time constant (years) of recovery from a relapse: about 6 weeks.
RECOVERY_TIME = 1.5 / 12.0


@dataclass(frozen=True)
class Course:
    """One simulated course: time (years), score (0-10) and the relapses."""

    t: np.ndarray
    score: np.ndarray
    relapse_times: np.ndarray
    relapse_sizes: np.ndarray
    relapse_rate: float
    recovery: float
    progression: float
    progression_start: float

    @property
    def n_relapses(self) -> int:
        return int(self.relapse_times.size)

    @property
    def final(self) -> float:
        """Score at the end of the simulation."""
        return float(self.score[-1])

    @property
    def lasting_from_relapses(self) -> float:
        """Points left behind by relapses (their unrecovered parts) by the end, before the cap."""
        return float((1.0 - self.recovery) * self.relapse_sizes.sum())

    @property
    def from_progression(self) -> float:
        """Points added by slow progression by the end, before the cap."""
        return float(self.progression * max(0.0, self.t[-1] - self.progression_start))


def _check_seed(seed: object) -> int:
    value = PARAMS["seed"].check(seed)
    if not float(value).is_integer():
        raise ValueError(f"seed must be a whole number from 0 to 999; got {seed!r}")
    return int(value)


def draw_relapses(relapse_rate: float, years: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Relapse times (years, at the start of a month) and sudden deficit sizes (points).

    The number of relapses in each month is Poisson with mean ``relapse_rate * DT``;
    the draws depend only on the rate, the length and the seed (not on recovery
    or progression), so two runs that differ only in those share their relapses.
    """
    rng = np.random.default_rng(seed)
    n_steps = int(round(years / DT))
    counts = rng.poisson(relapse_rate * DT, size=n_steps)
    times = np.repeat(np.arange(n_steps) * DT, counts)
    sizes = rng.gamma(_RELAPSE_SHAPE, RELAPSE_MEAN / _RELAPSE_SHAPE, size=times.size)
    return times, sizes


def simulate_course(
    relapse_rate: float = PARAMS["relapse_rate"].default,
    recovery: float = PARAMS["recovery"].default,
    progression: float = PARAMS["progression"].default,
    progression_start: float = PARAMS["progression_start"].default,
    years: float = PARAMS["years"].default,
    seed: int = PARAMS["seed"].default,
) -> Course:
    """Simulate one person's course, month by month.

    Parameters
    ----------
    relapse_rate:
        Average number of relapses a year (0 to 2).
    recovery:
        Fraction of each relapse's deficit that goes away again (0 = none, 1 = all).
    progression:
        Steady worsening in points a year once it has started (0 to 0.4).
    progression_start:
        Years after the start at which steady worsening begins (0 to 30).
    years:
        Length of the simulation in years (5 to 40).
    seed:
        Whole number 0 to 999 that fixes the random relapses (one "person").

    Returns
    -------
    Course
        Monthly time points from 0 to ``years`` and the score, capped at 10.
    """
    relapse_rate = PARAMS["relapse_rate"].check(relapse_rate)
    recovery = PARAMS["recovery"].check(recovery)
    progression = PARAMS["progression"].check(progression)
    progression_start = PARAMS["progression_start"].check(progression_start)
    years = PARAMS["years"].check(years)
    seed = _check_seed(seed)

    times, sizes = draw_relapses(relapse_rate, years, seed)
    t = np.arange(int(round(years / DT)) + 1) * DT
    score = progression * np.clip(t - progression_start, 0.0, None)
    for when, size in zip(times, sizes):
        since = t - when
        after = since >= 0
        lasting = (1.0 - recovery) * size
        passing = recovery * size * np.exp(-np.where(after, since, 0.0) / RECOVERY_TIME)
        score = score + np.where(after, lasting + passing, 0.0)
    score = np.minimum(score, MAX_SCORE)
    return Course(t, score, times, sizes, relapse_rate, recovery, progression, progression_start)


def simulate_many(
    n: int = 20,
    seed: int = PARAMS["seed"].default,
    **params: float,
) -> list[Course]:
    """``n`` people (1 to 100) with the same parameters and different random relapses.

    Person ``i`` uses the seed ``(seed + i) % 1000``, so the group is the same on
    every build. ``params`` are passed to :func:`simulate_course`.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 100:
        raise ValueError(f"n must be a whole number from 1 to 100; got {n!r}")
    base = _check_seed(seed)
    return [simulate_course(seed=(base + i) % 1000, **params) for i in range(n)]


#: The "many people" group of chapter 9: size, first seed and shared settings.
MANY_N = 20
MANY_SEED = 100
MANY_SETTINGS = dict(relapse_rate=0.5, recovery=0.8, progression_start=0)


def many_people(progression: float) -> list[Course]:
    """Chapter 9's group of :data:`MANY_N` people with the shared settings and the given
    steady worsening (points a year, 0 to 0.4)."""
    return simulate_many(MANY_N, MANY_SEED, progression=progression, **MANY_SETTINGS)
