"""HTML-side Sphinx hooks: each page loads what it uses, late, from the site itself.

Registered by :mod:`msbook.sphinxext` (``app.setup_extension("msbook.web")``).

* **Figures.** :func:`msbook.figures.to_web_html` writes each plotly figure as an empty
  container plus its JSON (see there). On pages that have one, this adds the small
  deferred loader ``msbook-figures.js`` (from ``book/assets``) and its stylesheet. The
  loader fetches plotly.js (the npm ``plotly.js-basic-dist-min`` bundle, copied here into
  ``_static/vendor/plotly/``) only when a figure comes near the viewport, then draws it,
  following the page's light or dark theme and the container's width. No page has a
  plotly script tag of its own.
* **Widget manager.** myst-nb adds ipywidgets' ``embed.js`` (1.9 MB) to every page whose
  notebook saved widget state. This keeps it, deferred, only on pages that display a
  widget, and drops the unused state elsewhere.
* **Icons.** The theme loads Font Awesome's ``all.min.js`` (1.5 MB) to draw about fifteen
  icons. After the build this removes that script tag from every page and writes
  ``_static/msbook/icons.css``: one CSS mask per icon that the pages (or the theme's
  scripts) name, from the SVGs of the same Font Awesome version in ``vendor/``.
* **Scripts wait for the text.** Every script file of a page is deferred (they all wait
  for DOMContentLoaded anyway), except ``documentation_options.js``, which inline
  scripts use as the page is parsed; so are the search scripts that the theme's
  template writes into every ``<head>``.
* **One stylesheet.** A page's head linked about fourteen stylesheets (one of them
  ``@import``-ing another), each a round trip before the first paint on a slow phone
  network. After the build, each page's stylesheet links become one link to a bundle,
  ``_static/msbook/styles-<hash>.css``: the same files in the same order (so the same
  cascade), ``@import`` rules inlined and relative ``url()`` references rewritten; one bundle per
  distinct set of stylesheets (pages with figures add one).
* **MathJax only where there is math.** Sphinx adds it to a page whose toctree holds a page
  with math, which makes the root page (its toctree is the whole book) load it too; pages
  whose own body has no math lose it here.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import shutil
import urllib.parse
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from msbook.sphinxext import _vendor_root, require_vendored  # one place for vendor/node_modules

logger = logging.getLogger(__name__)

#: The attribute that marks a figure container in the page body (see msbook.figures).
FIGURE_MARKER = "data-msbook-figure"
FIGURES_JS = "msbook-figures.js"
FIGURES_CSS = "msbook-figures.css"
#: npm file -> destination under _static/vendor (msbook-figures.js knows this path).
PLOTLY_BUNDLE = ("plotly.js-basic-dist-min/plotly-basic.min.js", "plotly/plotly-basic.min.js")
ICONS_CSS = "msbook/icons.css"
FONTAWESOME_SVGS = "@fortawesome/fontawesome-free/svgs"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_MANAGER = "html-manager/embed.js"

#: Sphinx's search scripts, written by the theme's template into every page's <head>.
_SEARCH_TAG = re.compile(r'<script src="([^"]*(?:searchtools|language_data|searchindex)\.js[^"]*)"></script>')
#: The theme's icon script tag (pydata-sphinx-theme's webpack macro), on every page.
_FONTAWESOME_TAG = re.compile(r'[ \t]*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\n?')
#: Font Awesome classes that choose a style, and classes that only size or animate.
_STYLES = {"fa-solid": "solid", "fas": "solid", "fa": "solid", "fa-regular": "regular", "far": "regular",
           "fa-brands": "brands", "fab": "brands"}
_MODIFIER = re.compile(r"^fa-(\d*x[s]?|[2-9]?x[sl]|lg|sm|xs|xl|fw|spin|pulse|beat|fade|bounce|flip|shake|"
                       r"border|inverse|li|ul|stack(-\dx)?|pull-(left|right)|rotate-\d+|flip-\w+|sharp)$")
_CLASS_ATTR = re.compile(r'class="([^"]*\bfa-[^"]*)"')
_CLASS_STRING = re.compile(r"""["'](?:[\w-]+\s+)*?(fa-solid|fa-regular|fa-brands|fas|far|fab)\s+(fa-[a-z0-9-]+)""")
_VIEWBOX = re.compile(r'viewBox="0 0 (\d+) (\d+)"')
_PATH = re.compile(r"<path d=\"([^\"]+)\"")


def _check_vendor(app: Sphinx) -> None:
    require_vendored(app, (PLOTLY_BUNDLE[0], FONTAWESOME_SVGS))


def _script_name(asset) -> str:
    return str(getattr(asset, "filename", asset) or "")


