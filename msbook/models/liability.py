"""A liability-threshold teaching model of how risk factors combine (chapter 3).

Everyone is imagined to have a hidden *liability* to MS: the sum of many small
genetic and environmental influences, spread across people as a normal
distribution (mean 0, standard deviation 1). Only people whose liability lies
beyond a *threshold* develop MS. The threshold is placed so that a share
``baseline_risk`` of the *reference group* lie beyond it.

The reference group is people who have had Epstein-Barr virus (EBV), as most
adults have, and who have none of the other listed factors. EBV therefore
enters the model the other way round: *never* having been infected is a
protective factor, with the inverse of the published hazard ratio. (Taking
uninfected people as the reference would give everyone who has had EBV, that
is most adults, a risk about 30 times the baseline, which is far too high.)

A risk factor moves a carrier's liability by a fixed amount. The amount is
chosen so that, on its own, the factor multiplies the odds of MS by its
published ratio (taken from ``msbook/data/risk_factors.csv``). Factors then
*add on the liability scale*, the model's key assumption: several modest
shifts together move more of the distribution past the threshold.

Two copies of HLA-DRB1*15:01 are modelled as the source reports them: the
per-copy odds ratio (3.92) applies twice and the homozygote correction of the
same table (0.54, row ``hla_homozygote``) once, so that two copies alone
multiply the odds by 3.92 x 3.92 x 0.54 (about 8.3), not 3.92 squared (about
15). A second copy therefore adds much less than the first.

What it leaves out: that hazard ratios, relative risks and odds ratios are
different measures (treated alike here; they are close for a rare disease);
that the published estimates are uncertain; that factors are correlated and
may interact; timing (for example adolescence); and everything not listed.
It is a teaching model of why most people who carry risk factors never
develop MS. It is not a personal risk calculator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from scipy.stats import norm

from msbook.data import risk_factors
from msbook.validation import Param, check_range

PARAMS = {
    "baseline_risk": Param(
        "baseline_risk", 0.0005, 0.02, 0.003, "fraction of people", "Baseline risk",
        step=0.05, log_scale=True, display_scale=1000, display_unit="per 1,000", display_format=",.1f",
    ),
}


@dataclass(frozen=True)
class Factor:
    """A risk factor in the model: its published ratio and where that comes from.

    ``ratio`` is the published ratio per copy (for a gene) or for the factor;
    ``copies`` is the number of copies of an allele; ``homozygote`` is the
    published homozygote correction, applied once when ``copies`` is 2. The
    factor as a whole multiplies the odds by :attr:`odds_ratio`.
    """

    id: str
    label: str
    ratio: float
    source: str  # row id in risk_factors.csv
    copies: int = 1  # for genes: copies of the allele
    homozygote: float = 1.0  # for two copies: the homozygote correction (row hla_homozygote)

    @property
    def odds_ratio(self) -> float:
        """The factor's total odds ratio: ratio ** copies, times the homozygote term for two copies."""
        return self.ratio**self.copies * (self.homozygote if self.copies == 2 else 1.0)


def _factors() -> dict[str, Factor]:
    rows = {r.id: r for r in risk_factors(include_terms=True)}
    return {
        "hla": Factor("hla", "one copy of HLA-DRB1*15:01", rows["hla"].estimate, "hla"),
        "hla2": Factor(
            "hla2", "two copies of HLA-DRB1*15:01", rows["hla"].estimate, "hla", copies=2,
            homozygote=rows["hla_homozygote"].estimate,
        ),
        "no_ebv": Factor(
            "no_ebv", "never having had Epstein-Barr virus", 1.0 / rows["ebv"].estimate, "ebv"
        ),
        "smoking": Factor("smoking", "smoking", rows["smoking_2016"].estimate, "smoking_2016"),
        "obesity": Factor("obesity", "obesity in adolescence", rows["obesity"].estimate, "obesity"),
        "vitamin_d": Factor("vitamin_d", "high vitamin D", rows["vitamin_d"].estimate, "vitamin_d"),
    }


#: The factors a reader can combine, by id.
FACTORS = _factors()


def threshold(baseline_risk: float = PARAMS["baseline_risk"].default) -> float:
    """Liability threshold (in standard deviations) beyond which MS develops."""
    baseline_risk = PARAMS["baseline_risk"].check(baseline_risk)
    return float(norm.isf(baseline_risk))


def shift_for_ratio(ratio: float, baseline_risk: float = PARAMS["baseline_risk"].default) -> float:
    """Liability shift (standard deviations) that multiplies the odds of MS by ``ratio``.

    ``ratio`` is an odds ratio (dimensionless, 0.01 to 1000); ``baseline_risk``
    as in :data:`PARAMS`. A ratio below 1 (protective) gives a negative shift.
    """
    ratio = check_range("ratio", ratio, 0.01, 1000.0)
    t = threshold(baseline_risk)
    odds = ratio * baseline_risk / (1.0 - baseline_risk)
    risk = odds / (1.0 + odds)
    return float(t - norm.isf(risk))


def _checked(factors: Iterable[str]) -> list[Factor]:
    chosen = []
    for name in factors:
        if name not in FACTORS:
            raise ValueError(f"factors: unknown factor {name!r}; allowed: {sorted(FACTORS)}")
        chosen.append(FACTORS[name])
    ids = [f.source for f in chosen]
    if len(ids) != len(set(ids)):
        raise ValueError(f"factors: each factor may appear once (hla and hla2 are exclusive); got {list(factors)}")
    return chosen


def total_shift(factors: Iterable[str] = (), baseline_risk: float = PARAMS["baseline_risk"].default) -> float:
    """Sum of the liability shifts of the given factors (standard deviations).

    Each factor's shift is the one that, on its own, multiplies the odds by the
    factor's total :attr:`Factor.odds_ratio` (for two copies of HLA-DRB1*15:01,
    the per-copy ratio twice times the homozygote term).
    """
    return sum(shift_for_ratio(f.odds_ratio, baseline_risk) for f in _checked(factors))


def absolute_risk(factors: Iterable[str] = (), baseline_risk: float = PARAMS["baseline_risk"].default) -> float:
    """Share of people with the given factors who develop MS in the model (0 to 1).

    ``factors`` are ids of :data:`FACTORS` (e.g. ``["hla", "smoking"]``);
    ``baseline_risk`` is the share of the reference group (people who have had
    EBV and have none of the other factors) who develop MS (0.0005 to 0.02;
    default 0.003, an assumption for teaching). Raises ``ValueError`` for an unknown or
    repeated factor or an out-of-range baseline.
    """
    factors = list(factors)
    return float(norm.sf(threshold(baseline_risk) - total_shift(factors, baseline_risk)))


def relative_risk(factors: Iterable[str] = (), baseline_risk: float = PARAMS["baseline_risk"].default) -> float:
    """Absolute risk with the factors divided by the baseline risk (dimensionless)."""
    return absolute_risk(factors, baseline_risk) / PARAMS["baseline_risk"].check(baseline_risk)


def per_thousand(risk: float) -> int:
    """Of 1,000 people at this risk (0 to 1), how many develop MS (rounded)."""
    check_range("risk", risk, 0.0, 1.0)
    return int(round(1000 * risk))
