"""msbook: models, data, figures and widgets for the open textbook
*The Immune System and Multiple Sclerosis*.

Every interactive figure in the book follows one pattern ("one model, three
ways to see it"): a model function in :mod:`msbook.models` that validates its
inputs, a plotly figure with precomputed slider states for the static web page,
an ipywidgets explorer for a live kernel, and a PNG for print.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:  # the one place the version lives is pyproject.toml; this reads it from the install
    __version__ = _version("msbook")
except PackageNotFoundError:  # pragma: no cover - running from a checkout without installing
    __version__ = "0+unknown"
