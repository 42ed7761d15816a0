"""Renderers: the same Report as text, JSON, JSON Lines, CSV or HTML."""
