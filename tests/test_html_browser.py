"""The built site in Chromium, as a reader meets it: no errors, nothing from other hosts,
figures that draw (when they come into view) and respond, follow the theme and fit the
screen, explorers that show their chart and how to run them live. One browser for the whole
session (conftest.browser)."""

import pytest

from conftest import draw_all_figures, draw_figure, html_path, open_page, toc_docnames

PLOTLY_BUNDLE = "_static/vendor/plotly/plotly-basic.min.js"


@pytest.mark.parametrize("docname", toc_docnames())
def test_page_loads_cleanly_and_privately(browser, site_url, docname):
    page, record = open_page(browser, f"{site_url}/{html_path(docname)}")
    try:
        assert page.title(), f"{docname}: page has no title"
        draw_all_figures(page)  # scrolling through the page draws its figures: still no error
        page.wait_for_timeout(300)
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


def plotly_scripts(page):
    return page.eval_on_selector_all("script[src*='plotly']", "els => els.map(e => e.getAttribute('src'))")


def test_plotly_loads_once_from_the_site_when_a_figure_comes_into_view(chapter1):
    page, _record = chapter1
    assert plotly_scripts(page) == [] or page.evaluate(
        "() => [...document.querySelectorAll('[data-msbook-figure]')]"
        ".some(e => e.getBoundingClientRect().top < 2 * innerHeight)"
    ), "plotly.js was fetched although no figure is near the viewport"
    draw_all_figures(page)
    scripts = plotly_scripts(page)
    assert len(scripts) == 1 and scripts[0].endswith(PLOTLY_BUNDLE), scripts


def test_chapter1_figure_renders(chapter1):
    page, _ = chapter1
    draw_figure(page, "fig-infection-growth")
    div = page.locator("#fig-infection-growth")
    assert div.locator(".main-svg").count() >= 1
    assert div.locator("g.trace.scatter").count() == 4, "the four populations should be drawn"
    box = div.bounding_box()
    assert box["width"] > 300 and box["height"] > 300


def test_moving_the_slider_changes_the_plotted_data(chapter1):
    page, _ = chapter1
    draw_figure(page, "fig-infection-growth")
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
    draw_figure(page, "fig-infection-explorer")  # drawn as it comes into view
    chart = page.locator("#fig-infection-explorer")
    assert chart.locator(".main-svg").count() >= 1, "the explorer's starting chart is not drawn"
    panel = page.locator(".msbook-live-panel").first
    assert "Run this live" in panel.inner_text() and "dose" in panel.inner_text().lower()
    assert page.locator(".widget-slider, .widget-checkbox").count() == 0, "no dead controls on a static page"
    assert "interactive(children" not in page.content()


def slider_figure_ids(page):
    """Ids of the plotly figures on a page that have a slider (drawing them all first)."""
    draw_all_figures(page)
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
                " return [JSON.stringify([gd.data.map(t => [t.x, t.y, t.z]),"
                " (gd.layout.images || []).map(i => i.source), (gd.layout.shapes || []).map(s => s.path)]),"
                " gd.layout.sliders[0].active]; }",
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
                " return [JSON.stringify([gd.data.map(t => [t.x, t.y, t.z]),"
                " (gd.layout.images || []).map(i => i.source), (gd.layout.shapes || []).map(s => s.path)]),"
                " gd.layout.sliders[0].active]; }",
                div_id,
            )
            assert after[1] != before[1], f"{docname}: the slider of {div_id} did not move"
            assert after[0] != before[0], f"{docname}: moving the slider of {div_id} changed none of its data, pictures or shapes"
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
        draw_all_figures(page)
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


# ---- Figures: drawn late, without moving the page; following the theme; fitting the screen.

def figure_pages():
    """Pages that have plotly figures (from the built HTML, so new chapters are included)."""
    from conftest import BUILD

    pages = []
    for docname in toc_docnames():
        path = BUILD / "html" / html_path(docname)
        if path.exists() and "data-msbook-figure" in path.read_text(encoding="utf-8"):
            pages.append(docname)
    return pages or ["(no page with figures)"]


def open_figure_page(browser, site_url, docname, **context):
    if docname.startswith("("):
        pytest.skip("no page has a plotly figure")
    ctx = browser.new_context(**context)
    page = ctx.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{site_url}/{html_path(docname)}", wait_until="load")
    return ctx, page, errors


