"""Chapter 2 diagram: the cytokine network of helper T cells, who makes which cytokine and whom it acts on.

Standard textbook immunology (e.g. OpenStax Biology 2e, chapter 42; any immunology textbook):
an antigen-presenting cell activates a naive CD4 helper T cell (antigen on MHC class II plus
co-stimulation), and the cytokines around it steer the cell towards Th1 (IL-12), Th2 (IL-4),
Th17 (IL-6 and IL-23, among others; the label shows these two) or a regulatory T cell (TGF-beta and IL-2). Each subset
makes its own cytokines, which act on other cells. Th2 cytokines mainly steer the class of antibody
B cells make; most help to B cells comes from T follicular helper cells (Crotty 2015), not drawn.
The diagram is deliberately simplified.
"""

from __future__ import annotations

import plotly.graph_objects as go
from _tree import Item, tree_figure, wrap

from msbook.style import OKABE_ITO

SIZE = (1000, 860)
#: Text size (px): at least 12 px where the diagram is shown (1000 px drawn in a 672 px column).
FONT = 18

PRO = OKABE_ITO["vermillion"]
REG = OKABE_ITO["bluish_green"]
OTHER = OKABE_ITO["blue"]
NEUTRAL = "#555555"
FILL = {
    "pro": "rgba(213,94,0,0.14)",
    "reg": "rgba(0,158,115,0.16)",
    "other": "rgba(0,114,178,0.12)",
    None: "white",
}
BORDER = {"pro": PRO, "reg": REG, "other": OTHER, None: NEUTRAL}
# Border width is a second cue besides colour: thick for pro-inflammatory, thin for the rest,
# and every subset's label names its role in words.
WIDTH = {"pro": 4, "reg": 2, "other": 2, None: 2}

# name: (x, y, label, role) in a 0-100 x 0-100 box.
NODES = {
    "apc": (7, 50, "<b>Antigen-<br>presenting cell</b><br>(dendritic cell<br>or macrophage)", None),
    "naive": (25.5, 50, "<b>Naive helper<br>T cell</b><br>(CD4)", None),
    "th1": (54, 88, "<b>Th1 cell</b><br>pro-inflammatory", "pro"),
    "th2": (54, 63, "<b>Th2 cell</b><br>steers antibody<br>class", "other"),
    "th17": (54, 38, "<b>Th17 cell</b><br>pro-inflammatory", "pro"),
    "treg": (54, 12, "<b>Regulatory<br>T cell</b><br>calms", "reg"),
    "mac": (89, 88, "<b>Macrophages</b><br>kill microbes better,<br>release TNF", None),
    "bcell": (89, 63, "<b>B cells</b> switch<br>class (e.g. to IgE);<br>eosinophils attack<br>parasites", None),
    "neut": (89, 38, "<b>Neutrophils</b><br>called in; tissue<br>cells inflamed", None),
    "calm": (89, 12, "<b>Effector T cells,<br>antigen-presenting<br>cells</b> held back", None),
}

# Steering cytokines: (subset, label on the arrow). The arrows run from the naive T cell's
# right edge to the subset's left edge.
STEER = [
    ("th1", "IL-12"),
    ("th2", "IL-4"),
    ("th17", "IL-6, IL-23"),
    ("treg", "TGF-β, IL-2"),
]
# Cytokines each subset makes: (subset, cell acted on, label above the arrow).
MAKE = [
    ("th1", "mac", "IFN-γ"),
    ("th2", "bcell", "IL-4, IL-5,<br>IL-13"),
    ("th17", "neut", "IL-17"),
    ("treg", "calm", "IL-10, TGF-β,<br>IL-35"),
]


LEGEND = (
    "Thick vermillion border: <b>pro-inflammatory</b> subset.   Thin green border: "
    "<b>regulatory</b> subset.<br>Thin blue border: Th2 subset.   Dashed green line ending "
    "in a bar: regulatory T cells<br>hold back the pro-inflammatory subsets."
)


def _arrow(fig: go.Figure, x0: float, y0: float, x1: float, y1: float, width: float = 1.8) -> None:
    fig.add_annotation(
        x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y",
        showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=width, arrowcolor=NEUTRAL, text="",
    )


