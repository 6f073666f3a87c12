"""Figures of the lesion teaching model (chapter 5): a slider figure, an explorer, a print state."""

from __future__ import annotations

from typing import Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.figures import BookFigure
from msbook.models.lesion import PARAMS, LesionResult, percent, simulate_lesion
from msbook.plots.common import PanelLayout, add_step_slider
from msbook.style import series_style
from msbook.widgets import Explorer

#: Ages offered by the slider on the static page (years), evenly spaced.
SLIDER_AGES = (20, 30, 40, 50, 60, 70)
#: The age the slider figure starts at, and so the state shown in print.
PRINT_AGE = 60
#: Heights (CSS px) of the slider figure on a desktop and a phone.
HEIGHT, NARROW_HEIGHT = 780, 880
_XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER = 68, 86, 122, 105
LAYOUT = PanelLayout(HEIGHT, NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER)
_STRIDE = 2  # plot every week

_SERIES = (
    # (attribute, legend name, subplot row, style index)
    ("intact", "Intact myelin", 1, 0),
    ("demyelinated", "Demyelinated (bare axon)", 1, 1),
    ("remyelinated", "Remyelinated (new myelin)", 1, 2),
    ("axon_lost", "Axon lost (permanent)", 1, 3),
    ("inflammation", "Inflammation", 2, 4),
)


def _series(result: LesionResult) -> list[list]:
    out = []
    for attr, *_rest in _SERIES:
        values = getattr(result, attr)[::_STRIDE]
        scale = 1.0 if attr == "inflammation" else 100.0
        out.append([round(float(v) * scale, 1 if scale > 1 else 3) for v in values])
    return out


def summary(result: LesionResult) -> str:
    """One line for the figure's title: the state of the lesion at the end."""
    f = result.final()
    years = result.t[-1] / 52
    when = f"after {years:.0f} years" if abs(years - round(years)) < 0.05 else f"after {result.t[-1]:.0f} weeks"
    return (
        f"Age {result.age:g}, {when}: {percent(f['remyelinated'])}% remyelinated, "
        f"{percent(f['demyelinated'])}% still bare,<br>{percent(f['axon_lost'])}% of axons lost "
        "(a teaching model, not a prediction)"
    )


def _base_figure(result: LesionResult) -> go.Figure:
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08, row_heights=[0.66, 0.34])
    t = [round(float(x), 1) for x in result.t[::_STRIDE]]
    for (attr, name, row, style), ys in zip(_SERIES, _series(result)):
        unit = "" if attr == "inflammation" else "%"
        fig.add_trace(
            go.Scatter(
                x=t, y=ys, name=name, mode="lines", line=dict(width=3, **series_style(style)),
                hovertemplate="week %{x}: %{y}" + unit + "<extra>" + name + "</extra>",
            ),
            row=row, col=1,
        )
    fig.update_yaxes(title_text="Fibres (%)", range=[0, 100], row=1, col=1)
    fig.update_yaxes(title_text="Inflammation", range=[0, 2.4], row=2, col=1)
    fig.update_xaxes(title_text="Weeks after the attack began", row=2, col=1)
    return LAYOUT.style(fig, summary(result))


def lesion_figure(
    attack: float = PARAMS["attack"].default,
    repair: float = PARAMS["repair"].default,
    age: float = PARAMS["age"].default,
    smoulder: float = PARAMS["smoulder"].default,
) -> go.Figure:
    """The model's course for one set of parameters (ranges as in ``simulate_lesion``)."""
    return _base_figure(simulate_lesion(attack=attack, repair=repair, age=age, smoulder=smoulder))


def lesion_age_slider_figure(ages: Sequence[float] = SLIDER_AGES, start: float = PRINT_AGE) -> go.Figure:
    """A figure whose slider switches between precomputed lesions at several ages (20 to 70
    years), with the typical attack and repair capacity; ``start`` must be one of ``ages``."""
    if start not in ages:
        raise ValueError(f"start={start!r} must be one of ages {tuple(ages)}")
    results = [simulate_lesion(age=a) for a in ages]
    first = list(ages).index(start)
    fig = _base_figure(results[first])
    # Inflammation (the last trace) is the same at every age: left out of the steps.
    changing = list(range(len(_SERIES) - 1))
    steps = [(f"{a:g}", {"y": _series(r)[:-1]}, summary(r)) for a, r in zip(ages, results)]
    add_step_slider(fig, steps, first, "Age (years)", traces=changing)
    return LAYOUT.place(fig)


def lesion_age_book_figure() -> BookFigure:
    """Chapter 5's interactive lesion figure for the static page and print (age 60 in print)."""
    return BookFigure(
        lesion_age_slider_figure(),
        name="lesion-age",
        alt=(
            "Two stacked line charts over two years after an immune attack on a patch of white "
            "matter, in the lesion teaching model. Top: the percentage of nerve fibres with intact "
            "myelin, bare (demyelinated) axons, new myelin, and lost axons. Bottom: inflammation, "
            "which peaks at about three weeks and fades. A slider sets the age from 20 to 70: the "
            "older the person, the more fibres stay bare and the more axons are lost."
        ),
        height=HEIGHT,
    )


def lesion_explorer() -> Explorer:
    """Chapter 5's live explorer: attack, repair capacity, age and smouldering inflammation.

    It starts (and the web page and print show it) with a smouldering lesion at age 40.
    """
    params = {name: PARAMS[name] for name in ("attack", "repair", "age", "smoulder")}
    return Explorer(
        params,
        draw=lesion_figure,
        name="lesion-explorer",
        alt=(
            "The lesion model at age 40 with a low smouldering inflammation that never fades: "
            "myelin keeps being stripped, few fibres are remyelinated, and the line of lost axons "
            "keeps climbing to the end of the two years."
        ),
        description=(
            "Live explorer of the lesion model: sliders set the strength of the attack, the repair "
            "capacity, the age and a smouldering inflammation. Shown here at its starting state."
        ),
        start={"attack": 1.0, "repair": 1.0, "age": 40.0, "smoulder": 0.1},
        height=HEIGHT - _SLIDER,
    )
