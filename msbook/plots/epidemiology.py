"""Chapter 6 figures: published figures on who gets MS, and the bathtub model of prevalence.

Every plotted number comes from ``msbook/data/ms_epidemiology.csv`` (each row with its
citation key and where in the source it was read), except the teaching model's curves,
which come from :mod:`msbook.models.prevalence`.
"""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from msbook.data import epidemiology
from msbook.figures import BookFigure
from msbook.models.prevalence import CHANGE_YEAR, PARAMS, SCENARIOS, prevalence_course, steady_state
from msbook.plots.common import PanelLayout, add_step_slider, set_narrow_layout, title_and_legend
from msbook.style import OKABE_ITO, series_style
from msbook.widgets import Explorer

#: The slider steps of the US figure: (table, slider label, title, y-axis title).
US_STEPS = (
    ("us_incidence", "New cases",
     "New diagnoses of MS per 100,000 people a year, Southern California, 2008–2010 (95% CI)",
     "New diagnoses per 100,000 per year"),
    ("us_prevalence_kpsc", "Living, California",
     "People living with MS per 100,000 adults, Southern California, 2010 (standardised; 95% CI)",
     "People with MS per 100,000 adults"),
    ("us_prevalence_national", "Living, whole US",
     "People living with MS per 100,000 adults, whole United States, 2010 (no intervals drawn)",
     "People with MS per 100,000 adults"),
    ("us_prevalence_young", "Ages 18–24",
     "Young adults (18–24) living with MS per 100,000, Southern California, 2010 (no intervals)",
     "People with MS per 100,000 aged 18–24"),
)
#: Which step the printed figure shows: new cases, the measure the African American section starts from.
US_PRINT_STEP = 0
US_HEIGHT, US_NARROW_HEIGHT = 560, 640
US_LAYOUT = PanelLayout(US_HEIGHT, US_NARROW_HEIGHT, xtitle=100, legend=10, narrow_legend=10, slider=95, top=100)


def _label(value: float) -> str:
    return f"{value:g}"


def _us_state(table: str) -> dict:
    rows = epidemiology(table)
    has_ci = all(r.ci_low is not None for r in rows)
    def tick(r) -> str:
        name = r.group.replace(" or Pacific Islander", "/PI").replace(" (not Hispanic)", "")
        interval = f"<br>({r.ci_low:g}–{r.ci_high:g})" if has_ci else ""
        return f"{name}<br><b>{_label(r.value)}</b>{interval}"

    return {
        "x": [[tick(r) for r in rows]],
        "y": [[r.value for r in rows]],
        "error_y.array": [[(r.ci_high - r.value) if has_ci else 0 for r in rows]],
        "error_y.arrayminus": [[(r.value - r.ci_low) if has_ci else 0 for r in rows]],
        "error_y.visible": [has_ci],
        "customdata": [[[r.population, r.citation] for r in rows]],
    }


def us_groups_figure(start: int = US_PRINT_STEP) -> go.Figure:
    """US rates of MS by race and ethnicity: a slider switches between measures and studies."""
    if not 0 <= start < len(US_STEPS):
        raise ValueError(f"start must be 0 to {len(US_STEPS) - 1}; got {start}")
    table, _label_, title, ytitle = US_STEPS[start]
    state = _us_state(table)
    fig = go.Figure(go.Bar(
        x=state["x"][0], y=state["y"][0], name="estimate",
        marker=dict(color=OKABE_ITO["sky_blue"], line=dict(color="#000000", width=1)),
        error_y=dict(type="data", symmetric=False, array=state["error_y.array"][0],
                     arrayminus=state["error_y.arrayminus"][0], visible=state["error_y.visible"][0],
                     color="#333333", thickness=2, width=8),
        customdata=state["customdata"][0],
        hovertemplate="%{x}: %{y}<br>%{customdata[0]}<br>source: %{customdata[1]}<extra></extra>",
        showlegend=False,
    ))
    fig.update_yaxes(title_text=ytitle, rangemode="tozero", automargin=True, title_standoff=6)
    fig.update_xaxes(title_text="Group (as each study names it), value and 95% CI", tickfont=dict(size=13))
    title_and_legend(fig, title, 56, {"xaxis.tickfont.size": 11, "xaxis.title.text": "Group, value (95% CI)"})
    steps = [(label, _us_state(t), ttl) for t, label, ttl, _y in US_STEPS]
    add_step_slider(fig, steps, start, "Measure")
    # Each step also names its measure on the y axis (wide and narrow layouts alike).
    narrow = {}
    for i, (_t, _label, _ttl, y) in enumerate(US_STEPS):
        fig.layout.sliders[0].steps[i].args[1]["yaxis.title.text"] = y
        key = f"sliders[0].steps[{i}].args[1]"
        narrow[key] = dict(fig.layout.meta["msbook"]["narrow"][key], **{"yaxis.title.text": y})
    set_narrow_layout(fig, narrow)
    fig.update_layout({"sliders[0].x": 0.06, "sliders[0].len": 0.86, "sliders[0].font.size": 12}, margin=dict(r=20))
    set_narrow_layout(fig, {"sliders[0].x": 0.04, "sliders[0].len": 0.9, "sliders[0].currentvalue.font.size": 13})
    return US_LAYOUT.place(fig)


