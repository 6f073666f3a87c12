"""Figures of the disease-course teaching model (chapter 9): example patterns, many people,
and a live explorer."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import plotly.graph_objects as go

from msbook.figures import BookFigure
from msbook.models.course import MANY_N, MAX_SCORE, PARAMS, Course, many_people, simulate_course
from msbook.plots.common import PanelLayout, add_step_slider, set_narrow_layout
from msbook.style import OKABE_ITO, series_style
from msbook.widgets import Explorer

#: Plot every 2nd month (keeps the page light; a relapse's peak lasts weeks).
_STRIDE = 2

#: The example patterns the first figure's slider offers: (label, title, parameters).
PATTERNS = (
    ("Good recovery", "Relapses with good recovery, no steady worsening: a relapsing-remitting look",
     dict(relapse_rate=0.5, recovery=0.9, progression=0.0, progression_start=0)),
    ("Poor recovery", "Relapses with poor recovery: each one leaves something behind",
     dict(relapse_rate=0.5, recovery=0.6, progression=0.0, progression_start=0)),
    ("Then progressive", "Relapses early, steady worsening from year 12: a secondary progressive look",
     dict(relapse_rate=0.5, recovery=0.9, progression=0.2, progression_start=12)),
    ("Progressive", "No relapses, steady worsening from the start: a primary progressive look",
     dict(relapse_rate=0.0, recovery=0.8, progression=0.15, progression_start=0)),
    ("Both early", "Relapses and slow steady worsening together from the start",
     dict(relapse_rate=0.5, recovery=0.9, progression=0.08, progression_start=0)),
)
#: The person (seed) shown in the patterns figure.
PATTERN_SEED = 7

HEIGHT, NARROW_HEIGHT = 640, 760
_XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER = 68, 60, 90, 105
LAYOUT = PanelLayout(HEIGHT, NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER, top=100)


def _xy(course: Course) -> tuple[list, list]:
    t = [round(float(x), 2) for x in course.t[::_STRIDE]]
    y = [round(float(v), 2) for v in course.score[::_STRIDE]]
    return t, y


def _marks(course: Course) -> tuple[list, list]:
    """Relapse markers along the top of the plot."""
    return [round(float(x), 2) for x in course.relapse_times], [9.6] * course.n_relapses


def course_summary(course: Course) -> str:
    """Counts for a figure title: relapses, and the score at the end with its two sources."""
    years = course.t[-1]
    return (
        f"{course.n_relapses} relapses in {years:.0f} years; score {course.final:.1f} at the end "
        f"({course.lasting_from_relapses:.1f} left by relapses, {course.from_progression:.1f} by "
        "steady worsening)"
    )


def _course_figure(course: Course, title: str) -> go.Figure:
    fig = go.Figure()
    t, y = _xy(course)
    fig.add_trace(go.Scatter(x=t, y=y, name="Disability score (model)", mode="lines",
                             line=dict(width=3, **series_style(0)),
                             hovertemplate="year %{x:.1f}: %{y:.1f}<extra></extra>"))
    mx, my = _marks(course)
    fig.add_trace(go.Scatter(x=mx, y=my, name="Relapse", mode="markers",
                             marker=dict(symbol="triangle-down", size=11, color=OKABE_ITO["vermillion"]),
                             hovertemplate="relapse at year %{x:.1f}<extra></extra>"))
    fig.update_xaxes(title_text="Years from the first symptoms", range=[0, course.t[-1]])
    fig.update_yaxes(title_text="Disability score (0–10)", range=[0, MAX_SCORE], dtick=2)
    return LAYOUT.style(fig, title)


def course_figure(**params) -> go.Figure:
    """One simulated course for the given parameters (ranges as in ``simulate_course``)."""
    course = simulate_course(**params)
    return _course_figure(course, "Teaching model: " + course_summary(course))


def patterns_slider_figure(seed: int = PATTERN_SEED, start: int = 0) -> go.Figure:
    """Five example patterns for the same simulated person, switched by a slider (precomputed)."""
    courses = [simulate_course(seed=seed, **p) for _label, _title, p in PATTERNS]
    titles = [f"{title}.<br>{course_summary(c)}" for (_l, title, _p), c in zip(PATTERNS, courses)]
    fig = _course_figure(courses[start], titles[start])
    steps = []
    for (label, _title, _p), course, title in zip(PATTERNS, courses, titles):
        t, y = _xy(course)
        mx, my = _marks(course)
        steps.append((label, {"x": [t, mx], "y": [y, my]}, title))
    add_step_slider(fig, steps, start, "Pattern")
    fig.update_layout({"sliders[0].x": 0.04, "sliders[0].len": 0.9, "sliders[0].font.size": 12})
    set_narrow_layout(fig, {"sliders[0].currentvalue.font.size": 13, "sliders[0].currentvalue.prefix": "",
                            "sliders[0].x": 0.1, "sliders[0].len": 0.8})
    return LAYOUT.place(fig)


def patterns_book_figure() -> BookFigure:
    """Chapter 9's interactive figure of course patterns, for the static page and print."""
    return BookFigure(
        patterns_slider_figure(),
        name="course-patterns",
        alt=(
            "A line chart of a simulated disability score from 0 to 10 over 30 years, with "
            "triangles marking relapses. A slider switches between five patterns for the same "
            "simulated person: relapses with good recovery, where the score falls back after each "
            "spike; relapses with poor recovery, where it climbs in steps; relapses then steady "
            "worsening; steady worsening from the start without relapses; and relapses with slow "
            "worsening together from the start."
        ),
        height=HEIGHT,
    )


