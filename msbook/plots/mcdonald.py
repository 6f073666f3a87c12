"""Chapter 8: the McDonald criteria case builder as a live explorer, and the printed case table.

The static web page has its own kernel-free form (``book/assets/mcdonald.js``, the same
rules in JavaScript); in a live kernel :func:`mcdonald_explorer` gives a widget form that
calls the Python engine (:mod:`msbook.models.mcdonald`) and draws the case on a schematic
of the five areas, with both verdicts in the title. Print shows the chart of its starting
state; the table of worked cases is :func:`msbook.models.mcdonald.case_table_markdown`.
"""

from __future__ import annotations

import plotly.graph_objects as go

from msbook.models.mcdonald import REGION_NAMES, REGIONS, Case, evaluate_both
from msbook.plots.common import set_narrow_layout, title_and_legend
from msbook.style import OKABE_ITO
from msbook.validation import Param
from msbook.widgets import Explorer, Flag

HEIGHT = 520
NARROW_HEIGHT = 640
#: Short names of the areas for the legend.
SHORT_NAMES = {"periventricular": "Periventricular", "cortical": "Cortical", "infratentorial": "Infratentorial",
               "spinal_cord": "Spinal cord", "optic_nerve": "Optic nerve"}
#: Where each area sits on the schematic (a head seen from the left, the cord below).
SPOTS = {
    "periventricular": (0.55, 0.62), "cortical": (0.35, 0.80), "infratentorial": (0.68, 0.40),
    "spinal_cord": (0.74, 0.12), "optic_nerve": (0.18, 0.52),
}
OUTLINE_X = [0.12, 0.12, 0.25, 0.45, 0.65, 0.85, 0.92, 0.88, 0.80, 0.80, 0.68, 0.68, 0.45, 0.25, 0.12]
OUTLINE_Y = [0.50, 0.70, 0.88, 0.95, 0.93, 0.80, 0.60, 0.42, 0.32, 0.00, 0.00, 0.28, 0.30, 0.35, 0.50]
STATES = {
    # state: (label, marker symbol, colour)
    "none": ("no lesion", "circle-open", "#777777"),
    "lesion": ("lesion", "circle", OKABE_ITO["blue"]),
    "enhancing": ("enhancing lesion", "star", OKABE_ITO["vermillion"]),
}


#: Short names of the rules that complete a "met" verdict, for the chart's title.
SHORT = {"attacks": "two attacks", "simultaneous": "enhancing and non-enhancing lesions",
         "follow-up": "new lesion on follow-up", "csf": "CSF in place of time",
         "cvs": "central vein sign in place of time", "four-areas": "lesions in {n} of 5 areas"}


def verdict_line(verdict) -> str:
    """A short verdict for a title: ``2024: met (time: 4 of 5 areas)``."""
    if verdict.status == "outside":
        return f"{verdict.edition}: not covered by this tool"
    if verdict.status == "met":
        return f"{verdict.edition}: met ({SHORT[verdict.dit_rule].format(n=verdict.areas)})"
    return f"{verdict.edition}: not met (missing {' and '.join(verdict.missing_short)})"


