"""Chapter 7 figures: a slice viewer of simulated lesions on a template brain, and one new
lesion over time. Every image is simulated on a template, not a patient's scan.

The pictures are small greyscale PNGs (one per slice or time point) carried in the figure as
``layout.images``; slider steps swap them, so the static page needs no kernel and stays light.
Lesion outlines are scatter traces, one per kind, so that clicking a legend entry turns a kind
of lesion off and on.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go
from PIL import Image

from msbook.figures import BookFigure
from msbook.models import mri
from msbook.models.mri import LESION_TYPES, PARAMS, TYPE_LABELS, LesionSet, lesion_course
from msbook.plots.common import (
    NARROW_TITLE_CHARS,
    WIDE_TITLE_CHARS,
    add_step_slider,
    fit_title,
    set_narrow_layout,
    title_and_legend,
    wrap_title,
)
from msbook.style import OKABE_ITO
from msbook.validation import Param
from msbook.widgets import Explorer, Flag

#: Said on every image.
SIMULATED = "Simulated on a template, not a patient's scan"

#: Axial slices of the viewer (mm above the template's origin, evenly spaced).
VIEWER_HEIGHTS = (-40, -24, -8, 8, 24, 40, 56)
VIEWER_START = 24

#: Time points of the lesion timeline: (label under the slider, weeks since it appeared).
TIMELINE = (
    ("before", -2.0),
    ("1 wk", 1.0),
    ("2 wk", 2.0),
    ("4 wk", 4.0),
    ("2 mo", 9.0),
    ("6 mo", 26.0),
    ("1 yr", 52.0),
)
TIMELINE_START = 1

#: Colours and dashes of each kind's outline (Okabe-Ito; never colour alone).
_STYLE = {
    "periventricular": (OKABE_ITO["orange"], "solid"),
    "juxtacortical": (OKABE_ITO["sky_blue"], "dash"),
    "deep": (OKABE_ITO["bluish_green"], "dot"),
    "infratentorial": (OKABE_ITO["reddish_purple"], "dashdot"),
}
_LESION_FILL = "rgba(250,250,250,0.92)"  # FLAIR-bright
_UPSCALE = 1
_LEVELS = 64  # grey levels kept: enough for the eye, and the PNGs compress well


def png_uri(image: np.ndarray, upscale: int = _UPSCALE) -> str:
    """A greyscale image (values 0 to 1) as a PNG data URI, enlarged ``upscale`` times
    (smoothly), byte-identical for identical input."""
    from scipy import ndimage

    img = np.clip(np.asarray(image, dtype=float), 0, 1)
    if upscale > 1:
        img = np.clip(ndimage.zoom(img, upscale, order=1), 0, 1)
    pixels = (np.round(img * (_LEVELS - 1)) * (255 // (_LEVELS - 1))).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@lru_cache(maxsize=1)
def default_lesions() -> LesionSet:
    """The chapter's lesions: the model's default counts and seed."""
    return mri.place_lesions()


def _outlines(lesions, plane: str, position: float, kinds=LESION_TYPES,
              new_lesion=None, new_scale: float = 1.0) -> dict[str, tuple[list, list]]:
    """Outline coordinates per kind (polygons separated by None) where lesions cut the slice."""
    out = {}
    for kind in kinds:
        xs, ys = [], []
        for lesion in lesions.lesions:
            if lesion.kind != kind:
                continue
            pts = mri.ellipse_in_plane(lesion, plane, position)
            if pts:
                xs += [p[0] for p in pts] + [None]
                ys += [p[1] for p in pts] + [None]
        # A point far outside the picture keeps the kind in the legend when the slice misses it.
        out[kind] = (xs or [_AWAY], ys or [_AWAY])
    if new_lesion is not None:
        pts = mri.ellipse_in_plane(new_lesion, plane, position, scale=new_scale) if new_scale > 0 else None
        out["new"] = ([p[0] for p in pts] if pts else [_AWAY], [p[1] for p in pts] if pts else [_AWAY])
    return out


_AWAY = -9999.0


def _cut_count(outlines) -> int:
    return sum(xs.count(None) for kind, (xs, _) in outlines.items() if kind != "new")


def _slice_figure(plane: str, position: float, lesions, kinds=LESION_TYPES, new_lesion=None,
                  new_scale: float = 1.0, title: str = "") -> go.Figure:
    """One FLAIR-like slice with lesion outlines (one trace per kind)."""
    image, (u0, u1, v0, v1) = mri.slice_of(mri.contrast("flair"), plane, position)
    outlines = _outlines(lesions, plane, position, kinds, new_lesion, new_scale)
    fig = go.Figure()
    for kind in LESION_TYPES:
        colour, dash = _STYLE[kind]
        xs, ys = outlines.get(kind, ([], []))
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=_LESION_FILL,
            line=dict(color=colour, dash=dash, width=2), name=TYPE_LABELS[kind],
            hoverinfo="name", visible=True if kind in kinds else "legendonly",
        ))
    if new_lesion is not None:
        xs, ys = outlines["new"]
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", fillcolor=_LESION_FILL,
            line=dict(color=OKABE_ITO["vermillion"], dash="longdash", width=3),
            name="New lesion", hoverinfo="name",
        ))
    fig.add_layout_image(dict(
        source=png_uri(image), xref="x", yref="y", x=u0 - 1, y=v1 + 1, sizex=u1 - u0 + 2,
        sizey=v1 - v0 + 2, sizing="stretch", layer="below",
    ))
    _image_axes(fig, (u0 - 1, u1 + 1), (v0 - 1, v1 + 1))
    _orientation_labels(fig, plane, (u0, u1, v0, v1))
    fig.update_layout(hovermode="closest", showlegend=True)
    return fig


def _image_axes(fig: go.Figure, xrange, yrange, row=None) -> None:
    fig.update_xaxes(range=list(xrange), visible=False, fixedrange=True, constrain="domain")
    fig.update_yaxes(range=list(yrange), visible=False, fixedrange=True, scaleanchor="x",
                     scaleratio=1, constrain="domain")


_ORIENT = {
    "axial": ("R", "L", "front", "back"),
    "coronal": ("R", "L", "top", "bottom"),
    "sagittal": ("front", "back", "top", "bottom"),
}


def _orientation_labels(fig: go.Figure, plane: str, extent) -> None:
    """Small white labels on the black background: the person's right, left, front..."""
    u0, u1, v0, v1 = extent
    left, right, top, bottom = _ORIENT[plane]
    style = dict(showarrow=False, font=dict(color="white", size=12), xref="x", yref="y")
    fig.add_annotation(x=u0 + 2, y=(v0 + v1) / 2, text=left, xanchor="left", **style)
    fig.add_annotation(x=u1 - 2, y=(v0 + v1) / 2, text=right, xanchor="right", **style)
    fig.add_annotation(x=(u0 + u1) / 2, y=v1 - 2, text=top, yanchor="top", **style)
    fig.add_annotation(x=(u0 + u1) / 2, y=v0 + 2, text=bottom, yanchor="bottom", **style)


