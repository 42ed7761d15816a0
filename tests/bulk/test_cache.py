"""The block table's cache file: written once, read back memory-mapped, rebuilt whenever it is not exactly right."""

from __future__ import annotations

import json
import mmap
import struct
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pytest

from numcheck.bulk import blocks, cachefile
from numcheck.bulk.build import build_blocks

KEY = "0123456789abcdef" * 4


@pytest.fixture(scope="module")
def built() -> dict[str, np.ndarray]:
    return build_blocks()._asdict()


class _Builds:
    """A build function that counts its calls and hands out one table built for the whole module."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.arrays, self.calls = arrays, 0

    def __call__(self) -> Mapping[str, np.ndarray]:
        self.calls += 1
        return self.arrays


def _load(builds: _Builds) -> Mapping[str, np.ndarray]:
    return cachefile.load_or_build("blocks", KEY, builds, blocks.check_arrays)


def _path(folder: Path) -> Path:
    return folder / f"blocks-{KEY[:32]}.bin"


def _mapped(array: np.ndarray) -> bool:
    base: object = array
    while isinstance(base, np.ndarray):
        base = base.base
    return isinstance(base.obj if isinstance(base, memoryview) else base, mmap.mmap)


def _same(left: Mapping[str, np.ndarray], right: Mapping[str, np.ndarray]) -> bool:
    return left.keys() == right.keys() and all(np.array_equal(left[name], right[name]) for name in left)


def test_the_table_is_built_once_then_memory_mapped(built: dict[str, np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMCHECK_CACHE_DIR", str(tmp_path))
    builds = _Builds(built)
    first = _load(builds)
    assert builds.calls == 1
    assert _path(tmp_path).is_file()
    again = _load(builds)
    assert builds.calls == 1, "read back, not rebuilt"
    assert _same(again, first)
    assert _mapped(again["codes"]), "a view of the file, not a copy"
    assert not again["codes"].flags.writeable
    assert not list(tmp_path.glob("*.part")), "no temporary file left behind"


def _header(data: bytes) -> tuple[dict[str, object], int]:
    (length,) = struct.unpack_from("<I", data, len(cachefile.MAGIC))
    start = len(cachefile.MAGIC) + 4
    return json.loads(data[start : start + length]), start + length


def _with_header(data: bytes, change: Callable[[dict[str, object]], None]) -> bytes:
    header, body = _header(data)
    change(header)
    text = json.dumps(header).encode("ascii")
    return cachefile.MAGIC + struct.pack("<I", len(text)) + text + data[body:]


def _out_of_range(built: dict[str, np.ndarray]) -> bytes:
    """A whole, well-formed file whose arrays point outside themselves: a string id past the last string."""
    answers = built["answers"].copy()
    answers[0, 0] = len(built["string_offsets"]) + 5
    return cachefile.encode(KEY, {**built, "answers": answers})


def _flipped(data: bytes) -> bytes:
    changed = bytearray(data)
    changed[-1000] ^= 0x40
    return bytes(changed)


MALFORMED: dict[str, Callable[[bytes, dict[str, np.ndarray]], bytes]] = {
    "empty": lambda data, built: b"",
    "not ours": lambda data, built: b"PK\x03\x04" + data[4:],
    "truncated": lambda data, built: data[: len(data) // 2],
    "padded": lambda data, built: data + b"\0" * 64,
    "a flipped byte": lambda data, built: _flipped(data),
    "another key": lambda data, built: _with_header(data, lambda header: header.update(key="f" * 64)),
    "another format": lambda data, built: _with_header(data, lambda header: header.update(format=cachefile.FORMAT + 1)),
    "a header that is not JSON": lambda data, built: cachefile.MAGIC + struct.pack("<I", 5) + b"{nope" + data[-100:],
    "an array past the end": lambda data, built: _with_header(
        data,
        lambda header: header["arrays"]["codes"].update(offset=10**9),  # type: ignore[index]
    ),
    "an unknown dtype": lambda data, built: _with_header(
        data,
        lambda header: header["arrays"]["codes"].update(dtype="|O"),  # type: ignore[index]
    ),
    "an index out of range": lambda data, built: _out_of_range(built),
}


@pytest.mark.parametrize("damage", MALFORMED, ids=list(MALFORMED))
def test_a_malformed_cache_file_is_rebuilt(
    damage: str, built: dict[str, np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NUMCHECK_CACHE_DIR", str(tmp_path))
    good = cachefile.encode(KEY, built)
    _path(tmp_path).write_bytes(MALFORMED[damage](good, built))
    builds = _Builds(built)
    arrays = _load(builds)
    assert builds.calls == 1, "the malformed file was not trusted"
    assert _same(arrays, built)
    assert _path(tmp_path).read_bytes() == good, "and it was written again, whole"


def test_an_unwritable_cache_directory_still_gives_the_table(
    built: dict[str, np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    monkeypatch.setenv("NUMCHECK_CACHE_DIR", str(blocker))
    builds = _Builds(built)
    assert _same(_load(builds), built)
    assert _same(_load(builds), built)
    assert builds.calls == 2  # nothing could be kept: built each time, never an error


def test_only_a_few_tables_are_kept(built: dict[str, np.ndarray], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables of other versions or data are removed once more than a few accumulate (several installs may share the folder)."""
    monkeypatch.setenv("NUMCHECK_CACHE_DIR", str(tmp_path))
    for number in range(6):
        (tmp_path / f"blocks-{number:032d}.bin").write_bytes(b"an older table")
    _load(_Builds(built))
    kept = sorted(path.name for path in tmp_path.glob("blocks-*.bin"))
    assert len(kept) == 4
    assert _path(tmp_path).name in kept


def test_the_key_follows_numcheck_the_builder_and_the_data(monkeypatch: pytest.MonkeyPatch) -> None:
    key = blocks.table_key()
    assert blocks.table_key() == key
    monkeypatch.setattr(blocks, "_numcheck_version", lambda: "99.0")
    assert blocks.table_key() != key
    monkeypatch.undo()
    monkeypatch.setattr(blocks, "phone_data_path", lambda: None)  # the `phone` package uninstalled: other regions
    assert blocks.table_key() != key


def test_a_fresh_process_meets_a_malformed_cache_file_and_answers_right(tmp_path: Path) -> None:
    """The whole way: a corrupt file where the table belongs; a new process still answers, and mends the file."""
    environment = {"NUMCHECK_CACHE_DIR": str(tmp_path), "NUMCHECK_PLUGINS": ""}
    code = (
        "import json, sys, numcheck; from numcheck.bulk import blocks;"
        "print(blocks.table_key());"
        "print(json.dumps([[f.e164, f.carrier_en, f.location_en] for f in numcheck.enrich_many(sys.argv[1:])]))"
    )
    numbers = ["13800138000", "+86 173 7217 0000", "15900000000"]
    run = [sys.executable, "-c", code, *numbers]
    import os

    first = subprocess.run(run, env={**os.environ, **environment}, capture_output=True, text=True, check=True).stdout.split("\n")
    table = next(tmp_path.glob("blocks-*.bin"))
    table.write_bytes(table.read_bytes()[:4096])  # cut short
    second = subprocess.run(run, env={**os.environ, **environment}, capture_output=True, text=True, check=True).stdout.split("\n")
    assert second == first
    assert json.loads(second[1])[0] == ["+8613800138000", "China Mobile", "Beijing"]
    cachefile.read(table, second[0])  # whole again: raises if not
