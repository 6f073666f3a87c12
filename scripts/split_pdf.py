"""Cut the whole-book PDF into one PDF per chapter, using the PDF's bookmarks.

    python scripts/split_pdf.py BOOK_PDF OUT_DIR

Each chapter PDF holds exactly the chapter's pages of the book, so its chapter,
section, figure and page numbers are the book's own. Files are named after the
chapter's source file (``ch01-immune-army.pdf``), read from _toc.yml. Exits 1
if a chapter in the table of contents has no bookmark in the PDF.

Each chapter PDF stands alone:

* links within the chapter keep working (their named destinations are copied);
  a link to another part of the book points to that page of the web edition when
  ``MSBOOK_WEB_URL`` is set, and is removed otherwise, so no link is dead;
* the chapter's bookmarks (its sections) are copied;
* title, author, subject (book, chapter, licence) and keywords are set. (The
  chapter's first page names the book, the chapter and the licence itself: see
  ``book/latex/msbook.sty``.)
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    Destination,
    DictionaryObject,
    Fit,
    NameObject,
    TextStringObject,
)

from msbook.book import numbered_chapters, page_title, toc_docnames

#: The checkout this script belongs to. Its own _toc.yml decides the chapters, even when
#: the msbook package is imported from another checkout (a git worktree sharing one venv).
ROOT = Path(__file__).resolve().parent.parent
LICENCE = "Text and figures licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"
NOTICE = "A teaching resource, not medical advice."
#: Pages of the book that belong to no chapter but end the one before them (normalised titles).
ENDS = {"index"}


def toc_chapters() -> list[tuple[str, str]]:
    """(docname, title) of every page in _toc.yml after the root page, in order."""
    return [(doc, page_title(doc, ROOT)) for doc in toc_docnames(ROOT)[1:]]


def book_config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def web_url() -> str:
    """The web edition's address (``MSBOOK_WEB_URL``), without a trailing slash, or ''."""
    return os.environ.get("MSBOOK_WEB_URL", "").rstrip("/")


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def top_level_starts(reader: PdfReader, titles: set[str] | None = None) -> list[tuple[str, int, list]]:
    """(title, first page index, child bookmarks) of every part and chapter bookmark.

    Parts and the chapters of the front and back matter are top-level bookmarks,
    chapters of a part are one level down. With ``titles`` (normalised chapter
    titles), a second-level bookmark counts only if it is a chapter, so that the
    sections of a top-level front-matter chapter do not cut it short.
    """
    starts = []

    def walk(items, depth):
        for position, item in enumerate(items):
            if isinstance(item, list):
                if depth < 1:
                    walk(item, depth + 1)
                continue
            if depth == 1 and titles is not None and _normal(item.title) not in titles | ENDS:
                continue
            following = items[position + 1] if position + 1 < len(items) else None
            children = following if isinstance(following, list) else []
            starts.append((item.title, reader.get_destination_page_number(item), children))

    walk(reader.outline, 0)
    return sorted(starts, key=lambda s: s[1])


def _fit(dest: Destination) -> Fit:
    if dest.typ == "/XYZ":
        return Fit.xyz(left=dest.left, top=dest.top, zoom=dest.zoom)
    return Fit.fit()


def copy_outline(reader, writer, items, first, last, parent=None) -> int:
    """Copy bookmarks that point into pages [first, last) under ``parent``; return the count."""
    count, previous = 0, None
    for item in items:
        if isinstance(item, list):
            if previous is not None:
                count += copy_outline(reader, writer, item, first, last, previous)
            continue
        page = reader.get_destination_page_number(item)
        previous = None
        if first <= page < last:
            previous = writer.add_outline_item(
                title=item.title, page_number=page - first, parent=parent, fit=_fit(item)
            )
            count += 1
    return count


def page_url(page: int, starts, chapter_stems: dict[str, str]) -> str | None:
    """The web page that holds book page ``page`` (None without a web address)."""
    base = web_url()
    if not base:
        return None
    holder = None
    for title, start, _children in starts:
        if start <= page and _normal(title) in chapter_stems:
            holder = chapter_stems[_normal(title)]
        elif start <= page:
            holder = None
    return f"{base}/{holder}.html" if holder else f"{base}/index.html"


