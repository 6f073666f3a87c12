"""The chapter 7 MRI model: lesions placed by their rules in white matter, counts and volumes as
the chapter prints them (glued), a lesion's time course, offline template, reproducible output."""

from __future__ import annotations

import math
import re
import socket

import numpy as np
import pytest

from msbook.book import ROOT
from msbook.models import mri
from msbook.models.mri import LESION_TYPES, PARAMS, lesion_course, place_lesions

CHAPTER = ROOT / "book" / "ch07-lesions-mri.md"


@pytest.fixture(scope="module")
def lesions():
    return place_lesions()


@pytest.fixture(scope="module")
def maps():
    return mri._distance_maps()


def _index(centre):
    return tuple(int(round(i)) for i in mri.template().index(centre))


def test_template_loads_offline(monkeypatch):
    """The template and tissue maps come from the nilearn wheel: no network at all."""
    def refuse(*args, **kwargs):
        raise OSError("network use is not allowed in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    mri.template.cache_clear()
    tpl = mri.template()
    assert tpl.shape == (99, 117, 95)
    assert tpl.ventricles.sum() > 500 and tpl.brain.sum() > 100_000
    assert 0 <= tpl.wm.min() and tpl.wm.max() <= 1


def test_counts_follow_the_parameters(lesions):
    for kind in LESION_TYPES:
        assert lesions.count(kind) == PARAMS[f"n_{kind}"].default
    small = place_lesions(2, 1, 0, 1, seed=3)
    assert [small.count(k) for k in LESION_TYPES] == [2, 1, 0, 1]


def test_every_lesion_sits_mostly_in_white_matter(lesions):
    tpl = mri.template()
    for lesion in lesions.lesions:
        voxels = mri.lesion_voxels(lesion)
        assert voxels.sum() >= 2, lesion
        assert tpl.wm[voxels].mean() >= 0.6, (lesion.kind, lesion.centre, tpl.wm[voxels].mean())
        assert tpl.wm[_index(lesion.centre)] >= 0.6, (lesion.kind, lesion.centre)
        assert not (voxels & tpl.ventricles).any()


def test_each_kind_follows_its_rule(lesions, maps):
    to_vent, to_gm, grad = maps
    for lesion in lesions.lesions:
        idx = _index(lesion.centre)
        x, y, z = lesion.centre
        if lesion.kind == "periventricular":
            assert 2 <= to_vent[idx] <= 6, lesion
            normal = grad[idx] / np.linalg.norm(grad[idx])
            long_axis = np.asarray(lesion.axes[0])
            angle = math.degrees(math.acos(min(1.0, abs(float(normal @ long_axis)))))
            assert angle < 1, f"long axis not perpendicular to the ventricle wall: {angle:.1f} degrees"
            assert lesion.half_axes[0] > lesion.half_axes[1], "periventricular lesions are ovoid"
        elif lesion.kind == "juxtacortical":
            assert to_gm[idx] <= 4 and z > 0, lesion
        elif lesion.kind == "deep":
            assert to_vent[idx] > 10 and to_gm[idx] > 8 and z >= 28, lesion
        elif lesion.kind == "infratentorial":
            assert z < -18 and -80 < y < -20 and abs(x) < 30, lesion


def test_lesions_do_not_touch(lesions):
    for i, a in enumerate(lesions.lesions):
        for b in lesions.lesions[i + 1:]:
            gap = np.linalg.norm(np.subtract(a.centre, b.centre)) - max(a.half_axes) - max(b.half_axes)
            assert gap >= mri._MIN_GAP_MM - 1e-9


def test_volumes_are_the_voxels_the_lesions_fill(lesions):
    for lesion in lesions.lesions:
        expected = mri.lesion_voxels(lesion).sum() * mri.VOXEL_MM**3 / 1000
        assert lesion.volume_ml == pytest.approx(expected, abs=1e-4)
    assert lesions.volume_ml() == pytest.approx(sum(les.volume_ml for les in lesions.lesions))
    # Typical MS lesions are millimetres across: each lesion between about 0.01 and 2 mL.
    assert all(0.01 <= les.volume_ml <= 2 for les in lesions.lesions)


def test_the_chapter_prints_counts_and_volumes_glued_from_the_model():
    text = CHAPTER.read_text(encoding="utf-8")
    for key in ("ch07-n-total", "ch07-n-pv", "ch07-n-jc", "ch07-n-deep", "ch07-n-infra",
                "ch07-vol-total", "ch07-vol-pv"):
        assert f'glue("{key}"' in text, f"{key} is not computed in the chapter"
        assert f"{{glue}}`{key}`" in text, f"{key} is not printed in the chapter"
    assert "place_lesions()" in text
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    total = place_lesions()
    assert f"{total.count()} lesions" not in prose, "a model count is typed, not glued"


def test_placement_is_reproducible_and_depends_on_the_seed():
    mri._place.cache_clear()
    first = place_lesions(seed=11)
    mri._place.cache_clear()
    assert place_lesions(seed=11) == first
    assert place_lesions(seed=12).lesions != first.lesions


def test_images_are_byte_identical_on_every_build():
    from msbook.plots import mri as plots

    image, _ = mri.slice_of(mri.contrast("flair"), "axial", 24)
    assert plots.png_uri(image) == plots.png_uri(image.copy())
    assert plots.png_uri(image).startswith("data:image/png;base64,")
    import plotly.io as pio

    first = pio.to_json(plots.viewer_figure())
    plots.default_lesions.cache_clear()
    mri._place.cache_clear()
    assert pio.to_json(plots.viewer_figure()) == first


def test_every_figure_says_it_is_simulated():
    from msbook.plots import mri as plots

    for fig in (plots.viewer_figure(), plots.timeline_figure(), plots.explorer_figure()):
        notes = [a.text for a in fig.layout.annotations]
        assert any(plots.SIMULATED in (n or "") for n in notes)


@pytest.mark.parametrize("name,bad", [
    ("n_periventricular", 15), ("n_juxtacortical", -1), ("n_deep", 9), ("n_infratentorial", 5),
    ("seed", 1000), ("n_deep", 2.5), ("seed", float("nan")),
])
def test_placement_rejects_out_of_range_input(name, bad):
    with pytest.raises(ValueError, match=name):
        place_lesions(**{name: bad})


@pytest.mark.parametrize("name,bad", [
    ("weeks", -5), ("weeks", 105), ("enhancement_weeks", 0.5), ("enhancement_weeks", 13),
    ("peak_weeks", 1), ("residual", 0), ("residual", 1.5),
])
def test_course_rejects_out_of_range_input(name, bad):
    with pytest.raises(ValueError, match=name):
        lesion_course(**{"weeks": 4.0, name: bad})


def test_other_inputs_are_checked():
    with pytest.raises(ValueError, match="black_hole"):
        lesion_course(4.0, black_hole="yes")
    with pytest.raises(ValueError, match="plane"):
        mri.slice_of(mri.contrast("flair"), "oblique", 0)
    with pytest.raises(ValueError, match="position_mm"):
        mri.slice_of(mri.contrast("flair"), "axial", 500)
    with pytest.raises(ValueError, match="kind"):
        mri.contrast("pd")
    from msbook.plots import mri as plots
    with pytest.raises(ValueError, match="plane"):
        plots.explorer_figure(plane=1.5)
    with pytest.raises(ValueError, match="position"):
        plots.explorer_figure(position=90)


def test_a_new_lesion_peaks_then_shrinks_to_its_scar():
    """Largest at about 4 weeks (Willoughby 1989), then shrinking towards the residual."""
    weeks = np.arange(0, 104.5, 0.5)
    sizes = [lesion_course(float(w)).size for w in weeks]
    assert weeks[int(np.argmax(sizes))] == PARAMS["peak_weeks"].default
    assert lesion_course(104).size == pytest.approx(PARAMS["residual"].default, abs=0.01)
    assert lesion_course(-1).size == 0 and lesion_course(-1).enhancement == 0


def test_enhancement_lasts_as_long_as_the_protocol_allows():
    """About 3 weeks with a standard protocol, 6 to 12 with a sensitive one (Leppert 2014)."""
    assert lesion_course(1).enhancement == 1
    assert lesion_course(3).enhancement == 0
    assert lesion_course(3, enhancement_weeks=9).enhancement > 0
    assert lesion_course(9, enhancement_weeks=9).enhancement == 0


def test_a_black_hole_stays_dark_and_a_healed_lesion_does_not():
    """Persistent black holes last at least 12 months; a healed lesion fades on T1."""
    for weeks in (52, 104):
        assert lesion_course(weeks, black_hole=True).t1_dark >= 0.7
        assert lesion_course(weeks, black_hole=False).t1_dark <= 0.2
    assert lesion_course(2, black_hole=True).t1_dark == lesion_course(2, black_hole=False).t1_dark


def test_outline_matches_the_voxels_it_cuts(lesions):
    """The drawn outline of a lesion lies where its voxels are, in display coordinates."""
    lesion = lesions.lesions[0]
    z = lesion.centre[2]
    pts = mri.ellipse_in_plane(lesion, "axial", z)
    assert pts is not None
    us = [p[0] for p in pts]
    vs = [p[1] for p in pts]
    assert min(us) <= -lesion.centre[0] <= max(us)
    assert min(vs) <= lesion.centre[1] <= max(vs)
    assert mri.ellipse_in_plane(lesion, "axial", z + 40) is None


#: What the chapter's text description says each viewer slice shows (kinds cut, by height in mm).
DESCRIBED = {
    -40: {"infratentorial"}, -24: set(), -8: set(), 8: {"periventricular", "juxtacortical"},
    24: {"periventricular", "juxtacortical"}, 40: {"deep"}, 56: set(),
}


def test_the_viewer_description_matches_each_slice():
    """The text description, caption and alt text describe what each slider step really cuts."""
    from msbook.plots import mri as plots

    assert set(plots.VIEWER_HEIGHTS) == set(DESCRIBED)
    lesions = plots.default_lesions()
    for z, kinds in DESCRIBED.items():
        outlines = plots._outlines(lesions, "axial", z)
        cut = {k for k, (xs, _) in outlines.items() if None in xs}
        assert cut == kinds, (z, cut)
    assert plots._cut_count(plots._outlines(lesions, "axial", -40)) == 1
    # The coronal and sagittal slices, as the description gives them.
    coronal, _ = plots.VIEWER_PLANES["coronal"]
    sagittal, _ = plots.VIEWER_PLANES["sagittal"]
    assert (min(coronal), max(coronal), min(sagittal), max(sagittal)) == (-68, 28, -36, 36)
    cuts = {z: plots._outlines(lesions, "coronal", z) for z in coronal}
    most = max(cuts, key=lambda z: plots._cut_count(cuts[z]))
    kinds = {k: xs.count(None) for k, (xs, _) in cuts[most].items() if None in xs}
    assert most == -36 and kinds == {"periventricular": 5, "juxtacortical": 2}, (most, kinds)
    counts = [plots._outlines(lesions, "sagittal", z) for z in sagittal]
    assert max(plots._cut_count(o) for o in counts) == 4
    kinds = [k for o in counts for k, (xs, _) in o.items() for _cut in range(xs.count(None))]
    assert kinds.count("periventricular") > len(kinds) / 2
    text = CHAPTER.read_text(encoding="utf-8")
    for phrase in ("shows a single infratentorial lesion", "shows only deep white-matter lesions",
                   "five periventricular and two juxtacortical lesions", "each cuts at most four lesions",
                   "from 68 mm behind the template's centre to 28 mm in front of it",
                   "cut no lesion at all", "an infratentorial lesion appears only in the lowest slice"):
        assert phrase in text, phrase


def test_the_explorer_draws_the_new_lesion_instead_of_the_old_one():
    from msbook.plots import mri as plots

    fig = plots.explorer_figure()
    new = plots._new_lesion()
    assert sum(1 for les in plots.default_lesions().lesions if les.centre == new.centre) == 1
    names = [t.name for t in fig.data]
    assert "New lesion" in names
