"""What numcheck reads from the installed phonenumbers without importing it: its version and China's mobile pattern.

Importing phonenumbers is a sixth of a one-off check's start-up, and a Chinese mobile number in a common written
form needs only these two facts of it (`numcheck.numbers.parse`'s shortcut, and a report's data versions). They
are read from phonenumbers itself once per install and kept in a small text file in the user cache directory
(`numcheck._cache`), keyed by where that install is and the size and time of the files they come from. A missing,
unreadable or stale file is read again from phonenumbers, and rewritten when the directory allows.

The file is three lines: the key (the ``repr`` of the stamp below, compared as written), the version, the pattern.
Plain lines rather than JSON: the json package is a millisecond of every start, and nothing else a one-off check does
needs it.
"""

import contextlib
import hashlib
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

from numcheck._cache import cache_dir, write_whole

_FORMAT = 2


class Facts(NamedTuple):
    """The installed phonenumbers' version and its national-number pattern of Chinese mobile numbers."""

    version: str
    cn_mobile_pattern: str


def _read_from_phonenumbers() -> Facts:
    import phonenumbers

    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None
    assert metadata.mobile is not None
    assert metadata.mobile.national_number_pattern
    return Facts(phonenumbers.__version__, metadata.mobile.national_number_pattern)


def _stamp() -> list[object] | None:
    """Where phonenumbers is installed, and the size and time of the files the facts come from (None: not found)."""
    try:
        spec = find_spec("phonenumbers")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    package = Path(spec.origin).parent
    stamp: list[object] = [_FORMAT, str(package)]
    for path in (package / "__init__.py", package / "data" / "region_CN.py"):
        try:
            status = path.stat()
        except OSError:
            return None
        stamp += [status.st_size, status.st_mtime_ns]
    return stamp


@cache
def installed_facts() -> Facts:
    """The installed phonenumbers' facts: from the cache file when it is this install's, else from phonenumbers."""
    stamp = _stamp()
    if stamp is None:
        return _read_from_phonenumbers()
    path = cache_dir() / f"phonenumbers-{hashlib.sha256(str(stamp[1]).encode()).hexdigest()[:16]}.txt"
    key = repr(stamp)
    with contextlib.suppress(OSError, UnicodeDecodeError):
        lines = path.read_bytes().decode("utf-8").split("\n")
        if len(lines) == 4 and lines[0] == key and lines[1] and lines[2] and not lines[3]:
            return Facts(lines[1], lines[2])
    facts = _read_from_phonenumbers()
    if not any("\n" in text or "\r" in text for text in facts):  # one fact a line: anything else is not kept
        with contextlib.suppress(OSError):  # a read-only cache directory: this process still has the facts
            write_whole(path, f"{key}\n{facts.version}\n{facts.cn_mobile_pattern}\n".encode())
    return facts
