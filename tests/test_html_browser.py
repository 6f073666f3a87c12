"""The built site in Chromium, as a reader meets it: no errors, nothing from other hosts,
figures that draw and respond, explorers that show their chart and how to run them live."""

import pytest

from conftest import html_path, open_page, toc_docnames

@pytest.mark.parametrize("docname", toc_docnames())
def test_page_loads_cleanly_and_privately(browser, site_url, docname):
    page, record = open_page(browser, f"{site_url}/{html_path(docname)}")
    try:
        assert page.title(), f"{docname}: page has no title"
        assert not record["errors"], f"{docname}: console errors: {record['errors']}"
        assert not record["foreign"], f"{docname}: requests to other hosts: {record['foreign']}"
    finally:
        page.close()


@pytest.fixture
def chapter1(browser, site_url):
    page, record = open_page(browser, f"{site_url}/book/ch01-immune-army.html")
    yield page, record
    page.close()


def plotted(page, div_id):
    return page.evaluate(
        "id => { const gd = document.getElementById(id);"
        " return {y: gd.data.map(t => t.y), title: gd.layout.title.text}; }",
        div_id,
    )


def test_plotly_loaded_once_from_the_site(chapter1):
    page, record = chapter1
    scripts = page.eval_on_selector_all(
        "script[src*='plotly']", "els => els.map(e => e.getAttribute('src'))"
    )
    assert len(scripts) == 1 and "_static/msbook/plotly.min.js" in scripts[0], scripts


def test_chapter1_figure_renders(chapter1):
    page, _ = chapter1
    div = page.locator("#fig-infection-growth")
    div.scroll_into_view_if_needed()
    assert div.locator(".main-svg").count() >= 1
    assert div.locator("g.trace.scatter").count() == 4, "the four populations should be drawn"
    box = div.bounding_box()
    assert box["width"] > 300 and box["height"] > 300


def test_moving_the_slider_changes_the_plotted_data(chapter1):
    page, _ = chapter1
    div = page.locator("#fig-infection-growth")
    div.locator(".slider-rail-rect").scroll_into_view_if_needed()
    before = plotted(page, "fig-infection-growth")
    rail = div.locator(".slider-rail-rect").bounding_box()
    # Click the right-hand end of the slider rail: the fastest-growing pathogen.
    page.mouse.click(rail["x"] + rail["width"] - 2, rail["y"] + rail["height"] / 2)
    page.wait_for_timeout(700)
    after = plotted(page, "fig-infection-growth")
    assert after["y"] != before["y"], "the slider did not change the plotted data"
    assert "Growth rate 3 per day" in after["title"], after["title"]
    assert before["title"] != after["title"]


def test_explorer_shows_its_chart_and_how_to_run_it_live(chapter1):
    page, _ = chapter1
    chart = page.locator("#fig-infection-explorer")
    chart.scroll_into_view_if_needed()
    assert chart.locator(".main-svg").count() >= 1, "the explorer's starting chart is not drawn"
    panel = page.locator(".msbook-live-panel").first
    assert "Run this live" in panel.inner_text() and "dose" in panel.inner_text().lower()
    assert page.locator(".widget-slider, .widget-checkbox").count() == 0, "no dead controls on a static page"
    assert "interactive(children" not in page.content()


def slider_figure_ids(page):
    """Ids of the plotly figures on a page that have a slider."""
    return page.evaluate(
        "() => [...document.querySelectorAll('.msbook-plotly .plotly-graph-div')]"
        ".filter(gd => gd.layout && gd.layout.sliders && gd.layout.sliders.length).map(gd => gd.id)"
    )


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_slider_figure_responds(browser, site_url, docname):
    page, _record = open_page(browser, f"{site_url}/{html_path(docname)}")
    try:
        for div_id in slider_figure_ids(page):
            div = page.locator(f"#{div_id}")
            div.scroll_into_view_if_needed()
            before = page.evaluate(
                "id => { const gd = document.getElementById(id);"
                " return [JSON.stringify(gd.data.map(t => [t.x, t.y])), gd.layout.sliders[0].active]; }",
                div_id,
            )
            div.locator(".slider-rail-rect").scroll_into_view_if_needed()
            rail = div.locator(".slider-rail-rect").bounding_box()
            # Click the end of the rail that is furthest from the active step.
            steps = page.evaluate("id => document.getElementById(id).layout.sliders[0].steps.length", div_id)
            x = rail["x"] + (rail["width"] - 2 if before[1] < steps / 2 else 2)
            page.mouse.click(x, rail["y"] + rail["height"] / 2)
            page.wait_for_timeout(700)
            after = page.evaluate(
                "id => { const gd = document.getElementById(id);"
                " return [JSON.stringify(gd.data.map(t => [t.x, t.y])), gd.layout.sliders[0].active]; }",
                div_id,
            )
            assert after[1] != before[1], f"{docname}: the slider of {div_id} did not move"
            assert after[0] != before[0], f"{docname}: moving the slider of {div_id} did not change its data"
    finally:
        page.close()


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_explorer_renders(browser, site_url, built_html, docname):
    """An explorer on a static page is its starting chart plus a "Run this live" panel, never
    widget controls that do nothing."""
    html = (built_html / html_path(docname)).read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-state+json" not in html, f"{docname}: embeds widget state"
    if "msbook-live-panel" not in html:
        return
    page, _record = open_page(browser, f"{site_url}/{html_path(docname)}")
    try:
        drawn = page.evaluate(
            "() => [...document.querySelectorAll('.msbook-live-panel')].map(p => {"
            " const chart = p.previousElementSibling;"
            " return !!(chart && chart.querySelector('.plotly-graph-div .main-svg')); })"
        )
        assert drawn and all(drawn), f"{docname}: an explorer's chart is missing: {drawn}"
        assert page.locator(".widget-slider, .widget-checkbox").count() == 0
        assert "interactive(children" not in page.content()
    finally:
        page.close()
