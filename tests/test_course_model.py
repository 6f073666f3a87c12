"""The chapter 9 disease-course teaching model: flat without disease, monotone in progression and
recovery, capped at 10, reproducible with a seed, and inputs validated."""

import itertools

import numpy as np
import pytest

from msbook.models.course import (
    DT,
    MAX_SCORE,
    PARAMS,
    RELAPSE_MEAN,
    draw_relapses,
    simulate_course,
    simulate_many,
)


def test_no_relapses_and_no_progression_is_flat_at_zero():
    for seed in (0, 1, 500, 999):
        c = simulate_course(relapse_rate=0, progression=0, seed=seed)
        assert c.n_relapses == 0
        assert np.all(c.score == 0)


def test_progression_alone_is_a_straight_line_from_its_start():
    c = simulate_course(relapse_rate=0, progression=0.2, progression_start=10, years=30)
    before = c.t <= 10
    assert np.all(c.score[before] == 0)
    assert c.final == pytest.approx(0.2 * 20)
    slopes = np.diff(c.score[c.t > 10]) / DT
    assert np.allclose(slopes, 0.2)


def test_more_progression_gives_a_higher_score_everywhere():
    for seed in (1, 2, 3):
        rates = np.arange(0, 0.41, 0.04)
        courses = [simulate_course(relapse_rate=0.5, progression=p, seed=seed) for p in rates]
        for a, b in zip(courses, courses[1:]):
            assert np.all(b.score >= a.score)
            assert b.final > a.final or b.final == MAX_SCORE


def test_better_recovery_leaves_less_behind():
    for seed in (4, 5, 6):
        courses = [simulate_course(relapse_rate=1.0, recovery=r, seed=seed) for r in np.linspace(0, 1, 11)]
        finals = [c.final for c in courses]
        assert all(a >= b for a, b in zip(finals, finals[1:])), finals
        assert courses[0].n_relapses > 0


def test_full_recovery_returns_to_baseline_after_each_relapse():
    c = simulate_course(relapse_rate=0.3, recovery=1.0, progression=0, seed=8, years=40)
    assert c.n_relapses > 0
    assert c.score.max() > 0.1  # each relapse is visible...
    late = c.t > c.relapse_times.max() + 1.5  # ...and gone a year and a half later
    assert np.all(c.score[late] < 0.01)


def test_relapse_spikes_then_partly_recovers():
    c = simulate_course(relapse_rate=0.3, recovery=0.5, progression=0, seed=11, years=20)
    first, size = c.relapse_times[0], c.relapse_sizes[0]
    at = int(round(first / DT))
    assert c.score[at] == pytest.approx(size, rel=1e-9)
    settled = c.score[(c.t > first + 1) & (c.t < (c.relapse_times[1] if c.n_relapses > 1 else 99))]
    assert np.allclose(settled, 0.5 * size, rtol=0.02)


def test_score_is_capped_at_ten():
    c = simulate_course(relapse_rate=2.0, recovery=0.0, progression=0.4, years=40, seed=1)
    assert c.score.max() == MAX_SCORE
    assert np.all(c.score <= MAX_SCORE)
    for combo in itertools.product((0, 2.0), (0, 1.0), (0, 0.4)):
        s = simulate_course(*combo, years=40, seed=2).score
        assert np.all((s >= 0) & (s <= MAX_SCORE))


def test_same_seed_same_course_and_different_seeds_differ():
    a = simulate_course(relapse_rate=0.8, seed=42)
    b = simulate_course(relapse_rate=0.8, seed=42)
    assert np.array_equal(a.score, b.score)
    assert np.array_equal(a.relapse_times, b.relapse_times)
    others = [simulate_course(relapse_rate=0.8, seed=s).relapse_times for s in range(43, 53)]
    assert any(not np.array_equal(a.relapse_times, o) for o in others)


def test_relapse_counts_follow_the_rate_on_average():
    rate, years = 0.5, 40
    counts = [draw_relapses(rate, years, seed)[0].size for seed in range(400)]
    # Poisson: mean rate * years = 20, standard error of the mean of 400 about 0.22.
    assert np.mean(counts) == pytest.approx(rate * years, abs=1.0)
    sizes = np.concatenate([draw_relapses(rate, years, seed)[1] for seed in range(200)])
    assert sizes.mean() == pytest.approx(RELAPSE_MEAN, rel=0.08)


def test_many_people_are_reproducible_and_varied():
    group = simulate_many(20, seed=100, relapse_rate=0.5, progression=0.1)
    again = simulate_many(20, seed=100, relapse_rate=0.5, progression=0.1)
    assert all(np.array_equal(a.score, b.score) for a, b in zip(group, again))
    finals = [c.final for c in group]
    assert max(finals) - min(finals) > 1.0  # same settings, different courses


@pytest.mark.parametrize("name", ["relapse_rate", "recovery", "progression", "progression_start", "years", "seed"])
def test_out_of_range_inputs_are_refused_by_name(name):
    p = PARAMS[name]
    for bad in (p.low - 1, p.high + 1, float("nan"), "1", True):
        with pytest.raises(ValueError, match=name):
            simulate_course(**{name: bad})


def test_seed_and_group_size_must_be_whole_numbers():
    with pytest.raises(ValueError, match="seed"):
        simulate_course(seed=1.5)
    for bad in (0, 101, 2.0, True):
        with pytest.raises(ValueError, match="n must"):
            simulate_many(bad)