def _page_assets(app: Sphinx, pagename, templatename, context, doctree) -> None:
    """Per page: the figure loader where there are figures; the widget manager only where
    widgets are shown (and deferred)."""
    if app.builder.format != "html":
        return
    body = context.get("body", "")
    if FIGURE_MARKER in body:
        app.add_js_file(FIGURES_JS, loading_method="defer")
        app.add_css_file(FIGURES_CSS)
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    shows_widgets = WIDGET_VIEW in body
    has_math = HAS_MATH.search(body) is not None
    for index, asset in reversed(list(enumerate(scripts))):
        name = _script_name(asset)
        attributes = getattr(asset, "attributes", {}) or {}
        # Sphinx gives a page MathJax when any page of its toctree has math, so the root page
        # (whose toctree is the whole book) got it once a chapter had an equation.
        if not has_math and ("mathjax" in name.lower() or "window.MathJax" in (attributes.get("body") or "")):
            del scripts[index]
            continue
        if attributes.get("type") == WIDGET_STATE or name.endswith(WIDGET_MANAGER):
            if not shows_widgets:
                del scripts[index]
                continue
        if _may_defer(name, attributes):
            scripts[index] = type(asset)(name, priority=asset.priority, **attributes, defer="defer")


#: Math that MathJax typesets (Sphinx's ``math`` nodes; tests/test_budget.py looks for the same).
HAS_MATH = re.compile(r'class="[^"]*\bmath\b')

#: Scripts that inline scripts of every page use as they are parsed (DOCUMENTATION_OPTIONS).
KEEP_BLOCKING = ("documentation_options.js",)


def _may_defer(name: str, attributes: dict) -> bool:
    """A script file that can wait until the page is parsed (run in order, before
    DOMContentLoaded, which is what the theme's, Sphinx's and the book's scripts wait for)."""
    if not name or "body" in attributes or "defer" in attributes or "async" in attributes:
        return False
    if attributes.get("type", "text/javascript") not in ("text/javascript", "application/javascript", "module"):
        return False
    return not name.split("?")[0].endswith(KEEP_BLOCKING)


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def icon_classes(text: str) -> set[tuple[str, str]]:
    """(style, name) of every Font Awesome icon named in HTML class attributes or script strings."""
    found = set()
    for match in _CLASS_ATTR.finditer(text):
        classes = match.group(1).split()
        styles = [_STYLES[c] for c in classes if c in _STYLES]
        for cls in classes:
            if cls.startswith("fa-") and cls not in _STYLES and not _MODIFIER.match(cls):
                found.add((styles[0] if styles else "solid", cls[3:]))
    for match in _CLASS_STRING.finditer(text):
        found.add((_STYLES[match.group(1)], match.group(2)[3:]))
    return found


#: The icons pydata-sphinx-theme (and sphinx-exercise) draw with the icon font in admonition
#: titles (CSS ::after glyphs): selector -> Font Awesome solid icon. Drawn as masks too, so that
#: no page fetches the 150 KB icon font for them.
ADMONITION_ICONS = {
    ".admonition>.admonition-title:after,div.admonition>.admonition-title:after": "bell",
    ".admonition.attention>.admonition-title:after": "circle-exclamation",
    ".admonition.important>.admonition-title:after": "circle-exclamation",
    ".admonition.caution>.admonition-title:after": "triangle-exclamation",
    ".admonition.warning>.admonition-title:after": "triangle-exclamation",
    ".admonition.danger>.admonition-title:after": "triangle-exclamation",
    ".admonition.error>.admonition-title:after": "circle-xmark",
    ".admonition.hint>.admonition-title:after": "lightbulb",
    ".admonition.tip>.admonition-title:after": "lightbulb",
    ".admonition.note>.admonition-title:after": "circle-info",
    ".admonition.seealso>.admonition-title:after": "share",
    ".admonition.admonition-todo>.admonition-title:after": "pencil",
    "div.exercise p.admonition-title::after": "pencil",
}


def _mask(svg: Path) -> str:
    text = svg.read_text(encoding="utf-8")
    width, height = (int(v) for v in _VIEWBOX.search(text).groups())
    paths = "".join(f'<path d="{d}"/>' for d in _PATH.findall(text))
    data = urllib.parse.quote(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">{paths}</svg>', safe=" =:/\""
    ).replace('"', "'")
    return f'url("data:image/svg+xml,{data}")'


