"""Every chapter follows the course scaffold; glossary links resolve both ways.

Failure messages name the chapter and the missing part.
"""

import re
from pathlib import Path

import pytest

from conftest import ROOT, numbered_chapters, toc_docnames

SCAFFOLD = [
    # (part, pattern that shows it)
    ("title", r"^# \S"),
    ("reading time and prerequisites line", r"^\*Reading time: .+Prerequisites: .+\*$"),
    ("Learning objectives", r"^## Learning objectives$"),
    ("opening question or case", r"^:::\{admonition\} Opening (?:case|question)"),
    ("Key terms", r"^## Key terms$"),
    ("Summary", r"^## Summary$"),
    ("Review questions", r"^## Review questions$"),
    ("Critical thinking questions", r"^## Critical thinking questions$"),
    ("References", r"^## References$"),
]
FIXED_SECTIONS = {
    "Learning objectives", "Key terms", "Summary", "Review questions",
    "Critical thinking questions", "References",
}
MEASURABLE_VERBS = {
    "explain", "compare", "predict", "interpret", "calculate", "describe", "distinguish",
    "identify", "outline", "evaluate", "apply", "list", "name", "relate", "summarise",
    "summarize", "contrast", "use",
}


def read(docname):
    return (ROOT / f"{docname}.md").read_text(encoding="utf-8")


def content_sections(text):
    """The numbered teaching sections: `##` headings that are not fixed scaffold parts."""
    headings = re.findall(r"^## (.+)$", text, re.M)
    return [h for h in headings if h not in FIXED_SECTIONS]