def us_groups_book_figure() -> BookFigure:
    """Chapter 6's figure of US incidence and prevalence by group, for the web and print."""
    parts = []
    for table, label, _title, _y in US_STEPS:
        rows = epidemiology(table)
        parts.append(f"{label}: " + ", ".join(f"{r.group} {r.value:g}" for r in rows))
    return BookFigure(
        us_groups_figure(),
        name="epi-us-groups",
        alt=("Bar chart of MS in the United States by race and ethnicity, with a slider that switches "
             "between measures. " + "; ".join(parts) + ". Rates are per 100,000; new cases per year."),
        height=US_HEIGHT,
    )


# ---------------------------------------------------------------- latitude
LAT_HEIGHT, LAT_NARROW_HEIGHT = 520, 600
LAT_LAYOUT = PanelLayout(LAT_HEIGHT, LAT_NARROW_HEIGHT, xtitle=60, legend=80, narrow_legend=110, slider=0, top=100)
#: Latitudes (degrees from the equator, north or south) over which the lines are drawn.
LAT_RANGE = (0, 60)


def latitude_figure() -> go.Figure:
    """The published slopes of MS prevalence against latitude, drawn as lines through zero.

    The source reports slopes (change in prevalence per 100,000 per degree), not
    intercepts or data points, so each line shows how much higher the fitted
    prevalence is at a latitude than at the equator: slope x latitude.
    """
    rows = epidemiology("latitude_slope")
    fig = go.Figure()
    x0, x1 = LAT_RANGE
    for i, r in enumerate(rows):
        xs = list(range(x0, x1 + 1, 5))
        fig.add_trace(go.Scatter(
            x=xs, y=[round(r.value * x, 1) for x in xs], mode="lines+markers",
            name=f"{r.group.replace('Also adjusted for prevalence year', 'Adjusted for year too')}: "
                 f"{r.value:.2f} per degree",
            line=dict(width=3, **series_style(i)), marker=dict(symbol=("circle", "square")[i % 2], size=7),
            hovertemplate=(f"{r.group}<br>at %{{x}}°: %{{y}} more per 100,000 than at the equator"
                           f"<br>source: {r.citation}<extra></extra>"),
        ))
    fig.update_xaxes(title_text="Latitude (degrees from the equator, north or south)", range=[x0 - 1, x1 + 1],
                     dtick=10)
    fig.update_yaxes(title_text="Higher than at the equator, per 100,000", rangemode="tozero", automargin=True,
                     title_standoff=6)
    title = ("Fitted rise in MS prevalence with latitude (meta-regression slopes; "
             "the source gives p<0.001 but no interval, so none is drawn)")
    title_and_legend(fig, title, 62, {"legend.entrywidth": 1, "legend.x": -0.1, "legend.font.size": 12,
                                      "xaxis.title.text": "Latitude (degrees from the equator)"})
    fig.update_layout(legend=dict(entrywidth=1, entrywidthmode="fraction"))
    return LAT_LAYOUT.place(fig)


def latitude_book_figure() -> BookFigure:
    rows = epidemiology("latitude_slope")
    return BookFigure(
        latitude_figure(),
        name="epi-latitude",
        alt=("Two straight lines rising from zero at the equator to the right: the fitted increase in MS "
             "prevalence with latitude from a meta-regression of published prevalence estimates (650 in all, 239 "
             "age-standardised). "
             + "; ".join(f"{r.group}, {r.value:.2f} per 100,000 per degree, so about "
                         f"{r.value * 60:.0f} per 100,000 higher at 60 degrees than at the equator" for r in rows)
             + ". No confidence band is drawn because the source reports none."),
        height=LAT_HEIGHT,
    )


