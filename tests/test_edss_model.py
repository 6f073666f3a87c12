"""The chapter 9 EDSS teaching calculator against Kurtzke's (1983) step definitions: the anchor
cases of each step, the Cerebral grade 1 exception, monotonic in every grade and in walking,
and inputs validated."""

import itertools

import pytest

from msbook.models.edss import ANCHORS, MAX_GRADE, PARAMS, SYSTEMS, WALKING, edss_step, fs_step

# (grades, expected step) for a person who walks 500 m or more: Kurtzke's definitions one by one.
ANCHOR_CASES = [
    ({}, 0.0),
    ({"cerebral": 1}, 0.0),  # "Cerebral grade 1 acceptable"
    ({"sensory": 1}, 1.0),
    ({"sensory": 1, "cerebral": 1}, 1.0),  # the Cerebral grade 1 is not counted
    ({"sensory": 1, "pyramidal": 1}, 1.5),
    ({"visual": 2}, 2.0),
    ({"visual": 2, "sensory": 1, "pyramidal": 1}, 2.0),  # others 0 or 1
    ({"visual": 2, "pyramidal": 2}, 2.5),
    ({"pyramidal": 3}, 3.0),
    ({"pyramidal": 2, "sensory": 2, "visual": 2}, 3.0),  # three FS grade 2
    ({"pyramidal": 2, "sensory": 2, "visual": 2, "cerebellar": 2}, 3.0),  # four FS grade 2
    ({"pyramidal": 3, "sensory": 2}, 3.5),
    ({"pyramidal": 3, "sensory": 2, "visual": 2}, 3.5),
    ({"pyramidal": 3, "cerebellar": 3}, 3.5),
    ({s: 2 for s in SYSTEMS[:5]}, 3.5),  # five FS grade 2
    ({"pyramidal": 4}, 4.0),
    ({"pyramidal": 4, "sensory": 1, "visual": 1}, 4.0),
    ({"pyramidal": 3, "sensory": 2, "visual": 2, "cerebellar": 2}, 4.0),  # beyond 3.5
    ({s: 2 for s in SYSTEMS[:6]}, 4.0),  # six FS grade 2: beyond 3.5
    ({"pyramidal": 3, "cerebellar": 3, "visual": 2}, 4.0),
]


@pytest.mark.parametrize("grades, step", ANCHOR_CASES)
def test_step_definitions_for_unrestricted_walking(grades, step):
    assert edss_step(0, **grades).step == step


def test_walking_levels_give_kurtzkes_steps_above_four():
    expected = [4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 9.5]
    assert [edss_step(level).step for level in range(1, len(WALKING))] == expected
    # Kurtzke's walking distances: about 500 m at 4.0, 300 m at 4.5, 200 m at 5.0, 100 m at 5.5.
    assert "500 m" in WALKING[0][1] and "300 m" in WALKING[1][1]
    assert "200 m" in WALKING[2][1] and "100 m" in WALKING[3][1] and "20 m" in WALKING[5][1]


def test_every_step_has_an_anchor_description():
    # Kurtzke's scale: 0, then 1.0 to 9.5 in half-steps, then 10 (there is no 0.5).
    steps = {0.0, 10.0} | {x / 2 for x in range(2, 20)}
    assert set(ANCHORS) == steps
    for level in range(len(WALKING)):
        assert edss_step(level, pyramidal=2).anchor


def _all_profiles():
    return itertools.product(range(MAX_GRADE + 1), repeat=len(SYSTEMS))


def test_monotonic_in_every_grade():
    """Raising any one grade by one never lowers the step (all 78,125 profiles)."""
    for grades in _all_profiles():
        base = fs_step(dict(zip(SYSTEMS, grades))).step
        for i, g in enumerate(grades):
            if g < MAX_GRADE:
                higher = list(grades)
                higher[i] += 1
                assert fs_step(dict(zip(SYSTEMS, higher))).step >= base, (grades, i)


def test_grades_alone_never_exceed_four_and_walking_never_lowers_the_step():
    for grades in itertools.islice(_all_profiles(), 0, None, 97):
        profile = dict(zip(SYSTEMS, grades))
        steps = [edss_step(level, **profile).step for level in range(len(WALKING))]
        assert steps[0] <= 4.0
        assert steps == sorted(steps), profile
        assert all(s >= steps[0] for s in steps)


def test_beyond_the_defined_combinations_is_flagged():
    result = edss_step(0, pyramidal=4, cerebellar=4)
    assert result.step == 4.0 and result.note
    assert not edss_step(0, pyramidal=4).note


@pytest.mark.parametrize("name", list(PARAMS))
def test_out_of_range_inputs_are_refused_by_name(name):
    p = PARAMS[name]
    for bad in (p.low - 1, p.high + 1, 1.5, float("nan"), "2", True):
        with pytest.raises(ValueError, match=name):
            edss_step(**{name: bad})


def test_unknown_system_is_refused():
    with pytest.raises(ValueError, match="unknown functional systems"):
        fs_step({"other": 1})