# ------------------------------------------------------------------ many people
#: Progression rates offered by the many-people slider (points a year), evenly spaced.
MANY_PROGRESSION = (0.0, 0.05, 0.1, 0.15, 0.2)
#: Plot every 4th month in the many-people figure (20 lines per step).
_MANY_STRIDE = 4
MANY_HEIGHT, MANY_NARROW_HEIGHT = 680, 780
MANY_LAYOUT = PanelLayout(MANY_HEIGHT, MANY_NARROW_HEIGHT, _XTITLE, _LEGEND, _NARROW_LEGEND, _SLIDER, top=100)


def _many_state(courses: Sequence[Course]) -> tuple[list, list, list]:
    t = [round(float(x), 2) for x in courses[0].t[::_MANY_STRIDE]]
    ys = [[round(float(v), 1) for v in c.score[::_MANY_STRIDE]] for c in courses]
    median = np.median(np.array([c.score for c in courses]), axis=0)[::_MANY_STRIDE]
    return t, ys, [round(float(v), 2) for v in median]


def many_summary(courses: Sequence[Course], progression: float) -> str:
    finals = sorted(c.final for c in courses)
    return (
        f"{len(courses)} simulated people, same settings (steady worsening {progression:g} a year).<br>"
        f"Scores after {courses[0].t[-1]:.0f} years range from {finals[0]:.1f} to {finals[-1]:.1f}"
    )


def many_slider_figure(start: int = 2) -> go.Figure:
    """Twenty simulated people with the same settings; a slider sets the steady worsening."""
    groups = [many_people(p) for p in MANY_PROGRESSION]
    t, ys, median = _many_state(groups[start])
    fig = go.Figure()
    for i, y in enumerate(ys):
        fig.add_trace(go.Scatter(x=t, y=y, mode="lines", name="One simulated person", showlegend=i == 0,
                                 legendgroup="people", line=dict(width=1.2, color="rgba(0,114,178,0.45)"),
                                 hoverinfo="skip"))
    fig.add_trace(go.Scatter(x=t, y=median, mode="lines", name="Middle (median) of the group",
                             line=dict(width=4, color=OKABE_ITO["black"], dash="dash"),
                             hovertemplate="year %{x:.0f}: median %{y:.1f}<extra></extra>"))
    fig.update_xaxes(title_text="Years from the first symptoms", range=[0, t[-1]])
    fig.update_yaxes(title_text="Disability score (0–10)", range=[0, MAX_SCORE], dtick=2)
    MANY_LAYOUT.style(fig, many_summary(groups[start], MANY_PROGRESSION[start]))
    steps = []
    for p, group in zip(MANY_PROGRESSION, groups):
        _t, g_ys, g_median = _many_state(group)
        steps.append((f"{p:g}", {"y": g_ys + [g_median]}, many_summary(group, p)))
    add_step_slider(fig, steps, start, "Steady worsening (points a year)")
    set_narrow_layout(fig, {"sliders[0].currentvalue.prefix": "Worsening a year: ",
                            "sliders[0].currentvalue.font.size": 13})
    return MANY_LAYOUT.place(fig)


def many_book_figure() -> BookFigure:
    """Chapter 9's "many people" figure: how varied courses are with the same settings."""
    return BookFigure(
        many_slider_figure(),
        name="course-many",
        alt=(
            "Twenty thin lines, each the simulated disability score of one person over 30 years, "
            "all with the same average relapse rate, recovery and steady worsening, and a thick "
            "dashed line for the group's median. The lines spread widely: some stay low, others "
            "climb much higher, because relapses arrive at random. A slider sets the rate of "
            "steady worsening; with more of it the whole bundle rises."
        ),
        height=MANY_HEIGHT,
    )


def course_explorer() -> Explorer:
    """Chapter 9's live explorer of the course model."""
    params = {name: PARAMS[name] for name in ("relapse_rate", "recovery", "progression", "progression_start", "seed")}
    return Explorer(
        params,
        draw=course_figure,
        name="course-explorer",
        alt=(
            "One simulated course over 30 years with about one relapse every two years, 80% "
            "recovery after each and slow steady worsening from year 10: the score spikes at "
            "each relapse, settles a little higher, and climbs steadily in the later years."
        ),
        description=(
            "Live explorer of the course model: sliders set the relapse rate, recovery, the rate "
            "of steady worsening and when it starts, and which simulated person (the seed)."
        ),
        start={"relapse_rate": 0.5, "recovery": 0.8, "progression": 0.1, "progression_start": 10, "seed": 3},
        height=HEIGHT - _SLIDER,
    )
