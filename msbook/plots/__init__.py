"""Figures built from the package's models, one module per model.

Every module's public functions named ``*_book_figure`` (returning a
:class:`~msbook.figures.BookFigure`) and ``*_explorer`` (returning a
:class:`~msbook.widgets.Explorer`) are the figures a chapter shows. The tests find
them here, so a new figure that follows the naming is checked (layout on phones and
desktop, print) without new test code.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Callable


def _builders(suffix: str) -> list[Callable]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, obj in inspect.getmembers(module, inspect.isfunction):
            if name.endswith(suffix) and not name.startswith("_") and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def book_figures() -> list[Callable]:
    """The functions that build the book's figures (``*_book_figure``), by module."""
    return _builders("_book_figure")


def book_explorers() -> list[Callable]:
    """The functions that build the book's live explorers (``*_explorer``), by module."""
    return _builders("_explorer")
