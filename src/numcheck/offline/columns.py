"""Column-at-a-time answers for 11-digit Chinese mobile numbers (numpy), the same as `enrich_many`'s fast path.

`enrich_many` answers a number with a few dictionary look-ups, but each costs a Python step. Here a
whole column is answered with array operations: the numbers' 7-digit blocks index one table of
block codes (a code per distinct answer of the fast path, the answers themselves shared with it),
and the vanity tags come from comparisons of digit columns. The per-number cost is then a few
nanoseconds, and the batch command line and `numcheck.columnar` both build on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from numcheck._seen_disk import DiskSeen
from numcheck.offline.enrich import BLOCK_COUNT, FIRST_BLOCK, NOT_COMPUTED, _fast_path
from numcheck.offline.enrich import NOT_FAST as _NOT_FAST_CODE
from numcheck.offline.prefixes import prefix_table
from numcheck.offline.regions import region_table

if TYPE_CHECKING:
    from numpy.typing import NDArray

# What `BlockCodes.codes` answers where the full path must answer (the shared table itself says
# NOT_FAST there, or NOT_COMPUTED until the block's range is first met).
NOT_FAST = -1

# Vanity tag codes: bit 1 "vanity", bit 2 "four_heavy" (vanity_tags' two tags).
VANITY_TAGS: tuple[tuple[str, ...], ...] = ((), ("vanity",), ("four_heavy",), ("vanity", "four_heavy"))

_PLACE = 10 ** np.arange(10, -1, -1, dtype=np.int64)  # digit weights of an 11-digit number


class BlockCodes:
    """Which shared fast-path answer each 7-digit block has; filled a five-digit range at a time.

    A block's code is the number of its answer in the enrichment fast path's ``shared`` list, so the
    two paths cannot disagree on what a block is.
    """

    def __init__(self) -> None:
        # A view of `enrich_many`'s own code table: either path fills it, both read it.
        self.code = np.frombuffer(_fast_path().codes, dtype=np.uint16)
        self.tails = _fast_path().shared  # code -> the fields after input and e164 (as in NumberFacts)
        # What the risk engine reads of a block: its segment and whether the prefix data lists it. Numbered
        # (times the vanity codes) per code, so a number's judgement key is that plus its vanity code.
        self.slots: dict[tuple[int, bool], int] = {}
        self._slot_of_code = np.zeros(0, dtype=np.int16)

    def judgements(self, codes: NDArray[np.integer], national: NDArray[np.int64]) -> NDArray[np.int16]:
        """The judgement key of each number (block codes must be valid): same key, same tags and verdict offline."""
        fresh = self.tails[len(self._slot_of_code) :]
        if fresh:
            slots = [self.slots.setdefault((id(tail[7]), tail[9] is None), len(self.slots)) * len(VANITY_TAGS) for tail in fresh]
            self._slot_of_code = np.concatenate([self._slot_of_code, np.array(slots, dtype=np.int16)])
        keys: NDArray[np.int16] = (self._slot_of_code[codes] + vanity_codes(national)).astype(np.int16, copy=False)
        return keys

    def codes(self, national: NDArray[np.int64]) -> NDArray[np.int32]:
        """The block code of each 11-digit national number (NOT_FAST where the full path must answer)."""
        block = national // 10_000 - FIRST_BLOCK
        inside = (block >= 0) & (block < BLOCK_COUNT)
        everywhere = bool(inside.all())  # the common column: no masking needed
        if not everywhere:
            block = np.where(inside, block, 0)
        codes = self.code[block]
        missing = codes == NOT_COMPUTED if everywhere else inside & (codes == NOT_COMPUTED)
        if missing.any():
            for three in np.unique(block[missing] // 10_000).tolist():
                self._fill(str(FIRST_BLOCK // 10_000 + three))
            codes = self.code[block]
        answered: NDArray[np.int32] = codes.astype(np.int32)
        answered[codes == _NOT_FAST_CODE if everywhere else ~inside | (codes == _NOT_FAST_CODE)] = NOT_FAST
        return answered

    def _fill(self, three: str) -> None:
        """Codes for the 10,000 blocks under a three-digit prefix: the fast path's answers, found by table-entry identity."""
        fast_path = _fast_path()
        start = (int(three) - FIRST_BLOCK // 10_000) * 10_000
        fives = [fast_path.fast_five(f"{three}{five:02d}") for five in range(100)]
        facts, places = prefix_table().block(three), region_table().block(three)
        if facts is None or not any(holds for holds, _ in fives):
            self.code[start : start + 10_000] = _NOT_FAST_CODE
            return
        segments = [segment for _, segment in fives]
        columns = (
            np.fromiter(map(id, facts), dtype=np.int64, count=10_000),
            np.repeat(np.fromiter(map(id, segments), dtype=np.int64, count=100), 100),
            np.fromiter(map(id, places), dtype=np.int64, count=10_000) if places is not None else np.full(10_000, id(None)),
        )
        # The three identities as one integer per block (each column numbered densely first): a 1-D unique is a hash, not a sort.
        combined = np.zeros(10_000, dtype=np.int64)
        for column in columns:
            _, dense = np.unique(column, return_inverse=True)
            combined = combined * 10_001 + dense.reshape(-1)
        _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
        numbers = np.array(
            [fast_path.number_for(facts[row], segments[row // 100], places[row] if places is not None else None) for row in first.tolist()]
        )[inverse.reshape(-1)]
        for five, (holds, _) in enumerate(fives):
            span = slice(five * 100, five * 100 + 100)
            self.code[start + span.start : start + span.stop] = numbers[span] if holds else _NOT_FAST_CODE


@cache
def block_codes() -> BlockCodes:
    """The process's block-code table (built up as blocks are met; reading it needs no lock, filling is idempotent)."""
    return BlockCodes()


def _digits(values: NDArray[np.int64], width: int) -> NDArray[np.int8]:
    return ((values[:, None] // 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)) % 10).astype(np.int8)


def _four_in_a_row(digits: NDArray[np.int8]) -> NDArray[np.bool_]:
    """Whether some four consecutive digits of each row are one digit repeated or a straight run (up or down)."""
    step = digits[:, 1:] - digits[:, :-1]
    found = np.zeros(len(digits), dtype=bool)
    for link in (step == 0, step == 1, step == -1):  # three consecutive links join four digits
        found |= (link[:, :-2] & link[:, 1:-1] & link[:, 2:]).any(axis=1)
    return found


class _VanityTables:
    """`vanity_tags` over the last eight digits, split so that a column needs four table look-ups per number.

    The eight digits are two halves of four. What each half holds alone (a run or straight of four
    inside it, its 8s, 6s and 4s, and for the last half the end patterns) is one small class per
    half; a 2-D table joins the two classes. Runs that cross the middle lie in digits 2-7 of the
    eight: a table over those six digits answers them.
    """

    def __init__(self) -> None:
        half = _digits(np.arange(10_000, dtype=np.int64), 4)
        inside = _four_in_a_row(half)
        a, b, c, d = half.T
        ending = ((b == c) & (c == d)) | ((a == b) & (c == d) & (b != c)) | ((a == c) & (b == d) & (a != b))
        ending |= ((a == d) & (b == c) & (a != b)) | ((c == d) & ((d == 8) | (d == 6)))
        counts = np.stack([(half == digit).sum(axis=1) for digit in (8, 6, 4)], axis=1)
        hi_kinds, self.hi_class = np.unique(np.column_stack([inside, counts]), axis=0, return_inverse=True)
        lo_kinds, self.lo_class = np.unique(np.column_stack([inside | ending, counts]), axis=0, return_inverse=True)
        hi, lo = hi_kinds[:, None, :], lo_kinds[None, :, :]
        premium = (hi[..., 0] | lo[..., 0]).astype(bool) | (hi[..., 1] + lo[..., 1] >= 4) | (hi[..., 2] + lo[..., 2] >= 4)
        unlucky = hi[..., 3] + lo[..., 3] >= 3
        # Flat, indexed by hi class * lo classes + lo class: one gather instead of a 2-D one.
        self.joined = (premium.astype(np.int8) + 2 * unlucky.astype(np.int8)).astype(np.int8).reshape(-1)
        # Six digits hold three windows of four; each window is a 4-digit number the half table already judged.
        six = np.arange(1_000_000, dtype=np.int32)
        self.crossing = (inside[six // 100] | inside[six // 10 % 10_000] | inside[six % 10_000]).astype(np.int8)
        self.hi_class = (self.hi_class.reshape(-1) * len(lo_kinds)).astype(np.int32)
        self.lo_class = self.lo_class.reshape(-1).astype(np.int32)

    def codes(self, national: NDArray[np.int64]) -> NDArray[np.int8]:
        # The last eight digits, cast to int32 as they are written (no int64 temporary); int32 arithmetic is cheaper.
        tail = np.remainder(national, 100_000_000, out=np.empty(len(national), dtype=np.int32), casting="unsafe")
        hi, lo = np.divmod(tail, 10_000)
        codes: NDArray[np.int8] = self.joined[self.hi_class[hi] + self.lo_class[lo]] | self.crossing[tail // 10 % 1_000_000]
        return codes


@cache
def _vanity_tables() -> _VanityTables:
    return _VanityTables()


def vanity_codes(national: NDArray[np.int64]) -> NDArray[np.int8]:
    """`VANITY_TAGS` index of each national number: the same answer as the vanity checker's tags, a column at a time."""
    return _vanity_tables().codes(national)


def clean_national(texts: Sequence[str]) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Which texts are bare 11-digit numbers starting with 1 (ASCII digits only), and their value (0 elsewhere)."""
    count = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    joined = "".join(texts)
    if count and (lengths == 11).all() and joined.isascii():
        # The common file: every line 11 ASCII characters. Its bytes are the digit matrix as they stand.
        digits = (np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(count, 11) - np.uint8(48)).astype(np.uint8)
    else:
        # Longer texts are cut to 12 characters here; their length already rules them out.
        points = np.array(texts, dtype="<U12").view(np.uint32).reshape(count, 12)[:, :11]
        digits = np.where(points >= 48, points - 48, 255).clip(0, 255).astype(np.uint8)
    clean = (lengths == 11) & (digits <= 9).all(axis=1) & (digits[:, 0] == 1)
    digits = np.where(clean[:, None], digits, 0).astype(np.uint8)
    return clean, digits.astype(np.int64) @ _PLACE


class SeenTable:
    """Numbers met so far in a batch and the index where each was first met: an open-addressing hash table in NumPy.

    A column of keys is looked up and inserted in a few vectorised probing rounds, so a million
    numbers cost a fraction of a second and 16 bytes each at most four times over (the table doubles
    when half full), where a dict would cost about 100. Past ``limit`` distinct numbers the table's
    contents move to a temporary SQLite table (`numcheck._seen_disk`) and it starts again small, so
    memory stays bounded however long the inventory.
    """

    _EMPTY = -1
    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads nearby numbers over the table

    def __init__(self, bits: int = 16, *, limit: int = 1_000_000) -> None:
        self._initial_bits = self._bits = bits
        self._limit = limit
        self._keys = np.full(1 << bits, self._EMPTY, dtype=np.int64)
        self._firsts = np.zeros(1 << bits, dtype=np.int64)
        self._count = 0
        self._moved = 0
        self._disk: DiskSeen | None = None
        # One bit per hash of every number moved to disk (16 MB): most numbers of an inventory are new, and
        # only those whose bit is set (the repeats, and a few percent by chance) are looked up on disk.
        self._on_disk_bits: NDArray[np.uint8] | None = None

    def __len__(self) -> int:
        return self._count + self._moved

    def first_indices(self, keys: NDArray[np.int64], indices: NDArray[np.int64]) -> NDArray[np.int64]:
        """For each key (non-negative; rows in ascending ``indices``): the index where it was first met, its own when new."""
        # Repeats inside the column first (one sort): the table then only ever sees distinct keys, each with its first row.
        distinct, first_row, inverse = np.unique(keys, return_index=True, return_inverse=True)
        firsts = indices[first_row]
        in_memory = np.ones(len(distinct), dtype=bool)
        if self._disk is not None and self._on_disk_bits is not None:
            maybe = np.flatnonzero(self._bit_set(self._on_disk_bits, distinct))
            found = self._disk.firsts(distinct[maybe].tolist())
            if found:
                on_disk = maybe[np.fromiter((key in found for key in distinct[maybe].tolist()), dtype=bool, count=len(maybe))]
                firsts[on_disk] = [found[key] for key in distinct[on_disk].tolist()]
                in_memory[on_disk] = False
        while (self._count + len(distinct)) * 2 > len(self._keys):
            self._grow()
        firsts[in_memory] = self._place(distinct[in_memory], firsts[in_memory])
        if self._count >= self._limit:
            self._move_to_disk()
        return firsts[inverse.reshape(-1)]

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()

    _FILTER_BITS = 27

    def _filter_position(self, keys: NDArray[np.int64]) -> NDArray[np.int64]:
        # The product's low bits (the table's slots take its high bits), so filter and table collide independently.
        mixed = keys.astype(np.uint64) * self._MULTIPLIER
        return (mixed & np.uint64((1 << self._FILTER_BITS) - 1)).astype(np.int64)

    def _bit_set(self, bits: NDArray[np.uint8], keys: NDArray[np.int64]) -> NDArray[np.bool_]:
        position = self._filter_position(keys)
        found: NDArray[np.bool_] = (bits[position >> 3] >> (position & 7).astype(np.uint8)) & 1 == 1
        return found

    def _move_to_disk(self) -> None:
        held = np.flatnonzero(self._keys != self._EMPTY)
        held = held[np.argsort(self._keys[held])]  # in key order, SQLite's B-tree takes them five times faster
        self._disk = self._disk or DiskSeen()
        for start in range(0, len(held), 1 << 16):  # a slice at a time: a million Python ints at once would be 70 MB
            part = held[start : start + (1 << 16)]
            self._disk.add(zip(self._keys[part].tolist(), self._firsts[part].tolist(), strict=True))
        if self._on_disk_bits is None:
            self._on_disk_bits = np.zeros(1 << (self._FILTER_BITS - 3), dtype=np.uint8)
        position = self._filter_position(self._keys[held])
        np.bitwise_or.at(self._on_disk_bits, position >> 3, (1 << (position & 7)).astype(np.uint8))
        self._moved += self._count
        self._bits = self._initial_bits
        self._keys = np.full(1 << self._bits, self._EMPTY, dtype=np.int64)
        self._firsts = np.zeros(1 << self._bits, dtype=np.int64)
        self._count = 0

    def _grow(self) -> None:
        held = self._keys != self._EMPTY
        keys, firsts = self._keys[held], self._firsts[held]
        self._bits += 1
        self._keys = np.full(1 << self._bits, self._EMPTY, dtype=np.int64)
        self._firsts = np.zeros(1 << self._bits, dtype=np.int64)
        self._count = 0
        self._place(keys, firsts)

    def _place(self, keys: NDArray[np.int64], indices: NDArray[np.int64]) -> NDArray[np.int64]:
        """Look up or insert distinct keys: each probing round is a few array operations over the keys still moving."""
        result = indices.copy()
        pending = np.arange(len(keys))
        mask = np.uint64(len(self._keys) - 1)
        slot = ((keys.astype(np.uint64) * self._MULTIPLIER) >> np.uint64(64 - self._bits)) & mask
        while len(pending):
            at = slot[pending].astype(np.int64)
            held = self._keys[at]
            found = held == keys[pending]
            result[pending[found]] = self._firsts[at[found]]
            empty = np.flatnonzero(held == self._EMPTY)
            # Keys meeting at one empty slot all write it; the one written last holds it (keys are distinct, so
            # reading the slot back tells who), and the others find it taken and move on like any collision.
            claiming, claimed = pending[empty], at[empty]
            self._keys[claimed] = keys[claiming]
            won = self._keys[claimed] == keys[claiming]
            self._firsts[claimed[won]] = indices[claiming[won]]
            self._count += int(won.sum())
            settled = found.copy()
            settled[empty[won]] = True
            waiting = pending[~settled]
            slot[waiting] = (slot[waiting] + np.uint64(1)) & mask
            pending = waiting
        return result
