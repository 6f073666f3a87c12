"""The chapter 11 trial simulator against closed-form expectations.

Tolerances are set from the Monte Carlo error: a share p estimated from N simulated trials has a
standard error sqrt(p (1 - p) / N), and each check allows about four standard errors (plus, for the
power formula, a small allowance for the normal approximation it rests on), so that a correct
simulator fails by chance far less than once in a thousand runs, while a wrong one (a test at the
wrong level, a biased estimate, a formula off by a factor) fails.
"""

import math

import numpy as np
import pytest

from msbook.models.trial import (
    ALPHA,
    CONTROL_WORSENING,
    DISPERSION,
    PARAMS,
    absolute_difference,
    cox_hazard_ratio,
    draw_relapses,
    draw_worsening,
    logrank_many,
    logrank_p,
    moment_test,
    nb_regression,
    relapse_power,
    sample_size,
    simulate_trials,
)


def mc_tolerance(p: float, n: int, k: float = 4.0) -> float:
    return k * math.sqrt(p * (1 - p) / n)


# ------------------------------------------------------------------ the data
def test_relapse_counts_have_the_negative_binomial_mean_and_variance():
    rng = np.random.default_rng(0)
    control, treated = draw_relapses(rng, 1, 200_000, 2.0, 0.5, 0.6)
    for counts, rate in ((control[0], 0.5), (treated[0], 0.3)):
        m = rate * 2.0
        assert counts.mean() == pytest.approx(m, rel=0.01)
        assert counts.var() == pytest.approx(m + DISPERSION * m**2, rel=0.03)


def test_worsening_times_follow_the_exponential_model():
    rng = np.random.default_rng(1)
    t0, e0, t1, e1 = draw_worsening(rng, 1, 200_000, 2.0, 0.5)
    assert e0.mean() == pytest.approx(1 - math.exp(-CONTROL_WORSENING * 2), abs=0.005)
    assert e1.mean() == pytest.approx(1 - math.exp(-CONTROL_WORSENING * 0.5 * 2), abs=0.005)
    assert t0.max() <= 2.0 and np.all(t0[~e0] == 2.0)


# ------------------------------------------------------------------ the analyses
def test_fast_estimator_agrees_with_the_negative_binomial_regression():
    rng = np.random.default_rng(2)
    control, treated = draw_relapses(rng, 60, 150, 2.0, 0.4, 0.75)
    ratios, p_fast = moment_test(control, treated)
    fits = [nb_regression(control[i], treated[i], 2.0) for i in range(60)]
    # The regression's rate ratio is exactly the ratio of the arms' mean counts.
    assert np.allclose(ratios, [f[0] for f in fits], rtol=1e-5)
    p_glm = np.array([f[1] for f in fits])
    assert np.max(np.abs(p_fast - p_glm)) < 0.05
    agree = np.mean((p_fast < ALPHA) == (p_glm < ALPHA))
    assert agree >= 0.9


def test_vectorised_logrank_equals_lifelines():
    rng = np.random.default_rng(3)
    t0, e0, t1, e1 = draw_worsening(rng, 15, 120, 2.0, 0.7)
    fast = logrank_many(t0, e0, t1, e1)
    slow = [logrank_p(t0[i], e0[i], t1[i], e1[i]) for i in range(15)]
    assert np.allclose(fast, slow, atol=1e-9)


def test_cox_model_recovers_a_large_effect():
    rng = np.random.default_rng(4)
    t0, e0, t1, e1 = draw_worsening(rng, 1, 4000, 3.0, 0.5)
    # About 1,000 events: the log hazard ratio's standard error is about 0.07.
    assert math.log(cox_hazard_ratio(t0[0], e0[0], t1[0], e1[0])) == pytest.approx(math.log(0.5), abs=0.25)


# ------------------------------------------------------------------ closed forms
@pytest.mark.parametrize("ratio, rate", [(0.7, 0.4), (0.5, 0.8), (0.8, 0.6)])
def test_power_is_near_nominal_at_the_formula_sample_size(ratio, rate):
    n = sample_size(ratio, years=2.0, control_rate=rate, power=0.8)
    trials = 2000
    power = relapse_power(ratio, n, years=2.0, control_rate=rate, n_trials=trials, seed=7)
    # Monte Carlo error (4 standard errors, about 0.036) plus 0.03 for the normal approximation.
    assert abs(power - 0.8) < mc_tolerance(0.8, trials) + 0.03, (ratio, rate, n, power)


def test_false_positive_rate_is_near_five_percent_with_no_effect():
    trials = 4000
    fp = relapse_power(1.0, 200, n_trials=trials, seed=8)
    assert abs(fp - ALPHA) < mc_tolerance(ALPHA, trials)


