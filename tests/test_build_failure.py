"""A chapter whose code raises makes the build fail, and the failure names the chapter."""

import os
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

BROKEN = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# A chapter that breaks

```{code-cell} ipython3
from msbook.models.infection import simulate_infection
simulate_infection(dose=-1)
```
"""


def test_failing_notebook_fails_the_build_and_names_the_chapter(tmp_path):
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
    (book / "book").mkdir()
    shutil.copy2(ROOT / "book" / "references.bib", book / "book" / "references.bib")
    (book / "book" / "intro.md").write_text("# Test book\n\nIntro.\n")
    (book / "book" / "broken.md").write_text(BROKEN)
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: book/intro\nchapters:\n  - file: book/broken\n"
    )
    env = dict(os.environ, MSBOOK_VENV=str(ROOT / ".venv"))
    env.pop("MSBOOK_BUILD_DIR", None)
    result = subprocess.run(
        ["bash", str(book / "scripts" / "build.sh"), "--html"],
        cwd=book, env=env, capture_output=True, text=True, timeout=600,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-2000:]
    assert "A chapter that breaks" in output, output[-3000:]
    assert "book/broken.md" in output
    assert "dose" in output and "1 to 1000" in output, "the model's error should be shown"