def _simulated_note(fig: go.Figure, y: float = -0.02) -> None:
    """The notice under the picture, on every figure."""
    fig.add_annotation(
        text=f"<b>{SIMULATED}</b>", x=0.5, xref="paper", y=y, yref="paper", xanchor="center",
        yanchor="top", showarrow=False, font=dict(size=13),
    )
    i = len(fig.layout.annotations) - 1
    set_narrow_layout(fig, {f"annotations[{i}].text": "<b>Simulated on a template,<br>not a patient's scan</b>"})


# ------------------------------------------------------------------ the slice viewer
VIEWER_HEIGHT, VIEWER_NARROW_HEIGHT = 760, 800


#: The other planes of the viewer: their slices (mm from the template's centre, evenly
#: spaced) and the slice each plane's button opens. Coronal: + is in front of the centre;
#: sagittal: + is right of the midline (MNI coordinates).
VIEWER_PLANES = {
    "axial": (VIEWER_HEIGHTS, VIEWER_START),
    "coronal": ((-68, -52, -36, -20, -4, 12, 28), -36),
    "sagittal": ((-36, -24, -12, 0, 12, 24, 36), 24),
}
_SIDES = {"axial": ("above", "below"), "coronal": ("in front of", "behind"), "sagittal": ("right of", "left of")}


