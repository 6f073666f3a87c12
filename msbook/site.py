"""HTML-side Sphinx hooks for the book's pages: downloads, valid markup, findability.

Registered from :func:`msbook.sphinxext.setup`. Every hook works on every page, so a
new chapter gets all of it without new code.

* **Downloads.** Each page after the home page gets a line under its title that links
  its own PDF (``pdf/chapters/<file>.pdf``, cut by ``scripts/split_pdf.py``) and the
  whole book (``pdf/book.pdf``); the home page links the whole book. The theme's
  download menu offers the same two PDFs and "Print this page" instead of the MyST
  source (which holds the instructor-only answers, so the site does not copy it:
  ``html_copy_source: false``). ``scripts/build.sh`` copies the student PDFs into the
  site; the instructor edition is never copied. Chapter pages also link their notebook
  (``notebooks/<file>.ipynb``, written by :mod:`msbook.notebooks`).
* **Valid markup.** sphinx-exercise gives every exercise and solution body the same
  ``id`` ("exercise-content", "solution-content"); those ids are dropped (nothing links
  to them). The root ``index.html`` becomes a complete, instant redirect page.
* **Findability.** Every page gets ``<meta name="description">``: the page's front
  matter ``description:`` if it has one, else its first paragraph of running text,
  trimmed to about 155 characters. Once the site's address is configured
  (``html: baseurl:`` in _config.yml, or the environment variable ``MSBOOK_SITE_URL`` for
  one build, as the Pages workflow does), every page also gets Open Graph tags and a
  canonical link, and the build writes ``sitemap.xml``; without an address, neither
  (they would carry wrong URLs).
* **Reading.** The link in a solution's title bar ("Solution to Exercise 1.1") would
  jump back to the question instead of opening the answer: it becomes plain text, so the
  whole bar opens the answer. The first sentence of each figure caption is set in bold
  (the caption's title). Diagrams (SVG figures) link to the image file, so that a tap
  or a click opens them full size.
* **One search.** The top bar held only a second search field: it is left empty (the
  stylesheet hides it), and the sidebar's search field (the article header's search
  button on narrow screens) remains.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from msbook.book import toc_docnames
from msbook.notebooks import chapter_notebook

#: Where scripts/build.sh publishes the student PDFs, relative to the site's root.
PDF_DIR = "pdf"
BOOK_PDF = f"{PDF_DIR}/book.pdf"
DESCRIPTION_LENGTH = 155
#: ids that sphinx-exercise gives to every exercise and solution body on a page.
SHARED_IDS = {"exercise-content", "solution-content"}


def chapter_pdf(docname: str) -> str:
    """Site path of a page's own PDF (named after its source file, as split_pdf.py does)."""
    return f"{PDF_DIR}/chapters/{posixpath.basename(docname)}.pdf"


# --- Doctree transforms (HTML only: the LaTeX side is msbook.print's) -------------------


class DropSharedIds(SphinxPostTransform):
    """Remove the ids that sphinx-exercise repeats on every exercise and solution body."""

    default_priority = 30  # after sphinx-exercise's own post-transforms (5-22)
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.Element):
            ids = node.get("ids")
            if ids and SHARED_IDS & set(ids):
                node["ids"] = [i for i in ids if i not in SHARED_IDS]


class UnlinkSolutionTitles(SphinxPostTransform):
    """Make the exercise reference in a solution's title plain text.

    The solution sits right under its exercise; the title bar's job is to open the
    answer, and a link inside it scrolled back to the question instead.
    """

    default_priority = 30
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for admonition in self.document.findall(nodes.Admonition):
            if "solution" not in admonition.get("classes", []):
                continue
            title = admonition.children[0] if admonition.children else None
            if not isinstance(title, nodes.title):
                continue
            for reference in list(title.findall(nodes.reference)):
                text = nodes.inline(classes=["msbook-solution-of"])
                text.extend(reference.children)
                reference.replace_self(text)


#: End of a sentence: . ! or ? followed by a space and a capital letter, a bracket or a quote.
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(“\"‘'])")


