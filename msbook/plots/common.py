"""Pieces shared by the book's model figures: light data, and sliders of precomputed runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go


def light(values: Sequence[float], stride: int = 1, digits: int = 3) -> list:
    """Every ``stride``-th value rounded to ``digits`` significant digits; zeros become gaps.

    Keeps a page light: a figure carries every precomputed run in its HTML.
    """
    return [float(f"{v:.{digits}g}") if v > 0 else None for v in np.asarray(values)[::stride]]


def add_step_slider(
    fig: go.Figure,
    steps: Sequence[tuple],
    active: int,
    prefix: str,
    y: float = -0.3,
    traces: Sequence[int] | None = None,
) -> go.Figure:
    """Add a slider whose steps switch the figure between precomputed runs.

    Each step is ``(label, data, title)`` or ``(label, data, title, layout)``: the
    label under the slider, the new trace data (``{"y": [...one list per trace...]}``,
    optionally with ``"x"``), the figure's new title, and optionally more layout
    updates (Plotly.relayout keys, such as ``"shapes[2].path"``). ``traces`` lists the
    indices of the traces that the data replaces (default: all, in order); traces that
    never change can then be left out of every step, which keeps the page light. It
    works on a static page with no kernel. (plotly.js 4 needs ``"title.text"``, not
    ``"title"``, in the step's layout update.)

    Speed: a step that replaces trace data makes plotly.js redraw every trace of the
    figure, so keep the number of drawn points small (a slider step has a budget of
    100 ms, measured by ``scripts/bench_figures.py``). Draw large unchanging parts (a
    grid of 1,000 icons) as one layout shape path, and changing ones that are many small
    marks as a shape path in the step's ``layout`` (see ``msbook/plots/risk.py``).
    """
    if not 0 <= active < len(steps):
        raise ValueError(f"active must be 0 to {len(steps) - 1}; got {active}")
    steps = [
        (step[0], step[1], fit_title(step[2], WIDE_TITLE_CHARS), dict(step[3]) if len(step) > 3 else {})
        for step in steps
    ]
    fig.update_layout(
        sliders=[
            dict(
                active=active,
                steps=[
                    dict(
                        method="update",
                        label=label,
                        args=[data, {"title.text": title, **more}] + ([list(traces)] if traces is not None else []),
                    )
                    for label, data, title, more in steps
                ],
                currentvalue=dict(prefix=f"{prefix}: ", font=dict(size=14)),
                pad=dict(t=10, b=10),
                x=0,
                len=1.0,
                y=y,
                yanchor="top",
            )
        ]
    )
    fig.layout.title.text = steps[active][2]
    if steps[active][3]:
        fig.update_layout(steps[active][3])
    # On a phone each step sets a title wrapped to the narrow width instead.
    set_narrow_layout(fig, {"title.text": fit_title(steps[active][2], NARROW_TITLE_CHARS)})
    # (A step whose title already fits a phone needs no narrow copy: that keeps pictures and
    # other layout updates of the step from being written into the page twice.)
    set_narrow_layout(fig, {
        f"sliders[0].steps[{i}].args[1]": {"title.text": fit_title(title, NARROW_TITLE_CHARS), **more}
        for i, (_label, _data, title, more) in enumerate(steps)
        if fit_title(title, NARROW_TITLE_CHARS) != title
    })
    return fig


# ------------------------------------------------------------------ narrow screens
#: The web page applies a figure's narrow layout when the figure's container is narrower
#: than this (CSS px). The protocol (see :func:`set_narrow_layout`):
#: ``fig.layout.meta["msbook"]["narrow"]`` holds Plotly.relayout updates (dotted keys
#: allowed) for narrow containers, and ``fig.layout.meta["msbook"]["wide"]`` the values
#: those keys have in the default (wide) layout, so that a page can switch back.
NARROW_BELOW = 600
#: Characters per title line that fit a phone (a container of about 340 px, 14 px type).
NARROW_TITLE_CHARS = 40
#: Characters per title line that fit the narrowest wide layout (a 600 px container, 15 px type).
WIDE_TITLE_CHARS = 66

#: A title that hangs from the top of the figure, so that a title of several lines grows
#: downwards into the top margin (size the margin for its lines) instead of off the top.
#: (plotly.js places a title of several lines one line too high: the pad makes up for it.)
TOP_TITLE = dict(x=0.01, xref="container", y=1, yref="container", yanchor="top", pad=dict(t=26))

_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _lookup(tree: object, path: str) -> object:
    """The value at a Plotly.relayout path such as ``"sliders[0].steps[2].args[1]"`` (or None)."""
    for name, index in _PATH_PART.findall(path):
        if name:
            tree = tree.get(name) if isinstance(tree, dict) else None
        else:
            i = int(index)
            tree = tree[i] if isinstance(tree, list) and i < len(tree) else None
        if tree is None:
            return None
    return tree


def set_narrow_layout(fig: go.Figure, updates: Mapping[str, object]) -> go.Figure:
    """Give ``fig`` layout updates for narrow screens (phones), applied by the web page.

    ``updates`` are Plotly.relayout updates: keys may be dotted paths
    (``"legend.orientation"``, ``"yaxis2.domain"``, ``"annotations[3].visible"``,
    ``"sliders[0].steps[2].args[1]"``). They are stored in
    ``fig.layout.meta["msbook"]["narrow"]`` (merged with any set before); the web page
    applies them with ``Plotly.relayout`` when the figure's container is narrower than
    :data:`NARROW_BELOW` CSS px, and gives the element that holds the figure's height
    (the wrapper ``<div style="height:...">`` around plotly's div, whose own height is
    100%) the height ``"height"``, if given, so the page makes room for the taller figure.
    The current (wide) value of every key is kept in ``meta["msbook"]["wide"]`` (``None``
    where the key is unset, which Plotly.relayout reads as "back to the default").
    """
    meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
    book = dict(meta.get("msbook", {}))
    narrow, wide = dict(book.get("narrow", {})), dict(book.get("wide", {}))
    current = fig.layout.to_plotly_json()
    for key, value in updates.items():
        if key not in wide:
            wide[key] = _lookup(current, key)
        narrow[key] = value
    book.update(narrow=narrow, wide=wide)
    meta["msbook"] = book
    fig.layout.meta = meta
    return fig


def narrow_layout(fig: go.Figure) -> dict:
    """The narrow-screen updates of ``fig`` (empty if it has none)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    return dict(meta.get("msbook", {}).get("narrow", {}))


def wrap_title(text: str, width: int) -> str:
    """Re-wrap a title (plotly ``<br>`` line breaks) into lines of at most ``width`` characters.

    Words are never split; the existing breaks are dropped and new ones placed.
    """
    if width < 10:
        raise ValueError(f"width must be at least 10 characters; got {width}")
    words = re.sub(r"<br\s*/?>", " ", text).split()
    lines: list[str] = []
    for word in words:
        visible = len(re.sub(r"<[^>]+>", "", word))
        if lines and len(re.sub(r"<[^>]+>", "", lines[-1])) + 1 + visible <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def fit_title(text: str, width: int) -> str:
    """``text`` unchanged if every line has at most ``width`` characters, else re-wrapped."""
    lines = re.split(r"<br\s*/?>", text)
    if all(len(re.sub(r"<[^>]+>", "", line)) <= width for line in lines):
        return text
    return wrap_title(text, width)


def bottom_stack(height: int, top: int, parts: Sequence[int]) -> tuple[int, list[float]]:
    """Place blocks (axis title, legend, slider...) one under another below the plot area.

    ``parts`` are the blocks' heights in px, top to bottom. Returns the bottom margin
    that holds them all and the ``y`` (in plot-area fractions, anchored at the block's
    top) of each block after the first, so that no block overlaps the next.
    """
    bottom = sum(parts)
    plot = height - top - bottom
    if plot < 100:
        raise ValueError(f"height {height} leaves only {plot} px for the plot; make it taller")
    ys, offset = [], parts[0]
    for part in parts[1:]:
        ys.append(round(-offset / plot, 4))
        offset += part
    return bottom, ys


def stack_below(height: int, top: int, xtitle: int, legend: int, slider: int = 0) -> dict:
    """Layout updates that put the legend, then the slider (if any), under the x-axis title.

    Sizes are in px: the figure's ``height``, its top margin, and the space for the x-axis
    title and tick labels, the legend and the slider. Returns Plotly.relayout updates
    (``margin.t``, ``margin.b``, ``legend.y``, ``legend.yanchor`` and ``sliders[0].y``)
    for :func:`set_narrow_layout` or ``fig.update_layout``.
    """
    parts = [xtitle, legend] + ([slider] if slider else [])
    bottom, ys = bottom_stack(height, top, parts)
    updates = {"margin.t": top, "margin.b": bottom, "legend.y": ys[0], "legend.yanchor": "top"}
    if slider:
        updates["sliders[0].y"] = ys[1]
    return updates


def title_and_legend(
    fig: go.Figure, title: str, margin_left: int, narrow: Mapping[str, object] | None = None
) -> go.Figure:
    """A figure's title (wrapped to fit) and a two-column legend under the plot; on phones
    the title re-wrapped and smaller, narrow margins, plus the figure's own ``narrow`` updates."""
    fig.update_layout(
        title=TOP_TITLE | dict(text=fit_title(title, WIDE_TITLE_CHARS), font=dict(size=15)),
        legend=dict(orientation="h", x=0, xanchor="left", entrywidth=0.5, entrywidthmode="fraction"),
    )
    set_narrow_layout(fig, {
        "title.text": fit_title(title, NARROW_TITLE_CHARS),
        "title.font.size": 14,
        "margin.l": margin_left,
        "margin.r": 12,
        **(narrow or {}),
    })
    return fig


@dataclass(frozen=True)
class PanelLayout:
    """Where a figure stacks its parts under the plot, in CSS px (see :func:`stack_below`).

    ``height`` and ``narrow_height`` are the figure's heights with a slider, on a desktop
    and on a phone; ``xtitle``, ``legend``, ``narrow_legend`` and ``slider`` are the bands
    under the plot, ``top`` the space above it; ``narrow_xtitle``, if given, replaces
    ``xtitle`` on a phone (for a figure whose lower panel has no axis title there).
    """

    height: int
    narrow_height: int
    xtitle: int
    legend: int
    narrow_legend: int
    slider: int
    top: int = 100
    narrow_xtitle: int | None = None

    def style(self, fig: go.Figure, title: str, narrow: Mapping[str, object] | None = None) -> go.Figure:
        """A two-panel time course (chapters 1 and 2): :func:`title_and_legend` with the legend
        in one column on phones, then :meth:`place`."""
        title_and_legend(fig, title, 62, {
            "legend.entrywidth": 1,
            "legend.x": -0.1,  # the legend's long entries may start left of the plot
            **(narrow or {}),
        })
        return self.place(fig)

    def place(self, fig: go.Figure) -> go.Figure:
        """Stack the legend and the slider (if any) under the plot, on a desktop and on a phone."""
        slider = self.slider if fig.layout.sliders else 0
        fig.update_layout(stack_below(self.height - self.slider + slider, self.top, self.xtitle, self.legend, slider))
        narrow = self.narrow_height - self.slider + slider
        xtitle = self.xtitle if self.narrow_xtitle is None else self.narrow_xtitle
        set_narrow_layout(fig, {"height": narrow, **stack_below(narrow, 128, xtitle, self.narrow_legend, slider)})
        return fig
