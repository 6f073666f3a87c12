"""Accessibility of every built page: axe-core (WCAG 2.1 A/AA) in Chromium, text alternatives,
and keyboard operation of every interactive control."""

import re

import pytest

from conftest import ROOT, draw_all_figures, html_path, open_page, toc_docnames
from sitecheck import images_without_alt

AXE = ROOT / "vendor" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"critical", "serious"}


def run_axe(page):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: scripts/setup.sh installs it with npm ci in vendor/")
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )["violations"]


def open_in_theme(browser, url, theme):
    """Open a page in the light or dark colour mode, chosen as a reader's saved choice."""
    context = browser.new_context(color_scheme=theme)
    # pydata-sphinx-theme reads the reader's choice from localStorage before it draws.
    context.add_init_script(f"localStorage.setItem('mode', '{theme}'); localStorage.setItem('theme', '{theme}');")
    page = context.new_page()
    page.goto(url, wait_until="load")
    assert page.evaluate("document.documentElement.dataset.theme") == theme
    return context, page


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("docname", toc_docnames())
def test_axe_finds_no_serious_violations(browser, site_url, docname, theme):
    context, page = open_in_theme(browser, f"{site_url}/{html_path(docname)}", theme)
    try:
        draw_all_figures(page)  # figures are drawn as they come into view
        page.wait_for_timeout(500)  # widgets finish drawing
        violations = [v for v in run_axe(page) if v["impact"] in FAILING_IMPACTS]
    finally:
        context.close()
    report = [
        f"{v['impact']} {v['id']} ({v['help']}): "
        + "; ".join(f"{n['target']} {n.get('failureSummary', '')[:160]!r}" for n in v["nodes"][:4])
        for v in violations
    ]
    assert not report, f"{docname} ({theme} mode): axe-core violations:\n" + "\n".join(report)


@pytest.mark.parametrize("docname", toc_docnames())
def test_images_and_figures_have_text_alternatives(built_html, docname):
    html = (built_html / html_path(docname)).read_text(encoding="utf-8")
    assert not images_without_alt(html), f"{docname}: images without alt text: {images_without_alt(html)}"
    for label in re.findall(r'<div class="msbook-plotly" role="group" aria-label="([^"]*)"', html):
        assert len(label) >= 40, f"{docname}: a plotly figure has too short a text alternative: {label!r}"
    figures = html.count("data-msbook-figure")
    labelled = html.count('class="msbook-plotly" role="group" aria-label="')
    assert figures == labelled, f"{docname}: {figures - labelled} plotly figure(s) without a text alternative"


def test_alt_checker_catches_missing_alt():
    assert images_without_alt('<img src="a/chart.png">')
    assert images_without_alt('<img src="a/chart.png" alt="chart.png">')
    assert images_without_alt('<img src="../_images/d.svg" alt="../_images/d.svg">')
    assert not images_without_alt('<img src="a/chart.png" alt="A line chart of cells over time">')


