"""Every citation resolves, every cited work is complete and checked, every data row is sourced."""

from pathlib import Path

import pytest
from pybtex.database import parse_file

from conftest import ROOT, toc_docnames
from sitecheck import bibliography_problems, cited_keys, data_citation_problems

BIB = ROOT / "book" / "references.bib"
DATA = ROOT / "msbook" / "data"


@pytest.fixture(scope="module")
def entries():
    return parse_file(str(BIB), bib_format="bibtex").entries


@pytest.fixture(scope="module")
def cited():
    return {doc: cited_keys((ROOT / f"{doc}.md").read_text(encoding="utf-8")) for doc in toc_docnames()}


def test_every_cite_key_exists(entries, cited):
    missing = [f"{doc}: {key}" for doc, keys in cited.items() for key in keys if key not in entries]
    assert not missing, "citation keys not in book/references.bib:\n" + "\n".join(missing)


def test_every_bibliography_entry_is_cited(entries, cited):
    used = {key for keys in cited.values() for key in keys}
    unused = sorted(set(entries) - used)
    assert not unused, f"entries in book/references.bib that no page cites (the Bibliography lists all): {unused}"


def test_cited_entries_are_complete_and_verified(entries, cited):
    used = {key for keys in cited.values() for key in keys}
    problems = bibliography_problems(entries, used)
    assert not problems, "\n".join(problems)


def test_every_data_row_names_a_known_citation(entries):
    problems = []
    for path in sorted(DATA.glob("*.csv")):
        problems += data_citation_problems(path, set(entries))
    assert not problems, "\n".join(problems)


def test_checkers_catch_bad_input(tmp_path, entries):
    from pybtex.database import parse_string

    bad = parse_string(
        "@article{x, author={A B}, title={T}, year={2020}, note={unverified: pages}}", "bibtex"
    ).entries
    problems = bibliography_problems(bad, {"x"})
    assert any("unverified" in p for p in problems) and any("journal" in p for p in problems)
    table = tmp_path / "table.csv"
    table.write_text("# a comment\nvalue,citation\n1,openstax_bio2e\n2,nonexistent2020\n3,\n")
    problems = data_citation_problems(table, set(entries))
    assert problems == [
        "table.csv row 3: unknown citation key 'nonexistent2020'",
        "table.csv row 4: no citation",
    ]
    assert cited_keys("a {cite}`a, b` and {cite:p}`c`") == ["a", "b", "c"]
