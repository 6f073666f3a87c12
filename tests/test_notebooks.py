"""Every chapter page offers a clean notebook of the chapter, which installs the book's package.

Generic over the numbered chapters of _toc.yml: a new chapter needs no new test code.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import nbformat
import pytest

from conftest import ROOT, html_path, numbered_chapters
from msbook.notebooks import install_cell_source, strip_instructor, wheel_name
from msbook.teaching import book_version

_HREF = re.compile(r'href="([^"#]+\.ipynb)"')
_INSTRUCTOR_BLOCK = re.compile(r"^(:{3,})\{only\} instructor\n(.*?)^\1\s*$", re.M | re.S)


def _notebook_of(built_html: Path, docname: str) -> Path:
    page = built_html / html_path(docname)
    hrefs = set(_HREF.findall(page.read_text(encoding="utf-8")))
    assert len(hrefs) == 1, f"{docname}: links {len(hrefs)} notebooks ({sorted(hrefs)})"
    href = hrefs.pop()
    target = built_html / unquote(urljoin(page.relative_to(built_html).as_posix(), urlparse(href).path))
    assert target.is_file(), f"{docname}: its notebook link {href} has no file in the site"
    return target


def _code_cells(docname: str) -> list[str]:
    """The code of every ``{code-cell}`` of a chapter's source, without its options."""
    text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    cells = []
    for block in re.finditer(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", text, re.M | re.S):
        lines = block.group(1).splitlines()
        if lines and lines[0].strip() == "---":
            lines = lines[lines.index("---", 1) + 1 :]
        lines = [line for line in lines if not re.match(r":\w[\w-]*:", line)]
        cells.append("\n".join(lines).strip())
    return cells


def _answers(docname: str) -> list[str]:
    text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    pieces = []
    for block in _INSTRUCTOR_BLOCK.finditer(text):
        for line in block.group(2).splitlines():
            words = line.split()
            if len(words) > 6:
                pieces.append(" ".join(words[:6]))
    return pieces


@pytest.mark.parametrize("docname", numbered_chapters())
def test_chapter_offers_a_clean_notebook(built_html, docname):
    path = _notebook_of(built_html, docname)
    notebook = nbformat.read(str(path), as_version=nbformat.NO_CONVERT)
    assert notebook.nbformat == 4
    nbformat.validate(notebook)
    cells = notebook.cells
    assert cells and cells[0].cell_type == "code", f"{docname}: the first cell is not code"
    install = cells[0].source
    assert "import msbook" in install and "%pip install" in install, f"{docname}: not the install cell first"
    assert wheel_name(book_version()) in install, f"{docname}: the install cell is not pinned to the version"
    for cell in cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs") and cell.get("execution_count") is None, f"{docname}: outputs"
    code = [c.source.strip() for c in cells[1:] if c.cell_type == "code"]
    expected = _code_cells(docname)
    assert expected, f"{docname}: no code cells found in the source"
    assert code == expected, f"{docname}: the notebook's code cells differ from the chapter's"
    text = " ".join(" ".join(c.source for c in cells).split())
    assert "{only} instructor" not in text, f"{docname}: an instructor block in the notebook"
    for answer in _answers(docname):
        assert answer not in text, f"{docname}: the notebook holds an answer ({answer!r})"


def test_every_chapter_with_answers_is_checked():
    # The answer check above must have something to look for.
    assert any(_answers(docname) for docname in numbered_chapters())


def test_the_site_serves_the_wheel_at_the_book_version(built_html):
    version = book_version()
    wheel = built_html / "notebooks" / wheel_name(version)
    assert wheel.is_file(), f"no {wheel.name} in the site"
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        assert f"\nVersion: {version}\n" in archive.read(metadata).decode()
    assert "msbook/__init__.py" in names and "msbook/data/risk_factors.csv" in names


def test_strip_instructor_keeps_the_rest():
    text = "Before\n\n::::{exercise}\nQ?\n\n:::{only} instructor\n**Answer.** secret\n:::\n::::\n\nAfter\n"
    stripped = strip_instructor(text)
    assert "secret" not in stripped and "{only}" not in stripped
    web = strip_instructor("A {web}``see {numref}`fig-x` `` {print}`In print.` B\n\n:::{only} latex\nPrint.\n:::\n")
    assert web == "A see {numref}`fig-x`  B\n\n"
    assert stripped.startswith("Before") and "Q?" in stripped and stripped.rstrip().endswith("After")
    assert stripped.count("::::") == 2


def test_install_cell_installs_what_the_chapters_import():
    # Every top-level module that a chapter's code imports is msbook or installed with it.
    from msbook.notebooks import RUNTIME_PACKAGES

    installed = {"msbook"} | {name.replace("-", "_") for name in RUNTIME_PACKAGES}
    for docname in numbered_chapters():
        for code in _code_cells(docname):
            for module in re.findall(r"^\s*(?:from|import)\s+(\w+)", code, re.M):
                assert module in installed or module in sys.stdlib_module_names, f"{docname}: {module}"


def test_install_cell_uses_the_site_address_once_set():
    source = install_cell_source("9.9.9", "https://example.org/book/")
    assert "https://example.org/book/notebooks/msbook-9.9.9-py3-none-any.whl" in source
    assert "%pip install" in source and "import msbook" in source
