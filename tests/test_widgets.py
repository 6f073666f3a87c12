"""The ipywidgets explorer: bounded sliders, live redraw, print alternative."""

import base64

import pytest

from msbook import figures
from msbook.models.infection import PARAMS
from msbook.plots.infection import infection_explorer
from msbook.validation import Param
from msbook.widgets import STATIC_NOTE, Explorer, slider_for

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_slider_cannot_leave_the_parameter_range():
    p = PARAMS["growth_rate"]
    s = slider_for(p)
    assert (s.min, s.max, s.value) == (p.low, p.high, p.default)
    s.value = 99
    assert s.value == p.high
    s.value = -4
    assert s.value == p.low
    assert p.unit in s.description


def test_dose_slider_is_logarithmic_and_bounded():
    p = PARAMS["dose"]
    s = slider_for(p)
    assert type(s).__name__ == "FloatLogSlider"
    assert s.value == pytest.approx(p.default)
    s.value = 1e6
    assert s.value == pytest.approx(p.high)
    s.value = 0.01
    assert s.value == pytest.approx(p.low)


def test_log_scale_needs_positive_range():
    with pytest.raises(ValueError, match="positive"):
        Param("x", 0, 10, 1, "u", "X", log_scale=True)


def test_slider_rejects_start_value_out_of_range():
    with pytest.raises(ValueError, match="dose"):
        slider_for(PARAMS["dose"], value=5000)


def test_explorer_redraws_with_slider_values(monkeypatch):
    monkeypatch.delenv(figures.BUILD_ENV, raising=False)
    seen = []
    p = Param("k", 0, 10, 5, "per day", "Rate", step=1)
    explorer = Explorer({"k": p}, draw=lambda k: seen.append(k) or "fig", static=None, description="d")
    explorer.sliders["k"].value = 7
    assert seen == [5, 7]
    assert explorer.values() == {"k": 7}


def test_explorer_needs_parameters():
    with pytest.raises(ValueError, match="params"):
        Explorer({}, draw=lambda: None, static=None, description="d")


def test_book_build_explorer_prints_as_image_with_description(monkeypatch):
    monkeypatch.setenv(figures.BUILD_ENV, "1")
    explorer = infection_explorer()
    bundle = explorer._repr_mimebundle_()
    assert WIDGET_VIEW in bundle
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert "interactive(" not in bundle["text/plain"]
    assert "explorer" in bundle["text/plain"].lower()
    # The static page's output area explains that the explorer needs a kernel.
    assert explorer.output.outputs[0]["data"]["text/html"] == STATIC_NOTE


def test_live_explorer_has_no_png(monkeypatch):
    monkeypatch.delenv(figures.BUILD_ENV, raising=False)
    bundle = infection_explorer()._repr_mimebundle_()
    assert WIDGET_VIEW in bundle and "image/png" not in bundle
