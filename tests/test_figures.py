"""Figure output: style, web HTML, print PNG, and the chapter 1 slider figure."""

import base64
import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from msbook import figures, style
from msbook.figures import BookFigure, print_version, to_web_html
from msbook.plots.infection import (
    SLIDER_GROWTH_RATES,
    growth_slider_book_figure,
    growth_slider_figure,
    response_figure,
)

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _relative_luminance(hex_colour):
    rgb = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def test_series_colours_are_okabe_ito_and_visible_on_white():
    assert set(style.SERIES_COLOURS) <= set(style.OKABE_ITO.values())
    for colour in style.SERIES_COLOURS:
        contrast = 1.05 / (_relative_luminance(colour) + 0.05)
        assert contrast >= 2.2, colour  # lines and markers, WCAG 1.4.11 asks 3:1 of UI parts


def test_series_styles_differ_by_dash_as_well_as_colour():
    styles = [style.series_style(i) for i in range(4)]
    assert len({s["dash"] for s in styles}) == 4
    assert len({s["color"] for s in styles}) == 4
    with pytest.raises(ValueError):
        style.series_style(-1)


def test_template_registers_as_default():
    import plotly.io as pio

    style.register_template()
    assert pio.templates.default == style.TEMPLATE_NAME


def test_web_html_has_no_plotly_js_and_a_stable_labelled_div():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    html = to_web_html(fig, "fig-test", alt='A "quoted" line')
    assert 'id="fig-test"' in html
    assert 'aria-label="A &quot;quoted&quot; line"' in html
    assert "cdn" not in html.lower()
    assert len(html) < 20_000  # plotly.js (4.8 MB) is loaded once per page, not inlined
    assert to_web_html(fig, "fig-test", alt="x") == to_web_html(fig, "fig-test", alt="x")


def test_print_version_drops_sliders_but_keeps_data():
    fig = growth_slider_figure()
    printed = print_version(fig)
    assert not printed.layout.sliders
    assert fig.layout.sliders  # the original is untouched
    assert printed.data[2].y == fig.data[2].y


def test_book_figure_validates():
    fig = go.Figure()
    with pytest.raises(ValueError, match="name"):
        BookFigure(fig, name="Bad Name", alt="x")
    with pytest.raises(ValueError, match="alt"):
        BookFigure(fig, name="ok", alt="  ")
    with pytest.raises(ValueError, match="height.*200 to 1200"):
        BookFigure(fig, name="ok", alt="x", height=50)


def test_book_build_bundle_has_html_png_and_text(monkeypatch):
    monkeypatch.setenv(figures.BUILD_ENV, "1")
    bundle = BookFigure(response_figure(), name="t", alt="Alt text", height=400)._repr_mimebundle_()
    assert set(bundle) == {"text/html", "image/png", "text/plain"}
    assert base64.b64decode(bundle["image/png"]).startswith(PNG_MAGIC)
    assert bundle["text/plain"] == "Alt text"
    # The figure's JSON in an empty container; msbook-figures.js draws it on the page.
    assert 'data-msbook-figure' in bundle["text/html"]
    assert '<script type="application/json" class="msbook-figure-data">' in bundle["text/html"]


def test_live_bundle_is_plotly_own(monkeypatch):
    monkeypatch.delenv(figures.BUILD_ENV, raising=False)
    bundle = BookFigure(response_figure(), name="t", alt="Alt text")._repr_mimebundle_()
    assert "image/png" not in bundle
    assert bundle["text/plain"] == "Alt text"


def test_slider_steps_hold_different_precomputed_results():
    fig = growth_slider_figure()
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == [f"{g:g}" for g in SLIDER_GROWTH_RATES]
    effector = [json.dumps(s.args[0]["y"][2]) for s in steps]
    assert len(set(effector)) == len(steps)
    titles = [s.args[1]["title.text"] for s in steps]  # plotly.js 4 needs "title.text"
    assert len(set(titles)) == len(steps)
    active = fig.layout.sliders[0].active
    assert list(fig.data[2].y) == steps[active].args[0]["y"][2]


def test_slider_figure_is_light_enough_for_a_page():
    import plotly.io as pio

    html = pio.to_html(growth_slider_figure(), include_plotlyjs=False, full_html=False)
    assert len(html) < 120_000


def test_slider_start_must_be_offered():
    with pytest.raises(ValueError, match="start"):
        growth_slider_figure(start=1.7)


def test_png_is_drawn_once_and_kept(monkeypatch):
    calls = []
    monkeypatch.setattr(figures, "to_png", lambda *a, **k: calls.append(1) or PNG_MAGIC)
    fig = growth_slider_book_figure()
    fig.png()
    fig.png()
    assert len(calls) == 1


