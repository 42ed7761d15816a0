"""What a batch shows on stderr while it runs: the progress bar, and the input lines it could not read."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

from numcheck.render.i18n import DEFAULT_LANGUAGE, ui

if TYPE_CHECKING:
    from numcheck.inputs import Unreadable

# Unreadable lines named one by one on stderr; past this, only counted (a binary file must not flood the terminal).
UNREADABLE_SHOWN = 20


class UnreadableLines:
    """Lines of the input that could not be read: each named on stderr (the first `UNREADABLE_SHOWN`), all counted."""

    def __init__(self, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> None:
        self.err, self.lang = err, lang
        self.count = 0
        self.clear: Callable[[], object] = lambda: None

    def __call__(self, problem: Unreadable) -> None:
        self.count += 1
        if self.count <= UNREADABLE_SHOWN:
            self.clear()  # the progress bar, if one is drawn
            self.err.write(f"numcheck: {ui(self.lang, 'inputs.skipped', problem=problem.said())}\n")
        elif self.count == UNREADABLE_SHOWN + 1:
            self.clear()
            self.err.write(f"numcheck: {ui(self.lang, 'inputs.more_skipped')}\n")


class Progress(Protocol):
    def update(self, n: float | None = 1) -> bool | None: ...

    def clear(self, nolock: bool = False) -> None: ...

    def write(self, s: str, file: TextIO | None = None) -> None: ...


class NoBar:
    """What stands in for the bar when none is drawn (and tqdm, 45 ms to import, is not loaded)."""

    def update(self, n: float | None = 1) -> bool | None:
        return None

    def clear(self, nolock: bool = False) -> None:
        return None

    def write(self, s: str, file: TextIO | None = None) -> None:
        (file or sys.stderr).write(s + "\n")


def progress_bar(show: bool, total: int | None, err: TextIO) -> contextlib.AbstractContextManager[Progress]:
    if not show:
        return contextlib.nullcontext(NoBar())
    from tqdm import tqdm

    return tqdm(total=total, file=err, unit="number", dynamic_ncols=True, leave=False)
