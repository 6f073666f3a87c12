"""Figures of the conduction model (chapter 4): two slider figures (myelin loss; temperature),
an animation of the impulse in a healthy and a demyelinated fibre, and a live explorer."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.figures import BookFigure
from msbook.models.conduction import PARAMS, STIM_DELAY, ConductionResult, simulate_conduction
from msbook.plots.common import (
    NARROW_TITLE_CHARS,
    TOP_TITLE,
    WIDE_TITLE_CHARS,
    PanelLayout,
    add_step_slider,
    fit_title,
    set_narrow_layout,
)
from msbook.style import OKABE_ITO, series_style
from msbook.widgets import Explorer

#: The fibre every static figure shows (µm) and its lesion (internodes).
DIAMETER, LESION = 10.0, 3
#: Myelin lost in the lesion, offered by the first slider (evenly spaced fractions), at 37 °C.
SLIDER_LOSS = (0.0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9)
#: Temperatures (°C) offered by the second slider, for the lesion that has lost UHTHOFF_LOSS:
#: a lesion that conducts at body temperature and blocks when warmed by a degree or two.
SLIDER_TEMPERATURE = (36.0, 36.5, 37.0, 37.5, 38.0, 38.5, 39.0, 39.5, 40.0)
UHTHOFF_LOSS = 0.88
#: Myelin lost in the lesion of the animation (blocked at 37 °C).
ANIMATION_LOSS = 0.9
#: Nodes whose potential the upper panel plots: two before the lesion, one in it, two after.
SHOWN_NODES = (2, 6, 10, 14, 18)
#: Time window (ms) and sampling step (ms) of the plotted potentials.
T_MAX, T_STEP = 1.4, 0.02
HEIGHT, NARROW_HEIGHT = 790, 910
_XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER = 68, 90, 150, 105
LAYOUT = PanelLayout(HEIGHT, NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER)
_LESION_FILL = "rgba(213, 94, 0, 0.13)"  # vermillion, light


def _sample(result: ConductionResult) -> tuple[list[float], list[list[float]]]:
    """Times after the stimulus (ms) up to T_MAX, every T_STEP, and the potentials of SHOWN_NODES."""
    stride = int(round(T_STEP / (result.t[1] - result.t[0])))
    after = result.t - STIM_DELAY
    keep = (after >= -1e-9) & (after <= T_MAX + 1e-9)
    t = [round(float(x), 3) for x in after[keep][::stride]]
    ys = [[round(float(v), 1) for v in result.v[node][keep][::stride]] for node in SHOWN_NODES]
    return t, ys


def _arrivals(result: ConductionResult) -> tuple[list, list]:
    """(fire times after the stimulus in ms, positions in mm) of the nodes that fired."""
    fired = np.isfinite(result.fire_time)
    return (
        [round(float(x) - STIM_DELAY, 3) for x in result.fire_time[fired]],
        [round(float(x), 2) for x in result.node_x[fired]],
    )


def _where(node: int, result: ConductionResult) -> str:
    first, last = result.lesion
    if first < 0 or result.myelin_loss == 0:
        return f"Node {node}"
    if node <= first:
        return f"Node {node} (before the lesion)"
    if node <= last:
        return f"Node {node} (in the lesion)"
    return f"Node {node} (after the lesion)"


def _lesion_mm(result: ConductionResult) -> tuple[float, float] | None:
    first, last = result.lesion
    if first < 0 or result.myelin_loss == 0:
        return None
    return float(result.node_x[first]), float(result.node_x[last + 1])


def summary(result: ConductionResult, healthy: ConductionResult | None = None) -> str:
    """The figure's title, two short lines: the state; whether and how fast the impulse arrives."""
    if result.myelin_loss == 0 or result.lesion_internodes == 0:
        head = f"Healthy myelin, {result.temperature:g} °C"
    else:
        head = f"{result.myelin_loss * 100:.0f}% of myelin lost, {result.temperature:g} °C"
    sf = f"safety factor {result.safety_factor:.2f}"
    if not result.conducted:
        return f"{head}: BLOCKED<br>at the lesion; {sf}"
    tail = f"<br>{sf}"
    if healthy is not None and result.myelin_loss > 0 and result.lesion_internodes > 0:
        tail = f"<br>(healthy {healthy.velocity:.0f} m/s); {sf}"
    return f"{head}: {result.velocity:.0f} m/s{tail}"


