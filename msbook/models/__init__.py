"""Teaching models used by the book's interactive figures.

Each model is written once here and imported by every notebook that shows it.
They are teaching models, not clinical tools: their units are arbitrary and
their parameters were chosen to show a mechanism, not fitted to patients.
"""