def _viewer_title(position: float, outlines, plane: str = "axial") -> str:
    n = _cut_count(outlines)
    plus, minus = _SIDES[plane]
    centre = "the midline" if plane == "sagittal" else "the centre"
    where = f"at {centre}" if position == 0 else f"{abs(position):g} mm {plus if position > 0 else minus} {centre}"
    return f"{plane.capitalize()} slice {where}: {n} lesion{'s' if n != 1 else ''} cut"


def _plane_layout(plane: str, position: float) -> dict:
    """Layout updates that show one slice: its picture, the axes around it and the
    orientation labels (``annotations[0..3]``, as :func:`_orientation_labels` adds them)."""
    image, (u0, u1, v0, v1) = mri.slice_of(mri.contrast("flair"), plane, position)
    left, right, top, bottom = _ORIENT[plane]
    mid_u, mid_v = (u0 + u1) / 2, (v0 + v1) / 2
    labels = [(u0 + 2, mid_v, left), (u1 - 2, mid_v, right), (mid_u, v1 - 2, top), (mid_u, v0 + 2, bottom)]
    update = {
        "images[0].source": png_uri(image), "images[0].x": u0 - 1, "images[0].y": v1 + 1,
        "images[0].sizex": u1 - u0 + 2, "images[0].sizey": v1 - v0 + 2,
        "xaxis.range": [u0 - 1, u1 + 1], "yaxis.range": [v0 - 1, v1 + 1],
    }
    for i, (x, y, text) in enumerate(labels):
        update.update({f"annotations[{i}].x": x, f"annotations[{i}].y": y, f"annotations[{i}].text": text})
    return update


def viewer_figure(start: int = VIEWER_START) -> go.Figure:
    """The slice viewer: buttons choose the plane (axial, coronal, sagittal), a slider moves
    through that plane's slices (:data:`VIEWER_PLANES`), lesion kinds are in the legend.
    ``start`` is the axial slice shown first (one of :data:`VIEWER_HEIGHTS`, mm)."""
    if start not in VIEWER_HEIGHTS:
        raise ValueError(f"start must be one of the viewer's heights {VIEWER_HEIGHTS}; got {start!r}")
    lesions = default_lesions()
    fig = _slice_figure("axial", start, lesions)
    steps, planes = [], []
    for plane, (positions, _first) in VIEWER_PLANES.items():
        for z in positions:
            outlines = _outlines(lesions, plane, z)
            steps.append((f"{z:g}", {"x": [outlines[k][0] for k in LESION_TYPES],
                                      "y": [outlines[k][1] for k in LESION_TYPES]},
                          # wrapped for a phone on every screen: then no step needs a second,
                          # narrow copy of its layout update (and of its picture)
                          wrap_title(_viewer_title(z, outlines, plane), NARROW_TITLE_CHARS),
                          _plane_layout(plane, z)))
            planes.append(plane)
    active = VIEWER_HEIGHTS.index(start)
    _simulated_note(fig)
    title_and_legend(fig, steps[active][2], 30, {"margin.r": 30,
        "legend.entrywidth": 1, "height": VIEWER_NARROW_HEIGHT, "margin.t": 130, "margin.b": 260,
        "legend.y": -0.1, "sliders[0].y": -0.32, "updatemenus[0].y": 1.0,
    })
    add_step_slider(fig, steps, active, "Slice (mm from the centre)", y=-0.2,
                    traces=list(range(len(LESION_TYPES))))
    slider = fig.layout.sliders[0]
    slider.steps = [dict(step.to_plotly_json(), visible=plane == "axial") for step, plane in zip(slider.steps, planes)]
    buttons = []
    for plane, (_positions, first) in VIEWER_PLANES.items():
        k = next(i for i, (step, p) in enumerate(zip(steps, planes)) if p == plane and step[0] == f"{first:g}")
        data, layout = slider.steps[k].args[0], dict(slider.steps[k].args[1])
        layout.update({f"sliders[0].steps[{i}].visible": p == plane for i, p in enumerate(planes)})
        layout["sliders[0].active"] = k
        buttons.append(dict(label=plane.capitalize(), method="update",
                            args=[data, layout, list(range(len(LESION_TYPES)))]))
    fig.update_layout(
        height=VIEWER_HEIGHT, margin=dict(l=36, r=36, t=120, b=200), legend=dict(y=-0.07, yanchor="top"),
        updatemenus=[dict(type="buttons", direction="right", x=0, xanchor="left", y=1.02, yanchor="bottom",
                          active=0, showactive=True, buttons=buttons, pad=dict(t=4, b=4),
                          font=dict(size=14), name="Plane")],
    )
    return fig


