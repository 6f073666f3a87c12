"""The immune attack in MS, step by step (chapter 5): a drawn diagram that a slider steps through.

The picture is a schematic, not to scale: a lymph node on the left, a small blood
vessel with its wall (the blood-brain barrier) in the middle, and on the right the
central nervous system with one myelinated axon. Each step moves the cells and
changes the myelin; the figure's title gives the step's text. On the web a slider
steps through the stages with no kernel; in print the same stages appear as a grid of
numbered panels (``BookFigure(print_fig=...)``), so that print shows every stage.

Which parts are established and which are proposed is said in the chapter's text and
in the step texts below ("thought to", "proposed").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.figures import BookFigure
from msbook.plots.common import PanelLayout, add_step_slider, title_and_legend
from msbook.style import OKABE_ITO

# Drawing space: x 0..100, y 0..60.
X_RANGE, Y_RANGE = (0, 100), (0, 62)
NODE = (1, 29)          # lymph node, x from..to
VESSEL = (33, 47)       # vessel lumen
WALL = 48.5             # the vessel wall: the blood-brain barrier
CNS = (51, 99)          # brain and spinal cord
AXON_Y = 16
AXON = (53, 98)
#: Internodes (myelin segments) along the axon, x from..to.
INTERNODES = [(55, 62), (64, 71), (73, 80), (82, 89), (91, 97)]

# Cells: (legend name, marker symbol, colour).
KINDS = {
    "apc": ("Antigen-presenting cell", "star", OKABE_ITO["orange"]),
    "t": ("T cell", "circle", OKABE_ITO["blue"]),
    "b": ("B cell or plasma cell", "square", OKABE_ITO["bluish_green"]),
    "mac": ("Macrophage or microglia", "diamond", OKABE_ITO["vermillion"]),
    "astro": ("Astrocyte", "triangle-up", OKABE_ITO["reddish_purple"]),
    "signal": ("Signal molecule", "x-thin-open", "#555555"),
}
MYELIN_COLOUR = "#8a6d3b"
NEW_MYELIN_COLOUR = OKABE_ITO["sky_blue"]


@dataclass(frozen=True)
class Step:
    """One stage of the attack: its slider label, heading, text, where it happens, and who is where."""

    label: str
    heading: str
    text: str
    box: tuple[float, float, float, float]  # x0, x1, y0, y1 of the highlighted area
    cells: dict[str, list[tuple[float, float]]]
    myelin: list[tuple[float, float]] = field(default_factory=lambda: list(INTERNODES))
    new_myelin: list[tuple[float, float]] = field(default_factory=list)
    axon: list[tuple[float, float]] = field(default_factory=lambda: [AXON])


_LESION = (72, 90)  # where the lesion forms along the axon

STEPS = [
    Step("activate", "Activation in a lymph node",
         "An antigen-presenting cell shows a peptide to a T cell that fits it; the T cell is "
         "switched on and multiplies. What sets this off in MS is not known.",
         (NODE[0], NODE[1], 6, 46),
         {"apc": [(8, 32)], "t": [(16, 32), (20, 25), (22, 39), (24, 31)], "b": [(9, 20)]}),
    Step("adhere", "Gripping the vessel wall",
         "Activated T cells travel in the blood. VLA-4 on their surface grips VCAM-1 on the "
         "inflamed vessel wall; natalizumab blocks this grip.",
         (VESSEL[0] - 1, WALL + 1.5, 8, 50),
         {"t": [(40, 40), (46, 31), (46, 22)], "b": [(38, 15)]}),
    Step("home", "Homing signals and crossing",
         "Chemokines made at the barrier, partly by glial cells, guide the cells through the "
         "wall into the brain or spinal cord.",
         (VESSEL[1] - 3, 64, 8, 54),
         {"t": [(46, 31), (51, 36)], "astro": [(60, 47)],
          "signal": [(56, 43), (53, 40), (57, 38)]}),
    Step("reactivate", "Reactivation behind the barrier",
         "Antigen-presenting cells near the vessel show myelin peptides to the T cell, which is "
         "thought to switch it on again. Th1 and Th17 cells release cytokines.",
         (CNS[0], 80, 26, 54),
         {"t": [(63, 38)], "apc": [(56, 38)], "astro": [(60, 49)],
          "signal": [(68, 36), (70, 42), (67, 45)]}),
    Step("recruit", "More cells arrive",
         "The barrier leaks. CD8 T cells, B cells and blood monocytes (which become macrophages) "
         "follow, and microglia are roused.",
         (CNS[0], CNS[1], 22, 54),
         {"t": [(63, 38), (72, 34), (80, 40), (88, 34)], "b": [(58, 48), (64, 51)],
          "mac": [(74, 26), (84, 27)], "apc": [(56, 38)],
          "signal": [(68, 44), (77, 45), (92, 42)]}),
    Step("strip", "Myelin is stripped",
         "Macrophages and microglia strip and swallow myelin, helped, it is thought, by "
         "cytokines and, in some lesions, antibodies; oligodendrocytes die. The axon is left bare.",
         (_LESION[0] - 2, _LESION[1] + 2, 8, 32),
         {"t": [(72, 34), (88, 34)], "b": [(64, 51)],
          "mac": [(74, 21), (80, 11), (86, 21)]},
         myelin=[s for s in INTERNODES if s[1] <= _LESION[0] or s[0] >= _LESION[1]]),
    Step("repair", "Repair, or loss",
         "New oligodendrocytes may wrap the bare axon in thin new myelin. An axon cut in the "
         "attack is lost for good.",
         (_LESION[0] - 2, _LESION[1] + 2, 8, 32),
         {"mac": [(86, 24)], "t": [(80, 38)]},
         myelin=[s for s in INTERNODES if s[1] <= _LESION[0] or s[0] >= _LESION[1]],
         new_myelin=[(73, 80)],
         axon=[(AXON[0], 84.5), (87, AXON[1])]),
    Step("scar", "Scar, or a smouldering edge",
         "Astrocytes fill the gap and form a scar. In some lesions activated microglia stay at "
         "the edge and the damage creeps on slowly.",
         (_LESION[0] - 2, _LESION[1] + 2, 8, 32),
         {"astro": [(82, 24), (86, 10), (89, 26)], "mac": [(70, 24), (94, 11)]},
         myelin=[s for s in INTERNODES if s[1] <= _LESION[0] or s[0] >= _LESION[1]],
         new_myelin=[(73, 80)],
         axon=[(AXON[0], 84.5), (87, AXON[1])]),
]

#: Heights (CSS px): slider figure on a desktop and a phone; the print grid. The print grid
#: is 672 px wide (16 cm) and must be no taller than about 0.67 of the text height (about
#: 690 px), or it is shrunk and its 12 px text prints under 8 pt.
HEIGHT, NARROW_HEIGHT, PRINT_HEIGHT = 760, 990, 680
LAYOUT = PanelLayout(HEIGHT, NARROW_HEIGHT, xtitle=12, legend=150, narrow_legend=345, slider=105, top=110)


def step_title(number: int, step: Step) -> str:
    return f"<b>Step {number} of {len(STEPS)}. {step.heading}.</b> {step.text}"


def _segments(pieces: list[tuple[float, float]], y: float) -> tuple[list, list]:
    xs, ys = [], []
    for x0, x1 in pieces:
        xs += [x0, x1, None]
        ys += [y, y, None]
    return xs, ys


def _box_path(box: tuple[float, float, float, float]) -> tuple[list, list]:
    x0, x1, y0, y1 = box
    return [x0, x1, x1, x0, x0], [y0, y0, y1, y1, y0]


def _state(step: Step) -> dict:
    """Trace data for one step, in the order of :func:`_traces`: x and y lists."""
    xs, ys = [], []
    for kind in KINDS:
        pts = step.cells.get(kind, [])
        xs.append([p[0] for p in pts])
        ys.append([p[1] for p in pts])
    for pieces, y in ((step.axon, AXON_Y), (step.myelin, AXON_Y), (step.new_myelin, AXON_Y)):
        x, yy = _segments(pieces, y)
        xs.append(x)
        ys.append(yy)
    x, y = _box_path(step.box)
    xs.append(x)
    ys.append(y)
    return {"x": xs, "y": ys}


def _traces(step: Step, legend: bool, marker_size: int = 15) -> list[go.Scatter]:
    """The key (one trace per item, drawn outside the view, so the legend never changes)
    if ``legend``, then the step's own traces (no legend entries), in :func:`_state` order."""
    key = []
    if legend:
        state = {"x": [[-100]] * (len(KINDS) + 4), "y": [[-100]] * (len(KINDS) + 4)}
        key = [t.update(showlegend=True, hoverinfo="skip") for t in _drawn(state, marker_size)]
    return key + _drawn(_state(step), marker_size)


