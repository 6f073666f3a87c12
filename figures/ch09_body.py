"""Chapter 9 diagram: how MS may affect the body.

A plain outline of a person with labels for the kinds of symptoms MS may cause,
each pointing at the part of the body it concerns. Which symptoms a person has
depends on where lesions form in the brain, spinal cord and optic nerves (chapters 5
and 7); nobody has all of them. Textbook-general content: no numbers.
"""

from __future__ import annotations

import re

import plotly.graph_objects as go
from _tree import Item, tree_figure

from msbook.style import OKABE_ITO

SIZE = (1000, 720)
FONT = 18
BODY = "#8a8a8a"
BORDER = OKABE_ITO["blue"]
WHOLE = OKABE_ITO["vermillion"]

# (label x, label y, text, target x, target y, whole-body symptom?) in a 0-100 box.
LABELS = [
    (2, 92, "<b>Vision</b><br>blurred or painful sight in one eye,<br>double vision", 47.5, 89, False),
    (2, 72, "<b>Thinking and memory</b><br>slower processing, attention", 49, 92, False),
    (2, 54, "<b>Mood</b><br>depression, anxiety", 46, 88, False),
    (2, 36, "<b>Fatigue</b> (whole body)<br>tiredness out of proportion<br>to effort", 45, 66, True),
    (2, 16, "<b>Pain</b> (whole body)<br>nerve pain, stiffness, spasms", 45, 30, True),
    (73, 72, "<b>Sensation</b><br>numbness, tingling,<br>altered feeling", 66, 48, False),
    (73, 92, "<b>Bladder and bowel</b><br>urgency, frequency,<br>constipation", 54, 50, False),
    (73, 50, "<b>Movement</b><br>weakness, stiffness<br>(spasticity)", 56, 26, False),
    (73, 26, "<b>Balance and<br>coordination</b><br>unsteadiness, tremor,<br>dizziness", 57, 6, False),
]
NOTE = ("Symptoms depend on where lesions form; nobody has all of them.<br>"
        "Orange-red boxes marked (whole body) may be felt throughout the body.")


def _body(fig: go.Figure) -> None:
    sx = SIZE[1] / SIZE[0]  # x units per y unit, so that the head is round
    line = dict(color=BODY, width=3)
    fig.add_shape(type="circle", x0=50 - 5 * sx, x1=50 + 5 * sx, y0=86, y1=96, line=line,
                  fillcolor="rgba(0,0,0,0.04)")
    fig.add_shape(type="path", path="M 44 82 L 56 82 L 57 48 L 43 48 Z", line=line, fillcolor="rgba(0,0,0,0.04)")
    for path in ("M 44 81 L 36 56 L 34 46", "M 56 81 L 64 56 L 66 46",
                 "M 46 48 L 45 26 L 44 4", "M 54 48 L 55 26 L 56 4"):
        fig.add_shape(type="path", path=path, line=dict(color=BODY, width=9))


def draw() -> go.Figure:
    fig = go.Figure()
    _body(fig)
    for x, y, text, tx, ty, whole in LABELS:
        left = x < 50
        colour = WHOLE if whole else BORDER
        fig.add_annotation(
            x=x, y=y, text=text, showarrow=False, xanchor="left", align="left",
            font=dict(size=FONT, color="#111111"), bgcolor="white", bordercolor=colour,
            borderwidth=2, borderpad=5,
        )
        # A pointer from the box's inner edge to the body (box width from its longest line).
        longest = max(len(re.sub(r"<[^>]+>", "", line)) for line in text.split("<br>"))
        edge = x + longest * 0.95 + 2 if left else x - 1
        fig.add_annotation(x=tx, y=ty, ax=edge, ay=y, xref="x", yref="y", axref="x", ayref="y", text="",
                           showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=1.6,
                           arrowcolor=colour)
    fig.add_annotation(x=50, y=-8, text=NOTE, showarrow=False, font=dict(size=18), xanchor="center")
    fig.update_xaxes(visible=False, range=[0, 100])
    fig.update_yaxes(visible=False, range=[-14, 100])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    """For phones: the same symptoms as a list under one heading."""
    items = [
        Item(text=text.replace("<br>", " ").replace("</b> ", "</b><br>"),
             border=WHOLE if whole else BORDER, dash="dash" if whole else "solid", font_size=15)
        for _x, _y, text, _tx, _ty, whole in LABELS
    ]
    root = Item(text="<b>How MS may affect the body</b>", children=items, font_size=15)
    return tree_figure([root], width=380, indent=22, gap=8,
                       note="Symptoms depend on where lesions<br>form; nobody has all of them.<br>"
                            "Dashed boxes: may be felt<br>throughout the body.", note_size=15)
