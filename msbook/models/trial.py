"""A teaching simulator of a two-arm randomised trial in relapsing MS (chapter 11).

Each simulated trial randomises ``n_per_arm`` people to a comparator arm and the same
number to a new treatment, and follows everyone for ``years`` years. Two endpoints:

Relapses (counts, gamma-Poisson)
    People differ: each person's own relapse rate is the arm's average rate times a
    gamma-distributed factor with mean 1 and variance ``DISPERSION`` (some people
    relapse much more often than others). The comparator arm's average rate is
    ``control_rate`` relapses a year; the treatment arm's is ``rate_ratio`` times that.
    Given the person's own rate, the number of relapses over the follow-up is Poisson.
    Counts drawn this way follow a negative binomial distribution, with variance
    ``m + DISPERSION * m**2`` for a mean count ``m``.
    Analysis: a negative binomial regression (``statsmodels``' ``NegativeBinomial``,
    which estimates the between-person variation from the data) of the count on the
    arm, with the log of follow-up as an offset. Its estimated rate ratio is the
    treatment arm's mean count divided by the comparator's; the p value is the Wald
    test of "rate ratio = 1".
Time to confirmed disability worsening (survival)
    Each person's time to a confirmed worsening is exponential, with hazard
    ``CONTROL_WORSENING`` a year on the comparator and ``hazard_ratio`` times that on
    the treatment; people without one by the end of follow-up are censored.
    Analysis: the log-rank test. :func:`logrank_p` and :func:`cox_hazard_ratio` analyse
    one trial with ``lifelines`` (the log-rank test and a Cox proportional hazards
    model); :func:`logrank_many` computes the same log-rank test for many trials at
    once, and tests check that it agrees with lifelines.

Power curves need thousands of trials, so :func:`relapse_power` uses a fast estimator
that gives the same rate ratio as the regression (the ratio of the arms' mean counts)
with the variation estimated by the method of moments; tests check it against the
regression.

What the model leaves out, on purpose: nobody drops out or switches treatment; the true
effect is the same for everyone and constant in time; relapses within a person are
independent of one another and of disability worsening; there is no MRI, no
regression to the mean, no enrolment over time and no interim analysis. The default
numbers are chosen to resemble modern relapsing MS trials, not taken from any one
trial. It is a teaching model, not a tool to design or judge a real trial.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from scipy import stats

from msbook.validation import Param, check_range

PARAMS = {
    "rate_ratio": Param(
        "rate_ratio", 0.3, 1.5, 0.7, "", "True relapse rate ratio (treatment / comparator)", step=0.05,
        display_format=".2f",
    ),
    "n_per_arm": Param("n_per_arm", 20, 1000, 200, "people", "People in each arm", step=10),
    "years": Param("years", 0.5, 3.0, 2.0, "years", "Follow-up", step=0.5),
    "control_rate": Param(
        "control_rate", 0.1, 1.5, 0.4, "relapses a year", "Relapse rate of the comparator arm", step=0.05,
        display_format=".2f",
    ),
    "hazard_ratio": Param(
        "hazard_ratio", 0.3, 1.5, 0.7, "", "True hazard ratio of disability worsening", step=0.05,
        display_format=".2f",
    ),
    "n_trials": Param("n_trials", 20, 5000, 200, "trials", "Simulated trials", step=10),
    "seed": Param("seed", 0, 999, 11, "", "Random seed", step=1),
}

#: Between-person variation of relapse rates: the variance of the gamma factor (mean 1).
#: A value chosen for illustration, of the order that relapse counts in trials show.
DISPERSION = 0.8
#: Hazard of confirmed disability worsening on the comparator (per year), chosen for
#: illustration: about 18% of people worsen in 2 years.
CONTROL_WORSENING = 0.1
#: Two-sided significance level of every test.
ALPHA = 0.05


def _whole(name: str, value: object) -> int:
    number = PARAMS[name].check(value)
    if not float(number).is_integer():
        p = PARAMS[name]
        raise ValueError(f"{name} must be a whole number from {p.low:g} to {p.high:g}; got {value!r}")
    return int(number)


def check_inputs(**values: object) -> dict:
    """Validate the named inputs (any of :data:`PARAMS`); return them as numbers."""
    out: dict = {}
    for name, value in values.items():
        if name not in PARAMS:
            raise ValueError(f"unknown parameter {name!r}; known: {sorted(PARAMS)}")
        out[name] = _whole(name, value) if name in ("n_per_arm", "n_trials", "seed") else PARAMS[name].check(value)
    return out


# ------------------------------------------------------------------ drawing the data
def draw_relapses(
    rng: np.random.Generator, n_trials: int, n_per_arm: int, years: float, control_rate: float, rate_ratio: float
) -> tuple[np.ndarray, np.ndarray]:
    """Relapse counts, shape (n_trials, n_per_arm), for the comparator and the treatment arm."""
    shape = 1.0 / DISPERSION
    out = []
    for rate in (control_rate, control_rate * rate_ratio):
        own = rng.gamma(shape, DISPERSION, size=(n_trials, n_per_arm)) * rate
        out.append(rng.poisson(own * years))
    return out[0], out[1]


def draw_worsening(
    rng: np.random.Generator, n_trials: int, n_per_arm: int, years: float, hazard_ratio: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Times (years, censored at ``years``) and event flags for the comparator and treatment arms."""
    out = []
    for hazard in (CONTROL_WORSENING, CONTROL_WORSENING * hazard_ratio):
        t = rng.exponential(1.0 / hazard, size=(n_trials, n_per_arm))
        out += [np.minimum(t, years), t <= years]
    return out[0], out[1], out[2], out[3]