def admonition_icons_css(svg_root: Path) -> str:
    base = next(iter(ADMONITION_ICONS))
    rules = [f"{base}{{content:\"\"!important;font:inherit!important;background-color:currentColor;"
             "-webkit-mask:var(--msbook-admonition-icon) center/contain no-repeat;"
             "mask:var(--msbook-admonition-icon) center/contain no-repeat}",
             "div.exercise p.admonition-title::after{content:\"\"!important;font:inherit!important;"
             "background-color:currentColor;-webkit-mask:var(--msbook-admonition-icon) center/contain no-repeat;"
             "mask:var(--msbook-admonition-icon) center/contain no-repeat}"]
    for selector, icon in ADMONITION_ICONS.items():
        rules.append(f"{selector}{{--msbook-admonition-icon:{_mask(svg_root / 'solid' / f'{icon}.svg')}}}")
    rules.append("div.solution p.admonition-title::after{content:none!important}")  # as sphinx-exercise has it
    return "\n".join(rules) + "\n"


def icons_css(icons: set[tuple[str, str]], svg_root: Path) -> tuple[str, list[str]]:
    """A stylesheet that draws each icon as a CSS mask of its SVG; and the icons not found."""
    rules = [
        "/* Generated by msbook/web.py: Font Awesome Free icons (CC BY 4.0) as CSS masks, so that",
        " * pages need neither the theme's icon script nor its icon fonts. */",
        ".fa,.fas,.far,.fab,.fa-solid,.fa-regular,.fa-brands{font-family:inherit!important;"
        "width:1em;height:1em;vertical-align:-0.125em}",
        ".fa::before,.fas::before,.far::before,.fab::before,.fa-solid::before,.fa-regular::before,"
        ".fa-brands::before{content:none!important}",
        # As the theme's SVG icons were: a 1em box at the font size, fa-lg no wider.
        ".fa.fa-lg,.fas.fa-lg,.far.fa-lg,.fab.fa-lg,.fa-solid.fa-lg,.fa-regular.fa-lg,.fa-brands.fa-lg{width:0.75em}",
    ]
    missing = []
    by_name: dict[str, list[str]] = {}
    for style, name in sorted(icons):
        svg = svg_root / style / f"{name}.svg"
        if not svg.exists():
            missing.append(f"fa-{name} ({style})")
            continue
        text = svg.read_text(encoding="utf-8")
        width, height = (int(v) for v in _VIEWBOX.search(text).groups())  # mask-size contain keeps the ratio
        paths = "".join(f'<path d="{d}"/>' for d in _PATH.findall(text))
        data = urllib.parse.quote(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">{paths}</svg>', safe=" =:/\""
        ).replace('"', "'")
        selector = {"solid": ".fa-solid,.fas,.fa", "regular": ".fa-regular,.far", "brands": ".fa-brands,.fab"}[style]
        chosen = ",".join(f"{s}.fa-{name}" for s in selector.split(","))
        by_name.setdefault(name, []).append(chosen)
        rules.append(
            f'{chosen}{{background-color:currentColor;'
            f'-webkit-mask:url("data:image/svg+xml,{data}") center/contain no-repeat;'
            f'mask:url("data:image/svg+xml,{data}") center/contain no-repeat}}'
        )
    return "\n".join(rules) + "\n" + admonition_icons_css(svg_root), missing


