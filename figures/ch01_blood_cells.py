"""Chapter 1 diagram: where white blood cells come from, and which arm of immunity each serves.

Standard textbook haematopoiesis (e.g. OpenStax Anatomy and Physiology 2e, section 18.2):
a haematopoietic stem cell in the bone marrow gives rise to a myeloid and a lymphoid
progenitor; T cells finish maturing in the thymus.
"""

from __future__ import annotations

import plotly.graph_objects as go
from _tree import Item, tree_figure

from msbook.style import OKABE_ITO

SIZE = (1000, 640)
#: Text size (px): at least 12 px where the diagram is shown (1000 px drawn in a 672 px column).
FONT = 18

INNATE = OKABE_ITO["orange"]
ADAPTIVE = OKABE_ITO["blue"]
NEUTRAL = "#555555"

# name: (x, y, label, arm) in a 0-100 x 0-100 box; arm decides the colour and border style.
NODES = {
    "hsc": (50, 90, "Haematopoietic stem cell<br>(bone marrow)", None),
    "myeloid": (25, 66, "Myeloid progenitor", None),
    "lymphoid": (75, 66, "Lymphoid progenitor", None),
    "neutrophil": (5, 38, "Neutrophil", "innate"),
    "monocyte": (20, 38, "Monocyte", "innate"),
    "eos": (35, 38, "Eosinophil,<br>basophil", "innate"),
    "macrophage": (11, 12, "Macrophage<br>(in tissue)", "innate"),
    "dc": (30, 12, "Dendritic<br>cell", "innate"),
    "nk": (54, 38, "Natural<br>killer cell", "innate"),
    "t": (73, 38, "T cell<br>(matures<br>in thymus)", "adaptive"),
    "b": (93, 38, "B cell", "adaptive"),
    "plasma": (93, 12, "Plasma cell<br>(makes<br>antibodies)", "adaptive"),
    "tsub": (73, 12, "Helper and<br>cytotoxic<br>T cells", "adaptive"),
}
EDGES = [
    ("hsc", "myeloid"), ("hsc", "lymphoid"),
    ("myeloid", "neutrophil"), ("myeloid", "monocyte"), ("myeloid", "eos"),
    ("monocyte", "macrophage"), ("monocyte", "dc"),
    ("lymphoid", "nk"), ("lymphoid", "t"), ("lymphoid", "b"),
    ("b", "plasma"), ("t", "tsub"),
]


LEGEND = ("Orange fill, thin border: <b>innate</b> immunity.   "
          "Blue fill, thick border: <b>adaptive</b> immunity.")
FILL = {"innate": "rgba(230,159,0,0.18)", "adaptive": "rgba(0,114,178,0.15)", None: "white"}


def _half_height(name: str) -> float:
    """Half the height of a node's box, in the diagram's y units (108 units over ~620 px)."""
    lines = NODES[name][2].count("<br>") + 1
    return (lines * FONT * 1.3 / 2 + 9) * 108 / (SIZE[1] - 20)


def draw() -> go.Figure:
    fig = go.Figure()
    for a, b in EDGES:
        xa, ya, *_ = NODES[a]
        xb, yb, *_ = NODES[b]
        fig.add_annotation(
            x=xb, y=yb + _half_height(b) + 1, ax=xa, ay=ya - _half_height(a) - 1, xref="x", yref="y", axref="x", ayref="y",
            showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=1.6, arrowcolor=NEUTRAL, text="",
        )
    for x, y, label, arm in NODES.values():
        colour = {"innate": INNATE, "adaptive": ADAPTIVE}.get(arm, NEUTRAL)
        fig.add_annotation(
            x=x, y=y, text=label, showarrow=False,
            font=dict(size=FONT, color="#111111"),
            bgcolor="white" if arm is None else (
                "rgba(230,159,0,0.18)" if arm == "innate" else "rgba(0,114,178,0.15)"
            ),
            bordercolor=colour, borderwidth=3 if arm == "adaptive" else 2,
            borderpad=6,
        )
    # A legend that does not rely on colour: the text names the arm, and the border differs.
    fig.add_annotation(
        x=0, y=-4, xanchor="left", showarrow=False, align="left",
        text=LEGEND,
        font=dict(size=FONT),
    )
    fig.update_xaxes(visible=False, range=[-4, 104])
    fig.update_yaxes(visible=False, range=[-8, 100])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    """The same family tree for phones: top to bottom, each generation indented."""
    children: dict[str, list[str]] = {}
    for a, b in EDGES:
        children.setdefault(a, []).append(b)

    def item(name: str) -> Item:
        *_xy, label, arm = NODES[name]
        return Item(
            text=label if name == "hsc" else label.replace("<br>", " "),
            border={"innate": INNATE, "adaptive": ADAPTIVE}.get(arm, NEUTRAL),
            fill=FILL[arm], width=3 if arm == "adaptive" else 2, font_size=15,
            children=[item(c) for c in children.get(name, [])],
        )

    return tree_figure([item("hsc")], width=380, indent=24, gap=9,
                       note=LEGEND.replace(".   ", ".<br>"), note_size=15)