@pytest.mark.parametrize("docname", figure_pages())
def test_figures_draw_in_view_in_the_space_kept_for_them(browser, site_url, docname):
    ctx, page, errors = open_figure_page(browser, site_url, docname, viewport={"width": 1280, "height": 900})
    try:
        states = page.evaluate(
            "() => [...document.querySelectorAll('[data-msbook-figure]')].map(e =>"
            " [e.id, e.dataset.msbookState || '', e.getBoundingClientRect().top, e.offsetHeight])"
        )
        for div_id, state, top, _height in states:
            if top > 3 * 900:
                assert state == "", f"{docname}: {div_id}, far below the fold, was drawn at load"
        for div_id, _state, _top, reserved in states:
            draw_figure(page, div_id)
            drawn = page.evaluate(
                "id => { const gd = document.getElementById(id); const svg = gd.querySelector('.main-svg');"
                " return [gd.offsetHeight, svg ? svg.getBoundingClientRect().height : 0,"
                " gd.querySelectorAll('g.trace').length]; }", div_id)
            assert drawn[0] == reserved, f"{docname}: {div_id} changed height when drawn ({reserved} -> {drawn[0]} px)"
            assert abs(drawn[1] - reserved) <= 2, f"{docname}: {div_id} is drawn {drawn[1]} px high in {reserved} px"
            assert drawn[2] >= 1, f"{docname}: {div_id} has no trace"
        assert not errors, f"{docname}: console errors: {errors}"
    finally:
        ctx.close()


THEME_STATE = """id => {
  const gd = document.getElementById(id), fl = gd._fullLayout;
  const page = getComputedStyle(document.documentElement).getPropertyValue('--pst-color-background').trim()
            || getComputedStyle(document.body).backgroundColor;
  const colours = gd._fullData.filter(t => t.visible !== false).flatMap(t => [
      t.mode && t.mode.includes('lines') ? t.line && t.line.color : null,
      t.mode && t.mode.includes('markers') && typeof t.marker.color === 'string' ? t.marker.color : null,
      t.error_x && t.error_x.visible ? t.error_x.color : null]).filter(c => typeof c === 'string');
  return {paper: fl.paper_bgcolor, plot: fl.plot_bgcolor, font: fl.font.color, page: page,
          title: fl.title && fl.title.font && fl.title.font.color,
          axes: Object.keys(fl).filter(k => /^[xy]axis\\d*$/.test(k) && fl[k].visible && fl[k].tickfont).map(k => fl[k].tickfont.color),
          legend: fl.showlegend ? fl.legend.bgcolor : null, traces: colours};
}"""


def rgb(page, colour):
    return page.evaluate(
        "c => { const s = document.createElement('span'); s.style.color = c; document.body.append(s);"
        " const v = getComputedStyle(s).color.match(/[\\d.]+/g).map(Number); s.remove(); return v; }",
        colour,
    )


