"""The Sphinx extension's source rewriting (the rest is tested on the built book)."""

from msbook.sphinxext import local_citation_prefix, localise_citations


def test_prefix_from_docname():
    assert local_citation_prefix("book/ch01-immune-army") == "ch01-immune-army-"


def test_cite_keys_and_bibliography_get_the_page_prefix():
    text = (
        "A {cite}`a2020` and {cite:p}`b2019, c2018` and {cite:t}`d`.\n\n"
        "## References\n\n```{bibliography}\n```\n"
    )
    out = localise_citations("book/ch01-x", text)
    assert "{cite}`ch01-x-a2020`" in out
    assert "{cite:p}`ch01-x-b2019,ch01-x-c2018`" in out
    assert "{cite:t}`ch01-x-d`" in out
    assert "```{bibliography}\n:keyprefix: ch01-x-\n```" in out


def test_pages_without_own_bibliography_are_unchanged():
    text = "A {cite}`a2020`.\n"
    assert localise_citations("book/intro", text) == text
    everything = "```{bibliography}\n:all:\n```\n"
    assert localise_citations("book/bibliography", everything) == everything