def _base_figure(result: ConductionResult, title: str) -> go.Figure:
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1, row_heights=[0.55, 0.45])
    t, ys = _sample(result)
    for i, (node, y) in enumerate(zip(SHOWN_NODES, ys)):
        name = _where(node, result)
        fig.add_trace(
            go.Scatter(x=t, y=y, name=name, mode="lines", line=dict(width=2.5, **series_style(i)),
                       hovertemplate="%{x} ms: %{y} mV<extra>" + name + "</extra>"),
            row=1, col=1,
        )
    times, xs = _arrivals(result)
    fig.add_trace(
        go.Scatter(x=times, y=xs, name="When each node fires", mode="lines+markers",
                   line=dict(color=OKABE_ITO["black"], width=2), marker=dict(size=7, symbol="circle"),
                   hovertemplate="node at %{y} mm fires at %{x} ms<extra></extra>"),
        row=2, col=1,
    )
    span = _lesion_mm(result)
    if span is not None:  # the lesion of this result (none for healthy myelin)
        fig.add_hrect(y0=span[0], y1=span[1], row=2, col=1, fillcolor=_LESION_FILL,
                      line=dict(color=OKABE_ITO["vermillion"], width=1, dash="dot"))
        fig.add_annotation(x=T_MAX, y=span[1], xref="x2", yref="y2", text="lesion",
                           showarrow=False, xanchor="right", yanchor="bottom", font=dict(size=13))
    fig.update_yaxes(title_text="Potential (mV)", range=[-95, 60], row=1, col=1)
    fig.update_yaxes(title_text="Position (mm)", range=[-0.5, float(result.node_x[-1]) + 0.5], row=2, col=1)
    fig.update_xaxes(range=[0, T_MAX], row=1, col=1)
    fig.update_xaxes(title_text="Time since the stimulus at node 0 (ms)", range=[0, T_MAX], row=2, col=1)
    return LAYOUT.style(fig, title, narrow={"xaxis2.title.text": "Time after the stimulus (ms)"})


def _step_data(result: ConductionResult) -> dict:
    t, ys = _sample(result)
    times, xs = _arrivals(result)
    return {"x": [t] * len(ys) + [times], "y": ys + [xs]}


def conduction_figure(
    fibre_diameter: float = PARAMS["fibre_diameter"].default,
    lesion_internodes: int = int(PARAMS["lesion_internodes"].default),
    myelin_loss: float = PARAMS["myelin_loss"].default,
    temperature: float = PARAMS["temperature"].default,
) -> go.Figure:
    """The model's impulse for one set of parameters (ranges as in ``simulate_conduction``)."""
    result = simulate_conduction(fibre_diameter, int(lesion_internodes), myelin_loss, temperature)
    healthy = simulate_conduction(fibre_diameter, 0, 0.0, temperature)
    return _base_figure(result, summary(result, healthy))


def _slider_figure(results: Sequence[ConductionResult], labels: Sequence[str], start: int,
                   prefix: str, healthy: Sequence[ConductionResult]) -> go.Figure:
    fig = _base_figure(results[start], summary(results[start], healthy[start]))
    steps = [(label, _step_data(r), summary(r, hr)) for label, r, hr in zip(labels, results, healthy)]
    add_step_slider(fig, steps, start, prefix)
    return LAYOUT.place(fig)


def myelin_slider_figure(losses: Sequence[float] = SLIDER_LOSS, start: float = 0.75) -> go.Figure:
    """Slider over the myelin lost in a 3-internode lesion of a 10 µm fibre at 37 °C."""
    if start not in losses:
        raise ValueError(f"start={start!r} must be one of losses {tuple(losses)}")
    results = [simulate_conduction(DIAMETER, LESION, loss, 37.0) for loss in losses]
    healthy = [simulate_conduction(DIAMETER, 0, 0.0, 37.0)] * len(losses)
    labels = [f"{loss * 100:.0f}%" for loss in losses]
    return _slider_figure(results, labels, list(losses).index(start), "Myelin lost in the lesion", healthy)


