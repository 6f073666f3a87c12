"""Every chapter keeps a claims register, and every number in its prose is in the register.

For each numbered chapter in ``_toc.yml`` there must be ``book/claims/<stem>.yml`` in the format of
the team's register (see CONTRIBUTING.md, "Keep the claims register"): ``chapter``, a ``fact_check``
block (``date``, ``by``, ``summary``) and a list of ``claims``, each with ``id`` (unique), ``text``,
``numbers``, ``source``, ``where`` and ``verdict``. A ``source`` is one or more keys of
book/references.bib (separated by ``;``), or ``model:<importable module>`` (a result the book's own
model prints), or ``arithmetic`` (derived from other entries; the ``note`` says how), or ``book``
(a number about the book itself, such as a reading time).

**Which numbers count.** The numbers are taken from the chapter's *prose*: everything a reader reads
as text, including headings, tables, figure and table captions, exercises, hints, solutions and
``{only} instructor`` answers. Left out are the front matter, code cells (and other code blocks,
``{bibliography}`` and ``{math}`` blocks), directive option lines (``:label:``, ``:name:``, ``:alt:``,
``:class:`` ...), the argument of a directive whose argument is a path, key or label (``{figure}``,
``{glue:figure}``, ``{solution}``, ``{only}``), role targets (``{numref}`...```, ``{cite}`...```,
``{term}`...```, ``{glue}`...```, ``{doc}`...```; but the text of ``{web}`...``` and ``{print}`...```
is prose), inline code, URLs and link targets, markdown list
markers (``1.``), and structural references: "chapter 3", "chapters 1 and 2", "Figure 3.2",
"section 2", "Check 1.1", "question 4", "combination 7", "signal 2", "type 1 diabetes".

**What a number is.** A run of digits with optional decimal part and thousands commas
(``3.92``, ``1,000``, ``20,626``). A run of digits joined to a letter or to a letter-and-hyphen
before it, or to a letter after it, is part of a name, not a quantity: ``CD4``, ``Th17``, ``IL-17``,
``EBNA1``, ``HLA-DRB1*15:01``, ``beta-1a``; a decade such as ``1990s`` still counts (as ``1990``).
A range is two numbers: ``3.74–4.12`` gives ``3.74`` and ``4.12``; ``95%`` gives ``95``; a minus sign
is dropped (``−4`` gives ``4``).

**Normalisation.** Thousands commas are removed on both sides, so ``1,000`` in the text matches
``"1,000"`` or ``"1000"`` in the register. Decimals are compared as written (``4.6`` is not ``4.60``).

A number in the prose that no claim of the chapter's register lists fails the test, naming the
chapter, the line and the number. A number listed in the register that the prose no longer prints
also fails (a stale entry). Numbers that the build inserts from a model (``{glue}`...``` roles) are not
in the source text; their claims list ``numbers: []`` and say in ``note`` which glue keys they cover.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from pybtex.database import parse_file

from msbook.book import ROOT, numbered_chapters

CLAIMS = ROOT / "book" / "claims"
BIB = ROOT / "book" / "references.bib"
VERDICTS = {"verified", "corrected", "hedged", "model-output", "arithmetic", "book"}
REQUIRED = ("id", "text", "numbers", "source", "where", "verdict")

# ------------------------------------------------------------------ the extractor
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|:{3,})\s*(?:\{(?P<name>[^}]+)\})?\s*(?P<arg>.*)$")
#: Directives whose body is not prose.
CODE_DIRECTIVES = {"code-cell", "code-block", "code", "sourcecode", "bibliography", "math", "raw"}
#: Directives whose argument (on the fence line) is a title that readers read.
TITLED_DIRECTIVES = {"admonition", "dropdown", "exercise", "table", "note", "tip", "warning", "important",
                     "caution", "attention", "hint", "seealso", "topic", "sidebar"}
OPTION = re.compile(r"^\s*:[\w-]+:(\s|$)")
#: Roles whose content is prose a reader reads (``{web}`...```, ``{print}`...```, see CONTRIBUTING).
PROSE_ROLE = re.compile(r"\{(?:web|print)\}(`+)(.+?)\1")
ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
INLINE_CODE = re.compile(r"`[^`]*`")
URL = re.compile(r"\]\([^)]*\)|<?https?://[^\s>)]+>?")
COMMENT = re.compile(r"<!--.*?-->")
LIST_MARKER = re.compile(r"^\s*\d+[.)]\s")
NUM = r"\d+(?:[.,]\d+)*"
STRUCTURAL_WORDS = (
    "chapter", "figure", "fig.", "table", "section", "check", "question", "combination", "part",
    "signal", "type", "step", "exercise", "item", "option", "page", "safeguard", "appendix",
)
STRUCTURAL = re.compile(
    r"\b(?:" + "|".join(re.escape(w) for w in STRUCTURAL_WORDS) + r")s?\s+" + NUM
    + r"(?:\s*(?:,|and|or|to|–|-)\s*" + NUM + r")*",
    re.I,
)
NUMBER = re.compile(r"(?<![\w*:/\\^.])(?<![A-Za-z]-)" + NUM + r"(?P<decade>s)?(?![A-Za-z\d])")
THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def normalise(number: str) -> str:
    """Compare numbers without thousands commas: "1,000" -> "1000"."""
    number = str(number).strip()
    return number.replace(",", "") if THOUSANDS.match(number) else number


def numbers_in_line(line: str) -> list[str]:
    """The numbers a reader reads in one line of prose (see the module docstring)."""
    line = COMMENT.sub(" ", line)
    line = PROSE_ROLE.sub(lambda m: " " + m.group(2) + " ", line)
    line = ROLE.sub(" ", line)
    line = INLINE_CODE.sub(" ", line)
    line = URL.sub(" ", line)
    line = LIST_MARKER.sub(" ", line)
    line = STRUCTURAL.sub(" ", line)
    found = []
    for match in NUMBER.finditer(line):
        text = match.group(0)
        if match.group("decade"):
            if not re.fullmatch(r"\d{4}s", text):
                continue  # "12s" is not a quantity we can read; skip names like it
            text = text[:-1]
        # "1,2" style runs that are not thousands groupings are separate numbers
        parts = [text] if THOUSANDS.match(text) or "," not in text else text.split(",")
        found += [p for p in parts if p]
    return found


@dataclass(frozen=True)
class Found:
    line: int
    number: str
    text: str


def prose_numbers(markdown: str) -> list[Found]:
    """Every number in the prose of a MyST chapter, with its line number (1-based)."""
    lines = markdown.splitlines()
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break
    stack: list[tuple[str, int, bool]] = []  # (fence char, length, is_code)
    found = []
    for index in range(start, len(lines)):
        line = lines[index]
        fence = FENCE.match(line)
        if fence:
            mark, name, arg = fence.group("fence"), (fence.group("name") or "").strip(), fence.group("arg").strip()
            top = stack[-1] if stack else None
            closes = top and mark[0] == top[0] and len(mark) >= top[1] and not name and not arg
            if closes:
                stack.pop()
                continue
            if top and top[2]:
                continue  # a fence-like line inside code
            is_code = mark[0] == "`" and (not name or name in CODE_DIRECTIVES)
            is_code = is_code or name in CODE_DIRECTIVES
            stack.append((mark[0], len(mark), is_code))
            if not is_code and name in TITLED_DIRECTIVES and arg:
                found += [Found(index + 1, n, line.strip()) for n in numbers_in_line(arg)]
            continue
        if stack and stack[-1][2]:
            continue
        if OPTION.match(line):
            continue
        found += [Found(index + 1, n, line.strip()) for n in numbers_in_line(line)]
    return found


# ------------------------------------------------------------------ the register
def bib_keys() -> set[str]:
    return set(parse_file(str(BIB), bib_format="bibtex").entries)


def source_problem(source: str, keys: set[str]) -> str | None:
    """Why a claim's ``source`` is not acceptable, or None."""
    source = str(source).strip()
    if source in {"arithmetic", "book"}:
        return None
    if source.startswith("model:"):
        module = source[len("model:"):].strip()
        try:
            found = importlib.util.find_spec(module)
        except (ImportError, ValueError):
            found = None
        return None if found else f"model module {module!r} cannot be imported"
    unknown = [k for k in (p.strip() for p in source.split(";")) if k not in keys]
    return f"unknown bibliography key(s) {unknown}" if unknown else None