def test_a_print_figure_replaces_the_slider_figure_in_print(monkeypatch):
    """A figure that steps through stages can print a figure of all its stages instead."""
    drawn = []
    monkeypatch.setattr(figures, "to_png", lambda fig, w, h: drawn.append((fig, h)) or PNG_MAGIC)
    web, printed = go.Figure(go.Scatter(y=[1, 2])), go.Figure(go.Bar(y=[3]))
    BookFigure(web, name="two-ways", alt="A test figure.", print_fig=printed, print_height=900).png()
    assert drawn == [(printed, 900)]
    with pytest.raises(ValueError, match="print_height"):
        BookFigure(web, name="two-ways", alt="A test figure.", print_fig=printed, print_height=5000)


# ------------------------------------------------- every book figure, in a browser, phone and desktop
from msbook.plots import book_explorers, book_figures  # noqa: E402
from msbook.plots.common import NARROW_BELOW, narrow_layout  # noqa: E402

#: (viewport width, height, width of the column the figure sits in): a phone, where the book's
#: theme leaves about 342 px of its 390, a small phone, the narrowest container that gets the
#: wide layout (NARROW_BELOW), and a desktop, where the text column is about 672 px.
SCREENS = {
    "phone": (390, 844, 342),
    "small-phone": (360, 740, 328),
    "narrowest-wide": (640, 900, NARROW_BELOW),
    "desktop": (1280, 900, 672),
}



def all_book_figures():
    """(builder name, BookFigure) for every figure and explorer chart the package defines,
    as a book build makes them (explorers as the chart of their starting state)."""
    import os

    style.register_template()
    saved = os.environ.get(figures.BUILD_ENV)
    os.environ[figures.BUILD_ENV] = "1"
    try:
        made = [(f.__name__, f()) for f in book_figures()]
        made += [(f.__name__, f().figure()) for f in book_explorers()]
    finally:
        if saved is None:
            del os.environ[figures.BUILD_ENV]
        else:
            os.environ[figures.BUILD_ENV] = saved
    return made


def standalone_page(folder, figure, column):
    """A plain page with one book figure in a column of ``column`` px, drawn as the site draws it:
    by the book's own loader (book/assets/msbook-figures.js, with its CSS) and the vendored
    plotly.js bundle, which also applies the figure's narrow layout below 600 px."""
    from msbook import web
    from msbook.book import ROOT

    assets = ROOT / "book" / "assets"
    for name in (web.FIGURES_JS, web.FIGURES_CSS):
        (folder / name).write_bytes((assets / name).read_bytes())
    bundle_src, bundle_dest = web.PLOTLY_BUNDLE
    bundle = folder / "vendor" / bundle_dest
    if not bundle.exists():
        bundle.parent.mkdir(parents=True, exist_ok=True)
        bundle.write_bytes((ROOT / "vendor" / "node_modules" / bundle_src).read_bytes())
    page = folder / f"{figure.name}-{column}.html"
    page.write_text(
        "<!doctype html><html data-theme='light'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<link rel='stylesheet' href='{web.FIGURES_CSS}'>"
        f"<script defer src='{web.FIGURES_JS}'></script>"
        f"<style>body{{margin:0;font-family:sans-serif}} main{{width:{column}px;margin:0 auto}}</style>"
        f"</head><body><main>{to_web_html(figure.fig, 'fig-' + figure.name, figure.alt, figure.height)}"
        "</main></body></html>",
        encoding="utf-8",
    )
    return page


def show_figure(browser, folder, figure, screen):
    """Open ``figure`` on a standalone page at ``screen``, drawn (with its narrow layout if due)."""
    width, height, column = SCREENS[screen]
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(standalone_page(folder, figure, min(column, width)).as_uri(), wait_until="load")
    page.wait_for_function("() => window.msbookFigures")
    page.evaluate("() => window.msbookFigures.drawAll()")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-msbook-figure]')].every("
        "f => f.dataset.msbookState === 'drawn') && document.querySelector('.js-plotly-plot .main-svg')"
    )
    page.wait_for_timeout(100)
    assert not errors, errors
    return page


def slider_states(page):
    """Step through each slider state as a click would (the step's update, and the slider's mark)."""
    steps = page.evaluate("() => { const gd = document.querySelector('.js-plotly-plot');"
                          " return gd.layout.sliders && gd.layout.sliders.length ? gd.layout.sliders[0].steps.length : 0; }")
    yield "as drawn"
    for i in range(steps):
        page.evaluate(
            "async i => { const gd = document.querySelector('.js-plotly-plot');"
            " const s = gd.layout.sliders[0].steps[i];"
            " await Plotly.update(gd, s.args[0], s.args[1] || {}, s.args[2]);"
            " await Plotly.relayout(gd, {'sliders[0].active': i}); }",
            i,
        )
        label = page.evaluate("i => document.querySelector('.js-plotly-plot').layout.sliders[0].steps[i].label", i)
        yield f"slider step {i + 1} ({label})"


