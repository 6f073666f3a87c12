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
    #: How readers see a value (slider readouts, captions): ``value * display_scale``,
    #: formatted with ``display_format`` (a format spec such as ``".1f"``; by default
    #: as many decimals as ``step`` has, or 3 significant digits without a step or on a
    #: log scale), followed by ``display_unit`` (default ``unit``). For example a risk
    #: stored as a fraction can be shown "per 1,000" with ``display_scale=1000``.
    display_scale: float = 1.0
    display_unit: str | None = None
    display_format: str | None = None

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

    @property
    def whole(self) -> bool:
        """True for a count: whole-number range and a step of 1 (shown as an integer slider)."""
        return (
            not self.log_scale and self.step == 1 and float(self.low).is_integer()
            and float(self.high).is_integer() and self.display_scale == 1
        )

    @property
    def log_low(self) -> float:
        return math.log10(self.low)

    @property
    def log_high(self) -> float:
        return math.log10(self.high)

    def _format(self) -> str:
        if self.display_format:
            return self.display_format
        if self.whole:
            return ".0f"
        if self.step is None or self.log_scale:
            return "sig3"
        step = self.step * self.display_scale
        decimals = 0 if float(step).is_integer() else min(4, len(f"{step:.4f}".rstrip("0").split(".")[1]))
        return f",.{decimals}f"

    def display(self, value: float, unit: bool = True) -> str:
        """``value`` as a reader sees it, e.g. ``"3.0 per 1,000"``, ``"2 copies"``, ``"60 days"``."""
        shown, spec = float(value) * self.display_scale, self._format()
        if spec == "sig3":  # 3 significant digits, never in exponent notation: 1,000 not 1e+03
            digits = 2 - math.floor(math.log10(abs(shown))) if shown else 0
            shown = round(shown, digits)
            spec = f",.{max(digits, 0)}f"
        text = format(shown, spec)
        suffix = self.display_unit if self.display_unit is not None else self.unit
        if self.whole and suffix.endswith("s") and float(value) == 1:
            suffix = suffix[:-1]  # "1 copy"... a plural unit of a count becomes singular
            suffix = suffix[:-2] + "y" if suffix.endswith("ie") else suffix
        return f"{text} {suffix}".rstrip() if unit else text

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