def test_regression_and_logrank_keep_the_five_percent_level():
    trials = 300
    s = simulate_trials(rate_ratio=1.0, hazard_ratio=1.0, n_per_arm=150, n_trials=trials, seed=9)
    for share in (s.power, s.worsening_power):
        assert abs(share - ALPHA) < mc_tolerance(ALPHA, trials) + 0.01


def test_estimated_rate_ratio_is_nearly_unbiased():
    rng = np.random.default_rng(10)
    control, treated = draw_relapses(rng, 3000, 300, 2.0, 0.4, 0.7)
    ratios, _p = moment_test(control, treated)
    logs = np.log(ratios)
    se = logs.std() / math.sqrt(logs.size)
    assert abs(logs.mean() - math.log(0.7)) < 4 * se + 0.01
    assert np.median(ratios) == pytest.approx(0.7, abs=0.02)


def test_power_grows_with_size_effect_and_relapse_rate():
    small = relapse_power(0.7, 50, n_trials=1000, seed=3)
    large = relapse_power(0.7, 500, n_trials=1000, seed=3)
    assert large > small + 0.4
    assert relapse_power(0.5, 200, n_trials=1000, seed=3) > relapse_power(0.85, 200, n_trials=1000, seed=3)
    assert sample_size(0.7, control_rate=0.2) > sample_size(0.7, control_rate=0.8)
    assert sample_size(0.8) > sample_size(0.7) > sample_size(0.5)


def test_sample_size_formula_matches_its_definition():
    m0, m1 = 0.4 * 2, 0.4 * 0.7 * 2
    z = 1.959964 + 0.841621
    expected = z**2 * (1 / m0 + 1 / m1 + 2 * DISPERSION) / math.log(0.7) ** 2
    assert sample_size(0.7, 2.0, 0.4) == math.ceil(expected)


def test_trial_set_summaries():
    s = simulate_trials(n_trials=40, n_per_arm=100, seed=1)
    assert s.n_trials == 40 and 0 <= s.power <= 1 and 0 <= s.worsening_power <= 1
    low, high = s.estimate_range()
    assert low <= s.middle_estimate <= high
    assert absolute_difference(0.55, 0.29) == pytest.approx(0.29 * 0.45)


# ------------------------------------------------------------------ determinism
def test_same_seed_same_results_and_different_seed_different():
    a = simulate_trials(n_trials=30, n_per_arm=80, seed=5)
    b = simulate_trials(n_trials=30, n_per_arm=80, seed=5)
    c = simulate_trials(n_trials=30, n_per_arm=80, seed=6)
    assert np.array_equal(a.estimates, b.estimates) and np.array_equal(a.worsening_p, b.worsening_p)
    assert not np.array_equal(a.estimates, c.estimates)
    assert relapse_power(0.7, 100, n_trials=200, seed=4) == relapse_power(0.7, 100, n_trials=200, seed=4)


# ------------------------------------------------------------------ validation
@pytest.mark.parametrize("name", ["rate_ratio", "n_per_arm", "years", "control_rate", "hazard_ratio", "n_trials", "seed"])
def test_out_of_range_inputs_name_the_parameter_and_range(name):
    p = PARAMS[name]
    for bad in (p.low - 1, p.high + 1, float("nan"), True, "1"):
        with pytest.raises(ValueError, match=name):
            simulate_trials(**{name: bad})


def test_counts_must_be_whole_numbers():
    for name in ("n_per_arm", "n_trials", "seed"):
        with pytest.raises(ValueError, match=f"{name} must be a whole number"):
            simulate_trials(**{name: PARAMS[name].default + 0.5})


def test_other_functions_validate_too():
    with pytest.raises(ValueError, match="rate_ratio"):
        sample_size(1.0)
    with pytest.raises(ValueError, match="power"):
        sample_size(0.7, power=0.3)
    with pytest.raises(ValueError, match="control_rate"):
        relapse_power(0.7, 100, control_rate=5)
    with pytest.raises(ValueError, match="rate_ratio"):
        absolute_difference(2.0, 0.3)


def test_a_trial_with_no_relapse_in_an_arm_has_no_estimate():
    ratio, p = nb_regression(np.zeros(20, dtype=int), np.array([0, 1] * 10), 1.0)
    assert math.isnan(ratio) and math.isnan(p)
    s = simulate_trials(rate_ratio=0.7, n_per_arm=20, years=0.5, control_rate=0.1, n_trials=100, seed=11)
    assert s.no_estimate > 0
    low, high = s.estimate_range()
    assert 0.01 < low <= high < 100  # no absurd ratios from empty arms
