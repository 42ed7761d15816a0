"""Ctrl-C and SIGTERM during a batch: stop through the clean-up, and leave without waiting for lookups in flight."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from typing import NoReturn, TextIO

from numcheck.frontends import EXIT_INTERRUPTED, EXIT_OK
from numcheck.messages import Message, say


class Terminated(KeyboardInterrupt):
    """SIGTERM, taken through Ctrl-C's clean-up: the history is closed and an ``-o`` file's .part removed."""


class Stopped(KeyboardInterrupt):
    """Ctrl-C or SIGTERM during a batch, with what that batch kept: main says ``told`` rather than a promise it cannot keep."""

    def __init__(self, terminated: bool, told: Message, lang: str) -> None:
        super().__init__()
        self.terminated = terminated
        self.told = told
        self.lang = lang


def stopped_line(terminated: bool, *, offline: bool, stored: bool, output: str | None) -> Message:
    """What an interrupted batch kept, truly: offline results and a run without history keep nothing, ``-o`` writes nothing."""
    how = say("fixes.stop.terminated" if terminated else "fixes.stop.interrupted")
    kept = "offline" if offline else ("stored" if stored else "unstored")
    if output is None:
        return say(f"fixes.stop.{kept}", how=how)
    return say(f"fixes.stop.{kept}_output", how=how, path=output)


def interrupted_line(stop: KeyboardInterrupt) -> Message:
    """The line for an interrupted command: a batch's own (`Stopped`), else only that it was stopped."""
    if isinstance(stop, Stopped):
        return stop.told
    return say("fixes.stop.plain", how=say("fixes.stop.terminated" if isinstance(stop, Terminated) else "fixes.stop.interrupted"))


def stop_on_signals() -> Callable[[], None]:
    """Make SIGINT and SIGTERM stop the run through its clean-up; a second one while it runs leaves at once.

    Returns what puts the previous handlers back. A signal the parent asked us to ignore (nohup, a background job) stays ignored.
    """
    stopping: list[int] = []

    def stop(signum: int, frame: object) -> None:
        if stopping:  # the clean-up itself is stuck, or the user is insistent
            os._exit(EXIT_INTERRUPTED)
        stopping.append(signum)
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, stop)

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


def leave_now(terminated: bool, *streams: TextIO) -> NoReturn:
    """End the process without waiting for lookups still in flight.

    Python joins every worker thread at exit, and a lookup waiting on a slow service or its rate limit holds its
    thread for up to a minute: that wait was why Ctrl-C took 75 s. What was printed is flushed and what was checked
    is committed already, so nothing is lost by not waiting.
    """
    for stream in (*streams, sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    if terminated:  # die of the signal, as whoever sent it expects to see
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
    os._exit(EXIT_INTERRUPTED)


def leave_quietly(err: TextIO) -> NoReturn:
    """End the process with status 0 after its reader went away (``numcheck ... | head``), saying nothing.

    Nothing more can reach stdout, and flushing it at exit would only report the broken pipe again; lookups in
    flight are not waited for (see `leave_now`). Every result written was committed to the history first.
    """
    with contextlib.suppress(Exception):
        err.flush()
    os._exit(EXIT_OK)
