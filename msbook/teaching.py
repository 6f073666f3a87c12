"""Teaching apparatus: the instructor guide's chapter facts, and the launch-button switch.

The instructor guide's facts about each chapter, read from the chapter itself at build time.

``{chapter-guide} book/ch01-immune-army`` (in ``book/instructor-guide.md``) prints, for
that chapter: its reading time and prerequisites, its learning objectives as a table, its
interactive figures and live explorers (linked by number), and how many self-checks,
review and critical-thinking questions it has. Nothing is copied by hand, so the guide
cannot fall out of step with the chapters: when a chapter changes, Sphinx rebuilds the guide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from msbook.book import ROOT, numbered_chapters, page_title


@dataclass
class ChapterFacts:
    """What the guide says about one chapter, all taken from its source."""

    docname: str
    number: int
    title: str
    reading: str
    objectives: list[str]
    figures: list[tuple[str, str]] = field(default_factory=list)  # (label, first caption words)
    self_checks: int = 0
    review_questions: int = 0
    critical_questions: int = 0
    sections: list[str] = field(default_factory=list)


_FIXED = {"Learning objectives", "Key terms", "Summary", "Review questions",
          "Critical thinking questions", "References"}


def _section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    return match.group(1) if match else ""


def chapter_facts(docname: str) -> ChapterFacts:
    """Read a numbered chapter's source (``docname`` as in _toc.yml) and collect its facts."""
    chapters = numbered_chapters()
    if docname not in chapters:
        raise ValueError(f"{docname!r} is not a numbered chapter in _toc.yml ({', '.join(chapters)})")
    text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    reading = re.search(r"^\*Reading time: (.+)\*$", text, re.M)
    objectives = re.findall(r"^- (.+)$", _section(text, "Learning objectives"), re.M)
    figures = []
    for block in re.finditer(r"^```\{glue:figure\}[^\n]*\n(.*?)^```", text, re.M | re.S):
        body = block.group(1)
        name = re.search(r"^:name: (\S+)", body, re.M)
        caption = " ".join(l.strip() for l in body.splitlines() if l.strip() and not l.startswith(":"))
        kind = re.match(r"\*\*([^*]+?)\.?\*\*", caption)
        if name:
            figures.append((name.group(1), kind.group(1) if kind else "Figure"))
    questions = lambda heading: len(re.findall(r"^::::\{exercise\}", _section(text, heading), re.M))
    return ChapterFacts(
        docname=docname,
        number=chapters.index(docname) + 1,
        title=page_title(docname),
        reading=("Reading time: " + reading.group(1)) if reading else "",
        objectives=objectives,
        figures=figures,
        self_checks=len(re.findall(r"^::::\{exercise\} Check your understanding", text, re.M)),
        review_questions=questions("Review questions"),
        critical_questions=questions("Critical thinking questions"),
        sections=[h for h in re.findall(r"^## (.+)$", text, re.M) if h not in _FIXED],
    )


def guide_markdown(facts: ChapterFacts, page_dir: str = "book") -> str:
    """The MyST Markdown that the directive parses in place."""
    doc = facts.docname[len(page_dir) + 1:] if facts.docname.startswith(page_dir + "/") else facts.docname
    lines = [
        f"**{facts.reading}** The chapter ({{doc}}`{doc}`) has {len(facts.sections)} numbered sections, "
        f"each ending with a self-check ({facts.self_checks} in all), then "
        f"{facts.review_questions} review questions and {facts.critical_questions} critical-thinking "
        "questions, each with a hint; their answers are in the instructor edition.",
        "",
        "```{list-table} Learning objectives of chapter " + str(facts.number),
        ":header-rows: 1",
        ":widths: 1 12",
        "",
        "* - No.",
        "  - By the end of the chapter, students should be able to:",
    ]
    for n, objective in enumerate(facts.objectives, 1):
        lines += [f"* - {facts.number}.{n}", f"  - {objective}"]
    lines += ["```", ""]
    if facts.figures:
        lines.append("**Interactives in the chapter:** " + "; ".join(
            f"{{numref}}`{label}` ({kind.lower()})" for label, kind in facts.figures) + ".")
        lines.append("")
    return "\n".join(lines)


