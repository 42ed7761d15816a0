"""numcheck's user cache directory: files derived from an install and its data, rebuilt whenever they are missing.

Nothing in it is the only copy of anything: a file that cannot be read is derived again. ``NUMCHECK_CACHE_DIR``
names the directory; otherwise it is the platform's (``~/.cache/numcheck`` on Linux).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def cache_dir() -> Path:
    """``NUMCHECK_CACHE_DIR``, else the platform's user cache directory for numcheck."""
    configured = os.environ.get("NUMCHECK_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("numcheck"))


def write_whole(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` whole or not at all: a temporary file beside it, renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # a cache is written once per install; every start reads it

    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