def tab_to(page, selector, limit=300):
    """Press Tab until the element matching ``selector`` has focus; True if it got there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return True
    return False


@pytest.fixture
def chapter1(browser, site_url):
    page, record = open_page(browser, f"{site_url}/book/ch01-immune-army.html")
    yield page
    page.close()


def test_plotly_slider_works_from_the_keyboard(chapter1):
    page = chapter1
    # The first Tab draws every figure (msbook-figures.js), so focus never passes one undrawn.
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.getElementById('fig-infection-growth').dataset.msbookState === 'drawn'")
    selector = "#fig-infection-growth ~ .msbook-slider-keys input[type=range]"
    assert tab_to(page, selector), "the figure's slider cannot be reached with Tab"
    box = page.locator(".msbook-slider-keys").first.bounding_box()
    assert box and box["width"] > 100, "the keyboard slider should become visible when focused"
    label = page.locator(".msbook-slider-keys label").first.inner_text()
    assert "growth rate" in label.lower()
    before = page.evaluate("() => document.getElementById('fig-infection-growth').data[2].y")
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(600)
    state = page.evaluate(
        "() => { const gd = document.getElementById('fig-infection-growth');"
        " return {y: gd.data[2].y, active: gd.layout.sliders[0].active, title: gd.layout.title.text}; }"
    )
    assert state["y"] != before, "the arrow key did not change the plotted data"
    assert state["active"] == 3, "plotly's own slider should follow the keyboard control"
    assert "Growth rate 2 per day" in state["title"]
    assert page.locator(selector).get_attribute("aria-valuetext").endswith(": 2")


def test_explorer_live_panel_is_a_note_with_a_working_link(chapter1):
    """Static pages show no widget controls (they would do nothing); the explorer's panel says
    how to run it live and links to the instructions."""
    page = chapter1
    assert page.locator(".widget-slider [role=slider]").count() == 0
    panel = page.locator(".msbook-live-panel").first
    assert panel.get_attribute("role") == "note"
    link = panel.locator("a").first
    assert link.inner_text().strip() and link.get_attribute("href").endswith("how-to-use.html")


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_slider_figure_has_a_labelled_keyboard_control(browser, site_url, docname):
    page, _record = open_page(browser, f"{site_url}/{html_path(docname)}")
    try:
        draw_all_figures(page)
        missing = page.evaluate(
            "() => [...document.querySelectorAll('.msbook-plotly .plotly-graph-div')]"
            ".filter(gd => gd.layout && gd.layout.sliders && gd.layout.sliders.length)"
            ".filter(gd => { const i = document.getElementById(gd.id + '-keys-0');"
            " return !(i && i.labels.length && i.labels[0].textContent.trim() && i.tabIndex >= 0); })"
            ".map(gd => gd.id)"
        )
    finally:
        page.close()
    assert not missing, f"{docname}: slider figures without a keyboard control: {missing}"


@pytest.mark.parametrize("docname", toc_docnames())
def test_every_plotly_menu_works_from_the_keyboard(browser, site_url, docname):
    """Play/Pause buttons, button rows and dropdowns drawn by plotly answer only to the mouse;
    each gets native controls (book/assets/msbook.js). Choosing, by keyboard, the first option
    that is not already chosen must change what the figure shows."""
    page, _record = open_page(browser, f"{site_url}/{html_path(docname)}")
    try:
        draw_all_figures(page)
        ids = page.evaluate(
            "() => [...document.querySelectorAll('.msbook-plotly .plotly-graph-div')]"
            ".filter(gd => gd.layout && (gd.layout.updatemenus || []).some(m => (m.buttons || []).length))"
            ".map(gd => gd.id)"
        )
        state = ("id => { const gd = document.getElementById(id);"
                 " return JSON.stringify([gd.data.map(t => [t.x, t.y, t.z, t.visible]),"
                 " gd.layout.shapes, gd.layout.annotations, gd.layout.images]); }")
        dead = []
        for gd_id in ids:
            box = page.locator(f"#{gd_id} ~ .msbook-slider-keys").first
            controls = box.locator("button.msbook-menu-key, select")
            if not controls.count():
                dead.append(f"{gd_id}: no keyboard control for its menu")
                continue
            # The first control that is not already the menu's current choice (a row of plane
            # buttons starts on its first button; a Play button is never "current").
            active = page.evaluate(
                "id => { const m = document.getElementById(id).layout.updatemenus[0];"
                " return m.showactive === false || m.buttons[0].method === 'animate' ? -1 : (m.active || 0); }", gd_id)
            control = controls.nth(1 if active == 0 and controls.count() > 1 else 0)
            before = page.evaluate(state, gd_id)
            control.focus()
            if control.evaluate("e => e.tagName") == "SELECT":
                count = control.locator("option").count()
                current = control.evaluate("e => e.selectedIndex")
                control.select_option(index=(current + 1) % count)
            else:
                page.keyboard.press("Enter")
            page.wait_for_timeout(700)
            if page.evaluate(state, gd_id) == before:
                dead.append(f"{gd_id}: its keyboard control {control.inner_text()[:20]!r} changed nothing")
    finally:
        page.close()
    assert not dead, f"{docname}: {dead}"