class ChapterGuide(SphinxDirective):
    """``{chapter-guide} book/chNN-name``: the chapter's facts, read from its source."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        docname = self.arguments[0].strip()
        try:
            facts = chapter_facts(docname)
        except ValueError as error:
            raise self.error(str(error)) from error
        self.env.note_dependency(str(ROOT / f"{docname}.md"))
        container = nodes.container(classes=["msbook-chapter-guide"])
        page_dir = self.env.docname.rsplit("/", 1)[0] if "/" in self.env.docname else ""
        text = guide_markdown(facts, page_dir)
        self.state.nested_parse(StringList(text.splitlines(), source=self.env.docname), self.content_offset, container)
        return [container]


#: Launch services that link to the book's repository: hidden until its address is set.
LAUNCH_KEYS = ("binderhub_url", "colab_url", "jupyterhub_url")


def launch_buttons_switch(theme_options: dict) -> dict:
    """The launch-button options in force: all off while ``repository: url:`` is empty.

    ``_config.yml`` keeps the Binder and Colab addresses permanently; the one setting
    that switches the buttons on is the repository's address (``repository: url:``).
    Without it sphinx-book-theme cannot build the links (it fails), so the services are
    blanked here. The JupyterHub button also needs ``launch_buttons: jupyterhub_url:``.
    """
    buttons = dict(theme_options.get("launch_buttons") or {})
    if not str(theme_options.get("repository_url") or "").strip():
        for key in LAUNCH_KEYS:
            if key in buttons:
                buttons[key] = ""
    return buttons


def _switch_launch_buttons(app, config) -> None:
    options = config.html_theme_options
    if isinstance(options, dict) and "launch_buttons" in options:
        options["launch_buttons"] = launch_buttons_switch(options)


def colab_opens_the_notebook(buttons: list, pagename: str, chapters: list[str], colab_url: str,
                             repository_url: str) -> list:
    """The launch buttons with Colab pointed at the chapter's published notebook.

    sphinx-book-theme links Colab to the page's source in the repository, a MyST
    Markdown file that Colab cannot open. The notebook the site publishes (answers cut,
    first cell installing the package) is on the repository's notebook branch
    (:data:`msbook.notebooks.NOTEBOOK_BRANCH`); a page without a notebook gets no Colab button.
    """
    from msbook.notebooks import colab_link

    url = colab_link(colab_url, repository_url, pagename) if pagename in chapters else ""
    kept = []
    for button in buttons:
        if str(button.get("text", "")).lower() == "colab":
            if not url:
                continue
            button = dict(button, url=url)
        kept.append(button)
    return kept


def _colab_button(app, pagename, templatename, context, doctree) -> None:
    options = app.config.html_theme_options if isinstance(app.config.html_theme_options, dict) else {}
    colab_url = str((options.get("launch_buttons") or {}).get("colab_url") or "")
    groups = [g for g in context.get("header_buttons", []) if g.get("label") == "launch-buttons"]
    if not groups or not colab_url:
        return
    from pathlib import Path

    chapters = numbered_chapters(Path(app.confdir))
    for group in groups:
        group["buttons"] = colab_opens_the_notebook(
            group.get("buttons", []), pagename, chapters, colab_url, str(options.get("repository_url") or "")
        )
    context["header_buttons"] = [g for g in context["header_buttons"]
                                 if g.get("label") != "launch-buttons" or g.get("buttons")]


def book_version(root=ROOT) -> str:
    """The book's edition number: ``version`` in pyproject.toml, the one place it is kept."""
    import tomllib

    return tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def _share_version(app, config) -> None:
    """Make the edition number available to pages (``{{ book_version }}``) and templates."""
    edition = book_version()
    substitutions = dict(config.myst_substitutions or {}) if hasattr(config, "myst_substitutions") else {}
    substitutions.setdefault("book_version", edition)
    config.myst_substitutions = substitutions
    config.version = config.release = edition


def setup(app) -> dict:
    app.add_directive("chapter-guide", ChapterGuide)
    app.connect("config-inited", _switch_launch_buttons)
    app.connect("config-inited", _share_version)
    # After sphinx-book-theme builds the launch buttons (priority 501).
    app.connect("html-page-context", _colab_button, priority=550)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
