"""msbook: models, data, figures and widgets for the open textbook
*The Immune System and Multiple Sclerosis*.

Every interactive figure in the book follows one pattern ("one model, three
ways to see it"): a model function in :mod:`msbook.models` that validates its
inputs, a plotly figure with precomputed slider states for the static web page,
an ipywidgets explorer for a live kernel, and a PNG for print.
"""

__version__ = "0.1.0"