def _drawn(state: dict, marker_size: int) -> list[go.Scatter]:
    legend = False
    traces = []
    for i, (kind, (name, symbol, colour)) in enumerate(KINDS.items()):
        traces.append(go.Scatter(
            x=state["x"][i], y=state["y"][i], mode="markers", name=name, legendgroup=kind,
            showlegend=legend, hoverinfo="name",
            marker=dict(symbol=symbol, size=marker_size, color=colour,
                        line=dict(width=2 if kind == "signal" else 1, color=colour if kind == "signal" else "#222222")),
        ))
    n = len(KINDS)
    lines = [
        ("Axon", dict(color="#222222", width=2)),
        ("Myelin", dict(color=MYELIN_COLOUR, width=9)),
        ("New thin myelin", dict(color=NEW_MYELIN_COLOUR, width=4)),
        ("Where this step happens", dict(color="#555555", width=2, dash="dash")),
    ]
    for j, (name, line) in enumerate(lines):
        traces.append(go.Scatter(
            x=state["x"][n + j], y=state["y"][n + j], mode="lines", name=name, legendgroup=name,
            showlegend=legend, hoverinfo="skip", line=line, connectgaps=False,
        ))
    return traces


def draw_scene(fig: go.Figure, xref: str = "x", yref: str = "y", font: int = 13, above: bool | str = False) -> None:
    """The fixed scene of chapter 5 (reused by chapter 10's mechanism map): lymph node, vessel
    and barrier, brain and spinal cord, with labels (``font`` in px).

    ``above``: put the zone labels above the zones, on one line (for the small print panels);
    ``"none"``: no labels (print panels below the first row).
    """
    shape = dict(xref=xref, yref=yref, layer="below")
    fig.add_shape(type="rect", x0=NODE[0], x1=NODE[1], y0=4, y1=46, line=dict(color="#999999", width=1),
                  fillcolor="rgba(230,159,0,0.08)", **shape)
    fig.add_shape(type="rect", x0=VESSEL[0], x1=VESSEL[1], y0=2, y1=58, line=dict(width=0),
                  fillcolor="rgba(213,94,0,0.08)", **shape)
    fig.add_shape(type="line", x0=WALL, x1=WALL, y0=2, y1=58, line=dict(color="#555555", width=4), **shape)
    fig.add_shape(type="rect", x0=CNS[0], x1=CNS[1], y0=2, y1=58, line=dict(color="#999999", width=1),
                  fillcolor="rgba(0,114,178,0.06)", **shape)
    labels = [
        ((NODE[0] + NODE[1]) / 2, 58, "Lymph node<br>(periphery)"),
        ((VESSEL[0] + VESSEL[1]) / 2, 60.5, "Blood<br>vessel"),
        ((CNS[0] + CNS[1]) / 2, 61, "Brain and spinal cord"),
    ]
    if above == "none":
        return
    for x, y, text in labels:
        if above:
            y, text = 58.5, text.replace("<br>", " ").replace(" (periphery)", "").replace("Blood vessel", "Vessel")
        fig.add_annotation(x=x, y=y, xref=xref, yref=yref, text=text, showarrow=False,
                           yanchor="bottom" if above else "top", font=dict(size=font, color="#222222"))


