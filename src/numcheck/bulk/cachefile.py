"""The block table's cache file: built once per install and data version, memory-mapped by every process after.

The file lives in the user cache directory (`numcheck._cache`: ``NUMCHECK_CACHE_DIR``, else the platform's) and
is named and keyed by a digest of everything its contents follow from: numcheck's version, this file format, the
builder's own source, phonenumbers' version and its Chinese mobile pattern, and the bytes of the data
files (the shipped prefix, segment and place tables, and the `phone` package's ``phone.dat`` when installed).
A new numcheck or new data gives a new key, hence a new file.

Layout: a 16-byte magic, a 4-byte little-endian header length, a JSON header (format, key, size, the body's
SHA-256, and each array's dtype, shape and offset), then the arrays, each 64-byte aligned. A file that does not
read back exactly (truncated, another key, a flipped byte, an array out of bounds) is rebuilt, never trusted. It
is written to a temporary file beside it and renamed into place, so readers see a whole file or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import struct
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np

from numcheck._cache import cache_dir, write_whole

FORMAT = 1
MAGIC = b"numcheck-blocks\n"
_ALIGN = 64
_DTYPES = frozenset({"<u2", "<i4", "<i8", "|u1"})


class CacheError(Exception):
    """The cache file is missing, unreadable, or not exactly what this numcheck and data would build (rebuild it)."""


def encode(key: str, arrays: Mapping[str, np.ndarray]) -> bytes:
    """The file's bytes for ``arrays`` under ``key``."""
    layout: dict[str, dict[str, object]] = {}
    body = bytearray()
    for name, array in arrays.items():
        body += b"\0" * (-len(body) % _ALIGN)
        layout[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": len(body)}
        body += np.ascontiguousarray(array).tobytes()
    header = {"format": FORMAT, "key": key, "body": len(body), "sha256": hashlib.sha256(body).hexdigest(), "arrays": layout}
    text = json.dumps(header, sort_keys=True).encode("ascii")
    start = len(MAGIC) + 4 + len(text)
    padding = -start % _ALIGN
    return MAGIC + struct.pack("<I", len(text) + padding) + text + b" " * padding + bytes(body)


def decode(data: bytes | mmap.mmap, key: str) -> dict[str, np.ndarray]:
    """Read-only views of the arrays in ``data`` (a file's bytes); raises `CacheError` unless it is whole and for ``key``."""
    try:
        if data[: len(MAGIC)] != MAGIC:
            raise CacheError("not a numcheck block table")
        (length,) = struct.unpack_from("<I", data, len(MAGIC))
        start = len(MAGIC) + 4 + length
        header = json.loads(bytes(data[len(MAGIC) + 4 : start]))
        if header.get("format") != FORMAT or header.get("key") != key:
            raise CacheError("built by another numcheck or from other data")
        if header.get("body") != len(data) - start:
            raise CacheError("truncated or padded")
        if hashlib.sha256(memoryview(data)[start:]).hexdigest() != header.get("sha256"):
            raise CacheError("its contents do not match its checksum")
        arrays = {}
        for name, spec in header["arrays"].items():
            dtype, shape, offset = spec["dtype"], tuple(spec["shape"]), spec["offset"]
            if dtype not in _DTYPES or not all(isinstance(size, int) and size >= 0 for size in shape) or offset % _ALIGN:
                raise CacheError(f"array {name} is malformed")
            count = int(np.prod(shape))
            if start + offset + count * np.dtype(dtype).itemsize > len(data):
                raise CacheError(f"array {name} runs past the end")
            arrays[name] = np.frombuffer(data, dtype=dtype, count=count, offset=start + offset).reshape(shape)
        return arrays
    except (ValueError, TypeError, KeyError, AttributeError, struct.error, UnicodeDecodeError) as error:
        raise CacheError(f"unreadable: {error}") from error


def read(path: Path, key: str) -> dict[str, np.ndarray]:
    """The arrays of the cache file at ``path``, memory-mapped (raises `CacheError`)."""
    try:
        with path.open("rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError) as error:  # missing, unreadable, or empty (an empty file cannot be mapped)
        raise CacheError(str(error)) from error
    return decode(data, key)


def load_or_build(
    name: str, key: str, build: Callable[[], Mapping[str, np.ndarray]], check: Callable[[Mapping[str, np.ndarray]], None]
) -> Mapping[str, np.ndarray]:
    """The arrays cached as ``name`` for ``key``; built (and written, when the cache directory is writable) when absent or bad.

    ``check`` raises `CacheError` when arrays that read back whole still make no sense (an index out of range):
    only a file that passes it is used.
    """
    directory = cache_dir()
    path = directory / f"{name}-{key[:32]}.bin"
    try:
        arrays = read(path, key)
        check(arrays)
        return arrays
    except CacheError:
        pass
    built = build()
    check(built)
    with contextlib.suppress(OSError):  # a read-only or full cache directory: this process still has its table
        write_whole(path, encode(key, built))
        _forget_old(directory, name)
    return built


# Tables kept per name: several installs (virtual environments of different versions) may share one cache
# directory, and must not remove each other's table on every run.
_KEPT = 4


def _forget_old(directory: Path, name: str) -> None:
    """Remove all but the `_KEPT` most recently written tables called ``name`` (earlier versions or data)."""
    tables = []
    for path in directory.glob(f"{name}-*.bin"):
        with contextlib.suppress(OSError):
            tables.append((path.stat().st_mtime, path))
    for _, stale in sorted(tables, reverse=True)[_KEPT:]:
        with contextlib.suppress(OSError):
            stale.unlink()


def digest(*parts: bytes | str | mmap.mmap | memoryview) -> str:
    """SHA-256 over ``parts``, each length-prefixed so that no two different lists of parts digest alike."""
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(struct.pack("<Q", len(data)))
        hashed.update(data)
    return hashed.hexdigest()
