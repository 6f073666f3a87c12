"""Chapter 3 figures: a forest plot of published risk estimates, and the liability model."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots
from scipy.stats import norm

from msbook.data import risk_factors
from msbook.figures import BookFigure
from msbook.models.liability import (
    FACTORS,
    PARAMS,
    absolute_risk,
    per_thousand,
    relative_risk,
    threshold,
    total_shift,
)
from msbook.plots.common import (
    PanelLayout,
    NARROW_TITLE_CHARS,
    TOP_TITLE,
    add_step_slider,
    fit_title,
    set_narrow_layout,
    stack_below,
    title_and_legend,
    wrap_title,
)
from msbook.style import OKABE_ITO, series_style
from msbook.validation import Param
from msbook.widgets import Explorer, Flag

MEASURE_NAMES = {"OR": "odds ratio", "HR": "hazard ratio", "RR": "relative risk"}
MEASURE_SYMBOLS = {"OR": "circle", "HR": "diamond", "RR": "square"}
#: Heights (CSS px) of the forest plot on a desktop and on a phone.
FOREST_HEIGHT, FOREST_NARROW_HEIGHT = 620, 720


# ---------------------------------------------------------------- forest plot
def forest_figure() -> go.Figure:
    """Published estimates with 95% confidence intervals, on a log scale (risk_factors.csv)."""
    rows = list(reversed(risk_factors()))  # first row at the top
    labels = [_bold_lines(r.factor, 24) + f"<br>{r.label}" for r in rows]
    fig = go.Figure()
    for measure, name in MEASURE_NAMES.items():
        chosen = [(i, r) for i, r in enumerate(rows) if r.measure == measure]
        if not chosen:
            continue
        fig.add_trace(
            go.Scatter(
                x=[r.estimate for _, r in chosen],
                y=[labels[i] for i, _ in chosen],
                mode="markers",
                name=f"{name} ({measure})",
                marker=dict(symbol=MEASURE_SYMBOLS[measure], size=13, color=OKABE_ITO["blue"],
                            line=dict(color="#000000", width=1)),
                error_x=dict(
                    type="data", symmetric=False, thickness=2.5, width=6, color="#333333",
                    array=[r.ci_high - r.estimate for _, r in chosen],
                    arrayminus=[r.estimate - r.ci_low for _, r in chosen],
                ),
                customdata=[[r.population, r.citation, r.comparison] for _, r in chosen],
                hovertemplate=(
                    f"{measure} %{{x}}<br>%{{customdata[2]}}<br>%{{customdata[0]}}"
                    "<br>source: %{customdata[1]}<extra></extra>"
                ),
            )
        )
    for r, label in zip(rows, labels):
        fig.add_annotation(
            x=1.0, xref="paper", y=label, xanchor="left", showarrow=False, font=dict(size=12),
            text=_estimate(r),
        )
    fig.add_vline(x=1, line=dict(color="#555555", width=1.5, dash="dash"))
    fig.add_annotation(x=0, y=1.0, yref="paper", xref="x", text="no difference", showarrow=False,
                       yanchor="bottom", xanchor="left", xshift=4, font=dict(size=12))
    # Phones: each row's name and estimate as a line of text above its marker (hidden on a
    # desktop, where they stand left and right of the plot).
    first_narrow = len(fig.layout.annotations)
    for r, label in zip(rows, labels):
        fig.add_annotation(
            x=0, xref="paper", y=label, xanchor="left", yanchor="bottom", yshift=9, showarrow=False,
            align="left", font=dict(size=12), visible=False,
            text=_bold_lines(r.factor, 42) + "<br>" + wrap_title(f"{r.label}: {_estimate(r)}", 42),
        )
    fig.update_xaxes(type="log", range=[-1.2, 2.5], title_text="Ratio (log scale; 95% confidence interval)",
                     tickvals=[0.1, 1, 10, 100], ticktext=["0.1", "1", "10", "100"], tickangle=0,
                     minor=dict(ticks="outside", tickvals=[0.2, 0.5, 2, 5, 20, 50, 200], showgrid=True))
    fig.update_yaxes(automargin=True, tickfont=dict(size=13), categoryorder="array", categoryarray=labels)
    title = "Published effect sizes for MS risk factors (below 1 = lower risk)"
    fig.update_layout(
        title=TOP_TITLE | dict(text=title, font=dict(size=15)),
        legend=dict(orientation="h", x=0, xanchor="left", entrywidth=1, entrywidthmode="fraction"),
        margin=dict(l=10, r=150),
    )
    fig.update_layout(stack_below(FOREST_HEIGHT, 70, 72, 80))
    narrow = {
        "height": FOREST_NARROW_HEIGHT,
        "title.text": fit_title(title, NARROW_TITLE_CHARS),
        "title.font.size": 14,
        "margin.l": 12,
        "margin.r": 16,
        "yaxis.showticklabels": False,
        "yaxis.range": [-0.5, len(rows) - 0.5 + 0.25],
        "xaxis.title.text": "Ratio (log scale; 95% CI);<br>dashed line at 1: no difference",
        "legend.entrywidth": 1,
        "legend.entrywidthmode": "fraction",
        "legend.x": 0,
        **stack_below(FOREST_NARROW_HEIGHT, 92, 94, 80),
    }
    for i in range(len(fig.layout.annotations)):
        narrow[f"annotations[{i}].visible"] = i >= first_narrow
    set_narrow_layout(fig, narrow)
    return fig


def _bold_lines(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` characters, each line in bold."""
    return "<br>".join(f"<b>{line}</b>" for line in wrap_title(text, width).split("<br>"))


