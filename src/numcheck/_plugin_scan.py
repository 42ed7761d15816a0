"""Whether a scan of the installed packages for plugins can be skipped: it found none, and nothing installed changed.

Scanning means importlib.metadata, which brings the e-mail parser with it: about a tenth of a one-number check's
start-up (bench/bench_startup.py), paid on most machines to learn that no plugin is installed. So a scan that found
none is written down with what it read, the "view": the distribution folders (``*.dist-info``, ``*.egg-info``) in
each entry of ``sys.path``, each with its modification and status-change times, and each zip archive on the path
with its own. An install, an upgrade or a removal writes or removes such a folder whole (a ``*.dist-info``'s times
are its own; a legacy ``*.egg-info``'s are its entry-point file's, which ``setup.py develop`` rewrites in place).
While the view is unchanged, there is still no plugin. A hand edit of an installed package's ``entry_points.txt``
is not seen. The change time is there because modification times can be set: unpacked archives, image layers and
stores (Nix: 1970; Bazel's tars: 2000) give a replaced folder the very time of the one it replaced.

Scanned afresh, and never written down: a scan that found plugins (loading them costs more than the scan), a
distribution finder other than the path's (it may find packages that are not in these folders), and a view with a
change under two seconds old (a file system may keep times to the second, and an install may still be under way).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import time
from importlib.machinery import PathFinder
from pathlib import Path
from typing import NamedTuple

from numcheck._cache import cache_dir, write_whole

# A change this recent may share its time stamp with one still to come (FAT keeps two seconds, HFS+ one).
SETTLED_NS = 2_000_000_000


class View(NamedTuple):
    """What a scan of ``sys.path`` for distributions reads, as text that changes whenever the scan's answer may."""

    text: str
    newest_ns: int
    group: str

    def remembered(self) -> bool:
        """Whether a scan that found no plugin of the group was written down with this very view."""
        try:
            return _record(self.group, self.text).read_bytes().decode("utf-8", "surrogatepass") == self.text
        except (OSError, UnicodeDecodeError):
            return False

    def remember_none_found(self) -> None:
        """Write down that the scan made after this view found no plugin, unless the view may still be changing.

        The view is the one taken before the scan: a package installed while it ran makes the next start's view
        differ from the one written down, and that start scans again.
        """
        if time.time_ns() - self.newest_ns < SETTLED_NS:
            return
        with contextlib.suppress(OSError):  # a cache that cannot be written only means the next start scans again
            write_whole(_record(self.group, self.text), self.text.encode("utf-8", "surrogatepass"))


def view_of(group: str, path: list[str] | None = None) -> View | None:
    """What a scan for ``group``'s entry points reads now; None when a finder other than the path's may find more."""
    if any(hasattr(finder, "find_distributions") and finder is not PathFinder for finder in sys.meta_path):
        return None
    lines = [sys.executable, sys.version, group]
    newest = 0
    for given in sys.path if path is None else path:
        entry = os.fspath(given) if isinstance(given, str | os.PathLike) else None
        if not isinstance(entry, str):
            return None  # bytes or stranger: not what this view reads, so the scan decides
        try:
            # importlib reads "" as the working directory; named in the view, as two directories are two views.
            where = entry or os.getcwd()
            # A zip archive is rewritten whole when anything in it changes: its own times stand for it.
            found = [("", _stamps(os.stat(where)))] if os.path.isfile(where) else _distributions_in(where)
        except OSError:
            continue  # an entry that is not there (a working directory since removed, too) holds no distribution
        # Only folders that hold distributions are part of the view: the working directory a command runs in is
        # on the path, and it should not make every new directory a reason to scan again.
        if found:
            lines.append(where)
            lines.extend(f"\t{name}\t{stamp[0]}\t{stamp[1]}" for name, stamp in found)
            # Settled by the modification times, as the install wrote them: an install under way moves them, and a
            # change after the view moves the change times the view holds.
            newest = max(newest, *(stamp[0] for _, stamp in found))
    return View("\n".join(lines), newest, group)


def _distributions_in(folder: str) -> list[tuple[str, tuple[int, int]]]:
    """The distribution metadata folders directly in ``folder`` (the ones importlib.metadata reads), each with its times.

    A ``*.dist-info`` folder is written whole by every install; a legacy ``*.egg-info`` folder's entry-point file is
    rewritten in place, so its times are that file's. Each has its modification time and its status-change time: an
    archive unpacked, an image layer or a store that sets every modification time alike (to the build's date, to
    1970) can replace a folder by another of the same name and time, but not of the same change time, which nothing
    sets. A folder that cannot be read is in the view with its link's times: it must not hide the folder it is in.
    """
    found: list[tuple[str, tuple[int, int]]] = []
    with os.scandir(folder) as children:
        for child in children:
            name = child.name.lower()
            if name.endswith(".dist-info"):
                found.append((child.name, _times(child.path)))
            elif name.endswith(".egg-info") or (name == "egg-info" and folder.lower().endswith(".egg")):
                found.append((child.name, _entry_points_times(child.path)))
    return sorted(found)


def _stamps(status: os.stat_result) -> tuple[int, int]:
    return status.st_mtime_ns, status.st_ctime_ns


def _times(where: str) -> tuple[int, int]:
    try:
        return _stamps(os.stat(where))
    except OSError:  # a link to nothing, or a folder out of reach: its link still has times
        try:
            return _stamps(os.lstat(where))
        except OSError:
            return (-1, -1)


def _entry_points_times(folder: str) -> tuple[int, int]:
    try:
        return _stamps(os.stat(os.path.join(folder, "entry_points.txt")))
    except OSError:
        return _times(folder)  # no entry points yet: the file's arrival changes the folder


def _record(group: str, text: str) -> Path:
    # One record per interpreter: environments sharing the user's cache directory do not overwrite each other's.
    interpreter = text.partition("\n")[0]
    digest = hashlib.sha256(interpreter.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return cache_dir() / f"no-plugins-{group}-{digest}.txt"
