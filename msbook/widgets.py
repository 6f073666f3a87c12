"""Live explorers: ipywidgets in a kernel; the chart of the starting state on the page and in print.

An explorer calls a model's plotting function with values from sliders. The
sliders are built from the model's :class:`~msbook.validation.Param` objects,
so a reader cannot drive them outside the ranges the model accepts, and their
readouts use each Param's display unit and precision.

In a book build no widget is created at all (a static page has no kernel, so
controls would do nothing): the explorer shows the chart of its starting state
(the same :class:`~msbook.figures.BookFigure` HTML as every other figure, and the
same state as a PNG in print) next to a "Run this live" panel that says what the
explorer varies and how to run the chapter in JupyterLab.
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass
from typing import Callable, Mapping

from msbook.figures import DEFAULT_HEIGHT, BookFigure, in_book_build, to_web_html
from msbook.validation import Param

#: Where the book explains how to run a chapter live (relative to a chapter page).
HOW_TO_RUN = "how-to-use.html"


@dataclass(frozen=True)
class Flag:
    """A yes/no model input, shown as a checkbox (for example "smoking")."""

    name: str
    label: str
    default: bool = False

    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"{self.name} must be True or False; got {value!r}")
        return value

    def describe(self) -> str:
        """Words for the live panel, e.g. ``smoking (yes or no)``."""
        return f"{self.label} (yes or no)"

    def display(self, value: bool) -> str:
        return "yes" if value else "no"


def _describe(param: "Param | Flag") -> str:
    if isinstance(param, Flag):
        return param.describe()
    return f"{param.label} ({param.display(param.low, unit=False)} to {param.display(param.high)})"


def control_for(param: "Param | Flag", value=None):
    """The widget for a model input: a bounded slider for a Param, a checkbox for a Flag."""
    import ipywidgets as widgets

    if isinstance(param, Flag):
        start = param.default if value is None else param.check(value)
        return widgets.Checkbox(value=start, description=param.label, indent=False)
    return slider_for(param, value)


class _Readout:
    """Keeps a slider's text readout (Param.display) in step with its value."""

    def __init__(self, param: Param, label) -> None:
        self.param, self.label = param, label

    def __call__(self, change) -> None:
        self.label.value = self.param.display(change["new"])


def slider_for(param: Param, value: float | None = None):
    """A slider limited to ``param``'s range, with a readout in the parameter's display unit.

    A ``log_scale`` parameter gets a logarithmic slider (``step`` is then in
    powers of ten), so that 1, 10 and 100 are equally easy to reach; whole-number
    parameters (integer range and step 1) get an integer slider. The readout is a
    label beside the slider showing :meth:`Param.display` (for example
    "3.0 per 1,000" or "2 copies"), kept as ``slider.readout_label``.
    """
    import ipywidgets as widgets

    start = param.default if value is None else param.check(value)
    common = dict(
        description=param.label,
        continuous_update=False,
        readout=False,
        style={"description_width": "initial"},
        layout=widgets.Layout(width="70%"),
    )
    if param.log_scale:
        slider = widgets.FloatLogSlider(
            value=start,
            base=10,
            min=_log_end(param.low, param.low, param.high),
            max=_log_end(param.high, param.low, param.high),
            step=param.step if param.step is not None else 0.05,
            **common,
        )
    elif param.whole:
        slider = widgets.IntSlider(value=int(round(start)), min=int(param.low), max=int(param.high), step=1, **common)
    else:
        step = param.step if param.step is not None else (param.high - param.low) / 100
        slider = widgets.FloatSlider(value=start, min=param.low, max=param.high, step=step, **common)
    label = widgets.Label(value=param.display(slider.value))
    slider.observe(_Readout(param, label), names="value")
    slider.readout_label = label
    return slider


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
    """A live explorer of a model, with a static face for the web page and print.

    Parameters
    ----------
    params:
        The model inputs to expose, in order: each ``Param`` becomes a bounded
        slider, each ``Flag`` a checkbox.
    draw:
        ``draw(**values)`` returns a plotly figure for the given parameter values.
    name, alt:
        The figure's stable id and alt text for the starting state (as for
        :class:`~msbook.figures.BookFigure`).
    description:
        What the explorer lets a reader do, in a sentence or two.
    start:
        Starting values that differ from the parameters' defaults. The live
        explorer starts here, and the web page and print show this state.
    height:
        Height of the chart in CSS px.
    """

    def __init__(
        self,
        params: Mapping[str, "Param | Flag"],
        draw: Callable[..., object],
        name: str,
        alt: str,
        description: str,
        start: Mapping[str, object] | None = None,
        height: int = DEFAULT_HEIGHT,
    ) -> None:
        if not params:
            raise ValueError("params must name at least one model parameter")
        unknown = set(start or {}) - set(params)
        if unknown:
            raise ValueError(f"start names unknown parameters {sorted(unknown)}; known: {sorted(params)}")
        self.params = dict(params)
        self.start = {n: p.check((start or {}).get(n, p.default)) for n, p in self.params.items()}
        self.draw = draw
        self.name, self.alt, self.height = name, alt, height
        self.description = description
        self._figure: BookFigure | None = None
        self.sliders: dict = {}
        self.widget = None
        if not in_book_build():
            self._build_widgets()

    # -------------------------------------------------------------- static face
    def figure(self) -> BookFigure:
        """The chart of the starting state, as shown on the static page and in print."""
        if self._figure is None:
            self._figure = BookFigure(self.draw(**self.start), name=self.name, alt=self.alt, height=self.height)
        return self._figure

    def live_panel(self) -> str:
        """HTML of the "Run this live" panel that stands in for the controls on a static page."""
        varies = "".join(f"<li>{html.escape(_describe(p))}</li>" for p in self.params.values())
        return (
            # Left-aligned even inside a figure (whose text is centred); the site's CSS may
            # style .msbook-live-panel further (a card).
            '<div class="msbook-live-panel" role="note" style="text-align: left">'
            "<p><strong>Run this live.</strong> The chart shows the explorer's starting state. "
            "In a live Python kernel the explorer has controls for:</p>"
            f"<ul>{varies}</ul>"
            "<p>To use them, open this chapter as a notebook in JupyterLab and run all cells: "
            f'see <a href="{HOW_TO_RUN}">How to use this book</a> and the book\'s README, '
            "section “Run the chapters live in JupyterLab”.</p></div>"
        )

    # --------------------------------------------------------------- live face
    def _build_widgets(self) -> None:
        import ipywidgets as widgets

        self.sliders = {n: control_for(p, self.start[n]) for n, p in self.params.items()}
        rows = [
            widgets.HBox([s, s.readout_label]) if hasattr(s, "readout_label") else s
            for s in self.sliders.values()
        ]
        self.output = widgets.Output()
        self.widget = widgets.VBox([widgets.VBox(rows), self.output])
        for control in self.sliders.values():
            control.observe(self._on_change, names="value")
        self._on_change()

    def values(self) -> dict:
        """The current control values (the starting values in a book build), by name."""
        if not self.sliders:
            return dict(self.start)
        return {name: s.value for name, s in self.sliders.items()}

    def _on_change(self, _change=None) -> None:
        from msbook.live import render_into  # not `with self.output:` (see render_into)

        render_into(self.output, lambda: self.draw(**self.values()))

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        if in_book_build() or self.widget is None:
            figure = self.figure()
            return {
                "text/html": to_web_html(figure.fig, f"fig-{self.name}", self.alt, self.height)
                + self.live_panel(),
                "image/png": base64.b64encode(figure.png()).decode("ascii"),
                "text/plain": self.description,
            }
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = self.description
        return bundle
