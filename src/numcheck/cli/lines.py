"""The command line's own one-line messages on stderr (``numcheck: ...``), in the run's language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.messages import Message, Param, Scalar
from numcheck.render.i18n import say_in, ui


def error_line(err: TextIO, lang: str, error: NumcheckError) -> None:
    """A deliberate error's one line, in ``lang`` where it carries its message (else as raised, in English)."""
    err.write(f"numcheck: {error_text(lang, error)}\n")


def error_text(lang: str, error: NumcheckError) -> str:
    """``error``'s line in ``lang`` where it carries its message, else as raised."""
    return say_in(lang, error_message(error)) if error.message_id else str(error)


def error_message(error: NumcheckError) -> Message:
    """``error``'s line as a message: its own where it carries one, else its English text quoted as written."""
    if not error.message_id:
        return Message(id="usage.verbatim", params={"text": str(error)})
    return Message.model_validate({"id": error.message_id, "params": error.params})


def say_line(err: TextIO, lang: str, message_id: str, /, **params: Param | Sequence[Scalar | Message]) -> None:
    """One line of the command line's own on stderr, in ``lang``."""
    err.write(f"numcheck: {ui(lang, message_id, **params)}\n")
