"""Chapter 9 diagram: sketches of the three clinical courses of MS (idealised, not data).

After the 2013 descriptions (Lublin et al. 2014): relapsing-remitting, secondary progressive and
primary progressive, each of which can be active or not and (progressive courses) with or without
progression. The curves are drawn by hand-picked formulas for their shape only.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.style import OKABE_ITO

SIZE = (1000, 700)
FONT = 20

_T = np.linspace(0, 30, 601)


def _relapses(times, size=1.2, keep=0.15):
    y = np.zeros_like(_T)
    for when in times:
        since = _T - when
        after = since >= 0
        y += np.where(after, size * (keep + (1 - keep) * np.exp(-np.where(after, since, 0) / 0.35)), 0)
    return y


def courses() -> list[tuple[str, str, str, np.ndarray]]:
    """(label, colour, dash, curve) for each sketch."""
    rr = _relapses([2, 5.5, 8, 12.5, 17, 22, 26.5])
    sp = _relapses([2, 5.5, 8, 12.5, 19]) + 0.22 * np.clip(_T - 14, 0, None)
    pp = 0.2 * _T + 0.05 * np.sin(_T * 1.3)
    return [
        ("Relapsing–remitting", OKABE_ITO["blue"], "solid", rr),
        ("Secondary progressive", OKABE_ITO["vermillion"], "dash", sp),
        ("Primary progressive", OKABE_ITO["bluish_green"], "dot", pp),
    ]


def _figure(_note: str, font: int, spacing: float) -> go.Figure:
    sketches = courses()
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, vertical_spacing=spacing,
                        subplot_titles=[label for label, *_ in sketches])
    for i, (label, colour, dash, y) in enumerate(sketches, start=1):
        fig.add_trace(go.Scatter(x=_T, y=y, mode="lines", line=dict(color=colour, dash=dash, width=4),
                                 name=label, hoverinfo="skip"), row=i, col=1)
        fig.update_yaxes(range=[0, 7], showticklabels=False, title_text="Disability", row=i, col=1,
                         title_font=dict(size=font - 2))
        fig.update_xaxes(showticklabels=False, row=i, col=1)
    fig.update_xaxes(title_text="Time (years) →", row=3, col=1, title_font=dict(size=font))
    for annotation in fig.layout.annotations:
        annotation.font = dict(size=font, color="#111111")
        annotation.x, annotation.xanchor = 0.0, "left"
    fig.update_layout(showlegend=False, margin=dict(l=60, r=20, t=40, b=70), plot_bgcolor="white")
    return fig


def draw() -> go.Figure:
    return _figure("", FONT, 0.09)


def narrow() -> tuple[go.Figure, tuple[int, int]]:
    fig = _figure("", 17, 0.1)
    fig.update_layout(margin=dict(l=40, r=10, t=40, b=70))
    return fig, (380, 700)
