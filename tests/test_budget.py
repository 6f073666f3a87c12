"""Page weight and loading, checked on the built HTML (cheap and stable; the timings are in
scripts/bench.sh). Every page, so new chapters are covered without new tests.

- what a first visit fetches (the page, its scripts and styles, images, and plotly.js where
  the page has figures), gzip-compressed as a static host serves it, within the budget;
- no script of plotly in any page (msbook-figures.js fetches it when a figure comes into
  view); the loader on every page with figures and on no other page;
- the widget manager only on pages that show widgets, and deferred;
- no multi-megabyte or render-blocking heavy script: the theme's icon script is gone, and
  every icon the page names is drawn by the site's own icon stylesheet.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest

from conftest import html_path, toc_docnames

KB = 1024
#: First visit, gzip: a page with figures (plotly.js included), and a page of text.
FIGURE_PAGE_BUDGET = 1000 * KB
TEXT_PAGE_BUDGET = 400 * KB
#: Scripts that run before the first paint (no defer/async), gzip, per page.
BLOCKING_SCRIPT_BUDGET = 60 * KB
PLOTLY_BUNDLE = "_static/vendor/plotly/plotly-basic.min.js"
FIGURE_LOADER = "msbook-figures.js"
WIDGET_MANAGER = "html-manager/embed.js"


class _Assets(HTMLParser):
    """Scripts (with where they are and how they load), stylesheets and images of a page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[dict] = []
        self.styles: list[str] = []
        self.images: list[str] = []
        self.inline: list[str] = []
        self._in_head = False
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif tag == "script":
            self._script = {"src": a.get("src"), "defer": "defer" in a, "async": "async" in a,
                            "type": a.get("type") or "", "head": self._in_head, "text": ""}
            self.scripts.append(self._script)
        elif tag == "link" and "stylesheet" in (a.get("rel") or "").split() and a.get("href"):
            self.styles.append(a["href"])
        elif tag == "img" and a.get("src"):
            self.images.append(a["src"])

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        elif tag == "head":
            self._in_head = False


def assets(html: str) -> _Assets:
    parser = _Assets()
    parser.feed(html)
    return parser


def local_file(site: Path, page: Path, url: str) -> Path | None:
    """The built file a relative URL of ``page`` points to (None for other hosts, data: etc.)."""
    url = urldefrag(url)[0].split("?")[0]
    if not url or urlparse(url).scheme or url.startswith("//"):
        return None
    target = (site / url.lstrip("/")) if url.startswith("/") else (page.parent / url)
    return target.resolve()


@lru_cache(maxsize=None)
def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def blocking(script: dict) -> bool:
    """A classic script that the parser waits for (no defer/async, not data or a module)."""
    return bool(script["src"]) and not (script["defer"] or script["async"]) and script["type"] in (
        "", "text/javascript", "application/javascript")


def page_weight(site: Path, page: Path) -> dict[str, int]:
    """Bytes (gzip) of what a first visit fetches, by kind; files missing from the site raise."""
    html = page.read_text(encoding="utf-8")
    found = assets(html)
    weight = {"html": len(gzip.compress(html.encode(), compresslevel=6)), "scripts": 0, "styles": 0,
              "images": 0, "plotly": 0, "blocking": 0}
    for kind, urls in (("scripts", [s["src"] for s in found.scripts if s["src"]]),
                       ("styles", found.styles), ("images", found.images)):
        for url in dict.fromkeys(urls):
            path = local_file(site, page, url)
            if path is None:
                continue
            assert path.is_file(), f"{page.relative_to(site)} links {url}, which is not in the site"
            weight[kind] += gzip_size(path)
    for script in found.scripts:
        if blocking(script) and (path := local_file(site, page, script["src"])):
            weight["blocking"] += gzip_size(path)
    if "data-msbook-figure" in html:
        weight["plotly"] = gzip_size(site / PLOTLY_BUNDLE)
    return weight


def _page(built_html, docname):
    return built_html / html_path(docname)


@pytest.mark.parametrize("docname", toc_docnames())
def test_first_visit_fits_the_budget(built_html, docname):
    page = _page(built_html, docname)
    weight = page_weight(built_html, page)
    total = sum(v for k, v in weight.items() if k != "blocking")
    budget = FIGURE_PAGE_BUDGET if weight["plotly"] else TEXT_PAGE_BUDGET
    detail = ", ".join(f"{k} {v / KB:.0f} KB" for k, v in weight.items())
    assert total <= budget, f"{docname}: a first visit fetches {total / KB:.0f} KB (gzip) > {budget / KB:.0f} KB: {detail}"
    assert weight["blocking"] <= BLOCKING_SCRIPT_BUDGET, (
        f"{docname}: {weight['blocking'] / KB:.0f} KB of render-blocking scripts (gzip) > "
        f"{BLOCKING_SCRIPT_BUDGET / KB:.0f} KB: defer them"
    )


