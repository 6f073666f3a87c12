"""Chapter 6 diagram: prevalence and incidence as a bathtub.

The standard epidemiological picture: new cases (incidence, a rate: people per year)
flow in from the tap; people leave through the drain (for MS, which is not cured,
mainly by dying of any cause); the water in the tub is the number of people living
with the disease at one time (prevalence). At a steady level, prevalence is about
incidence times the average time a person spends in the tub. No numbers are drawn.
"""

from __future__ import annotations

import plotly.graph_objects as go

from msbook.style import OKABE_ITO

SIZE = (1000, 640)
#: Text size (px): at least 12 px where the diagram is shown (1000 px drawn in a 672 px column).
FONT = 18

INK = "#111111"
FLOW = OKABE_ITO["blue"]
OUT = OKABE_ITO["vermillion"]
WATER = "rgba(86,180,233,0.35)"  # sky blue, light

TITLE = "<b>Prevalence and incidence: a bathtub</b>"


def _arrow(fig: go.Figure, x0, y0, x1, y1, colour, width=5, dash=None) -> None:
    fig.add_annotation(x=x1, y=y1, ax=x0, ay=y0, xref="x", yref="y", axref="x", ayref="y", text="",
                       showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=width, arrowcolor=colour)


def draw() -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(x=0, y=100, xanchor="left", yanchor="top", showarrow=False, text=TITLE,
                       font=dict(size=FONT + 2, color=INK))

    # The tap and its inflow (solid blue).
    fig.add_shape(type="rect", x0=14, x1=30, y0=80, y1=86, line=dict(color=INK, width=3), fillcolor="#dddddd")
    fig.add_shape(type="rect", x0=26, x1=30, y0=72, y1=80, line=dict(color=INK, width=3), fillcolor="#dddddd")
    _arrow(fig, 28, 71, 28, 52, FLOW, width=6)
    fig.add_annotation(x=33, y=84, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=FONT, color=INK),
                       text="<b>IN: new diagnoses</b> (incidence)<br>a rate: people per 100,000<br>"
                            "<i>per year</i>")

    # The tub, its water (the prevalence) and the level line.
    fig.add_shape(type="path", path="M 10 62 L 14 22 L 66 22 L 70 62", line=dict(color=INK, width=4))
    fig.add_shape(type="path", path="M 11.2 50 L 14 22 L 66 22 L 68.8 50 Z", line=dict(width=0),
                  fillcolor=WATER, layer="below")
    fig.add_shape(type="line", x0=11.2, x1=68.8, y0=50, y1=50, line=dict(color=FLOW, width=3, dash="dash"))
    fig.add_annotation(x=40, y=36, showarrow=False, font=dict(size=FONT, color=INK), align="center",
                       text="<b>IN THE TUB: people living with MS</b><br>(prevalence)<br>a proportion: people "
                            "per 100,000<br><i>at one time</i>")

    # The drain and its outflow (dashed vermillion).
    fig.add_shape(type="rect", x0=58, x1=62, y0=14, y1=22, line=dict(color=INK, width=3), fillcolor="#dddddd")
    _arrow(fig, 60, 13, 70, 2, OUT, width=5)
    fig.add_annotation(x=73, y=17, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=FONT, color=INK),
                       text="<b>OUT: people leave</b><br>mainly by dying of any<br>cause (MS is not cured)")

    # What raises the level, and the steady-state rule.
    fig.add_annotation(x=74, y=70, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=FONT, color=INK),
                       text="<b>The level rises if</b><br>• the tap runs faster<br>  (more new cases), or<br>"
                            "• the drain runs slower<br>  (people live longer)")
    fig.add_annotation(x=0, y=6, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=FONT, color=INK),
                       text="When the level is steady:<br><b>prevalence ≈ incidence × average years with MS</b>")
    fig.add_annotation(x=0, y=-5, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=FONT, color=INK),
                       text="Solid blue arrow: coming in. Dashed line: the level. Orange-red arrow: going out.")
    fig.update_xaxes(visible=False, range=[-1, 101])
    fig.update_yaxes(visible=False, range=[-14, 101])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    """The same bathtub for phones: 520 px wide, labels above and below the tub."""
    width, height, font = 520, 1000, FONT + 1
    fig = go.Figure()
    fig.add_annotation(x=0, y=199, xanchor="left", yanchor="top", showarrow=False, align="left",
                       text="<b>Prevalence and incidence:<br>a bathtub</b>", font=dict(size=font + 2, color=INK))
    # The tap and its inflow.
    fig.add_shape(type="rect", x0=8, x1=24, y0=170, y1=176, line=dict(color=INK, width=3), fillcolor="#dddddd")
    fig.add_shape(type="rect", x0=20, x1=24, y0=162, y1=170, line=dict(color=INK, width=3), fillcolor="#dddddd")
    _arrow(fig, 22, 161, 22, 140, FLOW, width=6)
    fig.add_annotation(x=30, y=177, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=font, color=INK),
                       text="<b>IN: new diagnoses</b><br>(incidence), a rate:<br>people per 100,000<br><i>per year</i>")
    # The tub, its water and the level line.
    fig.add_shape(type="path", path="M 2 150 L 8 98 L 92 98 L 98 150", line=dict(color=INK, width=4))
    fig.add_shape(type="path", path="M 3.5 137 L 8 98 L 92 98 L 96.5 137 Z", line=dict(width=0),
                  fillcolor=WATER, layer="below")
    fig.add_shape(type="line", x0=3.5, x1=96.5, y0=137, y1=137, line=dict(color=FLOW, width=3, dash="dash"))
    fig.add_annotation(x=50, y=118, showarrow=False, font=dict(size=font, color=INK), align="center",
                       text="<b>IN THE TUB:</b><br>people living with MS<br>(prevalence), a proportion:<br>"
                            "people per 100,000<br><i>at one time</i>")
    # The drain and its outflow.
    fig.add_shape(type="rect", x0=80, x1=84, y0=90, y1=98, line=dict(color=INK, width=3), fillcolor="#dddddd")
    _arrow(fig, 82, 89, 94, 78, OUT, width=5)
    fig.add_annotation(x=0, y=91, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=font, color=INK),
                       text="<b>OUT: people leave</b>, mainly<br>by dying of any cause<br>(MS is not cured)")
    fig.add_annotation(x=0, y=70, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=font, color=INK),
                       text="<b>The level rises if</b><br>• the tap runs faster<br>  (more new cases), or<br>"
                            "• the drain runs slower<br>  (people live longer)")
    fig.add_annotation(x=0, y=42, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=font, color=INK),
                       text="When the level is steady:<br><b>prevalence ≈ incidence ×<br>average years with MS</b>")
    fig.add_annotation(x=0, y=21, xanchor="left", yanchor="top", showarrow=False, align="left",
                       font=dict(size=font, color=INK),
                       text="Solid blue arrow: coming in.<br>Dashed line: the level.<br>Orange-red arrow: going out.")
    fig.update_xaxes(visible=False, range=[-1, 101])
    fig.update_yaxes(visible=False, range=[3, 200])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False, width=width, height=height)
    return fig, (width, height)