# ------------------------------------------------------------ women and age
#: The slider steps of the women-and-age figure: (table, slider label, title, y-axis title).
SEX_STEPS = (
    ("women_share_new", "Women, new cases",
     "Share of women among people newly diagnosed with MS, Southern California, 2008–2010",
     "Women (% of people newly diagnosed)"),
    ("women_share_living", "Women, living with MS",
     "Share of women among people living with MS, Southern California, 2010",
     "Women (% of people living with MS)"),
    ("age", "Mean age",
     "Mean age of people with MS: at diagnosis worldwide (Atlas of MS) and in Southern California, "
     "and of people living with MS",
     "Mean age (years)"),
)
SEX_HEIGHT, SEX_NARROW_HEIGHT = 560, 640
SEX_LAYOUT = PanelLayout(SEX_HEIGHT, SEX_NARROW_HEIGHT, xtitle=100, legend=10, narrow_legend=10, slider=95, top=100)


def _sex_state(table: str) -> dict:
    rows = epidemiology(table)
    if table == "age":
        ticks = [r.group.replace(" (mean)", "").replace(", ", "<br>").replace("Southern California", "Southern<br>California")
                 + f"<br><b>{r.value:g}</b>" for r in rows]
    else:
        ticks = [f"{r.group}<br><b>{r.value:g}%</b>" for r in rows]
    return {"x": [ticks], "y": [[r.value for r in rows]]}


def sex_age_figure(start: int = 0) -> go.Figure:
    """The share of women among people with MS by group (new diagnoses, or people living with
    MS), and mean ages: a slider switches between the three (ms_epidemiology.csv)."""
    if not 0 <= start < len(SEX_STEPS):
        raise ValueError(f"start must be 0 to {len(SEX_STEPS) - 1}; got {start}")
    table, _label, title, ytitle = SEX_STEPS[start]
    state = _sex_state(table)
    fig = go.Figure(go.Bar(
        x=state["x"][0], y=state["y"][0], name="value", showlegend=False,
        marker=dict(color=OKABE_ITO["sky_blue"], line=dict(color="#000000", width=1)),
        hovertemplate="%{x}: %{y}<extra></extra>",
    ))
    fig.add_hline(y=50, line=dict(color="#555555", dash="dash", width=1.5), visible=table != "age")
    fig.update_yaxes(title_text=ytitle, range=[0, 100], dtick=25, automargin=True, title_standoff=6)
    fig.update_xaxes(title_text="Group and value (dashed line: half)", tickfont=dict(size=13))
    title_and_legend(fig, title, 56, {"xaxis.tickfont.size": 11, "xaxis.title.text": "Group and value"})
    steps = [(label, _sex_state(t), ttl) for t, label, ttl, _y in SEX_STEPS]
    add_step_slider(fig, steps, start, "Showing")
    narrow = {}
    for i, (t, _label, _ttl, y) in enumerate(SEX_STEPS):
        extra = {"yaxis.title.text": y, "shapes[0].visible": t != "age"}  # the line at half: shares only
        fig.layout.sliders[0].steps[i].args[1].update(extra)
        key = f"sliders[0].steps[{i}].args[1]"
        narrow[key] = dict(fig.layout.meta["msbook"]["narrow"][key], **extra)
    set_narrow_layout(fig, narrow)
    fig.update_layout({"sliders[0].x": 0.08, "sliders[0].len": 0.82}, margin=dict(r=20))
    set_narrow_layout(fig, {"sliders[0].x": 0.04, "sliders[0].len": 0.9, "sliders[0].currentvalue.font.size": 13})
    return SEX_LAYOUT.place(fig)


def sex_age_book_figure() -> BookFigure:
    new, living = epidemiology("women_share_new"), epidemiology("women_share_living")
    ages = epidemiology("age")
    return BookFigure(
        sex_age_figure(),
        name="epi-sex-age",
        alt=("Bar chart with a slider of three steps. Share of women among people newly diagnosed with MS in "
             "Southern California: " + ", ".join(f"{r.group} {r.value:g}%" for r in new)
             + ". Among people living with MS: " + ", ".join(f"{r.group} {r.value:g}%" for r in living)
             + "; every bar is well above the dashed line at half. Mean ages: "
             + "; ".join(f"{r.group} {r.value:g} years" for r in ages) + "."),
        height=SEX_HEIGHT,
    )


# ------------------------------------------------------------ bathtub model
#: The model's static slider: the model's scenarios (label, what changes at the change year).
MODEL_STEPS = SCENARIOS
MODEL_PRINT_STEP = 3
MODEL_HEIGHT, MODEL_NARROW_HEIGHT = 600, 700
MODEL_LAYOUT = PanelLayout(MODEL_HEIGHT, MODEL_NARROW_HEIGHT, xtitle=60, legend=80, narrow_legend=120, slider=95,
                           top=100)


def _model_state(**values) -> dict:
    run = prevalence_course(**values)
    return {"x": [run["year"].tolist()] * 3,
            "y": [[round(v, 1) for v in run["counted"]], [round(v, 1) for v in run["true"]],
                  [round(v * 20, 1) for v in run["incidence"]]]}


