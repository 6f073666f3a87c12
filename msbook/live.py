"""Show a chapter's figures and explorers wherever the chapter runs.

A chapter places its interactive figures with ``{glue:figure}`` blocks, so in a
book build each figure must be *glued* (stored under a name, not shown where it
is made). Opened as a notebook in JupyterLab, Binder or Colab, nothing reads
those glue names, so the same call must *display* the object instead.
:func:`show` does both: chapters call it in place of ``glue(..., display=False)``::

    from msbook.live import show
    show("ch01-infection-explorer", infection_explorer())

In a live kernel a figure is shown at the height it has on the web page (plotly
would otherwise let JupyterLab squash it), and so is every chart an explorer draws.
"""

from __future__ import annotations

from pathlib import Path

import functools

import plotly.graph_objects as go

from msbook.figures import BookFigure, in_book_build


class MarkdownText(str):
    """Text that a notebook shows (and ``glue`` stores) as Markdown: a table a chapter computes
    and places with ``{glue:md}`` (IPython's own ``Markdown`` would make the downloadable
    notebook depend on IPython directly)."""

    def _repr_markdown_(self) -> str:
        return str(self)


def sized(fig: object, height: int) -> object:
    """``fig`` with a fixed height (CSS px) if it is a plotly figure that has none.

    A notebook gives plotly's output no height of its own, so an unsized figure
    is drawn short there and its legend covers the axis titles.
    """
    if isinstance(fig, go.Figure) and fig.layout.height is None:
        fig = go.Figure(fig)
        fig.layout.height = height
    return fig


def live_version(obj: object) -> object:
    """What a live kernel should display for a book object (see :func:`show`)."""
    if isinstance(obj, BookFigure):
        return sized(obj.fig, obj.height)
    from msbook.widgets import Explorer

    draw = getattr(obj, "draw", None)
    if isinstance(obj, Explorer) and callable(draw) and not getattr(draw, "_msbook_sized", False):
        # An Explorer: every chart it draws gets the height of its figure on the page.
        @functools.wraps(draw)
        def sized_draw(*args, **kwargs):
            return sized(draw(*args, **kwargs), obj.height)

        sized_draw._msbook_sized = True
        obj.draw = sized_draw
        redraw = getattr(obj, "_on_change", None)
        if callable(redraw):
            redraw()
    return obj


def render_into(output, make) -> None:
    """Replace what an ipywidgets ``Output`` shows with ``make()``'s result, drawn in the kernel.

    The usual ``with output: display(...)`` capture makes a notebook runner that has no
    browser (nbclient, nbconvert, jupyter-cache, papermill) emulate the widget by sending
    messages back to the kernel on the socket it is polling for the cell's reply. That
    intermittently loses the wake-up, and the runner then waits a full cell timeout after
    an explorer cell before it carries on (nbclient issue 312). Setting the widget's
    outputs directly sends nothing back, and JupyterLab draws them the same way.
    A model's ``ValueError`` is shown in place of the chart.
    """
    try:
        result = make()
    except ValueError as error:
        output.outputs = ({"output_type": "stream", "name": "stderr", "text": f"{error}\n"},)
        return
    data, metadata = mime_bundle(result)
    output.outputs = ({"output_type": "display_data", "data": data, "metadata": metadata},)


def mime_bundle(obj: object) -> tuple[dict, dict]:
    """``obj``'s display data and metadata, computed without displaying anything.

    IPython's formatter would call a plotly figure's ``_ipython_display_``, which shows the
    figure in the cell's own output instead of returning it, so ``_repr_mimebundle_`` comes first.
    """
    from IPython.core.formatters import format_display_data

    if hasattr(obj, "_repr_mimebundle_"):
        bundle = obj._repr_mimebundle_(include=None, exclude=None)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        if data:
            return dict(data), dict(metadata or {})
    return format_display_data(obj)


def show(name: str, obj: object) -> None:
    """Glue ``obj`` as ``name`` in a book build; display it in a live kernel.

    ``name`` is the key that the chapter's ``{glue:figure}`` block uses. In a
    live kernel the object is displayed at once, at the height it has on the page.
    """
    if in_book_build():
        from myst_nb import glue

        glue(name, obj, display=False)
        return
    from IPython.display import display

    display(live_version(obj))


#: JupyterLab settings for the live lab: chapters (MyST Markdown) open as notebooks by default.
LAB_OVERRIDES = {
    "@jupyterlab/docmanager-extension:plugin": {
        "defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    },
    # No requests to other hosts: JupyterLab would otherwise offer to fetch news and updates.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


def configure_lab(prefix: str | None = None) -> Path:
    """Write :data:`LAB_OVERRIDES` into ``<prefix>/share/jupyter/lab/settings/overrides.json``.

    ``prefix`` is the Python environment that runs JupyterLab (default: this one).
    Settings already in the file are kept. Returns the file's path.
    """
    import json
    import sys

    path = Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for plugin, values in LAB_OVERRIDES.items():
        entry = settings.setdefault(plugin, {})
        for key, value in values.items():
            if isinstance(value, dict):
                entry.setdefault(key, {}).update(value)
            else:
                entry[key] = value
    path.write_text(json.dumps(settings, indent=2) + "\n", encoding="utf-8")
    return path


def _main(argv: list[str] | None = None) -> int:
    import sys

    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["configure"]:
        print(configure_lab(args[1] if len(args) > 1 else None))
        return 0
    print("usage: python -m msbook.live configure [PREFIX]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main())