def _estimate(r) -> str:
    return f"{r.measure} {r.estimate:g} ({r.ci_low:g}–{r.ci_high:g})"


def forest_book_figure() -> BookFigure:
    """Chapter 3's forest plot for the web and print."""
    rows = risk_factors()
    alt = "Forest plot of published MS risk estimates on a log scale: " + "; ".join(
        f"{r.factor}, {r.measure} {r.estimate:g} (95% CI {r.ci_low:g} to {r.ci_high:g})" for r in rows
    ) + "."
    return BookFigure(forest_figure(), name="risk-forest", alt=alt, width=1000, height=FOREST_HEIGHT)


# ------------------------------------------------------------ liability model
#: Combinations offered by the slider on the static page, in order.
COMBINATIONS: tuple[tuple[str, ...], ...] = (
    (),
    ("smoking",),
    ("obesity",),
    ("hla",),
    ("hla2",),
    ("hla", "smoking", "obesity"),
    ("hla2", "smoking", "obesity"),
    ("no_ebv",),
    ("hla2", "no_ebv"),
)
#: The combination the printed figure shows: several factors together, so the tail is visible.
PRINT_COMBINATION = COMBINATIONS.index(("hla2", "smoking", "obesity"))
_GRID_COLUMNS, _GRID_ROWS = 40, 25  # 1,000 people
#: The people panel's units: one person every ``_PITCH``, drawn as a square of side
#: ``2 * _HALF`` (whole numbers keep the shape paths short).
_PITCH, _HALF = 10, 4
_X = np.round(np.linspace(-4.0, 7.0, 221), 3)


def describe(factors: Sequence[str]) -> str:
    """Words for a combination of factor ids, e.g. "EBV infection and smoking"."""
    if not factors:
        return "none of the listed factors (the reference group)"
    labels = [FACTORS[f].label for f in factors]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _title(factors: Sequence[str], baseline_risk: float) -> str:
    risk = absolute_risk(factors, baseline_risk)
    count = per_thousand(risk)
    people = f"about {count} in 1,000 develop MS" if count >= 1 else "fewer than 1 in 1,000 develop MS"
    rr = relative_risk(factors, baseline_risk)
    scale = f", {rr:.2g} times the reference risk" if factors else ""
    return f"With {describe(factors)}:<br>{people}{scale}; {1000 - count} in 1,000 never do"


