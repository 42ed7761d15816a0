"""Whether a scan of the installed packages for plugins can be skipped: it found none, and nothing installed changed.

Scanning means importlib.metadata, which brings the e-mail parser with it: about a tenth of a one-number check's
start-up (bench/bench_startup.py), paid on most machines to learn that no plugin is installed. So a scan that found
none is written down with what it read, the "view": the distribution folders (``*.dist-info``, ``*.egg-info``) in
each entry of ``sys.path``, each with its modification time, and each zip archive on the path with its own. An
install, an upgrade or a removal writes or removes such a folder whole (a ``*.dist-info``'s time is its own; a
legacy ``*.egg-info``'s is its entry-point file's, which ``setup.py develop`` rewrites in place). While the view is
unchanged, there is still no plugin. A hand edit of an installed package's ``entry_points.txt`` is not seen.

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
    for entry in sys.path if path is None else path:
        where = entry or os.getcwd()  # importlib reads "" as the working directory
        if os.path.isfile(where):  # a zip archive: rewritten whole when anything in it changes
            stamp = os.stat(where).st_mtime_ns
            lines.append(f"{entry}\t{stamp}")
            newest = max(newest, stamp)
            continue
        try:
            found = _distributions_in(where)
        except OSError:
            continue  # an entry that is not there holds no distribution
        # Only folders that hold distributions are part of the view: the working directory a command runs in is
        # on the path, and it should not make every new directory a reason to scan again.
        if found:
            lines.append(entry)
            lines.extend(f"\t{name}\t{stamp}" for name, stamp in found)
            newest = max(newest, *(stamp for _, stamp in found))
    return View("\n".join(lines), newest, group)


def _distributions_in(folder: str) -> list[tuple[str, int]]:
    """The distribution metadata folders directly in ``folder`` (the ones importlib.metadata reads), each with its time.

    A ``*.dist-info`` folder is written whole by every install; a legacy ``*.egg-info`` folder's entry-point file is
    rewritten in place, so its time is that file's.
    """
    found: list[tuple[str, int]] = []
    with os.scandir(folder) as children:
        for child in children:
            name = child.name.lower()
            if name.endswith(".dist-info"):
                found.append((child.name, child.stat().st_mtime_ns))
            elif name.endswith(".egg-info") or (name == "egg-info" and folder.lower().endswith(".egg")):
                found.append((child.name, _entry_points_time(child.path)))
    return sorted(found)


def _entry_points_time(folder: str) -> int:
    try:
        return os.stat(os.path.join(folder, "entry_points.txt")).st_mtime_ns
    except OSError:
        return os.stat(folder).st_mtime_ns  # no entry points yet: the file's arrival changes the folder


def _record(group: str, text: str) -> Path:
    # One record per interpreter: environments sharing the user's cache directory do not overwrite each other's.
    interpreter = text.partition("\n")[0]
    digest = hashlib.sha256(interpreter.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return cache_dir() / f"no-plugins-{group}-{digest}.txt"
