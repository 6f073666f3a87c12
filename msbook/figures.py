"""Emit figures for the three places the book is read.

* On the static web page: an empty container and the figure's JSON; the page's
  small loader (``book/assets/msbook-figures.js``, added by :mod:`msbook.web`)
  fetches plotly.js when the figure comes into view and draws it.
* In print (the LaTeX/PDF build): a PNG of the same figure, drawn by kaleido in
  one long-lived headless Chromium per kernel.
* In a live kernel (JupyterLab, Binder, Colab): plotly's own renderer, so the
  figure is fully interactive there.

Which of these a figure produces is decided by :func:`in_book_build`: the
book's Sphinx extension sets the environment variable ``MSBOOK_BUILD=1`` before
it executes the notebooks, and the kernels inherit it.
"""

from __future__ import annotations

import atexit
import base64
import html
import os
import re
import warnings
from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio

from msbook.style import register_template

BUILD_ENV = "MSBOOK_BUILD"
#: Default size of a figure in CSS pixels; the PNG is drawn at twice this for print.
DEFAULT_WIDTH = 900
DEFAULT_HEIGHT = 560
PNG_SCALE = 3
#: Print: a chart is drawn at the web page's desktop column width (the layout the site's
#: tests check for overlapping text) and printed ``PRINT_FIGURE_WIDTH_PT`` wide
#: (book/latex/msbook.sty: 16 cm). No text may print smaller than ``MIN_PRINT_FONT_PT``:
#: smaller font sizes are raised to ``min_print_font_px()`` in the print copy.
PRINT_WIDTH_PX = 672
PRINT_FIGURE_WIDTH_PT = 16 / 2.54 * 72
MIN_PRINT_FONT_PT = 8
#: Height (CSS px) that the print version saves by leaving out a figure's sliders.
PRINT_SLIDER_SPACE = 110

_kaleido_started = False
_ID_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")


def in_book_build() -> bool:
    """True while the book is being built (the Sphinx extension sets ``MSBOOK_BUILD=1``)."""
    return os.environ.get(BUILD_ENV, "") == "1"


def _ensure_kaleido() -> None:
    """Start kaleido's browser once per process, so each PNG costs ~0.2 s instead of ~2.5 s."""
    global _kaleido_started
    if _kaleido_started:
        return
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    # plotly warns on every image that its (unused) kaleido options are ignored with a
    # server; the warning lands in the notebook's outputs at varying places.
    warnings.filterwarnings("ignore", message="The kopts argument is ignored if using a server")
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    _kaleido_started = True


def min_print_font_px(width: int = PRINT_WIDTH_PX) -> float:
    """The smallest font size (CSS px) that prints at ``MIN_PRINT_FONT_PT`` or more when a
    figure ``width`` px wide is printed ``PRINT_FIGURE_WIDTH_PT`` wide."""
    return MIN_PRINT_FONT_PT * width / PRINT_FIGURE_WIDTH_PT


def font_sizes(spec) -> list[float]:
    """Every font size set in a figure's JSON (``fig.to_plotly_json()``), layout and traces."""
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key.endswith("font") and isinstance(value, dict) and isinstance(value.get("size"), (int, float)):
                found.append(value["size"])
            found += font_sizes(value)
    elif isinstance(spec, (list, tuple)):
        for item in spec:
            found += font_sizes(item)
    return found


def _raise_fonts(spec, floor: float):
    """``spec`` (a figure's JSON) with every font size below ``floor`` raised to it."""
    if isinstance(spec, dict):
        out = {}
        for key, value in spec.items():
            value = _raise_fonts(value, floor)
            if key.endswith("font") and isinstance(value, dict):
                size = value.get("size")
                if isinstance(size, (int, float)) and size < floor:
                    value = {**value, "size": floor}
            out[key] = value
        return out
    if isinstance(spec, (list, tuple)):
        return [_raise_fonts(item, floor) for item in spec]
    return spec


def print_version(fig: go.Figure, width: int = PRINT_WIDTH_PX) -> go.Figure:
    """A copy of ``fig`` for print: sliders and buttons removed (they do nothing on paper),
    and no text smaller than ``MIN_PRINT_FONT_PT`` once printed (for a ``width`` px canvas).

    The figure shows its active slider state, so a title that names that state
    stays true.
    """
    printed = go.Figure(fig)
    if printed.layout.sliders or printed.layout.updatemenus:
        printed.layout.sliders = ()
        printed.layout.updatemenus = ()
        bottom = printed.layout.margin.b
        printed.layout.margin.b = min(bottom, 150) if bottom is not None else None
    floor = round(min_print_font_px(width) + 0.49)
    spec = printed.to_plotly_json()
    if min(font_sizes(spec) or [floor]) < floor:
        printed = go.Figure(_raise_fonts(spec, floor))
    default = printed.layout.font.size or (printed.layout.template.layout.font.size if printed.layout.template else None)
    if default is None or default < floor:
        printed.layout.font.size = floor
    return printed


def to_png(fig: go.Figure, width: int = PRINT_WIDTH_PX, height: int = DEFAULT_HEIGHT) -> bytes:
    """Draw the print version of ``fig`` as a PNG (``width`` x ``height`` CSS px, at 3x)."""
    _ensure_kaleido()
    with warnings.catch_warnings():
        # plotly warns on every first PNG of a kernel that the long-lived kaleido server
        # ignores its launch options; as a stderr output its place among a cell's outputs
        # varies from run to run, which makes builds differ.
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return pio.to_image(
            print_version(fig, width), format="png", width=width, height=height, scale=PNG_SCALE
        )


