"""Opening the history for a batch, and what to do when it cannot be opened: ask at a terminal, else stop (exit 4)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, TextIO

from numcheck._errors import StoreError
from numcheck.config import Settings
from numcheck.frontends import EXIT_STORE

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
    except StoreError as error:
        problem = str(error)
    if can_ask(stdin, err, stdin_is_input):
        err.write(f"numcheck: {problem}\n")
        err.write("Continue without history (nothing stored, nothing reused)? [y/N] ")
        err.flush()
        if stdin.readline().strip().lower() in ("y", "yes"):
            return None, None
    else:
        advice = (
            "" if "--no-store" in problem else "; run again with --no-store to continue without history, or move the database file away"
        )
        err.write(f"numcheck: {problem}{advice}\n")
    return None, EXIT_STORE