def scene_axes(fig: go.Figure, **where) -> None:
    """Hidden, fixed axes over the scene's coordinates (``where``: ``row``/``col`` of a subplot)."""
    fig.update_xaxes(visible=False, range=list(X_RANGE), fixedrange=True, **where)
    fig.update_yaxes(visible=False, range=list(Y_RANGE), fixedrange=True, **where)


def attack_steps_figure(start: int = 0) -> go.Figure:
    """The diagram with a slider over the eight steps (``start``: 0 to 7). Works with no kernel."""
    if not 0 <= start < len(STEPS):
        raise ValueError(f"start must be 0 to {len(STEPS) - 1}; got {start!r}")
    fig = go.Figure(_traces(STEPS[start], legend=True))
    changing = list(range(len(KINDS) + 4, 2 * (len(KINDS) + 4)))
    draw_scene(fig)
    scene_axes(fig)
    steps = [(s.label, _state(s), step_title(i + 1, s)) for i, s in enumerate(STEPS)]
    title_and_legend(fig, step_title(start + 1, STEPS[start]), 12, {
        "legend.entrywidth": 1, "legend.x": 0, "margin.l": 12,
    })
    fig.update_layout(margin=dict(l=12, r=12), hovermode="closest",
                      legend=dict(font_size=13, itemsizing="constant", entrywidth=0.33))
    # Three legend columns on a desktop (title_and_legend's default is two), one on a phone.
    fig.layout.meta["msbook"]["wide"]["legend.entrywidth"] = 0.33
    add_step_slider(fig, steps, start, "Step", traces=changing)
    # Inset the slider so that the first and last labels (words) are not cut off at the edges.
    fig.update_layout(sliders=[dict(fig.layout.sliders[0].to_plotly_json(), x=0.06, len=0.88)])
    return LAYOUT.place(fig)


