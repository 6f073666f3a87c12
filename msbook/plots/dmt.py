"""Chapter 10 figures: where each class of disease-modifying therapy acts, the pivotal trials'
relapse rates, and a live explorer of relative against absolute reductions.

- :func:`mechanism_map_book_figure`: chapter 5's scene (lymph node, blood vessel and barrier,
  brain and spinal cord) with a slider that picks a drug or class; rings mark where it acts
  and the cells move as the drug would move them (a schematic, not data).
- :func:`trial_chart_book_figure`: annualised relapse rates on drug and comparator for each
  pivotal trial in ``msbook/data/dmt_trials.csv``, with a slider that filters by comparator
  and by where the drug acts. Only rows with status "verified" or "derived" are drawn as
  numbers; "missing" rows are drawn as labelled gaps. The warning that the trials cannot be
  ranked against each other is part of the figure's title in every state.
- :func:`relapses_explorer`: the arithmetic of :func:`msbook.models.dmt.relapses_over`.
"""

from __future__ import annotations

import plotly.graph_objects as go

from msbook.figures import BookFigure
from msbook.models.dmt import CLASSES, GROUPS, PARAMS, SITES, Trial, drug_class, relapses_over, trials
from msbook.plots.attack import INTERNODES, AXON, AXON_Y, KINDS, MYELIN_COLOUR, draw_scene, scene_axes
from msbook.plots.common import (
    NARROW_TITLE_CHARS,
    PanelLayout,
    TOP_TITLE,
    WIDE_TITLE_CHARS,
    add_step_slider,
    fit_title,
    set_narrow_layout,
    stack_below,
    title_and_legend,
)
from msbook.style import OKABE_ITO
from msbook.widgets import Explorer

# ---------------------------------------------------------------- mechanism map
#: Where the ring for each site is drawn (the scene's units: x 0..100, y 0..62).
SITE_XY = {"node": (15, 30), "blood": (40, 30), "barrier": (48.5, 30), "cns": (72, 38)}

_BASE_T = [(12, 30), (20, 24), (22, 38), (40, 42), (42, 20), (46, 31), (62, 38), (74, 34)]
_BASE_B = [(9, 18), (38, 12), (64, 50)]


def _without(points, region):
    lo, hi = region
    return [p for p in points if not lo <= p[0] <= hi]


#: Cells drawn for each state: (T cells, B cells). Schematic: more or fewer cells, not counts.
CELLS = {
    "none": (_BASE_T, _BASE_B),
    "natalizumab": ([(12, 30), (20, 24), (22, 38), (40, 42), (45, 22), (46, 31), (45, 40), (38, 30)],
                    [(9, 18), (38, 12)]),
    "s1p": ([(8, 32), (12, 24), (16, 40), (20, 30), (24, 22), (25, 38)], [(9, 16), (15, 12)]),
    "anti_cd20": (_BASE_T, []),
    "alemtuzumab": ([(18, 30)], []),
    "cladribine": ([(14, 30), (22, 36), (40, 36)], [(10, 18)]),
    "interferon": ([(12, 30), (20, 24), (22, 38), (40, 42), (42, 20), (46, 31), (66, 36)], _BASE_B[:2]),
    "glatiramer": (_BASE_T, _BASE_B),
    "teriflunomide": ([(14, 30), (22, 36), (40, 40), (66, 36)], [(9, 18)]),
    "fumarate": ([(12, 30), (20, 24), (40, 42), (46, 31), (66, 36)], _BASE_B[:2]),
}

#: The slider's states: (slider label, class id in msbook.models.dmt.CLASSES or "none").
MAP_STATES = (
    ("none", "none"), ("natalizumab", "natalizumab"), ("S1P", "s1p"), ("anti-CD20", "anti_cd20"),
    ("alemtuzumab", "alemtuzumab"), ("cladribine", "cladribine"), ("interferon", "interferon"),
    ("glatiramer", "glatiramer"), ("teriflunomide", "teriflunomide"), ("fumarate", "fumarate"),
)
#: The state that print shows.
MAP_PRINT_STATE = 1

