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
    return re.sub(r"\s+", " ", out)


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def plain(markdown: str) -> str:
    text = re.sub(r"\{[a-z:]+\}`([^`<]*?)(?: <[^>]+>)?`", r"\1", markdown)
    text = re.sub(r"[*_`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


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


@pytest.mark.parametrize("docname", toc_docnames())
def test_titles_in_book_pdf(book_text, docname):
    assert page_title(docname) in book_text, f"title of {docname} missing from book.pdf"


@pytest.mark.parametrize("docname", numbered_chapters())
def test_chapter_pdf_has_title_captions_and_numbers(built_pdf, docname):
    text = pdftext(chapter_pdf(built_pdf, docname))
    assert page_title(docname) in text
    number = numbered_chapters().index(docname) + 1
    for caption in figure_captions(docname):
        start = plain(caption)[:50]
        assert start in text, f"{docname}: caption missing from PDF: {start!r}"
    # Figures are numbered as on the web: chapter.figure
    assert re.search(rf"Fig\. {number}\.1\b", text), f"{docname}: figures are not numbered {number}.n"


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


@pytest.mark.parametrize("docname", numbered_chapters())
def test_interactive_figures_print_as_drawn_images(built_pdf, docname):
    from pypdf import PdfReader

    pdf = chapter_pdf(built_pdf, docname)
    number = numbered_chapters().index(docname) + 1
    reader = PdfReader(pdf)
    caption_pages = [
        i for i in range(len(reader.pages))
        if re.search(rf"Fig\. {number}\.\d+: (?:Interactive|Live explorer)", pdftext(pdf, i + 1))
    ]
    interactive = len(re.findall(r"\*\*(?:Interactive|Live explorer)\.\*\*", Path(
        Path(__file__).parent.parent / f"{docname}.md").read_text(encoding="utf-8")))
    assert len(caption_pages) >= min(interactive, 1), f"{docname}: no interactive figure captions in print"
    for index in caption_pages:
        pictures = [img.image.convert("RGB") for img in reader.pages[index].images]
        assert pictures, f"{docname}: no image on page {index + 1}, where an interactive figure's caption is"
        picture = max(pictures, key=lambda im: im.width * im.height)
        assert picture.width >= 1000 and picture.height >= 500, (docname, index + 1, picture.size)
        pixels = np.asarray(picture.resize((300, 200))).reshape(-1, 3)
        inked = float((pixels.min(axis=1) < 200).mean())
        colours = {tuple(p) for p in (pixels // 32).tolist()}
        assert inked > 0.02, f"{docname}: the figure on page {index + 1} looks blank ({inked:.1%} inked)"
        assert len(colours) >= 4, f"{docname}: the figure on page {index + 1} has almost no colour"


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
    assert labels[-1].isdigit()
    # Pages are matched by their printed page number, not their position in the file: the
    # instructor edition's contents also lists its answer appendix, so its (roman-numbered)
    # front matter may be a page longer; the numbered pages must be the same.
    theirs_by_label = dict(zip(PdfReader(built_pdf / "instructor" / "book-instructor.pdf").page_labels, instructor))
    for number, ours in enumerate(student, 1):
        if not labels[number - 1].isdigit():  # front matter (roman): the edition says what it is
            continue
        theirs = theirs_by_label.get(labels[number - 1], "")
        # Compared as multisets of characters: text extraction may glue a footer to a line.
        # The footer names the book in one edition and the edition in the other.
        book = page_title("book/intro")
        ours, theirs = ours.replace(book, ""), theirs.replace(edition, "").replace(book, "")
        assert sorted("".join(ours.split())) == sorted("".join(theirs.split())), (
            f"page {number} differs between the student and the instructor edition")
    appendix = " ".join(instructor[len(student):])
    assert "Answers to review and critical thinking questions" in appendix
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