def _swap_images(fig: go.Figure, sources: list[str]) -> None:
    """Each slider step also swaps the picture (layout.images[0].source), on every width."""
    slider = fig.layout.sliders[0]
    steps = list(slider.steps)
    for step, source in zip(steps, sources):
        step.args = [step.args[0], {**step.args[1], "images[0].source": source}] + list(step.args[2:])
    fig.layout.sliders[0].steps = steps
    meta = dict(fig.layout.meta)
    book = dict(meta["msbook"])
    narrow = dict(book["narrow"])
    for i, source in enumerate(sources):
        key = f"sliders[0].steps[{i}].args[1]"
        if key in narrow:
            narrow[key] = {**narrow[key], "images[0].source": source}
    book["narrow"] = narrow
    meta["msbook"] = book
    fig.layout.meta = meta


def mri_viewer_book_figure() -> BookFigure:
    """The axial slice viewer, for the chapter."""
    return BookFigure(
        viewer_figure(), name="mri-viewer", height=VIEWER_HEIGHT,
        alt=("An axial slice of a template brain in a FLAIR-like contrast, fluid dark and grey matter "
             "a little brighter than white matter, with simulated MS lesions drawn as bright ovals "
             "outlined by kind: periventricular ones radiating from the ventricles, juxtacortical ones "
             "next to the cortex, deep white-matter ones above the ventricles, and an infratentorial one in the "
             "lowest slice. "
             "A slider moves through seven slice heights. The image is simulated on a template, not a "
             "patient's scan."),
    )


# ------------------------------------------------------------------ one lesion over time
@lru_cache(maxsize=1)
def timeline_lesions():
    """The new lesion of the timeline: where and how the largest periventricular lesion of the
    chapter's set lies (away from the midline), made a little larger (half-axes 9, 5 and 5 mm) so that a close-up shows it."""
    les = max((les for les in default_lesions().lesions
               if les.kind == "periventricular" and abs(les.centre[0]) >= 15),
              key=lambda les: les.volume_ml)
    return mri.Lesion(les.kind, les.centre, (9.0, 5.0, 5.0), les.axes)


_CONTRASTS = (("flair", "FLAIR"), ("t1gd", "T1 + gadolinium"), ("t1", "T1"))
_OUTCOMES = ((False, "Heals to a small scar"), (True, "Becomes a black hole"))
_CROP_MM = 16.0
TIMELINE_HEIGHT, TIMELINE_NARROW_HEIGHT = 640, 540


def _timeline_mosaic(weeks: float, enhancement_weeks: float = 3.0) -> np.ndarray:
    """A 2 x 3 mosaic of crops (rows: the two outcomes; columns: FLAIR, T1 + gadolinium, T1)."""
    lesion = timeline_lesions()
    rows = []
    for black_hole, _ in _OUTCOMES:
        state = lesion_course(weeks, enhancement_weeks=enhancement_weeks, black_hole=black_hole)
        crops = [mri.lesion_crop(lesion, kind, state, plane="coronal", half_mm=_CROP_MM)
                 for kind, _ in _CONTRASTS]
        gap = np.ones((crops[0].shape[0], 1))
        rows.append(np.hstack([crops[0], gap, crops[1], gap, crops[2]]))
    return np.vstack([rows[0], np.ones((1, rows[0].shape[1])), rows[1]])


def _timeline_title(label: str, weeks: float) -> str:
    if weeks < 0:
        return "Before the lesion appears: nothing to see"
    state = lesion_course(weeks)
    parts = []
    parts.append("enhancing" if state.enhancement > 0.5 else "fading enhancement" if state.enhancement > 0 else "no enhancement")
    parts.append("largest" if abs(weeks - PARAMS["peak_weeks"].default) < 0.01 else "growing" if weeks < PARAMS["peak_weeks"].default else "shrinking")
    when = {"1 wk": "1 week", "2 wk": "2 weeks", "4 wk": "4 weeks", "2 mo": "About 2 months",
            "6 mo": "6 months", "1 yr": "1 year"}[label]
    return f"{when} after the lesion appeared: {', '.join(parts)}"