def all_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("*.html")) if not p.relative_to(site).as_posix().startswith("_")]


def test_no_page_loads_plotly_itself_and_figure_pages_get_the_loader(built_html):
    problems = []
    for page in all_pages(built_html):
        html = page.read_text(encoding="utf-8")
        found = assets(html)
        name = page.relative_to(built_html).as_posix()
        srcs = [s for s in found.scripts if s["src"]]
        for script in srcs:
            if "plotly" in script["src"].lower():
                problems.append(f"{name}: loads {script['src']} itself (msbook-figures.js fetches plotly.js)")
        if re.search(r"Plotly\.(newPlot|react|plot)\(", " ".join(s["text"] for s in found.scripts)):
            problems.append(f"{name}: an inline script draws a plotly figure (it needs plotly.js before it runs)")
        loaders = [s for s in srcs if s["src"].split("?")[0].endswith(FIGURE_LOADER)]
        has_figures = "data-msbook-figure" in html
        if has_figures and not loaders:
            problems.append(f"{name}: has figures but not {FIGURE_LOADER}")
        if loaders and not has_figures:
            problems.append(f"{name}: loads {FIGURE_LOADER} but has no figure")
        if any(not (s["defer"] or s["async"]) for s in loaders):
            problems.append(f"{name}: {FIGURE_LOADER} must be deferred")
    assert (built_html / PLOTLY_BUNDLE).is_file(), f"{PLOTLY_BUNDLE} is missing from the site"
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_figure_has_its_container_and_json(built_html, docname):
    html = _page(built_html, docname).read_text(encoding="utf-8")
    containers = re.findall(
        r'<div class="msbook-plotly" role="group" aria-label="[^"]+">'
        r'<div id="([a-z][a-z0-9-]*)" class="plotly-graph-div msbook-figure" data-msbook-figure'
        r' style="height:(\d+)px[^"]*"[^>]*></div>'
        r'<script type="application/json" class="msbook-figure-data">(.*?)</script></div>',
        html, re.S,
    )
    assert len(containers) == html.count("data-msbook-figure"), f"{docname}: a figure container is malformed"
    for div_id, height, data in containers:
        figure = json.loads(data)
        assert figure["data"] and isinstance(figure["layout"], dict), f"{docname}: {div_id} has no data"
        assert 150 <= int(height) <= 2000, f"{docname}: {div_id} reserves {height} px"
    ids = [c[0] for c in containers]
    assert len(ids) == len(set(ids)), f"{docname}: two figures share an id: {ids}"


def test_widget_manager_only_where_widgets_are_shown(built_html):
    problems = []
    for page in all_pages(built_html):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(built_html).as_posix()
        managers = [s for s in assets(html).scripts if (s["src"] or "").split("?")[0].endswith(WIDGET_MANAGER)]
        shows = "application/vnd.jupyter.widget-view+json" in html
        has_state = "application/vnd.jupyter.widget-state+json" in html
        if managers and not shows:
            problems.append(f"{name}: loads the widget manager but shows no widget")
        if shows and not (managers and has_state):
            problems.append(f"{name}: shows widgets without the widget manager and their state")
        if has_state and not shows:
            problems.append(f"{name}: embeds widget state that no widget uses")
        if any(not (s["defer"] or s["async"]) for s in managers):
            problems.append(f"{name}: the widget manager (1.9 MB) must be deferred")
    assert not problems, "\n".join(problems)


