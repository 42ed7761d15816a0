"""Data files shipped with numcheck (read with importlib.resources)."""
