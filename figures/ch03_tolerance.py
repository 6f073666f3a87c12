"""Chapter 3 diagram: the three safeguards of self-tolerance, and the proposed ways each can fail.

Standard textbook immunology: central tolerance in the thymus and bone marrow, peripheral
tolerance (anergy without danger signals), and suppression by regulatory T cells. The failure
mechanisms drawn underneath (escape from central tolerance, molecular mimicry, bystander
activation, epitope spreading, weak regulation) are hypotheses proposed for autoimmune
disease, not established causes of MS; the caption in the chapter says so.
"""

from __future__ import annotations

import plotly.graph_objects as go

from msbook.style import OKABE_ITO

SIZE = (1000, 740)

SAFE = OKABE_ITO["blue"]
BREAK = OKABE_ITO["vermillion"]
NEUTRAL = "#555555"
SAFE_FILL = "rgba(0,114,178,0.10)"
BREAK_FILL = "rgba(213,94,0,0.08)"

# Safeguards (top row): key -> (x centre, heading, body). Boxes span SAFE_BOTTOM to SAFE_TOP.
SAFEGUARDS = {
    "central": (17, "SAFEGUARD 1<br><b>Central tolerance</b>",
                "Thymus and bone marrow.<br>Young T and B cells meet<br>self-antigens. Strong<br>"
                "self-binders are removed,<br>or become regulatory T cells."),
    "peripheral": (50, "SAFEGUARD 2<br><b>Peripheral tolerance</b>",
                   "Lymph nodes and tissues.<br>An escaped self-reactive cell<br>meets self-antigen "
                   "with no<br>danger signals and becomes<br>unresponsive (anergy)."),
    "regulation": (83, "SAFEGUARD 3<br><b>Regulatory T cells</b>",
                   "Everywhere.<br>Regulatory T cells restrain<br>self-reactive cells that<br>"
                   "slipped through, and calm<br>over-strong responses."),
}
SAFE_HALF_WIDTH = 15
SAFE_TOP, SAFE_BOTTOM = 88, 56

# Proposed failures (bottom row): (x centre, heading, body, safeguard it undermines).
BREAKS = [
    (10, "BREAK A<br><b>Escape</b>",
     "A self-antigen is<br>scarce in the<br>thymus, so cells<br>that fit it are<br>not removed.",
     "central"),
    (30, "BREAK B<br><b>Molecular mimicry</b>",
     "A microbe's peptide<br>looks like a self-<br>peptide; cells<br>primed by the<br>microbe also<br>"
     "recognise self.",
     "peripheral"),
    (50, "BREAK C<br><b>Bystander activation</b>",
     "Inflammation from<br>an infection gives<br>the danger signals<br>that wake self-<br>reactive cells<br>"
     "nearby.",
     "peripheral"),
    (70, "BREAK D<br><b>Epitope spreading</b>",
     "Damaged tissue<br>releases new self-<br>antigens, and the<br>attack widens<br>to them.",
     "regulation"),
    (90, "BREAK E<br><b>Weak regulation</b>",
     "Regulatory<br>T cells are<br>present but<br>suppress less<br>well.",
     "regulation"),
]
BREAK_HALF_WIDTH = 9.6
BREAK_TOP, BREAK_BOTTOM = 38, 9


def _box(fig: go.Figure, x0, x1, y0, y1, colour, fill, width, dash) -> None:
    fig.add_shape(
        type="rect", x0=x0, x1=x1, y0=y0, y1=y1, xref="x", yref="y",
        line=dict(color=colour, width=width, dash=dash), fillcolor=fill, layer="below",
    )


def draw() -> go.Figure:
    fig = go.Figure()

    fig.add_annotation(
        x=0, y=101, yanchor="top", xanchor="left", align="left", showarrow=False,
        font=dict(size=18, color="#111111"),
        text="<b>Three safeguards of self-tolerance</b> (top, in the order a lymphocyte meets them)<br>"
        "<b>and five proposed ways past them</b> (bottom)",
    )

    # Safeguards, joined left to right by arrows.
    for x, heading, body in SAFEGUARDS.values():
        _box(fig, x - SAFE_HALF_WIDTH, x + SAFE_HALF_WIDTH, SAFE_BOTTOM, SAFE_TOP,
             SAFE, SAFE_FILL, 3.5, "solid")
        fig.add_annotation(x=x, y=SAFE_TOP - 1.5, yanchor="top", text=heading, showarrow=False,
                           font=dict(size=16, color="#111111"))
        fig.add_annotation(x=x, y=SAFE_TOP - 10, yanchor="top", text=body, showarrow=False,
                           font=dict(size=15, color="#222222"))
    xs = [v[0] for v in SAFEGUARDS.values()]
    for left, right in zip(xs, xs[1:]):
        fig.add_annotation(
            x=right - SAFE_HALF_WIDTH - 0.3, y=72, ax=left + SAFE_HALF_WIDTH + 0.3, ay=72,
            xref="x", yref="y", axref="x", ayref="y", text="", showarrow=True,
            arrowhead=2, arrowsize=1.3, arrowwidth=2, arrowcolor=NEUTRAL,
        )

    # Proposed failures, each with an arrow up to the safeguard it gets past.
    for x, heading, body, target in BREAKS:
        _box(fig, x - BREAK_HALF_WIDTH, x + BREAK_HALF_WIDTH, BREAK_BOTTOM, BREAK_TOP,
             BREAK, BREAK_FILL, 2.5, "dash")
        fig.add_annotation(x=x, y=BREAK_TOP - 1.2, yanchor="top", text=heading, showarrow=False,
                           font=dict(size=14, color="#111111"))
        fig.add_annotation(x=x, y=BREAK_TOP - 9.5, yanchor="top", text=body, showarrow=False,
                           font=dict(size=14, color="#222222"))
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
        x=0, y=2, xanchor="left", showarrow=False, align="left", font=dict(size=15),
        text="Solid blue boxes: <b>safeguards</b>.   Dashed orange-red boxes: <b>proposed breaks</b>"
        "<br>(hypotheses, not proven causes of MS); each arrow points at the safeguard it gets past.",
    )
    fig.update_xaxes(visible=False, range=[-1, 101])
    fig.update_yaxes(visible=False, range=[-3, 102])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig
