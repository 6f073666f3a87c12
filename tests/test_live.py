"""The live lab, as a student uses it: `bash scripts/live.sh`, open a chapter, run it, move a slider.

The browser test starts the README's command on a free port, opens chapter 1 in JupyterLab
(it must open as a notebook, through Jupytext, with no right-click), runs all cells, checks
that every figure and explorer appears with a chart of a usable height, moves a live
explorer's slider to the end of its range and sees the chart change, then saves the chapter
unchanged and checks that its file is byte for byte the same.

It needs JupyterLab (requirements-live.txt; scripts/test.sh installs it) and takes about a
minute. Leave it out with `-m "not live"`.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, numbered_chapters

try:
    import jupytext  # noqa: F401  (requirements-live.txt; scripts/test.sh installs it)
except ImportError:  # pragma: no cover
    pytest.fail("JupyterLab and Jupytext are missing: run scripts/test.sh, which installs requirements-live.txt",
                pytrace=False)

CHAPTER = numbered_chapters()[0]
#: Slider of the chapter 1 explorer that the test moves to the end of its range.
SLIDER_LABEL = "Second exposure on day"


def _glue_names(docname: str) -> list[str]:
    text = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
    return re.findall(r"^```\{glue:figure\} (\S+)", text, re.M)


@pytest.mark.parametrize("chapter", numbered_chapters())
def test_chapter_places_every_figure_with_show(chapter):
    """A glued figure must also appear live: chapters call msbook.live.show, not glue(display=False).

    (Numbers quoted in the text by {glue} roles are still glued with display=False: they have
    nothing to show live.)"""
    text = (ROOT / f"{chapter}.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"^show\(\"([^\"]+)\"", text, re.M))
    missing = set(_glue_names(chapter)) - shown
    assert not missing, f"{chapter}: glue:figure names not placed with show(): {sorted(missing)}"


@pytest.mark.parametrize("chapter", numbered_chapters())
def test_saving_a_chapter_from_jupyterlab_leaves_it_unchanged(chapter, tmp_path):
    """Jupytext's round trip (what JupyterLab's Save does) with the project's jupytext.toml."""
    from jupyter_server.services.contents.largefilemanager import LargeFileManager
    from jupytext.sync_contentsmanager import build_sync_jupytext_contents_manager_class

    (tmp_path / "book").mkdir()
    source = ROOT / f"{chapter}.md"
    copy = tmp_path / f"{chapter}.md"
    copy.write_bytes(source.read_bytes())
    (tmp_path / "jupytext.toml").write_bytes((ROOT / "jupytext.toml").read_bytes())
    manager = build_sync_jupytext_contents_manager_class(LargeFileManager)(root_dir=str(tmp_path))
    model = manager.get(f"{chapter}.md", type="notebook")
    manager.save(model, f"{chapter}.md")
    assert copy.read_text(encoding="utf-8") == source.read_text(encoding="utf-8"), (
        f"{chapter}: saving it unchanged from JupyterLab rewrites it; write it as Jupytext does "
        "(a blank line after a code cell's :tags: line, no version numbers in the header)"
    )


def _explorer_factories():
    """Every ``*_explorer()`` function of the package's plotting modules."""
    import importlib
    import pkgutil

    import msbook.plots

    for info in pkgutil.iter_modules(msbook.plots.__path__):
        module = importlib.import_module(f"msbook.plots.{info.name}")
        for name, function in sorted(vars(module).items()):
            if name.endswith("_explorer") and getattr(function, "__module__", "") == module.__name__:
                yield pytest.param(function, id=f"{info.name}.{name}")


def _ends(control):
    """The values at both ends of a control's range."""
    kind = type(control).__name__
    if kind == "Checkbox":
        return [not control.value, control.value]
    if kind == "FloatLogSlider":
        return [control.base ** control.min, control.base ** control.max]
    return [control.min, control.max]


@pytest.mark.parametrize("factory", list(_explorer_factories()))
def test_every_slider_works_over_its_whole_range_and_charts_have_a_height(factory, monkeypatch):
    """Live, each control can go to either end of its range and the explorer still draws."""
    from msbook.live import live_version

    monkeypatch.delenv("MSBOOK_BUILD", raising=False)
    explorer = live_version(factory())
    drawn = []
    draw = explorer.draw
    explorer.draw = lambda **values: drawn.append(draw(**values)) or drawn[-1]
    for name, control in explorer.sliders.items():
        start = control.value
        for value in _ends(control):
            control.value = value
            shown = explorer.output.outputs
            errors = [o.get("text", "") for o in shown if o.get("output_type") != "display_data"]
            assert shown and not errors, f"{name}={control.value}: the explorer shows {errors or 'nothing'}"
        control.value = start
    assert drawn, "the explorer never redrew"
    heights = {fig.layout.height for fig in drawn}
    assert None not in heights and min(heights) >= 400, f"live charts need a height, got {heights}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def live_lab(tmp_path_factory):
    """`bash scripts/live.sh` on a free port, with a token; yields (base URL, token)."""
    port, token = _free_port(), "msbook-test-token"
    log = tmp_path_factory.mktemp("live") / "jupyterlab.log"
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(log.parent / "runtime"))
    env.pop(("MSBOOK_BUILD"), None)
    with open(log, "w") as out:
        proc = subprocess.Popen(
            ["bash", str(ROOT / "scripts" / "live.sh"), "--port", str(port),
             f"--IdentityProvider.token={token}"],
            stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                os.killpg(proc.pid, signal.SIGTERM) if proc.poll() is None else None
                pytest.fail(f"scripts/live.sh did not start JupyterLab:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
    yield base, token
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def _chart_title(locator) -> str:
    return locator.locator(".gtitle").first.text_content() or ""


@pytest.fixture
def chapter_file():
    """The chapter's source, restored afterwards whatever the test did to it."""
    source = ROOT / f"{CHAPTER}.md"
    before = source.read_bytes()
    yield source, before
    if source.read_bytes() != before:
        source.write_bytes(before)


@pytest.mark.live
def test_live_lab_runs_chapter_and_explorer_redraws(live_lab, chapter_file, browser):
    base, token = live_lab
    source, before = chapter_file
    # The session's Chromium (conftest's fixture): one Playwright instance per test session.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{base}/lab/tree/{CHAPTER}.md?token={token}", wait_until="domcontentloaded")
        # Opened by a double-click or a link, a chapter is a notebook (Jupytext), not a text file.
        notebook = page.locator(".jp-NotebookPanel").first
        notebook.wait_for(state="visible", timeout=60_000)
        # Wait for the kernel before running, as a student waits for "Idle" in the status bar.
        page.get_by_text(re.compile(r"\| Idle$")).first.wait_for(state="visible", timeout=60_000)
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()

        # Every glued figure and explorer of the chapter appears as a plotly chart.
        expected = len(_glue_names(CHAPTER))
        charts = notebook.locator(".js-plotly-plot")
        deadline = time.monotonic() + 90
        while charts.count() < expected and time.monotonic() < deadline:
            page.wait_for_timeout(500)
        assert charts.count() >= expected, f"{charts.count()} charts after Run All, want {expected}"
        assert notebook.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
        for i in range(charts.count()):
            box = charts.nth(i).bounding_box()
            assert box and box["height"] >= 500, f"chart {i} is squashed: {box}"

        # Move the live explorer's slider to the end of its range: the chart redraws.
        slider = notebook.locator(".widget-slider", has_text=SLIDER_LABEL).first
        slider.scroll_into_view_if_needed()
        # The explorer: the outermost box that holds this slider (its controls and its chart).
        explorer = notebook.locator(".widget-vbox").filter(
            has=page.locator(".widget-slider", has_text=SLIDER_LABEL)
        ).first
        chart = explorer.locator(".js-plotly-plot").first
        chart.wait_for(state="visible", timeout=30_000)
        old_title = _chart_title(chart)
        readout = slider.locator(".widget-readout").first
        old_value = readout.inner_text()
        slider.locator(".noUi-handle").first.focus()
        page.keyboard.press("End")
        page.wait_for_function(
            "([el, old]) => el.innerText !== old", arg=[readout.element_handle(), old_value], timeout=10_000
        )
        deadline = time.monotonic() + 30
        while _chart_title(chart) == old_title and time.monotonic() < deadline:
            page.wait_for_timeout(300)
        new_title = _chart_title(chart)
        assert new_title != old_title, f"the chart did not redraw after the slider moved to {readout.inner_text()}"
        assert explorer.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], .jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']").count() == 0, (
            "the explorer shows an error at the end of its slider's range"
        )

        # Saving the chapter unchanged leaves the file unchanged (no rewritten header).
        notebook.click(position={"x": 5, "y": 5})
        page.keyboard.press("Control+s")
        page.wait_for_timeout(2000)
    except Exception:
        page.screenshot(path=str(ROOT / "_build" / "test-live-failure.png"))
        raise
    finally:
        page.close()
    assert source.read_bytes() == before, f"saving {CHAPTER} from JupyterLab changed the file"
    assert not errors, f"JavaScript errors in JupyterLab: {errors[:3]}"
