"""Figures of the EDSS teaching calculator (chapter 9): example profiles on a slider, and a
live explorer of functional-system grades and walking."""

from __future__ import annotations

from typing import Mapping

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.figures import BookFigure
from msbook.models.edss import (
    ANCHORS,
    MAX_GRADE,
    PARAMS,
    SYSTEM_NAMES,
    SYSTEMS,
    WALKING,
    EXAMPLES,
    edss_step,
)
from msbook.plots.common import PanelLayout, add_step_slider, set_narrow_layout, title_and_legend
from msbook.style import OKABE_ITO
from msbook.widgets import Explorer


_SHORT = {s: SYSTEM_NAMES[s].split(" (")[0] for s in SYSTEMS}
HEIGHT, NARROW_HEIGHT = 700, 860
_XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER = 45, 10, 10, 105
LAYOUT = PanelLayout(HEIGHT, NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER, top=120)


def _grades(grades: Mapping[str, int]) -> list[int]:
    return [int(grades.get(s, 0)) for s in reversed(SYSTEMS)]


def _title(walking: int, grades: Mapping[str, int]) -> str:
    result = edss_step(walking, **grades)
    if walking:
        return f"EDSS {result.step:.1f}, set by walking:<br>{result.anchor}"
    return f"EDSS {result.step:.1f}: {result.anchor}.<br>Set by the grades: {result.rule}"


def _state(walking: int, grades: Mapping[str, int]) -> dict:
    step = edss_step(walking, **grades).step
    return {"x": [_grades(grades), [step]], "y": [[_SHORT[s] for s in reversed(SYSTEMS)], [0.5]]}


def edss_figure(walking: int = 0, **grades: int) -> go.Figure:
    """Grades as bars (top) and the EDSS step on the 0-10 scale (bottom) for one profile.

    Whole-number inputs as for :func:`msbook.models.edss.edss_step` (the live explorer's
    sliders pass them as floats such as 2.0, which are accepted).
    """
    edss_step(walking, **grades)  # validates every input
    walking, grades = int(walking), {name: int(grade) for name, grade in grades.items()}
    fig = make_subplots(rows=2, cols=1, row_heights=[0.72, 0.28], vertical_spacing=0.2,
                        subplot_titles=(f"Grades (0–{MAX_GRADE} here)",
                                        "EDSS step (0–10)"))
    state = _state(walking, grades)
    fig.add_trace(go.Bar(x=state["x"][0], y=state["y"][0], orientation="h", name="Functional-system grade",
                         marker=dict(color=OKABE_ITO["blue"], pattern=dict(shape="/")),
                         hovertemplate="%{y}: grade %{x}<extra></extra>"), row=1, col=1)
    fig.add_trace(go.Scatter(x=state["x"][1], y=state["y"][1], mode="markers", name="EDSS step",
                             marker=dict(symbol="diamond", size=20, color=OKABE_ITO["vermillion"],
                                         line=dict(color="black", width=1.5)),
                             hovertemplate="EDSS %{x:.1f}<extra></extra>"), row=2, col=1)
    fig.update_xaxes(range=[0, MAX_GRADE + 0.2], dtick=1, row=1, col=1)
    fig.update_xaxes(range=[-0.3, 10.3], tickvals=list(range(11)), row=2, col=1)
    fig.update_yaxes(visible=False, range=[0, 1], row=2, col=1)
    fig.add_vrect(x0=-0.3, x1=4.25, fillcolor="rgba(0,114,178,0.10)", line_width=0, row=2, col=1)
    fig.add_annotation(x=2, y=0.12, text="set by grades", showarrow=False, font=dict(size=12),
                       xref="x2", yref="y2")
    fig.add_annotation(x=7.2, y=0.12, text="set by walking", showarrow=False, font=dict(size=12),
                       xref="x2", yref="y2")
    for annotation in fig.layout.annotations[:2]:
        annotation.x, annotation.xanchor = 0, "left"
        annotation.font = dict(size=14)
    fig.update_layout(showlegend=False, bargap=0.35)
    title_and_legend(fig, _title(walking, grades), 40, {
        "margin.l": 110,
        "xaxis2.tickvals": [0, 2, 4, 6, 8, 10],
        "annotations[2].text": "grades", "annotations[3].text": "walking",
    })
    fig.update_yaxes(automargin=True, row=1, col=1)
    return LAYOUT.place(fig)


def edss_slider_figure(start: int = 7) -> go.Figure:
    """Example profiles on a slider (precomputed; works with no kernel)."""
    label, walking, grades = EXAMPLES[start]
    fig = edss_figure(walking, **grades)
    steps = [(label, _state(walking, grades), _title(walking, grades)) for label, walking, grades in EXAMPLES]
    add_step_slider(fig, steps, start, "Example")
    fig.update_layout({"sliders[0].font.size": 11})
    set_narrow_layout(fig, {"sliders[0].currentvalue.font.size": 13})
    return LAYOUT.place(fig)


def edss_book_figure() -> BookFigure:
    """Chapter 9's interactive EDSS figure, for the static page and print."""
    return BookFigure(
        edss_slider_figure(),
        name="edss-examples",
        alt=(
            "Top: horizontal bars give the grades of seven functional systems for one example "
            "profile. Bottom: a diamond marks the resulting step on the EDSS scale from 0 to 10; the "
            "part of the scale up to 4.0 is shaded and labelled as set by the grades, the rest as "
            "set by walking. A slider steps through twelve example profiles, from a "
            "normal examination (EDSS 0) to a person who uses a wheelchair (EDSS 7.0)."
        ),
        height=HEIGHT,
    )


def edss_explorer() -> Explorer:
    """Chapter 9's live EDSS explorer: a slider per functional system and one for walking."""
    return Explorer(
        dict(PARAMS),
        draw=edss_figure,
        name="edss-explorer",
        alt=(
            "The EDSS explorer at its starting state: pyramidal grade 2, sensory grade 2 and "
            "cerebellar grade 1 with unrestricted walking, which gives EDSS 2.5 (minimal "
            "disability in two systems)."
        ),
        description=(
            "Live EDSS explorer: sliders set the grade of each functional system and the walking "
            "level, and the chart shows the step and the rule that gave it."
        ),
        start={"pyramidal": 2, "sensory": 2, "cerebellar": 1},
        height=HEIGHT - _SLIDER,
    )