def _people(count: int) -> tuple[list, list]:
    """Grid positions (x, y) of the first ``count`` of 1,000 people, in reading order."""
    return ([_PITCH * (i % _GRID_COLUMNS) for i in range(count)],
            [_PITCH * (i // _GRID_COLUMNS) for i in range(count)])


def _squares(count: int) -> str:
    """An SVG path (people panel's units) of the squares of the first ``count`` people.

    The 1,000 people are drawn as two layout shapes (all of them as open squares, those
    who develop MS filled), not as 1,000 markers: a slider step then redraws two paths
    instead of 1,000 marker elements, well inside the step's 100 ms budget.
    """
    xs, ys = _people(count)
    h = _HALF
    # An empty path draws nothing (plotly.js needs some path: a move alone draws nothing).
    return "".join(f"M{x - h},{y - h}H{x + h}V{y + h}H{x - h}Z" for x, y in zip(xs, ys)) or "M0,0"


def _curve(shift: float) -> list:
    return [float(f"{v:.4g}") for v in norm.pdf(_X - shift)]


def _tail(shift: float, t: float) -> list:
    return [float(f"{v:.4g}") if x >= t else None for x, v in zip(_X, norm.pdf(_X - shift))]


#: Traces a slider step replaces: the group's curve and its tail beyond the threshold.
#: The reference curve never changes; the people are layout shapes (see :func:`_squares`).
_CHANGING = (1, 2)


def _state(factors: Sequence[str], baseline_risk: float) -> dict:
    """Data of the changing traces (in ``_CHANGING`` order) for one combination."""
    shift = total_shift(factors, baseline_risk)
    t = threshold(baseline_risk)
    x = _X.tolist()
    return {"x": [x, x], "y": [_curve(shift), _tail(shift, t)]}


def _ill(factors: Sequence[str], baseline_risk: float) -> str:
    """Path of the filled squares: the people (of 1,000) with these factors who develop MS."""
    return _squares(per_thousand(absolute_risk(factors, baseline_risk)))


#: Ranges of the people panel (its units: see ``_PITCH``), and the grey of the open squares.
_GRID_X, _GRID_Y = [-_PITCH, _PITCH * _GRID_COLUMNS], [_PITCH * _GRID_ROWS, -_PITCH]
GRID_GREY = "#9a9a9a"
#: Name of the layout shape of the filled squares, which slider steps redraw.
_ILL_SHAPE = "people who develop MS"


def liability_figure(factors: Sequence[str] = (), baseline_risk: float = PARAMS["baseline_risk"].default) -> go.Figure:
    """The liability distribution with the threshold, and 1,000 people, for one combination."""
    t = threshold(baseline_risk)
    state = _state(factors, baseline_risk)
    fig = make_subplots(rows=1, cols=2, column_widths=[0.55, 0.45], horizontal_spacing=0.08,
                        subplot_titles=("Hidden liability", "1,000 people with these factors"))
    reference = dict(color="#777777", width=2, dash="dot")
    fig.add_trace(go.Scatter(x=_X.tolist(), y=_curve(0.0), name="Reference group",
                             line=reference, hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=state["x"][0], y=state["y"][0], name="People with these factors",
                             line=dict(width=3, **series_style(0)), hoverinfo="skip"), row=1, col=1)
    fig.add_trace(go.Scatter(x=state["x"][1], y=state["y"][1], name="Over the threshold: MS",
                             fill="tozeroy", mode="none", fillcolor="rgba(213,94,0,0.55)",
                             fillpattern=dict(shape="/", fgcolor=OKABE_ITO["vermillion"]), hoverinfo="skip"),
                  row=1, col=1)
    # The people are drawn by two shapes (below); these two traces hold only their legend entries.
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="a person who develops MS",
                             marker=dict(symbol="square", size=7, color=OKABE_ITO["vermillion"]),
                             hoverinfo="skip"), row=1, col=2)
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name="a person who never does",
                             marker=dict(symbol="square-open", size=7, color=GRID_GREY),
                             hoverinfo="skip"), row=1, col=2)
    fig.add_shape(type="path", path=_squares(_GRID_COLUMNS * _GRID_ROWS), line=dict(color=GRID_GREY, width=1),
                  row=1, col=2)
    fig.add_shape(type="path", path=_ill(factors, baseline_risk), fillcolor=OKABE_ITO["vermillion"], name=_ILL_SHAPE,
                  line=dict(color=OKABE_ITO["vermillion"], width=1), row=1, col=2)
    fig.add_vline(x=t, line=dict(color=OKABE_ITO["vermillion"], width=2), row=1, col=1)
    fig.add_annotation(x=t, y=0.42, text="threshold", showarrow=False, xanchor="left", xshift=4,
                       font=dict(size=12), row=1, col=1)
    fig.update_xaxes(title_text="Liability (standard deviations)", range=[-4, 7], row=1, col=1)
    fig.update_yaxes(title_text="Share of people", showticklabels=False, range=[0, 0.45], row=1, col=1)
    fig.update_xaxes(visible=False, range=_GRID_X, row=1, col=2, constrain="domain")
    fig.update_yaxes(visible=False, range=_GRID_Y, row=1, col=2, scaleanchor="x2", constrain="domain")
    title = _title(factors, baseline_risk)
    # Phones: the two panels stacked (curve above, people below), the title re-wrapped,
    # the legend in one column.
    title_and_legend(fig, title, 40, {
        "xaxis.domain": [0, 1],
        "xaxis2.domain": [0, 1],
        "yaxis.domain": [0.56, 1],
        "yaxis2.domain": [0, 0.4],
        "annotations[0].x": 0.5,
        "annotations[1].x": 0.5,
        "annotations[1].y": 0.4,
        # Reset the people grid's ranges: kept square by shrinking its domain, not its range.
        "xaxis2.range": _GRID_X,
        "yaxis2.range": _GRID_Y,
        "legend.orientation": "v",
        "legend.x": -0.11,
    })
    return LIABILITY_LAYOUT.place(fig)


