"""Figures of the infection model (chapter 1): a slider figure, an explorer, a print state."""

from __future__ import annotations

from typing import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.figures import BookFigure
from msbook.models.infection import PARAMS, InfectionResult, simulate_infection
from msbook.plots.common import (
    PanelLayout,
    add_step_slider,
    light,
)
from msbook.style import series_style
from msbook.widgets import Explorer

#: Growth rates offered by the slider on the static page (per day).
SLIDER_GROWTH_RATES = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
#: Heights (CSS px) of the slider figure and of the explorer's chart, on a desktop and a phone.
HEIGHT, NARROW_HEIGHT = 720, 800
#: Space (px) under the plot: x-axis title, legend (2 columns wide, 1 narrow), slider.
_XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER = 68, 62, 100, 105
LAYOUT = PanelLayout(HEIGHT, NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER)
#: Days between plotted points: enough for smooth curves, small enough for a light page.
PLOT_STEP_DAYS = 0.5

_SERIES = (
    # (attribute, legend name, subplot row, style index: colour and dash)
    ("pathogen", "Pathogen load", 1, 1),
    ("innate", "Innate cells (relative to rest)", 2, 3),
    ("effector", "Adaptive effector cells", 2, 0),
    ("memory", "Memory cells", 2, 2),
)


def _thin(result: InfectionResult) -> tuple[list[float], dict[str, list]]:
    """Sample every PLOT_STEP_DAYS days and round to 3 significant digits (zeros become gaps)."""
    stride = int(round(PLOT_STEP_DAYS / 0.1))
    t = [round(float(x), 1) for x in result.t[::stride]]
    return t, {attr: light(getattr(result, attr), stride) for attr, *_rest in _SERIES}


def summary(result: InfectionResult) -> str:
    """One line comparing the primary and secondary effector responses."""
    (d1, p1), (d2, p2) = result.effector_peak(False), result.effector_peak(True)
    return (
        f"Growth rate {result.growth_rate:g} per day: effector cells peak {d1:.0f} days after "
        f"the first exposure,<br>but {d2:.0f} days after the second, and {p2 / p1:.1f} times higher"
    )


def _base_figure(result: InfectionResult, title: str) -> go.Figure:
    fig = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.08,
        row_heights=[0.42, 0.58],
    )
    t, series = _thin(result)
    for attr, name, row, style in _SERIES:
        fig.add_trace(
            go.Scatter(
                x=t,
                y=series[attr],
                name=name,
                mode="lines",
                line=dict(width=3, **series_style(style)),
                hovertemplate="day %{x}: %{y:.3g}<extra>" + name + "</extra>",
            ),
            row=row,
            col=1,
        )
    for day, label in ((0.0, "first exposure"), (result.reexposure_day, "second exposure")):
        fig.add_vline(x=day, line=dict(color="#555555", width=1.5, dash="dot"))
        fig.add_annotation(
            x=day, y=1.0, yref="paper", text=label, showarrow=False,
            xanchor="left", yanchor="bottom", xshift=4, font=dict(size=13),
        )
    fig.update_yaxes(type="log", title_text="Pathogen (units)", range=[-3, 6.3], row=1, col=1)
    # The lowest tick sits a little above the corner, clear of the x axis's "0".
    fig.update_yaxes(type="log", title_text="Cells (relative units)", range=[-2.4, 6.5], row=2, col=1)
    fig.update_xaxes(title_text="Days since first exposure", row=2, col=1)
    # Phones: a taller figure, the title re-wrapped, the legend in one column, short labels.
    return LAYOUT.style(
        fig, title, narrow={"annotations[0].text": "1st exposure", "annotations[1].text": "2nd exposure"}
    )



def response_figure(
    dose: float = PARAMS["dose"].default,
    growth_rate: float = PARAMS["growth_rate"].default,
    reexposure_day: float = PARAMS["reexposure_day"].default,
    days: float | None = None,
) -> go.Figure:
    """The model's time course for one set of parameters (ranges and the default length of
    the run as in ``simulate_infection``)."""
    result = simulate_infection(dose, growth_rate, reexposure_day, days)
    return _base_figure(result, summary(result))


def growth_slider_figure(
    dose: float = PARAMS["dose"].default,
    growth_rates: Sequence[float] = SLIDER_GROWTH_RATES,
    start: float = PARAMS["growth_rate"].default,
) -> go.Figure:
    """A figure whose slider switches between precomputed runs at several growth rates.

    ``dose`` is in pathogen units (1 to 1000); each growth rate is per day
    (0.5 to 3.0) and ``start`` must be one of them. Works with no kernel.
    """
    if start not in growth_rates:
        raise ValueError(f"start={start!r} must be one of growth_rates {tuple(growth_rates)}")
    results = [simulate_infection(dose=dose, growth_rate=g) for g in growth_rates]
    first = growth_rates.index(start)
    fig = _base_figure(results[first], summary(results[first]))
    steps = []
    for g, result in zip(growth_rates, results):
        _t, series = _thin(result)
        steps.append((f"{g:g}", {"y": [series[attr] for attr, *_rest in _SERIES]}, summary(result)))
    add_step_slider(fig, steps, first, "Pathogen growth rate (per day)")
    return LAYOUT.place(fig)


def growth_slider_book_figure() -> BookFigure:
    """Chapter 1's interactive figure for the static page and print."""
    return BookFigure(
        growth_slider_figure(),
        name="infection-growth",
        alt=(
            "Two stacked line charts over 120 days. Top: pathogen load after a first exposure "
            "on day 0 and a second on day 60. Bottom: innate cells, adaptive effector cells "
            "and memory cells. The effector response to the second exposure rises sooner and "
            "higher than the first, and the pathogen barely grows the second time."
        ),
        height=HEIGHT,
    )


def infection_explorer() -> Explorer:
    """Chapter 1's live explorer: dose, growth rate and timing of the second exposure.

    It starts (and the web page and print show it) with a large dose of a fast pathogen.
    """
    params = {name: PARAMS[name] for name in ("dose", "growth_rate", "reexposure_day")}
    return Explorer(
        params,
        draw=response_figure,
        name="infection-explorer",
        alt=(
            "The infection model with a large dose (1000 units) of a fast-growing pathogen "
            "(3 per day): the first infection reaches the tissue's limit before it is cleared; "
            "the second is cleared within about a day."
        ),
        description=(
            "Live explorer of the infection model: sliders set the dose, the pathogen's growth "
            "rate and the day of the second exposure. Shown here at its starting state."
        ),
        start={"dose": 1000.0, "growth_rate": 3.0},
        height=HEIGHT - _SLIDER,
    )
