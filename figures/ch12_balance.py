"""Chapter 12 diagram: the immune response as a balance, not a dial to turn up.

A beam on a pivot. Left pan: too little response (infections, weak vaccine responses).
Right pan: too much or misdirected response (autoimmunity, such as MS). The pivot is
regulation (regulatory T cells, cytokines; chapters 2 and 3). Arrows say what
"boosting" would do (push towards the right pan) and what MS treatments aim for
(damp or redirect one part of the response). No numbers are drawn.
"""

from __future__ import annotations

import plotly.graph_objects as go

from msbook.style import OKABE_ITO

SIZE = (1000, 700)
#: Text size (px): at least 18 px, so that it prints at 8 pt or more.
FONT = 19
INK = "#111111"
LEFT = OKABE_ITO["blue"]
RIGHT = OKABE_ITO["vermillion"]
MID = OKABE_ITO["bluish_green"]


def _arrow(fig, x0, y0, x1, y1, colour, width=5):
    fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="",
                       showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=width, arrowcolor=colour)


def draw() -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(x=0, y=100, xanchor="left", yanchor="top", showarrow=False,
                       text="<b>A healthy immune response is a balance</b>", font=dict(size=FONT + 3, color=INK))
    # The pivot (regulation) and the level beam.
    fig.add_shape(type="path", path="M 44 34 L 50 52 L 56 34 Z", line=dict(color=INK, width=3),
                  fillcolor="rgba(0,158,115,0.35)")
    fig.add_shape(type="line", x0=12, x1=88, y0=52, y1=52, line=dict(color=INK, width=6))
    fig.add_annotation(x=50, y=31, yanchor="top", showarrow=False, align="center", font=dict(size=FONT, color=INK),
                       text="<b>Regulation</b><br>regulatory T cells,<br>calming cytokines<br>(chapters 2 and 3)")
    # The two pans.
    for x, colour, dash, head, body in (
        (22, LEFT, "solid", "<b>Too little</b>", "infections take hold;<br>weak response<br>to vaccines"),
        (78, RIGHT, "dash", "<b>Too much, or aimed<br>at the body itself</b>", "autoimmunity,<br>such as MS"),
    ):
        fig.add_shape(type="line", x0=x, x1=x, y0=52, y1=62, line=dict(color=INK, width=3))
        fig.add_shape(type="rect", x0=x - 14, x1=x + 14, y0=62, y1=66, line=dict(color=colour, width=4, dash=dash),
                      fillcolor="white")
        fig.add_annotation(x=x, y=67, yanchor="bottom", showarrow=False, align="center",
                           font=dict(size=FONT, color=INK), text=f"{head}<br>{body}")
    # What "boosting" would do, and what treatments aim for.
    _arrow(fig, 60, 14, 84, 14, RIGHT)
    fig.add_annotation(x=60, y=10, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=FONT, color=INK), text="\"Boosting\" would push this way:<br>not what MS needs")
    _arrow(fig, 36, 14, 14, 14, LEFT)
    fig.add_annotation(x=40, y=10, xanchor="right", yanchor="top", showarrow=False, align="right",
                       font=dict(size=FONT, color=INK),
                       text="Some MS drugs damp or redirect<br>one part; infection risk can rise")
    fig.update_xaxes(visible=False, range=[0, 100])
    fig.update_yaxes(visible=False, range=[0, 101])
    fig.update_layout(width=SIZE[0], height=SIZE[1], margin=dict(l=10, r=10, t=10, b=10),
                      plot_bgcolor="white", paper_bgcolor="white", showlegend=False)
    return fig


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    """The same balance for phones: labels wrapped short, the two arrows one under the other."""
    width, height = 520, 780
    fig = go.Figure()
    fig.add_annotation(x=0, y=138, xanchor="left", yanchor="top", showarrow=False, align="left",
                       text="<b>A healthy immune response<br>is a balance</b>", font=dict(size=FONT + 2, color=INK))
    beam = 80
    fig.add_shape(type="path", path=f"M 42 {beam - 16} L 50 {beam} L 58 {beam - 16} Z",
                  line=dict(color=INK, width=3), fillcolor="rgba(0,158,115,0.35)")
    fig.add_shape(type="line", x0=6, x1=94, y0=beam, y1=beam, line=dict(color=INK, width=6))
    fig.add_annotation(x=50, y=beam - 18, yanchor="top", showarrow=False, align="center",
                       font=dict(size=FONT, color=INK),
                       text="<b>Regulation</b><br>regulatory T cells,<br>calming cytokines<br>(chapters 2 and 3)")
    for x, colour, dash, text in (
        (24, LEFT, "solid", "<b>Too little</b><br>infections take<br>hold; weak<br>response<br>to vaccines"),
        (76, RIGHT, "dash", "<b>Too much, or<br>aimed at the<br>body itself</b><br>autoimmunity,<br>such as MS"),
    ):
        fig.add_shape(type="line", x0=x, x1=x, y0=beam, y1=beam + 8, line=dict(color=INK, width=3))
        fig.add_shape(type="rect", x0=x - 18, x1=x + 18, y0=beam + 8, y1=beam + 12,
                      line=dict(color=colour, width=4, dash=dash), fillcolor="white")
        fig.add_annotation(x=x, y=beam + 13, yanchor="bottom", showarrow=False, align="center",
                           font=dict(size=FONT, color=INK), text=text)
    _arrow(fig, 40, 30, 90, 30, RIGHT)
    fig.add_annotation(x=2, y=27, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=FONT, color=INK), text="\"Boosting\" would push this way:<br>not what MS needs")
    _arrow(fig, 60, 13, 10, 13, LEFT)
    fig.add_annotation(x=2, y=10, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=FONT, color=INK),
                       text="Some MS drugs damp or redirect<br>one part; infection risk can rise")
    fig.update_xaxes(visible=False, range=[0, 100])
    fig.update_yaxes(visible=False, range=[-4, 139])
    fig.update_layout(width=width, height=height, margin=dict(l=10, r=10, t=10, b=10),
                      plot_bgcolor="white", paper_bgcolor="white", showlegend=False)
    return fig, (width, height)
