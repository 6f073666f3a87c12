"""The explorers: live sliders bounded by the model's ranges; in a book build, a chart and a
"Run this live" panel instead of controls that would do nothing."""

import base64
import inspect

import pytest

from msbook import figures
from msbook.models.infection import PARAMS
from msbook.plots import book_explorers
from msbook.plots.infection import infection_explorer
from msbook.validation import Param
from msbook.widgets import Explorer, Flag, slider_for

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
EXPLORERS = book_explorers()


@pytest.fixture
def live(monkeypatch):
    monkeypatch.delenv(figures.BUILD_ENV, raising=False)


@pytest.fixture
def build(monkeypatch):
    monkeypatch.setenv(figures.BUILD_ENV, "1")


def test_slider_cannot_leave_the_parameter_range():
    p = PARAMS["growth_rate"]
    s = slider_for(p)
    assert (s.min, s.max, s.value) == (p.low, p.high, p.default)
    s.value = 99
    assert s.value == p.high
    s.value = -4
    assert s.value == p.low
    assert s.readout_label.value == p.display(p.low)


def test_dose_slider_is_logarithmic_and_bounded():
    p = PARAMS["dose"]
    s = slider_for(p)
    assert type(s).__name__ == "FloatLogSlider"
    assert s.value == pytest.approx(p.default)
    s.value = 1e6
    assert s.value == pytest.approx(p.high)
    s.value = 0.01
    assert s.value == pytest.approx(p.low)


def test_readouts_use_the_display_unit_and_precision():
    risk = Param("risk", 0.0005, 0.02, 0.003, "fraction of people", "Risk", step=0.05, log_scale=True,
                 display_scale=1000, display_unit="per 1,000", display_format=",.1f")
    assert slider_for(risk).readout_label.value == "3.0 per 1,000"
    copies = Param("copies", 0, 2, 0, "copies", "Copies", step=1)
    s = slider_for(copies)
    assert type(s).__name__ == "IntSlider" and s.readout_label.value == "0 copies"
    s.value = 1
    assert s.readout_label.value == "1 copy"
    days = Param("day", 30, 150, 60, "days", "Day", step=5)
    assert days.display(65) == "65 days"
    assert PARAMS["dose"].display(1000) == "1,000 pathogen units"  # never 1e+03


def test_log_scale_needs_positive_range():
    with pytest.raises(ValueError, match="positive"):
        Param("x", 0, 10, 1, "u", "X", log_scale=True)


def test_slider_rejects_start_value_out_of_range():
    with pytest.raises(ValueError, match="dose"):
        slider_for(PARAMS["dose"], value=5000)


def _explorer(draw, **kwargs):
    p = Param("k", 0, 10, 5, "per day", "Rate", step=1)
    return Explorer({"k": p, "on": Flag("on", "Switch")}, draw=draw, name="t", alt="Alt text",
                    description="d", **kwargs)


def test_live_explorer_redraws_with_slider_values(live):
    seen = []
    explorer = _explorer(lambda k, on: seen.append((k, on)) or "fig", start={"k": 3})
    explorer.sliders["k"].value = 7
    explorer.sliders["on"].value = True
    assert seen == [(3, False), (7, False), (7, True)]
    assert explorer.values() == {"k": 7, "on": True}


def test_explorer_validates_its_parameters():
    with pytest.raises(ValueError, match="params"):
        Explorer({}, draw=lambda: None, name="t", alt="a", description="d")
    with pytest.raises(ValueError, match="unknown"):
        _explorer(lambda k, on: None, start={"nope": 1})
    with pytest.raises(ValueError, match="k"):
        _explorer(lambda k, on: None, start={"k": 11})


def test_book_build_creates_no_widget(build, monkeypatch):
    import ipywidgets

    def refuse(*args, **kwargs):
        raise AssertionError("a book build must create no widget (its state would be embedded)")

    monkeypatch.setattr(ipywidgets.Widget, "__init__", refuse)
    explorer = _explorer(lambda k, on: pytest.fail("draws only when shown"))
    assert explorer.widget is None and explorer.values() == {"k": 5, "on": False}


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_book_build_shows_the_starting_chart_and_a_live_panel(build, make):
    explorer = make()
    bundle = explorer._repr_mimebundle_()
    assert WIDGET_VIEW not in bundle
    html = bundle["text/html"]
    assert "plotly-graph-div" in html and 'class="msbook-figure-data"' in html  # drawn by msbook-figures.js
    assert "msbook-live-panel" in html and "Run this live" in html and "how-to-use" in html
    for param in explorer.params.values():  # the panel names everything the explorer varies
        assert param.label in html
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == explorer.description


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_web_and_print_show_the_starting_state(build, monkeypatch, make):
    drawn = []
    explorer = make()
    original = explorer.draw
    explorer.draw = lambda **values: drawn.append(values) or original(**values)
    monkeypatch.setattr(figures, "to_png", lambda fig, *a, **k: drawn.append("png") or b"\x89PNG\r\n\x1a\n")
    explorer._repr_mimebundle_()
    assert drawn == [explorer.start, "png"], "web and print must come from one drawing of the start state"


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_live_explorer_sliders_are_bounded_and_start_where_print_does(live, make):
    explorer = make()
    assert WIDGET_VIEW in explorer._repr_mimebundle_()
    assert explorer.values() == pytest.approx(explorer.start)
    for name, param in explorer.params.items():
        control = explorer.sliders[name]
        if isinstance(param, Flag):
            assert type(control).__name__ == "Checkbox"
            continue
        low, high = (param.log_low, param.log_high) if param.log_scale else (param.low, param.high)
        assert (control.min, control.max) == pytest.approx((low, high)), name
        assert control.readout is False  # ipywidgets' own readout would show raw values
        assert control.readout_label.value == param.display(control.value)
        assert "fraction" not in control.readout_label.value


def test_every_chapter_explorer_is_listed():
    """The explorers tested here are those the package lists (msbook.plots.book_explorers)."""
    assert EXPLORERS and all(inspect.isfunction(f) for f in EXPLORERS)
    assert infection_explorer in EXPLORERS
