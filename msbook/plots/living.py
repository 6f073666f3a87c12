"""Chapter 12 figures: relapses around pregnancy, what a rate means, and the lifestyle evidence map.

Every plotted number of the pregnancy figure comes from ``msbook/data/pregnancy_relapses.csv``
(each row with its citation key and where in the source it was read), or is computed from
those numbers (a rate as a percentage of the same study's rate before pregnancy). Periods
that a study's public abstract does not give are left empty, not estimated. The evidence map
draws ``msbook/data/lifestyle_evidence.csv`` row by row. The live explorer draws the teaching
model of :mod:`msbook.models.pregnancy` (what share of women a rate implies).
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.data import CERTAINTY, lifestyle_evidence, pregnancy_share
from msbook.figures import BookFigure
from msbook.models.pregnancy import (
    PARAMS, STUDY_NAMES, relative_rate, share_with_relapse, study_ranges, study_rates,
)
from msbook.plots.common import PanelLayout, add_step_slider, set_narrow_layout, title_and_legend
from msbook.style import OKABE_ITO, series_style
from msbook.widgets import Explorer

# ------------------------------------------------------------------ pregnancy
#: The periods on the horizontal axis, in time order, with their tick labels.
AXIS_PERIODS = ("before", "t1", "t2", "t3", "pp1", "pp2")
TICKS = ("Before", "T1", "T2", "T3", "0–3 mo<br>after", "4–6 mo<br>after")
STUDIES = ("PRIMS", "MSBase", "Kaiser")
MARKERS = ("circle", "square", "diamond")
#: Where a range over the whole of pregnancy is drawn: a box over the three trimesters.
RANGE_X = (0.75, 3.25)
#: The slider steps: (label, studies shown, measure); measure "rate" or "relative".
STEPS = (
    ("PRIMS", ("PRIMS",), "rate"),
    ("MSBase", ("MSBase",), "rate"),
    ("Kaiser", ("Kaiser",), "rate"),
    ("All", STUDIES, "rate"),
    ("All, %", STUDIES, "relative"),
)
PRINT_STEP = 3
Y_TITLES = {"rate": "Relapses per woman per year", "relative": "% of the rate before pregnancy"}
Y_RANGES = {"rate": [0, 1.4], "relative": [0, 220]}
TITLES = {
    "rate": "Relapse rate before, during and after pregnancy: {who}",
    "relative": "Relapse rate as a % of each study's rate before pregnancy: all three studies",
}
HEIGHT, NARROW_HEIGHT = 640, 720
LAYOUT = PanelLayout(HEIGHT, NARROW_HEIGHT, xtitle=90, legend=120, narrow_legend=130, slider=95, top=100)


def _series(study: str, measure: str) -> list[float | None]:
    """One study's values on the axis periods (None where the source gives no value)."""
    rates = study_rates(study)
    values = []
    for period in AXIS_PERIODS:
        if period not in rates:
            values.append(None)
        elif measure == "rate":
            values.append(rates[period])
        else:
            values.append(round(relative_rate(rates[period], rates["before"]), 1))
    return values


def _range(study: str, measure: str) -> tuple[float, float] | None:
    ranges = study_ranges(study).get("pregnancy")
    if ranges is None:
        return None
    if measure == "rate":
        return ranges
    before = study_rates(study)["before"]
    return tuple(round(relative_rate(v, before), 1) for v in ranges)


def _box(low: float, high: float) -> tuple[list[float], list[float]]:
    x0, x1 = RANGE_X
    return [x0, x1, x1, x0, x0], [low, low, high, high, low]


def _fmt(value: float, measure: str) -> str:
    return f"{value:g}" if measure == "rate" else f"{value:.0f}%"


def _state(shown: tuple[str, ...], measure: str) -> dict:
    """Trace data for one step: the three studies' lines, then the Kaiser range box."""
    ys, texts, visible = [], [], []
    for study in STUDIES:
        # A study not shown gets no data, so that every step changes the plotted data.
        values = _series(study, measure) if study in shown else [None] * len(AXIS_PERIODS)
        ys.append(values)
        single = len(shown) == 1
        texts.append([_fmt(v, measure) if (v is not None and single) else "" for v in values])
        visible.append(study in shown)
    low, high = _range("Kaiser", measure)
    xs, box_y = _box(low, high)
    if "Kaiser" not in shown:
        box_y = [None] * len(box_y)
    return {
        "x": [list(range(len(AXIS_PERIODS)))] * len(STUDIES) + [xs],
        "y": ys + [box_y],
        "text": texts + [""],
        "visible": visible + ["Kaiser" in shown],
    }


def _title(shown: tuple[str, ...], measure: str) -> str:
    who = STUDY_NAMES[shown[0]] if len(shown) == 1 else "three studies"
    return TITLES[measure].format(who=who)