def register_problems(register, stem: str, keys: set[str]) -> list[str]:
    """Format problems of one loaded register (a dict from YAML)."""
    if not isinstance(register, dict):
        return [f"{stem}: the register is not a mapping"]
    problems = []
    if register.get("chapter") != stem:
        problems.append(f"{stem}: 'chapter' must be {stem!r}, not {register.get('chapter')!r}")
    check = register.get("fact_check")
    if not isinstance(check, dict):
        problems.append(f"{stem}: no fact_check block")
    else:
        date = check.get("date")
        if not isinstance(date, dt.date) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(date or "")):
            problems.append(f"{stem}: fact_check.date must be a date (YYYY-MM-DD), not {date!r}")
        for field in ("by", "summary"):
            if not str(check.get(field) or "").strip():
                problems.append(f"{stem}: fact_check.{field} is missing or empty")
    claims = register.get("claims")
    if not isinstance(claims, list) or not claims:
        return problems + [f"{stem}: no claims"]
    seen = set()
    for number, claim in enumerate(claims, start=1):
        if not isinstance(claim, dict):
            problems.append(f"{stem}: claim {number} is not a mapping")
            continue
        name = f"{stem}: claim {claim.get('id', number)}"
        missing = [f for f in REQUIRED if f not in claim or (f != "numbers" and not str(claim[f] or "").strip())]
        if missing:
            problems.append(f"{name}: missing {', '.join(missing)}")
        if claim.get("id") in seen:
            problems.append(f"{name}: duplicate id")
        seen.add(claim.get("id"))
        if not isinstance(claim.get("numbers", []), list):
            problems.append(f"{name}: numbers must be a list of strings")
        if claim.get("verdict") not in VERDICTS:
            problems.append(f"{name}: verdict {claim.get('verdict')!r} is not one of {sorted(VERDICTS)}")
        if "source" in claim:
            why = source_problem(claim["source"], keys)
            if why:
                problems.append(f"{name}: source {claim['source']!r}: {why}")
            if claim.get("verdict") == "model-output" and not str(claim["source"]).startswith("model:"):
                problems.append(f"{name}: a model-output claim needs source model:<module>")
            if str(claim["source"]) == "arithmetic" and not str(claim.get("note") or "").strip():
                problems.append(f"{name}: an arithmetic claim needs a note saying what it is derived from")
    return problems