#: Heights (CSS px) of the liability figure with its slider, on a desktop and a phone (the
#: explorer's chart, without a slider, is shorter by the slider's space).
LIABILITY_HEIGHT, LIABILITY_NARROW_HEIGHT = 700, 930
#: Space (px) under the plot: x-axis title, legend (2 columns wide, 1 narrow), slider.
_XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER = 68, 86, 126, 105


#: Where the liability figure stacks its parts (on a phone the lower panel, the people,
#: has no axis title under it).
LIABILITY_LAYOUT = PanelLayout(
    LIABILITY_HEIGHT, LIABILITY_NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER, top=110, narrow_xtitle=14
)


def liability_slider_figure(
    combinations: Sequence[Sequence[str]] = COMBINATIONS,
    baseline_risk: float = PARAMS["baseline_risk"].default,
    start: int = 0,
) -> go.Figure:
    """A figure whose slider steps through combinations of factors (precomputed; no kernel)."""
    fig = liability_figure(combinations[start], baseline_risk)
    ill = next(i for i, shape in enumerate(fig.layout.shapes) if shape.name == _ILL_SHAPE)
    steps = [
        (step_label(factors), _state(factors, baseline_risk), _title(factors, baseline_risk),
         {f"shapes[{ill}].path": _ill(factors, baseline_risk)})
        for factors in combinations
    ]
    add_step_slider(fig, steps, start, "Factors", traces=_CHANGING)
    # Room for the words under the ends of the rail: a slightly shorter rail, smaller type.
    fig.update_layout({"sliders[0].x": 0.04, "sliders[0].len": 0.88, "sliders[0].font.size": 12})
    set_narrow_layout(fig, {"sliders[0].currentvalue.font.size": 13, "sliders[0].currentvalue.prefix": "",
                            "sliders[0].x": 0.08, "sliders[0].len": 0.76})
    return LIABILITY_LAYOUT.place(fig)


