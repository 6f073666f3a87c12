"""Figure output: style, web HTML, print PNG, and the chapter 1 slider figure."""

import base64
import json

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
