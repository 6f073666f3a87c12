"""Explain a failed build step: name the chapter whose notebook failed, and why.

    python scripts/explain_failure.py LOGFILE

Prints the chapter title and file for every notebook that failed to execute and
the error its code raised, then every warning or error line of the log, then the
tail of the log. Exit status 0.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# myst-nb reports a failed execution with the notebook's path.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
DOC_IN_LINE = re.compile(r"((?:[\w./-]*/)?book/[\w./-]+?\.(?:md|ipynb))")


def chapter_title(path: Path) -> str:
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return line[2:].strip()
    except OSError:
        pass
    return path.stem


def failed_notebooks(log: str) -> list[str]:
    found: list[str] = []
    for line in log.splitlines():
        if re.search(r"Executing notebook failed|execution failed|CellExecutionError|Notebook exception", line):
            for match in DOC_IN_LINE.findall(line):
                if match not in found:
                    found.append(match)
    return found


def first_error(log: str) -> str:
    """The first plain ``SomeError: message`` line: the error the notebook's code raised."""
    errors = re.findall(r"^\s*(\w+(?:Error|Exception)\b:.*)$", log, re.M)
    return errors[0].strip() if errors else ""


def main(logfile: str) -> int:
    log = ANSI.sub("", Path(logfile).read_text(encoding="utf-8", errors="replace"))
    notebooks = failed_notebooks(log)
    for nb in notebooks:
        path = Path(nb) if Path(nb).is_absolute() else ROOT / nb[nb.index("book/"):]
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        print(f"Chapter “{chapter_title(path)}” ({rel}) failed to execute.", file=sys.stderr)
    if notebooks:
        error = first_error(log)
        if error:
            print(f"  Error: {error}", file=sys.stderr)
    warnings = [
        line.strip() for line in log.splitlines()
        if re.search(r"\b(WARNING|ERROR|CRITICAL)\b", line) and "IPKernelApp" not in line
    ]
    if warnings:
        print("--- warnings and errors (warnings fail the build) ---", file=sys.stderr)
        print("\n".join(warnings[:20]), file=sys.stderr)
    print("--- last lines of the log ---", file=sys.stderr)
    print("\n".join(log.splitlines()[-30:]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