class BoldFirstSentence(SphinxPostTransform):
    """Set the first sentence of every figure caption in bold, as the caption's title.

    A caption that starts with a short bold label ("**Interactive.** The model.") gets
    the next sentence in bold too when that sentence is short, like a title (at most
    ``TITLE_WORDS`` words). A caption of a single sentence, or one whose first
    sentence is already bold, is left as written.
    """

    default_priority = 30
    formats = ("html",)

    def run(self, **kwargs) -> None:
        for caption in self.document.findall(nodes.caption):
            if isinstance(caption.parent, nodes.figure):
                bold_first_sentence(caption)


TITLE_WORDS = 12


def bold_first_sentence(caption: nodes.Element) -> None:
    children = list(caption.children)
    # MyST may begin a caption with an empty text node.
    lead = next((i for i, c in enumerate(children) if c.astext().strip()), len(children))
    start = 0
    if lead < len(children) and isinstance(children[lead], nodes.strong):
        if len(children[lead].astext().split()) > 3:
            return  # the author already gave the caption a bold title
        start = lead + 1
    for index in range(start, len(children)):
        child = children[index]
        if not isinstance(child, nodes.Text):
            continue
        match = _SENTENCE_END.search(str(child))
        if not match:
            continue
        head, tail = str(child)[: match.end()], str(child)[match.end():]
        following = children[start:index] + [nodes.Text(head)]
        if start and len(" ".join(c.astext() for c in following).split()) > TITLE_WORDS:
            return  # the label is the caption's title; the next sentence is already long
        strong = nodes.strong(classes=["msbook-caption-title"])
        for moved in children[:index]:
            caption.remove(moved)
            strong.extend(moved.children if isinstance(moved, nodes.strong) else [moved])
        strong += nodes.Text(head)
        caption.replace(child, nodes.Text(tail))
        caption.insert(0, strong)
        return


