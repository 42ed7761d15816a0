"""Opening the history for a batch, and what to do when it cannot be opened: ask at a terminal, else stop (exit 4)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from numcheck._errors import StoreError
from numcheck.cli.lines import error_line, error_message, say_line
from numcheck.config import Settings
from numcheck.frontends import EXIT_STORE
from numcheck.render.i18n import ui

if TYPE_CHECKING:
    from numcheck.store import Store


def can_ask(stdin: TextIO, err: TextIO, stdin_is_input: bool) -> bool:
    """Whether a person is at the terminal to answer a question (stdin is not the batch's input)."""
    return not stdin_is_input and stdin.isatty() and err.isatty()


def open_batch_store(
    settings: Settings, args: argparse.Namespace, err: TextIO, stdin: TextIO, stdin_is_input: bool
) -> tuple[Store | None, int | None]:
    """The history store, or None to go on without it; an exit code when the user would rather stop."""
    if args.no_store or args.offline:  # offline answers are not kept in the history (see engine.Runner)
        return None, None
    from numcheck.frontends.output import open_history

    try:
        return open_history(settings), None
    except StoreError as caught:
        error = caught
    lang = args.lang
    if can_ask(stdin, err, stdin_is_input):
        error_line(err, lang, error)
        err.write(ui(lang, "cli.store_ask"))
        err.flush()
        if stdin.readline().strip().lower() in ("y", "yes"):
            return None, None
    elif "--no-store" in str(error):  # the line already says how to go on
        error_line(err, lang, error)
    else:
        say_line(err, lang, "cli.store_stop", error=error_message(error))
    return None, EXIT_STORE
