"""The book's apparatus for web and print: one numbering of questions, unnumbered apparatus.

Registered from :func:`msbook.sphinxext.setup`.

* **One numbering, a counter per kind.** sphinx-exercise numbers every exercise with
  one counter ("Exercise 1.9" on the web, "Exercise 1.10.3" in print). Here each
  numbered exercise becomes one of three enumerable kinds, chosen from where it
  stands: a "Check your understanding" self-check (``Check 1.1``), a question under
  *Review questions* (``Review question 1.3``) or under *Critical thinking questions*
  (``Critical thinking 1.2``). Sphinx numbers each kind per chapter, and the same
  number is used for the title on the web, the title in print, the title of the
  answer ("Answer to Check 1.1") and every ``{ref}``/``{numref}`` to the question.
* **Unnumbered apparatus.** Learning objectives, Key terms, Summary, Review and
  Critical thinking questions, References and the collected answers are left out
  of the section numbering on the web (headings and contents) and in print, so the
  content sections of chapter 1 are 1.1-1.6.
* **Key terms with definitions.** Each item of a chapter's *Key terms* list (a
  ``{term}`` link) gets the first sentence of its glossary definition, read from the
  glossary page: the definition is written once, in ``book/glossary.md``.
* **Print says print things.** Captions lose their web label and the sentences about
  using the page; ``{web}`` and ``{print}`` roles and ``{only} html``/``latex`` blocks
  give each output its own wording; text descriptions print as plain paragraphs.
* **Glossary and index.** A-Z headings, "Introduced in chapter N" (computed), and in
  print an index of the ``{term}`` links, after the back matter.
* **Tables in print.** Ragged right, small, column widths chosen from the content, no
  word, number or estimate broken.
* Figures are "Figure 1.2" on the web and in print.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import (
    exercise_enumerable_node,
    exercise_latex_number_reference,
    exercise_subtitle,
    exercise_title,
    solution_node,
    solution_title,
    visit_exercise_enumerable_node,
    depart_exercise_enumerable_node,
)

#: Titles of the sections that are apparatus, not content: never numbered.
APPARATUS = (
    "Learning objectives",
    "Key terms",
    "Summary",
    "Review questions",
    "Critical thinking questions",
    "References",
    "Answers to Check your understanding",
)

#: The title of a self-check exercise (its directive argument).
SELF_CHECK_TITLE = "Check your understanding"


class check_node(exercise_enumerable_node):
    """A self-check at the end of a section ("Check 1.1")."""


class review_node(exercise_enumerable_node):
    """A question under Review questions ("Review question 1.3")."""


class thinking_node(exercise_enumerable_node):
    """A question under Critical thinking questions ("Critical thinking 1.2")."""


#: Kind of exercise: (node class, figure type, label format).
KINDS = {
    "check": (check_node, "Check %s"),
    "review": (review_node, "Review question %s"),
    "thinking": (thinking_node, "Critical thinking %s"),
}
_SECTION_KIND = {"Review questions": "review", "Critical thinking questions": "thinking"}
_CLASS_KIND = {cls: kind for kind, (cls, _fmt) in KINDS.items()}


def _section_title(node: nodes.Node) -> str | None:
    """The title of the nearest section that holds ``node``."""
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is None or not parent.children or not isinstance(parent[0], nodes.title):
        return None
    return parent[0].astext().strip()


def exercise_kind(node: exercise_enumerable_node) -> str | None:
    """'check', 'review', 'thinking' or None, from the exercise's title or its section."""
    title = node.children[0] if node.children else None
    if isinstance(title, nodes.title):
        subtitles = [c for c in title.children if isinstance(c, exercise_subtitle)]
        if subtitles and subtitles[0].astext().strip() == SELF_CHECK_TITLE:
            return "check"
    return _SECTION_KIND.get(_section_title(node) or "")


class ClassifyExercises(SphinxTransform):
    """Read time: make each numbered exercise a node of its kind, so Sphinx counts kinds apart.

    Runs after sphinx-exercise has merged gated exercises (priority 10). The copy
    of the node in sphinx-exercise's registry gets the same class.
    """

    default_priority = 15

    def apply(self, **kwargs) -> None:
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for node in list(self.document.findall(exercise_enumerable_node)):
            if type(node) is not exercise_enumerable_node:
                continue
            kind = exercise_kind(node)
            if kind is None:
                continue
            cls = KINDS[kind][0]
            node.__class__ = cls
            node["classes"].append(f"msbook-{kind}")
            entry = registry.get(node.get("label"))
            if entry is not None and type(entry["node"]) is exercise_enumerable_node:
                entry["node"].__class__ = cls


def _numfig_title(node: nodes.Element) -> str:
    # Sphinx numbers only captioned enumerable nodes; every question counts.
    return _CLASS_KIND.get(type(node), "exercise")


def question_label(env, node: nodes.Element) -> str | None:
    """'Check 1.1' for a classified exercise node, from Sphinx's figure numbers."""
    kind = _CLASS_KIND.get(type(node))
    if kind is None or not node.get("ids"):
        return None
    numbers = env.toc_fignumbers.get(node.get("docname", ""), {}).get(kind, {})
    number = numbers.get(node["ids"][0])
    if not number:
        return None
    return KINDS[kind][1] % ".".join(map(str, number))


class TitleQuestions(SphinxPostTransform):
    """Titles of questions and their answers, the same on the web and in print.

    Runs before sphinx-exercise's title transforms (priority 20 and 21), which then
    leave these nodes alone. On the web the title is empty and Sphinx writes the
    number ("Check 1.1") as it does for figures; in print the title is the label.
    """

    default_priority = 19

    def run(self, **kwargs) -> None:
        latex = self.app.builder.format == "latex"
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for node in list(self.document.findall(exercise_enumerable_node)):
            label = question_label(self.env, node)
            if label is None or not isinstance(node[0], exercise_title):
                continue
            title = nodes.title()
            if latex:
                title += nodes.Text(label)
            node[0].replace_self(title)
            node.resolved_title = True
        for node in list(self.document.findall(solution_node)):
            if not node.children or not isinstance(node[0], solution_title):
                continue
            target = registry.get(node.get("target_label"), {}).get("node")
            label = question_label(self.env, target) if target is not None else None
            if label is None:
                continue
            title = nodes.title()
            title += nodes.Text("Answer to ")
            if latex:
                ref = exercise_latex_number_reference(refid=target["label"])
            else:
                uri = self.app.builder.get_relative_uri(self.env.docname, target["docname"])
                ref = nodes.reference("", "", internal=True, refuri=f"{uri}#{target['label']}")
            ref += nodes.Text(label)
            title += ref
            node["title"] = "Answer to " + label
            node[0].replace_self(title)
            node.resolved_title = True


# --- Unnumbered apparatus --------------------------------------------------------------


def is_apparatus(section: nodes.Element) -> bool:
    return (
        isinstance(section, nodes.section)
        and bool(section.children)
        and isinstance(section[0], nodes.title)
        and section[0].astext().strip() in APPARATUS
    )


