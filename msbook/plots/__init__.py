"""Figures built from the package's models, one module per model."""
