"""Narrow variants of the book's diagrams: phones get a portrait drawing.

``figures/draw.py`` writes ``<name>-narrow.svg`` next to ``<name>.svg`` for each
diagram whose module has a ``narrow()`` layout. On HTML pages this hook turns each
diagram ``<img>`` whose narrow variant exists into a ``<picture>`` whose
``<source media="(max-width: 600px)">`` offers the narrow file, and copies the narrow
files into the built site beside the images Sphinx copied. The ``<img>`` keeps its
``alt`` text and stays the fallback (and what print uses: the PNG).
"""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx

#: Screens up to this width (CSS px) get the narrow variant.
NARROW_MEDIA = "(max-width: 600px)"
_IMG = re.compile(r'<img\b[^>]*?\bsrc="(?P<src>[^"]*?/_images/(?P<stem>[^"/]+?)\.svg)"[^>]*>')


def generated_dir(app: Sphinx) -> Path:
    return Path(app.confdir) / "figures" / "generated"


def narrow_name(stem: str) -> str:
    return f"{stem}-narrow.svg"


def add_narrow_sources(body: str, available: set[str]) -> str:
    """``body`` with each ``<img src=".../_images/NAME.svg">`` whose ``NAME-narrow.svg`` is in
    ``available`` wrapped in a ``<picture>`` offering the narrow file to narrow screens."""

    def wrap(match: re.Match) -> str:
        stem, src = match.group("stem"), match.group("src")
        if narrow_name(stem) not in available or "-narrow" in stem:
            return match.group(0)
        narrow_src = src[: -len(f"{stem}.svg")] + narrow_name(stem)
        return (
            f'<picture class="msbook-diagram"><source media="{NARROW_MEDIA}" '
            f'srcset="{html.escape(narrow_src, quote=True)}" type="image/svg+xml" />'
            f"{match.group(0)}</picture>"
        )

    return _IMG.sub(wrap, body)


def _available(app: Sphinx) -> set[str]:
    folder = generated_dir(app)
    return {p.name for p in folder.glob("*-narrow.svg")} if folder.is_dir() else set()


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html" or "body" not in context:
        return
    available = _available(app)
    if available:
        context["body"] = add_narrow_sources(context["body"], available)


def _copy_narrow(app: Sphinx, exception) -> None:
    """Copy the narrow variants of the diagrams Sphinx copied into _images."""
    if exception is not None or app.builder.format != "html":
        return
    images = Path(app.outdir) / "_images"
    for name in _available(app):
        wide = name.replace("-narrow.svg", ".svg")
        if (images / wide).exists():
            shutil.copy2(generated_dir(app) / name, images / name)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_narrow)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