def _apparatus_anchors(doctree: nodes.document) -> set[str]:
    return {"#" + s["ids"][0] for s in doctree.findall(nodes.section) if is_apparatus(s) and s["ids"]}


def _page_data(env) -> dict:
    if not hasattr(env, "msbook_pages"):
        env.msbook_pages = {}
    return env.msbook_pages


def _record_page(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: remember the page's apparatus headings and its questions by kind."""
    counters: dict[str, int] = {}
    questions = []
    for node in doctree.findall(exercise_enumerable_node):
        kind = _CLASS_KIND.get(type(node))
        if kind and node.get("ids"):
            counters[kind] = counters.get(kind, 0) + 1
            questions.append((kind, node["ids"][0], counters[kind]))
    _page_data(app.env)[app.env.docname] = {
        "apparatus": _apparatus_anchors(doctree),
        "questions": questions,
    }


def _renumber(toc: nodes.Element, numbers: dict, apparatus: set, prefix: tuple | None) -> None:
    """Number the sections in one list of a page's contents, skipping apparatus."""
    counter = 0
    for item in toc.children:
        if not isinstance(item, nodes.list_item):
            continue
        para = next((c for c in item.children if isinstance(c, addnodes.compact_paragraph)), None)
        number = prefix
        if para is not None and para.children:
            ref = para[0]
            anchor = ref.get("anchorname", "")
            old = numbers.get(anchor)
            if anchor == "":  # the page title keeps its own number
                number = old or None
            elif anchor in apparatus or prefix is None or not old:
                number = None
                numbers[anchor] = ()
                ref["secnumber"] = None
            else:
                counter += 1
                number = (*prefix, counter)
                numbers[anchor] = number
                ref["secnumber"] = list(number)
        for sub in item.children:
            if isinstance(sub, nodes.bullet_list):
                _renumber(sub, numbers, apparatus, number)


def _number_apparatus_and_questions(app: Sphinx, env) -> list[str]:
    """env-get-updated, after Sphinx numbered sections and figures.

    Sections: apparatus headings get no number and do not take one from the content
    sections (Jupyter Book's numbering ignores Sphinx's ``skip_section_number``).
    Questions: each kind is counted per chapter ("Check 1.1", "Review question 1.1"),
    in web and print alike (the LaTeX build would otherwise number per section).
    """
    for docname, page in _page_data(env).items():
        numbers = env.toc_secnumbers.get(docname)
        toc = env.tocs.get(docname)
        if numbers is not None and toc is not None and page["apparatus"]:
            _renumber(toc, numbers, page["apparatus"], None)
        chapter = tuple((numbers or {}).get("", ()) or ())[:1]
        if page["questions"]:
            figures = env.toc_fignumbers.setdefault(docname, {})
            for kind, node_id, n in page["questions"]:
                figures.setdefault(kind, {})[node_id] = (*chapter, n)
    return []


def _purge(app: Sphinx, env, docname: str) -> None:
    _page_data(env).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    _page_data(env).update({d: p for d, p in _page_data(other).items() if d in docnames})


class UnnumberedApparatusInPrint(SphinxPostTransform):
    """LaTeX: apparatus sections are set without numbers (they stay in the contents)."""

    default_priority = 900
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for section in list(self.document.findall(nodes.section)):
            if is_apparatus(section):
                section.insert(0, nodes.raw("", "\\msbookunnumbered\n", format="latex"))
                section.append(nodes.raw("", "\\msbooknumbered\n", format="latex"))


# --- Key terms with their glossary definitions -----------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def first_sentence(text: str) -> str:
    """The first sentence of a glossary definition (without its "Introduced in" line)."""
    text = re.split(r"\s*Introduced in\b", " ".join(text.split()))[0].strip()
    return _SENTENCE_END.split(text, maxsplit=1)[0].strip()


def glossary_definitions(env) -> dict[tuple[str, str], str]:
    """(glossary docname, term id) -> first sentence of the definition."""
    cache = getattr(env, "_msbook_glossary_cache", None)
    if cache is not None:
        return cache
    cache = {}
    std = env.get_domain("std")
    docnames = {docname for (kind, _name), (docname, _id) in std.objects.items() if kind == "term"}
    for docname in docnames:
        doctree = env.get_doctree(docname)
        for item in doctree.findall(nodes.definition_list_item):
            definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
            if definition is None:
                continue
            paragraph = next(iter(definition.findall(nodes.paragraph)), None)
            sentence = first_sentence(paragraph.astext()) if paragraph is not None else ""
            for term in item.findall(nodes.term):
                for term_id in term["ids"]:
                    cache[(docname, term_id)] = sentence
    env._msbook_glossary_cache = cache
    return cache


class KeyTermsWithDefinitions(SphinxPostTransform):
    """Each Key terms item, a {term} link, gets its glossary definition's first sentence.

    Runs before references are resolved (priority 10), while each item still names
    its term. The list gets the class ``msbook-keyterms`` (set in two columns in print).
    """

    default_priority = 5

    def run(self, **kwargs) -> None:
        std = self.env.get_domain("std")
        for section in list(self.document.findall(nodes.section)):
            if not section.children or section[0].astext().strip() != "Key terms":
                continue
            definitions = glossary_definitions(self.env)
            for blist in section.findall(nodes.bullet_list):
                blist["classes"].append("msbook-keyterms")
                for item in blist.children:
                    xrefs = [x for x in item.findall(addnodes.pending_xref) if x.get("reftype") == "term"]
                    if not xrefs or not item.children or not isinstance(item[0], nodes.paragraph):
                        continue
                    target = xrefs[0]["reftarget"]
                    found = std.objects.get(("term", target.lower())) or std.objects.get(("term", target))
                    if not found:
                        continue
                    sentence = definitions.get(found)
                    if sentence:
                        item[0] += nodes.Text(": ")
                        item[0] += nodes.inline(sentence, sentence, classes=["msbook-keyterm-definition"])
            if self.app.builder.format == "latex":
                for blist in list(section.findall(nodes.bullet_list)):
                    index = blist.parent.index(blist)
                    blist.parent.insert(index, nodes.raw("", "\\begin{msbookkeyterms}\n", format="latex"))
                    blist.parent.insert(index + 2, nodes.raw("", "\\end{msbookkeyterms}\n", format="latex"))


# --- Answers at the back, hints run in (print) ---------------------------------------

#: Title of the generated section that collects a chapter's self-check answers.
ANSWERS_TITLE = "Answers to Check your understanding"
#: Title of the instructor edition's appendix of review and critical-thinking answers.
INSTRUCTOR_APPENDIX_TITLE = "Answers to review and critical thinking questions"


def _dropdown_body(box: nodes.container) -> list[nodes.Node]:
    """The nodes inside a sphinx-design dropdown, below its title, without the body's wrapper."""
    content: list[nodes.Node] = []
    for child in box.children[1:]:
        if isinstance(child, nodes.container) and not child.get("design_component"):
            content.extend(child.children)
        else:
            content.append(child)
    return content


def _raw(text: str) -> nodes.raw:
    return nodes.raw("", text, format="latex")


def _tex_escape(text: str) -> str:
    """Plain text for a LaTeX argument: the special characters escaped."""
    special = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
               "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(special.get(c, c) for c in text)


def _chapter_section(node: nodes.Node) -> nodes.section | None:
    """The outermost section holding ``node``: its chapter (or page)."""
    found = None
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            found = parent
        parent = parent.parent
    return found


def _content_children(solution: nodes.Element) -> list[nodes.Node]:
    """A solution's content, without its title and the wrapping section."""
    children = []
    for child in solution.children[1:]:
        if isinstance(child, nodes.section) and not any(isinstance(c, nodes.title) for c in child):
            children.extend(child.children)
        else:
            children.append(child)
    return children


class HintsRunIn(SphinxPostTransform):
    """Print: a "Hint" dropdown becomes a small paragraph that starts "Hint." (run in)."""

    default_priority = 30
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for box in list(self.document.findall(nodes.container)):
            if box.get("design_component") != "dropdown" or not box.children:
                continue
            title = box[0]
            if not isinstance(title, nodes.rubric) or title.astext().strip() != "Hint":
                continue
            content = _dropdown_body(box)
            first = next((c for c in content if isinstance(c, nodes.paragraph)), None)
            if first is not None:
                first.insert(0, nodes.emphasis("Hint.", "Hint."))
                first.insert(1, nodes.Text(" "))
            box.replace_self([_raw("\\begin{msbookhint}\n"), *content, _raw("\\end{msbookhint}\n")])


class AnswersAtTheBack(SphinxPostTransform):
    """Print: self-check answers at the end of their chapter; review answers in an appendix.

    * Each answer to a "Check" question moves to a generated, unnumbered section
      "Answers to Check your understanding" at the end of its chapter (before the
      References), and the question box ends with "Answer on page N", a link.
    * The answers to review and critical-thinking questions (``{only} instructor``) are
      taken out of the text in both editions; the instructor edition prints them in an
      appendix after the back matter. So both editions have the same text on the same
      pages, and the instructor edition only adds pages at the end.

    Runs after the titles are resolved (priority 19-21) and before Sphinx drops the
    ``only`` blocks of the other edition (priority 50).
    """

    default_priority = 30
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        self._self_checks()
        self._instructor_answers()

    def _self_checks(self) -> None:
        registry = getattr(self.env, "sphinx_exercise_registry", {})
        questions = {n.get("label"): n for n in self.document.findall(check_node)}
        by_chapter: dict[int, tuple[nodes.section, list]] = {}
        for solution in list(self.document.findall(solution_node)):
            target = registry.get(solution.get("target_label"), {}).get("node")
            question = questions.get(solution.get("target_label"))
            if not isinstance(target, check_node) or question is None:
                continue
            chapter = _chapter_section(solution)
            if chapter is None:
                continue
            label = question_label(self.env, target) or target["label"]
            key = "msbook-answer:" + target["label"]
            question += _raw(f"\\msbookansweron{{{key}}}\n")
            entry = [
                _raw(f"\\begin{{msbookanswer}}{{{key}}}{{exercise:{target['label']}}}{{{label}}}\n"),
                *_content_children(solution),
                _raw("\\end{msbookanswer}\n"),
            ]
            solution.parent.remove(solution)
            by_chapter.setdefault(id(chapter), (chapter, []))[1].extend(entry)
        for chapter, entries in by_chapter.values():
            section = nodes.section(ids=[f"msbook-answers-{len(chapter['ids']) and chapter['ids'][0]}"])
            section += nodes.title(ANSWERS_TITLE, ANSWERS_TITLE)
            section.extend(entries)
            references = [
                c for c in chapter.children
                if isinstance(c, nodes.section) and c[0].astext().strip() == "References"
            ]
            if references:
                chapter.insert(chapter.index(references[0]), section)
            else:
                chapter.append(section)

    def _instructor_answers(self) -> None:
        instructor = self.app.tags.has("instructor")
        chapters: dict[int, tuple[nodes.section, list]] = {}
        answered = False
        for question in list(self.document.findall(exercise_enumerable_node)):
            if not isinstance(question, (review_node, thinking_node)):
                continue
            label = question_label(self.env, question) or question.get("label", "")
            for block in list(question.findall(addnodes.only)):
                if block.get("expr", "").strip() != "instructor":
                    continue
                block.parent.remove(block)
                answered = True
                if instructor:
                    chapter = _chapter_section(question)
                    entry = [
                        _raw(f"\\begin{{msbookanswer}}{{msbook-key:{question['label']}}}"
                             f"{{exercise:{question['label']}}}{{{label}}}\n"),
                        *block.children,
                        _raw("\\end{msbookanswer}\n"),
                    ]
                    chapters.setdefault(id(chapter), (chapter, []))[1].extend(entry)
        if not instructor and answered:
            # The student edition keeps an invisible contents line where the instructor
            # edition lists its appendix, so that both have the same page numbers.
            self._at_end([_raw("\\msbookstudentappendixplaceholder\n")])
            return
        if not chapters:
            return
        appendix = nodes.section(ids=["msbook-instructor-answers"])
        appendix += nodes.title(INSTRUCTOR_APPENDIX_TITLE, INSTRUCTOR_APPENDIX_TITLE)
        for chapter, entries in chapters.values():
            title = chapter[0].astext() if chapter is not None else ""
            number = ""
            for node in chapter.findall(exercise_enumerable_node):
                found = question_label(self.env, node)
                if found:
                    number = found.rsplit(" ", 1)[1].split(".")[0]
                    break
            heading = f"Chapter {number}. {title}" if number else title
            sub = nodes.section(ids=[f"msbook-instructor-answers-{number or len(appendix)}"])
            sub += nodes.title(heading, heading)
            sub.extend(entries)
            appendix += sub
        self._at_end([_raw("\\msbookinstructorappendix\n"), appendix])

    def _at_end(self, new_nodes: list) -> None:
        """Put ``new_nodes`` after the book's last file (where the instructor appendix goes)."""
        last = list(self.document.findall(addnodes.start_of_file))
        if last:
            holder = last[-1]
            holder.parent.insert(holder.parent.index(holder) + 1, new_nodes)
        else:
            self.document += new_nodes


# --- Reference lists: author-year, unnumbered, alphabetical ------------------------------

#: Entries list at most this many authors; more become the first three and "et al.".
MAX_AUTHORS = 3


def _register_bibtex_style() -> None:
    """The pybtex style ``msbook``: sphinxcontrib-bibtex's plain style with the author rule."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style as Plain
    from pybtex.style.template import FieldIsMissing, join, node, sentence

    @node
    def names_et_al(children, context, role, **kwargs):
        try:
            persons = context["entry"].persons[role]
        except KeyError:
            raise FieldIsMissing(role, context["entry"])
        style = context["style"]
        persons = [p for p in persons if " ".join(p.last_names).lower() != "others"]
        more = len(context["entry"].persons[role]) > len(persons) or len(persons) > MAX_AUTHORS
        formatted = [style.format_name(p, style.abbreviate_names) for p in persons[:MAX_AUTHORS]]
        if more:
            return join(sep=", ")[formatted + ["et al."]].format_data(context)
        return join(**kwargs)[formatted].format_data(context)

    class Style(Plain):
        default_sorting_style = "author_year_title"
        default_name_style = "lastfirst"  # "Segal, B. M.": the list reads alphabetically

        def __init__(self, *args, **kwargs):
            kwargs["abbreviate_names"] = True
            super().__init__(*args, **kwargs)

        def format_names(self, role, as_sentence=True):
            formatted = names_et_al(role, sep=", ", sep2=" and ", last_sep=", and ")
            return sentence[formatted] if as_sentence else formatted

    register_plugin("pybtex.style.formatting", "msbook", Style, force=True)
    _register_reference_style()


def _is_others(person) -> bool:
    return " ".join(person.last_names).lower() == "others"


def _register_reference_style() -> None:
    """The in-text citation style ``msbook_author_year``: sphinxcontrib-bibtex's author_year,
    except that a BibTeX author list ending in "and others" gives "Smith et al., 2015", not
    "Smith and others, 2015" (pybtex reads "others" as a person)."""
    from dataclasses import dataclass, field

    from pybtex.richtext import Text
    from pybtex.style.template import FieldIsMissing
    from sphinxcontrib.bibtex.plugin import register_plugin
    from sphinxcontrib.bibtex.style.referencing import PersonStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
    from sphinxcontrib.bibtex.style.template import field as entry_field
    from sphinxcontrib.bibtex.style.template import first_of, join, node, optional, tag

    @node
    def names_et_al(children, data, role, **kwargs):
        try:
            persons = data["entry"].persons[role]
        except KeyError:
            raise FieldIsMissing(role, data["entry"])
        style = data["style"]
        named = [p for p in persons if not _is_others(p)]
        formatted = [style.person.style_plugin.format(p, style.person.abbreviate) for p in named]
        if len(named) < len(persons) and formatted:
            return Text(formatted[0].format_data(data), kwargs.get("other") or style.person.other)
        return join(**kwargs)[formatted].format_data(data)

    @node
    def author_or_editor_or_title(children, data, **kwargs):
        return first_of[
            optional[names_et_al("author", **kwargs)],
            optional[names_et_al("editor", **kwargs)],
            tag("em")[entry_field("title")],
        ].format_data(data)

    @dataclass
    class BookPersonStyle(PersonStyle):
        def _separators(self, full: bool) -> dict:
            return dict(sep=self.sep, sep2=self.sep2, last_sep=self.last_sep, other=None if full else self.other)

        def names(self, role: str, full: bool):
            return names_et_al(role=role, **self._separators(full))

        def author_or_editor_or_title(self, full: bool):
            return author_or_editor_or_title(**self._separators(full))

    @dataclass
    class BookAuthorYear(AuthorYearReferenceStyle):
        person: PersonStyle = field(default_factory=BookPersonStyle)

    register_plugin("sphinxcontrib.bibtex.style.referencing", "msbook_author_year", BookAuthorYear, force=True)


def _sort_key(text: str) -> str:
    return re.sub(r"[^0-9a-z ]+", "", text.casefold()).strip()


class ReferenceLists(SphinxPostTransform):
    """Reference lists without numbers and backlinks, alphabetical, where they stand.

    Each citation becomes a paragraph (class ``msbook-reference``) that keeps the
    citation's ids, so in-text author-year citations still link to it; the entries
    of a list are sorted by their text (first author, year). In print each entry gets
    a hyperref target with the name Sphinx's LaTeX writer links to (``cite.DOC:ID``),
    and the list is set with a hanging indent. Runs before Sphinx's LaTeX
    ``BibliographyTransform`` (750), which would move all entries to the end.
    """

    default_priority = 690

    def run(self, **kwargs) -> None:
        latex = self.app.builder.format == "latex"
        groups: dict[int, list[nodes.citation]] = {}
        for citation in self.document.findall(nodes.citation):
            groups.setdefault(id(citation.parent), []).append(citation)
        for citations in groups.values():
            parent = citations[0].parent
            entries = []
            for citation in citations:
                entry = nodes.paragraph(classes=["msbook-reference"])
                entry["ids"] = list(citation["ids"])
                for child in citation.children:
                    if isinstance(child, nodes.label):
                        continue
                    if isinstance(child, nodes.paragraph):
                        entry.extend(child.children)
                    else:
                        entry += child
                key = _sort_key(entry.astext())
                if latex:
                    docname = citation.get("docname") or self._docname(citation)
                    targets = "".join(f"\\hypertarget{{cite.{docname}:{i}}}{{}}" for i in citation["ids"])
                    entry.insert(0, nodes.raw("", targets, format="latex"))
                entries.append((key, entry))
            entries.sort(key=lambda pair: pair[0])
            index = parent.index(citations[0])
            for citation in citations:
                parent.remove(citation)
            new = [entry for _key, entry in entries]
            if latex:
                new = [_raw("\\begin{msbookreferences}\n"), *new, _raw("\\end{msbookreferences}\n")]
            for offset, item in enumerate(new):
                parent.insert(index + offset, item)

    def _docname(self, node: nodes.Node) -> str:
        parent = node.parent
        while parent is not None:
            if isinstance(parent, addnodes.start_of_file):
                return parent["docname"]
            parent = parent.parent
        return self.env.docname


class FrontMatterInPrint(SphinxPostTransform):
    """Print: the welcome (root page) gets a heading, and no second contents list.

    The root page's "Contents" section lists the chapters for the web; the PDF has
    its own table of contents.
    """

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        root = next(iter(self.document.findall(nodes.section)), None)
        if root is None:
            return
        for section in list(root.children):
            if isinstance(section, nodes.section) and section[0].astext().strip() == "Contents":
                # Keep the inlined chapters (start_of_file nodes), drop the heading and list.
                kept = [c for c in section.children[1:] if any(
                    isinstance(n, addnodes.start_of_file) for n in c.findall(include_self=True))]
                index = root.index(section)
                root.remove(section)
                for offset, child in enumerate(kept):
                    root.insert(index + offset, child)
        root.insert(1, _raw("\\msbookwelcome\n"))


# --- Print says print things: web-only wording ---------------------------------------
#
# Three tools, from the most automatic to the most explicit (CONTRIBUTING, "Add an
# interactive figure"):
#
# * A figure caption's web label (a leading bold "Interactive." or "Live explorer, ...")
#   is dropped in print, and so is every caption sentence that asks the reader to use
#   the page (move a slider, hover, click, tap, step through): ``PrintCaptions``.
# * Inline, ``{web}`...``` text appears only on the web and ``{print}`...``` text only in
#   print (for a caption's or a sentence's print wording); in a caption, a sentence
#   marked this way is never dropped by the rule above.
# * Whole paragraphs: ``:::{only} html`` and ``:::{only} latex`` blocks.
#
# A ``:::{dropdown} Text description of the figure`` is a plain small paragraph in print,
# run in with "Figure 1.2 in words." (``TextDescriptionsInPrint``).

#: A caption's leading bold label that only makes sense on the web.
WEB_LABEL = re.compile(r"^\s*(?:Interactive|Live explorer)\b[^.]*\.?\s*$")
#: The same label at the start of a longer bold run ("Interactive. Simulated on a template.").
WEB_LABEL_PREFIX = re.compile(r"^\s*(?:Interactive|Live explorer)\b[^.]*\.\s+")
#: A caption sentence that asks the reader to use the page.
WEB_ONLY_SENTENCE = re.compile(
    r"\bslider|\bhover(?:s|ing)?\b|\bclick(?:s|ing)?\b|\btap(?:s|ping)?\b|\bmouse\b"
    r"|\bstep(?:s|ping)? through\b|\bzoom\b",
    re.I,
)
#: Where a caption sentence ends: . ! or ? and a space.
_CAPTION_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: The title of a figure's long description (a sphinx-design dropdown).
TEXT_DESCRIPTION = re.compile(r"^\s*Text description\b", re.I)


def _only_role(expr: str):
    """A role whose content (parsed as MyST) is kept only in builds that match ``expr``."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        node = addnodes.only(expr=expr)
        # MyST's inliner ignores the memo (and has none); docutils' own keeps one.
        memo = inliner.__dict__.get("memo")
        parsed, messages = inliner.parse(text, lineno, memo, node)
        node.extend(parsed)
        return [node], messages

    return role


def _split_sentences(children: list[nodes.Node]) -> list[list[nodes.Node]]:
    """A caption's children grouped into sentences; an ``only`` node is a sentence of its own."""
    sentences: list[list[nodes.Node]] = [[]]
    for child in children:
        if isinstance(child, addnodes.only):
            sentences += [[child], []]
        elif isinstance(child, nodes.Text):
            text = str(child)
            start = 0
            for match in _CAPTION_SENTENCE_END.finditer(text):
                sentences[-1].append(nodes.Text(text[start:match.end()]))
                sentences.append([])
                start = match.end()
            if text[start:]:
                sentences[-1].append(nodes.Text(text[start:]))
        else:
            sentences[-1].append(child)
    return [s for s in sentences if s]


def print_caption(caption: nodes.Element) -> None:
    """Drop a caption's web label and its sentences about using the page (in place)."""
    children = list(caption.children)
    lead = next((i for i, c in enumerate(children) if c.astext().strip()), None)
    strong = children[lead] if lead is not None and isinstance(children[lead], nodes.strong) else None
    if strong is not None and WEB_LABEL.match(strong.astext()):
        del children[lead]
        if lead < len(children) and isinstance(children[lead], nodes.Text):
            children[lead] = nodes.Text(str(children[lead]).lstrip())
    elif strong is not None and len(strong) == 1 and isinstance(strong[0], nodes.Text):
        # "**Interactive. Simulated on a template.**": keep the bold words after the label.
        rest = WEB_LABEL_PREFIX.sub("", str(strong[0]), count=1)
        if rest != str(strong[0]) and rest.strip():
            strong[0] = nodes.Text(rest)
    kept = []
    for sentence in _split_sentences(children):
        marked = len(sentence) == 1 and isinstance(sentence[0], addnodes.only)
        if not marked and WEB_ONLY_SENTENCE.search("".join(n.astext() for n in sentence)):
            continue
        kept.extend(sentence)
    caption.children = []
    caption.extend(kept)


class PrintCaptions(SphinxPostTransform):
    """Print: figure captions lose their web label and the sentences about using the page.

    Runs before Sphinx keeps or drops ``only`` nodes (priority 50), so that sentences an
    author marked with ``{web}`` or ``{print}`` are left to that rule.
    """

    default_priority = 40
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for caption in list(self.document.findall(nodes.caption)):
            if isinstance(caption.parent, nodes.figure):
                print_caption(caption)


class TextDescriptionsInPrint(SphinxPostTransform):
    """Print: a "Text description of the figure" dropdown becomes plain small paragraphs.

    They start with "Figure 1.2 in words." (a reference to the figure before them in the
    text). Runs before references are resolved (priority 10).
    """

    default_priority = 5
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        last_figure = None
        docname = self.env.docname
        for node in list(self.document.findall(nodes.Element)):
            if isinstance(node, addnodes.start_of_file):
                docname = node["docname"]
            if isinstance(node, nodes.figure) and node.get("ids"):
                last_figure = (docname, node["ids"][0])
                continue
            if not (isinstance(node, nodes.container) and node.get("design_component") == "dropdown"):
                continue
            if not node.children or not isinstance(node[0], nodes.rubric):
                continue
            if not TEXT_DESCRIPTION.match(node[0].astext()):
                continue
            content = _dropdown_body(node)
            first = next((c for c in content if isinstance(c, nodes.paragraph)), None)
            if first is not None:
                lead = nodes.emphasis()
                if last_figure is not None:
                    ref = addnodes.pending_xref(
                        "", refdomain="std", reftype="numref", reftarget=last_figure[1],
                        refdoc=last_figure[0], refexplicit=True, refwarn=False,
                    )
                    ref += nodes.inline("Figure %s", "Figure %s")
                    lead += ref
                    lead += nodes.Text(" in words.")
                else:
                    lead += nodes.Text("The figure in words.")
                first.insert(0, lead)
                first.insert(1, nodes.Text(" "))
            node.replace_self([_raw("\\begin{msbookdescription}\n"), *content, _raw("\\end{msbookdescription}\n")])


# --- Glossary A-Z and "Introduced in chapter N"; the printed index ----------------------
#
# * The glossary (``book/glossary.md``, one ``{glossary}`` block in alphabetical order) is
#   set in letter groups with an A-Z heading each (on the web an A-Z line of links).
# * Each entry ends "Introduced in chapter N.", computed: the first numbered chapter, in
#   ``_toc.yml`` order, that links the term with ``{term}``. A hand-written "Introduced
#   in ..." line in the source is replaced by it.
# * Print: every ``{term}`` link in the text is an index entry (the glossary's own entry,
#   in bold, is Sphinx's); the index is printed after the back matter, before the
#   instructor edition's appendix, so both editions have the same pages.

#: Class of the A-Z headings of the glossary.
GLOSSARY_LETTER = "msbook-glossary-letter"
_INTRODUCED = re.compile(r"\s*Introduced in\b.*$", re.S)


def _letter(term: str) -> str:
    first = term.strip()[:1].upper()
    return first if first.isalpha() else "#"


def _strip_introduced(definition: nodes.Element) -> None:
    """Remove a hand-written "Introduced in ..." from the end of a definition."""
    for paragraph in definition.findall(nodes.paragraph):
        for index, child in enumerate(list(paragraph.children)):
            if isinstance(child, nodes.Text) and "Introduced in" in str(child):
                for later in list(paragraph.children)[index + 1:]:
                    paragraph.remove(later)
                kept = _INTRODUCED.sub("", str(child)).rstrip()
                paragraph.replace(child, nodes.Text(kept))
                return


class GlossaryLetters(SphinxTransform):
    """Read time: the glossary in letter groups, each under an A-Z heading."""

    default_priority = 900

    def apply(self, **kwargs) -> None:
        for glossary in list(self.document.findall(addnodes.glossary)):
            lists = [c for c in glossary.children if isinstance(c, nodes.definition_list)]
            if len(lists) != 1:
                continue
            groups: dict[str, list[nodes.definition_list_item]] = {}
            for item in lists[0].children:
                terms = [c for c in item.children if isinstance(c, nodes.term)]
                definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
                if definition is not None:
                    _strip_introduced(definition)
                letter = _letter(terms[0].astext()) if terms else "#"
                groups.setdefault(letter, []).append(item)
            if len(groups) < 2:
                continue
            new: list[nodes.Node] = []
            jump = nodes.paragraph(classes=["msbook-glossary-jump"])
            for number, letter in enumerate(groups):
                ref = nodes.reference("", letter, internal=True, refid=f"glossary-{letter.lower()}")
                jump += [nodes.Text(" ")] if number else []
                jump += ref
            only = addnodes.only(expr="html")
            only += jump
            new.append(only)
            for letter, items in groups.items():
                rubric = nodes.rubric(letter, letter, ids=[f"glossary-{letter.lower()}"],
                                      classes=[GLOSSARY_LETTER])
                part = addnodes.glossary()
                part.attributes.update({k: v for k, v in glossary.attributes.items() if k not in ("ids", "names")})
                dlist = nodes.definition_list(classes=list(lists[0]["classes"]))
                dlist.extend(items)
                part += dlist
                new += [rubric, part]
            glossary.replace_self(new)


def _first_chapters(app: Sphinx, env) -> list[str]:
    """env-updated: for each glossary term, the first numbered chapter that links it."""
    from msbook.book import numbered_chapters

    std = env.get_domain("std")
    first: dict[tuple[str, str], str] = {}
    try:
        chapters = numbered_chapters(Path(app.srcdir))
    except (OSError, KeyError, TypeError):
        chapters = []
    for docname in chapters:
        if docname not in env.all_docs:
            continue
        for xref in env.get_doctree(docname).findall(addnodes.pending_xref):
            if xref.get("reftype") != "term" or _in_instructor_block(xref):
                continue
            target = xref["reftarget"]
            found = std.objects.get(("term", target.lower())) or std.objects.get(("term", target))
            if found and found not in first:
                first[found] = docname
    env.msbook_first_chapter = first
    glossaries = sorted({docname for (docname, _id) in first})
    return [d for d in glossaries if d in env.all_docs]


def _in_instructor_block(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, addnodes.only) and parent.get("expr", "").strip() == "instructor":
            return True
        parent = parent.parent
    return False


class IntroducedIn(SphinxPostTransform):
    """Each glossary entry ends "Introduced in chapter N." (a link to the chapter).

    Runs before references are resolved (priority 10).
    """

    default_priority = 5

    def run(self, **kwargs) -> None:
        first = getattr(self.env, "msbook_first_chapter", {})
        pages = _docnames(self.document, self.env.docname)
        for glossary in self.document.findall(addnodes.glossary):
            page = pages.get(id(glossary), self.env.docname)
            for item in glossary.findall(nodes.definition_list_item):
                ids = [i for term in item.findall(nodes.term) for i in term["ids"]]
                chapter = next((first[(page, i)] for i in ids if (page, i) in first), None)
                definition = next((c for c in item.children if isinstance(c, nodes.definition)), None)
                numbers = self.env.toc_secnumbers.get(chapter or "", {}).get("", ())
                if chapter is None or definition is None or not numbers:
                    continue
                paragraphs = [p for p in definition.children if isinstance(p, nodes.paragraph)]
                if not paragraphs:
                    continue
                label = f"chapter\u00a0{numbers[0]}"  # never "chapter" at a line's end
                xref = addnodes.pending_xref(
                    "", refdomain="std", reftype="doc", reftarget="/" + chapter,
                    refdoc=page, refexplicit=True, refwarn=True,
                )
                xref += nodes.inline(label, label)
                paragraphs[-1] += [nodes.Text(" Introduced in "), xref, nodes.Text(".")]


class GlossaryLetterHeadings(SphinxPostTransform):
    """The glossary's A-Z headings: ``<h2>`` on the web, ``\\msbookglossaryletter`` in print."""

    default_priority = 40

    def run(self, **kwargs) -> None:
        latex = self.app.builder.format == "latex"
        for rubric in list(self.document.findall(nodes.rubric)):
            if GLOSSARY_LETTER not in rubric["classes"]:
                continue
            letter = rubric.astext()
            anchor = rubric["ids"][0] if rubric["ids"] else ""
            rubric["ids"] = []  # written by the heading itself, not moved to the raw node
            if latex:
                rubric.replace_self(_raw("\\msbookglossaryletter{%s}\n" % letter))
            elif self.app.builder.format == "html":
                rubric.replace_self(nodes.raw(
                    "", f'<h2 class="{GLOSSARY_LETTER}" id="{anchor}">{letter}</h2>\n', format="html"))


class IndexInPrint(SphinxPostTransform):
    """Print: each ``{term}`` link in the text becomes an index entry.

    The glossary page itself and the Key terms lists add none (the glossary's own
    entry, in bold, is Sphinx's). Runs before references are resolved (priority 10);
    the entries inside the instructor edition's appendix are taken out again after
    ``AnswersAtTheBack`` (``IndexAfterBackMatter``).
    """

    default_priority = 6
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        std = self.env.get_domain("std")
        names = _term_names(self.env)
        glossary_docs = {docname for (docname, _id) in names}
        pages = _docnames(self.document, self.env.docname)
        for xref in list(self.document.findall(addnodes.pending_xref)):
            if xref.get("reftype") != "term":
                continue
            if pages.get(id(xref)) in glossary_docs:
                continue
            section = _section_title(xref)
            if section == "Key terms":
                continue
            target = xref["reftarget"]
            found = std.objects.get(("term", target.lower())) or std.objects.get(("term", target))
            name = names.get(found) if found else None
            if not name:
                continue
            # Read as an argument, as the glossary's own entries are, so that both are
            # written to the index file alike ("\\sphinxhyphen {}") and merge.
            entry = addnodes.index(entries=[("single", name, "", "", None)], inline=True)
            at = xref.parent.index(xref)
            xref.parent[at:at] = [_raw("\\msbookindex{"), entry, _raw("}")]


class IndexAfterBackMatter(SphinxPostTransform):
    """Print: the index after the back matter (before the instructor appendix)."""

    default_priority = 31
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for section in self.document.findall(nodes.section):
            if "msbook-instructor-answers" in section["ids"]:
                for entry in list(section.findall(addnodes.index)):
                    entry.parent.remove(entry)  # (leaves an empty \\msbookindex{})
        files = list(self.document.findall(addnodes.start_of_file))
        if not files or self.app.builder.name != "latex":
            return
        holder = files[-1]
        holder.parent.insert(holder.parent.index(holder) + 1, _raw("\\msbookprintindex\n"))


def _docnames(document: nodes.document, default: str) -> dict[int, str]:
    """id(node) -> the page it comes from. In the assembled LaTeX document each page
    starts at a ``start_of_file`` node (which need not hold the page's nodes)."""
    found, docname = {}, default
    for node in document.findall(nodes.Element):
        if isinstance(node, addnodes.start_of_file):
            docname = node["docname"]
        found[id(node)] = docname
    return found


def _term_names(env) -> dict[tuple[str, str], str]:
    """(glossary docname, term id) -> the term as the glossary writes it."""
    cache = getattr(env, "_msbook_term_names", None)
    if cache is not None:
        return cache
    cache = {}
    std = env.get_domain("std")
    for (kind, _name), (docname, term_id) in std.objects.items():
        if kind != "term" or (docname, term_id) in cache:
            continue
        for term in env.get_doctree(docname).findall(nodes.term):
            for i in term["ids"]:
                cache[(docname, i)] = "".join(
                    t.astext() for t in term.children if not isinstance(t, addnodes.index)).strip()
    env._msbook_term_names = cache
    return cache


# --- Tables in print: ragged right, chosen column widths, nothing broken ----------------

#: Width of a printed table line in characters of the table's type: \small (10 pt, the
#: default), then the smaller sizes a table steps down to when its words and estimates do
#: not fit whole at that size. The measure is 12.6 cm (357 pt) and a character of the text
#: face (TeX Gyre Pagella) about half an em: 5 pt at 10 pt (capitals and digits count
#: more, :func:`_print_width`).
TABLE_SIZES = (("", 71), (r"\footnotesize", 79), (r"\scriptsize", 89))
#: Line spacing of each of those sizes (pt), the space a row adds (rules and padding, pt), and
#: the height (pt) above which a table is set as a longtable that may break across pages. A
#: shorter table is kept in one block with its caption; a taller block would leave the page
#: before it half empty, or run past the foot of the next page under a figure placed at its
#: top (the text block is 243 mm, 689 pt).
TABLE_LEADING = {"": 12.0, r"\footnotesize": 11.0, r"\scriptsize": 9.5}
TABLE_ROW_PAD = 6.0
TABLE_BLOCK_MAX = 200.0
TABLE_LINE = TABLE_SIZES[0][1]
#: Space between columns (two \tabcolsep), in the same characters.
TABLE_GAP = 3
#: A cell that is a number, an estimate or a range: "3.92 (3.74 to 4.12)", "20,626", "OR".
_NUMERIC_CELL = re.compile(r"^[\d.,%()\s\u2013\u2212+\-]*(?:\bto\b[\d.,%()\s\u2013\u2212+\-]*)*$")


def _citation_label(key: str) -> str:
    """About what a citation key prints as: "smith2015name" -> "[Smith et al., 2015]"."""
    match = re.match(r"([a-z]+)(\d{4})", key.strip())
    return f"[{match.group(1).capitalize()} et al., {match.group(2)}]" if match else key


def _cell_text(entry: nodes.Element) -> str:
    """A cell's text as printed; citations (still pending here) count as their labels."""
    entry = entry.deepcopy()
    for ref in list(entry.findall(addnodes.pending_xref)):
        if ref.get("refdomain") == "cite":
            keys = ref.get("reftarget", "").split(",")
            ref.replace_self(nodes.Text(", ".join(_citation_label(k) for k in keys)))
    return " ".join(entry.astext().split())


def _print_width(word: str) -> int:
    """A word's width in average characters: capitals and digits are wider."""
    return int(len(word) + 0.3 * sum(c.isupper() or c.isdigit() for c in word) + 0.999)


def _estimate_parts(text: str) -> list[str]:
    """An estimate's unbreakable parts: the value and its interval ("3.92", "(3.74 to 4.12)").

    In print an estimate may break before its interval, never inside the value or the interval.
    """
    head, sep, tail = text.partition(" (")
    return [head, "(" + tail] if sep and head.strip() else [text]


#: Body-cell words longer than this may be hyphenated (headers, names and words with a hyphen,
#: digit or Greek letter never are: "TGF-β", "EBV-negative", "HLA-DRB1*15:01", "Bjornevik").
TABLE_HYPHENATE_FROM = 9


def _unbreakable(text: str, header: bool) -> int:
    """The longest piece of a cell that must not be broken, in characters."""
    if text and _NUMERIC_CELL.match(text):  # digits are a little wider than letters
        return max(int(len(part) * 1.05 + 0.999) for part in _estimate_parts(text))
    words = text.split()
    if header:  # in the wider sans face, never hyphenated
        return int(max((len(w) for w in words), default=0) * 1.2 + 1.999)
    # Words with a hyphen, digit or Greek letter, and names (capitalised), stay whole.
    def hyphenatable(w: str) -> bool:
        w = w.strip(".,;:()[]")
        return w.isalpha() and not w[:1].isupper()

    whole = [_print_width(w) + 1 for w in words if not hyphenatable(w)]
    plain = [min(len(w) + 1, TABLE_HYPHENATE_FROM) for w in words if hyphenatable(w)]
    return max(whole + plain, default=0)


def _measure(rows: list[list[str]], header_rows: int) -> tuple[list[int], list[int]]:
    """Each column's natural width (all on one line) and least width (nothing broken)."""
    columns = max(len(row) for row in rows)
    natural = [0] * columns
    least = [1] * columns
    for number, row in enumerate(rows):
        for col, text in enumerate(row):
            natural[col] = max(natural[col], len(text))
            least[col] = max(least[col], _unbreakable(text, number < header_rows))
    return [max(n, m) for n, m in zip(natural, least)], least


def table_size(rows: list[list[str]], header_rows: int, gap: int = TABLE_GAP) -> tuple[str, int]:
    """The type size for a printed table and its line in characters: the largest of
    :data:`TABLE_SIZES` at which every word, name and estimate fits whole in its column."""
    least = _measure(rows, header_rows)[1]
    for size, line in TABLE_SIZES:
        if sum(least) <= line - gap * len(least):
            return size, line
    return TABLE_SIZES[-1]


def column_widths(rows: list[list[str]], header_rows: int, line: int = TABLE_LINE,
                  gap: int = TABLE_GAP) -> list[int]:
    """Widths (in characters) for a table's columns: no word, number or estimate broken,
    and the room left shared by the columns that hold the most text.

    ``rows`` are the cells' texts, header rows first. The widths add up to at most
    ``line`` minus a ``gap`` per column.
    """
    natural, least = _measure(rows, header_rows)
    columns = len(natural)
    room = line - gap * columns
    if sum(natural) <= room:
        return natural
    widths = list(least)
    if sum(widths) >= room:  # too many columns to keep every word whole: shrink evenly
        return [max(1, w * room // sum(widths)) for w in widths]
    # Share the rest among the columns that still wrap, in proportion to what they hold.
    while True:
        left = room - sum(widths)
        open_ = [c for c in range(columns) if widths[c] < natural[c]]
        if left <= 0 or not open_:
            break
        need = {c: natural[c] - widths[c] for c in open_}
        total = sum(need.values())
        shares = {c: min(need[c], left * need[c] // total) for c in open_}
        if not any(shares.values()):  # less room left than columns: one character at a time
            shares = {max(open_, key=lambda c: need[c]): 1}
        for c, share in shares.items():
            widths[c] += share
    return widths


def table_height(rows: list[list[str]], widths: list[int], size: str = "") -> float:
    """About how tall (pt) a printed table is: each row as tall as its fullest cell, with
    words wrapped at ``widths`` characters; ``size`` is one of :data:`TABLE_SIZES`."""
    def lines(text: str, width: int) -> int:
        return max(1, len(textwrap.wrap(text, max(1, width), break_long_words=False, break_on_hyphens=False)))

    return sum(max(lines(text, width) for text, width in zip(row, widths)) * TABLE_LEADING[size] + TABLE_ROW_PAD
               for row in rows)


class TablesInPrint(SphinxPostTransform):
    """Print: every table is set ragged right, in small type, with chosen column widths.

    No word of a header, no name, no word with a hyphen or digit ("TGF-β") and no number
    or estimate is broken over two lines (an estimate may break before its interval:
    "3.92" over "(3.74 to 4.12)"): each column is at least as wide as these, at
    \\small or, for a table with many columns, at the first smaller size where they fit
    (:func:`table_size`); numbers are kept together with no-break spaces. Long plain
    words in body cells may be hyphenated. A table with its own ``tabularcolumns`` is
    left as written.
    """

    default_priority = 40
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            parent = table.parent
            index = parent.index(table)
            if index and isinstance(parent[index - 1], addnodes.tabular_col_spec):
                continue
            tgroup = next(iter(table.findall(nodes.tgroup)), None)
            if tgroup is None:
                continue
            if any(e.get("morecols") or e.get("morerows") for e in tgroup.findall(nodes.entry)):
                continue
            head = [r for part in tgroup.children if isinstance(part, nodes.thead) for r in part.children]
            body = [r for part in tgroup.children if isinstance(part, nodes.tbody) for r in part.children]
            rows = [[_cell_text(e) for e in row.children if isinstance(e, nodes.entry)] for row in head + body]
            if not rows or not any(rows):
                continue
            for row in head + body:
                for entry in row.children:
                    if isinstance(entry, nodes.entry) and _NUMERIC_CELL.match(_cell_text(entry)):
                        for text in list(entry.findall(nodes.Text)):
                            parts = _estimate_parts(str(text))
                            glued = " ".join(p.replace(" ", "\u00a0") for p in parts)
                            text.parent.replace(text, nodes.Text(glued))
            size, line = table_size(rows, len(head))
            widths = column_widths(rows, len(head), line)
            if table_height(rows, widths, size) > TABLE_BLOCK_MAX and "longtable" not in table["classes"]:
                table["classes"].append("longtable")  # too tall to keep in one block: may break
            total = max(sum(widths) + TABLE_GAP * len(widths), line)
            spec = "".join(r">{\msbooktablecell%s}\X{%d}{%d}" % (size, w + TABLE_GAP, total) for w in widths)
            parent.insert(index, addnodes.tabular_col_spec(spec=spec))


def _invalidate_glossary_cache(app: Sphinx, env, *args) -> None:
    for name in ("_msbook_glossary_cache", "_msbook_term_names"):
        if hasattr(env, name):
            delattr(env, name)


def setup(app: Sphinx) -> None:
    for kind, (cls, fmt) in KINDS.items():
        app.add_enumerable_node(
            cls,
            kind,
            _numfig_title,
            html=(visit_exercise_enumerable_node, depart_exercise_enumerable_node),
            singlehtml=(visit_exercise_enumerable_node, depart_exercise_enumerable_node),
            latex=(visit_exercise_enumerable_node, depart_exercise_enumerable_node),
        )
    app.connect("config-inited", _numfig_formats)
    app.connect("config-inited", _latex_edition)
    app.add_transform(ClassifyExercises)
    app.add_post_transform(TitleQuestions)
    app.add_post_transform(UnnumberedApparatusInPrint)
    app.add_post_transform(KeyTermsWithDefinitions)
    app.add_post_transform(HintsRunIn)
    app.add_post_transform(FrontMatterInPrint)
    app.add_post_transform(ReferenceLists)
    _register_bibtex_style()
    app.add_post_transform(AnswersAtTheBack)
    app.add_role("web", _only_role("html"))
    app.add_role("print", _only_role("latex"))
    app.add_post_transform(PrintCaptions)
    app.add_post_transform(TextDescriptionsInPrint)
    app.add_transform(GlossaryLetters)
    app.add_post_transform(IntroducedIn)
    app.add_post_transform(GlossaryLetterHeadings)
    app.add_post_transform(IndexInPrint)
    app.add_post_transform(IndexAfterBackMatter)
    app.add_post_transform(TablesInPrint)
    app.connect("env-updated", _first_chapters)
    app.connect("doctree-read", _record_page)
    app.connect("env-get-updated", _number_apparatus_and_questions)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("env-updated", _invalidate_glossary_cache)


#: Printed on the instructor edition's title page and in every footer.
INSTRUCTOR_EDITION = "Instructor edition \u2014 contains answers"


def _latex_edition(app: Sphinx, config) -> None:
    """The edition (the package version, kept only in pyproject.toml) on the title and
    copyright pages; the instructor edition (MSBOOK_EDITION=instructor) names itself in
    print, and the web edition's address (MSBOOK_WEB_URL, if set) is printed on every
    chapter's first page."""
    from msbook import __version__

    definitions = "\\def\\msbookversion{Edition %s}\n" % __version__
    if os.environ.get("MSBOOK_EDITION") == "instructor":
        definitions += "\\def\\msbookedition{%s}\n" % INSTRUCTOR_EDITION
    url = os.environ.get("MSBOOK_WEB_URL", "").rstrip("/")
    if url:
        definitions += "\\def\\msbookweburl{\\url{%s}}\n" % url
    elements = dict(config.latex_elements or {})
    elements["preamble"] = definitions + elements.get("preamble", "")
    config.latex_elements = elements


def _numfig_formats(app: Sphinx, config) -> None:
    formats = {kind: fmt for kind, (_cls, fmt) in KINDS.items()}
    formats["figure"] = "Figure %s"  # as textbooks write it, on the web and in print
    formats.update(config.numfig_format or {})
    config.numfig_format = formats
