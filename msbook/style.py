"""The book's figure style: a colour-blind-safe palette and readable type.

The palette is Okabe and Ito's eight colours (Okabe M, Ito K. *Color Universal
Design*, 2008), distinguishable by readers with the common forms of colour
vision deficiency. Colour is never the only cue: every series also gets its
own line dash and a direct label.
"""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

#: Okabe-Ito colours by name (hex sRGB).
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The order in which series take colours. Yellow is left out: it is too light
#: on white for lines (contrast below 3:1).
SERIES_COLOURS = [
    OKABE_ITO[name]
    for name in ("blue", "vermillion", "bluish_green", "orange", "reddish_purple", "sky_blue", "black")
]

#: Line dashes paired with the colours, so that print in grey still separates series.
SERIES_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot", "solid"]

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
TEMPLATE_NAME = "msbook"


def _template() -> go.layout.Template:
    template = go.layout.Template()
    template.layout = go.Layout(
        font=dict(family=FONT_FAMILY, size=15, color="#222222"),
        title=dict(font=dict(size=17), x=0.0, xanchor="left"),
        colorway=SERIES_COLOURS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=70, r=30, t=70, b=60),
        legend=dict(bgcolor="rgba(255,255,255,0.85)", bordercolor="#bbbbbb", borderwidth=1),
        hoverlabel=dict(font=dict(family=FONT_FAMILY, size=14)),
    )
    axis = dict(
        showline=True,
        linecolor="#444444",
        ticks="outside",
        gridcolor="#e5e5e5",
        zeroline=False,
        title=dict(font=dict(size=15)),
    )
    template.layout.xaxis = axis
    template.layout.yaxis = axis
    return template


def register_template() -> None:
    """Register the book's plotly template as ``"msbook"`` and make it the default."""
    pio.templates[TEMPLATE_NAME] = _template()
    pio.templates.default = TEMPLATE_NAME


def series_style(index: int) -> dict:
    """Line style (colour and dash) for the ``index``-th series of a figure (index >= 0)."""
    if index < 0:
        raise ValueError(f"index must be >= 0; got {index}")
    return dict(
        color=SERIES_COLOURS[index % len(SERIES_COLOURS)],
        dash=SERIES_DASHES[index % len(SERIES_DASHES)],
    )