def temperature_slider_figure(temperatures: Sequence[float] = SLIDER_TEMPERATURE, start: float = 39.0) -> go.Figure:
    """Slider over temperature for a 10 µm fibre whose 3-internode lesion has lost UHTHOFF_LOSS of its myelin."""
    if start not in temperatures:
        raise ValueError(f"start={start!r} must be one of temperatures {tuple(temperatures)}")
    results = [simulate_conduction(DIAMETER, LESION, UHTHOFF_LOSS, temp) for temp in temperatures]
    healthy = [simulate_conduction(DIAMETER, 0, 0.0, temp) for temp in temperatures]
    labels = [f"{temp:g} °C" for temp in temperatures]
    return _slider_figure(results, labels, list(temperatures).index(start), "Temperature", healthy)


def myelin_slider_book_figure() -> BookFigure:
    """Chapter 4's slider over myelin loss."""
    return BookFigure(
        myelin_slider_figure(),
        name="conduction-myelin",
        alt=(
            "Two stacked charts of one impulse in a model nerve fibre with a lesion of three "
            "internodes. Top: membrane potential over time at five nodes, before, in and after the "
            "lesion; each node fires a little later than the one before. Bottom: when each node "
            "fires against its position, with the lesion shaded. As more myelin is lost the firing "
            "times bend later at the lesion, and at the largest loss the nodes beyond it never fire."
        ),
        height=HEIGHT,
    )


def temperature_slider_book_figure() -> BookFigure:
    """Chapter 4's slider over temperature (the Uhthoff logic)."""
    return BookFigure(
        temperature_slider_figure(),
        name="conduction-temperature",
        alt=(
            "The same two charts for a fibre whose lesion has lost 88% of its myelin, at "
            "temperatures from 36 to 40 °C. At and just above body temperature the impulse crosses "
            "the lesion slowly; warmed by a degree or two more, it stops at the lesion and the nodes "
            "beyond it never fire."
        ),
        height=HEIGHT,
    )


# ------------------------------------------------------------------------- animation
#: Frame times (ms after the stimulus) of the animation, and the frame shown before it plays
#: (and in print).
FRAME_TIMES = tuple(round(0.025 * i, 3) for i in range(25))
PRINT_FRAME_TIME = 0.35
ANIMATION_HEIGHT, ANIMATION_NARROW_HEIGHT = 640, 720


def _profile(result: ConductionResult, time: float) -> list[float]:
    j = int(round((time + STIM_DELAY) / (result.t[1] - result.t[0])))
    return [round(float(v), 1) for v in result.v[:, j]]


def _frame_data(healthy: ConductionResult, lesioned: ConductionResult, time: float) -> list[dict]:
    return [
        {"y": _profile(healthy, time)},
        {"y": _profile(lesioned, time)},
        {"text": [f"{time:.2f} ms after the stimulus"]},
    ]