def _model_title(**values) -> str:
    run = prevalence_course(**values)
    return (f"Bathtub model: new diagnoses stay at {values.get('incidence', PARAMS['incidence'].default):g} "
            f"per 100,000 a year, but the number counted goes from {run['counted'][0]:.0f} "
            f"to {run['counted'][-1]:.0f} per 100,000")


def prevalence_figure(**values) -> go.Figure:
    """The bathtub model over time: people counted, people living with MS, and the (constant) inflow."""
    state = _model_state(**values)
    fig = go.Figure()
    names = ("People with MS who are counted", "People living with MS (true number)",
             "New diagnoses a year (× 20)")
    for i, name in enumerate(names):
        fig.add_trace(go.Scatter(x=state["x"][i], y=state["y"][i], mode="lines", name=name,
                                 line=dict(width=3, **series_style(i)), hoverinfo="skip"))
    fig.add_vline(x=CHANGE_YEAR, line=dict(color="#555555", width=1.5, dash="dot"))
    fig.add_annotation(x=CHANGE_YEAR, y=1, yref="paper", text="change", showarrow=False, xanchor="left",
                       xshift=4, yanchor="top", font=dict(size=12))
    fig.update_xaxes(title_text="Year of the model", range=[0, 60])
    fig.update_yaxes(title_text="Per 100,000 people", rangemode="tozero")
    title_and_legend(fig, _model_title(**values), 56, {"legend.entrywidth": 1, "legend.x": -0.1})
    fig.update_layout(legend=dict(entrywidth=1, entrywidthmode="fraction"))
    return MODEL_LAYOUT.place(fig)


def prevalence_slider_figure(start: int = MODEL_PRINT_STEP) -> go.Figure:
    """The bathtub model with a slider over what changes: nothing, survival, counting, both."""
    if not 0 <= start < len(MODEL_STEPS):
        raise ValueError(f"start must be 0 to {len(MODEL_STEPS) - 1}; got {start}")
    fig = prevalence_figure(**MODEL_STEPS[start][1])
    steps = [(label, _model_state(**v), _model_title(**v)) for label, v in MODEL_STEPS]
    add_step_slider(fig, steps, start, "What changes", traces=[0, 1, 2])
    fig.update_yaxes(range=[0, 250])
    fig.update_layout({"sliders[0].x": 0.06, "sliders[0].len": 0.86})
    set_narrow_layout(fig, {"sliders[0].x": 0.12, "sliders[0].len": 0.74})
    return MODEL_LAYOUT.place(fig)


def prevalence_slider_book_figure() -> BookFigure:
    parts = []
    for label, values in MODEL_STEPS:
        run = prevalence_course(**values)
        parts.append(f"{label}: counted {run['counted'][0]:.0f} rising to {run['counted'][-1]:.0f}")
    return BookFigure(
        prevalence_slider_figure(),
        name="epi-bathtub-model",
        alt=("Line chart of the bathtub teaching model over 60 years: a flat line of new diagnoses, the true "
             "number of people living with MS, and the number counted, with a change marked at year "
             f"{CHANGE_YEAR}. A slider chooses what changes. " + "; ".join(parts)
             + " per 100,000. New diagnoses never change."),
        height=MODEL_HEIGHT,
    )


def prevalence_explorer() -> Explorer:
    """Chapter 6's live explorer of the bathtub model: any incidence, survival and counting."""
    start = {"incidence": 5.0, "duration_before": 30.0, "duration_after": 45.0,
             "counted_before": 0.5, "counted_after": 0.95}
    run = prevalence_course(**start)
    return Explorer(
        dict(PARAMS),
        draw=prevalence_figure,
        name="epi-bathtub-explorer",
        alt=("The bathtub model with new diagnoses at 5 per 100,000 a year, average time with MS rising from "
             "30 to 45 years and the share counted from 50% to 95%: the number counted rises from "
             f"{run['counted'][0]:.0f} to {run['counted'][-1]:.0f} per 100,000 while new diagnoses stay flat."),
        description=("Live explorer of the bathtub model: choose the incidence, the average years with MS "
                     "and the share of cases counted, before and after a change. Shown at its starting state."),
        start=start,
        height=MODEL_HEIGHT - 95,
    )


__all__ = [
    "us_groups_figure", "us_groups_book_figure", "latitude_figure", "latitude_book_figure",
    "sex_age_figure", "sex_age_book_figure", "prevalence_figure", "prevalence_slider_figure",
    "prevalence_slider_book_figure", "prevalence_explorer", "steady_state",
]