def registered_numbers(register) -> set[str]:
    return {normalise(n) for claim in register.get("claims", []) for n in (claim.get("numbers") or [])}


def unregistered(markdown: str, register, doc: str) -> list[str]:
    """Messages for numbers in the prose that no claim lists."""
    known = registered_numbers(register)
    return [
        f"{doc} line {f.line}: number {f.number} is not in the claims register: {f.text[:160]}"
        for f in prose_numbers(markdown)
        if normalise(f.number) not in known
    ]


def stale(markdown: str, register, doc: str) -> list[str]:
    """Messages for register numbers that the prose no longer prints."""
    printed = {normalise(f.number) for f in prose_numbers(markdown)}
    return [
        f"{doc}: claim {claim.get('id')} lists {n}, which the chapter's prose does not print"
        for claim in register.get("claims", [])
        for n in (claim.get("numbers") or [])
        if normalise(n) not in printed
    ]


# ------------------------------------------------------------------ the tests
CHAPTERS = numbered_chapters()


def _load(doc: str):
    path = CLAIMS / f"{Path(doc).name}.yml"
    if not path.exists():
        pytest.fail(f"{doc}: no claims register {path.relative_to(ROOT)} (see CONTRIBUTING.md, 'Keep the claims register')")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def keys():
    return bib_keys()


def test_there_are_chapters_to_check():
    assert CHAPTERS, "no numbered chapters in _toc.yml"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_register_exists_and_is_well_formed(doc, keys):
    problems = register_problems(_load(doc), Path(doc).name, keys)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("doc", CHAPTERS)
def test_every_number_in_the_prose_is_registered(doc):
    markdown = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    problems = unregistered(markdown, _load(doc), f"{doc}.md")
    assert not problems, f"{len(problems)} number(s) missing from the register:\n" + "\n".join(problems)


@pytest.mark.parametrize("doc", CHAPTERS)
def test_register_lists_no_number_the_chapter_no_longer_prints(doc):
    markdown = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    problems = stale(markdown, _load(doc), f"{doc}.md")
    assert not problems, "\n".join(problems)


