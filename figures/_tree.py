"""A portrait "indented tree" layout for the narrow (phone) variants of the diagrams.

A wide diagram spreads a hierarchy sideways; on a phone the same hierarchy reads best
top to bottom, each level indented under its parent and joined to it by an elbow line,
like a file tree. Boxes are placed in CSS pixels, so the text keeps its size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import plotly.graph_objects as go

LINE_HEIGHT = 1.3  # text lines, in font sizes
NEUTRAL = "#555555"


@dataclass
class Item:
    """One box: its text (plotly HTML), look, and children."""

    text: str
    border: str = NEUTRAL
    fill: str = "white"
    width: float = 2
    dash: str = "solid"
    children: list["Item"] = field(default_factory=list)
    font_size: int = 15


def _lines(text: str) -> int:
    return len(re.split(r"<br\s*/?>", text))


def tree_figure(
    roots: list[Item],
    width: int,
    indent: int = 26,
    gap: int = 12,
    top: int = 8,
    note: str = "",
    note_size: int = 14,
) -> tuple[go.Figure, tuple[int, int]]:
    """Draw ``roots`` and their descendants as an indented tree ``width`` px wide.

    Returns the figure and its size (width, height) in px; the height follows from the
    boxes. ``note`` is a key printed under the tree.
    """
    fig = go.Figure()
    placed: list[tuple[Item, int, float, float]] = []  # item, depth, top y, bottom y
    y = top

    def place(item: Item, depth: int, parent: tuple[float, float] | None) -> None:
        nonlocal y
        pad = 6
        height = _lines(item.text) * item.font_size * LINE_HEIGHT + 2 * pad + 2 * item.width
        x = 6 + depth * indent
        # The box is a shape (so its border can be dashed) running to the right edge; the
        # text sits inside it.
        fig.add_shape(
            type="rect", x0=x, x1=width - 6, y0=y, y1=y + height, xref="x", yref="y", layer="below",
            line=dict(color=item.border, width=item.width, dash=item.dash), fillcolor=item.fill,
        )
        fig.add_annotation(
            x=x + item.width, y=y + item.width, xanchor="left", yanchor="top", align="left",
            showarrow=False, text=item.text, font=dict(size=item.font_size, color="#111111"),
            borderpad=pad,
        )
        middle = y + height / 2
        if parent is not None:
            px, pbottom = parent
            # Elbow: down from the parent's left side, then right into this box.
            fig.add_shape(type="line", x0=px, x1=px, y0=pbottom, y1=middle, line=dict(color=NEUTRAL, width=1.6))
            fig.add_annotation(
                x=x - 1, y=middle, ax=px, ay=middle, xref="x", yref="y", axref="x", ayref="y",
                showarrow=True, arrowhead=2, arrowsize=1.1, arrowwidth=1.6, arrowcolor=NEUTRAL, text="",
            )
        bottom = y + height
        placed.append((item, depth, y, bottom))
        y = bottom + gap
        for child in item.children:
            place(child, depth + 1, (x + indent / 2, bottom))

    for root in roots:
        place(root, 0, None)
    if note:
        fig.add_annotation(
            x=6, y=y + 4, xanchor="left", yanchor="top", align="left", showarrow=False,
            text=note, font=dict(size=note_size, color="#111111"),
        )
        y += 4 + _lines(note) * note_size * LINE_HEIGHT + 8
    height = int(round(y + top))
    fig.update_xaxes(visible=False, range=[0, width])
    fig.update_yaxes(visible=False, range=[height, 0])
    fig.update_layout(margin=dict(l=0, r=0, t=0, b=0), showlegend=False)
    return fig, (width, height)


def wrap(text: str, width: int) -> str:
    """Wrap plotly HTML text into lines of at most ``width`` visible characters (tags not
    counted; existing ``<br>`` breaks kept)."""
    out = []
    for line in re.split(r"<br\s*/?>", text):
        current = ""
        for word in line.split(" "):
            visible = len(re.sub(r"<[^>]+>", "", f"{current} {word}"))
            if current and visible > width:
                out.append(current)
                current = word
            else:
                current = f"{current} {word}".strip()
        out.append(current)
    return "<br>".join(out)


def step_chain(steps, note: str, chars: int, indent: float):
    """``(SIZE, draw, narrow)`` of a diagram that is one chain of boxes, each under the last.

    ``steps`` are ``(heading, body, border colour, dash)``; ``note`` explains the line styles.
    The desktop drawing is 800 px wide with bodies wrapped to ``chars`` characters; the phone
    variant is 360 px wide, wrapped to 30 (the note to 40).
    """

    def chain(width: int, body_chars: int, text: str) -> tuple[go.Figure, tuple[int, int]]:
        item = None
        for heading, body, colour, dash in reversed(steps):
            item = Item(text=f"{heading}<br>{wrap(body, body_chars)}", border=colour, width=2.5, dash=dash,
                        children=[item] if item else [], font_size=16)
        return tree_figure([item], width=width, indent=indent, note=text, note_size=15)

    def draw() -> go.Figure:
        return chain(800, chars, note)[0]

    def narrow() -> tuple[go.Figure, tuple[int, int]]:
        """Phones: the same steps, text wrapped to a narrow column."""
        return chain(360, 30, wrap(note.replace("<br>", " "), 40))

    return chain(800, chars, note)[1], draw, narrow
