"""Relapse rates around pregnancy (chapter 12): from published rates to what they mean.

The studies in ``msbook/data/pregnancy_relapses.csv`` report an *annualised relapse
rate*: relapses per woman per year, counted over a period (a trimester, three months
after birth) and scaled to a year. Two conversions help a reader compare them:

- :func:`relative_rate`: a period's rate as a percentage of the same study's rate
  before pregnancy, which removes the difference in baseline between studies.
- :func:`share_with_relapse`: the share of women expected to have at least one
  relapse in a period of ``months`` at a given rate, if relapses arrived at random
  at the same rate for every woman (a Poisson process):
  ``1 - exp(-rate x months / 12)``.

What the second one leaves out: women differ (some have far more relapses than
others), and a relapse may make another more or less likely. Real shares are
therefore usually a little different from this calculation; it is a teaching model
for what a rate means, not a prediction for anyone.
"""

from __future__ import annotations

import math

from msbook.data import PREGNANCY_PERIODS, PREGNANCY_STUDIES, pregnancy_relapses
from msbook.validation import Param

PARAMS = {
    "rate": Param("rate", 0.0, 3.0, 1.2, "relapses per year", "Relapse rate", step=0.05,
                  display_unit="a year"),
    "months": Param("months", 1.0, 24.0, 3.0, "months", "Length of the period", step=1),
}

#: Labels of the periods for figures and tables, in time order.
PERIOD_LABELS = {
    "before": "Before pregnancy",
    "t1": "Trimester 1",
    "t2": "Trimester 2",
    "t3": "Trimester 3",
    "pregnancy": "During pregnancy",
    "pp1": "Months 1–3 after birth",
    "pp2": "Months 4–6 after birth",
}
#: Long names of the studies.
STUDY_NAMES = {
    "PRIMS": "PRIMS (Europe, 1990s)",
    "MSBase": "MSBase (registry, 2014)",
    "Kaiser": "Kaiser (California, 2008–16)",
}


def relative_rate(rate: float, before: float) -> float:
    """``rate`` as a percentage of ``before`` (both relapses per woman per year, 0 to 10; ``before`` > 0)."""
    rate = Param("rate", 0.0, 10.0, 1.0, "relapses per year", "").check(rate)
    before = Param("before", 0.01, 10.0, 1.0, "relapses per year", "").check(before)
    return 100.0 * rate / before


def share_with_relapse(rate: float = PARAMS["rate"].default, months: float = PARAMS["months"].default) -> float:
    """Expected share (0 to 1) of women with at least one relapse in ``months`` at ``rate``.

    ``rate`` is relapses per woman per year (0 to 3), ``months`` the length of the
    period (1 to 24). Assumes every woman has the same rate and relapses arrive at
    random (Poisson): the result is ``1 - exp(-rate * months / 12)``.
    """
    rate = PARAMS["rate"].check(rate)
    months = PARAMS["months"].check(months)
    return 1.0 - math.exp(-rate * months / 12.0)


def study_rates(study: str) -> dict[str, float]:
    """The published rates of one study by period (periods with only a range are left out)."""
    return {r.period: r.value for r in pregnancy_relapses(study) if r.value is not None}


def study_ranges(study: str) -> dict[str, tuple[float, float]]:
    """The published ranges of one study by period (only where the source gives a range)."""
    return {r.period: (r.low, r.high) for r in pregnancy_relapses(study) if r.low is not None}


def relative_rates(study: str) -> dict[str, float]:
    """Each published rate of ``study`` as a percentage of its rate before pregnancy."""
    rates = study_rates(study)
    return {p: relative_rate(v, rates["before"]) for p, v in rates.items()}


__all__ = ["PARAMS", "PERIOD_LABELS", "STUDY_NAMES", "PREGNANCY_PERIODS", "PREGNANCY_STUDIES",
           "relative_rate", "share_with_relapse", "study_rates", "study_ranges", "relative_rates"]