def case_figure(case: Case, problem: str = "") -> go.Figure:
    """The case on a schematic of the five areas, with the 2017 and 2024 verdicts as the title
    (or, if ``problem`` is given, the reason the case cannot be evaluated)."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=OUTLINE_X, y=OUTLINE_Y, mode="lines", line=dict(color="#999999", width=2),
                             hoverinfo="skip", showlegend=False))
    for number, region in enumerate(REGIONS, start=1):
        state = ("enhancing" if case.enhancing_in(region) else "lesion") if case.lesions_in(region) else "none"
        label, symbol, colour = STATES[state]
        x, y = SPOTS[region]
        fig.add_trace(go.Scatter(
            x=[x], y=[y], mode="markers+text", name=f"{number}. {SHORT_NAMES[region]}: {label}",
            text=[str(number)], textposition="middle right", textfont=dict(size=14, color="#333333"),
            marker=dict(symbol=symbol, size=22, color=colour, line=dict(width=2, color=colour)),
            hovertemplate=f"{SHORT_NAMES[region]}: {label}<extra></extra>",
        ))
    if problem:
        title = f"Cannot be evaluated: {problem}"
    else:
        verdicts = evaluate_both(case)
        title = "<br>".join(verdict_line(verdicts[e]) for e in (2017, 2024))
    fig.update_layout(
        height=HEIGHT, margin=dict(l=20, r=20, t=90, b=150),
        xaxis=dict(visible=False, range=[0, 1.05], fixedrange=True),
        yaxis=dict(visible=False, range=[-0.05, 1.02], fixedrange=True, scaleanchor="x"),
    )
    title_and_legend(fig, title, 12, {"height": NARROW_HEIGHT, "legend.entrywidth": 1, "margin.b": 200,
                                      "margin.t": 110})
    fig.update_layout(legend=dict(y=-0.05, yanchor="top"))
    set_narrow_layout(fig, {"legend.y": -0.05})
    return fig


def _draw(attacks, clinical_lesions, follow_up_new, ocb, kflc, cvs, prl, **areas) -> go.Figure:
    lesions = {r: int(areas[f"lesion_{r}"]) for r in REGIONS}
    enhancing = {r: int(areas[f"lesion_{r}"] and areas.get(f"enhancing_{r}", False)) for r in REGIONS}
    result = {True: "positive", False: "not done"}
    attacks = int(attacks)
    fields = dict(
        attacks=attacks, clinical_lesions=int(clinical_lesions) if attacks else 0, lesions=lesions,
        enhancing=enhancing, follow_up="new lesion" if follow_up_new else "none", ocb=result[ocb],
        kflc=result[kflc], cvs=result[cvs], prl=result[prl],
    )
    try:
        return case_figure(Case(**fields))
    except ValueError as error:
        # A contradictory case (say, a central vein sign with no lesion): the chart says why.
        shown = dict(fields, lesions=lesions, enhancing=enhancing, cvs="not done", prl="not done",
                     follow_up="none", attacks=max(attacks, 1), clinical_lesions=max(fields["clinical_lesions"], 1))
        return case_figure(Case(**shown), problem=str(error))


def mcdonald_explorer() -> Explorer:
    """Chapter 8's live case builder. It starts (and the page and print show it) with a
    clinically isolated syndrome and lesions in three areas plus the optic nerve: not met
    under 2017, met under 2024 by the four-of-five-areas rule."""
    params: dict = {
        "attacks": Param("attacks", 0, 3, 1, "attacks", "Clinical attacks", step=1),
        "clinical_lesions": Param("clinical_lesions", 1, 3, 1, "lesions", "Lesions found on examination (if an attack)",
                                  step=1),
    }
    for region in REGIONS:
        params[f"lesion_{region}"] = Flag(f"lesion_{region}", f"Lesion: {REGION_NAMES[region]}"
                                          + (" (MRI, VEP or OCT)" if region == "optic_nerve" else ""))
        if region != "optic_nerve":  # optic-nerve evidence (MRI, VEP or OCT) is not used for time
            params[f"enhancing_{region}"] = Flag(f"enhancing_{region}", f"It enhances: {REGION_NAMES[region]}")
    params.update({
        "follow_up_new": Flag("follow_up_new", "New lesion on a follow-up scan"),
        "ocb": Flag("ocb", "CSF oligoclonal bands positive"),
        "kflc": Flag("kflc", "CSF kFLC index raised"),
        "cvs": Flag("cvs", "Central vein sign positive (select six, 2024)"),
        "prl": Flag("prl", "Paramagnetic rim lesions"),
    })
    start = {"lesion_periventricular": True, "lesion_infratentorial": True, "lesion_spinal_cord": True,
             "lesion_optic_nerve": True}
    return Explorer(
        params, draw=_draw, name="mcdonald-case-explorer",
        alt=("A schematic of a head seen from the side with five numbered areas: lesions are marked in the "
             "periventricular, infratentorial, spinal cord and optic nerve areas, none in the cortical area. "
             "The title gives the verdicts: not met under 2017, which has no optic-nerve area and needs "
             "dissemination in time, and met under 2024, where lesions in four of the five areas are enough."),
        description=("Live case builder for the McDonald criteria: choose attacks, lesions by area and "
                     "enhancement, a follow-up scan and CSF and imaging results. Shown here at its starting state."),
        start=start, height=HEIGHT,
    )
