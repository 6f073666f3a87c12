"""The book's Sphinx extension: local scripts only, and the build flag for kernels.

* Sets ``MSBOOK_BUILD=1`` before notebooks execute, so that figures emit HTML
  for the web and PNG for print (see :mod:`msbook.figures`).
* Registers :mod:`msbook.printing` (question numbering, apparatus, answers at the
  back, reference lists that stay where they stand, in web and print).
* Registers :mod:`msbook.web`, the HTML-side hooks: what each page loads
  (the figure loader and plotly.js only where there are figures, the widget
  manager only where widgets are shown, icons without the icon script).
* Adds the Sphinx tag ``instructor`` when ``MSBOOK_EDITION=instructor``, so that
  ``{only} instructor`` blocks (answer keys) appear in the instructor edition only.
* Copies the vendored MathJax and Jupyter widget manager (installed from npm
  into ``vendor/node_modules`` by ``scripts/build.sh``) into the built site, so
  that no page loads anything from another host.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from msbook.figures import BUILD_ENV

#: Files copied from vendor/node_modules into _static/vendor (source -> destination).
VENDORED = {
    "mathjax/es5/tex-chtml.js": "mathjax/tex-chtml.js",
    "mathjax/es5/output/chtml/fonts/woff-v2": "mathjax/output/chtml/fonts/woff-v2",
    "mathjax/es5/input/tex/extensions": "mathjax/input/tex/extensions",
    "mathjax/es5/ui": "mathjax/ui",
    "mathjax/es5/a11y": "mathjax/a11y",
    "mathjax/es5/sre": "mathjax/sre",
    "@jupyter-widgets/html-manager/dist/embed.js": "html-manager/embed.js",
}
#: Assets (fonts, images) that embed.js loads from its own folder.
HTML_MANAGER_ASSETS = (".woff2", ".woff", ".ttf", ".eot", ".svg")


def _vendor_root(app: Sphinx) -> Path:
    return Path(app.confdir) / "vendor" / "node_modules"


def require_vendored(app: Sphinx, paths) -> None:
    """Stop an HTML build whose vendored files (``paths`` under vendor/node_modules) are missing."""
    if app.builder.format != "html":
        return
    root = _vendor_root(app)
    missing = [src for src in paths if not (root / src).exists()]
    if missing:
        raise ExtensionError(
            "vendored files are missing from vendor/node_modules ("
            + ", ".join(missing)
            + "); run scripts/build.sh, which installs them with npm ci"
        )


def _check_vendor(app: Sphinx) -> None:
    require_vendored(app, VENDORED)


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    body = context.get("body", "")
    # docutils marks reference-list entries role="doc-biblioentry", which ARIA no longer
    # allows inside role="list" (axe: aria-required-children, critical). They are list items.
    context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    if src.is_dir():
        shutil.copytree(src, dest, dirs_exist_ok=True)
    else:
        shutil.copy2(src, dest)


def _copy_assets(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    root = _vendor_root(app)
    for src, dest in VENDORED.items():
        _copy(root / src, static / "vendor" / dest)
    dist = root / "@jupyter-widgets" / "html-manager" / "dist"
    for asset in dist.iterdir():
        if asset.suffix in HTML_MANAGER_ASSETS:
            _copy(asset, static / "vendor" / "html-manager" / asset.name)


_CITE_ROLE = re.compile(r"(\{(?:foot)?cite(?::[a-z]+)?\}`)([^`]+)(`)")
_BIBLIOGRAPHY = re.compile(r"^([`:]{3,}\{bibliography\}[^\n]*\n)", re.MULTILINE)


def local_citation_prefix(docname: str) -> str:
    """The key prefix for a page's own reference list, e.g. ``ch01-immune-army-``."""
    return re.sub(r"[^a-z0-9]+", "-", docname.rsplit("/", 1)[-1].lower()).strip("-") + "-"


def localise_citations(docname: str, text: str) -> str:
    """Give a page that has its own ``{bibliography}`` a reference list of its own.

    Sphinx needs each citation target to be unique, so a work cited by two
    chapters cannot appear in both chapters' reference lists under the same
    key. On such a page this adds a page-specific prefix to every ``{cite}`` key
    and the matching ``:keyprefix:`` option to its ``{bibliography}``
    (sphinxcontrib-bibtex's documented mechanism for local bibliographies).
    Authors write plain keys; the back-matter Bibliography (``:all:``) is unchanged.
    """
    if not _BIBLIOGRAPHY.search(text) or ":all:" in text:
        return text
    prefix = local_citation_prefix(docname)

    def add_prefix(match: re.Match) -> str:
        keys = ",".join(prefix + key.strip() for key in match.group(2).split(","))
        return match.group(1) + keys + match.group(3)

    text = _CITE_ROLE.sub(add_prefix, text)
    return _BIBLIOGRAPHY.sub(lambda m: m.group(1) + f":keyprefix: {prefix}\n", text)


def _on_source_read(app: Sphinx, docname: str, source: list) -> None:
    source[0] = localise_citations(docname, source[0])


def _disable_thebe(app: Sphinx) -> None:
    """Drop sphinx-thebe's event handlers (Jupyter Book 1 loads it even with thebe off).

    Its handlers add an inline script twice per page (a console error,
    "THEBE_JS_URL has already been declared") that names a CDN, and a Binder
    configuration block. The book runs live in JupyterLab instead.
    """
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                listeners.remove(listener)
    app.registry.css_files = [
        (name, attrs) for name, attrs in app.registry.css_files if "thebe" not in str(name)
    ]


def setup(app: Sphinx) -> dict:
    from msbook import printing

    _disable_thebe(app)
    # Question numbering, unnumbered apparatus, key terms (web and print): msbook/printing.py
    printing.setup(app)
    # Kernels started by myst-nb inherit this process's environment.
    os.environ[BUILD_ENV] = "1"
    if os.environ.get("MSBOOK_EDITION") == "instructor":
        app.tags.add("instructor")
    app.setup_extension("msbook.teaching")  # instructor guide's chapter facts, launch buttons
    app.connect("builder-inited", _check_vendor)
    app.connect("source-read", _on_source_read)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _copy_assets)
    app.setup_extension("msbook.diagrams")  # narrow variants of the diagrams for phones
    app.setup_extension("msbook.web")
    app.setup_extension("msbook.site")  # pages: downloads, markup, descriptions
    app.setup_extension("msbook.notebooks")  # downloadable chapter notebooks and the wheel
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
