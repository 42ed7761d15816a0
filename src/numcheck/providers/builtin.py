"""The online checkers numcheck ships."""

from __future__ import annotations

from numcheck.config import Settings


def builtin_online_checkers(settings: Settings) -> list[object]:
    """Fresh instances of every built-in online checker, configured by ``settings``."""
    return []
