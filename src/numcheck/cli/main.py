"""The command line's entry point: pick the subcommand, run it, turn every failure into one line and an exit code."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.cli.lines import say_line
from numcheck.cli.options import SUBCOMMANDS
from numcheck.cli.signals import Stopped, Terminated, interrupted_line, leave_now, leave_quietly, stop_on_signals
from numcheck.frontends import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE


def main(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
    stdin: TextIO | None = None,
    loaded: Callable[[], object] | None = None,
) -> int:
    """Run the command line; returns the exit code (tracebacks only with NUMCHECK_DEBUG=1).

    Called as the program (no ``argv``), an interrupted batch ends the process itself (see `numcheck.cli.signals.leave_now`).
    ``loaded`` is called once the command's code is imported, before it runs (`numcheck.__main__` resumes the
    garbage collector there).
    """
    as_program = argv is None
    argv = lang_first(list(sys.argv[1:] if argv is None else argv))
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (out, err):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    # Batches only: numcheck serve (uvicorn) handles its own signals, and the other subcommands start no threads.
    batch = not argv or argv[0] == "compare" or argv[0] not in SUBCOMMANDS
    restore = stop_on_signals() if as_program and batch and threading.current_thread() is threading.main_thread() else None
    terminated: list[bool] = []
    try:
        code = _dispatch(argv, out, err, stdin, terminated, loaded or _nothing)
    except BrokenPipeError:
        # The reader went away (numcheck ... | head): end quietly with status 0, as other Unix tools do.
        if not as_program:
            return EXIT_OK
        leave_quietly(err)
    finally:
        if restore is not None and not terminated:
            restore()
    if terminated and restore is not None:
        leave_now(terminated[0], out, err)
    return code


def lang_first(argv: list[str]) -> list[str]:
    """``numcheck --lang zh history N`` as ``numcheck history --lang zh N``: every command takes ``--lang``, so given before
    the command it is moved after it (a command's name is otherwise read as a number to check)."""
    if len(argv) >= 3 and argv[0] == "--lang" and argv[2] in SUBCOMMANDS:
        return [argv[2], "--lang", argv[1], *argv[3:]]
    if len(argv) >= 2 and argv[0].startswith("--lang=") and argv[1] in SUBCOMMANDS:
        return [argv[1], argv[0], *argv[2:]]
    return argv


def _said(error: NumcheckError, argv: list[str]) -> str:
    """An error's line in the run's language when it carries a message (a config file's error), else as raised."""
    if not error.message_id:
        return str(error)
    from numcheck.cli.lines import error_text
    from numcheck.frontends.help import argv_language

    return error_text(argv_language(argv), error)


def _error_language(argv: list[str]) -> str:
    """The language a failure is told in: the one the command's help would be shown in, else English (it may be what failed)."""
    from numcheck.cli.options import help_language

    try:
        return help_language([*argv, "--help"])
    except Exception:
        return "en"


def _nothing() -> None:
    return None


def _dispatch(argv: list[str], out: TextIO, err: TextIO, stdin: TextIO | None, terminated: list[bool], loaded: Callable[[], object]) -> int:
    # Each command's module is imported when it runs: a check never loads the doctor's or the history's code.
    try:
        if argv and argv[0] == "compare":
            from numcheck.cli.check import run_compare

            loaded()
            return run_compare(argv[1:], out, err, stdin or sys.stdin)
        if argv and argv[0] in ("history", "diff"):
            from numcheck.cli.history import run_history

            loaded()
            return run_history(argv[0], argv[1:], out, err)
        if argv and argv[0] == "after-buy":
            from numcheck.cli.after_buy import run as run_after_buy

            loaded()
            return run_after_buy(argv[1:], out, err)
        if argv and argv[0] == "checkers":
            from numcheck.cli.checkers import run_checkers

            loaded()
            return run_checkers(argv[1:], out, err)
        if argv and argv[0] == "config":
            from numcheck.cli.config import run_config

            loaded()
            return run_config(argv[1:], out, err)
        if argv and argv[0] == "record":
            from numcheck.cli.record import run_record

            loaded()
            return run_record(argv[1:], out, err)
        if argv and argv[0] == "doctor":
            from numcheck.cli.doctor import run_doctor

            loaded()
            return run_doctor(argv[1:], out, err)
        if argv and argv[0] == "serve":
            from numcheck.serve.command import run as serve

            loaded()
            return serve(argv[1:], out, err)
        from numcheck.cli.typo import refuse_typo

        if refuse_typo(argv, err):
            return EXIT_USAGE
        from numcheck.cli.check import run_check

        loaded()
        return run_check(argv, out, err, stdin or sys.stdin)
    except SystemExit as exit_:  # argparse: --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except KeyboardInterrupt as stop:
        terminated.append(isinstance(stop, Terminated) or (isinstance(stop, Stopped) and stop.terminated))
        from numcheck.cli.options import help_language
        from numcheck.render.i18n import say_in

        # A batch says what it kept (Stopped), in its language; any other command only that it stopped, in the language
        # its help would be shown in (--lang, else the configured one, else the locale's).
        lang = stop.lang if isinstance(stop, Stopped) else help_language([*argv, "--help"])
        err.write(f"numcheck: {say_in(lang, interrupted_line(stop))}\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        raise  # main ends the run quietly
    except NumcheckError as error:  # e.g. an unusable NUMCHECK_* setting: one line, not an internal error
        err.write(f"numcheck: {_said(error, argv)}\n")
        return EXIT_USAGE
    except Exception as error:
        if os.environ.get("NUMCHECK_DEBUG"):
            raise
        say_line(err, _error_language(argv), "cli.internal_error", kind=type(error).__name__, error=str(error), variable="NUMCHECK_DEBUG")
        return EXIT_INTERNAL
