"""Shared fixtures: paths, the table of contents, the built book, a local web server, Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
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


def toc_docnames() -> list[str]:
    """Every page in _toc.yml, root first, as paths without suffix (``book/intro``)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [entry["file"] for entry in part.get("chapters", [])]
    return names


def numbered_chapters() -> list[str]:
    """The chapters proper: pages in numbered parts of the table of contents."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [e["file"] for p in toc.get("parts", []) if p.get("numbered") for e in p["chapters"]]


def page_title(docname: str) -> str:
    for line in (ROOT / f"{docname}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise AssertionError(f"{docname}.md has no '# ' title")


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


@pytest.fixture(scope="session")
def built_html() -> Path:
    html = BUILD / "html"
    if not (html / "index.html").exists():
        pytest.fail(f"no built site in {html}: run `bash scripts/build.sh` (scripts/test.sh does)")
    return html


@pytest.fixture(scope="session")
def built_pdf() -> Path:
    pdf = BUILD / "pdf"
    if not (pdf / "book.pdf").exists():
        pytest.fail(f"no PDF in {pdf}: run `bash scripts/build.sh` (scripts/test.sh does)")
    return pdf


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
