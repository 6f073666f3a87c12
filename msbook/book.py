"""Facts about the book's source: its table of contents and its pages.

Used by the build scripts and the tests, so that both read _toc.yml the same way.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _toc(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))


def toc_docnames(root: Path = ROOT) -> list[str]:
    """Every page in _toc.yml, root first, as paths without suffix (``book/intro``)."""
    toc = _toc(root)
    names = [toc["root"]]
    for part in toc.get("parts", []):
        names += [entry["file"] for entry in part.get("chapters", [])]
    return names


def numbered_chapters(root: Path = ROOT) -> list[str]:
    """The chapters proper, in order: the pages of the numbered parts of the TOC."""
    return [
        entry["file"]
        for part in _toc(root).get("parts", [])
        if part.get("numbered")
        for entry in part.get("chapters", [])
    ]


def page_title(docname: str, root: Path = ROOT) -> str:
    """The ``# `` title of a page (``docname`` as in the TOC, without suffix)."""
    path = root / f"{docname}.md"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    raise ValueError(f"{path} has no '# ' title")
