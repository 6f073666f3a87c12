"""The PDFs as a reader of print meets them: text, figures as images, answers where they belong."""

import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from conftest import figure_captions, html_path, numbered_chapters, page_title, toc_docnames


def pdftext(path: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run(args + [str(path), "-"], check=True, capture_output=True, text=True).stdout
    # LaTeX sets typographic apostrophes ("patient’s"): compare text as the sources write it.
    return re.sub(r"\s+", " ", out).replace("\u2019", "'").replace("\u2018", "'")


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def plain(markdown: str) -> str:
    text = re.sub(r"\{[a-z:]+\}`([^`<]*?)(?: <[^>]+>)?`", r"\1", markdown)
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


#: A caption's web label and the sentences that only the web edition prints (msbook/printing.py).
# The label, with the bold run it ends (**Interactive.**) or not (**Interactive. Simulated.**).
_WEB_LABEL = re.compile(r"^\*\*(?:Interactive|Live explorer)\b[^.*]*\.(?:\*\*\s*|\s+(?=[^*]))")
_WEB_ROLE = re.compile(r"\{web\}(`+)(.+?)\1")
_PRINT_ROLE = re.compile(r"\{print\}(`+)(.+?)\1")


def print_caption(caption: str) -> str:
    """A caption as print sets it: no web label, no web-only text, no sentence about using the page."""
    from msbook.printing import WEB_ONLY_SENTENCE

    caption = _WEB_ROLE.sub("", _WEB_LABEL.sub(lambda m: "" if "**" in m.group(0) else "**", caption.strip()))
    parts = re.split(r"(\{print\}`+.+?`+)", caption)
    kept = []
    for part in parts:
        marked = _PRINT_ROLE.fullmatch(part)
        if marked:
            kept.append(marked.group(2))
            continue
        kept += [s for s in re.split(r"(?<=[.!?])\s+", part) if not WEB_ONLY_SENTENCE.search(s)]
    return plain(" ".join(kept))


@pytest.fixture(scope="module")
def book_text(built_pdf):
    return pdftext(built_pdf / "book.pdf")


def chapter_pdf(built_pdf, docname):
    return built_pdf / "chapters" / f"{Path(docname).name}.pdf"


def test_every_toc_page_has_its_own_pdf(built_pdf):
    for docname in toc_docnames()[1:]:
        path = chapter_pdf(built_pdf, docname)
        assert path.exists(), f"no chapter PDF for {docname}"
        assert page_count(path) >= 1
        assert not re.search(r"\fIndex\s+A\s", "\f" + subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True).stdout), f"{docname}: the index in its PDF"


@pytest.mark.parametrize("docname", toc_docnames())
def test_titles_in_book_pdf(book_text, docname):
    assert page_title(docname) in book_text, f"title of {docname} missing from book.pdf"


@pytest.mark.parametrize("docname", numbered_chapters())
def test_chapter_pdf_has_title_captions_and_numbers(built_pdf, docname):
    text = pdftext(chapter_pdf(built_pdf, docname))
    assert page_title(docname) in text
    number = numbered_chapters().index(docname) + 1
    for caption in figure_captions(docname):
        start = print_caption(caption)[:50]
        assert start in text, f"{docname}: caption missing from PDF: {start!r}"
    # Figures are numbered as on the web: chapter.figure
    assert re.search(rf"Figure {number}\.1\b", text), f"{docname}: figures are not numbered {number}.n"


def test_no_widget_reprs_or_unresolved_references(book_text, built_pdf):
    for text in (book_text, pdftext(built_pdf / "instructor" / "book-instructor.pdf")):
        assert "interactive(children" not in text
        assert "VBox(children" not in text
        assert "??" not in text, "unresolved reference (??) in the PDF"


def test_self_check_answers_print_but_review_answers_only_for_instructors(built_pdf, book_text):
    instructor = pdftext(built_pdf / "instructor" / "book-instructor.pdf")
    assert "Answers to Check your understanding" in book_text, "self-check answers must appear in print"
    for docname in numbered_chapters():
        source = (Path(__file__).parent.parent / f"{docname}.md").read_text(encoding="utf-8")
        answers = re.findall(r":::\{only\} instructor\n(.*?)\n:::", source, re.S)
        assert answers, docname
        for answer in answers:
            sample = plain(answer)[:40]
            assert sample in instructor, f"{docname}: answer missing from instructor edition: {sample!r}"
            assert sample not in book_text, f"{docname}: answer leaked into student PDF: {sample!r}"