@pytest.fixture(scope="module")
def figure_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("figures")


@pytest.fixture(scope="module")
def book_figure_list():
    return all_book_figures()


def test_the_package_lists_every_figure_the_chapters_use():
    """Each builder a chapter imports from msbook.plots is one the browser tests below check."""
    import re

    from msbook.book import ROOT

    listed = {f.__name__ for f in book_figures() + book_explorers()}
    used = set()
    for chapter in sorted((ROOT / "book").glob("*.md")):
        for names in re.findall(r"from msbook\.plots\.\w+ import ([\w, ]+)", chapter.read_text(encoding="utf-8")):
            used |= {n.strip() for n in names.split(",") if n.strip()}
    assert used, "no chapter imports a figure from msbook.plots"
    assert used <= listed, f"figures used by chapters but not found by msbook.plots: {used - listed}"


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_no_figure_text_overlaps_or_runs_off_the_figure(browser, figure_folder, book_figure_list, screen):
    import sitecheck

    problems = []
    for builder, figure in book_figure_list:
        page = show_figure(browser, figure_folder, figure, screen)
        try:
            for state in slider_states(page):
                problems += [f"{builder}, {state}: {p}" for p in sitecheck.figure_text_problems(page)]
        finally:
            page.close()
    assert not problems, f"{screen}:\n" + "\n".join(problems)


def test_figures_have_a_narrow_layout_that_fits_a_phone(book_figure_list):
    """Every figure says how to lay itself out on a phone, and its narrow title lines are short."""
    import re

    from msbook.plots.common import NARROW_TITLE_CHARS

    for builder, figure in book_figure_list:
        narrow = narrow_layout(figure.fig)
        assert narrow, f"{builder}: no narrow layout (msbook.plots.common.set_narrow_layout)"
        titles = [narrow.get("title.text") or figure.fig.layout.title.text or ""]
        titles += [v["title.text"] for k, v in narrow.items() if isinstance(v, dict) and "title.text" in v]
        for title in titles:
            for line in re.split(r"<br\s*/?>", title):
                assert len(re.sub(r"<[^>]+>", "", line)) <= NARROW_TITLE_CHARS, (builder, line)


def shown_step_groups(fig, number: int, slider) -> list[list[int]]:
    """The sets of a slider's steps that are shown together: all of them, or, where a menu
    shows some and hides others (``sliders[N].steps[i].visible``), the first set and each
    set a menu button shows."""
    steps = list(slider.steps)
    groups = [[i for i, s in enumerate(steps) if s.visible is not False]]
    prefix = f"sliders[{number}].steps["
    for menu in fig.layout.updatemenus or ():
        for button in menu.buttons or ():
            layout = button.args[1] if button.args and len(button.args) > 1 and isinstance(button.args[1], dict) else {}
            shown = {int(k[len(prefix):k.index("]", len(prefix))]): v for k, v in layout.items()
                     if k.startswith(prefix) and k.endswith("].visible")}
            if shown:
                groups.append([i for i in range(len(steps)) if shown.get(i, steps[i].visible is not False)])
    return groups


def test_numeric_sliders_are_evenly_spaced(book_figure_list):  # noqa: C901
    for builder, figure in book_figure_list:
        for number, slider in enumerate(figure.fig.layout.sliders):
            for group in shown_step_groups(figure.fig, number, slider):
                labels = [slider.steps[i].label for i in group]
                try:
                    values = [float(label) for label in labels]
                except ValueError:
                    assert not any(re.fullmatch(r"\d+", label) for label in labels), (
                        f"{builder}: a category slider needs words, not numbers: {labels}")
                    continue
                assert values != [float(i + 1) for i in range(len(values))], (
                    f"{builder}: the slider's steps are numbered; name them in words")
                gaps = {round(b - a, 9) for a, b in zip(values, values[1:])}
                assert len(gaps) == 1, f"{builder}: slider values {values} are not evenly spaced"


def test_the_text_check_finds_overlapping_and_clipped_text(browser, figure_folder):
    """The browser check itself, on a figure broken on purpose."""
    import sitecheck

    fig = go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))
    fig.add_annotation(x=0.5, y=0.5, text="first label here", showarrow=False)
    fig.add_annotation(x=0.5, y=0.5, text="second label", showarrow=False)
    fig.add_annotation(x=1.0, xref="paper", xanchor="left", y=0.2, text="a label beyond the right edge", showarrow=False)
    fig.update_layout(margin=dict(r=10))
    page = show_figure(browser, figure_folder, BookFigure(fig, name="broken", alt="broken", height=300), "phone")
    try:
        problems = "\n".join(sitecheck.figure_text_problems(page))
    finally:
        page.close()
    assert '"first label here" (' in problems and "overlaps" in problems
    assert "beyond the right edge" in problems and "runs past the figure's edge" in problems