def fix_links(reader, writer, first, last, starts, chapter_stems) -> dict[str, int]:
    """Keep links inside the chapter, send others to the web edition or drop them."""
    names = reader.named_destinations
    page_of_object = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    copied: set[str] = set()
    stats = {"kept": 0, "to_web": 0, "removed": 0}
    for page in writer.pages:
        annots = page.get("/Annots")
        if not annots:
            continue
        keep = ArrayObject()
        for ref in annots:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                keep.append(ref)
                continue
            action = annot.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and action.get("/S") == "/URI":
                keep.append(ref)
                continue
            dest = action.get("/D") if action is not None else annot.get("/Dest")
            target = None
            if isinstance(dest, ArrayObject) and dest:
                target = page_of_object.get(getattr(dest[0], "idnum", None))
            elif dest is not None and str(dest) in names:
                target = reader.get_destination_page_number(names[str(dest)])
            if target is not None and first <= target < last:
                if not isinstance(dest, ArrayObject) and str(dest) not in copied:
                    named = names[str(dest)]
                    writer.add_named_destination_object(
                        Destination(
                            TextStringObject(str(dest)),
                            writer.pages[target - first].indirect_reference,
                            _fit(named),
                        )
                    )
                    copied.add(str(dest))
                if isinstance(dest, ArrayObject):
                    dest[0] = writer.pages[target - first].indirect_reference
                keep.append(ref)
                stats["kept"] += 1
                continue
            url = page_url(target, starts, chapter_stems) if target is not None else None
            if url:
                uri = DictionaryObject()
                uri[NameObject("/S")] = NameObject("/URI")
                uri[NameObject("/URI")] = TextStringObject(url)
                annot[NameObject("/A")] = uri
                if "/Dest" in annot:
                    del annot["/Dest"]
                keep.append(ref)
                stats["to_web"] += 1
            else:
                stats["removed"] += 1
        page[NameObject("/Annots")] = keep
    return stats


def main(book_pdf: str, out_dir: str) -> int:
    reader = PdfReader(book_pdf)
    config = book_config()
    book_title, author = config.get("title", ""), config.get("author", "")
    numbered = numbered_chapters(ROOT)
    chapters = toc_chapters()
    chapter_stems = {_normal(title): doc for doc, title in chapters}
    starts = top_level_starts(reader, set(chapter_stems))
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    missing = []
    for docname, title in chapters:
        stem = Path(docname).name
        index = next((i for i, (t, _p, _c) in enumerate(starts) if _normal(t) == _normal(title)), None)
        if index is None:
            missing.append(f"{stem} ({title})")
            continue
        first = starts[index][1]
        last = starts[index + 1][1] if index + 1 < len(starts) else len(reader.pages)
        writer = PdfWriter()
        for page in range(first, last):
            writer.add_page(reader.pages[page])
        fix_links(reader, writer, first, last, starts, chapter_stems)
        top = writer.add_outline_item(title=title, page_number=0, fit=Fit.fit())
        copy_outline(reader, writer, starts[index][2], first, last, parent=top)
        label = f"Chapter {numbered.index(docname) + 1}: {title}" if docname in numbered else title
        where = f" Web edition: {web_url()}/{docname}.html." if web_url() else ""
        writer.add_metadata(
            {
                "/Title": f"{label} — {book_title}",
                "/Author": author,
                "/Subject": f"{label}, from {book_title}. {LICENCE}. {NOTICE}{where}",
                "/Keywords": "immunology; multiple sclerosis; open textbook; CC BY 4.0",
                "/License": LICENCE,
                "/Creator": "msbook scripts/split_pdf.py",
            }
        )
        writer.page_mode = "/UseOutlines"
        with open(out / f"{stem}.pdf", "wb") as handle:
            writer.write(handle)
    if missing:
        print("No bookmark in the book PDF for: " + ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
