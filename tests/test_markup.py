"""Markup of every built page: valid HTML (the Nu HTML Checker), unique ids, a description,
a valid root redirect, downloads that work and never expose the instructor edition, and
the reading details of issue 8 (solution bars, captions, tables, diagrams, code lines).

Every check runs over all pages or all chapters, so a new chapter needs no new test code.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from docutils import nodes

from conftest import BUILD, ROOT, html_path, numbered_chapters, toc_docnames
from msbook.site import (
    DESCRIPTION_LENGTH,
    bold_first_sentence,
    caption_tables_outside,
    chapter_pdf,
    open_graph_tags,
    sitemap_xml,
    trim,
)

VNU = ROOT / "vendor" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MAX_CODE_LINE = 72


def site_pages(built_html: Path) -> list[Path]:
    """Every HTML page of the site (not the theme's template fragments in _static)."""
    return sorted(p for p in built_html.rglob("*.html") if "_static" not in p.relative_to(built_html).parts)


class _Page(HTMLParser):
    """The ids, links, meta tags and a few elements of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.canonical = None
        self.doctype = None
        self.title = ""
        self._in_title = False

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "meta":
            key = a.get("name") or a.get("http-equiv") or a.get("property")
            if key:
                self.meta[key.lower()] = a.get("content", "")
        if tag == "link" and "canonical" in (a.get("rel") or "").split():
            self.canonical = a.get("href")
        self._in_title = tag == "title"

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


# --- Valid markup -----------------------------------------------------------------------


def test_nu_html_checker_finds_no_errors(built_html):
    if not VNU.exists():
        pytest.fail(f"{VNU} is missing: scripts/setup.sh installs it with npm ci in vendor/")
    java = shutil.which("java")
    if not java:
        pytest.fail("java is missing: scripts/setup.sh installs default-jre-headless")
    pages = site_pages(built_html)
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(run.stderr)["messages"]
    errors = [
        f"{unquote(urlparse(m.get('url', '')).path).split('/html/')[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]
    assert len(pages) >= len(toc_docnames())
    assert not errors, f"{len(errors)} Nu HTML Checker errors:\n" + "\n".join(errors[:40])


def test_ids_are_unique_on_every_page(built_html):
    problems = []
    for path in site_pages(built_html):
        repeated = [i for i, n in Counter(parse(path).ids).items() if n > 1]
        if repeated:
            problems.append(f"{path.relative_to(built_html)}: {repeated}")
    assert not problems, "duplicate ids:\n" + "\n".join(problems)


def test_every_page_has_a_description(built_html):
    problems = []
    for path in site_pages(built_html):
        description = parse(path).meta.get("description", "")
        if not 40 <= len(description) <= DESCRIPTION_LENGTH:
            problems.append(f"{path.relative_to(built_html)}: {description!r}")
    assert not problems, "pages without a good meta description (40-155 characters):\n" + "\n".join(problems)


def test_root_page_is_a_valid_instant_redirect_to_the_home_page(built_html):
    root = parse(built_html / "index.html")
    home = html_path(toc_docnames()[0])
    assert root.doctype and root.doctype.lower() == "doctype html"
    assert root.title.strip()
    refresh = root.meta.get("refresh", "")
    assert re.fullmatch(rf"0;\s*url={re.escape(home)}", refresh), refresh
    assert root.canonical and root.canonical.endswith(home)
    assert (built_html / home).exists()


def test_open_graph_and_sitemap_only_with_a_site_url(built_html):
    """No site URL is configured: no Open Graph tags with a wrong URL, no sitemap."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    if (config.get("html") or {}).get("baseurl") or config["sphinx"]["config"].get("html_baseurl"):
        pytest.skip("a site URL is configured")
    assert not (built_html / "sitemap.xml").exists()
    for path in site_pages(built_html):
        assert "og:url" not in parse(path).meta, path


# --- Downloads ------------------------------------------------------------------------


def _resolve(built_html: Path, page: Path, href: str) -> Path:
    url = urljoin(page.relative_to(built_html).as_posix(), urlparse(href).path)
    return built_html / unquote(url)


def _pdf_links(built_html: Path, docname: str) -> list[str]:
    return [h for h in parse(built_html / html_path(docname)).links if h.split("#")[0].endswith(".pdf")]


def test_every_page_offers_its_pdf_and_the_whole_book(built_html):
    docs = toc_docnames()
    for docname in docs:
        page = built_html / html_path(docname)
        targets = {_resolve(built_html, page, h) for h in _pdf_links(built_html, docname)}
        assert built_html / "pdf" / "book.pdf" in targets, f"{docname}: no link to the whole-book PDF"
        if docname != docs[0]:
            own = built_html / chapter_pdf(docname)
            assert own in targets, f"{docname}: no link to its own PDF ({own.name})"
    for docname in numbered_chapters():
        html = (built_html / html_path(docname)).read_text(encoding="utf-8")
        assert "This chapter (PDF)" in html and "Whole book (PDF)" in html, docname


def test_pdf_links_resolve_to_files_in_the_site(built_html):
    if not (BUILD / "pdf" / "book.pdf").exists():
        pytest.skip("no PDFs built (bash scripts/build.sh without --html builds and publishes them)")
    missing = []
    for docname in toc_docnames():
        page = built_html / html_path(docname)
        for href in _pdf_links(built_html, docname):
            target = _resolve(built_html, page, href)
            if not target.is_file() or target.stat().st_size < 1000:
                missing.append(f"{docname}: {href}")
    assert not missing, "PDF links without a PDF in the site:\n" + "\n".join(missing)


def test_download_menu_offers_pdfs_and_print_not_the_source(built_html):
    for docname in toc_docnames():
        html = (built_html / html_path(docname)).read_text(encoding="utf-8")
        menu = re.search(r'<div class="dropdown dropdown-download-buttons">.*?</ul>', html, re.S)
        assert menu, f"{docname}: no download menu"
        menu = menu.group(0)
        assert "_sources/" not in menu and ">.md<" not in menu, f"{docname}: the menu offers the source"
        assert "Print this page" in menu and ">.pdf<" not in menu, f"{docname}: print entry"
        assert "Whole book (PDF)" in menu, docname


#: Paths of the instructor edition, which must never be in the student site.
INSTRUCTOR_EDITION = re.compile(r"book-instructor|(?:^|/)instructor/", re.I)


def _instructor_answers() -> list[str]:
    """A distinctive piece of every instructor-only block in the book's sources."""
    pieces = []
    for source in sorted((ROOT / "book").glob("*.md")):
        text = source.read_text(encoding="utf-8")
        for block in re.finditer(r"^(:{3,})\{only\} instructor\n(.*?)^\1\s*$", text, re.M | re.S):
            words = re.sub(r"[*_`{}\[\]]", "", block.group(2)).split()
            if len(words) > 18:
                pieces.append(" ".join(words[2:18]))
    return pieces


def test_instructor_edition_and_answers_stay_out_of_the_site(built_html):
    answers = _instructor_answers()
    assert answers, "found no {only} instructor blocks to look for"
    problems = []
    notebooks = 0
    for path in built_html.rglob("*"):
        relative = path.relative_to(built_html).as_posix()
        # The instructor *edition* (book-instructor.pdf, pdf/instructor/); the instructor
        # guide is a public page of the book and is allowed.
        if INSTRUCTOR_EDITION.search(relative):
            problems.append(f"{relative}: an instructor file in the site")
        if path.is_file() and path.suffix in {".html", ".js", ".txt", ".md", ".ipynb", ".json"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            if path.suffix == ".ipynb":
                # The cells' text, not its JSON form (which escapes quotes and splits lines).
                notebooks += 1
                text = "\n".join(_cell_text(cell) for cell in json.loads(text).get("cells", []))
            text = " ".join(text.split())
            problems += [f"{relative}: holds an answer ({a!r})" for a in answers if a in text]
            if re.search(r'href="[^"]*(?:book-instructor|/instructor/)[^"]*\.pdf', text):
                problems.append(f"{relative}: links the instructor edition")
        if path.suffix == ".pdf" and shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
            text = " ".join(text.split())
            problems += [f"{relative}: holds an answer ({a!r})" for a in answers if a in text]
    assert not problems, "\n".join(problems[:20])
    # The downloadable notebooks (msbook/notebooks.py) were looked at too.
    assert notebooks >= len(numbered_chapters()), f"scanned {notebooks} notebooks in the site"


def _cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


# --- Reading details ---------------------------------------------------------------------


def test_solution_bars_open_the_answer(built_html):
    for docname in toc_docnames():
        html = (built_html / html_path(docname)).read_text(encoding="utf-8")
        for title in re.findall(r'<div class="solution[^"]*"[^>]*>\s*<p class="admonition-title">(.*?)</p>', html, re.S):
            assert "<a " not in title, f"{docname}: a link in a solution's title bar: {title}"


def test_table_captions_sit_outside_the_scroller(built_html):
    for docname in toc_docnames():
        html = (built_html / html_path(docname)).read_text(encoding="utf-8")
        assert "<caption>" not in html, f"{docname}: a table caption inside the horizontal scroller"


def test_diagrams_link_to_the_full_size_image(built_html):
    found = 0
    for docname in toc_docnames():
        page = built_html / html_path(docname)
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(r"<figure\b.*?</figure>", html, re.S):
            image = re.search(r'<img [^>]*src="([^"]+\.svg)"', figure)
            if not image:
                continue
            found += 1
            link = re.search(r'<a [^>]*class="[^"]*msbook-diagram-link[^"]*"[^>]*href="([^"]+)"|'
                             r'<a [^>]*href="([^"]+)"[^>]*class="[^"]*msbook-diagram-link', figure)
            assert link, f"{docname}: diagram {image.group(1)} is not a link"
            target = _resolve(built_html, page, link.group(1) or link.group(2))
            assert target.is_file() and target.suffix == ".svg", f"{docname}: {target}"
    assert found, "no diagrams found"


def _code_cells(text: str):
    for match in re.finditer(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, re.M | re.S):
        yield text[: match.start()].count("\n") + 2, match.group(1)


def test_code_cell_lines_fit_the_column():
    """Shown code cells keep lines to 72 characters (hidden cells are not shown)."""
    long = []
    for source in sorted((ROOT / "book").glob("*.md")):
        for first, cell in _code_cells(source.read_text(encoding="utf-8")):
            if re.search(r"^:tags:.*remove-(cell|input)", cell, re.M):
                continue
            for offset, line in enumerate(cell.splitlines()):
                if len(line) > MAX_CODE_LINE:
                    long.append(f"{source.name}:{first + offset}: {len(line)} characters")
    assert not long, f"code lines longer than {MAX_CODE_LINE} characters:\n" + "\n".join(long)


def test_code_output_lines_fit_the_column(built_html):
    import html as html_module

    long = []
    for docname in toc_docnames():
        text = (built_html / html_path(docname)).read_text(encoding="utf-8")
        for block in re.findall(r'<div class="output[^"]*">\s*<div class="highlight[^"]*"><pre>(.*?)</pre>', text, re.S):
            for line in html_module.unescape(re.sub(r"<[^>]+>", "", block)).splitlines():
                if len(line) > MAX_CODE_LINE:
                    long.append(f"{docname}: {line!r}")
    assert not long, f"output lines longer than {MAX_CODE_LINE} characters:\n" + "\n".join(long)


# --- In the browser: captions, tables, diagrams, at 390 and 1280 px, light and dark --------


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_captions_tables_and_diagrams_in_the_browser(browser, site_url, width, theme):
    context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=theme)
    context.add_init_script(f"localStorage.setItem('mode', '{theme}');")
    problems = []
    try:
        for docname in toc_docnames():
            page = context.new_page()
            page.goto(f"{site_url}/{html_path(docname)}", wait_until="load")
            found = page.evaluate(
                """() => {
                  const out = [];
                  for (const c of document.querySelectorAll('figure figcaption, .msbook-table-caption')) {
                    const s = getComputedStyle(c), size = parseFloat(s.fontSize);
                    if (size < 14 || size > 15.5 || Number(s.fontWeight) !== 400)
                      out.push(`caption ${size}px weight ${s.fontWeight}: ${c.textContent.slice(0, 40)}`);
                    const box = c.getBoundingClientRect();
                    if (box.width && (box.left < -1 || box.right > innerWidth + 1))
                      out.push(`caption past the window (${box.left}-${box.right}): ${c.textContent.slice(0, 40)}`);
                  }
                  for (const img of document.querySelectorAll('a.msbook-diagram-link img')) {
                    const s = getComputedStyle(img);
                    if (s.filter !== 'none' || s.opacity !== '1')
                      out.push(`diagram dimmed (filter ${s.filter}, opacity ${s.opacity}): ${img.src}`);
                    if (document.documentElement.dataset.theme === 'dark' && s.backgroundColor !== 'rgb(255, 255, 255)')
                      out.push(`diagram without its light card in dark mode: ${img.src}`);
                  }
                  for (const box of document.querySelectorAll('.pst-scrollable-table-container')) {
                    const hint = box.previousElementSibling;
                    if (box.scrollWidth > box.clientWidth + 1 && !(hint && hint.classList.contains('msbook-scroll-hint')))
                      out.push('a table scrolls sideways without saying so');
                  }
                  for (const pre of document.querySelectorAll('div.cell pre')) {
                    if (pre.scrollWidth > pre.clientWidth + 1) out.push(`code runs past the column: ${pre.textContent.slice(0, 40)}`);
                  }
                  return out;
                }"""
            )
            problems += [f"{docname}: {p}" for p in found]
            page.close()
    finally:
        context.close()
    assert not problems, f"at {width} px, {theme}:\n" + "\n".join(problems)


# --- The hooks themselves, on small examples ------------------------------------------


def _caption(*children) -> nodes.caption:
    caption = nodes.caption()
    caption.extend(children)
    return caption


def test_first_sentence_of_a_caption_becomes_bold():
    caption = _caption(nodes.Text("Two panels. Top: the dose. Bottom: the response."))
    bold_first_sentence(caption)
    assert isinstance(caption[0], nodes.strong) and caption[0].astext() == "Two panels."
    assert caption.astext() == "Two panels. Top: the dose. Bottom: the response."

    labelled = _caption(nodes.Text(""), nodes.strong(text="Interactive."), nodes.Text(" Move the slider. It redraws."))
    bold_first_sentence(labelled)
    assert labelled[0].astext() == "Interactive. Move the slider."

    long_next = _caption(nodes.Text(""), nodes.strong(text="Live explorer."),
                         nodes.Text(" Sliders set " + "the dose and " * 10 + "the rate. It redraws."))
    bold_first_sentence(long_next)
    assert not any(isinstance(c, nodes.strong) and "Sliders" in c.astext() for c in long_next.children)

    one = _caption(nodes.Text("A single sentence with 1.5 per day in it."))
    bold_first_sentence(one)
    assert not any(isinstance(c, nodes.strong) for c in one.children)


def test_description_is_trimmed_to_whole_sentences_or_words():
    assert trim("Short.") == "Short."
    text = "First sentence is here and it is long enough to count. " * 5
    assert len(trim(text)) <= DESCRIPTION_LENGTH and trim(text).endswith(".")
    words = "word " * 60
    assert trim(words).endswith("…") and len(trim(words)) <= DESCRIPTION_LENGTH


def test_open_graph_tags_and_sitemap_name_absolute_urls():
    tags = open_graph_tags("Ch 1 & more", "What it is.", "https://example.org/book/ch01.html", "Book")
    assert '<meta property="og:url" content="https://example.org/book/ch01.html" />' in tags
    assert 'content="Ch 1 &amp; more"' in tags
    xml = sitemap_xml(["https://example.org/book/intro.html", "https://example.org/book/ch01.html"])
    assert xml.count("<loc>https://example.org/") == 2 and "sitemaps.org/schemas/sitemap/0.9" in xml


def test_table_caption_moves_out_of_the_scroller():
    html = ('<div class="pst-scrollable-table-container"><table class="table" id="tbl-x">\n'
            '<caption><span class="caption-text">Risks</span></caption><tr><td>1</td></tr></table></div>')
    moved = caption_tables_outside(html)
    assert moved.startswith('<p class="msbook-table-caption" id="tbl-x">')
    assert "<caption>" not in moved and 'aria-labelledby="tbl-x"' in moved


@pytest.mark.parametrize("width", [390, 1280])
def test_one_search_one_title_and_a_correct_footer(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844})
    problems = []
    try:
        for docname in toc_docnames():
            page = context.new_page()
            page.goto(f"{site_url}/{html_path(docname)}", wait_until="load")
            searches = page.locator(".search-button__button")
            visible = [i for i in range(searches.count()) if searches.nth(i).is_visible()]
            if len(visible) != 1:
                problems.append(f"{docname}: {len(visible)} visible search controls")
            sidebar = page.locator("#pst-primary-sidebar").text_content()
            title = page.locator(".logo__title").text_content().strip()
            if sidebar.count(title) != 1:
                problems.append(f"{docname}: the book title appears {sidebar.count(title)} times in the sidebar")
            footer = " ".join(page.locator(".bd-footer-content").text_content().split())
            from msbook import __version__

            if re.search(r"\bBy The\b", footer) or "©" not in footer or f"Edition {__version__}" not in footer:
                problems.append(f"{docname}: footer reads {footer!r}")
            page.close()
    finally:
        context.close()
    assert not problems, f"at {width} px:\n" + "\n".join(problems)


def test_a_solution_bar_opens_the_answer_in_place(browser, site_url):
    docname = numbered_chapters()[0]
    page = browser.new_page()
    try:
        page.goto(f"{site_url}/{html_path(docname)}", wait_until="load")
        bar = page.locator(".solution.dropdown > .admonition-title").first
        body = page.locator(".solution.dropdown").first.locator("section, p:not(.admonition-title)").first
        bar.scroll_into_view_if_needed()
        assert not body.is_visible(), "a solution should start closed"
        before = page.evaluate("scrollY")
        bar.click()
        page.wait_for_timeout(300)
        assert body.is_visible(), "clicking the solution bar did not open the answer"
        assert abs(page.evaluate("scrollY") - before) < 50, "clicking the solution bar scrolled away"
        assert "#" not in page.url.split("/")[-1], "clicking the solution bar followed a link"
    finally:
        page.close()
