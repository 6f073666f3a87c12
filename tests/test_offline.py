"""No built page loads anything from another host (checked statically; the browser tests
check the requests pages really make)."""

from pathlib import Path

import pytest

from sitecheck import foreign_resources_in_css, foreign_resources_in_html


def test_no_page_or_stylesheet_points_at_another_host(built_html):
    problems = []
    for page in sorted(built_html.rglob("*.html")):
        for url in foreign_resources_in_html(page.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{page.relative_to(built_html)}: loads {url}")
    for sheet in sorted(built_html.rglob("*.css")):
        for url in foreign_resources_in_css(sheet.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{sheet.relative_to(built_html)}: loads {url}")
    assert not problems, "resources from other hosts:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "html",
    [
        '<script src="https://cdn.jsdelivr.net/npm/x.js"></script>',
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Lato">',
        '<img src="http://example.org/a.png" alt="An example image">',
        '<div style="background: url(https://example.org/bg.png)"></div>',
        "<style>@import 'https://example.org/a.css';</style>",
    ],
)
def test_checker_catches_foreign_resources(html):
    assert foreign_resources_in_html(html)


def test_checker_allows_local_and_clicked_links():
    html = (
        '<script src="../_static/x.js"></script><a href="https://openstax.org/">OpenStax</a>'
        '<img src="data:image/png;base64,AAAA" alt="A tiny inline image">'
        '<link rel="canonical" href="https://example.org/page">'
    )
    assert foreign_resources_in_html(html) == []
    assert foreign_resources_in_css("a { background: url(../img/x.png) }") == []
