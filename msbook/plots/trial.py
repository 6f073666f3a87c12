"""Figures of the trial simulator (chapter 11): the spread of estimated effects, power
curves, and a live explorer."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from msbook.figures import BookFigure
from msbook.models.trial import ALPHA, PARAMS, TrialSet, relapse_power, sample_size, simulate_trials
from msbook.plots.common import PanelLayout, add_step_slider, set_narrow_layout
from msbook.style import OKABE_ITO, SERIES_COLOURS, SERIES_DASHES
from msbook.widgets import Explorer

# ------------------------------------------------------------------ the spread of estimates
#: People per arm offered by the spread figure's slider (evenly spaced).
SPREAD_SIZES = (100, 200, 300, 400, 500)
#: The spread figure's fixed settings: a true 30% reduction, 0.4 relapses a year, 2 years.
SPREAD_SETTINGS = dict(rate_ratio=0.7, hazard_ratio=0.7, years=2.0, control_rate=0.4)
#: Simulated trials per slider step (each analysed with the negative binomial regression).
SPREAD_TRIALS = 300
#: Seed of the spread figure.
SPREAD_SEED = 11
#: Histogram bins of the estimated rate ratio.
BIN_WIDTH = 0.04
BIN_LOW, BIN_HIGH = 0.3, 1.5

SPREAD_HEIGHT, SPREAD_NARROW_HEIGHT = 620, 720
_XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER = 68, 40, 70, 105
SPREAD_LAYOUT = PanelLayout(SPREAD_HEIGHT, SPREAD_NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER, top=100)

_SIG, _NOT = OKABE_ITO["blue"], OKABE_ITO["vermillion"]


@lru_cache(maxsize=None)
def spread_sets() -> tuple[TrialSet, ...]:
    """The precomputed trial sets of the spread figure, one per slider step."""
    return tuple(
        simulate_trials(n_per_arm=n, n_trials=SPREAD_TRIALS, seed=SPREAD_SEED, **SPREAD_SETTINGS)
        for n in SPREAD_SIZES
    )


def _bins() -> np.ndarray:
    return np.round(np.arange(BIN_LOW, BIN_HIGH + BIN_WIDTH / 2, BIN_WIDTH), 3)


def _counts(trials: TrialSet) -> tuple[list[int], list[int]]:
    """Trials per bin of the estimated rate ratio: those that reached p < 0.05, and the rest."""
    edges = _bins()
    ok = ~np.isnan(trials.estimates)
    est = np.clip(trials.estimates[ok], BIN_LOW, BIN_HIGH - 1e-9)
    sig = np.nan_to_num(trials.p_values[ok], nan=1.0) < ALPHA
    a, _ = np.histogram(est[sig], bins=edges)
    b, _ = np.histogram(est[~sig], bins=edges)
    return [int(x) for x in a], [int(x) for x in b]


def spread_summary(trials: TrialSet) -> str:
    """Figure title: the settings, and how many trials reached significance on each endpoint."""
    if trials.no_estimate == trials.n_trials:
        spread = "no trial had relapses in both arms"
    else:
        low, high = trials.estimate_range()
        spread = f"95% of estimates between {low:.2f} and {high:.2f} (true {trials.rate_ratio:.2f})"
    if trials.no_estimate:
        spread += f"; {trials.no_estimate} trials with no relapse in an arm left out"
    return (
        f"{trials.n_per_arm} people per arm: {round(100 * trials.power)}% of trials significant for relapses, "
        f"{round(100 * trials.worsening_power)}% for disability.<br>{spread}"
    )


def _spread_figure(trials: TrialSet, title: str) -> go.Figure:
    edges = _bins()
    centres = [round(float(x), 3) for x in (edges[:-1] + BIN_WIDTH / 2)]
    sig, not_sig = _counts(trials)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=centres, y=sig, name="Trial reached p < 0.05", width=BIN_WIDTH * 0.95,
                         marker=dict(color=_SIG, line=dict(color="#222222", width=0.5)),
                         hovertemplate="rate ratio %{x:.2f}: %{y} trials (p < 0.05)<extra></extra>"))
    fig.add_trace(go.Bar(x=centres, y=not_sig, name="Trial did not (p ≥ 0.05)", width=BIN_WIDTH * 0.95,
                         marker=dict(color=_NOT, pattern=dict(shape="/", fgcolor="white", size=7, solidity=0.3, fillmode="overlay"),
                                     line=dict(color="#222222", width=0.5)),
                         hovertemplate="rate ratio %{x:.2f}: %{y} trials (p ≥ 0.05)<extra></extra>"))
    fig.update_layout(barmode="stack", bargap=0, legend_traceorder="normal")
    for x, text, dash, anchor in ((trials.rate_ratio, f"true effect {trials.rate_ratio:.2f}", "dash", "right"),
                                  (1.0, "no difference (1)", "dot", "left")):
        fig.add_vline(x=x, line=dict(color=OKABE_ITO["black"], width=2, dash=dash))
        fig.add_annotation(x=x, y=1, yref="paper", text=text, showarrow=False, xanchor=anchor,
                           xshift=-4 if anchor == "right" else 4, yanchor="bottom", font=dict(size=13))
    fig.update_xaxes(title_text="Estimated rate ratio (treatment ÷ comparator)", range=[BIN_LOW, 1.4], dtick=0.1)
    top = max(a + b for a, b in zip(sig, not_sig))
    fig.update_yaxes(title_text="Number of simulated trials", range=[0, max(top, 1) * 1.1])
    SPREAD_LAYOUT.style(fig, title)
    # Phones: a shorter axis title, fewer ticks and shorter labels, so that nothing runs off.
    set_narrow_layout(fig, {"xaxis.title.text": "Estimated rate ratio", "xaxis.dtick": 0.2,
                            "annotations[1].text": "no difference", "annotations[0].font.size": 12,
                            "annotations[1].font.size": 12})
    return fig


def spread_slider_figure(start: int = 1) -> go.Figure:
    """The spread of estimated rate ratios over many simulated trials; a slider sets the size."""
    sets = spread_sets()
    fig = _spread_figure(sets[start], spread_summary(sets[start]))
    ymax = max(max(a + b for a, b in zip(*_counts(s))) for s in sets)
    fig.update_yaxes(range=[0, ymax * 1.1])
    steps = []
    for n, trials in zip(SPREAD_SIZES, sets):
        sig, not_sig = _counts(trials)
        steps.append((f"{n}", {"y": [sig, not_sig]}, spread_summary(trials)))
    add_step_slider(fig, steps, start, "People per arm", traces=[0, 1])
    set_narrow_layout(fig, {"sliders[0].currentvalue.font.size": 13})
    return SPREAD_LAYOUT.place(fig)


def spread_book_figure() -> BookFigure:
    """Chapter 11's interactive figure: how much trial results scatter, by trial size."""
    return BookFigure(
        spread_slider_figure(),
        name="trial-spread",
        alt=(
            f"A histogram of the relapse rate ratios estimated by {SPREAD_TRIALS} simulated trials, all with the "
            "same true effect of 0.7. Bars are split into trials that reached p < 0.05 (solid) and "
            "those that did not (hatched). With 200 people per arm the estimates scatter from about "
            "0.5 to 1.0 and many trials miss significance; a slider sets the size from 100 to 500 "
            "people per arm, and larger trials scatter less and reach significance more often."
        ),
        height=SPREAD_HEIGHT,
    )