def impulse_animation_figure(loss: float = ANIMATION_LOSS, temperature: float = 37.0) -> go.Figure:
    """Animation (plotly frames): membrane potential at every node over time, in a healthy fibre
    (top) and in one whose 3-internode lesion has lost ``loss`` of its myelin (bottom)."""
    healthy = simulate_conduction(DIAMETER, 0, 0.0, temperature, safety=False)
    lesioned = simulate_conduction(DIAMETER, LESION, loss, temperature, safety=False)
    x = [round(float(v), 2) for v in healthy.node_x]
    titles = ("Healthy fibre", f"Fibre with a lesion ({loss * 100:.0f}% of the myelin lost)")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.16, subplot_titles=titles)
    for row, (result, name, style) in enumerate(((healthy, "Healthy fibre", 0), (lesioned, "Fibre with a lesion", 1)), 1):
        fig.add_trace(
            go.Scatter(x=x, y=_profile(result, PRINT_FRAME_TIME), name=name, mode="lines+markers",
                       line=dict(width=2, **series_style(style)), marker=dict(size=8),
                       hovertemplate="%{x} mm: %{y} mV<extra>" + name + "</extra>", showlegend=False),
            row=row, col=1,
        )
    fig.add_trace(
        go.Scatter(x=[0.0], y=[45.0], mode="text", text=[f"{PRINT_FRAME_TIME:.2f} ms after the stimulus"],
                   textposition="middle right", showlegend=False, hoverinfo="skip", textfont=dict(size=14)),
        row=1, col=1,
    )
    first, last = lesioned.lesion
    fig.add_vrect(x0=x[first], x1=x[last + 1], row=2, col=1, fillcolor=_LESION_FILL,
                  line=dict(color=OKABE_ITO["vermillion"], width=1, dash="dot"))
    fig.update_yaxes(title_text="mV", range=[-95, 60])
    fig.update_xaxes(title_text="Position along the fibre (mm); markers are nodes", row=2, col=1)
    fig.frames = [
        go.Frame(data=_frame_data(healthy, lesioned, time), traces=[0, 1, 2], name=f"{time:.3f}")
        for time in FRAME_TIMES
    ]
    title = f"An impulse jumps from node to node, and stops at a lesion ({temperature:g} °C)"
    fig.update_layout(
        height=ANIMATION_HEIGHT,
        title=TOP_TITLE | dict(text=fit_title(title, WIDE_TITLE_CHARS), font=dict(size=15)),
        margin=dict(t=90, b=150, l=70, r=20),
        updatemenus=[dict(
            type="buttons", direction="left", x=0, xanchor="left", y=-0.2, yanchor="top",
            pad=dict(t=10), showactive=False,
            buttons=[
                dict(label="▶ Play", method="animate",
                     args=[None, {"frame": {"duration": 160, "redraw": False}, "fromcurrent": False,
                                  "transition": {"duration": 0}, "mode": "immediate"}]),
                dict(label="❚❚ Pause", method="animate",
                     args=[[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}]),
            ],
        )],
    )
    set_narrow_layout(fig, {
        "height": ANIMATION_NARROW_HEIGHT,
        "title.text": fit_title(title, NARROW_TITLE_CHARS),
        "title.font.size": 14,
        "margin.l": 56, "margin.r": 12, "margin.t": 110,
        "xaxis2.title.text": "Position (mm); markers are nodes",
        "annotations[1].text": f"With a lesion ({loss * 100:.0f}% myelin lost)",
    })
    return fig


def impulse_animation_book_figure() -> BookFigure:
    """Chapter 4's animation: healthy against demyelinated fibre."""
    return BookFigure(
        impulse_animation_figure(),
        name="conduction-animation",
        alt=(
            "Two stacked charts of membrane potential at the 21 nodes of a model fibre, healthy above "
            "and with a shaded lesion below, with a Play button. Played, a peak of depolarisation "
            "hops from node to node along the healthy fibre to its far end; in the lesioned fibre it "
            "hops as far as the lesion and then dies away. Before playing, both show the moment "
            "0.35 ms after the stimulus."
        ),
        height=ANIMATION_HEIGHT,
    )


def conduction_explorer() -> Explorer:
    """Chapter 4's live explorer: fibre diameter, lesion length, myelin loss and temperature."""
    return Explorer(
        dict(PARAMS),
        draw=conduction_figure,
        name="conduction-explorer",
        alt=(
            "The conduction model for a 10 µm fibre whose lesion of six internodes has lost 80% of "
            "its myelin, at 37 °C: all the nodes fire in turn, but the firing times bend sharply "
            "later where the impulse crosses the long lesion."
        ),
        description=(
            "Live explorer of the conduction model: sliders set the fibre diameter, the number of "
            "internodes in the lesion, the share of their myelin lost and the temperature. Shown "
            "here at its starting state."
        ),
        start={"lesion_internodes": 6, "myelin_loss": 0.8},
        height=HEIGHT - _SLIDER,
    )
