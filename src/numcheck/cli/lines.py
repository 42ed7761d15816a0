"""The command line's own one-line messages on stderr (``numcheck: ...``), in the run's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck.messages import Message, Param, Scalar
from numcheck.render.i18n import ui


def say_line(err: TextIO, lang: str, message_id: str, /, **params: Param | Sequence[Scalar | Message]) -> None:
    """One line of the command line's own on stderr, in ``lang``."""
    err.write(f"numcheck: {ui(lang, message_id, **params)}\n")
