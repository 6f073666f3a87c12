import math

import pytest

from msbook.validation import Param, check_range


def test_check_range_accepts_the_ends_and_returns_float():
    assert check_range("dose", 1, 1, 10) == 1.0
    assert isinstance(check_range("dose", 10, 1, 10), float)


@pytest.mark.parametrize("value", [0.999, 10.01, -5, 1e9])
def test_out_of_range_names_parameter_and_range(value):
    with pytest.raises(ValueError) as error:
        check_range("dose", value, 1, 10, unit="pathogen units")
    message = str(error.value)
    assert "dose" in message
    assert "1 to 10 pathogen units" in message


@pytest.mark.parametrize("value", [math.nan, math.inf, "5", None, True, [1]])
def test_non_numbers_are_rejected_with_the_range(value):
    with pytest.raises(ValueError, match=r"growth_rate .*0\.5 to 3"):
        check_range("growth_rate", value, 0.5, 3.0)


def test_param_default_must_be_in_range():
    with pytest.raises(ValueError, match="default of x"):
        Param("x", 0, 1, 2, "units", "X")


def test_param_check_and_describe():
    p = Param("days", 40, 240, 120, "days", "Days simulated")
    assert p.check(50) == 50.0
    assert p.describe() == "days: 40 to 240 days"
    with pytest.raises(ValueError, match="days=300"):
        p.check(300)
