"""Chapter 3 diagram: the three safeguards of self-tolerance, and the proposed ways each can fail.

Standard textbook immunology: central tolerance in the thymus and bone marrow, peripheral
tolerance (anergy without danger signals), and suppression by regulatory T cells. The failure
mechanisms drawn underneath (escape from central tolerance, molecular mimicry, bystander
activation, epitope spreading, weak regulation) are hypotheses proposed for autoimmune
disease, not established causes of MS; the caption in the chapter says so.
"""

from __future__ import annotations

import plotly.graph_objects as go
from _tree import Item, tree_figure, wrap

from msbook.style import OKABE_ITO

SIZE = (1000, 900)
#: Text size (px): at least 12 px where the diagram is shown (1000 px drawn in a 672 px column).
FONT = 18

SAFE = OKABE_ITO["blue"]
BREAK = OKABE_ITO["vermillion"]
NEUTRAL = "#555555"
SAFE_FILL = "rgba(0,114,178,0.10)"
BREAK_FILL = "rgba(213,94,0,0.08)"

# Safeguards (top row): key -> (x centre, heading, body). Boxes span SAFE_BOTTOM to SAFE_TOP.
SAFEGUARDS = {
    "central": (17, "SAFEGUARD 1<br><b>Central tolerance</b>",
                "Thymus and bone marrow. Young T and B cells meet self-antigens. Strong "
                "self-binders are removed, or become regulatory T cells."),
    "peripheral": (50, "SAFEGUARD 2<br><b>Peripheral tolerance</b>",
                   "Lymph nodes and tissues. An escaped self-reactive cell meets self-antigen "
                   "with no danger signals and becomes unresponsive (anergy)."),
    "regulation": (83, "SAFEGUARD 3<br><b>Regulatory T cells</b>",
                   "Everywhere. Regulatory T cells restrain self-reactive cells that "
                   "slipped through, and calm over-strong responses."),
}
SAFE_HALF_WIDTH = 15
SAFE_TOP, SAFE_BOTTOM = 91, 63
SAFE_CHARS = 26  # characters per line of a safeguard's body

# Proposed failures (bottom row): (x centre, heading, body, safeguard it undermines).
BREAKS = [
    (10, "BREAK A<br><b>Escape</b>",
     "A self-antigen is scarce in the thymus, so cells that fit it are not removed.",
     "central"),
    (30, "BREAK B<br><b>Molecular<br>mimicry</b>",
     "A microbe's peptide looks like a self-peptide; cells primed by the microbe also "
     "recognise self.",
     "peripheral"),
    (50, "BREAK C<br><b>Bystander<br>activation</b>",
     "Inflammation from an infection gives the danger signals that wake self-reactive "
     "cells nearby.",
     "peripheral"),
    (70, "BREAK D<br><b>Epitope<br>spreading</b>",
     "Damaged tissue releases new self-antigens, and the attack widens to them.",
     "regulation"),
    (90, "BREAK E<br><b>Weak<br>regulation</b>",
     "Regulatory T cells are present but suppress less well.",
     "regulation"),
]
BREAK_HALF_WIDTH = 9.7
BREAK_TOP, BREAK_BOTTOM = 47, 12
BREAK_CHARS = 15  # characters per line of a break's body

TITLE = ("<b>Three safeguards of self-tolerance</b> (top, in the order a lymphocyte<br>meets them) "
         "<b>and five proposed ways past them</b> (bottom)")
KEY = ("Solid blue boxes: <b>safeguards</b>.   Dashed orange-red boxes: <b>proposed breaks</b>"
       "<br>(hypotheses, not proven causes of MS); each arrow points at the safeguard it gets past.")


def _box(fig: go.Figure, x0, x1, y0, y1, colour, fill, width, dash) -> None:
    fig.add_shape(
        type="rect", x0=x0, x1=x1, y0=y0, y1=y1, xref="x", yref="y",
        line=dict(color=colour, width=width, dash=dash), fillcolor=fill, layer="below",
    )