#: A stylesheet link in a page's head (Sphinx and the theme write them on one line each).
_STYLE_LINK = re.compile(r'[ \t]*<link\b(?=[^>]*\brel="stylesheet")[^>]*>[ \t]*\n?')
_HREF = re.compile(r'\bhref="([^"]+)"')
_MEDIA = re.compile(r'\bmedia="([^"]*)"')
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"]?)([^'")\s]+)\1\s*\)?\s*([^;]*);""")
_CSS_NOISE = re.compile(r"@charset\s+['\"][^'\"]*['\"]\s*;|/\*#\s*sourceMappingURL=[^*]*\*/")
STYLES_DIR = "msbook"


def _relative(url: str) -> bool:
    return bool(url) and not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|/|#)", url, re.I)


def inline_css(path: Path, target_dir: Path, seen: frozenset = frozenset()) -> str:
    """The stylesheet at ``path`` as it would read from ``target_dir``: relative ``url()`` references
    rewritten, ``@import`` rules of local files inlined (recursively, in place)."""
    if path in seen:
        raise ValueError(f"stylesheet imports itself: {path}")
    text = _CSS_NOISE.sub("", path.read_text(encoding="utf-8"))
    imports: list[str] = []

    def imported(match: re.Match) -> str:
        url, media = match.group(2), match.group(3).strip()
        if not _relative(url):
            imports.append(match.group(0))
        else:
            inner = inline_css((path.parent / re.split(r"[?#]", url, maxsplit=1)[0]).resolve(), target_dir,
                               seen | {path})
            imports.append(f"@media {media}{{\n{inner}\n}}" if media and media != "all" else inner)
        return f"\x00{len(imports) - 1}\x00"

    def moved(match: re.Match) -> str:
        quote, url = match.groups()
        if not _relative(url):
            return match.group(0)
        file_part = re.split(r"[?#]", url, maxsplit=1)[0]
        file = (path.parent / file_part).resolve()
        new = posixpath.relpath(file.as_posix(), target_dir.resolve().as_posix())
        return f"url({quote}{new}{url[len(file_part):]}{quote})"

    text = _CSS_URL.sub(moved, _CSS_IMPORT.sub(imported, text))
    return re.sub(r"\x00(\d+)\x00", lambda m: imports[int(m.group(1))], text)


def bundle_styles(html_text: str, page: Path, static: Path, bundles: dict) -> str:
    """``html_text`` with its head's local stylesheet links replaced by one link to a bundle.

    ``bundles`` maps tuples of stylesheet files to bundle files (shared across pages)."""
    head_end = html_text.find("</head>")
    if head_end < 0:
        return html_text
    head = html_text[:head_end]
    links, files = [], []
    for match in _STYLE_LINK.finditer(head):
        href = _HREF.search(match.group(0))
        media = _MEDIA.search(match.group(0))
        if not href or not _relative(href.group(1)) or (media and media.group(1) not in ("", "all", "screen")):
            continue
        file = (page.parent / href.group(1).split("?")[0].split("#")[0]).resolve()
        if not file.is_file():
            continue
        links.append(match)
        files.append(file)
    if len(files) < 2:
        return html_text
    key = tuple(files)
    if key not in bundles:
        folder = static / STYLES_DIR
        text = "\n".join(f"/* {f.relative_to(static.resolve()).as_posix() if f.is_relative_to(static.resolve()) else f.name} */\n"
                         + inline_css(f, folder) for f in files)
        name = f"styles-{hashlib.sha256(text.encode()).hexdigest()[:12]}.css"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        bundles[key] = folder / name
    href = posixpath.relpath(bundles[key].resolve().as_posix(), page.parent.resolve().as_posix())
    first, pieces, last = links[0], [], 0
    for match in links:
        pieces.append(head[last:match.start()])
        if match is first:
            pieces.append(f'    <link rel="stylesheet" href="{href}" />\n')
        last = match.end()
    pieces.append(head[last:])
    return "".join(pieces) + html_text[head_end:]


def _finish(app: Sphinx, exception) -> None:
    """Copy plotly.js; drop the icon script from every page and write the icon stylesheet."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    static = out / "_static"
    root = _vendor_root(app)
    _copy(root / PLOTLY_BUNDLE[0], static / "vendor" / PLOTLY_BUNDLE[1])

    pages = [p for p in out.rglob("*.html") if not p.is_relative_to(static)]
    icons: set[tuple[str, str]] = set()
    for page in pages:
        icons |= icon_classes(page.read_text(encoding="utf-8"))
    for script in (static / "scripts").glob("*.js"):
        if script.name != "fontawesome.js":
            icons |= icon_classes(script.read_text(encoding="utf-8", errors="replace"))
    css, missing = icons_css(icons, root / FONTAWESOME_SVGS)
    if missing:
        logger.warning("msbook.web: no Font Awesome SVG for %s", ", ".join(missing))
    (static / ICONS_CSS).parent.mkdir(parents=True, exist_ok=True)
    (static / ICONS_CSS).write_text(css, encoding="utf-8")
    # The pages were written before the stylesheet: give their links its real checksum.
    version = f"{ICONS_CSS}?v={hashlib.sha256(css.encode()).hexdigest()[:8]}\""
    link = re.compile(re.escape(ICONS_CSS) + r'(\?v=[0-9a-f]+)?"')
    for old in (static / STYLES_DIR).glob("styles-*.css"):
        old.unlink()
    bundles: dict = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        fixed = link.sub(version, _FONTAWESOME_TAG.sub("", text))
        # Only the search page's own script uses them, once the page has loaded.
        fixed = _SEARCH_TAG.sub(r'<script defer src="\1"></script>', fixed)
        fixed = bundle_styles(fixed, page, static, bundles)
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")
    # Nothing links it any more; leaving it out keeps a stale link from loading 1.5 MB.
    for leftover in ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt"):
        (static / "scripts" / leftover).unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _check_vendor)
    # After myst-nb's handler (priority 500), which adds the widget files.
    app.connect("html-page-context", _page_assets, priority=900)
    # After the theme's own build-finished hooks: pydata-sphinx-theme rewrites pygments.css
    # then, and the bundles must hold the stylesheets as the site serves them.
    app.connect("build-finished", _finish, priority=800)
    app.add_css_file(ICONS_CSS)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
