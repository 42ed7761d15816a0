"""The duplicate index of a bulk batch: where each number was first met, in bounded memory however long the input.

Numbers are held as sorted runs of (number, first index): a chunk's new numbers, sorted anyway to find the
repeats inside the chunk, become a run; every `FAN_IN` runs of one size are merged into one (a stable sort of
sorted runs is a merge), so a few runs hold everything. Past ``limit`` numbers in memory the runs are merged
into one run on disk (a temporary file) and memory starts again empty. A look-up in a run on disk maps the file,
searches it and unmaps it: the pages it touched stay in the operating system's cache, not in the process's
resident memory, which a map kept open would grow by the whole run.

In front of all runs sits a bit filter (three bits per number in 2**28, 32 MB): a number whose bits are not
all set was never met, and most numbers of an inventory are new. Only the others (repeats, and about one new
number in a thousand by chance at ten million) are looked up in the runs, by binary search.
"""

from __future__ import annotations

import mmap
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Numbers held in memory before they move to disk: 16 bytes each (32 MB with a merge under way).
MEMORY_LIMIT = 1_000_000
FILTER_BITS = 28
# Runs of one size merged at once: each number is merged about twice before it moves to disk, and a look-up
# searches at most this many runs of each size.
FAN_IN = 8
# Three multiplicative hashes (Fibonacci hashing and two other odd constants): independent bit positions.
_HASHES = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))

Run = tuple["NDArray[np.int64]", "NDArray[np.int64]"]  # numbers (ascending), first indices


class SeenIndex:
    """Numbers met so far in a batch (non-negative integers: E.164 digits) and the index where each was first met."""

    def __init__(self, *, limit: int = MEMORY_LIMIT, filter_bits: int = FILTER_BITS) -> None:
        self._limit = limit
        self._filter_bits = filter_bits
        self._filter = np.zeros(1 << max(filter_bits - 3, 0), dtype=np.uint8)
        self._memory: list[tuple[int, Run]] = []  # (level, run): a level-n run merged FAN_IN runs of level n - 1
        self._held = 0
        self._disk: list[_DiskRun] = []
        self._folder: Path | None = None
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def first_indices(self, keys: NDArray[np.int64], indices: NDArray[np.int64]) -> NDArray[np.int64]:
        """For each key (rows in ascending ``indices``): the index where it was first met, its own when new."""
        if not len(keys):
            # A chunk without one valid number (a CSV row at a time, an invalid one): an empty run would break look-ups.
            return indices[:0].copy()
        # Repeats inside the column first (one sort): the runs then only ever see distinct keys, each with its first row.
        distinct, first_row, inverse = np.unique(keys, return_index=True, return_inverse=True)
        firsts = indices[first_row]
        new = np.ones(len(distinct), dtype=bool)
        maybe = np.flatnonzero(self._maybe_met(distinct))
        if len(maybe):
            found = self._look_up(distinct[maybe])
            met = found >= 0
            firsts[maybe[met]] = found[met]
            new[maybe[met]] = False
        if new.all():
            self._add(distinct, firsts.copy())
        elif new.any():
            self._add(distinct[new], firsts[new])
        return firsts[inverse.reshape(-1)]

    def close(self) -> None:
        """Drop the runs on disk (the batch is over)."""
        for run in self._disk:
            run.close()
        self._disk = []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None

    def _positions(self, keys: NDArray[np.int64]) -> list[NDArray[np.int64]]:
        mask = np.uint64((1 << self._filter_bits) - 1)
        unsigned = keys.astype(np.uint64)
        return [((unsigned * multiplier) >> np.uint64(64 - self._filter_bits) & mask).astype(np.int64) for multiplier in _HASHES]

    def _maybe_met(self, keys: NDArray[np.int64]) -> NDArray[np.bool_]:
        if not self._count:
            return np.zeros(len(keys), dtype=bool)
        maybe = np.ones(len(keys), dtype=bool)
        for position in self._positions(keys):
            maybe &= (self._filter[position >> 3] >> (position & 7).astype(np.uint8)) & 1 == 1
        return maybe

    def _look_up(self, keys: NDArray[np.int64]) -> NDArray[np.int64]:
        """The first index of each key (ascending) found in a run (runs never share a key), -1 for the others."""
        found = np.full(len(keys), -1, dtype=np.int64)
        for _, (numbers, firsts) in self._memory:
            at = np.minimum(np.searchsorted(numbers, keys), len(numbers) - 1)
            hit = numbers[at] == keys
            found[hit] = firsts[at[hit]]
        for run in self._disk:
            run.look_up(keys, found)
        return found

    def _add(self, keys: NDArray[np.int64], firsts: NDArray[np.int64]) -> None:
        """Hold new keys (ascending, none held before) as a run."""
        for position in self._positions(keys):
            byte, bit = position >> 3, (1 << (position & 7)).astype(np.uint8)
            # A fancy-indexed OR keeps one write per byte: set again the few bits lost where two keys shared one.
            while len(byte):
                self._filter[byte] |= bit
                lost = (self._filter[byte] & bit) == 0
                byte, bit = byte[lost], bit[lost]
        self._count += len(keys)
        self._held += len(keys)
        self._memory.append((0, (keys, firsts)))
        while len(self._memory) >= FAN_IN and all(level == self._memory[-1][0] for level, _ in self._memory[-FAN_IN:]):
            level = self._memory[-1][0]
            self._memory[-FAN_IN:] = [(level + 1, _merged([run for _, run in self._memory[-FAN_IN:]]))]
        if self._held >= self._limit:
            self._to_disk()

    def _to_disk(self) -> None:
        numbers, firsts = _merged([run for _, run in self._memory])
        if self._folder is None:
            self._folder = Path(tempfile.mkdtemp(prefix="numcheck-seen-"))
        self._disk.append(_DiskRun(self._folder / f"run-{len(self._disk)}", numbers, firsts))
        self._memory, self._held = [], 0


class _DiskRun:
    """A sorted run in a file: its numbers, then their first indices."""

    def __init__(self, path: Path, numbers: NDArray[np.int64], firsts: NDArray[np.int64]) -> None:
        self._count = len(numbers)
        with path.open("wb") as handle:
            numbers.tofile(handle)
            firsts.tofile(handle)
        self._handle = path.open("rb")

    def look_up(self, keys: NDArray[np.int64], found: NDArray[np.int64]) -> None:
        """Fill in ``found`` for the keys this run holds."""
        with mmap.mmap(self._handle.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            numbers = np.frombuffer(mapped, dtype=np.int64, count=self._count)
            at = np.minimum(np.searchsorted(numbers, keys), self._count - 1)
            hit = numbers[at] == keys
            if hit.any():
                firsts = np.frombuffer(mapped, dtype=np.int64, count=self._count, offset=self._count * 8)
                found[hit] = firsts[at[hit]]
                del firsts
            del numbers  # no view may outlive the map

    def close(self) -> None:
        self._handle.close()


def _merged(runs: list[Run]) -> Run:
    """Sorted runs with no key in common as one (a stable sort finds the runs and merges them)."""
    numbers = np.concatenate([numbers for numbers, _ in runs])
    order = np.argsort(numbers, kind="stable")
    return numbers[order], np.concatenate([firsts for _, firsts in runs])[order]