def attack_steps_print_figure() -> go.Figure:
    """Every step at once: a grid of numbered panels (two columns, four rows), for print."""
    cols, rows = 2, (len(STEPS) + 1) // 2
    titles = [f"<b>{i + 1}. {s.heading}</b>" for i, s in enumerate(STEPS)]
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, horizontal_spacing=0.03,
                        vertical_spacing=0.075)
    for i, step in enumerate(STEPS):
        row, col = i // cols + 1, i % cols + 1
        for trace in _traces(step, legend=(i == 0), marker_size=10):
            trace.update(legendgroup=None)
            fig.add_trace(trace, row=row, col=col)
        axis = "" if i == 0 else str(i + 1)
        draw_scene(fig, xref=f"x{axis}", yref=f"y{axis}", font=13, above=True if row == 1 else "none")
        scene_axes(fig, row=row, col=col)
        fig.update_yaxes(range=[0, 66], row=row, col=col)
    for annotation in fig.layout.annotations[:len(STEPS)]:
        annotation.font = dict(size=14)
    fig.update_layout(
        margin=dict(l=6, r=6, t=24, b=84), showlegend=True,
        legend=dict(orientation="h", x=0, y=-0.015, yanchor="top", entrywidth=0.33, entrywidthmode="fraction",
                    font=dict(size=13), itemsizing="constant", tracegroupgap=0),
    )
    return fig


def attack_steps_book_figure() -> BookFigure:
    """Chapter 5's step-by-step figure: a slider on the web, numbered panels in print."""
    return BookFigure(
        attack_steps_figure(),
        name="attack-steps",
        alt=(
            "A schematic in three zones: a lymph node on the left, a blood vessel whose wall is "
            "the blood-brain barrier in the middle, and the brain and spinal cord with one "
            "myelinated axon on the right. A slider steps through eight stages of the immune "
            "attack in MS, from activation of T cells in the lymph node, through crossing the "
            "barrier and reactivation, to myelin being stripped, repair or loss of the axon, "
            "and a scar."
        ),
        height=HEIGHT,
        print_fig=attack_steps_print_figure(),
        print_height=PRINT_HEIGHT,
    )