# ------------------------------------------------------------------ power curves
#: People per arm on the power curves' horizontal axis.
POWER_SIZES = (25, 50, 100, 200, 300, 400, 500, 1000)
#: True rate ratios drawn as curves (1 = no effect: the curve is the false-positive rate).
POWER_RATIOS = (0.5, 0.6, 0.7, 0.8, 1.0)
#: Comparator relapse rates offered by the slider (relapses a year, evenly spaced).
POWER_RATES = (0.2, 0.4, 0.6, 0.8)
#: Follow-up of the power figure (years), and trials simulated per point.
POWER_YEARS = 2.0
POWER_TRIALS = 200
POWER_SEED = 5
POWER_TARGET = 0.8

POWER_HEIGHT, POWER_NARROW_HEIGHT = 640, 780
_P_LEGEND, _P_NARROW_LEGEND = 84, 150
POWER_LAYOUT = PanelLayout(POWER_HEIGHT, POWER_NARROW_HEIGHT, _XTITLE, _P_LEGEND, _P_NARROW_LEGEND, _SLIDER, top=100)


@lru_cache(maxsize=None)
def power_table(control_rate: float) -> tuple[tuple[float, ...], ...]:
    """Simulated power (share of trials with p < 0.05) for each ratio in POWER_RATIOS and size."""
    return tuple(
        tuple(relapse_power(r, n, years=POWER_YEARS, control_rate=control_rate, n_trials=POWER_TRIALS,
                            seed=POWER_SEED) for n in POWER_SIZES)
        for r in POWER_RATIOS
    )


def _formula_points(control_rate: float) -> tuple[list, list]:
    """The formula's people per arm for 80% power, for each ratio whose answer fits the axis."""
    xs, ys = [], []
    for r in POWER_RATIOS:
        if r == 1.0:
            continue
        n = sample_size(r, years=POWER_YEARS, control_rate=control_rate, power=POWER_TARGET)
        if n <= POWER_SIZES[-1]:
            xs.append(n)
            ys.append(round(100 * POWER_TARGET))
    return xs, ys


def power_summary(control_rate: float) -> str:
    n = sample_size(0.7, years=POWER_YEARS, control_rate=control_rate, power=POWER_TARGET)
    return (
        f"Comparator {control_rate:.1f} relapses a year, {POWER_YEARS:g} years' follow-up:<br>"
        f"for a true ratio of 0.7 the formula asks {n} people per arm for 80% power"
    )


def _ratio_label(r: float) -> str:
    return "1.0 (no effect)" if r == 1.0 else f"{r:.1f} ({round(100 * (1 - r))}% fewer)"


