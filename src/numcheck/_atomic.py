"""Replace a file only when its new content is complete: nothing the user had is lost to a failed run."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import TextIO


class AtomicFile:
    """A temporary file beside ``path`` that becomes ``path`` on `commit` and vanishes on `discard`.

    A run that fails before `commit` (bad input, a full disk, Ctrl-C, a crash) leaves whatever
    was at ``path`` exactly as it was. The rename is atomic on one file system, which the
    temporary file shares with ``path`` by living in the same directory.
    """

    def __init__(self, path: str | os.PathLike[str], *, newline: str | None = "") -> None:
        self.path = Path(path)
        self._done = False
        # A device or a pipe (/dev/stdout, /dev/full, a FIFO) has no old content to keep, and renaming a
        # file over it would replace the device itself: write to it directly.
        self._direct = self.path.exists() and not self.path.is_file()
        if self._direct:
            self._temporary = self.path
            self.handle: TextIO = open(self.path, "w", encoding="utf-8", newline=newline)  # noqa: SIM115 - closed by commit/discard
            return
        descriptor, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".part", dir=self.path.parent or ".")
        self._temporary = Path(name)
        self.handle = os.fdopen(descriptor, "w", encoding="utf-8", newline=newline)

    @property
    def temporary(self) -> Path:
        """Where the content is written until `commit`."""
        return self._temporary

    def commit(self) -> None:
        """Make the new content the file's, keeping the old file's permissions."""
        if self._done:
            return
        if self._direct:
            self._done = True
            self.handle.close()
            return
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        with contextlib.suppress(FileNotFoundError):
            os.chmod(self._temporary, self.path.stat().st_mode & 0o7777)
        os.replace(self._temporary, self.path)
        self._done = True

    def discard(self) -> None:
        """Forget the new content; the old file stays as it was."""
        if self._done:
            return
        self._done = True
        with contextlib.suppress(OSError):
            self.handle.close()
        if not self._direct:
            self._temporary.unlink(missing_ok=True)