#: Short names of the factors for the slider's labels (the reference group has had EBV).
SHORT_NAMES = {"hla": "1 HLA copy", "hla2": "2 HLA copies", "no_ebv": "no EBV", "vitamin_d": "vitamin D",
               "obesity": "obesity", "smoking": "smoking"}


def step_label(factors: Sequence[str]) -> str:
    """Words for a slider step: "EBV only", "+ smoking", "+ 2 HLA copies, smoking", "no EBV"..."""
    names = [SHORT_NAMES.get(f, FACTORS[f].label) for f in factors if f != "no_ebv"]
    if "no_ebv" in factors:
        return "no EBV" + (" + " + ", ".join(names) if names else "")
    return "+ " + ", ".join(names) if names else "EBV only"


def liability_slider_book_figure() -> BookFigure:
    """Chapter 3's interactive liability figure for the static page and print."""
    steps = "; ".join(f"{step_label(c)}: {describe(c)}" for c in COMBINATIONS)
    return BookFigure(
        liability_slider_figure(start=PRINT_COMBINATION),
        name="risk-liability",
        alt=(
            "Left: a bell-shaped curve of hidden liability with a threshold far to the right; only "
            "the thin tail beyond it develops MS. Right: 1,000 squares, with those who develop MS "
            f"filled. The slider steps through combinations of factors ({steps}). Risk factors "
            "shift the curve to the right, never having had Epstein-Barr virus shifts it far to the "
            "left, and even with several factors most people stay below the threshold."
        ),
        height=LIABILITY_HEIGHT,
    )


def _liability_draw(baseline_risk, hla_copies, no_ebv, smoking, obesity, vitamin_d):
    factors = [f for f, on in (("no_ebv", no_ebv), ("smoking", smoking), ("obesity", obesity),
                               ("vitamin_d", vitamin_d)) if on]
    copies = int(round(hla_copies))
    if copies:
        factors.insert(0, "hla" if copies == 1 else "hla2")
    return liability_figure(factors, baseline_risk)


def liability_explorer() -> Explorer:
    """Chapter 3's live explorer: baseline risk and any combination of factors.

    It starts (and the web page and print show it) with two copies of HLA-DRB1*15:01
    in people who have never had Epstein-Barr virus.
    """
    params = {
        "baseline_risk": PARAMS["baseline_risk"],
        "hla_copies": Param("hla_copies", 0, 2, 0, "copies", "HLA-DRB1*15:01", step=1),
        "no_ebv": Flag("no_ebv", "Never had Epstein-Barr virus"),
        "smoking": Flag("smoking", "Smoking"),
        "obesity": Flag("obesity", "Obesity in adolescence"),
        "vitamin_d": Flag("vitamin_d", "High vitamin D"),
    }
    shown = ("hla2", "no_ebv")
    return Explorer(
        params,
        draw=_liability_draw,
        name="risk-liability-explorer",
        alt=(
            "The liability model for people with two copies of HLA-DRB1*15:01 who have never had "
            "Epstein-Barr virus: the risk gene moves the curve right, but never having had the "
            f"virus moves it further left, and about {per_thousand(absolute_risk(shown))} of the "
            "1,000 people develop MS."
        ),
        description=(
            "Live explorer of the liability model: choose the baseline risk, copies of "
            "HLA-DRB1*15:01 and other factors. Shown here at its starting state."
        ),
        start={"hla_copies": 2, "no_ebv": True},
        height=LIABILITY_HEIGHT - _SLIDER,
    )
