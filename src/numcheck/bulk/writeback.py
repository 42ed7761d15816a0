"""Start writing a long output to the disk while the batch is still running.

A million offline records are 700 MB of JSON Lines. The operating system keeps written data in memory until its
dirty-page threshold (a tenth of the memory) or half a minute has passed, so a run that makes its output in two
seconds used to wait two seconds more at the end, in the `fsync` that makes the output whole, while the disk wrote
all of it. Asking for the data written so far every `EVERY` characters, from a thread (the call releases the GIL),
lets the disk write while the batch computes, and leaves little for the last `fsync`.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import threading
from typing import TextIO

# Characters written between two requests to the disk (the outputs are ASCII or nearly: about as many bytes).
EVERY = 64 << 20


class WriteBehind:
    """Ask the disk to write ``target``'s data every `EVERY` characters (nothing for a pipe, a terminal or memory)."""

    def __init__(self, target: TextIO) -> None:
        self._descriptor: int | None = None
        with contextlib.suppress(AttributeError, OSError, ValueError, io.UnsupportedOperation):
            descriptor = target.fileno()
            if stat.S_ISREG(os.fstat(descriptor).st_mode):
                self._descriptor = descriptor
        self._pending = 0
        self._thread: threading.Thread | None = None

    def wrote(self, characters: int) -> None:
        """Count what was written (and flushed to the file); past `EVERY`, start the disk on it unless it is busy."""
        if self._descriptor is None:
            return
        self._pending += characters
        if self._pending >= EVERY and (self._thread is None or not self._thread.is_alive()):
            self._pending = 0
            self._thread = threading.Thread(target=self._sync, args=(self._descriptor,), name="numcheck-write-behind", daemon=True)
            self._thread.start()

    @staticmethod
    def _sync(descriptor: int) -> None:
        with contextlib.suppress(OSError):  # closed, or a file system that cannot: the final fsync still makes it whole
            os.fdatasync(descriptor) if hasattr(os, "fdatasync") else os.fsync(descriptor)

    def close(self) -> None:
        """Wait for a request in flight (before the file is closed or renamed)."""
        if self._thread is not None:
            self._thread.join()
