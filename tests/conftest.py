"""Shared fixtures: paths, the table of contents, the built book, a local web server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

from msbook.book import ROOT, numbered_chapters, page_title, toc_docnames  # noqa: F401

BUILD = Path(os.environ.get("MSBOOK_BUILD_DIR", ROOT / "_build"))
CHROMIUM = os.environ.get("BROWSER_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
#: Launch flags that keep Chromium off the network (it would otherwise call Google's hosts).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def figure_captions(docname: str) -> list[str]:
    """First line of the caption of every figure (figure and glue:figure) in a page."""
    text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    captions = []
    for block in re.finditer(r"^```\{(?:figure|glue:figure)\}[^\n]*\n(.*?)^```", text, re.M | re.S):
        body = [l for l in block.group(1).splitlines() if not l.startswith(":")]
        paragraph = " ".join(l.strip() for l in body if l.strip())
        if paragraph:
            captions.append(paragraph)
    return captions


def _built(folder: str, marker: str) -> Path:
    path = BUILD / folder
    if not (path / marker).exists():
        pytest.fail(f"no {marker} in {path}: run `bash scripts/build.sh` (scripts/test.sh does)")
    return path


@pytest.fixture(scope="session")
def built_html() -> Path:
    return _built("html", "index.html")


@pytest.fixture(scope="session")
def built_pdf() -> Path:
    return _built("pdf", "book.pdf")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output readable
        pass


@pytest.fixture(scope="session")
def site_url(built_html):
    handler = functools.partial(_QuietHandler, directory=str(built_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


LOCAL_SCHEMES = {"data", "blob", "about"}


def html_path(docname):
    """The built page of a TOC entry (the root index.html only redirects to the home page)."""
    return f"{docname}.html"


def open_page(browser, url):
    """Load a page and record console errors, page errors and requests to other hosts."""
    page = browser.new_page()
    record = {"errors": [], "foreign": []}
    page.on("console", lambda m: m.type == "error" and record["errors"].append(m.text))
    page.on("pageerror", lambda e: record["errors"].append(str(e)))
    page.on(
        "response",
        lambda r: r.status >= 400 and record["errors"].append(f"HTTP {r.status}: {r.url}"),
    )
    host = urlparse(url).netloc

    def check(request):
        parsed = urlparse(request.url)
        if parsed.scheme not in LOCAL_SCHEMES and parsed.netloc != host:
            record["foreign"].append(request.url)

    page.on("request", check)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    return page, record


def draw_figure(page, div_id, timeout=15_000):
    """Scroll a lazily drawn plotly figure into view and wait until msbook-figures.js drew it."""
    page.locator(f"#{div_id}").scroll_into_view_if_needed()
    page.wait_for_function(
        "id => ['drawn', 'failed'].includes(document.getElementById(id).dataset.msbookState)",
        arg=div_id, timeout=timeout,
    )
    state = page.evaluate("id => document.getElementById(id).dataset.msbookState", div_id)
    assert state == "drawn", f"figure {div_id} could not be drawn"


def figure_ids(page):
    """Ids of the page's plotly figure containers (drawn or not)."""
    return page.evaluate("() => [...document.querySelectorAll('[data-msbook-figure]')].map(e => e.id)")


def draw_all_figures(page):
    """Scroll every figure of the page into view, as a reader does, and wait for each to draw."""
    ids = figure_ids(page)
    for div_id in ids:
        draw_figure(page, div_id)
    if ids:
        page.evaluate("() => window.scrollTo(0, 0)")
    return ids