# ------------------------------------------------------------------ analyses
def nb_regression(control: np.ndarray, treated: np.ndarray, years: float) -> tuple[float, float]:
    """Negative binomial regression of one trial's counts on the arm (statsmodels).

    Returns the estimated rate ratio and the two-sided Wald p value.
    """
    import statsmodels.api as sm

    y = np.concatenate([control, treated]).astype(float)
    arm = np.r_[np.zeros(control.size), np.ones(treated.size)]
    if treated.sum() == 0 or control.sum() == 0:
        # No relapse at all in one arm: the regression has no finite estimate (NaN, counted
        # as not significant and left out of the spread of estimates).
        return float("nan"), float("nan")
    exog = sm.add_constant(arm)
    offset = np.full(y.size, math.log(years))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = sm.NegativeBinomial(y, exog, offset=offset).fit(disp=0, maxiter=100)
    return float(math.exp(fit.params[1])), float(fit.pvalues[1])


def moment_test(control: np.ndarray, treated: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Fast version of :func:`nb_regression` for many trials at once (rows are trials).

    The rate ratio is the ratio of the arms' mean counts (the regression's estimate);
    its standard error on the log scale is ``sqrt(sum over arms of (1/m + k) / n)`` with
    ``k`` the between-person variation estimated by the method of moments, pooled over
    the two arms. Returns the rate ratios and two-sided p values.
    """
    control, treated = np.atleast_2d(control), np.atleast_2d(treated)
    n0, n1 = control.shape[1], treated.shape[1]
    m0, m1 = control.mean(axis=1), treated.mean(axis=1)
    v0, v1 = control.var(axis=1, ddof=1), treated.var(axis=1, ddof=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        k0 = np.where(m0 > 0, (v0 - m0) / m0**2, 0.0)
        k1 = np.where(m1 > 0, (v1 - m1) / m1**2, 0.0)
        k = np.clip(((n0 - 1) * k0 + (n1 - 1) * k1) / (n0 + n1 - 2), 0.0, None)
        se = np.sqrt((1 / m0 + k) / n0 + (1 / m1 + k) / n1)
        log_ratio = np.log(m1 / m0)
        z = log_ratio / se
    p = 2 * stats.norm.sf(np.abs(z))
    ok = (m0 > 0) & (m1 > 0)
    return np.where(ok, np.exp(log_ratio), np.nan), np.where(ok, p, np.nan)


def logrank_p(t0: np.ndarray, e0: np.ndarray, t1: np.ndarray, e1: np.ndarray) -> float:
    """Two-sided p value of the log-rank test (lifelines) for one trial."""
    from lifelines.statistics import logrank_test

    return float(logrank_test(t0, t1, event_observed_A=e0, event_observed_B=e1).p_value)


def logrank_many(t0: np.ndarray, e0: np.ndarray, t1: np.ndarray, e1: np.ndarray) -> np.ndarray:
    """Two-sided log-rank p values for many trials at once (rows are trials).

    The same test as :func:`logrank_p` (lifelines), computed for all trials together:
    at each event time the treatment arm's observed event is compared with the number
    expected from the share of people still at risk in it. Times are continuous, so
    there are no ties. Tests check it against lifelines.
    """
    t0, e0, t1, e1 = (np.atleast_2d(a) for a in (t0, e0, t1, e1))
    times = np.concatenate([t0, t1], axis=1)
    events = np.concatenate([e0, e1], axis=1).astype(bool)
    treated = np.concatenate([np.zeros_like(t0, dtype=bool), np.ones_like(t1, dtype=bool)], axis=1)
    order = np.argsort(times, axis=1, kind="stable")
    events = np.take_along_axis(events, order, axis=1)
    treated = np.take_along_axis(treated, order, axis=1)
    n = times.shape[1]
    # People at risk just before each ordered time: everyone from this position onwards.
    at_risk = n - np.arange(n)
    at_risk1 = treated[:, ::-1].cumsum(axis=1)[:, ::-1]
    share1 = at_risk1 / at_risk
    observed_minus_expected = np.sum(events * (treated - share1), axis=1)
    variance = np.sum(events * share1 * (1 - share1), axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        chi2 = observed_minus_expected**2 / variance
    return np.where(variance > 0, stats.chi2.sf(chi2, 1), 1.0)


def cox_hazard_ratio(t0: np.ndarray, e0: np.ndarray, t1: np.ndarray, e1: np.ndarray) -> float:
    """Hazard ratio (treatment / comparator) from a Cox model with the arm as its only covariate."""
    import pandas as pd
    from lifelines import CoxPHFitter

    df = pd.DataFrame({"T": np.r_[t0, t1], "E": np.r_[e0, e1].astype(int),
                       "treated": np.r_[np.zeros(t0.size), np.ones(t1.size)]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = CoxPHFitter().fit(df, duration_col="T", event_col="E")
    return float(math.exp(fit.params_["treated"]))


# ------------------------------------------------------------------ many trials
@dataclass(frozen=True)
class TrialSet:
    """Results of many simulated trials with the same settings."""

    rate_ratio: float
    hazard_ratio: float
    n_per_arm: int
    years: float
    control_rate: float
    #: Estimated relapse rate ratio and its p value, one per trial (negative binomial regression).
    estimates: np.ndarray
    p_values: np.ndarray
    #: Log-rank p value of disability worsening, one per trial (:func:`logrank_many`).
    worsening_p: np.ndarray
    #: Share of comparator-arm people with a confirmed worsening, one per trial.
    worsening_share: np.ndarray

    @property
    def n_trials(self) -> int:
        return int(self.estimates.size)

    @property
    def no_estimate(self) -> int:
        """Trials with no relapse at all in one arm, which have no finite rate ratio."""
        return int(np.sum(np.isnan(self.estimates)))

    @property
    def power(self) -> float:
        """Share of trials whose relapse analysis reached p < 0.05 (any direction)."""
        return float(np.mean(np.nan_to_num(self.p_values, nan=1.0) < ALPHA))

    @property
    def worsening_power(self) -> float:
        """Share of trials whose disability analysis (log-rank) reached p < 0.05."""
        return float(np.mean(np.nan_to_num(self.worsening_p, nan=1.0) < ALPHA))

    @property
    def middle_estimate(self) -> float:
        """Median of the estimated rate ratios."""
        return float(np.nanmedian(self.estimates))

    def estimate_range(self, inner: float = 0.95) -> tuple[float, float]:
        """The range holding the middle ``inner`` share of the estimates."""
        tail = (1 - inner) / 2 * 100
        low, high = np.nanpercentile(self.estimates, [tail, 100 - tail])
        return float(low), float(high)


def simulate_trials(
    rate_ratio: float = PARAMS["rate_ratio"].default,
    n_per_arm: int = PARAMS["n_per_arm"].default,
    years: float = PARAMS["years"].default,
    control_rate: float = PARAMS["control_rate"].default,
    hazard_ratio: float = PARAMS["hazard_ratio"].default,
    n_trials: int = PARAMS["n_trials"].default,
    seed: int = PARAMS["seed"].default,
    worsening: bool = True,
) -> TrialSet:
    """Simulate ``n_trials`` trials and analyse each as a real trial would be.

    Parameters
    ----------
    rate_ratio:
        True ratio of the treatment arm's average relapse rate to the comparator's
        (0.3 to 1.5; 1 means no effect, 0.7 a 30% relative reduction).
    n_per_arm:
        People randomised to each arm (20 to 1000, whole number).
    years:
        Follow-up of every person, in years (0.5 to 3).
    control_rate:
        Average relapses a year in the comparator arm (0.1 to 1.5).
    hazard_ratio:
        True hazard ratio of confirmed disability worsening (0.3 to 1.5).
    n_trials:
        Number of simulated trials (20 to 5000, whole number).
    seed:
        Whole number 0 to 999 that fixes the random draws.
    worsening:
        Also simulate and test disability worsening (log-rank); ``False`` skips it.

    Returns
    -------
    TrialSet
        Each trial's estimated rate ratio and p value from a negative binomial regression
        (statsmodels), and its log-rank p value for disability worsening (the test
        lifelines computes, here for all trials at once by :func:`logrank_many`).
    """
    v = check_inputs(rate_ratio=rate_ratio, n_per_arm=n_per_arm, years=years, control_rate=control_rate,
                     hazard_ratio=hazard_ratio, n_trials=n_trials, seed=seed)
    rng = np.random.default_rng(v["seed"])
    c, t = draw_relapses(rng, v["n_trials"], v["n_per_arm"], v["years"], v["control_rate"], v["rate_ratio"])
    fits = [nb_regression(c[i], t[i], v["years"]) for i in range(v["n_trials"])]
    estimates = np.array([f[0] for f in fits])
    p_values = np.array([f[1] for f in fits])
    if worsening:
        t0, e0, t1, e1 = draw_worsening(rng, v["n_trials"], v["n_per_arm"], v["years"], v["hazard_ratio"])
        w_p = logrank_many(t0, e0, t1, e1)
        share = e0.mean(axis=1)
    else:
        w_p = share = np.full(v["n_trials"], np.nan)
    return TrialSet(v["rate_ratio"], v["hazard_ratio"], v["n_per_arm"], v["years"], v["control_rate"],
                    estimates, p_values, w_p, share)


def relapse_power(
    rate_ratio: float,
    n_per_arm: int,
    years: float = PARAMS["years"].default,
    control_rate: float = PARAMS["control_rate"].default,
    n_trials: int = 1000,
    seed: int = PARAMS["seed"].default,
) -> float:
    """Share of simulated trials whose relapse analysis reaches p < 0.05 (fast estimator).

    The same simulated data as :func:`simulate_trials`, analysed with
    :func:`moment_test` instead of the regression, so that thousands of trials take a
    fraction of a second. Ranges as in :func:`simulate_trials`.
    """
    v = check_inputs(rate_ratio=rate_ratio, n_per_arm=n_per_arm, years=years, control_rate=control_rate,
                     n_trials=n_trials, seed=seed)
    rng = np.random.default_rng(v["seed"])
    c, t = draw_relapses(rng, v["n_trials"], v["n_per_arm"], v["years"], v["control_rate"], v["rate_ratio"])
    _ratio, p = moment_test(c, t)
    return float(np.mean(np.nan_to_num(p, nan=1.0) < ALPHA))


# ------------------------------------------------------------------ closed forms
def sample_size(
    rate_ratio: float,
    years: float = PARAMS["years"].default,
    control_rate: float = PARAMS["control_rate"].default,
    power: float = 0.8,
    dispersion: float = DISPERSION,
) -> int:
    """People per arm for a two-sided 5% test to reach ``power``, by the usual normal formula.

    For negative binomial counts with mean ``m = rate * years`` in each arm and variation
    ``k``, the variance of the log rate ratio is ``((1/m0 + k) + (1/m1 + k)) / n``, so
    ``n = (z_0.975 + z_power)**2 * (1/m0 + 1/m1 + 2k) / log(rate_ratio)**2``, rounded up.
    """
    rate_ratio = check_range("rate_ratio", rate_ratio, 0.3, 1.5)
    if rate_ratio == 1.0:
        raise ValueError("rate_ratio must differ from 1 for a sample size (no effect needs infinitely many)")
    years = PARAMS["years"].check(years)
    control_rate = PARAMS["control_rate"].check(control_rate)
    power = check_range("power", power, 0.5, 0.99)
    dispersion = check_range("dispersion", dispersion, 0.0, 5.0)
    m0, m1 = control_rate * years, control_rate * rate_ratio * years
    z = stats.norm.ppf(1 - ALPHA / 2) + stats.norm.ppf(power)
    return int(math.ceil(z**2 * (1 / m0 + 1 / m1 + 2 * dispersion) / math.log(rate_ratio) ** 2))


def absolute_difference(rate_ratio: float, control_rate: float) -> float:
    """Relapses a year avoided per person: ``control_rate * (1 - rate_ratio)``."""
    rate_ratio = PARAMS["rate_ratio"].check(rate_ratio)
    control_rate = PARAMS["control_rate"].check(control_rate)
    return control_rate * (1.0 - rate_ratio)