def _add_traces(fig: go.Figure, measure: str, row: int | None = None, legend: bool = True) -> None:
    where = dict(row=row, col=1) if row else {}
    for i, study in enumerate(STUDIES):
        fig.add_trace(go.Scatter(
            x=list(range(len(AXIS_PERIODS))), y=_series(study, measure), name=STUDY_NAMES[study],
            mode="lines+markers+text", connectgaps=False, textposition="top center",
            textfont=dict(size=13), legendgroup=study, showlegend=legend,
            line=dict(width=3, **series_style(i)), marker=dict(symbol=MARKERS[i], size=11),
            hovertemplate=f"{STUDY_NAMES[study]}<br>%{{y}}<extra></extra>",
        ), **where)
    low, high = _range("Kaiser", measure)
    xs, box_y = _box(low, high)
    fig.add_trace(go.Scatter(
        x=xs, y=box_y, name="Kaiser: pregnancy (range)", mode="lines", fill="toself",
        fillcolor="rgba(0,158,115,0.18)", legendgroup="Kaiser-range", showlegend=legend,
        line=dict(color=series_style(2)["color"], width=2, dash="dot"),
        hovertemplate=f"Kaiser, during pregnancy: {_fmt(low, measure)} to {_fmt(high, measure)}<extra></extra>",
    ), **where)


def _axes(fig: go.Figure, measure: str, row: int | None = None, xtitle: bool = True) -> None:
    where = dict(row=row, col=1) if row else {}
    fig.update_xaxes(tickvals=list(range(len(AXIS_PERIODS))), ticktext=list(TICKS), range=[-0.4, 5.4],
                     title_text=("Period (T1–T3: trimesters of pregnancy)" if xtitle else None), **where)
    fig.update_yaxes(title_text=Y_TITLES[measure], range=Y_RANGES[measure], automargin=True,
                     title_standoff=6, **where)


def pregnancy_figure(start: int = PRINT_STEP) -> go.Figure:
    """Published relapse rates by period of pregnancy: a slider switches studies and measures."""
    if not 0 <= start < len(STEPS):
        raise ValueError(f"start must be 0 to {len(STEPS) - 1}; got {start}")
    _label, shown, measure = STEPS[start]
    fig = go.Figure()
    _add_traces(fig, measure)
    state = _state(shown, measure)
    for i, trace in enumerate(fig.data):
        trace.y = state["y"][i]
        trace.visible = state["visible"][i]
        trace.text = state["text"][i] or None
    _axes(fig, measure)
    title_and_legend(fig, _title(shown, measure), 60, {"legend.entrywidth": 1, "legend.x": -0.12,
                                                         "xaxis.title.text": "Period (T: trimester)"})
    steps = [
        (label, _state(s, m), _title(s, m),
         {"yaxis.title.text": Y_TITLES[m], "yaxis.range": Y_RANGES[m]})
        for label, s, m in STEPS
    ]
    add_step_slider(fig, steps, start, "Showing")
    fig.update_layout({"sliders[0].x": 0.04, "sliders[0].len": 0.92, "sliders[0].font.size": 12},
                      margin=dict(r=20))
    set_narrow_layout(fig, {"sliders[0].x": 0.02, "sliders[0].len": 0.96, "sliders[0].font.size": 11,
                            "xaxis.tickfont.size": 11})
    return LAYOUT.place(fig)


def pregnancy_print_figure() -> go.Figure:
    """Both measures for all three studies at once, one panel above the other (for print)."""
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.09)
    for row, measure in ((1, "rate"), (2, "relative")):
        _add_traces(fig, measure, row=row, legend=row == 1)
        _axes(fig, measure, row=row, xtitle=row == 2)
    for trace in fig.data:
        trace.text = None
        trace.mode = "lines" if trace.fill else "lines+markers"
    fig.update_layout(
        title=dict(text="Relapse rates around pregnancy in three studies:<br>"
                        "per woman per year (top) and as a % of the rate before pregnancy (bottom)",
                   x=0.01, xref="container", font=dict(size=15)),
        legend=dict(orientation="h", x=0, y=-0.16, yanchor="top", font=dict(size=13),
                    entrywidth=0.5, entrywidthmode="fraction"),
        margin=dict(t=80, b=130, l=80, r=20), height=672,
    )
    fig.update_xaxes(tickfont=dict(size=13))
    fig.update_yaxes(tickfont=dict(size=13), title_font=dict(size=13))
    fig.update_yaxes(row=1, col=1, title_text="Per woman per year")
    fig.update_yaxes(row=2, col=1, title_text="% of rate before")
    return fig