def power_slider_figure(start: int = 1) -> go.Figure:
    """Power against people per arm for several true effects; a slider sets the comparator's rate."""
    fig = go.Figure()
    table = power_table(POWER_RATES[start])
    symbols = ("circle", "square", "diamond", "triangle-up", "x")
    for i, (r, row) in enumerate(zip(POWER_RATIOS, table)):
        fig.add_trace(go.Scatter(
            x=list(POWER_SIZES), y=[round(100 * p, 1) for p in row], mode="lines+markers",
            name=f"Ratio {_ratio_label(r)}",
            line=dict(color=SERIES_COLOURS[i], dash=SERIES_DASHES[i], width=2.5),
            marker=dict(symbol=symbols[i], size=7, color=SERIES_COLOURS[i]),
            hovertemplate=f"ratio {r:.1f}, " + "%{x} per arm: %{y:.0f}% of trials significant<extra></extra>"))
    fx, fy = _formula_points(POWER_RATES[start])
    fig.add_trace(go.Scatter(x=fx, y=fy, mode="markers", name="Formula: size for 80% power",
                             marker=dict(symbol="star", size=15, color=OKABE_ITO["black"],
                                         line=dict(color="white", width=1)),
                             hovertemplate="formula: %{x} per arm for 80% power<extra></extra>"))
    for y in (100 * POWER_TARGET, 100 * ALPHA):
        fig.add_hline(y=y, line=dict(color="#777777", width=1.5, dash="dot"))
    fig.add_annotation(x=0.01, xref="paper", y=100 * POWER_TARGET, text="80% power", showarrow=False,
                       xanchor="left", yanchor="bottom", font=dict(size=13))
    fig.update_xaxes(title_text="People in each arm", type="log", range=[np.log10(22), np.log10(1100)],
                     tickvals=[25, 50, 100, 200, 500, 1000])
    fig.update_yaxes(title_text="Trials with p < 0.05 (%)", range=[0, 102], dtick=20)
    POWER_LAYOUT.style(fig, power_summary(POWER_RATES[start]))
    steps = []
    for rate in POWER_RATES:
        rows = power_table(rate)
        fx, fy = _formula_points(rate)
        steps.append((f"{rate:.1f}", {"y": [[round(100 * p, 1) for p in row] for row in rows] + [fy], "x":
                      [list(POWER_SIZES)] * len(rows) + [fx]}, power_summary(rate)))
    add_step_slider(fig, steps, start, "Comparator's relapses a year")
    set_narrow_layout(fig, {"sliders[0].currentvalue.font.size": 13,
                            "sliders[0].currentvalue.prefix": "Comparator rate: "})
    return POWER_LAYOUT.place(fig)


def power_book_figure() -> BookFigure:
    """Chapter 11's power curves: how the chance of a significant result grows with size."""
    return BookFigure(
        power_slider_figure(),
        name="trial-power",
        alt=(
            "Power curves: the share of simulated trials that reach p < 0.05 for relapses, against "
            "the number of people in each arm on a logarithmic axis from 25 to 1,000, for true rate "
            "ratios of 0.5, 0.6, 0.7, 0.8 and 1.0. Larger effects reach 80% with fewer people; the "
            "curve for no effect stays near 5% at every size. Stars mark where a standard formula "
            "says 80% power is reached. A slider sets the comparator's relapse rate from 0.2 to 0.8 "
            "a year; lower rates need more people."
        ),
        height=POWER_HEIGHT,
    )


# ------------------------------------------------------------------ live explorer
#: Simulated trials per explorer run (each a negative binomial regression).
EXPLORER_TRIALS = 100
EXPLORER_HEIGHT = SPREAD_HEIGHT - _SLIDER


def trial_figure(rate_ratio: float, n_per_arm: int, years: float, control_rate: float,
                 hazard_ratio: float) -> go.Figure:
    """The spread of estimates for any settings (ranges as in ``simulate_trials``)."""
    trials = simulate_trials(rate_ratio=rate_ratio, n_per_arm=int(n_per_arm), years=years,
                             control_rate=control_rate, hazard_ratio=hazard_ratio,
                             n_trials=EXPLORER_TRIALS, seed=PARAMS["seed"].default)
    return _spread_figure(trials, spread_summary(trials))


def trial_explorer() -> Explorer:
    """Chapter 11's live explorer of the trial simulator."""
    params = {name: PARAMS[name] for name in ("rate_ratio", "n_per_arm", "years", "control_rate", "hazard_ratio")}
    return Explorer(
        params,
        draw=trial_figure,
        name="trial-explorer",
        alt=(
            "A histogram of the relapse rate ratios estimated by 100 simulated trials of a modest "
            "treatment (true ratio 0.8) against a comparator with 0.25 relapses a year, 300 people "
            "per arm and 2 years of follow-up. The estimates scatter widely around 0.8, many of them "
            "close to 1, and fewer than half of the trials reach p < 0.05."
        ),
        description=(
            "Live explorer of the trial simulator: sliders set the true rate ratio, the people per "
            "arm, the follow-up, the comparator's relapse rate and the true hazard ratio of "
            "disability worsening."
        ),
        start={"rate_ratio": 0.8, "n_per_arm": 300, "years": 2.0, "control_rate": 0.25, "hazard_ratio": 0.8},
        height=EXPLORER_HEIGHT,
    )