# ------------------------------------------------ the extractor and checks can fail
SAMPLE = """---
kernelspec:
  name: python3
---

# A chapter

*Reading time: about 20 minutes.*

```{code-cell} ipython3
:tags: [remove-cell]
x = 99  # a code cell's number is not prose
```

About 42 in 1,000 people, see chapter 3, Figure 3.2, section 2 and question 4 {cite}`key2019`.
The odds ratio was 3.92 (3.74–4.12) for {term}`CD4 <CD4>` T cells, IL-17 and HLA-DRB1\\*15:01.

::::{exercise} Check your understanding
:label: ch09-check-2

:::{only} instructor
**Answer.** 17 of 18 people, in the 1990s.
:::
::::
"""


def test_extractor_finds_prose_numbers_and_skips_the_rest():
    numbers = [f.number for f in prose_numbers(SAMPLE)]
    assert numbers == ["20", "42", "1,000", "3.92", "3.74", "4.12", "17", "18", "1990"]
    lines = {f.number: f.line for f in prose_numbers(SAMPLE)}
    assert lines["42"] == 15 and lines["17"] == 22


def test_structural_references_code_and_roles_are_ignored():
    assert numbers_in_line("See chapters 1 and 2, Figure 3.2, Check 1.1, question 4 and combination 7.") == []
    assert numbers_in_line("{numref}`fig-ch03-forest` {cite}`bycroft2018ukb` {glue}`ch03-n-hla2` `x = 5`") == []
    assert numbers_in_line("CD8, Th17, EBNA1, beta-1a, type 1 diabetes, https://example.org/2020") == []
    # Web-only and print-only wording is prose, nested references in it are not.
    assert numbers_in_line("{web}`From 0.5 to 3.` {print}``In {numref}`fig-x`, 1.5 per day.``") == ["0.5", "3", "1.5"]
    assert prose_numbers("```{code-cell} ipython3\nx = 99\n```\n") == []
    assert prose_numbers("```{figure} ../ch03-x.*\n:name: fig-3\n:alt: 7 squares\n\nCaption with 8.\n```\n")[0].number == "8"


def test_a_number_missing_from_the_register_is_reported():
    register = {"claims": [{"numbers": ["1000", "3.92", "3.74", "4.12", "17", "18", "1990", "20"]}]}
    problems = unregistered(SAMPLE, register, "sample.md")
    assert problems == [
        "sample.md line 15: number 42 is not in the claims register: "
        "About 42 in 1,000 people, see chapter 3, Figure 3.2, section 2 and question 4 {cite}`key2019`."
    ]
    register["claims"][0]["numbers"].append("42")
    assert unregistered(SAMPLE, register, "sample.md") == []
    register["claims"][0]["numbers"].append("67")
    assert stale(SAMPLE, register, "sample.md") == ["sample.md: claim None lists 67, which the chapter's prose does not print"]


def test_normalisation_of_thousands_and_ranges():
    assert normalise("1,000") == normalise("1000") == "1000"
    assert normalise("20,626") == "20626" and normalise("3.92") == "3.92"
    assert numbers_in_line("4.3 to 245.3; 3.74–4.12; 95%; −4 to 7; 32-fold") == [
        "4.3", "245.3", "3.74", "4.12", "95", "4", "7", "32"]


def test_register_checks_catch_bad_entries():
    keys = {"bycroft2018ukb"}
    bad = {
        "chapter": "ch09-x",
        "fact_check": {"date": "soon", "by": "", "summary": "s"},
        "claims": [
            {"id": "a", "text": "t", "numbers": [], "source": "nobody2020", "where": "abstract", "verdict": "true"},
            {"id": "a", "text": "t", "numbers": [], "source": "model:msbook.models.nothing", "where": "w",
             "verdict": "model-output"},
            {"id": "b", "text": "t", "numbers": [], "source": "arithmetic", "verdict": "arithmetic"},
        ],
    }
    problems = "\n".join(register_problems(bad, "ch09-y", keys))
    for expected in ("'chapter' must be", "fact_check.date", "fact_check.by", "unknown bibliography key",
                     "not one of", "duplicate id", "cannot be imported", "missing where", "needs a note"):
        assert expected in problems, expected
    good = {
        "chapter": "ch09-y",
        "fact_check": {"date": dt.date(2026, 11, 30), "by": "x", "summary": "y"},
        "claims": [{"id": "a", "text": "t", "numbers": ["3.92"], "source": "bycroft2018ukb", "where": "Table 1",
                    "verdict": "verified"},
                   {"id": "b", "text": "t", "numbers": [], "source": "model:msbook.models.liability", "where": "w",
                    "verdict": "model-output"}],
    }
    assert register_problems(good, "ch09-y", keys) == []
