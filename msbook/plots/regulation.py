"""Figures of the regulation model (chapter 2): a slider figure, an explorer, a print state."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.figures import BookFigure
from msbook.models.regulation import PARAMS, RESOLVED_LEVEL, RegulationResult, simulate_regulation
from msbook.plots.common import (
    PanelLayout,
    add_step_slider,
    light,
)
from msbook.style import series_style
from msbook.widgets import Explorer

#: Regulation strengths offered by the slider on the static page (relative to typical),
#: evenly spaced, since a slider's steps are drawn evenly spaced.
SLIDER_REGULATION = (0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0)
#: Heights (CSS px) of the slider figure on a desktop and a phone (the explorer's chart,
#: without a slider, is shorter by the slider's space).
HEIGHT, NARROW_HEIGHT = 780, 860
#: Space (px) under the plot: x-axis title, legend (2 columns wide, 1 narrow), slider.
_XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER = 68, 86, 122, 105
LAYOUT = PanelLayout(HEIGHT, NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER)
_STRIDE = 5  # plot every 0.5 day

_SERIES = (
    # (attribute, legend name, subplot row, style index)
    ("effector", "Effector T cells", 1, 1),
    ("regulatory", "Regulatory T cells", 1, 0),
    ("antigen", "Antigen stimulus", 2, 4),
    ("pro_cytokine", "Pro-inflammatory (IFN-γ, IL-17)", 2, 3),
    ("anti_cytokine", "Regulatory (IL-10, TGF-β)", 2, 2),
)


def _series(result: RegulationResult) -> list[list]:
    return [light(getattr(result, attr), _STRIDE) for attr, *_rest in _SERIES]


def recovery_day(result: RegulationResult) -> float:
    """First day after the effector peak on which effector cells are back below the
    resolved level (``nan`` if they never are)."""
    peak = int(np.argmax(result.effector))
    below = np.nonzero(result.effector[peak:] < RESOLVED_LEVEL)[0]
    return float(result.t[peak + below[0]]) if below.size else float("nan")


def summary(result: RegulationResult) -> str:
    """One line saying whether the response resolved, for the figure's title."""
    head = f"Regulation {result.regulation:g}, stimulus {result.stimulus:g}: "
    if result.resolves:
        return head + (
            f"the response resolves.<br>Effector cells peak at {result.peak_effector:.1f}× rest "
            f"and are back near rest by day {recovery_day(result):.0f}"
        )
    return head + (
        f"the response does not resolve.<br>Effector cells stay at {result.final_effector:.0f}× "
        "rest after the antigen has gone"
    )


def _base_figure(result: RegulationResult) -> go.Figure:
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.55, 0.45])
    t = [round(float(x), 1) for x in result.t[::_STRIDE]]
    for (attr, name, row, style), ys in zip(_SERIES, _series(result)):
        fig.add_trace(
            go.Scatter(
                x=t, y=ys, name=name, mode="lines", line=dict(width=3, **series_style(style)),
                hovertemplate="day %{x}: %{y:.3g}<extra>" + name + "</extra>",
            ),
            row=row, col=1,
        )
    fig.add_hline(y=1, line=dict(color="#555555", width=1, dash="dot"), row=1, col=1)
    fig.add_annotation(x=result.t[-1], y=0, yref="y", text="resting level", showarrow=False,
                       xanchor="right", yanchor="bottom", font=dict(size=12))
    fig.update_yaxes(type="log", title_text="Cells (× rest)", range=[-0.3, 1.9], row=1, col=1,
                     tickvals=[0.5, 1, 2, 5, 10, 20, 50], ticktext=["0.5", "1", "2", "5", "10", "20", "50"])
    fig.update_yaxes(type="log", title_text="Signals (× rest)", range=[-1.5, 2.0], row=2, col=1,
                     tickvals=[0.1, 1, 10, 100], ticktext=["0.1", "1", "10", "100"])
    fig.update_xaxes(title_text="Days after the antigen stimulus", row=2, col=1)
    title = summary(result)
    # Phones: a taller figure, the title re-wrapped, the legend in one column.
    return LAYOUT.style(fig, title)



def response_figure(
    regulation: float = PARAMS["regulation"].default,
    stimulus: float = PARAMS["stimulus"].default,
    days: float = PARAMS["days"].default,
) -> go.Figure:
    """The model's time course for one set of parameters (ranges as in ``simulate_regulation``)."""
    return _base_figure(simulate_regulation(regulation, stimulus, days))


def regulation_slider_figure(
    stimulus: float = PARAMS["stimulus"].default,
    strengths: Sequence[float] = SLIDER_REGULATION,
    start: float = PARAMS["regulation"].default,
) -> go.Figure:
    """A figure whose slider switches between precomputed runs at several regulation strengths.

    ``stimulus`` in relative units (0.5 to 20); each strength 0.2 to 2.0, and
    ``start`` must be one of them. Works with no kernel.
    """
    if start not in strengths:
        raise ValueError(f"start={start!r} must be one of strengths {tuple(strengths)}")
    results = [simulate_regulation(regulation=g, stimulus=stimulus) for g in strengths]
    first = list(strengths).index(start)
    fig = _base_figure(results[first])
    steps = [(f"{g:g}", {"y": _series(r)}, summary(r)) for g, r in zip(strengths, results)]
    add_step_slider(fig, steps, first, "Regulation strength (1 = typical)")
    return LAYOUT.place(fig)


def regulation_slider_book_figure() -> BookFigure:
    """Chapter 2's interactive figure for the static page and print."""
    return BookFigure(
        regulation_slider_figure(),
        name="regulation-strength",
        alt=(
            "Two stacked line charts over 60 days after an antigen stimulus. Top: effector and "
            "regulatory T cells relative to rest. Bottom: the fading antigen, pro-inflammatory "
            "cytokines and regulatory cytokines. With typical regulation the effector cells rise, "
            "then return to rest; with weaker regulation they stay high after the antigen is gone."
        ),
        height=HEIGHT,
    )


def regulation_explorer() -> Explorer:
    """Chapter 2's live explorer: regulation strength and stimulus size.

    It starts (and the web page and print show it) with weakened regulation and a small stimulus.
    """
    params = {name: PARAMS[name] for name in ("regulation", "stimulus")}
    return Explorer(
        params,
        draw=response_figure,
        name="regulation-explorer",
        alt=(
            "The regulation model with weakened regulation (0.8) and a small stimulus (4): the "
            "effector cells rise a little and return to rest, because the stimulus was too small "
            "to start the self-sustaining loop."
        ),
        description=(
            "Live explorer of the regulation model: sliders set the regulation strength and the "
            "size of the antigen stimulus. Shown here at its starting state."
        ),
        start={"regulation": 0.8, "stimulus": 4.0},
        height=HEIGHT - _SLIDER,
    )
