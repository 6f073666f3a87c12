"""Spelling of the book and the package, with the project's word list (.codespell-words.txt)."""

import subprocess
import sys

from conftest import ROOT

CHECKED = ["book", "msbook", "scripts", "tests", "figures", "README.md", "CONTRIBUTING.md", "_config.yml", "_toc.yml"]


def codespell(*paths, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "codespell_lib", *paths], cwd=cwd, capture_output=True, text=True
    )


def test_no_misspellings():
    result = codespell(*CHECKED)
    assert result.returncode == 0, "misspellings (add correct words to .codespell-words.txt):\n" + result.stdout


def test_codespell_catches_a_misspelling(tmp_path):
    wrong = "reci" + "eves"  # assembled so that this file itself passes the check
    (tmp_path / "page.md").write_text(f"The immune system {wrong} signals.\n")
    result = codespell(str(tmp_path / "page.md"))
    assert result.returncode != 0 and wrong in result.stdout
