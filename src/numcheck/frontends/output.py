"""Opening what a run writes to: an output file replaced only when complete, and the history database."""

from __future__ import annotations

from typing import TYPE_CHECKING

from numcheck._atomic import AtomicFile
from numcheck.config import Settings
from numcheck.render.i18n import DEFAULT_LANGUAGE, ui

if TYPE_CHECKING:
    from numcheck.store import Store


def open_output(path: str) -> AtomicFile:
    """``path`` to be written as ``.PATH.*.part`` beside it and renamed on `AtomicFile.commit` (raises OSError).

    A failed or interrupted run leaves the file that was there as it was.
    """
    return AtomicFile(path)


def same_file(output: str, source: str) -> bool:
    """Whether writing ``output`` would replace ``source`` (the same file by another name, a link, ./ or ../)."""
    import os

    try:
        return os.path.samefile(output, source)
    except OSError:  # one of them does not exist (yet): then they are the same only if their paths are
        return os.path.realpath(output) == os.path.realpath(source)


def cannot_write(path: str, error: OSError, lang: str = DEFAULT_LANGUAGE, *, kept: bool = False) -> str:
    """The one line that says an output file cannot be written (``kept``: what was checked is in the history)."""
    said = ui(lang, "output.cannot_write_kept" if kept else "output.cannot_write", path=path, error=str(error.strerror or error))
    return f"numcheck: {said}"


def open_history(settings: Settings, *, reuse: bool = True) -> Store:
    """The history database in the settings' data directory (raises StoreError when it is unusable).

    ``reuse``: stored answers younger than the settings' ``cache_ttl`` may stand in for new lookups; without it
    the store is opened for reading and recording only, with the default freshness.
    """
    from numcheck.store import open_store  # SQLite is loaded only by a run that keeps history

    if reuse:
        return open_store(settings.user_data_dir(), ttl=settings.cache_ttl, timeout=settings.store_timeout)
    return open_store(settings.user_data_dir(), timeout=settings.store_timeout)