MAP_HEIGHT, MAP_NARROW_HEIGHT = 700, 900
MAP_LAYOUT = PanelLayout(MAP_HEIGHT, MAP_NARROW_HEIGHT, xtitle=12, legend=70, narrow_legend=130, slider=105, top=120)


def map_title(class_id: str) -> str:
    """The title of one state: the drug or class, the group it belongs to, and what it does."""
    if class_id == "none":
        return ("<b>No drug.</b> T cells (circles) and B cells (squares) are activated in a lymph "
                "node, travel in the blood, cross the barrier and attack in the brain.")
    entry = drug_class(class_id)
    sites = ", ".join(SITES[s].split(":")[0].lower() for s in entry.sites)
    where = "sites" if len(entry.sites) > 1 else "site"
    return f"<b>{entry.label}</b> ({GROUPS[entry.group]}; {where}: {sites}): {entry.action}."


def _map_state(class_id: str) -> dict:
    t_cells, b_cells = CELLS[class_id]
    rings = [] if class_id == "none" else [SITE_XY[s] for s in drug_class(class_id).sites]
    return {
        "x": [[p[0] for p in t_cells], [p[0] for p in b_cells], [p[0] for p in rings]],
        "y": [[p[1] for p in t_cells], [p[1] for p in b_cells], [p[1] for p in rings]],
    }


def mechanism_map_figure(start: int = 0) -> go.Figure:
    """The scene with a slider over :data:`MAP_STATES` (``start``: 0 to 9). Works with no kernel."""
    if not 0 <= start < len(MAP_STATES):
        raise ValueError(f"start must be 0 to {len(MAP_STATES) - 1}; got {start!r}")
    fig = go.Figure()
    draw_scene(fig)
    scene_axes(fig)
    xs, ys = [], []
    for x0, x1 in INTERNODES:
        xs += [x0, x1, None]
        ys += [AXON_Y, AXON_Y, None]
    fig.add_trace(go.Scatter(x=list(AXON), y=[AXON_Y, AXON_Y], mode="lines", name="Axon",
                             line=dict(color="#222222", width=2), hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="Myelin", line=dict(color=MYELIN_COLOUR, width=9),
                             hoverinfo="skip", connectgaps=False))
    state = _map_state(MAP_STATES[start][1])
    for i, kind in enumerate(("t", "b")):
        name, symbol, colour = KINDS[kind]
        fig.add_trace(go.Scatter(x=state["x"][i], y=state["y"][i], mode="markers", name=name, hoverinfo="name",
                                 marker=dict(symbol=symbol, size=15, color=colour, line=dict(width=1, color="#222222"))))
    fig.add_trace(go.Scatter(x=state["x"][2], y=state["y"][2], mode="markers", name="Where the drug acts (ring)",
                             hoverinfo="name",
                             marker=dict(symbol="circle-open", size=46, color="#000000", line=dict(width=3))))
    changing = [2, 3, 4]
    steps = [(label, _map_state(cid), map_title(cid)) for label, cid in MAP_STATES]
    title_and_legend(fig, map_title(MAP_STATES[start][1]), 12, {"legend.entrywidth": 1, "legend.x": 0})
    fig.update_layout(margin=dict(l=12, r=12), hovermode="closest",
                      legend=dict(font_size=13, itemsizing="constant", entrywidth=0.33))
    fig.layout.meta["msbook"]["wide"]["legend.entrywidth"] = 0.33
    add_step_slider(fig, steps, start, "Drug or class", traces=changing)
    fig.update_layout(sliders=[dict(fig.layout.sliders[0].to_plotly_json(), x=0.04, len=0.92, font=dict(size=11))])
    return MAP_LAYOUT.place(fig)