def _label(fig: go.Figure, x: float, y: float, text: str, size: int = FONT) -> None:
    fig.add_annotation(
        x=x, y=y, text=text, showarrow=False, font=dict(size=size, color="#111111"),
        bgcolor="white", borderpad=2,
    )


def draw() -> go.Figure:
    fig = go.Figure()
    # Signal 1 and signal 2: the antigen-presenting cell switches the naive helper T cell on.
    _arrow(fig, 16, 50, 18.6, 50, width=2.4)
    _label(fig, 15, 70, "Signal 1: antigen<br>on MHC II<br>Signal 2:<br>co-stimulation")
    # Steering cytokines, then the cytokines each subset makes and the cells they act on.
    naive_x, naive_y = 32.5, 50
    for subset, text in STEER:
        _, y, *_ = NODES[subset]
        x1, y1 = 44.3, y + (naive_y - y) * 0.1
        _arrow(fig, naive_x, naive_y + (y - naive_y) * 0.08, x1, y1)
        _label(fig, naive_x + (x1 - naive_x) * 0.55, naive_y + (y1 - naive_y) * 0.55, text)
    for subset, target, text in MAKE:
        _, y, *_ = NODES[subset]
        _arrow(fig, 63.8, y, 76.5, y)
        _label(fig, 70, y + 7, f"<b>{text}</b>")
    # The brake: regulatory T cells hold back the pro-inflammatory subsets (dashed, ends in a bar).
    fig.add_shape(type="line", x0=60, y0=21, x1=60, y1=31, line=dict(color=REG, width=3, dash="dash"))
    fig.add_shape(type="line", x0=57.5, y0=31, x1=62.5, y1=31, line=dict(color=REG, width=4))
    fig.add_annotation(
        x=58.5, y=25.5, text="brake on Th17<br>and Th1 cells", showarrow=False, xanchor="right",
        font=dict(size=FONT, color="#111111"), bgcolor="white",
    )

    for x, y, label, role in NODES.values():
        fig.add_annotation(
            x=x, y=y, text=label, showarrow=False, align="center",
            font=dict(size=FONT, color="#111111"),
            bgcolor=FILL[role], bordercolor=BORDER[role], borderwidth=WIDTH[role], borderpad=6,
        )
    # Column headings, so the picture reads left to right without colour.
    for x, text in (
        (7, "Presents<br>antigen"),
        (38, "Steering<br>cytokines"),
        (54, "Helper T<br>cell subset"),
        (70, "Cytokines<br>made"),
        (89, "Cells<br>acted on"),
    ):
        fig.add_annotation(x=x, y=103, text=f"<i>{text}</i>", showarrow=False, font=dict(size=FONT, color="#333333"))
    fig.add_annotation(
        x=-2, y=-4, yanchor="top", xanchor="left", showarrow=False, align="left", font=dict(size=FONT),
        text=LEGEND,
    )
    fig.update_xaxes(visible=False, range=[-3, 103])
    fig.update_yaxes(visible=False, range=[-17, 108])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    """The same network for phones: top to bottom, each step indented under the cell before it."""
    steer, make = dict(STEER), {subset: (target, text) for subset, target, text in MAKE}

    def box(name: str, first_line: str = "", children=()) -> Item:
        *_xy, label, role = NODES[name]
        text = (f"<i>{first_line}</i><br>" if first_line else "") + label
        return Item(text=text, border=BORDER[role], fill=FILL[role], width=WIDTH[role],
                    font_size=15, children=list(children))

    subsets = []
    for subset, _text in STEER:
        target, made = make[subset]
        subsets.append(box(subset, f"steered by {steer[subset]}",
                           [box(target, "makes " + made.replace("<br>", " ") + ": acts on")]))
    naive = box("naive", "signal 1 (antigen on MHC II) + signal 2", subsets)
    note = LEGEND.replace("<br>", " ").replace(".   ", ".<br>").replace(
        "Dashed green line ending in a bar: regulatory T cells hold back",
        "Regulatory T cells also hold back")
    return tree_figure([box("apc", children=[naive])], width=380, indent=22, gap=8,
                       note=wrap(note.replace('<br>', ' '), 44), note_size=14)