def test_no_icon_script_and_every_icon_is_drawn(built_html):
    from msbook.web import ICONS_CSS, icon_classes

    css = (built_html / "_static" / ICONS_CSS).read_text(encoding="utf-8")
    problems = []
    for page in all_pages(built_html):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(built_html).as_posix()
        if "fontawesome" in " ".join(s["src"] or "" for s in assets(html).scripts):
            problems.append(f"{name}: loads the theme's icon script")
        icons = icon_classes(html)
        # The page's stylesheets (one bundle, msbook/web.py) must hold the icon stylesheet.
        linked = "".join(path.read_text(encoding="utf-8") for url in assets(html).styles
                         if (path := local_file(built_html, page, url)) and path.is_file())
        if icons and css.strip() not in linked:
            problems.append(f"{name}: names icons but its stylesheets do not include {ICONS_CSS}")
        for _style, icon in icons:
            if f".fa-{icon}{{" not in css and f".fa-{icon}," not in css:
                problems.append(f"{name}: icon fa-{icon} has no rule in {ICONS_CSS}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_mathjax_only_on_pages_with_math_and_never_blocking(built_html):
    problems = []
    for page in all_pages(built_html):
        html = page.read_text(encoding="utf-8")
        name = page.relative_to(built_html).as_posix()
        mathjax = [s for s in assets(html).scripts if "mathjax" in (s["src"] or "").lower()]
        has_math = re.search(r'class="[^"]*\bmath\b', html) is not None
        if mathjax and not has_math:
            problems.append(f"{name}: loads MathJax but has no math")
        if has_math and not mathjax:
            problems.append(f"{name}: has math but no MathJax")
        problems += [f"{name}: MathJax blocks the first paint" for s in mathjax if blocking(s)]
    assert not problems, "\n".join(problems)


# The checks above, on deliberately bad pages.

def test_blocking_script_detection():
    found = assets('<head><script src="a.js"></script><script defer src="b.js"></script>'
                   '<script type="application/json">{}</script></head>')
    assert [blocking(s) for s in found.scripts] == [True, False, False]


def test_icon_classes_are_found_in_html_and_scripts():
    from msbook.web import icon_classes

    html = '<i class="fa-solid fa-bars fa-lg"></i><span class="fab fa-github"></span>'
    script = 'e.classList="fa-solid fa-xmark"'
    assert icon_classes(html) == {("solid", "bars"), ("brands", "github")}
    assert icon_classes(script) == {("solid", "xmark")}


def test_page_weight_counts_what_the_page_links(tmp_path):
    import random

    (tmp_path / "big.js").write_bytes(random.Random(0).randbytes(1_100_000))  # incompressible
    page = tmp_path / "p.html"
    page.write_text('<html><head><script src="big.js"></script></head><body>x</body></html>')
    weight = page_weight(tmp_path, page)
    assert weight["scripts"] > 1000 * KB and weight["blocking"] == weight["scripts"]
    page.write_text('<html><head><script src="missing.js"></script></head></html>')
    with pytest.raises(AssertionError, match="not in the site"):
        page_weight(tmp_path, page)


def test_each_page_links_one_stylesheet_whose_urls_resolve(built_html):
    """Before the first paint a page waits for its stylesheets: one request, not fourteen
    (msbook/web.py bundles them), and the bundle's relative url()s still find their files."""
    problems = []
    checked: set[Path] = set()
    for page in all_pages(built_html):
        name = page.relative_to(built_html).as_posix()
        local = [u for u in assets(page.read_text(encoding="utf-8")).styles if local_file(built_html, page, u)]
        if len(local) > 1:
            problems.append(f"{name}: {len(local)} stylesheets block the first paint: {local}")
        for url in local:
            sheet = local_file(built_html, page, url)
            if sheet in checked or not sheet.is_file():
                continue
            checked.add(sheet)
            text = sheet.read_text(encoding="utf-8")
            if "@import" in text:
                problems.append(f"{sheet.name}: @import (a second round trip before the first paint)")
            for ref in re.findall(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""", text):
                target = local_file(built_html, sheet, ref)
                if target is not None and not ref.startswith("data:") and not target.is_file():
                    problems.append(f"{sheet.relative_to(built_html)}: url({ref}) is not in the site")
    assert checked, "no page links a stylesheet"
    assert not problems, "\n".join(sorted(set(problems)))


def test_stylesheet_bundles_hold_the_stylesheets_as_the_site_serves_them(built_html):
    """A bundle made before a later step rewrote one of its files (the theme rewrites
    pygments.css at the end of the build) would serve stale styles."""
    from msbook.web import STYLES_DIR, inline_css

    static = built_html / "_static"
    bundles = sorted((static / STYLES_DIR).glob("styles-*.css"))
    assert bundles, "no stylesheet bundle in the site"
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        names = [n for n in re.findall(r"^/\* (\S+\.css) \*/$", text, re.M) if (static / n).is_file()]
        assert names, f"{bundle.name}: no stylesheet named in it"
        for name in names:
            assert inline_css((static / name).resolve(), bundle.parent) in text, (
                f"{bundle.name}: its copy of {name} differs from the served {name}")