def test_narrow_layout_keeps_the_wide_values_to_switch_back():
    from msbook.plots.common import set_narrow_layout, wrap_title

    fig = go.Figure()
    fig.update_layout(legend=dict(orientation="h"), height=500)
    set_narrow_layout(fig, {"legend.orientation": "v", "height": 800, "xaxis.domain": [0, 1]})
    book = fig.layout.meta["msbook"]
    assert book["narrow"] == {"legend.orientation": "v", "height": 800, "xaxis.domain": [0, 1]}
    assert book["wide"] == {"legend.orientation": "h", "height": 500, "xaxis.domain": None}
    set_narrow_layout(fig, {"height": 900})  # merged; the wide value stays the original
    assert fig.layout.meta["msbook"]["narrow"]["height"] == 900
    assert fig.layout.meta["msbook"]["wide"]["height"] == 500
    assert wrap_title("one two<br>three four five", 10) == "one two<br>three four<br>five"


# ------------------------------------------------------------------ diagrams (figures/*.py)
def _diagram_modules():
    import importlib.util
    import sys

    from msbook.book import ROOT

    sys.path.insert(0, str(ROOT / "figures"))
    spec = importlib.util.spec_from_file_location("draw", ROOT / "figures" / "draw.py")
    draw = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(draw)
    return draw, [(script.stem, draw.load(script)) for script in draw.scripts()]


def _font_sizes(fig):
    default = fig.layout.font.size or 15
    sizes = [a.font.size or default for a in fig.layout.annotations if a.text]
    return sizes or [default]


def test_diagram_text_is_legible_on_screen_and_in_print():
    """Smallest text of each diagram: 12 px at the desktop column (and on a phone, in the
    narrow variant if there is one, else the wide one shrunk), 8 pt at the PDF's text width."""
    draw, modules = _diagram_modules()
    problems = []
    for name, module in modules:
        width = module.SIZE[0]
        smallest = min(_font_sizes(module.draw()))
        desktop = smallest * min(1, draw.DESKTOP_COLUMN_PX / width)
        printed = smallest * draw.PRINT_TEXT_WIDTH_PT / width
        if desktop < draw.MIN_FONT_PX:
            problems.append(f"{name}: {desktop:.1f} px text in the desktop column")
        if printed < draw.MIN_FONT_PT:
            problems.append(f"{name}: {printed:.1f} pt text in print")
        if hasattr(module, "narrow"):
            fig, (w, _h) = module.narrow()
            phone = min(_font_sizes(fig)) * min(1, draw.PHONE_COLUMN_PX / w)
            where = "the narrow variant"
        else:
            phone = smallest * min(1, draw.PHONE_COLUMN_PX / width)
            where = "the wide drawing shrunk (give it a narrow() variant)"
        if phone < draw.MIN_FONT_PX:
            problems.append(f"{name}: {phone:.1f} px text on a phone, in {where}")
    assert not problems, problems


def test_narrow_diagram_sources_wrap_only_diagrams_that_have_one():
    from msbook.diagrams import add_narrow_sources

    body = ('<img alt="A tree" src="../_images/ch01-x.svg" />'
            '<img alt="Other" src="../_images/ch02-y.svg" /><img alt="png" src="../_images/ch01-x.png" />')
    out = add_narrow_sources(body, {"ch01-x-narrow.svg"})
    assert out.count("<picture") == 1
    assert '<source media="(max-width: 600px)" srcset="../_images/ch01-x-narrow.svg"' in out
    assert '<img alt="A tree" src="../_images/ch01-x.svg" /></picture>' in out  # alt kept
    assert '<img alt="Other" src="../_images/ch02-y.svg" />' in out and "ch02-y-narrow" not in out


def test_built_pages_offer_each_narrow_diagram(built_html):
    """Every diagram with a narrow variant is offered to phones, and the file is in the site."""
    from msbook.book import ROOT

    narrow = {p.name for p in (ROOT / "figures" / "generated").glob("*-narrow.svg")}
    assert narrow, "figures/draw.py wrote no narrow variant"
    offered = set()
    for page in built_html.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for src in re.findall(r'<source media="\(max-width: 600px\)" srcset="([^"]+)"', text):
            assert (page.parent / src).resolve().is_file(), f"{page.name}: {src} is not in the site"
            offered.add(Path(src).name)
    assert offered == narrow, f"narrow diagrams not offered: {narrow - offered}"