def timeline_figure(start: int = TIMELINE_START) -> go.Figure:
    """One new lesion over a year, two outcomes, three contrasts; a slider over :data:`TIMELINE`."""
    if not 0 <= start < len(TIMELINE):
        raise ValueError(f"start must be 0 to {len(TIMELINE) - 1}; got {start!r}")
    sources = [png_uri(_timeline_mosaic(w), upscale=3) for _, w in TIMELINE]
    mosaic = _timeline_mosaic(TIMELINE[start][1])
    h, w = mosaic.shape
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, w], y=[0, h], mode="markers", marker=dict(opacity=0),
                             hoverinfo="skip", showlegend=False))
    fig.add_layout_image(dict(source=sources[start], xref="x", yref="y", x=0, y=h, sizex=w, sizey=h,
                              sizing="stretch", layer="below"))
    _image_axes(fig, (0, w), (-0.5, h + 0.5))
    crop = (h - 1) / 2
    for i, (_, name) in enumerate(_CONTRASTS):
        fig.add_annotation(x=(i + 0.5) * (crop + 1), y=h, yanchor="bottom", text=f"<b>{name}</b>",
                           showarrow=False, xref="x", yref="y", font=dict(size=13))
    for j, (_, name) in enumerate(_OUTCOMES):
        fig.add_annotation(x=1, y=h - j * (crop + 1) - 1, xanchor="left", yanchor="top", text=name,
                           showarrow=False, xref="x", yref="y", font=dict(size=12, color="white"),
                           bgcolor="rgba(0,0,0,0.6)")
    # The picture (layout.images[0].source) is what each step really changes. The invisible anchor
    # trace that holds the axes' extent also moves by a hair, so that each step has a trace update
    # for add_step_slider's "update" method (the page's check looks at the pictures as well).
    steps = [(label, {"y": [[0, round(h + 0.001 * i, 3)]]}, _timeline_title(label, weeks))
             for i, (label, weeks) in enumerate(TIMELINE)]
    _simulated_note(fig, y=-0.03)
    title_and_legend(fig, steps[start][2], 34, {"margin.r": 34, "height": TIMELINE_NARROW_HEIGHT, "margin.t": 90,
                                                 "sliders[0].y": -0.18})
    fig.data[0].y = steps[start][1]["y"][0]
    add_step_slider(fig, steps, start, "Time since it appeared", y=-0.1, traces=[0])
    _swap_images(fig, sources)
    fig.update_layout(height=TIMELINE_HEIGHT, margin=dict(l=40, r=40, t=80, b=130), showlegend=False,
                      plot_bgcolor="white")
    return fig


def lesion_timeline_book_figure() -> BookFigure:
    """One new lesion over a year, for the chapter."""
    return BookFigure(
        timeline_figure(), name="lesion-timeline", height=TIMELINE_HEIGHT,
        alt=("Close-ups of one simulated new lesion next to a lateral ventricle in three contrasts, "
             "FLAIR-like, T1-like after gadolinium and T1-like, for two outcomes: one that heals to a "
             "small scar and one that becomes a black hole. A slider moves from before the lesion "
             "appears to one year after. Simulated on a template, not a patient's scan."),
    )


# ------------------------------------------------------------------ live explorer
EXPLORER_PARAMS = {
    "plane": Param("plane", 0, 2, 2, "", "Plane (0 axial, 1 coronal, 2 sagittal)", step=1),
    "position": Param("position", -60, 60, -20, "mm", "Slice position", step=2),
    "weeks": PARAMS["weeks"],
    **{f"show_{k}": Flag(f"show_{k}", f"Show {TYPE_LABELS[k].lower()} lesions", True) for k in LESION_TYPES},
}
_PLANE_NAMES = ("axial", "coronal", "sagittal")