def draw() -> go.Figure:
    fig = go.Figure()

    fig.add_annotation(
        x=0, y=101, yanchor="top", xanchor="left", align="left", showarrow=False,
        font=dict(size=FONT, color="#111111"), text=TITLE,
    )

    # Safeguards, joined left to right by arrows.
    for x, heading, body in SAFEGUARDS.values():
        _box(fig, x - SAFE_HALF_WIDTH, x + SAFE_HALF_WIDTH, SAFE_BOTTOM, SAFE_TOP,
             SAFE, SAFE_FILL, 3.5, "solid")
        fig.add_annotation(x=x, y=SAFE_TOP - 1.2, yanchor="top", text=heading, showarrow=False,
                           font=dict(size=FONT, color="#111111"))
        fig.add_annotation(x=x, y=SAFE_TOP - 8, yanchor="top", text=wrap(body, SAFE_CHARS), showarrow=False,
                           font=dict(size=FONT, color="#222222"))
    xs = [v[0] for v in SAFEGUARDS.values()]
    for left, right in zip(xs, xs[1:]):
        fig.add_annotation(
            x=right - SAFE_HALF_WIDTH - 0.3, y=75, ax=left + SAFE_HALF_WIDTH + 0.3, ay=75,
            xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
            arrowhead=2, arrowsize=1.3, arrowwidth=2, arrowcolor=NEUTRAL,
        )

    # Proposed failures, each with an arrow up to the safeguard it gets past.
    for x, heading, body, target in BREAKS:
        _box(fig, x - BREAK_HALF_WIDTH, x + BREAK_HALF_WIDTH, BREAK_BOTTOM, BREAK_TOP,
             BREAK, BREAK_FILL, 2.5, "dash")
        fig.add_annotation(x=x, y=BREAK_TOP - 1, yanchor="top", text=heading, showarrow=False,
                           font=dict(size=FONT, color="#111111"))
        fig.add_annotation(x=x, y=BREAK_TOP - 10.5, yanchor="top", text=wrap(body, BREAK_CHARS),
                           showarrow=False, font=dict(size=FONT, color="#222222"))
        tx = SAFEGUARDS[target][0]
        # Aim at the bottom edge of the safeguard box, shifted towards the failure box.
        aim_x = tx + max(-SAFE_HALF_WIDTH + 3, min(SAFE_HALF_WIDTH - 3, (x - tx) * 0.6))
        fig.add_annotation(
            x=aim_x, y=SAFE_BOTTOM - 0.5, ax=x, ay=BREAK_TOP + 0.5,
            xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
            arrowhead=3, arrowsize=1.2, arrowwidth=1.8, arrowcolor=BREAK,
        )

    # A key that does not rely on colour.
    fig.add_annotation(
        x=0, y=4, yanchor="top", xanchor="left", showarrow=False, align="left",
        font=dict(size=FONT), text=KEY,
    )
    fig.update_xaxes(visible=False, range=[-1, 101])
    fig.update_yaxes(visible=False, range=[-4, 102])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    """The same picture for phones: each safeguard in turn, with the breaks that get past it
    indented under it."""
    roots = []
    for key, (_x, heading, body) in SAFEGUARDS.items():
        breaks = [
            Item(text=f"{h.replace('<br><b>', ' <b>', 1).replace('<br>', ' ')}<br>"
                 + wrap("Gets past it: " + b, 34),
                 border=BREAK, fill=BREAK_FILL, width=2.5, dash="dash", font_size=15)
            for _bx, h, b, target in BREAKS if target == key
        ]
        roots.append(Item(text=f"{heading}<br>" + wrap(body, 36), border=SAFE, fill=SAFE_FILL,
                          width=3.5, font_size=15, children=breaks))
    note = ("Solid blue boxes: <b>safeguards</b>, in the order a lymphocyte meets them. Dashed "
            "orange-red boxes: <b>proposed breaks</b> (hypotheses, not proven causes of MS), each "
            "under the safeguard it gets past.")
    return tree_figure(roots, width=380, indent=24, gap=8, note=wrap(note, 44), note_size=14)
