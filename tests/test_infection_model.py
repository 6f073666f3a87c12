"""The chapter 1 infection model: its defining behaviour over the whole allowed range."""

import itertools

import numpy as np
import pytest

from msbook.models.infection import CLEARANCE_LEVEL, PARAMS, simulate_infection

DOSES = (1, 10, 100, 1000)
GROWTH = (0.5, 1.0, 2.0, 3.0)
REEXPOSURE = (30, 90, 150)


def grid():
    for dose, growth, day in itertools.product(DOSES, GROWTH, REEXPOSURE):
        yield simulate_infection(dose=dose, growth_rate=growth, reexposure_day=day, days=min(240, day + 90))


@pytest.fixture(scope="module")
def runs():
    return list(grid())


def test_populations_are_never_negative(runs):
    for r in runs:
        for name in ("pathogen", "innate", "effector", "memory", "antigen"):
            values = getattr(r, name)
            assert np.all(np.isfinite(values)), name
            assert values.min() >= 0.0, (name, r.dose, r.growth_rate)


def test_secondary_response_peaks_earlier_and_higher(runs):
    for r in runs:
        (day1, size1), (day2, size2) = r.effector_peak(), r.effector_peak(secondary=True)
        context = f"dose={r.dose}, growth={r.growth_rate}, reexposure={r.reexposure_day}"
        assert day2 < day1, context
        assert size2 > size1, context


def test_second_exposure_is_cleared_faster_with_less_pathogen(runs):
    for r in runs:
        assert r.clearance_day(secondary=True) < r.clearance_day(), r.dose
        assert r.pathogen_peak(secondary=True) <= r.pathogen_peak()


def test_primary_response_takes_one_to_three_weeks():
    day, _size = simulate_infection().effector_peak()
    assert 7 <= day <= 21


def test_memory_forms_and_persists_between_exposures():
    r = simulate_infection(reexposure_day=100, days=150)
    before = r.memory[(r.t > 90) & (r.t < 100)]
    assert before.min() > 100 * r.memory[r.t < 1].max() + 1.0


def test_pathogen_is_cleared_and_set_to_zero():
    r = simulate_infection()
    cleared = r.pathogen == 0.0
    assert cleared.any()
    # Once cleared (before the second exposure), it stays at zero until re-exposure.
    first_zero = np.argmax(cleared)
    assert np.all(r.pathogen[first_zero:][r.t[first_zero:] < r.reexposure_day] == 0.0)
    assert r.pathogen[cleared.argmax() - 1] >= CLEARANCE_LEVEL


def test_larger_dose_gives_earlier_primary_peak_of_pathogen():
    low = simulate_infection(dose=1)
    high = simulate_infection(dose=1000)
    t_low = low.t[np.argmax(low.pathogen * (low.t < 60))]
    t_high = high.t[np.argmax(high.pathogen * (high.t < 60))]
    assert t_high < t_low


def test_deterministic():
    a, b = simulate_infection(dose=33, growth_rate=2.2), simulate_infection(dose=33, growth_rate=2.2)
    assert np.array_equal(a.effector, b.effector)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"dose": 0.5}, "dose"),
        ({"dose": 1001}, "dose"),
        ({"growth_rate": 0.0}, "growth_rate"),
        ({"growth_rate": 3.5}, "growth_rate"),
        ({"reexposure_day": 10}, "reexposure_day"),
        ({"days": 500}, "days"),
        ({"dose": float("nan")}, "dose"),
    ],
)
def test_out_of_range_parameters_raise_naming_the_parameter(kwargs, name):
    p = PARAMS[name]
    with pytest.raises(ValueError) as error:
        simulate_infection(**kwargs)
    assert name in str(error.value)
    assert f"{p.low:g} to {p.high:g}" in str(error.value)


def test_reexposure_must_leave_time_to_respond():
    with pytest.raises(ValueError, match=r"reexposure_day=150 .*\(days=120\).*30 to 110 days"):
        simulate_infection(reexposure_day=150, days=120)


def test_time_grid():
    r = simulate_infection(days=80, reexposure_day=40)
    assert r.t[0] == 0.0 and r.t[-1] == pytest.approx(80.0)
    assert np.allclose(np.diff(r.t), 0.1)
