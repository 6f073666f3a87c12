"""Static checks of built HTML and CSS, and of citations, used by the tests.

Each function returns a list of problems (empty when all is well), so that the
tests can show them all at once, and so that each check can itself be tested on
a deliberately broken example.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "[::1]"}
#: Attributes whose URL the browser fetches by itself (links the reader clicks are fine).
FETCHED = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "iframe": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "audio": ["src"],
    "video": ["src", "poster"],
    "track": ["src"],
    "input": ["src"],
}
FETCHED_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "apple-touch-icon",
                     "manifest", "prefetch", "preconnect", "dns-prefetch"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])(?P<url>[^'")\s]+)""", re.I)


def is_foreign(url: str) -> bool:
    """True for an absolute URL (or //host URL) whose host is not this machine."""
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "javascript", "mailto"):
        return False
    if parsed.scheme or url.startswith("//"):
        return parsed.hostname not in LOCAL_HOSTS and parsed.netloc not in LOCAL_HOSTS
    return False


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fetched: list[str] = []
        self.images: list[dict] = []
        self._style = False
        self.inline_css: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in FETCHED.get(tag, []):
            if attributes.get(name):
                for part in attributes[name].split(","):
                    self.fetched.append(part.strip().split(" ")[0])
        if tag == "link":
            rels = set((attributes.get("rel") or "").lower().split())
            if rels & FETCHED_LINK_RELS and attributes.get("href"):
                self.fetched.append(attributes["href"])
        if tag == "img":
            self.images.append(attributes)
        if attributes.get("style"):
            self.inline_css.append(attributes["style"])
        self._style = tag == "style"

    def handle_data(self, data):
        if self._style:
            self.inline_css.append(data)

    def handle_endtag(self, tag):
        if tag == "style":
            self._style = False