def _link_diagrams(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Wrap each SVG figure image in a link to the image itself (tap to see it full size)."""
    if app.builder.format != "html":
        return
    for image in list(doctree.findall(nodes.image)):
        # Sphinx picks among "name.*" candidates only when it writes the page.
        uri = image.get("candidates", {}).get("image/svg+xml") or image.get("uri", "")
        if (
            not uri.endswith(".svg")
            or not isinstance(image.parent, nodes.figure)
            or uri not in app.env.images
        ):
            continue
        target = posixpath.relpath(
            posixpath.join(app.builder.imagedir, app.env.images[uri][1]),
            posixpath.dirname(docname) or ".",
        )
        link = nodes.reference("", "", refuri=target, internal=True,
                               classes=["msbook-diagram-link"])
        image.replace_self(link)
        link += image


# --- Page context: description, downloads -------------------------------------------

_SKIP_PARENTS = (
    nodes.Admonition, nodes.list_item, nodes.figure, nodes.table, nodes.topic,
    nodes.sidebar, nodes.footnote, nodes.citation, nodes.field_list, nodes.definition_list,
    nodes.block_quote, nodes.container,
)


def _running_text(paragraph: nodes.paragraph) -> bool:
    """True for a paragraph of the page's own prose (not a box, list, caption or label)."""
    parent = paragraph.parent
    while parent is not None:
        if isinstance(parent, _SKIP_PARENTS):
            return False
        parent = parent.parent
    meaningful = [c for c in paragraph.children if c.astext().strip()]
    if meaningful and all(isinstance(c, (nodes.emphasis, nodes.strong)) for c in meaningful):
        return False  # a line set wholly in italics or bold ("Reading time: ...")
    text = " ".join(paragraph.astext().split())
    return len(text) >= 60 and not text.endswith(":")


def trim(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Collapse white space and cut at a word boundary, with an ellipsis, to ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    # Whole sentences if they fill at least half the room; else cut at a word, with "…".
    ends = [m.end() for m in _SENTENCE_END.finditer(text[:limit])]
    if ends and ends[-1] >= limit // 2:
        return text[: ends[-1]]
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return cut + "…"


def page_description(doctree: nodes.document | None, metadata: dict) -> str:
    """A page's description: front matter ``description:``, else its first paragraph."""
    if metadata.get("description"):
        return trim(str(metadata["description"]))
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        if _running_text(paragraph):
            return trim(paragraph.astext())
    return ""


def _description(app: Sphinx, pagename: str, doctree) -> str:
    env = app.env
    if pagename in env.all_docs:
        described = page_description(doctree or env.get_doctree(pagename), env.metadata.get(pagename, {}))
        if described:
            return described
    # Pages without prose of their own (search, index) and pages with none: the book's.
    root = app.config.root_doc
    return page_description(env.get_doctree(root), env.metadata.get(root, {})) or trim(
        app.config.html_title or app.config.project
    )


def _download_links(app: Sphinx, pagename: str, pathto) -> list[tuple[str, str]]:
    """(label, url) of the files a page offers: PDFs, and a chapter's notebook."""
    docs = toc_docnames(Path(app.confdir))
    if pagename not in docs:
        return []
    links = []
    if pagename != docs[0]:
        chapters = set(_numbered(app))
        label = "This chapter (PDF)" if pagename in chapters else "This page (PDF)"
        links.append((label, pathto(chapter_pdf(pagename), 1)))
        if pagename in chapters:
            # Written after the build by msbook/notebooks.py (no answers, no outputs).
            links.append(("Notebook (.ipynb)", pathto(chapter_notebook(pagename), 1)))
    links.append(("Whole book (PDF)", pathto(BOOK_PDF, 1)))
    return links


def _numbered(app: Sphinx) -> list[str]:
    from msbook.book import numbered_chapters

    return numbered_chapters(Path(app.confdir))


def _icon(url: str) -> str:
    return "fa-file-code" if url.endswith(".ipynb") else "fa-file-pdf"


def _download_box(links: list[tuple[str, str]]) -> str:
    items = " ".join(
        # A notebook is saved, not shown as JSON (a PDF opens in the browser's viewer).
        f'<a class="msbook-downloads__link" href="{html.escape(url)}"{" download" if url.endswith(".ipynb") else ""}>'
        f'<i class="fa-solid {_icon(url)}" aria-hidden="true"></i><span>{html.escape(label)}</span></a>'
        for label, url in links
    )
    return f'<p class="msbook-downloads"><span class="msbook-downloads__label">Download:</span> {items}</p>'


_FIRST_H1 = re.compile(r"(<h1\b[^>]*>.*?</h1>)", re.S)
_TABLE_CAPTION = re.compile(
    r'(<div class="pst-scrollable-table-container">)\s*<table([^>]*?) id="([^"]+)"([^>]*)>\s*'
    r"<caption>(.*?)</caption>",
    re.S,
)


def caption_tables_outside(body: str) -> str:
    """Move each table's caption out of the theme's horizontal scroller, above it.

    A wide table scrolls sideways on a phone; its caption should not scroll (and be
    clipped) with it. The caption becomes a paragraph that carries the table's id (so
    links to "Table 3.1" land on the caption) and names the table (aria-labelledby).
    """

    def move(match: re.Match) -> str:
        container, before, table_id, after, caption = match.groups()
        return (
            f'<p class="msbook-table-caption" id="{table_id}">{caption}</p>\n'
            f'{container}<table{before}{after} aria-labelledby="{table_id}">'
        )

    return _TABLE_CAPTION.sub(move, body)


def open_graph_tags(title: str, description: str, url: str, site_name: str) -> str:
    """Open Graph meta tags for a page at the absolute ``url``."""
    tags = {
        "og:type": "website",
        "og:site_name": site_name,
        "og:title": title,
        "og:description": description,
        "og:url": url,
    }
    return "".join(
        f'\n<meta property="{name}" content="{html.escape(value, quote=True)}" />'
        for name, value in tags.items()
        if value
    )


def sitemap_xml(urls: list[str]) -> str:
    """A sitemap (sitemaps.org protocol) listing ``urls``."""
    entries = "".join(f"  <url><loc>{html.escape(url)}</loc></url>\n" for url in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{entries}</urlset>\n"
    )


def _page_url(app: Sphinx, pagename: str) -> str:
    base = (app.config.html_baseurl or "").rstrip("/")
    return f"{base}/{pagename}{app.builder.out_suffix}" if base else ""


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    description = _description(app, pagename, doctree)
    if description:
        context["metatags"] = (
            context.get("metatags", "")
            + f'\n<meta name="description" content="{html.escape(description, quote=True)}" />'
        )
    url = _page_url(app, pagename)
    if url and pagename in app.env.all_docs:
        title = re.sub(r"<[^>]+>", "", context.get("title", ""))
        site = app.config.html_title or app.config.project
        context["metatags"] += open_graph_tags(html.unescape(title), description, url, site)
    pathto = context["pathto"]
    links = _download_links(app, pagename, pathto)
    if "body" in context:
        body = caption_tables_outside(context["body"])
        if links:
            body = _FIRST_H1.sub(lambda m: m.group(1) + _download_box(links), body, 1)
        context["body"] = body
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        group["tooltip"] = "Download or print"
        group["buttons"] = [
            {
                "type": "link",
                "url": url,
                "text": label,
                "tooltip": "Download the notebook" if url.endswith(".ipynb") else "Download the PDF",
                "icon": f"fas {_icon(url)}",
                "label": "download-ipynb-button" if url.endswith(".ipynb") else "download-pdf-button",
            }
            for label, url in links
        ] + [
            {
                "type": "javascript",
                "javascript": "window.print()",
                "text": "Print this page",
                "tooltip": "Print this page, or save it as a PDF",
                "icon": "fas fa-print",
                "label": "print-button",
            }
        ]


# --- Site-level files ------------------------------------------------------------------

REDIRECT_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{description}">
<meta http-equiv="refresh" content="0; url={target}">
<link rel="canonical" href="{canonical}">
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""


def redirect_page(app: Sphinx) -> str:
    """The root index.html: a valid page that sends the reader to the home page at once."""
    root = app.config.root_doc
    target = root + app.builder.out_suffix
    base = (app.config.html_baseurl or "").rstrip("/")
    return REDIRECT_PAGE.format(
        lang=html.escape(app.config.language or "en"),
        title=html.escape(app.config.html_title or app.config.project),
        description=html.escape(_description(app, root, None), quote=True),
        target=html.escape(target),
        canonical=html.escape(f"{base}/{target}" if base else target),
    )


def _write_root_redirect(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    (Path(app.outdir) / "index.html").write_text(redirect_page(app), encoding="utf-8")
    if app.config.html_baseurl:
        urls = [_page_url(app, doc) for doc in toc_docnames(Path(app.confdir))]
        (Path(app.outdir) / "sitemap.xml").write_text(sitemap_xml(urls), encoding="utf-8")
    if not app.config.html_copy_source:
        # Sources copied by an earlier build (they hold the instructor-only answers).
        shutil.rmtree(Path(app.outdir) / "_sources", ignore_errors=True)


#: The environment variable that sets the site's address (``html_baseurl``) for one build:
#: the Pages workflow sets it from actions/configure-pages, so that the published pages
#: get Open Graph tags, a sitemap and notebooks that install from the site itself.
SITE_URL_VARIABLE = "MSBOOK_SITE_URL"


def site_url_from_environment(config, environ=os.environ) -> str:
    """``html_baseurl`` from :data:`SITE_URL_VARIABLE` if set (with one trailing slash), else as configured."""
    url = str(environ.get(SITE_URL_VARIABLE, "") or "").strip()
    if url:
        if not re.match(r"^https?://[^\s/]+", url):
            raise ValueError(f"{SITE_URL_VARIABLE} must be an http(s) address; got {url!r}")
        config.html_baseurl = url.rstrip("/") + "/"
    return config.html_baseurl or ""


def _theme_options(app: Sphinx, config) -> None:
    site_url_from_environment(config)
    options = dict(config.html_theme_options or {})
    # The top bar's only item was a second search field (the sidebar has one).
    options["navbar_persistent"] = []
    config.html_theme_options = options


def setup(app: Sphinx) -> dict:
    app.add_post_transform(DropSharedIds)
    app.add_post_transform(UnlinkSolutionTitles)
    app.add_post_transform(BoldFirstSentence)
    app.connect("config-inited", _theme_options)
    app.connect("doctree-resolved", _link_diagrams)
    # After the theme's own hooks (priority 501 builds the header buttons).
    app.connect("html-page-context", _page_context, priority=600)
    # Before sphinx-external-toc's, which writes a bare redirect only if none exists.
    app.connect("build-finished", _write_root_redirect, priority=400)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
