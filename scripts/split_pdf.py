"""Cut the whole-book PDF into one PDF per chapter, using the PDF's bookmarks.

    python scripts/split_pdf.py BOOK_PDF OUT_DIR

Each chapter PDF holds exactly the chapter's pages of the book, so its chapter,
section, figure and page numbers are the book's own. Files are named after the
chapter's source file (``ch01-immune-army.pdf``), read from _toc.yml. Exits 1
if a chapter in the table of contents has no bookmark in the PDF.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from msbook.book import page_title, toc_docnames

#: The checkout this script belongs to. Its own _toc.yml decides the chapters, even when
#: the msbook package is imported from another checkout (a git worktree sharing one venv).
ROOT = Path(__file__).resolve().parent.parent


def toc_chapters() -> list[tuple[str, str]]:
    """(file stem, title) of every page in _toc.yml after the root page, in order."""
    return [(Path(doc).name, page_title(doc, ROOT)) for doc in toc_docnames(ROOT)[1:]]


def _normal(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def top_level_starts(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, first page index) of every part and chapter bookmark, in page order."""
    starts = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                if depth < 1:
                    walk(item, depth + 1)
                continue
            starts.append((item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return sorted(starts, key=lambda s: s[1])


def main(book_pdf: str, out_dir: str) -> int:
    reader = PdfReader(book_pdf)
    starts = top_level_starts(reader)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    missing = []
    for stem, title in toc_chapters():
        index = next((i for i, (t, _p) in enumerate(starts) if _normal(t) == _normal(title)), None)
        if index is None:
            missing.append(f"{stem} ({title})")
            continue
        first = starts[index][1]
        last = starts[index + 1][1] if index + 1 < len(starts) else len(reader.pages)
        writer = PdfWriter()
        for page in range(first, last):
            writer.add_page(reader.pages[page])
        writer.add_metadata({"/Title": title})
        with open(out / f"{stem}.pdf", "wb") as handle:
            writer.write(handle)
    if missing:
        print("No bookmark in the book PDF for: " + ", ".join(missing), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