def pregnancy_book_figure() -> BookFigure:
    """Chapter 12's pregnancy figure: slider on the web, both measures at once in print."""
    parts = []
    for study in STUDIES:
        rates = study_rates(study)
        text = ", ".join(f"{p} {v:g}" for p, v in rates.items())
        rng = study_ranges(study).get("pregnancy")
        if rng:
            text += f", during pregnancy {rng[0]:g} to {rng[1]:g}"
        parts.append(f"{STUDY_NAMES[study]}: {text}")
    return BookFigure(
        pregnancy_figure(),
        name="living-pregnancy",
        alt=("Line chart of relapses per woman per year before pregnancy, in each trimester and after birth, "
             "from three studies, with a slider that switches between studies and between rates and "
             "percentages of the rate before pregnancy. In every study the rate falls during pregnancy, and "
             "in PRIMS and MSBase it is lowest in the third trimester; in those two studies it rises above the "
             "earlier rate in the first three months after birth, and in the Kaiser cohort it does not. " + "; ".join(parts) + "."),
        height=HEIGHT,
        print_fig=pregnancy_print_figure(),
        print_height=672,
    )


# ------------------------------------------------------------ rate to share
EXPLORER_HEIGHT = 520
SHARE_LAYOUT = PanelLayout(EXPLORER_HEIGHT, 600, xtitle=70, legend=60, narrow_legend=100, slider=0, top=100)
#: Observed share of women with a relapse in the first 3 months after birth in PRIMS (Vukusic 2004), from
#: pregnancy_shares.csv: (months, share).
PRIMS_OBSERVED = (3, pregnancy_share("PRIMS", "pp1"))


def share_figure(rate: float = PARAMS["rate"].default, months: float = PARAMS["months"].default) -> go.Figure:
    """The share of women expected to relapse in a period, against its length, at one rate."""
    share = share_with_relapse(rate, months)
    xs = list(range(0, 25))
    fig = go.Figure()
    fig.add_trace(go.Scatter(
        x=xs, y=[round(100 * share_with_relapse(rate, max(m, 1)) if m else 0, 1) for m in xs],
        mode="lines", name=f"model, {rate:g} relapses a year", line=dict(width=3, **series_style(0)),
    ))
    fig.add_trace(go.Scatter(
        x=[months], y=[round(100 * share, 1)], mode="markers+text", name=f"{months:g} months: {100 * share:.0f}%",
        text=[f"{100 * share:.0f}%"], textposition="middle right", textfont=dict(size=14),
        marker=dict(size=13, symbol="circle", color=OKABE_ITO["blue"]),
    ))
    fig.add_trace(go.Scatter(
        x=[PRIMS_OBSERVED[0]], y=[round(100 * PRIMS_OBSERVED[1])], mode="markers",
        name=f"PRIMS: {100 * PRIMS_OBSERVED[1]:.0f}% observed",
        marker=dict(size=13, symbol="x", color=OKABE_ITO["vermillion"]),
    ))
    fig.update_xaxes(title_text="Length of the period (months)", range=[0, 24.5], dtick=3)
    fig.update_yaxes(title_text="Women with at least one relapse (%)", range=[0, 100], automargin=True)
    title_and_legend(fig, f"Share of women expected to have a relapse at {rate:g} relapses a year "
                          "(teaching model: every woman the same rate)", 60,
                     {"legend.entrywidth": 1, "legend.x": -0.12})
    fig.update_layout(height=EXPLORER_HEIGHT, margin=dict(r=20))
    return SHARE_LAYOUT.place(fig)


def share_explorer() -> Explorer:
    """Chapter 12's live explorer: what share of women a relapse rate implies over a period."""
    start = {"rate": 1.2, "months": 3.0}
    share = share_with_relapse(**start)
    return Explorer(
        dict(PARAMS),
        draw=share_figure,
        name="living-share-explorer",
        alt=(f"A rising curve of the share of women with at least one relapse against the length of the period, "
             f"at 1.2 relapses a year: {100 * share:.0f}% at 3 months, close to the 28% observed in PRIMS "
             "in the first 3 months after birth."),
        description=("Live explorer of the teaching model that turns a relapse rate into the share of women "
                     "with at least one relapse: choose the rate and the length of the period."),
        start=start,
        height=EXPLORER_HEIGHT,
    )


