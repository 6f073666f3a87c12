"""Chapter 7 diagram: how one new lesion looks on three kinds of scan over its first year.

Drawn from the chapter's teaching model (msbook.models.mri.lesion_course): the size of the
bright spot on T2/FLAIR (largest at about 4 weeks, then shrinking to a smaller scar), the
enhancement after gadolinium (about 3 weeks with a standard protocol), and how dark the lesion
is on T1 (fading for a lesion that heals, staying dark for one that becomes a black hole).
The shapes are a teaching model set inside the ranges the chapter cites, not measurements.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.models.mri import lesion_course
from msbook.style import FONT_FAMILY, OKABE_ITO

SIZE = (900, 620)
#: Text size (px): at least 12 px in the 672 px desktop column and 8 pt in print.
FONT = 17

WEEKS = np.arange(0, 52.5, 0.5)


def _curves(black_hole: bool) -> dict[str, list[float]]:
    states = [lesion_course(float(w), black_hole=black_hole) for w in WEEKS]
    return {
        "size": [s.size for s in states],
        "enhancement": [s.enhancement for s in states],
        "t1": [s.t1_dark for s in states],
    }


def draw(phone: bool = False) -> go.Figure:
    """The two panels side by side; ``phone``: one above the other, 520 px wide, larger text."""
    font = FONT + 2 if phone else FONT
    heal, hole = _curves(False), _curves(True)
    titles = ("<b>Heals to a small scar</b>", "<b>Becomes a black hole</b>")
    if phone:
        fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, subplot_titles=titles)
    else:
        fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06, subplot_titles=titles)
    series = [
        ("size", "Size of the bright spot on T2/FLAIR", OKABE_ITO["blue"], "solid"),
        ("enhancement", "Enhancement after gadolinium", OKABE_ITO["vermillion"], "dash"),
        ("t1", "Darkness on T1", OKABE_ITO["bluish_green"], "dot"),
    ]
    for panel, curves in ((1, heal), (2, hole)):
        row, col = (panel, 1) if phone else (1, panel)
        for key, name, colour, dash in series:
            fig.add_trace(go.Scatter(x=WEEKS, y=curves[key], mode="lines", name=name,
                                     line=dict(color=colour, dash=dash, width=4),
                                     showlegend=panel == 1), row=row, col=col)
    fig.update_xaxes(tickvals=[0, 4, 12, 26, 52], range=[0, 52], showgrid=True, gridcolor="#e5e5e5",
                     ticks="outside", tickfont=dict(size=font), title_font=dict(size=font))
    fig.update_xaxes(title_text="Weeks after the lesion appeared", row=2 if phone else 1, col=1)
    if not phone:
        fig.update_xaxes(title_text="Weeks after the lesion appeared", row=1, col=2)
    fig.update_yaxes(range=[0, 1.05], tickvals=[0, 0.5, 1], ticktext=["none", "half", "most"],
                     showgrid=True, gridcolor="#e5e5e5", tickfont=dict(size=font))
    fig.update_yaxes(title_text="How much (relative)", title_font=dict(size=font), row=1, col=1)
    if phone:
        fig.update_yaxes(title_text="How much (relative)", title_font=dict(size=font), row=2, col=1)
    for annotation in fig.layout.annotations:
        annotation.font = dict(size=font + 1)
    width, height = NARROW_SIZE if phone else SIZE
    fig.update_layout(
        width=width, height=height, font=dict(family=FONT_FAMILY, size=font, color="#222222"),
        paper_bgcolor="white", plot_bgcolor="white",
        margin=dict(l=90, r=20, t=50, b=200) if phone else dict(l=90, r=20, t=50, b=170),
        legend=dict(orientation="h", x=0, y=-0.135 if phone else -0.2, yanchor="top", font=dict(size=font),
                    entrywidth=1 if phone else 0.5, entrywidthmode="fraction"),
    )
    return fig


#: The phone variant's size (CSS px): 520 px wide, so its text is 12 px or more in a 342 px column.
NARROW_SIZE = (520, 900)


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    """The two panels one above the other, for phones."""
    return draw(phone=True), NARROW_SIZE
