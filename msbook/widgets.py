"""ipywidgets explorers: live in a kernel, a captioned image in print.

An explorer calls a model's plotting function with values from sliders. The
sliders are built from the model's :class:`~msbook.validation.Param` objects,
so a reader cannot drive them outside the ranges the model accepts.
"""

from __future__ import annotations

import base64
import math
from dataclasses import dataclass
from typing import Callable, Mapping

import ipywidgets as widgets
from IPython.display import HTML, display

from msbook.figures import BookFigure, in_book_build
from msbook.validation import Param

#: What the explorer's output area says on the static web page, where no kernel runs.
#: HTML, because the static page's widget manager renders HTML but not Markdown.
STATIC_NOTE = (
    '<p class="msbook-static-note"><em>This explorer redraws the model when the notebook runs '
    "in a live Python kernel (see “How to use this book”). On this static page its sliders "
    "show the starting values.</em></p>"
)


@dataclass(frozen=True)
class Flag:
    """A yes/no model input, shown as a checkbox (for example "smoking")."""

    name: str
    label: str
    default: bool = False


def control_for(param: "Param | Flag") -> widgets.Widget:
    """The widget for a model input: a bounded slider for a Param, a checkbox for a Flag."""
    if isinstance(param, Flag):
        return widgets.Checkbox(value=param.default, description=param.label, indent=False)
    return slider_for(param)


def slider_for(param: Param, value: float | None = None) -> widgets.FloatSlider:
    """A slider limited to ``param``'s range, labelled with its name and unit.

    A ``log_scale`` parameter gets a logarithmic slider (``step`` is then in
    powers of ten), so that 1, 10 and 100 are equally easy to reach.
    """
    start = param.default if value is None else param.check(value)
    common = dict(
        value=start,
        description=f"{param.label} ({param.unit})",
        continuous_update=False,
        readout=True,
        readout_format=".3g",
        style={"description_width": "initial"},
        layout=widgets.Layout(width="95%"),
    )
    if param.log_scale:
        return widgets.FloatLogSlider(
            base=10,
            min=_log_end(param.low, param.low, param.high),
            max=_log_end(param.high, param.low, param.high),
            step=param.step if param.step is not None else 0.05,
            **common,
        )
    step = param.step if param.step is not None else (param.high - param.low) / 100
    return widgets.FloatSlider(min=param.low, max=param.high, step=step, **common)


def _log_end(value: float, low: float, high: float) -> float:
    """log10(value), nudged so that 10 ** result stays inside [low, high].

    10 ** log10(0.0005) is 0.000499..., which the model would reject: the
    slider's end must give a value the model accepts.
    """
    exponent = math.log10(value)
    while 10**exponent < low:
        exponent = math.nextafter(exponent, math.inf)
    while 10**exponent > high:
        exponent = math.nextafter(exponent, -math.inf)
    return exponent


class Explorer:
    """An ipywidgets explorer with a print alternative.

    Parameters
    ----------
    params:
        The model inputs to expose, in order: each ``Param`` becomes a bounded
        slider, each ``Flag`` a checkbox.
    draw:
        ``draw(**values)`` returns a plotly figure for the given parameter values.
    static:
        The print version: a :class:`~msbook.figures.BookFigure` of a meaningful state.
    description:
        What the explorer lets a reader do, in a sentence or two (the text
        alternative of the widget).
    """

    def __init__(
        self,
        params: Mapping[str, "Param | Flag"],
        draw: Callable[..., object],
        static: BookFigure,
        description: str,
    ) -> None:
        if not params:
            raise ValueError("params must name at least one model parameter")
        self.sliders = {name: control_for(p) for name, p in params.items()}
        self.draw = draw
        self.static = static
        self.description = description
        self.output = widgets.Output()
        controls = widgets.VBox(list(self.sliders.values()))
        self.widget = widgets.VBox([controls, self.output])
        for slider in self.sliders.values():
            slider.observe(self._on_change, names="value")
        self._on_change()

    def values(self) -> dict:
        """The current slider values, by parameter name."""
        return {name: s.value for name, s in self.sliders.items()}

    def _on_change(self, _change=None) -> None:
        if in_book_build():
            # No kernel behind the static page: say so instead of drawing a stale result.
            self.output.outputs = ()
            self.output.append_display_data(HTML(STATIC_NOTE))
            return
        from msbook.live import render_into  # not `with self.output:` (see render_into)

        render_into(self.output, lambda: self.draw(**self.values()))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = self.description
        if in_book_build():
            bundle["image/png"] = base64.b64encode(self.static.png()).decode("ascii")
        return bundle