def mechanism_map_book_figure() -> BookFigure:
    """Chapter 10's mechanism map: a slider on the web; print shows natalizumab's state
    (chapter 10's table maps every class to its sites)."""
    fig = mechanism_map_figure()
    printed = mechanism_map_figure(MAP_PRINT_STATE)
    names = "; ".join(f"{c.label}: {', '.join(SITES[s] for s in c.sites)}" for c in CLASSES)
    return BookFigure(
        fig,
        name="dmt-mechanism-map",
        alt=("A schematic of the immune journey from chapter 5: a lymph node on the left, a blood vessel "
             "whose wall is the blood-brain barrier in the middle, and the brain and spinal cord with one "
             "myelinated axon on the right. A slider picks a drug or class; rings mark where it acts and "
             "the T cells and B cells move accordingly. Sites: " + names + "."),
        height=MAP_HEIGHT,
        print_fig=printed,
        print_height=MAP_HEIGHT - 110,
    )


# ---------------------------------------------------------------- trial chart
#: The trial chart's filters: (slider label, title text, group or None, comparator kind or None).
FILTERS = (
    ("all", "all pivotal trials", None, None),
    ("placebo", "trials against placebo", None, "placebo"),
    ("active", "trials against another drug", None, "active"),
    ("keep out", "drugs that keep cells out", "keep_out", None),
    ("remove", "drugs that remove cells", "remove", None),
    ("modulate", "drugs that modulate cells", "modulate", None),
)
WARNING = "<i>Not a ranking: comparators, decades and people differ</i>"
ROW_PX, PRINT_ROW_PX = 36, 19
#: How far above its row (in rows) the web chart writes a row's label.
LABEL_RISE = 0.42
_X_MAX = 1.4


def row_label(t: Trial, one_line: bool = False) -> str:
    """The trial's row label: the drug (short), the trial's name and year, and "derived" if
    its rates were derived from counts. The web chart writes it above the row (``one_line=False``
    adds "gap" for a trial with no plotted rate); print uses it as the axis label."""
    if one_line:
        drug = t.drug.replace(" (intramuscular)", " IM").replace(" (subcutaneous)", " SC")
        derived = ", derived" if t.arr_status == "derived" else ""
        return f"{drug} ({t.trial}, {t.year}{derived})"
    drug = (t.drug.replace(" (intramuscular)", " IM").replace(" (subcutaneous)", " SC").replace(" tablets", "")
            .replace("interferon", "IFN"))
    extra = {"derived": ", derived", "missing": ", gap"}.get(t.arr_status, "")
    return f"{drug}: {t.trial} ({t.year}{extra})"


def _filtered(group, kind) -> list[Trial]:
    """The chosen trials, oldest at the top (plotly draws the first category at the bottom)."""
    return sorted(trials(group, kind), key=lambda t: (t.year, t.trial), reverse=True)


def _chart_state(rows: list[Trial], one_line: bool = False) -> dict:
    """Trace data for ``rows`` (newest first: row ``i`` is drawn at height ``i``, so the oldest
    is at the top): the joining lines, the drug, placebo and active markers (each marker's
    ``customdata`` is its trial's id in the data file), and a text trace (on the web each row's
    label, written just above the row; in print, "gap" beside rows with no rate, the labels
    being the axis's)."""
    lines_x, lines_y = [], []
    drug, placebo, active = ([], [], []), ([], [], []), ([], [], [])
    words = ([], [], [])
    for i, t in enumerate(rows):
        if not one_line:
            words[0].append(0)
            words[1].append(i + LABEL_RISE)
            words[2].append(row_label(t))
        elif not t.plotted:
            words[0].append(0.02)
            words[1].append(i)
            words[2].append("gap: no rate plotted")
        if not t.plotted:
            continue
        lines_x += [t.arr_drug, t.arr_comparator, None]
        lines_y += [i, i, None]
        target = placebo if t.comparator_kind == "placebo" else active
        for trace, value in ((drug, t.arr_drug), (target, t.arr_comparator)):
            trace[0].append(value)
            trace[1].append(i)
            trace[2].append(t.id)
    return {
        "x": [lines_x, drug[0], placebo[0], active[0], words[0]],
        "y": [lines_y, drug[1], placebo[1], active[1], words[1]],
        "text": [None, None, None, None, words[2]],
        "customdata": [None, drug[2], placebo[2], active[2], None],
    }


