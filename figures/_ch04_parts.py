"""Shared drawing code of chapter 4's two diagrams (figures/ch04_axon.py, figures/ch04_barrier.py):
(A) a myelinated axon in the central nervous system, with one
oligodendrocyte myelinating internodes on two axons, nodes of Ranvier and the impulse jumping
between them; (B) the blood-brain barrier in a cross-section of a brain capillary: endothelial
cells sealed by tight junctions, the basement membrane, a pericyte and astrocyte end-feet.

Standard textbook anatomy, simplified and not to scale. Numbered callouts on the drawing are
explained in a key under it, so the same drawing serves the desktop, print and (with a
narrower key) phones. The two panels are separate figures so that each prints at full width
with its text at 8 pt or more (one figure with both panels and the key was too tall).
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from _tree import wrap

from msbook.style import OKABE_ITO

FONT = 17

AXON = "#d9d9d9"
AXON_LINE = "#555555"
MYELIN = "rgba(0,114,178,0.22)"
MYELIN_LINE = OKABE_ITO["blue"]
NODE = OKABE_ITO["vermillion"]
GLIA = "rgba(0,158,115,0.22)"
GLIA_LINE = OKABE_ITO["bluish_green"]
ENDO = "rgba(213,94,0,0.16)"
ENDO_LINE = OKABE_ITO["vermillion"]
PERI = "rgba(204,121,167,0.35)"
PERI_LINE = OKABE_ITO["reddish_purple"]
ASTRO = "rgba(230,159,0,0.25)"
ASTRO_LINE = "#9a6a00"
INK = "#111111"

TITLE_A = "<b>A myelinated axon in the brain or spinal cord</b>"
TITLE_B = "<b>The blood–brain barrier: a brain capillary in cross-section</b>"
#: Shorter titles for the phone variant.
SHORT_TITLES = ("<b>A myelinated axon (CNS)</b>", "<b>The blood–brain barrier</b>")

KEY = [
    ("1", "Axon: the nerve fibre that carries the impulse away from the neuron's cell body."),
    ("2", "Myelin sheath: many wrapped layers of glial membrane. Each stretch between two "
          "nodes is an internode."),
    ("3", "Node of Ranvier: a short bare gap, packed with sodium channels, where the impulse "
          "is regenerated."),
    ("4", "Oligodendrocyte (CNS): one cell myelinates internodes on several axons. In nerves "
          "outside the CNS a Schwann cell myelinates one internode of one axon."),
    ("5", "Saltatory conduction: the impulse jumps from node to node (dashed arcs)."),
    ("1", "Blood in the capillary's lumen."),
    ("2", "Endothelial cells: the wall of the capillary."),
    ("3", "Tight junctions seal the gaps between endothelial cells."),
    ("4", "Basement membrane around the endothelium."),
    ("5", "Pericyte, embedded in the basement membrane."),
    ("6", "Astrocyte end-feet, which cover the outside of the vessel."),
]
NOTE = ("Crossing: oxygen, carbon dioxide and small fat-soluble molecules diffuse through the "
        "cells; glucose and amino acids need carriers; most proteins, and cells, are kept out. "
        "Simplified, not to scale.")


def _rect(fig, x0, x1, y0, y1, fill, line, width=1.5, dash="solid"):
    fig.add_shape(type="rect", x0=x0, x1=x1, y0=y0, y1=y1, fillcolor=fill,
                  line=dict(color=line, width=width, dash=dash), layer="below")


def _circle(fig, cx, cy, r, fill, line, width=1.5, dash="solid", layer="below"):
    fig.add_shape(type="circle", x0=cx - r, x1=cx + r, y0=cy - r, y1=cy + r, fillcolor=fill,
                  line=dict(color=line, width=width, dash=dash), layer=layer)


def _arc_path(cx, cy, r, a0, a1, steps=24):
    pts = [(cx + r * math.cos(math.radians(a0 + (a1 - a0) * i / steps)),
            cy + r * math.sin(math.radians(a0 + (a1 - a0) * i / steps))) for i in range(steps + 1)]
    return "M " + " L ".join(f"{x:.2f},{y:.2f}" for x, y in pts)


def _band(cx, cy, r0, r1, a0, a1, steps=24):
    """A closed path: the ring sector between radii r0 and r1 from angle a0 to a1 (degrees)."""
    outer = [(cx + r1 * math.cos(math.radians(a0 + (a1 - a0) * i / steps)),
              cy + r1 * math.sin(math.radians(a0 + (a1 - a0) * i / steps))) for i in range(steps + 1)]
    inner = [(cx + r0 * math.cos(math.radians(a1 - (a1 - a0) * i / steps)),
              cy + r0 * math.sin(math.radians(a1 - (a1 - a0) * i / steps))) for i in range(steps + 1)]
    return "M " + " L ".join(f"{x:.2f},{y:.2f}" for x, y in outer + inner) + " Z"


def _callout(fig, number, x, y, font):
    fig.add_annotation(x=x, y=y, text=f"<b>{number}</b>", showarrow=False, font=dict(size=font, color=INK),
                       bgcolor="white", bordercolor=INK, borderwidth=1.5, borderpad=3)


def _pointer(fig, x, y, ax, ay):
    fig.add_annotation(x=x, y=y, ax=ax, ay=ay, xref="x", yref="y", axref="x", ayref="y", text="",
                       showarrow=True, arrowhead=0, arrowwidth=1.3, arrowcolor=INK)


def _axon(fig: go.Figure, font: int, title: str) -> None:
    """Panel A, drawn between y = 62 and 128."""
    fig.add_annotation(x=0, y=127, xanchor="left", yanchor="top", showarrow=False, align="left",
                       text=title, font=dict(size=font, color=INK))
    # axon 1 and its internodes; nodes in the gaps
    _rect(fig, 1, 99, 80, 84, AXON, AXON_LINE)
    internodes = [(3, 27), (30, 56), (59, 85), (88, 99)]
    for x0, x1 in internodes:
        _rect(fig, x0, x1, 76.5, 87.5, MYELIN, MYELIN_LINE, 2)
    nodes = [(27 + 30) / 2, (56 + 59) / 2, (85 + 88) / 2]
    for x in nodes:
        for dy in (80.3, 83.7):
            fig.add_shape(type="line", x0=x - 1.2, x1=x + 1.2, y0=dy, y1=dy, line=dict(color=NODE, width=4))
    # axon 2, above, with one internode
    _rect(fig, 52, 99, 113, 116, AXON, AXON_LINE)
    _rect(fig, 58, 92, 110.5, 118.5, MYELIN, MYELIN_LINE, 2)
    # oligodendrocyte and its processes
    cell = (33, 102)
    for tx, ty in ((15, 87.5), (43, 87.5), (72, 87.5), (70, 110.5)):
        fig.add_shape(type="line", x0=cell[0], y0=cell[1], x1=tx, y1=ty, line=dict(color=GLIA_LINE, width=3))
    _circle(fig, cell[0], cell[1], 4.5, "rgb(204,236,225)", GLIA_LINE, 2, layer="above")
    # saltatory jumps: arcs under the axon from node to node
    jumps = [1.5] + nodes + [98.5]
    for a, b in zip(jumps, jumps[1:]):
        mid = (a + b) / 2
        fig.add_shape(type="path", path=f"M {a:.2f},75 Q {mid:.2f},66 {b:.2f},75",
                      line=dict(color=NODE, width=2, dash="dash"))
    fig.add_annotation(x=98.5, y=75, ax=96.0, ay=71.0, xref="x", yref="y", axref="x", ayref="y", text="",
                       showarrow=True, arrowhead=2, arrowsize=1.3, arrowwidth=2, arrowcolor=NODE)
    _callout(fig, "1", 8, 93, font)
    _pointer(fig, 8, 84, 8, 91)
    _callout(fig, "2", 50, 95, font)
    _pointer(fig, 50, 87.5, 50, 93)
    _callout(fig, "3", 86.5, 95, font)
    _pointer(fig, nodes[2], 85, 86.5, 93)
    _callout(fig, "4", 22, 110, font)
    _pointer(fig, cell[0] - 3.5, cell[1] + 2.5, 24, 109)
    _callout(fig, "5", 42, 65, font)


def _barrier(fig: go.Figure, font: int, title: str) -> None:
    """Panel B, drawn between y = 2 and 61."""
    fig.add_annotation(x=0, y=60, xanchor="left", yanchor="top", showarrow=False, align="left",
                       text=title, font=dict(size=font, color=INK))
    cx, cy = 46, 27
    # astrocyte end-feet: ring sectors covering most of the vessel
    for a0, a1 in ((-80, -10), (-2, 70), (78, 160), (168, 270)):
        fig.add_shape(type="path", path=_band(cx, cy, 18.3, 21.3, a0, a1), fillcolor=ASTRO,
                      line=dict(color=ASTRO_LINE, width=1.5), layer="below")
    # astrocyte cell body and processes to two end-feet
    body = (84, 47)
    for a in (30, -40):
        ex, ey = cx + 21.3 * math.cos(math.radians(a)), cy + 21.3 * math.sin(math.radians(a))
        fig.add_shape(type="line", x0=body[0], y0=body[1], x1=ex, y1=ey, line=dict(color=ASTRO_LINE, width=3))
    _circle(fig, body[0], body[1], 4.0, "rgb(250,226,178)", ASTRO_LINE, 2, layer="above")
    # basement membrane
    fig.add_shape(type="path", path=_arc_path(cx, cy, 16.2, 0, 360, 72), line=dict(color=INK, width=1.5, dash="dot"))
    # pericyte, inside the basement membrane
    fig.add_shape(type="path", path=_band(cx, cy, 14.6, 17.6, 112, 152), fillcolor=PERI,
                  line=dict(color=PERI_LINE, width=2), layer="above")
    # endothelium (two cells) around the lumen
    for a0, a1 in ((95, 265), (-85, 85)):
        fig.add_shape(type="path", path=_band(cx, cy, 10.5, 14.2, a0, a1), fillcolor=ENDO,
                      line=dict(color=ENDO_LINE, width=2), layer="below")
    # tight junctions where the two cells meet
    for a in (90, 270):
        x0, y0 = cx + 10.2 * math.cos(math.radians(a)), cy + 10.2 * math.sin(math.radians(a))
        x1, y1 = cx + 14.5 * math.cos(math.radians(a)), cy + 14.5 * math.sin(math.radians(a))
        fig.add_shape(type="line", x0=x0, y0=y0, x1=x1, y1=y1, line=dict(color=INK, width=5))
    # lumen with a red blood cell
    _circle(fig, cx, cy, 10.3, "white", "#999999", 1)
    fig.add_shape(type="circle", x0=cx - 4.5, x1=cx + 2.5, y0=cy - 3, y1=cy + 2, fillcolor="rgba(213,94,0,0.45)",
                  line=dict(color=ENDO_LINE, width=1))
    _callout(fig, "1", cx + 5.5, cy + 4, font)
    _callout(fig, "2", cx + 28, cy - 6, font)
    _pointer(fig, cx + 12.5, cy - 3, cx + 26, cy - 6)
    _callout(fig, "3", cx + 17, cy + 25, font)
    _pointer(fig, cx + 0.5, cy + 14.5, cx + 15, cy + 24)
    _callout(fig, "4", cx + 28, cy + 8, font)
    _pointer(fig, cx + 15.6, cy + 4.5, cx + 26, cy + 8)
    _callout(fig, "5", cx - 28, cy + 20, font)
    _pointer(fig, cx - 11.5, cy + 10, cx - 25.5, cy + 19)
    _callout(fig, "6", cx - 28, cy - 14, font)
    _pointer(fig, cx - 19, cy - 8, cx - 25.5, cy - 13)


def _key(fig: go.Figure, items, note: str | None, font: int, chars: int, top: float,
         units_per_line: float, indent: float) -> float:
    y = top
    for number, text in items:
        lines = wrap(text, chars)
        fig.add_annotation(x=0, y=y, xanchor="left", yanchor="top", showarrow=False, align="left",
                           text=f"<b>{number}</b>", font=dict(size=font, color=INK))
        fig.add_annotation(x=indent, y=y, xanchor="left", yanchor="top", showarrow=False, align="left",
                           text=lines, font=dict(size=font, color=INK))
        y -= units_per_line * (lines.count("<br>") + 1) + units_per_line * 0.35
    if not note:
        return y - units_per_line * 0.6
    note = wrap(note, chars + 6)
    fig.add_annotation(x=0, y=y - units_per_line * 0.3, xanchor="left", yanchor="top", showarrow=False,
                       align="left", text=note, font=dict(size=font, color=INK))
    return y - units_per_line * (note.count("<br>") + 1.6)


#: Each panel: its drawing function, title (full, phone), the y range of its drawing, its key
#: items and the note under the key.
PANELS = {
    "axon": (_axon, (TITLE_A, SHORT_TITLES[0]), (62.0, 128.0), KEY[:5], None),
    "barrier": (_barrier, (TITLE_B, SHORT_TITLES[1]), (0.5, 61.0), KEY[5:], NOTE),
}


def figure(panel: str, width: int, phone: bool = False) -> tuple[go.Figure, int]:
    """One panel ``width`` px wide with its key, and the height (px) at which circles stay round."""
    draw_panel, titles, (low, top), items, note = PANELS[panel]
    font, chars, indent = (19, 40, 9.0) if phone else (17, 80, 5.0)
    fig = go.Figure()
    px_per_unit = (width - 20) / 102
    line = font * 1.3 / px_per_unit
    draw_panel(fig, font, titles[1] if phone else titles[0])
    bottom = _key(fig, items, note, font, chars, low, line, indent)
    height = int(round((top - bottom) * px_per_unit + 20))
    fig.update_xaxes(visible=False, range=[-1, 101])
    fig.update_yaxes(visible=False, range=[bottom, top])
    fig.update_layout(margin=dict(l=10, r=10, t=10, b=10), showlegend=False)
    return fig, height


def entry_points(panel: str):
    """``(SIZE, draw, narrow)`` of one panel's diagram script (see figures/draw.py)."""
    size = (900, figure(panel, 900)[1])

    def draw() -> go.Figure:
        return figure(panel, size[0])[0]

    def narrow() -> tuple[go.Figure, tuple[int, int]]:
        """The same drawing for phones, with a key wrapped to the narrow width."""
        fig, height = figure(panel, 520, phone=True)
        return fig, (520, height)

    return size, draw, narrow
