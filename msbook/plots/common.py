"""Pieces shared by the book's model figures: light data, and sliders of precomputed runs."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go


def light(values: Sequence[float], stride: int = 1, digits: int = 3) -> list:
    """Every ``stride``-th value rounded to ``digits`` significant digits; zeros become gaps.

    Keeps a page light: a figure carries every precomputed run in its HTML.
    """
    return [float(f"{v:.{digits}g}") if v > 0 else None for v in np.asarray(values)[::stride]]


def add_step_slider(
    fig: go.Figure,
    steps: Sequence[tuple[str, dict, str]],
    active: int,
    prefix: str,
    y: float = -0.3,
    traces: Sequence[int] | None = None,
) -> go.Figure:
    """Add a slider whose steps switch the figure between precomputed runs.

    Each step is ``(label, data, title)``: the label under the slider, the new
    trace data (``{"y": [...one list per trace...]}``, optionally with ``"x"``),
    and the figure's new title. ``traces`` lists the indices of the traces that
    the data replaces (default: all, in order); traces that never change can
    then be left out of every step, which keeps the page light. It works on a
    static page with no kernel. (plotly.js 4 needs ``"title.text"``, not
    ``"title"``, in the step's layout update.)
    """
    if not 0 <= active < len(steps):
        raise ValueError(f"active must be 0 to {len(steps) - 1}; got {active}")
    fig.update_layout(
        sliders=[
            dict(
                active=active,
                steps=[
                    dict(
                        method="update",
                        label=label,
                        args=[data, {"title.text": title}] + ([list(traces)] if traces is not None else []),
                    )
                    for label, data, title in steps
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
    return fig