def scan_html(text: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(text)
    return scanner


def foreign_resources_in_html(text: str) -> list[str]:
    """URLs on other hosts that the page would load by itself (scripts, styles, fonts, images)."""
    scanner = scan_html(text)
    found = [u for u in scanner.fetched if is_foreign(u)]
    for css in scanner.inline_css:
        found += foreign_resources_in_css(css)
    return found


def foreign_resources_in_css(text: str) -> list[str]:
    """url(...) and @import targets on other hosts in a stylesheet."""
    return [m.group("url") for m in CSS_URL.finditer(text) if is_foreign(m.group("url"))]


def images_without_alt(text: str) -> list[str]:
    """Images whose alt text is missing, empty, or only a file name."""
    bad = []
    for image in scan_html(text).images:
        alt = (image.get("alt") or "").strip()
        src = image.get("src", "?")
        if image.get("role") == "presentation" or image.get("aria-hidden") == "true":
            continue
        # Sphinx falls back to the image's path when a figure has no :alt:.
        looks_like_path = re.fullmatch(r"[\w./-]+\.(png|svg|jpe?g|gif|webp)", alt, re.I)
        if len(alt) < 5 or Path(alt).name == Path(src).name or looks_like_path:
            bad.append(f"{src} (alt={alt!r})")
    return bad


CITE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]+)`")
REQUIRED_FIELDS = {
    "article": [("author",), ("title",), ("journal",), ("year",)],
    "book": [("author", "editor"), ("title",), ("publisher",), ("year",)],
    "incollection": [("author",), ("title",), ("booktitle",), ("year",)],
    "techreport": [("author", "institution"), ("title",), ("institution",), ("year",)],
    "misc": [("author", "organization", "publisher", "howpublished"), ("title",), ("year", "urldate"), ("url", "howpublished")],
}


def cited_keys(markdown: str) -> list[str]:
    return [key.strip() for group in CITE.findall(markdown) for key in group.split(",")]


def bibliography_problems(entries, cited: set[str]) -> list[str]:
    """Entries cited by the book that are incomplete, or carry a field marked unverified.

    ``entries`` maps keys to pybtex entries.
    """
    problems = []
    for key in sorted(cited & set(entries)):
        entry = entries[key]
        fields = {name.lower(): str(value) for name, value in entry.fields.items()}
        people = {role.lower() for role in entry.persons}
        for name, value in fields.items():
            if "unverified" in value.lower():
                problems.append(f"{key}: field {name} is marked unverified")
        for alternatives in REQUIRED_FIELDS.get(entry.type.lower(), [("title",), ("year",)]):
            if not any(a in fields or a in people for a in alternatives):
                problems.append(f"{key} ({entry.type}): missing {' or '.join(alternatives)}")
    return problems


def data_citation_problems(csv_path: Path, keys: set[str]) -> list[str]:
    """Rows of a data file whose ``citation`` column is missing or names no bibliography entry."""
    problems = []
    with open(csv_path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        if "citation" not in (reader.fieldnames or []):
            return [f"{csv_path.name}: no 'citation' column"]
        for number, row in enumerate(reader, start=2):
            for key in filter(None, (k.strip() for k in (row["citation"] or "").split(";"))):
                if key not in keys:
                    problems.append(f"{csv_path.name} row {number}: unknown citation key {key!r}")
            if not (row["citation"] or "").strip():
                problems.append(f"{csv_path.name} row {number}: no citation")
    return problems


# ------------------------------------------------------------------ figures in a browser
#: JavaScript run in the page: every text element of every plotly figure, with its box.
_FIGURE_TEXT_JS = r"""
(tolerance) => {
  const problems = [];
  const visible = (el) => {
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) return false;
      if (e.classList && e.classList.contains('js-plotly-plot')) break;
    }
    return true;
  };
  const describe = (el) => {
    const t = (el.textContent || '').trim().replace(/\s+/g, ' ');
    const g = el.closest('g[class]');
    return `"${t.slice(0, 40)}"` + (g ? ` (${g.getAttribute('class').split(' ')[0]})` : '');
  };
  const overlap = (a, b) =>
    Math.min(a.right, b.right) - Math.max(a.left, b.left) > tolerance &&
    Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > tolerance;
  document.querySelectorAll('.js-plotly-plot').forEach((plot, n) => {
    const name = plot.id || `figure ${n + 1}`;
    const svg = plot.querySelector('svg.main-svg');
    if (!svg) { problems.push(`${name}: not drawn`); return; }
    const frame = svg.getBoundingClientRect();
    const box = plot.getBoundingClientRect();
    // The figure must fit the box the page gave it, or it covers what follows (a caption).
    const holder = (plot.closest('.msbook-plotly') || plot.parentElement).getBoundingClientRect();
    if (frame.bottom > holder.bottom + tolerance || frame.right > holder.right + tolerance) {
      problems.push(`${name}: the figure (${Math.round(frame.height)} px) overflows its container (${Math.round(holder.height)} px)`);
    }
    const texts = [...plot.querySelectorAll('svg.main-svg text')]
      .filter((el) => (el.textContent || '').trim() && !el.closest('.hoverlayer') && visible(el))
      .map((el) => ({el, r: el.getBoundingClientRect()}))
      .filter((t) => t.r.width > 0 && t.r.height > 0);
    for (const t of texts) {
      if (t.r.left < Math.max(frame.left, box.left) - tolerance ||
          t.r.right > Math.min(frame.right, box.right) + tolerance ||
          t.r.top < frame.top - tolerance || t.r.bottom > frame.bottom + tolerance) {
        problems.push(`${name}: ${describe(t.el)} runs past the figure's edge`);
      }
    }
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i], b = texts[j];
        if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
        if (overlap(a.r, b.r)) problems.push(`${name}: ${describe(a.el)} overlaps ${describe(b.el)}`);
      }
    }
    // Legends and sliders need their own space: no text of the figure inside another's box.
    const blocks = [...plot.querySelectorAll('g.legend, g.slider-container')]
      .filter((g) => visible(g))
      .map((g) => ({g, r: (g.querySelector('rect.bg') || g).getBoundingClientRect()}));
    for (const b of blocks) {
      for (const t of texts) {
        if (b.g.contains(t.el)) continue;
        if (overlap(b.r, t.r)) problems.push(`${name}: ${describe(t.el)} lies on the ${b.g.getAttribute('class').split(' ')[0]}`);
      }
    }
    for (let i = 0; i < blocks.length; i++) {
      for (let j = i + 1; j < blocks.length; j++) {
        if (overlap(blocks[i].r, blocks[j].r)) problems.push(`${name}: the legend and a slider overlap`);
      }
    }
  });
  return problems;
}
"""


def figure_text_problems(page, tolerance: float = 1.0) -> list[str]:
    """Overlapping or clipped text in every plotly figure (``.js-plotly-plot``) of a page.

    ``page`` is a Playwright page with its figures drawn. Text elements of each
    figure's SVG (title, axis labels, legend, annotations, slider labels; not hover
    labels) must not overlap each other by more than ``tolerance`` px, must lie
    inside the figure's box, and must not lie on a legend or slider other than their
    own; legends and sliders must not overlap each other; and the figure must fit
    inside its container (``.msbook-plotly``, else the plot's parent).
    """
    return page.evaluate(_FIGURE_TEXT_JS, tolerance)
