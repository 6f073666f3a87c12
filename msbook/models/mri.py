"""Simulated MS lesions on a template brain, and how one new lesion changes over time (chapter 7).

Everything here is **simulated on a template, not a patient's scan**.

The anatomy is the MNI152 template (2009 nonlinear, 2 mm voxels) and its grey-matter and
white-matter probability maps, which ship inside the ``nilearn`` wheel: nothing is
downloaded (:func:`template` reads the files nilearn installed, and points nilearn's data
folder at a local path so that no fetcher could reach the network). From the tissue maps
the module makes two *contrasts*, not real MRI sequences:

``flair``
    FLAIR-like: fluid dark, grey matter a little brighter than white matter, lesions bright.
``t1``
    T1-like: white matter brighter than grey matter, fluid dark; a lesion is a little darker
    than white matter while it is fresh and swollen, and stays dark if it becomes a
    "black hole". ``t1gd`` is the same after gadolinium: a lesion whose barrier leaks is bright.

Lesions are ellipsoids placed by rules that follow the typical places and shapes described in
the chapter (see :data:`RULES`), with a seeded random number generator, so the same settings
always give the same brain. Four kinds are simulated:

``periventricular``
    centred in white matter 2 to 6 mm from the wall of a lateral ventricle, ovoid, with the
    long axis perpendicular to the ventricular wall (the "Dawson's fingers" arrangement);
``juxtacortical``
    in white matter touching the cortex (within 4 mm of grey matter), small and round-ish;
``deep``
    in deep white matter above the ventricles, more than 10 mm from them and 8 mm from grey matter;
``infratentorial``
    in the white matter of the brainstem and cerebellum, below the tentorium (z below -18 mm).

What the model leaves out: the spinal cord and optic nerves (the template does not include
them), cortical lesions (conventional MRI shows few of them), brain volume loss, scanner
noise and artefacts, the central vein and paramagnetic rims, and any real patient's pattern.
Sizes, numbers and the time course are teaching choices set inside ranges the chapter cites,
not measurements.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import ndimage

from msbook.validation import Param, check_range

#: Lesion kinds, in the order the figures list them.
LESION_TYPES = ("periventricular", "juxtacortical", "deep", "infratentorial")

#: How a reader sees each kind's name.
TYPE_LABELS = {
    "periventricular": "Periventricular",
    "juxtacortical": "Juxtacortical",
    "deep": "Deep white matter",
    "infratentorial": "Infratentorial",
}

#: The placement rule of each kind, in words (the tests check each one).
RULES = {
    "periventricular": "centre in white matter 2-6 mm from a lateral ventricle; long axis "
                       "perpendicular to the ventricular wall",
    "juxtacortical": "centre in white matter within 4 mm of the cortex, above the tentorium",
    "deep": "centre in white matter more than 10 mm from the ventricles and 8 mm from the "
            "cortex, above the ventricles (z at least 28 mm)",
    "infratentorial": "centre in white matter of the brainstem or cerebellum (z below -18 mm, "
                      "y between -80 and -20 mm)",
}

#: The parameters a reader may change, with their allowed ranges.
PARAMS = {
    "n_periventricular": Param("n_periventricular", 0, 14, 12, "lesions", "Periventricular lesions", step=1),
    "n_juxtacortical": Param("n_juxtacortical", 0, 8, 6, "lesions", "Juxtacortical lesions", step=1),
    "n_deep": Param("n_deep", 0, 8, 6, "lesions", "Deep white-matter lesions", step=1),
    "n_infratentorial": Param("n_infratentorial", 0, 4, 3, "lesions", "Infratentorial lesions", step=1),
    "seed": Param("seed", 0, 999, 7, "", "Random seed", step=1),
    # The time course of one new lesion.
    "weeks": Param("weeks", -4.0, 104.0, 4.0, "weeks", "Weeks since the lesion appeared", step=1.0),
    "enhancement_weeks": Param(
        "enhancement_weeks", 1.0, 12.0, 3.0, "weeks", "Enhancement visible for", step=0.5
    ),
    "peak_weeks": Param("peak_weeks", 2.0, 8.0, 4.0, "weeks", "Largest size at", step=0.5),
    "residual": Param("residual", 0.1, 1.0, 0.35, "of peak size", "Scar left (fraction of peak)", step=0.05),
}

#: Planes a slice can be cut in, and the template axis each one fixes.
PLANES = {"axial": 2, "coronal": 1, "sagittal": 0}

#: Where nilearn may keep data (never used for these files; set so that nothing is fetched
#: into the user's home folder). Overridden by an existing ``NILEARN_DATA``.
DATA_DIR = Path(__file__).resolve().parents[2] / "_build" / "nilearn-data"

VOXEL_MM = 2.0
# Lesion half-axes in mm (teaching choices: whole lesions of roughly 4 to 16 mm).
_HALF_AXES = {
    "periventricular": ((5.0, 9.0), (2.5, 4.0)),   # long, short
    "juxtacortical": ((3.0, 4.5), (2.5, 3.5)),
    "deep": ((3.5, 6.0), (2.5, 4.0)),
    "infratentorial": ((3.0, 4.5), (2.5, 3.5)),
}
_MIN_GAP_MM = 4.0  # lesions do not touch each other


@dataclass(frozen=True)
class Template:
    """The template brain on its 2 mm grid (arrays indexed [x, y, z])."""

    t1: np.ndarray        # the template's own T1 intensities, scaled 0 to 1
    gm: np.ndarray        # grey-matter probability, 0 to 1
    wm: np.ndarray        # white-matter probability, 0 to 1
    csf: np.ndarray       # fluid: the rest of the brain mask, 0 to 1
    brain: np.ndarray     # brain mask (bool)
    ventricles: np.ndarray  # lateral ventricles (bool)
    affine: np.ndarray    # voxel index -> MNI mm

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.wm.shape

    def mm(self, index) -> np.ndarray:
        """MNI coordinates (mm) of voxel index/indices (..., 3)."""
        index = np.asarray(index, dtype=float)
        return index * np.diag(self.affine)[:3] + self.affine[:3, 3]

    def index(self, mm) -> np.ndarray:
        """Voxel index (float) of MNI coordinates (..., 3)."""
        mm = np.asarray(mm, dtype=float)
        return (mm - self.affine[:3, 3]) / np.diag(self.affine)[:3]


@lru_cache(maxsize=1)
def template() -> Template:
    """Load the MNI152 template and tissue maps from the nilearn wheel (no download)."""
    os.environ.setdefault("NILEARN_DATA", str(DATA_DIR))
    from nilearn import datasets

    t1_img = datasets.load_mni152_template(resolution=2)
    gm = np.asarray(datasets.load_mni152_gm_template(resolution=2).get_fdata(), dtype=float)
    wm = np.asarray(datasets.load_mni152_wm_template(resolution=2).get_fdata(), dtype=float)
    brain = np.asarray(datasets.load_mni152_brain_mask(resolution=2).get_fdata()) > 0.5
    t1 = np.asarray(t1_img.get_fdata(), dtype=float)
    affine = np.asarray(t1_img.affine, dtype=float)
    if not (np.allclose(affine[:3, :3], np.diag(np.diag(affine)[:3])) and np.all(np.diag(affine)[:3] > 0)):
        raise RuntimeError("the template's affine is not the expected RAS diagonal")
    gm, wm = np.clip(gm, 0, 1), np.clip(wm, 0, 1)
    csf = np.where(brain, np.clip(1 - gm - wm, 0, 1), 0.0)
    t1 = t1 / np.percentile(t1[brain], 99.5)
    ventricles = _lateral_ventricles(gm, wm, brain, affine)
    return Template(np.clip(t1, 0, 1), gm, wm, csf, brain, ventricles, affine)


def _lateral_ventricles(gm, wm, brain, affine) -> np.ndarray:
    """The lateral ventricles: fluid deep inside the brain, in the central box where they lie."""
    fluid = brain & (gm + wm < 0.35)
    depth = ndimage.distance_transform_edt(brain) * VOXEL_MM
    idx = np.indices(brain.shape).transpose(1, 2, 3, 0)
    mm = idx * np.diag(affine)[:3] + affine[:3, 3]
    box = (np.abs(mm[..., 0]) <= 30) & (mm[..., 1] >= -45) & (mm[..., 1] <= 35) \
        & (mm[..., 2] >= -2) & (mm[..., 2] <= 34)
    candidate = fluid & box & (depth >= 16)
    labels, n = ndimage.label(candidate)
    if n == 0:
        raise RuntimeError("no lateral ventricles found in the template")
    sizes = ndimage.sum(candidate, labels, index=range(1, n + 1))
    keep = [i + 1 for i, s in enumerate(sizes) if s >= 30]
    return np.isin(labels, keep)


@dataclass(frozen=True)
class Lesion:
    """One simulated lesion: an ellipsoid in MNI mm."""

    kind: str
    centre: tuple[float, float, float]   # mm
    half_axes: tuple[float, float, float]  # mm, along the columns of ``axes``
    axes: tuple[tuple[float, float, float], ...]  # 3 unit vectors (rows)
    volume_ml: float = field(default=0.0)  # volume of its voxels (0.5 threshold), millilitres

    def quadratic(self) -> np.ndarray:
        """A with (x - c)^T A (x - c) <= 1 inside the lesion (mm)."""
        r = np.asarray(self.axes, dtype=float)
        return r.T @ np.diag(1 / np.asarray(self.half_axes) ** 2) @ r


@dataclass(frozen=True)
class LesionSet:
    """Lesions placed on the template, with the counts and volumes the chapter prints."""

    lesions: tuple[Lesion, ...]
    seed: int

    def count(self, kind: str | None = None) -> int:
        return sum(1 for les in self.lesions if kind is None or les.kind == kind)

    def volume_ml(self, kind: str | None = None) -> float:
        return sum(les.volume_ml for les in self.lesions if kind is None or les.kind == kind)


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v)


def _frame(long_axis, rng) -> tuple:
    """Three orthonormal axes, the first along ``long_axis``, the others turned at random."""
    a = _unit(long_axis)
    helper = np.array([1.0, 0, 0]) if abs(a[0]) < 0.9 else np.array([0, 1.0, 0])
    b = _unit(np.cross(a, helper))
    c = np.cross(a, b)
    turn = rng.uniform(0, math.pi)
    b, c = math.cos(turn) * b + math.sin(turn) * c, -math.sin(turn) * b + math.cos(turn) * c
    return tuple(tuple(float(round(x, 6)) for x in v) for v in (a, b, c))


@lru_cache(maxsize=1)
def _distance_maps():
    tpl = template()
    to_vent = ndimage.distance_transform_edt(~tpl.ventricles) * VOXEL_MM
    cortex = tpl.gm > 0.5
    to_gm = ndimage.distance_transform_edt(~cortex) * VOXEL_MM
    # The direction away from the ventricles (the normal of their wall), smoothed.
    grad = np.stack(np.gradient(ndimage.gaussian_filter(to_vent, 1.0)), axis=-1)
    return to_vent, to_gm, grad


def _candidates(kind: str) -> np.ndarray:
    """Voxel indices (n, 3) where a lesion of ``kind`` may be centred (its rule)."""
    tpl = template()
    to_vent, to_gm, _ = _distance_maps()
    mm = tpl.mm(np.indices(tpl.shape).transpose(1, 2, 3, 0))
    white = tpl.wm >= 0.9
    supra = mm[..., 2] > 0
    if kind == "periventricular":
        ok = white & (to_vent >= 2) & (to_vent <= 6) & (mm[..., 2] > 2)
    elif kind == "juxtacortical":
        ok = (tpl.wm >= 0.6) & (to_gm <= 4) & (to_gm >= 2) & supra & (to_vent > 15)
    elif kind == "deep":
        ok = white & (to_vent > 10) & (to_gm > 8) & (mm[..., 2] >= 28)
    elif kind == "infratentorial":
        ok = white & (mm[..., 2] < -18) & (mm[..., 2] > -50) & (np.abs(mm[..., 0]) < 30) \
            & (mm[..., 1] < -20) & (mm[..., 1] > -80)
    else:
        raise ValueError(f"kind must be one of {LESION_TYPES}; got {kind!r}")
    return np.argwhere(ok)


def lesion_voxels(lesion: Lesion, scale: float = 1.0) -> np.ndarray:
    """Boolean mask of the template voxels inside ``lesion`` (its size times ``scale``),
    kept to brain tissue outside the ventricles."""
    tpl = template()
    occupancy = lesion_occupancy(lesion, scale)
    return (occupancy >= 0.5) & tpl.brain & ~tpl.ventricles


def lesion_occupancy(lesion: Lesion, scale: float = 1.0) -> np.ndarray:
    """How much of each voxel the lesion fills, 0 to 1, with a soft 1 mm edge."""
    tpl = template()
    shape = tpl.shape
    centre_idx = tpl.index(lesion.centre)
    reach = int(math.ceil(max(lesion.half_axes) * max(scale, 1e-3) / VOXEL_MM)) + 2
    lo = np.maximum(np.floor(centre_idx).astype(int) - reach, 0)
    hi = np.minimum(np.floor(centre_idx).astype(int) + reach + 1, shape)
    out = np.zeros(shape)
    if scale <= 0:
        return out
    grid = np.indices(tuple(hi - lo)).transpose(1, 2, 3, 0) + lo
    d = tpl.mm(grid) - np.asarray(lesion.centre)
    a = lesion.quadratic() / scale**2
    q = np.einsum("...i,ij,...j->...", d, a, d)
    radius = np.sqrt(q)  # 1 on the surface, in units of the (scaled) half-axes
    edge = 1.0 / max(min(lesion.half_axes) * scale, 0.5)  # a 1 mm soft edge
    out[lo[0]:hi[0], lo[1]:hi[1], lo[2]:hi[2]] = np.clip(0.5 + (1 - radius) / (2 * edge), 0, 1)
    return out


def place_lesions(
    n_periventricular: int = 12,
    n_juxtacortical: int = 6,
    n_deep: int = 6,
    n_infratentorial: int = 3,
    seed: int = 7,
) -> LesionSet:
    """Place simulated lesions on the template by the rules in :data:`RULES`.

    Parameters
    ----------
    n_periventricular, n_juxtacortical, n_deep, n_infratentorial:
        How many lesions of each kind (ranges in :data:`PARAMS`: 0-14, 0-8, 0-8, 0-4).
    seed:
        Seed of the random number generator (0 to 999); the same seed always gives the
        same lesions.

    Returns
    -------
    LesionSet
        The lesions, each with its centre, half-axes (mm), orientation and volume (mL).

    Raises
    ------
    ValueError
        If a count or the seed is out of range or not a whole number.
    """
    counts = {}
    for kind, value in zip(LESION_TYPES, (n_periventricular, n_juxtacortical, n_deep, n_infratentorial)):
        name = f"n_{kind}"
        number = PARAMS[name].check(value)
        if not float(number).is_integer():
            raise ValueError(f"{name} must be a whole number of lesions; got {value!r}")
        counts[kind] = int(number)
    seed_value = PARAMS["seed"].check(seed)
    if not float(seed_value).is_integer():
        raise ValueError(f"seed must be a whole number (0 to 999); got {seed!r}")
    return _place(tuple(counts[k] for k in LESION_TYPES), int(seed_value))


@lru_cache(maxsize=16)
def _place(counts: tuple[int, ...], seed: int) -> LesionSet:
    tpl = template()
    _, _, grad = _distance_maps()
    rng = np.random.default_rng(seed)
    placed: list[Lesion] = []
    for kind, n in zip(LESION_TYPES, counts):
        cands = _candidates(kind)
        order = rng.permutation(len(cands))
        (long_lo, long_hi), (short_lo, short_hi) = _HALF_AXES[kind]
        made = 0
        for i in order:
            if made == n:
                break
            idx = cands[i]
            centre = tpl.mm(idx)
            long_half = rng.uniform(long_lo, long_hi)
            short_half = rng.uniform(short_lo, min(short_hi, long_half))
            if kind == "periventricular":
                direction = grad[tuple(idx)]
                if np.linalg.norm(direction) < 1e-6:
                    continue
            else:
                direction = rng.normal(size=3)
            axes = _frame(direction, rng)
            if any(np.linalg.norm(centre - np.asarray(o.centre)) < long_half + max(o.half_axes) + _MIN_GAP_MM
                   for o in placed):
                continue
            lesion = Lesion(kind, tuple(float(round(x, 3)) for x in centre),
                            (round(long_half, 3), round(short_half, 3), round(short_half, 3)), axes)
            voxels = lesion_voxels(lesion)
            white_share = float(tpl.wm[voxels].mean()) if voxels.any() else 0.0
            if voxels.sum() < 2 or white_share < 0.6:
                continue  # would sit mostly outside white matter: try another place
            volume = round(float(voxels.sum()) * VOXEL_MM**3 / 1000, 4)
            placed.append(Lesion(lesion.kind, lesion.centre, lesion.half_axes, lesion.axes, volume))
            made += 1
        if made < n:
            raise ValueError(f"could place only {made} {kind} lesions (asked for {n}); use fewer")
    return LesionSet(tuple(placed), seed)


# ------------------------------------------------------------------ one new lesion over time
@dataclass(frozen=True)
class LesionState:
    """How one new lesion looks at a given time (each 0 to 1)."""

    weeks: float
    size: float         # its extent on T2/FLAIR, relative to its largest
    enhancement: float  # how bright it is on T1 after gadolinium
    t1_dark: float      # how much darker than white matter it is on T1


def lesion_course(
    weeks: float,
    enhancement_weeks: float = 3.0,
    peak_weeks: float = 4.0,
    residual: float = 0.35,
    black_hole: bool = False,
) -> LesionState:
    """The state of a new lesion ``weeks`` after it appeared (a teaching model).

    - **Size on T2/FLAIR** grows to its largest at ``peak_weeks`` (2-8 weeks), then shrinks
      with a time constant of 8 weeks towards a scar of ``residual`` times the peak (0.1-1).
    - **Enhancement** after gadolinium is full from the start, fades from half-way through
      ``enhancement_weeks`` (1-12 weeks; about 3 with a standard protocol) and is gone at its end.
    - **Darkness on T1** follows the swelling while the lesion is fresh; it then fades to a
      faint trace, or, for a lesion that becomes a ``black_hole``, stays deep.

    Before the lesion appears (``weeks`` < 0, down to -4) everything is 0.
    Raises ``ValueError`` naming any parameter out of its range.
    """
    t = PARAMS["weeks"].check(weeks)
    d = PARAMS["enhancement_weeks"].check(enhancement_weeks)
    p = PARAMS["peak_weeks"].check(peak_weeks)
    r = PARAMS["residual"].check(residual)
    if not isinstance(black_hole, bool):
        raise ValueError(f"black_hole must be True or False; got {black_hole!r}")
    if t < 0:
        return LesionState(t, 0.0, 0.0, 0.0)
    if t <= p:
        size = 0.35 + 0.65 * (1 - (1 - t / p) ** 2)
    else:
        size = r + (1 - r) * math.exp(-(t - p) / 8.0)
    if t <= d / 2:
        enhancement = 1.0
    elif t < d:
        enhancement = 1.0 - (t - d / 2) / (d / 2)
    else:
        enhancement = 0.0
    swelling = max(size - r, 0.0) / (1 - r) if r < 1 else 0.0
    final = 0.8 if black_hole else 0.1
    t1_dark = final + (0.5 - final) * swelling if t > p else 0.5 * min(1.0, t / p + 0.3)
    if black_hole and t > p:
        t1_dark = max(t1_dark, 0.5 + (final - 0.5) * (1 - math.exp(-(t - p) / 6.0)))
    return LesionState(t, round(size, 4), round(enhancement, 4), round(float(t1_dark), 4))


# ------------------------------------------------------------------ images
def contrast(kind: str) -> np.ndarray:
    """A whole-brain image of one contrast, without lesions, 0 to 1 (``flair``, ``t1`` or ``t1gd``)."""
    tpl = template()
    if kind == "flair":
        img = 0.55 * tpl.wm + 0.78 * tpl.gm + 0.06 * tpl.csf
    elif kind in ("t1", "t1gd"):
        img = 0.86 * tpl.wm + 0.5 * tpl.gm + 0.1 * tpl.csf
    else:
        raise ValueError(f"kind must be 'flair', 't1' or 't1gd'; got {kind!r}")
    return np.where(tpl.brain, img, 0.0)


def with_lesion(image: np.ndarray, kind: str, lesion: Lesion, state: LesionState) -> np.ndarray:
    """``image`` of contrast ``kind`` with ``lesion`` drawn as it looks in ``state``."""
    tpl = template()
    occ = lesion_occupancy(lesion, max(state.size, 1e-3)) * (tpl.brain & ~tpl.ventricles)
    if state.size <= 0:
        return image
    if kind == "flair":
        target = np.full_like(image, 0.97)
    elif kind == "t1":
        target = image * (1 - 0.7 * state.t1_dark)
    elif kind == "t1gd":
        dark = image * (1 - 0.7 * state.t1_dark)
        target = dark + (1.0 - dark) * state.enhancement
    else:
        raise ValueError(f"kind must be 'flair', 't1' or 't1gd'; got {kind!r}")
    return image * (1 - occ) + target * occ


def slice_of(volume: np.ndarray, plane: str, position_mm: float) -> tuple[np.ndarray, tuple]:
    """A 2-D slice of ``volume`` for display, and its extent (u0, u1, v0, v1) in mm.

    Rows run from the top of the picture down; columns from left to right. Axial and
    coronal slices follow the radiological convention (the person's right on the left of
    the picture); sagittal slices have the front of the head on the left.
    """
    if plane not in PLANES:
        raise ValueError(f"plane must be one of {tuple(PLANES)}; got {plane!r}")
    tpl = template()
    axis = PLANES[plane]
    lo_mm, hi_mm = _plane_range(plane)
    check_range("position_mm", position_mm, lo_mm, hi_mm, unit="mm")
    k = int(round(float(tpl.index([position_mm] * 3)[axis])))
    data = np.take(volume, k, axis=axis)
    shape, origin, step = tpl.shape, tpl.affine[:3, 3], np.diag(tpl.affine)[:3]
    if plane == "axial":        # data[x, y]: rows = y from front (top) to back; columns = x from right
        img = data[::-1, ::-1].T
        h_axis, v_axis = 0, 1
    elif plane == "coronal":    # data[x, z]: rows = z top down; columns = x from right
        img = data[::-1, ::-1].T
        h_axis, v_axis = 0, 2
    else:                       # data[y, z]: rows = z top down; columns = y from front
        img = data[::-1, ::-1].T
        h_axis, v_axis = 1, 2
    u = (origin[h_axis], origin[h_axis] + step[h_axis] * (shape[h_axis] - 1))
    v = (origin[v_axis], origin[v_axis] + step[v_axis] * (shape[v_axis] - 1))
    # Display coordinates: u = -x (or -y), increasing to the right; v increasing upwards.
    return img, (-u[1], -u[0], v[0], v[1])


def _plane_range(plane: str) -> tuple[float, float]:
    tpl = template()
    axis = PLANES[plane]
    origin, step, n = tpl.affine[axis, 3], tpl.affine[axis, axis], tpl.shape[axis]
    return float(origin), float(origin + step * (n - 1))


def ellipse_in_plane(lesion: Lesion, plane: str, position_mm: float, scale: float = 1.0,
                     points: int = 24) -> list[tuple[float, float]] | None:
    """The outline where ``lesion`` (size times ``scale``) cuts a slice, in display mm (u, v).

    Returns None if the slice misses the lesion. The outline of an ellipsoid cut by a plane
    is an ellipse; display coordinates are those of :func:`slice_of`.
    """
    if plane not in PLANES or scale <= 0:
        return None
    k = PLANES[plane]
    i, j = [a for a in range(3) if a != k]
    a = lesion.quadratic() / scale**2
    c = np.asarray(lesion.centre)
    h = position_mm - c[k]
    m = a[np.ix_([i, j], [i, j])]
    b = np.array([a[i, k], a[j, k]])
    m_inv_b = np.linalg.solve(m, b)
    s = 1 - h * h * (a[k, k] - b @ m_inv_b)
    if s <= 0.02:
        return None
    centre2 = np.array([c[i], c[j]]) - h * m_inv_b
    lam, vec = np.linalg.eigh(m)
    theta = np.linspace(0, 2 * math.pi, points + 1)
    circle = np.stack([np.cos(theta), np.sin(theta)])
    pts = centre2[:, None] + vec @ (np.sqrt(s / lam)[:, None] * circle)
    # Display: u = -(first in-plane axis), v = second in-plane axis.
    return [(round(float(-p), 2), round(float(q), 2)) for p, q in pts.T]


def lesion_crop(lesion: Lesion, kind: str, state: LesionState, plane: str = "axial",
                half_mm: float = 20.0) -> np.ndarray:
    """A square crop (``2 * half_mm`` across) of one contrast around ``lesion``, as it looks in ``state``."""
    tpl = template()
    image = with_lesion(contrast(kind), kind, lesion, state)
    axis = PLANES[plane]
    centre = lesion.centre
    img, (u0, u1, v0, v1) = slice_of(image, plane, centre[axis])
    i, j = [a for a in range(3) if a != axis]
    cu, cv = -centre[i], centre[j]
    nrow, ncol = img.shape
    col = int(round((cu - u0) / (u1 - u0) * (ncol - 1)))
    row = int(round((v1 - cv) / (v1 - v0) * (nrow - 1)))
    r = int(round(half_mm / VOXEL_MM))
    padded = np.pad(img, r)
    return padded[row:row + 2 * r + 1, col:col + 2 * r + 1]