def test_references_print_inside_the_chapter(built_pdf):
    for docname in numbered_chapters():
        text = pdftext(chapter_pdf(built_pdf, docname))
        # The heading is followed by the first entry. (Not the last "References" in the text:
        # a list that runs over a page repeats the section name in the running head.)
        assert re.search(r"References [A-Z][^\[\]]{0,500}?\b(?:19|20)\d\d\b", text), (
            f"{docname}: References section is empty in print, or its entries are numbered")


def glue_figure_captions(docname: str) -> list[str]:
    """The print caption of every {glue:figure} (the book's interactive figures and explorers)."""
    text = (Path(__file__).parent.parent / f"{docname}.md").read_text(encoding="utf-8")
    captions = []
    for block in re.finditer(r"^```\{glue:figure\}[^\n]*\n(.*?)^```", text, re.M | re.S):
        body = " ".join(l.strip() for l in block.group(1).splitlines() if l.strip() and not l.startswith(":"))
        captions.append(print_caption(body))
    return captions


@pytest.mark.parametrize("docname", numbered_chapters())
def test_interactive_figures_print_as_drawn_images(built_pdf, docname):
    from pypdf import PdfReader

    pdf = chapter_pdf(built_pdf, docname)
    reader = PdfReader(pdf)
    pages = [pdftext(pdf, i + 1) for i in range(len(reader.pages))]
    captions = glue_figure_captions(docname)
    assert captions, f"{docname}: no interactive figure"
    for caption in captions:
        start = caption[:40]
        index = next((i for i, text in enumerate(pages) if start in text), None)
        assert index is not None, f"{docname}: caption not found in print: {start!r}"
        pictures = [img.image.convert("RGB") for img in reader.pages[index].images]
        assert pictures, f"{docname}: no image on page {index + 1}, where an interactive figure's caption is"
        picture = max(pictures, key=lambda im: im.width * im.height)
        assert picture.width >= 1000 and picture.height >= 500, (docname, index + 1, picture.size)
        pixels = np.asarray(picture.resize((300, 200))).reshape(-1, 3)
        inked = float((pixels.min(axis=1) < 200).mean())
        colours = {tuple(p) for p in (pixels // 32).tolist()}
        assert inked > 0.02, f"{docname}: the figure on page {index + 1} looks blank ({inked:.1%} inked)"
        assert len(colours) >= 4, f"{docname}: the figure on page {index + 1} has almost no colour"


#: What only the web edition may say: its caption labels, its figure-description headings,
#: and asking the reader to use the page.
WEB_ONLY_IN_PRINT = re.compile(
    r"Interactive\.|Live explorer[,.]|Text description of the figure|\b(?:[Mm]ove|[Dd]rag|[Uu]se) the sliders?\b"
    r"|\b[Hh]over(?:ing)?\b|\b[Cc]lick(?:ing)?\b|\b[Tt]ap(?:ping)? (?:on|it|a|an|the (?:figure|chart|picture|button|slider|legend|marker|step))\b|\b[Ss]tep through\b"
)


@pytest.mark.parametrize("docname", numbered_chapters())
def test_print_says_print_things(built_pdf, docname):
    """No web label, no dropdown heading, no instruction to use the page, in either edition."""
    text = pdftext(chapter_pdf(built_pdf, docname))
    found = sorted({m.group(0) for m in WEB_ONLY_IN_PRINT.finditer(text)})
    assert not found, f"{docname}: web-only wording in print: {found}"
    descriptions = (Path(__file__).parent.parent / f"{docname}.md").read_text(encoding="utf-8").count(
        "{dropdown} Text description")
    assert len(re.findall(r"Figure \d+\.\d+ in words\.", text)) == descriptions, (
        f"{docname}: each text description should print as plain paragraphs that start 'Figure N.n in words.'")


#: A question's label: one counter per kind and chapter ("Check 1.1", "Review question 1.3").
QUESTION_LABEL = r"(?:Check|Review question|Critical thinking) \d+\.\d+"


def unique(items):
    return list(dict.fromkeys(items))


def html_question_labels(built_html, docname):
    html = (built_html / html_path(docname)).read_text(encoding="utf-8")
    titles = re.findall(r'<p class="admonition-title">\s*<span class="caption-number">([^<]*)</span>', html)
    return [t.strip() for t in titles if re.fullmatch(QUESTION_LABEL, t.strip())]


@pytest.mark.parametrize("docname", numbered_chapters())
def test_question_labels_are_the_same_on_the_web_and_in_print(built_html, built_pdf, docname):
    number = numbered_chapters().index(docname) + 1
    web = html_question_labels(built_html, docname)
    assert web, f"{docname}: no numbered questions on the web page"
    # Each kind is counted from 1 within the chapter.
    for kind in ("Check", "Review question", "Critical thinking"):
        numbers = [label.rsplit(" ", 1)[1] for label in web if label.rsplit(" ", 1)[0] == kind]
        assert numbers == [f"{number}.{n}" for n in range(1, len(numbers) + 1)], (docname, kind, numbers)
    printed = unique(re.findall(QUESTION_LABEL, pdftext(chapter_pdf(built_pdf, docname))))
    assert printed == web, f"{docname}: labels differ\n web:   {web}\n print: {printed}"
    assert "Exercise" not in pdftext(chapter_pdf(built_pdf, docname)), f"{docname}: an exercise left unlabelled"


def page_texts(path: Path) -> list[str]:
    return [pdftext(path, i) for i in range(1, page_count(path) + 1)]


def solutions_in_source(docname):
    """(exercise label, first words of the answer) of every self-check in a chapter."""
    source = (Path(__file__).parent.parent / f"{docname}.md").read_text(encoding="utf-8")
    found = []
    for label, body in re.findall(r"^::::\{solution\} (\S+)\n(.*?)^::::$", source, re.M | re.S):
        lines = [re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", l) for l in body.splitlines()
                 if l.strip() and not l.startswith(":")]
        found.append((label, plain(lines[0])[:25]))
    return found


@pytest.mark.parametrize("docname", numbered_chapters())
def test_self_check_answers_are_at_the_end_of_the_chapter(built_pdf, docname):
    text = pdftext(chapter_pdf(built_pdf, docname))
    checks = unique(re.findall(r"\bCheck \d+\.\d+", text))
    assert len(re.findall(r"Answer on page \d+", text)) == len(checks) > 0, (
        f"{docname}: every self-check needs an 'Answer on page N' line")
    heading = text.find("Answers to Check your understanding Check")
    assert heading > 0, f"{docname}: no 'Answers to Check your understanding' section"
    assert heading > text.rfind("Critical thinking"), f"{docname}: answers come before the questions end"
    for label, start in solutions_in_source(docname):
        assert text.find(start) > heading, f"{docname}: answer to {label} is not in the answers section"


def test_instructor_edition_adds_pages_only_at_the_end(built_pdf):
    student = page_texts(built_pdf / "book.pdf")
    instructor = page_texts(built_pdf / "instructor" / "book-instructor.pdf")
    edition = "Instructor edition — contains answers"
    assert all(edition in page for page in instructor), "a page of the instructor edition does not say so"
    assert not any(edition in page for page in student)
    assert len(instructor) > len(student)
    from pypdf import PdfReader

    labels = PdfReader(built_pdf / "book.pdf").page_labels
    their_labels = PdfReader(built_pdf / "instructor" / "book-instructor.pdf").page_labels
    assert labels[-1].isdigit()
    # Pages are matched by their printed number, not their position in the file: the
    # instructor edition's contents list the answers appendix too, so its roman-numbered
    # front matter may be a page longer without shifting any numbered page.
    theirs_by_label = {label: text for label, text in zip(their_labels, instructor) if label.isdigit()}
    for number, ours in enumerate(student, 1):
        if not labels[number - 1].isdigit():  # front matter (roman): the edition says what it is
            continue
        assert labels[number - 1] in theirs_by_label, f"page {labels[number - 1]} is missing from the instructor edition"
        theirs = theirs_by_label[labels[number - 1]]
        # Compared as multisets of characters: text extraction may glue a footer to a line,
        # and where it reads a table's narrow columns in a different order it may drop the
        # hyphen of a word broken at a line's end ("fin-golimod"), so hyphens are not counted.
        # The footer names the book in one edition and the edition in the other.
        book = page_title("book/intro")
        ours, theirs = ours.replace(book, ""), theirs.replace(edition, "").replace(book, "")
        ours, theirs = ("".join(text.split()).replace("-", "") for text in (ours, theirs))
        assert sorted(ours) == sorted(theirs), (
            f"page {number} differs between the student and the instructor edition")
    last = their_labels.index(labels[-1])
    appendix = " ".join(instructor[last + 1:])
    assert "Answers to review and critical thinking questions" in appendix
    found = sorted({m.group(0) for m in WEB_ONLY_IN_PRINT.finditer(appendix)})
    assert not found, f"web-only wording in the instructor appendix: {found}"
    for docname in numbered_chapters():
        number = numbered_chapters().index(docname) + 1
        assert f"Review question {number}.1" in appendix and f"Critical thinking {number}.1" in appendix


def link_targets(path: Path) -> tuple[list[str], list[str], list[str]]:
    """(internal links that land, internal links that do not, external URIs) of a PDF."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject

    reader = PdfReader(path)
    names = set(reader.named_destinations)
    good, dead, external = [], [], []
    for number, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action, dest = annot.get("/A"), annot.get("/Dest")
            if action is not None:
                action = action.get_object()
                if action.get("/S") == "/URI":
                    external.append(str(action.get("/URI")))
                    continue
                if action.get("/S") != "/GoTo":
                    dead.append(f"page {number}: {action.get('/S')} link")
                    continue
                dest = action.get("/D")
            if dest is None:
                dead.append(f"page {number}: link without a destination")
            elif isinstance(dest, ArrayObject) or str(dest) in names:
                good.append(str(dest))
            else:
                dead.append(f"page {number}: {dest}")
    return good, dead, external


def test_every_internal_link_in_the_book_lands(built_pdf):
    for path in (built_pdf / "book.pdf", built_pdf / "instructor" / "book-instructor.pdf"):
        good, dead, _ = link_targets(path)
        assert len(good) > 100, f"{path.name}: only {len(good)} internal links"
        assert not dead, f"{path.name}: {len(dead)} dead links, e.g. {dead[:5]}"


def test_reference_lists_are_alphabetical_without_numbers_or_backlinks(built_html):
    for docname in toc_docnames():
        html = (built_html / html_path(docname)).read_text(encoding="utf-8")
        assert "fn-backref" not in html and 'role="doc-backlink"' not in html, f"{docname}: citation backlinks"
        entries = [re.sub(r"<[^>]+>", "", e) for e in
                   re.findall(r'<p class="msbook-reference"[^>]*>(.*?)</p>', html, re.S)]
        keys = [re.sub(r"[^0-9a-z ]+", "", e.casefold()) for e in entries]
        assert keys == sorted(keys), f"{docname}: reference list is not alphabetical"
        for entry in entries:
            assert re.search(r"\b(?:19|20)\d\d\b", entry), f"{docname}: entry without a year: {entry[:60]}"
            # BibTeX's "and others" ends the author list as "et al.", never "... and others."
            assert not re.search(r"\band others\.", entry), f"{docname}: 'others' as an author: {entry[:60]}"
        # BibTeX's "and others" is "et al." in the text too, not "Smith and others, 2015".
        text = re.sub(r"<[^>]+>", "", html)
        wrong = re.findall(r"\w+ and others,? \(?(?:19|20)\d\d", text)
        assert not wrong, f"{docname}: citations read 'and others': {wrong[:3]}"


@pytest.mark.parametrize("docname", toc_docnames()[1:])
def test_chapter_pdf_stands_alone(built_pdf, docname):
    from pypdf import PdfReader

    path = chapter_pdf(built_pdf, docname)
    _good, dead, _ = link_targets(path)
    assert not dead, f"{docname}: {len(dead)} dead links in the chapter PDF, e.g. {dead[:5]}"
    reader = PdfReader(path)
    meta = reader.metadata
    title = page_title(docname)
    assert title in (meta.title or ""), f"{docname}: PDF title {meta.title!r}"
    assert meta.author, f"{docname}: no author in the PDF metadata"
    assert "CC BY 4.0" in (meta.subject or "") and page_title("book/intro") in (meta.subject or "")

    def outline_titles(items):
        for item in items:
            if isinstance(item, list):
                yield from outline_titles(item)
            else:
                yield item.title

    bookmarks = {t.replace("\u2019", "'") for t in outline_titles(reader.outline)}
    source = (Path(__file__).parent.parent / f"{docname}.md").read_text(encoding="utf-8")
    sections = [plain(h) for h in re.findall(r"^## (.+)$", source, re.M)]
    missing = [s for s in sections if s not in bookmarks]
    assert title in bookmarks and not missing, f"{docname}: bookmarks missing: {missing}"
    first = pdftext(path, 1)
    assert page_title("book/intro") in first and "CC BY 4.0" in first, (
        f"{docname}: the first page does not name the book and the licence")


def test_front_matter_of_a_book(built_pdf):
    pages = page_texts(built_pdf / "book.pdf")
    title = page_title("book/intro")
    from msbook import __version__

    edition = f"Edition {__version__}"  # the version is kept in pyproject.toml only
    assert title in pages[0] and edition in pages[0], f"title page: title and {edition!r}"
    months = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}"
    assert not re.search(months, pages[0]), "the title page carries a build date"
    for words in ("CC BY 4.0", "How to cite", "not medical advice"):
        assert words in pages[1], f"copyright page: no {words!r}"
    assert not any(re.fullmatch(r"\s*(?:Front|Back) matter\s*\d*\s*", p) for p in pages), "a part page for front/back matter"
    welcome = next((i for i, p in enumerate(pages) if p.lstrip().startswith("Welcome")), None)
    assert welcome is not None, "the welcome has no heading of its own"
    assert ". . . . ." not in pages[welcome], "a second contents list after the welcome"


def test_no_blank_pages(built_pdf):
    for path in (built_pdf / "book.pdf", built_pdf / "instructor" / "book-instructor.pdf"):
        for number, text in enumerate(page_texts(path), 1):
            if number == 1:  # the title page: short by design, checked by test_front_matter_of_a_book
                continue
            words = text.replace(page_title("book/intro"), "").replace("Instructor edition — contains answers", "").split()
            if re.fullmatch(r"\s*Part [IVX]+\..*", text):  # a part title page
                continue
            assert len(words) >= 15, f"{path.name}: page {number} is (nearly) blank: {text[:80]!r}"


def test_no_line_runs_past_its_column_or_page(built_pdf):
    """TeX reports every line it could not fit ("Overfull \\hbox"): a word or a name wider than
    its table column, a long URL or formula in the text; and every page whose content is taller
    than the page ("Overfull \\vbox"). Allow only what the eye cannot see."""
    log = (built_pdf / "book.log").read_text(encoding="utf-8", errors="replace")
    assert "Output written on" in log, "book.log is not the log of a finished LaTeX run"
    overfull = re.findall(r"^Overfull \\hbox \((\d+\.?\d*)pt too wide\)(.*)\n(.*)", log, re.M)
    visible = [f"{float(pt):.1f} pt{where} (book.tex): {line.strip()[:60]}" for pt, where, line in overfull
               if float(pt) > 1.0]
    assert not visible, "lines wider than their column in book.pdf:\n" + "\n".join(visible)
    # A block taller than the page's room (a table kept in one piece) runs past the foot of the page.
    tall = [float(pt) for pt in re.findall(r"^Overfull \\vbox \((\d+\.?\d*)pt too high\)", log, re.M)]
    assert not [pt for pt in tall if pt > 3.0], f"content runs past the foot of a page by {max(tall):.0f} pt"


def test_body_text_has_70_to_90_characters_per_line(built_pdf):
    from pypdf import PdfReader

    path = built_pdf / "book.pdf"
    labels = PdfReader(path).page_labels
    widths = []
    for index, label in enumerate(labels):
        if not label.isdigit():
            continue
        lengths = sorted(len(line) for line in subprocess.run(
            ["pdftotext", "-f", str(index + 1), "-l", str(index + 1), str(path), "-"],
            check=True, capture_output=True, text=True).stdout.splitlines() if len(line) >= 40)
        if len(lengths) >= 10:  # a page of running text: its full lines
            widths.append(lengths[int(0.9 * len(lengths)) - 1])
    assert len(widths) > 10
    median = sorted(widths)[len(widths) // 2]
    assert 70 <= median <= 90, f"body text has {median} characters per line (median over pages)"


# --- Glossary and index -----------------------------------------------------------------


def glossary_terms() -> list[str]:
    text = (Path(__file__).parent.parent / "book" / "glossary.md").read_text(encoding="utf-8")
    block = re.search(r"^:::\{glossary\}\n(.*?)^:::", text, re.M | re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith(" ")]


def first_chapters() -> dict[str, int]:
    """term (lower case) -> number of the first chapter, in _toc.yml order, that links it."""
    first: dict[str, int] = {}
    for number, docname in enumerate(numbered_chapters(), 1):
        text = (Path(__file__).parent.parent / f"{docname}.md").read_text(encoding="utf-8")
        text = re.sub(r"^(:{3,})\{only\} instructor\n.*?^\1\s*$", "", text, flags=re.M | re.S)
        for target in re.findall(r"\{term\}`([^`]+)`", text):
            match = re.search(r"<([^>]+)>$", target)
            first.setdefault((match.group(1) if match else target).strip().lower(), number)
    return first


def test_glossary_has_a_to_z_headings_and_names_where_each_term_is_introduced(built_html, built_pdf):
    terms = glossary_terms()
    first = first_chapters()
    letters = list(dict.fromkeys(t[0].upper() for t in terms))
    html = (built_html / html_path("book/glossary")).read_text(encoding="utf-8")
    # Sphinx sets typographic apostrophes ("Uhthoff’s"): compare the terms as written.
    html = html.replace("\u2019", "'").replace("&#8217;", "'").replace("&#x2019;", "'")
    headings = re.findall(r'<h2 class="msbook-glossary-letter" id="glossary-[a-z#]">(.)</h2>', html)
    assert headings == letters, f"web glossary: A-Z headings {headings}, expected {letters}"
    for term in terms:
        entry = re.search(r"<dt[^>]*>" + re.escape(term) + r"<a.*?</dd>", html, re.S)
        assert entry, f"web glossary: no entry {term!r}"
        said = re.findall(r"Introduced in <a[^>]*><span[^>]*>chapter(?:\s|&nbsp;|\u00a0)(\d+)</span></a>",
                          entry.group(0))
        expected = [str(first[term.lower()])] if term.lower() in first else []
        assert said == expected, f"glossary: {term!r} says introduced in {said}, first linked in {expected}"
    text = pdftext(chapter_pdf(built_pdf, "book/glossary"))
    for letter in letters:  # the heading, then the first term of its group
        term = next(t for t in terms if t[0].upper() == letter)
        assert re.search(rf"(?:^|\s){re.escape(letter)} {re.escape(term)}\b", text), (
            f"print glossary: no heading {letter!r} before {term!r}")
    assert len(re.findall(r"Introduced in chapter\s\d+", text)) == len([t for t in terms if t.lower() in first])


def test_book_pdf_has_an_index_of_the_glossary_terms(built_pdf):
    from pypdf import PdfReader

    path = built_pdf / "book.pdf"
    reader = PdfReader(path)
    def titles(items):
        for item in items:
            yield from titles(item) if isinstance(item, list) else [item.title]

    assert "Index" in list(titles(reader.outline)), "book.pdf has no Index (bookmark)"
    start = next(i for i, p in enumerate(page_texts(path)) if p.lstrip().startswith("Index"))
    index = " ".join(page_texts(path)[start:])
    linked = [t for t in glossary_terms() if t.lower() in first_chapters()]
    # "term, 12, 301"; a long entry may wrap after its comma, and text extraction may then put
    # a line of the next column between the term and its page numbers.
    missing = [t for t in linked if not re.search(re.escape(t) + r",(?: \d+| [a-z])", index)]
    assert not missing, f"terms linked in the text but not in the index: {missing[:10]}"
    # Each entry gives the pages of the text that link the term, and the glossary's.
    assert len(re.findall(r"\d+, \d+", index)) >= len(linked) // 2


# --- Tables, fonts, figure text ---------------------------------------------------------


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_table_has_a_number_and_a_caption_in_both_outputs(built_html, built_pdf, docname):
    html = (built_html / html_path(docname)).read_text(encoding="utf-8")
    tables = len(re.findall(r"<table\b", html))
    captions = re.findall(r'<span class="caption-number">(Table [\d.]+)', html)
    assert len(captions) == tables, f"{docname}: {tables} tables on the web, {len(captions)} with a number and caption"
    if docname == toc_docnames()[0] or not tables:
        return
    text = pdftext(chapter_pdf(built_pdf, docname))
    printed = re.findall(r"\bTable ((?:\d+\.)?\d+)\. \S", text)
    assert sorted(set(printed)) == sorted({c.split()[1] for c in captions}), (
        f"{docname}: printed table captions {sorted(set(printed))}, web {captions}")


#: The book's type: TeX Gyre Pagella (text), Heros (headings), DejaVu Sans Mono (code);
#: Latin Modern Math only where there is mathematics.
BOOK_FONTS = re.compile(r"^[A-Z]{6}\+(?:TeXGyrePagella|TeXGyreHeros|DejaVuSansMono|LatinModernMath)")


def test_fonts_are_the_chosen_family_and_embedded(built_pdf):
    for path in (built_pdf / "book.pdf", built_pdf / "instructor" / "book-instructor.pdf"):
        out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
        rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
        names = [row[0] for row in rows]
        assert any("TeXGyrePagella-Regular" in n for n in names) and any("TeXGyreHeros" in n for n in names), (
            f"{path.name}: the text is not set in TeX Gyre Pagella and Heros: {names}")
        stray = [n for n in names if not BOOK_FONTS.match(n)]
        assert not stray, f"{path.name}: fonts outside the book's family: {stray}"
        not_embedded = [row[0] for row in rows if "no" in row[-5:-3]]
        assert not not_embedded, f"{path.name}: fonts not embedded: {not_embedded}"


def test_figure_text_prints_at_8_pt_or_more(built_pdf):
    """Every picture in book.pdf: its smallest text, at the size it is printed.

    A chart's print copy (msbook.figures.print_version) has no text under
    ``min_print_font_px()`` CSS px; a diagram's smallest text is read from its script
    (figures/*.py). The printed size of a CSS px is read from the PDF (pdfimages).
    """
    import importlib.util
    import sys

    from msbook.figures import PNG_SCALE, font_sizes, min_print_font_px

    root = Path(__file__).parent.parent
    sys.path.insert(0, str(root / "figures"))
    diagrams = {}
    for script in sorted((root / "figures").glob("ch*.py")):
        spec = importlib.util.spec_from_file_location(script.stem, script)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        spec = module.draw().to_plotly_json()
        spec["layout"].pop("template", None)  # the template's fonts are not all drawn
        sizes = font_sizes(spec) or [spec["layout"].get("font", {}).get("size") or 12]
        diagrams[(module.SIZE[0] * PNG_SCALE, module.SIZE[1] * PNG_SCALE)] = min(sizes)
    chart_floor = round(min_print_font_px() + 0.49)
    out = subprocess.run(["pdfimages", "-list", str(built_pdf / "book.pdf")],
                         check=True, capture_output=True, text=True).stdout
    images = [line.split() for line in out.splitlines()[2:] if line.split()[2:3] == ["image"]]
    assert images, "no pictures in book.pdf"
    small = []
    for row in images:
        page, width, height, ppi = int(row[0]), int(row[3]), int(row[4]), float(row[12])
        smallest_px = diagrams.get((width, height), chart_floor)
        pt_per_px = (width / ppi * 72) / (width / PNG_SCALE)
        if smallest_px * pt_per_px < 7.9:
            small.append(f"page {page}: {smallest_px} px text prints at {smallest_px * pt_per_px:.1f} pt")
    assert not small, small


def test_chart_print_copies_have_no_text_under_the_print_minimum():
    from msbook.figures import font_sizes, min_print_font_px, print_version
    from msbook.plots import book_explorers, book_figures

    floor = min_print_font_px()
    figures = [(make.__name__, make().fig) for make in book_figures()]
    for make in book_explorers():
        explorer = make()
        figures.append((make.__name__, explorer.draw(**explorer.start)))
    assert figures
    for name, fig in figures:
        copy = print_version(fig)
        default = copy.layout.font.size or copy.layout.template.layout.font.size
        printed = copy.to_plotly_json()
        printed["layout"].pop("template", None)
        sizes = font_sizes(printed) + [default]
        assert min(sizes) >= floor - 0.5, f"{name}: text of {min(sizes)} px in print (at least {floor:.1f})"


def test_table_columns_keep_words_and_estimates_whole():
    from msbook.printing import TABLE_GAP, TABLE_LINE, column_widths

    rows = [["Factor and comparison", "Measure", "Estimate (95% CI)", "Source"],
            ["HLA-DRB1*15:01, each copy of the allele " * 3, "OR", "3.92 (3.74 to 4.12)", "Moutsianas and others"],
            ["TGF-β", "HR", "32.4 (4.3 to 245.3)", "Bjornevik et al., 2022 " * 4]]
    widths = column_widths(rows, header_rows=1)
    assert sum(widths) + TABLE_GAP * len(widths) <= TABLE_LINE
    for col, width in enumerate(widths):
        header = rows[0][col].split()
        whole = [w for row in rows[1:] for w in row[col].split() if not w.strip(".,;:()[]").isalpha()]
        assert width >= max(len(w) for w in header + whole), (col, width)
    assert widths[2] >= len("(4.3 to 245.3)")  # an estimate breaks, if at all, before its interval
    assert widths[0] > widths[1] and widths[3] > widths[1]  # the text columns get the room
    assert widths[3] >= len("Moutsianas")  # names are never hyphenated
    assert widths[0] >= len("HLA-DRB1*15:01") * 1.15  # capitals and digits are wider than the average


def test_a_table_of_many_columns_steps_down_a_size_rather_than_break_words():
    from msbook.printing import TABLE_GAP, TABLE_SIZES, _measure, column_widths, table_size

    rows = [["Factor and comparison", "Measure", "Estimate (95% CI)", "Study population", "Source"],
            ["HLA-DRB1*15:01 each copy", "OR", "3.92 (3.74 to 4.12)", "IMSGC genetic cohort",
             "[Moutsianas et al., 2015], [Bycroft et al., 2018]"],
            ["Epstein–Barr virus", "HR", "32.4 (4.3 to 245.3)", "who were EBV-negative at first", "[Bjornevik et al., 2022]"]]
    size, line = table_size(rows, header_rows=1)
    assert (size, line) != TABLE_SIZES[0]  # its whole words do not fit at the default size
    least = _measure(rows, 1)[1]
    widths = column_widths(rows, 1, line)
    assert all(w >= m for w, m in zip(widths, least)), (widths, least)
    assert sum(widths) + TABLE_GAP * len(widths) <= line
    assert table_size(rows[:1] + [["a", "b", "c", "d", "e"]], 1) == TABLE_SIZES[0]  # a small table keeps \small


def test_table_cells_count_citations_as_their_printed_labels():
    from docutils import nodes
    from sphinx import addnodes

    from msbook.printing import _cell_text

    entry = nodes.entry("", nodes.paragraph("", "", addnodes.pending_xref(
        "", nodes.inline("", "bjornevik2022ebv"), refdomain="cite", reftype="p", reftarget="bjornevik2022ebv")))
    assert _cell_text(entry) == "[Bjornevik et al., 2022]"
