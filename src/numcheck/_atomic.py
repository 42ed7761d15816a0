"""Replace a file only when its new content is complete: nothing the user had is lost to a failed run."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import string
from pathlib import Path
from typing import TextIO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks, so a .part left by a killed run is not cleaned up
    fcntl = None  # type: ignore[assignment]


def _lock(descriptor: int) -> None:
    """Mark a .part as being written for as long as this process lives (the kernel drops the lock at any death, kill -9 too)."""
    if fcntl is not None:
        with contextlib.suppress(OSError):
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_stale_parts(path: Path) -> list[Path]:
    """Remove the .part files of ``path`` that no living process is writing (left by kill -9 or a power cut)."""
    removed: list[Path] = []
    if fcntl is None:
        return removed
    # Exactly _create_part's names for this target: ".a.XXXXXXXX.part" must not catch the parts of a target called "a.b".
    ours = re.compile(re.escape(f".{path.name}.") + r"[a-z0-9_]{8}\.part")
    try:
        entries = [entry.name for entry in os.scandir(path.parent) if ours.fullmatch(entry.name)]
    except OSError:
        return removed
    for name in entries:
        candidate = path.parent / name
        try:
            descriptor = os.open(candidate, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # another run holds it: its file, still being written
        else:
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
        finally:
            os.close(descriptor)
    return removed


_NAME_CHARACTERS = string.ascii_lowercase + string.digits + "_"


def _create_part(path: Path) -> tuple[int, str]:
    """A new, empty ``.NAME.XXXXXXXX.part`` beside ``path``: its descriptor and name.

    Created as any new file is (mode 0666 less the umask), not as mkstemp's 0600: a report written with ``-o`` gets
    the permissions the user's other files get. O_EXCL and O_NOFOLLOW keep it a file of our own, never one planted
    under a guessed name.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    directory = path.parent or Path(".")
    for _ in range(100):
        name = str(directory / f".{path.name}.{''.join(secrets.choice(_NAME_CHARACTERS) for _ in range(8))}.part")
        try:
            return os.open(name, flags, 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no free name for a .part file beside {path}")


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
        remove_stale_parts(self.path)
        descriptor, name = _create_part(self.path)
        _lock(descriptor)
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
        with contextlib.suppress(FileNotFoundError):
            os.chmod(self._temporary, self.path.stat().st_mode & 0o7777)
        if fcntl is None:  # Windows cannot rename a file that is still open
            self.handle.close()
            os.replace(self._temporary, self.path)
        else:
            # Renamed while still open and locked: another run's clean-up can never take it for a dead run's .part.
            try:
                os.replace(self._temporary, self.path)
            finally:
                self.handle.close()
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