def section_bodies(text):
    parts = re.split(r"^## (.+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


CHAPTERS = numbered_chapters()


def test_there_are_chapters():
    assert CHAPTERS, "no numbered chapters in _toc.yml"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_scaffold_parts_present_in_order(chapter):
    text = read(chapter)
    positions = []
    for part, pattern in SCAFFOLD:
        match = re.search(pattern, text, re.M)
        assert match, f"{chapter}: missing {part}"
        positions.append((match.start(), part))
    order = [part for _pos, part in sorted(positions)]
    assert order == [part for part, _ in SCAFFOLD], f"{chapter}: scaffold parts out of order: {order}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_learning_objectives_are_measurable(chapter):
    body = section_bodies(read(chapter))["Learning objectives"]
    items = re.findall(r"^- (\w+)", body, re.M)
    assert 3 <= len(items) <= 6, f"{chapter}: {len(items)} learning objectives, want 3-6"
    vague = [w for w in items if w.lower() not in MEASURABLE_VERBS]
    assert not vague, f"{chapter}: objectives must start with a measurable verb, not {vague}"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_section_ends_with_a_self_check_with_answer(chapter):
    text = read(chapter)
    bodies = section_bodies(text)
    sections = content_sections(text)
    assert len(sections) >= 3, f"{chapter}: only {len(sections)} numbered sections"
    for section in sections:
        body = bodies[section]
        labels = re.findall(r"^::::\{exercise\} Check your understanding\n:label: (\S+)", body, re.M)
        assert labels, f"{chapter}: section '{section}' has no Check your understanding"
        for label in labels:
            assert re.search(rf"^::::\{{solution\}} {re.escape(label)}$", body, re.M), (
                f"{chapter}: self-check {label} in '{section}' has no solution"
            )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_questions_have_hints_and_instructor_answers(chapter):
    bodies = section_bodies(read(chapter))
    for heading in ("Review questions", "Critical thinking questions"):
        questions = re.split(r"^::::\{exercise\}", bodies[heading], flags=re.M)[1:]
        assert questions, f"{chapter}: no questions under {heading}"
        for n, q in enumerate(questions, 1):
            assert ":::{dropdown} Hint" in q, f"{chapter}: {heading} question {n} has no hint"
            assert ":::{only} instructor" in q, f"{chapter}: {heading} question {n} has no answer"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_interactive_and_diagram_present(chapter):
    text = read(chapter)
    assert re.search(r"^```\{glue:figure\}", text, re.M), f"{chapter}: no interactive figure"
    assert re.search(r"^```\{figure\} \.\./figures/generated/", text, re.M), (
        f"{chapter}: no diagram from figures/"
    )
    for block in re.findall(r"^```\{figure\}.*?^```", text, re.M | re.S):
        assert re.search(r"^:alt: \S.{10,}", block, re.M), f"{chapter}: figure without alt text"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_summary_has_one_bullet_per_section(chapter):
    text = read(chapter)
    bullets = re.findall(r"^- ", section_bodies(text)["Summary"], re.M)
    assert len(bullets) == len(content_sections(text)), (
        f"{chapter}: {len(bullets)} summary bullets for {len(content_sections(text))} sections"
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_key_terms_link_to_glossary(chapter):
    body = section_bodies(read(chapter))["Key terms"]
    items = re.findall(r"^- (.*)$", body, re.M)
    assert items, f"{chapter}: Key terms is empty"
    for item in items:
        assert "{term}`" in item, f"{chapter}: key term not linked to the glossary: {item}"


def glossary_terms():
    text = read("book/glossary")
    block = re.search(r"^:::\{glossary\}\n(.*?)^:::", text, re.M | re.S).group(1)
    return {line.strip() for line in block.splitlines() if line and not line.startswith(" ")}


def linked_terms():
    linked = set()
    for doc in toc_docnames():
        for target in re.findall(r"\{term\}`([^`]+)`", read(doc)):
            match = re.search(r"<([^>]+)>$", target)
            linked.add(match.group(1) if match else target)
    return linked


def test_every_glossary_term_is_linked_and_every_link_defined():
    terms, linked = glossary_terms(), linked_terms()
    assert not linked - terms, f"links to missing glossary terms: {sorted(linked - terms)}"
    assert not terms - linked, f"glossary terms nothing links to: {sorted(terms - linked)}"


def test_front_and_back_matter_present():
    docs = toc_docnames()
    for page in ("book/intro", "book/how-to-use", "book/glossary", "book/bibliography"):
        assert page in docs, f"{page} missing from _toc.yml"
    intro = read("book/intro").lower()
    assert "not give medical advice" in intro, "Welcome page lacks the medical disclaimer"


FRONT_AND_BACK = {
    # page: (what it must contain, as regular expressions, with a name for each)
    "book/intro": [("medical disclaimer", r"not give medical advice"), ("who it is for", r"^## Who this course is for$")],
    "book/how-to-use": [("section for students", r"^## For students$"), ("section for instructors", r"^## For instructors$")],
    "book/glossary": [("glossary block", r"^:::\{glossary\}$")],
    "book/bibliography": [("the whole bibliography", r"^```\{bibliography\}\n:all:")],
    "book/accessibility": [
        ("what is tested", r"^## What we test"),
        ("known limitations", r"^## Known limitations$"),
        ("how to report a problem", r"^## Reporting a problem$"),
    ],
}


@pytest.mark.parametrize("page", sorted(FRONT_AND_BACK))
def test_front_and_back_matter_have_their_parts(page):
    assert page in toc_docnames(), f"{page} is missing from _toc.yml"
    text = read(page)
    for name, pattern in FRONT_AND_BACK[page]:
        assert re.search(pattern, text, re.M), f"{page}: missing {name}"


CLINICAL = re.compile(r"diagnos|treat|therap|trial|living", re.I)


def test_diagnosis_and_treatment_pages_show_last_reviewed_date():
    for doc in numbered_chapters():
        if CLINICAL.search(Path(doc).name):
            assert re.search(r"^\*Last reviewed: \d{4}-\d\d-\d\d", read(doc), re.M), (
                f"{doc}: pages on diagnosis and treatment show a 'Last reviewed' date"
            )