def _y_range(n: int) -> list[float]:
    return [-0.6, n - 1 + LABEL_RISE + 0.45]


def _chart_title(text: str) -> str:
    return f"Relapses per person-year: {text}<br>{WARNING}"


def _height(rows: int, row_px: int, extra: int) -> int:
    return rows * row_px + extra


def trial_chart_figure(start: int = 0, compact: bool = False) -> go.Figure:
    """Drug and comparator relapse rates, one row per trial, with a filter slider (``start``: 0 to 5).

    ``compact``: shorter rows and no slider, for print (all trials).
    """
    if not 0 <= start < len(FILTERS):
        raise ValueError(f"start must be 0 to {len(FILTERS) - 1}; got {start!r}")
    everything = _filtered(None, None)
    _, text, group, kind = FILTERS[start]
    rows = _filtered(group, kind)
    state = _chart_state(rows, compact)
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=state["x"][0], y=state["y"][0], mode="lines", name="difference",
                             line=dict(color="#777777", width=2), hoverinfo="skip", showlegend=False,
                             connectgaps=False))
    fig.add_trace(go.Scatter(x=state["x"][1], y=state["y"][1], customdata=state["customdata"][1],
                             mode="markers", name="on the drug",
                             marker=dict(symbol="circle", size=12, color=OKABE_ITO["blue"],
                                         line=dict(width=1, color="#000000")),
                             hovertemplate="on the drug: %{x}<extra></extra>"))
    fig.add_trace(go.Scatter(x=state["x"][2], y=state["y"][2], customdata=state["customdata"][2],
                             mode="markers", name="placebo",
                             marker=dict(symbol="square-open", size=12, color=OKABE_ITO["vermillion"],
                                         line=dict(width=2.5)),
                             hovertemplate="placebo: %{x}<extra></extra>"))
    fig.add_trace(go.Scatter(x=state["x"][3], y=state["y"][3], customdata=state["customdata"][3],
                             mode="markers", name="another drug (active comparator)",
                             marker=dict(symbol="diamond-open", size=13, color=OKABE_ITO["reddish_purple"],
                                         line=dict(width=2.5)),
                             hovertemplate="comparator drug: %{x}<extra></extra>"))
    fig.add_trace(go.Scatter(x=state["x"][4], y=state["y"][4], text=state["text"][4], mode="text",
                             name="row labels", textposition="middle right",
                             textfont=dict(size=12 if compact else 11, color="#333333"), hoverinfo="skip",
                             showlegend=False, cliponaxis=False))
    row_px = PRINT_ROW_PX if compact else ROW_PX
    top, bottom = (80, 135) if compact else (96, 235)
    height = _height(len(everything), row_px, top + bottom)
    fig.update_xaxes(title_text="Relapses per person per year", range=[0, _X_MAX],
                     dtick=0.2, zeroline=True)
    fig.update_yaxes(tickvals=list(range(len(rows))), ticktext=[row_label(t, True) for t in rows], automargin=compact,
                     tickfont=dict(size=12), showticklabels=compact, showgrid=False, zeroline=False,
                     range=[-0.6, len(rows) - 0.4] if compact else _y_range(len(rows)))
    fig.update_layout(
        height=height,
        title=TOP_TITLE | dict(text=_chart_title(text), font=dict(size=15)),
        legend=(dict(orientation="h", x=0, xanchor="left", entrywidth=280, entrywidthmode="pixels") if compact else
                dict(orientation="h", x=0, xanchor="left", entrywidth=1, entrywidthmode="fraction")),
        margin=dict(l=10, r=16),
        hovermode="closest",
    )
    if compact:
        fig.update_layout(stack_below(height, top, 60, 75))
        fig.update_layout(title=dict(text=_chart_title(text).replace("<br>", " ")
                                     if len(_chart_title(text)) < WIDE_TITLE_CHARS else _chart_title(text)))
        set_narrow_layout(fig, {"title.text": fit_title(_chart_title(text), NARROW_TITLE_CHARS)})
        return fig
    steps = []
    for label, words, g, k in FILTERS:
        chosen = _filtered(g, k)
        s = _chart_state(chosen)
        steps.append((label, s, _chart_title(words), {"yaxis.range": _y_range(len(chosen))}))
    add_step_slider(fig, steps, start, "Show", traces=[0, 1, 2, 3, 4])
    fig.update_layout(sliders=[dict(fig.layout.sliders[0].to_plotly_json(), x=0.04, len=0.92)])
    fig.update_layout(stack_below(height, top, 60, 70, 105))
    narrow_height = height + 70
    set_narrow_layout(fig, {
        "height": narrow_height,
        "title.font.size": 14,
        "margin.l": 4, "margin.r": 6,
        "xaxis.dtick": 0.4,
        **stack_below(narrow_height, 110, 70, 80, 105),
    })
    return fig


