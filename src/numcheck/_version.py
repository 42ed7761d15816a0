"""numcheck's version: the one place it is written (pyproject reads it here, `numcheck.__version__` and reports too)."""

__version__ = "0.1.0"