# -------------------------------------------------------------- evidence map
#: Short row labels for the map (the chapter's table gives the full ones).
SHORT = {
    "exercise": "Exercise<br>→ fatigue",
    "cbt": "CBT<br>→ fatigue",
    "smoking": "Smoking on<br>→ progression",
    "vitd_early": "Vitamin D, 1 trial<br>→ MRI activity",
    "vitd_trials": "Vitamin D, small<br>trials→relapses",
    "vitd_solar": "Vitamin D + IFN<br>→ activity",
    "diet": "Diets<br>→ relapses",
    "weight": "Obesity<br>→ disability",
    "sleep": "Sleep disorders<br>→ fatigue",
}
DIRECTION_STYLE = {
    # direction: (x position, label, marker symbol, colour)
    "harm": (-1, "worse outcome", "triangle-down", OKABE_ITO["vermillion"]),
    "none": (0, "no clear effect", "circle-open", "#555555"),
    "benefit": (1, "better outcome", "triangle-up", OKABE_ITO["bluish_green"]),
}
MAP_HEIGHT, MAP_NARROW_HEIGHT = 580, 700


def evidence_map_figure() -> go.Figure:
    """Direction of effect (left) and certainty of the evidence (right) for each lifestyle row."""
    rows = lifestyle_evidence()
    labels = [SHORT.get(r.id, r.factor) for r in rows][::-1]
    rows = rows[::-1]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.45, 0.55], horizontal_spacing=0.04,
                        subplot_titles=("Direction", "Certainty"))
    for direction, (x, label, symbol, colour) in DIRECTION_STYLE.items():
        picked = [(lab, r) for lab, r in zip(labels, rows) if r.direction == direction]
        fig.add_trace(go.Scatter(
            x=[x] * len(picked), y=[lab for lab, _ in picked], mode="markers", name=label,
            marker=dict(symbol=symbol, size=18, color=colour, line=dict(width=2, color=colour)),
            customdata=[[r.effect, r.citation] for _, r in picked],
            hovertemplate="%{customdata[0]}<br>source: %{customdata[1]}<extra></extra>",
        ), row=1, col=1)
    for basis, pattern, colour in (("GRADE", "", OKABE_ITO["blue"]), ("design", "/", OKABE_ITO["orange"])):
        picked = [(lab, r) for lab, r in zip(labels, rows) if r.basis == basis]
        fig.add_trace(go.Bar(
            x=[CERTAINTY.index(r.certainty) + 1 for _, r in picked], y=[lab for lab, _ in picked],
            orientation="h", name=("graded by the source (GRADE)" if basis == "GRADE"
                                   else "graded by the book (study design)"),
            marker=dict(color=colour, pattern=dict(shape=pattern), line=dict(color="#000000", width=1)),
            customdata=[[r.rationale, r.citation] for _, r in picked],
            hovertemplate="%{customdata[0]}<br>source: %{customdata[1]}<extra></extra>",
        ), row=1, col=2)
    fig.update_xaxes(row=1, col=1, range=[-1.6, 1.6], tickvals=[-1, 0, 1], ticktext=["worse", "none", "better"],
                     zeroline=False)
    fig.update_xaxes(row=1, col=2, range=[0, 4.4], tickvals=[1, 2, 3, 4], ticktext=["v. low", "low", "mod.", "high"])
    fig.update_yaxes(row=1, col=1, automargin=True, tickfont=dict(size=12), categoryorder="array",
                     categoryarray=labels)
    title_and_legend(fig, "Lifestyle and MS: what the evidence shows, and how sure it is", 8,
                     {"yaxis.tickfont.size": 11, "xaxis.tickangle": -90, "xaxis2.tickangle": -90,
                      "xaxis.tickfont.size": 11, "xaxis2.tickfont.size": 11,
                      "annotations[0].font.size": 12, "annotations[1].font.size": 12,
                      "annotations[0].text": "Effect", "annotations[1].text": "Certainty"})
    fig.update_layout(barmode="overlay", bargap=0.35,
                      showlegend=False)  # the tick labels and the caption explain markers and hatching
    for ann in fig.layout.annotations:
        ann.font = dict(size=14)
    layout = PanelLayout(MAP_HEIGHT, MAP_NARROW_HEIGHT, xtitle=60, legend=10, narrow_legend=10, slider=0, top=90,
                         narrow_xtitle=85)
    return layout.place(fig)


def evidence_map_book_figure() -> BookFigure:
    """Chapter 12's evidence map of lifestyle factors (lifestyle_evidence.csv)."""
    rows = lifestyle_evidence()
    return BookFigure(
        evidence_map_figure(),
        name="living-evidence-map",
        alt=("Evidence map with one row per lifestyle factor: on the left whether the factor went with better "
             "or worse outcomes or no clear effect, on the right how certain the evidence is. "
             + "; ".join(f"{r.factor} and {r.outcome}: {r.direction}, certainty {r.certainty}" for r in rows)
             + "."),
        height=MAP_HEIGHT,
    )


__all__ = [
    "pregnancy_figure", "pregnancy_print_figure", "pregnancy_book_figure", "share_figure", "share_explorer",
    "evidence_map_figure", "evidence_map_book_figure", "STEPS", "AXIS_PERIODS", "STUDIES",
]