def trial_chart_book_figure() -> BookFigure:
    """Chapter 10's trial chart: a filter slider on the web; all trials, compact, in print."""
    everything = trials()
    plotted = [t for t in everything if t.plotted]
    gaps = [t.trial for t in everything if not t.plotted]
    fig = trial_chart_figure()
    printed = trial_chart_figure(compact=True)
    return BookFigure(
        fig,
        name="dmt-trial-chart",
        alt=(f"A dot chart with one row for each of {len(everything)} pivotal trials of MS drugs: a filled "
             "circle for the annualised relapse rate on the drug and an open square (placebo) or open "
             "diamond (another drug) for the comparator, joined by a line. "
             f"{len(plotted)} trials are plotted; {', '.join(gaps)} are shown as gaps without numbers. "
             "The title warns that the trials cannot be ranked against each other. A slider filters "
             "the rows by comparator and by where the drug acts."),
        height=int(fig.layout.height),
        print_fig=printed,
        print_height=int(printed.layout.height),
    )


# ---------------------------------------------------------------- relative and absolute
EXPLORER_HEIGHT = 460


def relapses_figure(comparator_rate: float = PARAMS["comparator_rate"].default,
                    reduction: float = PARAMS["reduction"].default,
                    years: float = PARAMS["years"].default) -> go.Figure:
    """Bars: expected relapses per 100 people over ``years``, without and with the drug."""
    result = relapses_over(comparator_rate, reduction, years)
    fig = go.Figure(go.Bar(
        x=["without the drug", "with the drug"], y=[round(result.without, 1), round(result.with_drug, 1)],
        marker=dict(color=[OKABE_ITO["vermillion"], OKABE_ITO["blue"]],
                    pattern=dict(shape=["/", ""]), line=dict(color="#000000", width=1)),
        text=[f"{result.without:.0f}", f"{result.with_drug:.0f}"], textposition="outside",
        hoverinfo="skip", showlegend=False,
    ))
    title = (f"{reduction:g}% fewer relapses: {result.avoided:.0f} fewer per 100 people "
             f"over {years:g} years (from {comparator_rate:g} a year)")
    fig.update_yaxes(title_text="Relapses per 100 people", range=[0, max(result.without * 1.25, 10)])
    title_and_legend(fig, title, 56)
    fig.update_layout(height=EXPLORER_HEIGHT, margin=dict(t=90, b=60, l=70, r=20))
    return fig


def relapses_explorer() -> Explorer:
    """Live explorer: the comparator's relapse rate, the relative reduction and the years."""
    return Explorer(
        dict(PARAMS),
        draw=relapses_figure,
        name="dmt-relapses-explorer",
        alt=("Two bars: expected relapses per 100 people over 2 years at 0.8 relapses a year without the "
             "drug, and with a 30% relative reduction."),
        description=("Live explorer: sliders set the relapse rate without the drug, the relative reduction "
                     "and the number of years; the bars show expected relapses per 100 people with and "
                     "without the drug."),
        height=EXPLORER_HEIGHT,
    )