def narrow_overrides(fig: go.Figure) -> dict:
    """The figure's own narrow-screen updates, ``layout.meta.msbook.narrow`` (or ``{}``).

    A dict of ``Plotly.relayout``-style updates (``{"legend.orientation": "h",
    "height": 760, ...}``) that the page applies while the figure's container is
    narrower than 600 CSS px.
    """
    meta = fig.layout.meta
    if isinstance(meta, dict):
        narrow = (meta.get("msbook") or {}).get("narrow") or {}
        if not isinstance(narrow, dict):
            raise ValueError(f"layout.meta.msbook.narrow must be a dict of relayout updates; got {narrow!r}")
        return narrow
    return {}


def to_web_html(fig: go.Figure, div_id: str, alt: str, height: int = DEFAULT_HEIGHT) -> str:
    """The HTML fragment for the web page: a labelled, empty container and the figure's JSON.

    ``div_id`` must be stable (lower-case letters, digits and dashes) so that two
    builds give identical pages. No script runs here: ``book/assets/msbook-figures.js``
    (added to pages with figures by :mod:`msbook.web`) loads plotly.js when the figure
    comes near the viewport and draws it into the container. The container reserves
    the figure's height (``layout.height``, else ``height``), and its narrow-screen
    height (``layout.meta.msbook.narrow["height"]``) below 600 px, so that nothing
    moves when it is drawn.
    """
    if not _ID_PATTERN.match(div_id):
        raise ValueError(f"div_id must be lower-case letters, digits and dashes; got {div_id!r}")
    tall = int(fig.layout.height or height)
    style = f"height:{tall}px"
    attributes = ""
    narrow_height = narrow_overrides(fig).get("height")
    if narrow_height is not None:
        if not isinstance(narrow_height, (int, float)) or not 150 <= narrow_height <= 2000:
            raise ValueError(f"layout.meta.msbook.narrow height must be 150 to 2000 px; got {narrow_height!r}")
        style += f";--msbook-narrow-height:{int(narrow_height)}px"
        attributes = f' data-narrow-height="{int(narrow_height)}"'
    # "<" never appears raw, so the JSON cannot close its script element.
    data = pio.to_json(fig, validate=False, pretty=False).replace("<", "\\u003c")
    label = html.escape(alt, quote=True)
    return (
        f'<div class="msbook-plotly" role="group" aria-label="{label}">'
        f'<div id="{div_id}" class="plotly-graph-div msbook-figure" data-msbook-figure'
        f' style="{style}"{attributes}></div>'
        f'<script type="application/json" class="msbook-figure-data">{data}</script></div>'
    )


@dataclass
class BookFigure:
    """A plotly figure with the text a reader needs, shown right wherever it is read.

    Parameters
    ----------
    fig:
        The plotly figure. Its sliders and buttons must switch between
        precomputed states, since the static web page has no kernel.
    name:
        A stable identifier (lower-case letters, digits and dashes), used as the
        HTML id so that builds are reproducible.
    alt:
        Short alternative text: what the figure shows, in one or two sentences.
    width, height:
        Size in CSS pixels (300 to 1600 and 200 to 1200).
    """

    fig: go.Figure
    name: str
    alt: str
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    _png: bytes | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        from msbook.validation import check_range

        if not _ID_PATTERN.match(self.name):
            raise ValueError(
                f"name must be lower-case letters, digits and dashes, starting with a letter; got {self.name!r}"
            )
        if not self.alt.strip():
            raise ValueError("alt must describe the figure; got an empty string")
        check_range("width", self.width, 300, 1600, unit="px")
        check_range("height", self.height, 200, 1200, unit="px")

    def png(self) -> bytes:
        """The print version, drawn once and kept: the chart as the web page's desktop
        column shows it (``PRINT_WIDTH_PX`` wide), shorter by the sliders it leaves out."""
        if self._png is None:
            tall = int(self.fig.layout.height or self.height)
            height = tall - PRINT_SLIDER_SPACE if self.fig.layout.sliders else tall
            self._png = to_png(self.fig, PRINT_WIDTH_PX, height)
        return self._png

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        if in_book_build():
            return {
                "text/html": to_web_html(self.fig, f"fig-{self.name}", self.alt, self.height),
                "image/png": base64.b64encode(self.png()).decode("ascii"),
                "text/plain": self.alt,
            }
        bundle = self.fig._repr_mimebundle_(include, exclude)
        bundle["text/plain"] = self.alt
        return bundle


def setup_notebook() -> None:
    """Prepare a chapter's kernel: the book's plotly template and, in a build, quiet logs.

    Every chapter calls this in its first (hidden) cell.
    """
    register_template()
    if not in_book_build():
        # In JupyterLab and Colab plotly picks a suitable renderer itself.
        return
    # A stray fig.show() in a chapter prints as an image rather than failing the build.
    pio.renderers.default = "png"
    _number_widgets()


def _number_widgets() -> None:
    """Give widget models ids numbered in creation order instead of random UUIDs.

    The ids end up in the page (the embedded widget state), so random ones would
    make two builds of the same book differ. Only used in book builds.
    """
    import itertools

    import comm

    if getattr(comm.create_comm, "_msbook_numbered", False):
        return
    create = comm.create_comm
    counter = itertools.count(1)

    def create_comm(*args, **kwargs):
        if not kwargs.get("comm_id"):
            kwargs["comm_id"] = f"msbook-widget-{next(counter):04d}"
        return create(*args, **kwargs)

    create_comm._msbook_numbered = True
    comm.create_comm = create_comm
