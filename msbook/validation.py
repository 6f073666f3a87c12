"""Input validation shared by every model in the package.

Models are teaching tools: a value outside the range a model was built for
gives a clear error that names the parameter, the value and the allowed range,
instead of a silently meaningless curve.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real


@dataclass(frozen=True)
class Param:
    """A model parameter: its name, allowed closed range, default, unit and meaning.

    ``Param`` objects are the single source of the ranges used by the model
    (for validation), the ipywidgets sliders (so a slider cannot leave the
    range) and the docstrings.
    """

    name: str
    low: float
    high: float
    default: float
    unit: str
    label: str
    step: float | None = None
    #: Spread over orders of magnitude: sliders for it move on a logarithmic scale.
    log_scale: bool = False

    def __post_init__(self) -> None:
        if self.log_scale and self.low <= 0:
            raise ValueError(f"{self.name}: a log-scale parameter needs a positive range")
        if not self.low <= self.default <= self.high:
            raise ValueError(
                f"default of {self.name} ({self.default}) is outside [{self.low}, {self.high}]"
            )

    def check(self, value: object) -> float:
        """Return ``value`` as a float, or raise ``ValueError`` if it is out of range."""
        return check_range(self.name, value, self.low, self.high, unit=self.unit)

    def describe(self) -> str:
        """One line for docs and captions, e.g. ``dose: 1 to 1000 pathogen units``."""
        return f"{self.name}: {self.low:g} to {self.high:g} {self.unit}".rstrip()


def check_range(
    name: str, value: object, low: float, high: float, *, unit: str = ""
) -> float:
    """Check that ``value`` is a finite real number in the closed range [low, high].

    Parameters
    ----------
    name:
        The parameter's name, used in the error message.
    value:
        The value to check. Booleans are rejected even though Python treats
        them as integers.
    low, high:
        The allowed closed range, in the parameter's own unit.
    unit:
        The unit, shown in the error message.

    Returns
    -------
    float
        ``value`` converted to ``float``.

    Raises
    ------
    ValueError
        If ``value`` is not a real number, is NaN or infinite, or lies outside
        [low, high]. The message names the parameter and its range.
    """
    suffix = f" {unit}" if unit else ""
    allowed = f"allowed range is {low:g} to {high:g}{suffix}"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ValueError(f"{name} must be a number ({allowed}); got {value!r}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number ({allowed}); got {value!r}")
    if not low <= number <= high:
        raise ValueError(f"{name}={value!r} is out of range: {allowed}")
    return number
