"""Chapter 5 diagram: what can become of an MS lesion after the first attack.

Three outcomes described in neuropathology: remyelination (a shadow plaque), an inactive
demyelinated and scarred plaque, and a chronic active ("smouldering") lesion whose rim of
activated microglia keeps expanding. Which outcome a lesion takes, and why, is only partly
understood; the factors named in the key (strength of the attack, repair capacity, age)
are the ones the chapter's teaching model explores, and the caption says so.
"""

from __future__ import annotations

import plotly.graph_objects as go
from _tree import Item, tree_figure, wrap

from msbook.style import OKABE_ITO

SIZE = (1000, 680)
FONT = 18

START = OKABE_ITO["vermillion"]
GOOD = OKABE_ITO["bluish_green"]
SCAR = "#555555"
SMOULDER = OKABE_ITO["reddish_purple"]

TOP = ("<b>An active lesion</b>",
       "Immune cells cross the barrier around a small vein. Macrophages and microglia strip "
       "myelin, oligodendrocytes die, and some axons are cut.")
#: (x centre, heading, body, border colour, dash)
OUTCOMES = [
    (17, "<b>Repaired:<br>a shadow plaque</b>",
     "Inflammation fades. New oligodendrocytes wrap the surviving axons in thin new myelin, "
     "which stains paler than the old.", GOOD, "solid"),
    (50, "<b>Inactive:<br>a scarred plaque</b>",
     "Inflammation fades, but repair fails. Axons stay bare or are lost, and astrocytes fill "
     "the area with a firm scar.", SCAR, "dash"),
    (83, "<b>Chronic active:<br>a smouldering edge</b>",
     "Activated, iron-laden microglia stay at the rim. The lesion creeps outwards and keeps "
     "damaging axons for years.", SMOULDER, "dot"),
]
HALF = 15.5
BODY_CHARS = 26
KEY = ("Solid, dashed and dotted borders tell the three outcomes apart.<br>Which way a lesion goes "
       "is only partly understood: the strength of the attack,<br>the capacity to repair, and age "
       "are thought to matter.")


def _box(fig: go.Figure, x0, x1, y0, y1, colour, width, dash, fill="white") -> None:
    fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, xref="x", yref="y",
                  line=dict(color=colour, width=width, dash=dash), fillcolor=fill, layer="below")


def draw() -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(x=0, y=101, xanchor="left", yanchor="top", align="left", showarrow=False,
                       font=dict(size=FONT + 2, color="#111111"),
                       text="<b>What can become of an MS lesion</b>")
    # The active lesion, centred at the top.
    _box(fig, 22, 78, 72, 92, START, 3.5, "solid", "rgba(213,94,0,0.07)")
    fig.add_annotation(x=50, y=91, yanchor="top", showarrow=False, font=dict(size=FONT, color="#111111"),
                       text=TOP[0] + "<br>" + wrap(TOP[1], 52))
    for x, heading, body, colour, dash in OUTCOMES:
        _box(fig, x - HALF, x + HALF, 20, 54, colour, 3, dash)
        fig.add_annotation(x=x, y=53, yanchor="top", showarrow=False, font=dict(size=FONT, color="#111111"),
                           text=heading)
        fig.add_annotation(x=x, y=42, yanchor="top", showarrow=False, font=dict(size=FONT, color="#222222"),
                           text=wrap(body, BODY_CHARS))
        fig.add_annotation(x=x, y=54.5, ax=50 + (x - 50) * 0.45, ay=71.5, xref="x", yref="y", axref="x",
                           ayref="y", text="", showarrow=True, arrowhead=2, arrowsize=1.3, arrowwidth=2,
                           arrowcolor="#555555")
    fig.add_annotation(x=0, y=15, xanchor="left", yanchor="top", align="left", showarrow=False,
                       font=dict(size=FONT), text=KEY)
    fig.update_xaxes(visible=False, range=[-1, 101])
    fig.update_yaxes(visible=False, range=[-2, 102])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    """The same picture for phones: the active lesion, and under it its three possible outcomes."""
    children = [
        Item(text=heading.replace("<br>", " ") + "<br>" + wrap(body, 34), border=colour, width=3,
             dash=dash, font_size=15)
        for _x, heading, body, colour, dash in OUTCOMES
    ]
    root = Item(text=TOP[0] + "<br>" + wrap(TOP[1], 38), border=START, fill="rgba(213,94,0,0.07)",
                width=3.5, font_size=15, children=children)
    note = ("Solid, dashed and dotted borders tell the three outcomes apart. Which way a lesion goes "
            "is only partly understood: the strength of the attack, the capacity to repair, and age "
            "are thought to matter.")
    return tree_figure([root], width=380, indent=24, gap=8, note=wrap(note, 44), note_size=14)