def contrast(a, b):
    def lum(c):
        def f(x):
            x /= 255
            return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
        return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2])
    la, lb = lum(a), lum(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def assert_follows_theme(page, div_id, dark, where):
    state = page.evaluate(THEME_STATE, div_id)
    page_bg = rgb(page, state["page"])
    for name in ("paper", "plot"):
        colour = rgb(page, state[name])
        shows_page = len(colour) == 4 and colour[3] == 0
        assert shows_page or contrast(colour, page_bg) < 1.2, (
            f"{where}: {div_id} {name} background {state[name]} on a {'dark' if dark else 'light'} page ({state['page']})")
    for name, colour in [("font", state["font"]), ("title", state["title"])] + [("axis", c) for c in state["axes"]]:
        if colour:
            ratio = contrast(rgb(page, colour), page_bg)
            assert ratio >= 4.5, f"{where}: {div_id} {name} text {colour} has contrast {ratio:.1f}:1 on {state['page']}"
    for colour in state["traces"]:
        ratio = contrast(rgb(page, colour), page_bg)
        assert ratio >= 2.0, f"{where}: {div_id} data colour {colour} nearly vanishes on {state['page']} ({ratio:.1f}:1)"
    if state["legend"]:
        legend = rgb(page, state["legend"])
        assert (len(legend) == 4 and legend[3] == 0) or contrast(legend, page_bg) < 1.3, (
            f"{where}: {div_id} legend background {state['legend']} on {state['page']}")
    return state


@pytest.mark.parametrize("docname", figure_pages())
def test_figures_follow_the_theme_also_when_switched(browser, site_url, docname):
    ctx, page, errors = open_figure_page(browser, site_url, docname, viewport={"width": 1280, "height": 900})
    try:
        ids = draw_all_figures(page)
        light = {i: assert_follows_theme(page, i, False, f"{docname} (light)") for i in ids}
        page.evaluate("() => { document.documentElement.dataset.mode = 'dark'; document.documentElement.dataset.theme = 'dark'; }")
        page.wait_for_timeout(600)
        for div_id in ids:
            dark = assert_follows_theme(page, div_id, True, f"{docname} (switched to dark)")
            assert dark["font"] != light[div_id]["font"], f"{docname}: {div_id} kept its light text colour"
        page.evaluate("() => { document.documentElement.dataset.mode = 'light'; document.documentElement.dataset.theme = 'light'; }")
        page.wait_for_timeout(600)
        for div_id in ids:
            again = page.evaluate(THEME_STATE, div_id)
            assert again == light[div_id], f"{docname}: {div_id} did not return to its light colours"
        assert not errors, f"{docname}: console errors: {errors}"
    finally:
        ctx.close()
    # A reader whose theme is dark already.
    ctx, page, errors = open_figure_page(browser, site_url, docname, viewport={"width": 1280, "height": 900})
    try:
        page.evaluate("() => { localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark'); }")
        page.reload(wait_until="load")
        for div_id in draw_all_figures(page):
            assert_follows_theme(page, div_id, True, f"{docname} (opened dark)")
    finally:
        ctx.close()


TEXT_PROBLEMS = """id => {
  const gd = document.getElementById(id), box = gd.getBoundingClientRect();
  const texts = [...gd.querySelectorAll('svg text')].filter(t => {
    if (!t.textContent.trim()) return false;
    for (let e = t; e && e !== gd; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
    }
    const r = t.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }).map(t => ({text: t.textContent.trim().slice(0, 40), r: t.getBoundingClientRect()}));
  const problems = [];
  for (const t of texts) {
    if (t.r.left < box.left - 1 || t.r.right > box.right + 1 || t.r.top < box.top - 1 || t.r.bottom > box.bottom + 1)
      problems.push(`"${t.text}" runs past the figure's edge`);
  }
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = texts[i].r, b = texts[j].r;
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 2 && h > 2) problems.push(`"${texts[i].text}" overlaps "${texts[j].text}"`);
  }
  return problems;
}"""


def figure_text_problems(page, ids):
    """Text of the drawn figures that runs past a figure's edge or overlaps other text.

    Uses ``sitecheck.figure_text_problems`` (the figure helpers' fuller check: also text on
    legends and sliders) when the tests have it, else this file's minimal one."""
    import sitecheck

    if hasattr(sitecheck, "figure_text_problems"):
        return sitecheck.figure_text_problems(page)
    return [f"{div_id}: {p}" for div_id in ids for p in page.evaluate(TEXT_PROBLEMS, div_id)]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("docname", figure_pages())
def test_figure_text_is_not_clipped_or_overlapping(browser, site_url, docname, width):
    phone = width < 600
    ctx, page, errors = open_figure_page(
        browser, site_url, docname, viewport={"width": width, "height": 844 if phone else 900},
        is_mobile=phone, has_touch=phone)
    try:
        ids = draw_all_figures(page)
        for div_id in ids:
            if phone:
                bar = page.evaluate("id => !!document.querySelector(`#${id} .modebar-container .modebar`)", div_id)
                assert not bar, f"{docname}: {div_id} shows plotly's modebar on a touch screen"
        assert not errors, f"{docname}: console errors: {errors}"
        problems = figure_text_problems(page, ids)
        assert not problems, f"{docname} at {width} px:\n" + "\n".join(problems)
    finally:
        ctx.close()


NARROW_TEST_PAGE = """<!DOCTYPE html><html lang="en" data-theme="light"><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="_static/msbook-figures.css">
<script defer src="_static/msbook-figures.js"></script></head><body>
<div id="box" style="width: 900px"><div class="msbook-plotly" role="group" aria-label="A test figure">
<div id="fig-t" class="plotly-graph-div msbook-figure" data-msbook-figure
 style="height:400px;--msbook-narrow-height:520px" data-narrow-height="520"></div>
<script type="application/json" class="msbook-figure-data">
{"data": [{"type": "scatter", "y": [1, 3, 2], "line": {"color": "#000000"}}, {"type": "scatter", "y": [2, 1, 3]}],
 "layout": {"title": {"text": "Wide title"}, "legend": {"orientation": "v"},
            "meta": {"msbook": {"narrow": {"height": 520, "title.text": "Narrow", "legend.orientation": "h"}}}}}
</script></div></div></body></html>"""


def test_narrow_overrides_apply_below_600px_and_are_undone(browser, site_url):
    """The loader's contract with msbook/plots: layout.meta.msbook.narrow, on a made-up figure."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.route(f"{site_url}/narrow-test.html", lambda route: route.fulfill(
            body=NARROW_TEST_PAGE, content_type="text/html"))
        page.goto(f"{site_url}/narrow-test.html", wait_until="load")
        draw_figure(page, "fig-t")
        state = "() => { const gd = document.getElementById('fig-t'), fl = gd._fullLayout;" \
                " return [fl.title.text, fl.legend && fl.legend.orientation, gd.offsetHeight, fl.height]; }"
        assert page.evaluate(state) == ["Wide title", "v", 400, 400]
        page.evaluate("() => { document.getElementById('box').style.width = '390px'; }")
        page.wait_for_timeout(600)
        assert page.evaluate(state) == ["Narrow", "h", 520, 520]
        page.evaluate("() => { document.getElementById('box').style.width = '900px'; }")
        page.wait_for_timeout(600)
        assert page.evaluate(state) == ["Wide title", "v", 400, 400]
        # Dark: the black line becomes light, and back.
        page.evaluate("() => { document.documentElement.dataset.theme = 'dark'; }")
        page.wait_for_timeout(400)
        line = page.evaluate("() => document.getElementById('fig-t')._fullData[0].line.color")
        assert contrast(rgb(page, line), [20, 24, 30]) >= 4.5, line
        page.evaluate("() => { document.documentElement.dataset.theme = 'light'; }")
        page.wait_for_timeout(400)
        assert rgb(page, page.evaluate("() => document.getElementById('fig-t')._fullData[0].line.color"))[:3] == [0, 0, 0]
    finally:
        page.close()
