"""The chapter 2 regulation model: resolution, a threshold, monotonicity, stimulus size."""

import numpy as np
import pytest

from msbook.models.regulation import PARAMS, RESOLVED_LEVEL, simulate_regulation

STRENGTHS = np.round(np.arange(0.2, 2.001, 0.1), 2)


def test_strong_regulation_returns_to_baseline():
    for regulation in (1.0, 1.5, 2.0):
        for stimulus in (0.5, 4, 12, 20):
            r = simulate_regulation(regulation=regulation, stimulus=stimulus)
            assert r.resolves, (regulation, stimulus)
            for name in ("effector", "pro_cytokine", "regulatory", "anti_cytokine"):
                assert getattr(r, name)[-1] == pytest.approx(1.0, abs=0.02), (name, regulation, stimulus)


def test_below_a_threshold_inflammation_sustains_itself():
    r = simulate_regulation(regulation=0.5, stimulus=12)
    assert not r.resolves
    assert r.final_effector > 10
    assert r.antigen[-1] < 1e-6  # the stimulus is long gone
    late = r.effector[r.t > r.t[-1] - 10]
    assert late.min() > 0.9 * late.max()  # a steady inflamed state, not a slow decay


def test_outcome_is_monotone_in_regulation_strength():
    for stimulus in (4, 8, 12, 20):
        finals = [simulate_regulation(regulation=g, stimulus=stimulus).final_effector for g in STRENGTHS]
        peaks = [simulate_regulation(regulation=g, stimulus=stimulus).peak_effector for g in STRENGTHS]
        # Resolved runs end within a hair of rest (1 +/- 1e-5 after 60 days): compare at 1e-3.
        assert all(a >= b - 1e-3 for a, b in zip(finals, finals[1:])), (stimulus, finals)
        assert all(a >= b - 1e-6 for a, b in zip(peaks, peaks[1:])), (stimulus, peaks)


def test_threshold_exists_and_larger_stimulus_tips_more_easily():
    def threshold(stimulus):
        resolving = [g for g in STRENGTHS if simulate_regulation(regulation=g, stimulus=stimulus).resolves]
        return min(resolving)

    assert threshold(12) > 0.2
    assert threshold(4) <= threshold(12) <= threshold(20)
    assert threshold(4) < threshold(20)


def test_no_stimulus_no_change_and_never_negative():
    r = simulate_regulation(regulation=0.3, stimulus=0.5)
    for name in ("effector", "pro_cytokine", "regulatory", "anti_cytokine", "antigen"):
        assert getattr(r, name).min() >= 0
    assert r.resolves and r.peak_effector < RESOLVED_LEVEL


def test_defaults_resolve_and_weaker_regulation_does_not():
    assert simulate_regulation().resolves
    assert not simulate_regulation(regulation=0.8).resolves


@pytest.mark.parametrize(
    "kwargs, name",
    [({"regulation": 0.1}, "regulation"), ({"regulation": 2.5}, "regulation"),
     ({"stimulus": 0}, "stimulus"), ({"stimulus": 25}, "stimulus"), ({"days": 5}, "days"),
     ({"regulation": float("inf")}, "regulation")],
)
def test_out_of_range_parameters_raise(kwargs, name):
    p = PARAMS[name]
    with pytest.raises(ValueError, match=rf"{name}.*{p.low:g} to {p.high:g}"):
        simulate_regulation(**kwargs)
