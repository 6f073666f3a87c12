"""A "bathtub" teaching model of prevalence and incidence (chapter 6).

People with MS are pictured as water in a bathtub. New diagnoses (the
*incidence*) run in from the tap at a steady rate; people leave the tub
through the drain, mainly by dying of any cause (MS is not cured, and the
model ignores people moving away). The water in the tub is the number of
people living with MS (the *prevalence*). If the tap and the drain stay
the same, the level settles where inflow equals outflow:

    prevalence = incidence x average time a person stays in the tub

(the steady state, in people per 100,000 when incidence is per 100,000 per
year and time is in years). The model writes this as the differential
equation dP/dt = I - P/D, where I is the incidence and D the average time
with MS, which gives an exponential approach to the steady state I x D.

What the model is for: showing why the *counted* number of people with MS
can rise while the rate of new cases stays the same. At ``change_year`` two
things may change: people with MS may live longer (``duration_after``
instead of ``duration_before``), and a larger share of the people who have
MS may be found and counted (``counted_after`` instead of
``counted_before``: better diagnosis and better records). The incidence
itself never changes unless the reader changes it.

What it leaves out: ageing and growth of the population, that incidence
differs by age, sex and place, that survival and counting improve gradually
rather than in one step, and that the true incidence might also change. The
values of the parameters are illustrative, chosen for teaching; they are not
measured values for any population. It is a teaching model, not a forecast.
"""

from __future__ import annotations

import math

import numpy as np

from msbook.validation import Param

PARAMS = {
    "incidence": Param(
        "incidence", 0.5, 20.0, 5.0, "per 100,000 per year", "New diagnoses (incidence)", step=0.5,
    ),
    "duration_before": Param(
        "duration_before", 10.0, 60.0, 30.0, "years", "Average years with MS, before", step=1,
    ),
    "duration_after": Param(
        "duration_after", 10.0, 60.0, 40.0, "years", "Average years with MS, after", step=1,
    ),
    "counted_before": Param(
        "counted_before", 0.2, 1.0, 0.6, "fraction", "Share of cases counted, before", step=0.05,
        display_scale=100, display_unit="%", display_format=".0f",
    ),
    "counted_after": Param(
        "counted_after", 0.2, 1.0, 0.9, "fraction", "Share of cases counted, after", step=0.05,
        display_scale=100, display_unit="%", display_format=".0f",
    ),
}
#: Years the model runs, and the year in which survival and counting change.
YEARS, CHANGE_YEAR = 60, 20
#: The scenarios the chapter steps through: (label, what changes at ``CHANGE_YEAR``), starting
#: from the defaults (5 per 100,000 a year, 30 years with MS, 60% counted).
SCENARIOS = (
    ("No change", dict(duration_after=30, counted_after=0.6)),
    ("Longer lives", dict(duration_after=40, counted_after=0.6)),
    ("Better counting", dict(duration_after=30, counted_after=0.9)),
    ("Both", dict(duration_after=40, counted_after=0.9)),
)


def steady_state(incidence: float, duration: float) -> float:
    """Prevalence (per 100,000) at which inflow equals outflow: incidence x duration.

    ``incidence`` in new diagnoses per 100,000 per year (0.5 to 20);
    ``duration`` the average years a person lives with MS (10 to 60).
    """
    return PARAMS["incidence"].check(incidence) * _duration(duration)


def _duration(value: float) -> float:
    # The same range before and after: check against one Param, name the argument generically.
    return Param("duration", 10.0, 60.0, 30.0, "years", "").check(value)


def prevalence_course(
    incidence: float = PARAMS["incidence"].default,
    duration_before: float = PARAMS["duration_before"].default,
    duration_after: float = PARAMS["duration_after"].default,
    counted_before: float = PARAMS["counted_before"].default,
    counted_after: float = PARAMS["counted_after"].default,
    years: int = YEARS,
    change_year: int = CHANGE_YEAR,
) -> dict[str, np.ndarray]:
    """True and counted prevalence, year by year, when survival and counting change.

    The tub starts full at the steady state for ``duration_before``. At
    ``change_year`` the average time with MS becomes ``duration_after`` and the
    share of people with MS who are counted becomes ``counted_after``.

    Returns arrays over ``years + 1`` whole years (0 to ``years``):
    ``year``; ``true`` (people living with MS per 100,000); ``counted`` (those
    counted, per 100,000); ``incidence`` (new diagnoses per 100,000 per year,
    constant). Every input is validated against :data:`PARAMS`; ``years`` must
    be 10 to 200 and ``change_year`` 0 to ``years``.
    """
    i = PARAMS["incidence"].check(incidence)
    d0 = PARAMS["duration_before"].check(duration_before)
    d1 = PARAMS["duration_after"].check(duration_after)
    c0 = PARAMS["counted_before"].check(counted_before)
    c1 = PARAMS["counted_after"].check(counted_after)
    if isinstance(years, bool) or not isinstance(years, int) or not 10 <= years <= 200:
        raise ValueError(f"years must be a whole number from 10 to 200; got {years!r}")
    if isinstance(change_year, bool) or not isinstance(change_year, int) or not 0 <= change_year <= years:
        raise ValueError(f"change_year must be a whole number from 0 to {years}; got {change_year!r}")
    year = np.arange(years + 1)
    start = i * d0
    after = np.maximum(year - change_year, 0)
    # Exact solution of dP/dt = I - P/D with D switching from d0 to d1 at change_year.
    true = np.where(year < change_year, start, i * d1 + (start - i * d1) * np.exp(-after / d1))
    counted = true * np.where(year < change_year, c0, c1)
    return {"year": year, "true": true, "counted": counted, "incidence": np.full(year.shape, i)}


def years_to_half_way(duration: float) -> float:
    """Years the tub takes to cover half the distance to its new level: D x ln 2."""
    return _duration(duration) * math.log(2)