def explorer_figure(plane: int = 2, position: float = -20, weeks: float = 4.0, show_periventricular=True,
                    show_juxtacortical=True, show_deep=True, show_infratentorial=True) -> go.Figure:
    """Any slice, in any plane, with the kinds chosen and a new lesion ``weeks`` after it appeared."""
    plane_value = EXPLORER_PARAMS["plane"].check(plane)
    if not float(plane_value).is_integer():
        raise ValueError(f"plane must be 0, 1 or 2; got {plane!r}")
    name = _PLANE_NAMES[int(plane_value)]
    pos = EXPLORER_PARAMS["position"].check(position)
    state = lesion_course(weeks)
    kinds = tuple(k for k, on in zip(LESION_TYPES, (show_periventricular, show_juxtacortical, show_deep,
                                                    show_infratentorial)) if on)
    new = _new_lesion()
    lesions = LesionSet(tuple(les for les in default_lesions().lesions if les.centre != new.centre),
                        default_lesions().seed)
    for flag, value in zip(LESION_TYPES, (show_periventricular, show_juxtacortical, show_deep,
                                          show_infratentorial)):
        EXPLORER_PARAMS[f"show_{flag}"].check(value)
    fig = _slice_figure(name, pos, lesions, kinds, new_lesion=new, new_scale=state.size)
    where = f"{abs(pos):g} mm {'left' if pos < 0 else 'right'} of the midline" if name == "sagittal" else (
        f"at {pos:g} mm")
    ago = "before the new lesion appears" if state.size == 0 else f"{weeks:g} weeks after the new lesion appeared"
    title = f"{name.capitalize()} FLAIR-like slice {where}, {ago}"
    _simulated_note(fig)
    title_and_legend(fig, title, 10, {"legend.entrywidth": 1, "height": 740, "margin.b": 220, "legend.y": -0.13})
    fig.update_layout(height=680, margin=dict(l=10, r=10, t=80, b=150),
                      legend=dict(y=-0.07, yanchor="top"))
    return fig


def _new_lesion():
    """The new lesion of the explorer: the same one as in the timeline (drawn instead of the
    periventricular lesion of the set that lies where it does), shown growing and shrinking."""
    return timeline_lesions()


def mri_explorer() -> Explorer:
    """Live: any plane and slice, lesion kinds on and off, and a new lesion over time."""
    return Explorer(
        EXPLORER_PARAMS, explorer_figure, name="mri-explorer", height=680,
        start={"plane": 2, "position": -20, "weeks": 4.0},
        alt=("A sagittal slice of the template brain 20 mm left of the midline in a FLAIR-like contrast, "
             "front of the head on the left, with a new simulated lesion at its largest, 4 weeks after it "
             "appeared, above the lateral ventricle, a periventricular lesion at the back of the ventricle "
             "and a deep white-matter lesion. Simulated on a template, not a patient's scan."),
        description=("Choose a plane and a slice, turn each kind of lesion on or off, and move a new lesion "
                     "through time."),
    )


# ------------------------------------------------------------------ a panel for print (and the page)
PANEL_HEIGHTS = (-40, 8, 24, 40)
PANEL_TIMES = (("before", -2.0), ("1 week", 1.0), ("4 weeks", 4.0), ("6 months", 26.0), ("1 year", 52.0))
#: The panel prints 16 cm wide; at more than about 690 px tall it would be shrunk and its text
#: would print under 8 pt.
PANEL_HEIGHT, PANEL_NARROW_HEIGHT = 680, 620


