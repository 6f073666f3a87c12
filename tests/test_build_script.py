"""scripts/build.sh on a small copy of the book: failures name the chapter, and a change
to the package re-executes notebooks instead of leaving stale outputs."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

FRONT = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
"""

BROKEN = FRONT + """
# A chapter that breaks

```{code-cell} ipython3
from msbook.models.infection import simulate_infection
simulate_infection(dose=-1)
```
"""

PROBE = FRONT + """
# A chapter that uses the package

```{code-cell} ipython3
from msbook.models.infection import PARAMS
print("dose label:", PARAMS["dose"].label)
```
"""


def make_book(tmp_path: Path, chapter: str) -> Path:
    """A copy of the project's build machinery with one chapter, sharing the venv and npm files."""
    book = tmp_path / "book-copy"
    for item in ("scripts", "msbook", "figures", "requirements.txt", "pyproject.toml", "_config.yml"):
        src = ROOT / item
        if src.is_dir():
            shutil.copytree(src, book / item, ignore=shutil.ignore_patterns("generated", "__pycache__"))
        else:
            shutil.copy2(src, book / item)
    (book / "vendor").mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(ROOT / "vendor" / name, book / "vendor" / name)
    (book / "vendor" / "node_modules").symlink_to(ROOT / "vendor" / "node_modules")
    # Everything the book's pages rely on (assets, templates, bibliography), but not the pages.
    shutil.copytree(ROOT / "book", book / "book", ignore=shutil.ignore_patterns("*.md"))
    (book / "book" / "intro.md").write_text("# Test book\n\nIntro.\n")
    (book / "book" / "chapter.md").write_text(chapter)
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/chapter\n")
    return book


def build(book: Path) -> subprocess.CompletedProcess:
    # The copy's kernels must import the copy's package, not the project's editable install.
    env = dict(os.environ, MSBOOK_VENV=str(ROOT / ".venv"), PYTHONPATH=str(book))
    env.pop("MSBOOK_BUILD_DIR", None)
    return subprocess.run(
        ["bash", str(book / "scripts" / "build.sh"), "--html"],
        cwd=book, env=env, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture
def tmp_book(tmp_path):
    return lambda chapter: make_book(tmp_path, chapter)


def test_failing_notebook_fails_the_build_and_names_the_chapter(tmp_book):
    book = tmp_book(BROKEN)
    result = build(book)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert "A chapter that breaks" in output, output[-3000:]
    assert "book/chapter.md" in output
    assert "dose" in output and "1 to 1000" in output, "the model's error should be shown"


def test_changing_the_package_reexecutes_notebooks(tmp_book):
    book = tmp_book(PROBE)
    page = book / "_build" / "html" / "book" / "chapter.html"
    first = build(book)
    assert first.returncode == 0, (first.stdout + first.stderr)[-3000:]
    assert "dose label: Infectious dose" in page.read_text()
    model = book / "msbook" / "models" / "infection.py"
    model.write_text(model.read_text().replace('"Infectious dose"', '"Amount of pathogen"'))
    second = build(book)
    assert second.returncode == 0, (second.stdout + second.stderr)[-3000:]
    html = page.read_text()
    assert "dose label: Amount of pathogen" in html, "stale notebook output after a package change"
    assert "Infectious dose" not in html
