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
"""

from __future__ import annotations

import os
import re

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
            content = []
            for child in box.children[1:]:
                if isinstance(child, nodes.container) and not child.get("design_component"):
                    content.extend(child.children)
                else:
                    content.append(child)
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
        for question in list(self.document.findall(exercise_enumerable_node)):
            if not isinstance(question, (review_node, thinking_node)):
                continue
            label = question_label(self.env, question) or question.get("label", "")
            for block in list(question.findall(addnodes.only)):
                if block.get("expr", "").strip() != "instructor":
                    continue
                block.parent.remove(block)
                if instructor:
                    chapter = _chapter_section(question)
                    entry = [
                        _raw(f"\\begin{{msbookanswer}}{{msbook-key:{question['label']}}}"
                             f"{{exercise:{question['label']}}}{{{label}}}\n"),
                        *block.children,
                        _raw("\\end{msbookanswer}\n"),
                    ]
                    chapters.setdefault(id(chapter), (chapter, []))[1].extend(entry)
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
            # An unnumbered heading that stays out of the contents: the instructor edition's
            # contents then differ from the student edition's by one line (the appendix), so
            # both keep the same number of front-matter pages and every page of the text
            # keeps its place (tests/test_pdf.py compares the editions page by page).
            appendix += _raw(f"\\section*{{{_tex_escape(heading)}}}\n")
            appendix.extend(entries)
        last = list(self.document.findall(addnodes.start_of_file))
        if last:
            holder = last[-1]
            holder.parent.insert(holder.parent.index(holder) + 1, [_raw("\\msbookinstructorappendix\n"), appendix])
        else:
            self.document += [_raw("\\msbookinstructorappendix\n"), appendix]


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


def _invalidate_glossary_cache(app: Sphinx, env, *args) -> None:
    if hasattr(env, "_msbook_glossary_cache"):
        del env._msbook_glossary_cache


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
    formats.update(config.numfig_format or {})
    config.numfig_format = formats