def panel_figure() -> go.Figure:
    """A labelled panel: four axial slices (lesions outlined by kind) above a grid of one new
    lesion (the one that becomes a black hole) in three contrasts at five time points."""
    lesions = default_lesions()
    fig = go.Figure()
    # Top row: four slices side by side, in canvas units (1 unit = 1 mm of the slices).
    gap = 6.0
    x = 0.0
    slice_w = slice_h = None
    traces = {k: ([], []) for k in LESION_TYPES}
    images = []
    for z in PANEL_HEIGHTS:
        image, (u0, u1, v0, v1) = mri.slice_of(mri.contrast("flair"), "axial", z)
        slice_w, slice_h = u1 - u0, v1 - v0
        top = 0.0
        images.append(dict(source=png_uri(image), xref="x", yref="y", x=x, y=top, sizex=slice_w,
                           sizey=slice_h, sizing="stretch", layer="below"))
        for kind, (xs, ys) in _outlines(lesions, "axial", z).items():
            for px, py in zip(xs, ys):
                if px is None or px == _AWAY:
                    traces[kind][0].append(None)
                    traces[kind][1].append(None)
                else:
                    traces[kind][0].append(round(x + (px - u0), 2))
                    traces[kind][1].append(round(top - (v1 - py), 2))
        where = "centre" if z == 0 else f"{abs(z)} mm {'above' if z > 0 else 'below'}"
        fig.add_annotation(x=x + slice_w / 2, y=top, yanchor="bottom", text=f"{z:+d} mm" if z else "0 mm",
                           showarrow=False, xref="x", yref="y", font=dict(size=13))
        x += slice_w + gap
    width = x - gap
    for kind in LESION_TYPES:
        colour, dash = _STYLE[kind]
        xs, ys = traces[kind]
        fig.add_trace(go.Scatter(x=xs or [_AWAY], y=ys or [_AWAY], mode="lines", fill="toself",
                                 fillcolor=_LESION_FILL, line=dict(color=colour, dash=dash, width=1.5),
                                 name=TYPE_LABELS[kind], hoverinfo="name"))
    # Bottom: one new lesion, 3 contrasts x 5 times, as one mosaic.
    lesion = timeline_lesions()
    rows = []
    for kind, _name in _CONTRASTS:
        crops = [mri.lesion_crop(lesion, kind, lesion_course(w, black_hole=True), plane="coronal",
                                 half_mm=_CROP_MM) for _, w in PANEL_TIMES]
        sep = np.ones((crops[0].shape[0], 1))
        row = crops[0]
        for crop in crops[1:]:
            row = np.hstack([row, sep, crop])
        rows.append(row)
    sep = np.ones((1, rows[0].shape[1]))
    mosaic = np.vstack([rows[0], sep, rows[1], sep, rows[2]])
    mh, mw = mosaic.shape
    scale = width / mw
    top2 = -slice_h - 24
    images.append(dict(source=png_uri(mosaic, upscale=3), xref="x", yref="y", x=0, y=top2, sizex=width,
                       sizey=mh * scale, sizing="stretch", layer="below"))
    cell = (mw + 1) / len(PANEL_TIMES) * scale
    for i, (label, _w) in enumerate(PANEL_TIMES):
        fig.add_annotation(x=(i + 0.5) * cell, y=top2, yanchor="bottom", text=label, showarrow=False,
                           xref="x", yref="y", font=dict(size=13))
    row_h = (mh + 1) / 3 * scale
    for j, (_k, name) in enumerate(_CONTRASTS):
        fig.add_annotation(x=1, y=top2 - j * row_h - 1, xanchor="left", yanchor="top", text=name,
                           showarrow=False, xref="x", yref="y", font=dict(size=11, color="white"),
                           bgcolor="rgba(0,0,0,0.6)")
    bottom = top2 - mh * scale
    fig.update_layout(images=images)
    fig.add_trace(go.Scatter(x=[0, width], y=[bottom, 0], mode="markers", marker=dict(opacity=0),
                             hoverinfo="skip", showlegend=False))
    _image_axes(fig, (-1, width + 1), (bottom - 1, 12))
    _simulated_note(fig)
    title = ("Simulated lesions at four heights (top) and one new lesion that becomes a black hole, "
             "over a year (bottom)")
    title_and_legend(fig, title, 10, {"legend.entrywidth": 1, "height": PANEL_NARROW_HEIGHT,
                                      "margin.b": 190, "legend.y": -0.12})
    fig.update_layout(height=PANEL_HEIGHT, margin=dict(l=10, r=10, t=80, b=120), showlegend=True,
                      plot_bgcolor="white", legend=dict(y=-0.07, yanchor="top"))
    return fig


def mri_panel_book_figure() -> BookFigure:
    """The labelled panel of slices and time points (the print summary of the two sliders)."""
    return BookFigure(
        panel_figure(), name="mri-panel", height=PANEL_HEIGHT,
        alt=("Top: four axial slices of the template brain in a FLAIR-like contrast, from the brainstem "
             "to above the ventricles, with simulated lesions outlined by kind. Bottom: close-ups of one "
             "simulated new lesion that becomes a black hole, in FLAIR-like, T1-like after gadolinium and "
             "T1-like contrast, before it appears and 1 week, 4 weeks, 6 months and 1 year after. "
             "Simulated on a template, not a patient's scan."),
    )
