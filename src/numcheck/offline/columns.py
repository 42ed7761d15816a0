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

from numcheck.offline.enrich import _fast_path

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Code table over every 7-digit block 1000000-1999999: NOT_COMPUTED until its five-digit range is
# first met, NOT_FAST where phonenumbers' pattern does not hold for the range (the full path answers).
NOT_COMPUTED, NOT_FAST = -2, -1
_FIRST_BLOCK, _BLOCKS = 1_000_000, 1_000_000

# Vanity tag codes: bit 1 "vanity", bit 2 "four_heavy" (vanity_tags' two tags).
VANITY_TAGS: tuple[tuple[str, ...], ...] = ((), ("vanity",), ("four_heavy",), ("vanity", "four_heavy"))

_PLACE = 10 ** np.arange(10, -1, -1, dtype=np.int64)  # digit weights of an 11-digit number


class BlockCodes:
    """Which shared fast-path answer each 7-digit block has; filled a five-digit range at a time.

    A block's code is the number of its answer in the enrichment fast path's ``shared`` list, so the
    two paths cannot disagree on what a block is.
    """

    def __init__(self) -> None:
        self.code = np.full(_BLOCKS, NOT_COMPUTED, dtype=np.int32)
        self.tails = _fast_path().shared  # code -> the fields after input and e164 (as in NumberFacts)

    def codes(self, national: NDArray[np.int64]) -> NDArray[np.int32]:
        """The block code of each 11-digit national number (NOT_FAST where the full path must answer)."""
        block = national // 10_000 - _FIRST_BLOCK
        inside = (block >= 0) & (block < _BLOCKS)
        block = np.where(inside, block, 0)
        codes = self.code[block]
        missing = inside & (codes == NOT_COMPUTED)
        if missing.any():
            for five in np.unique(block[missing] // 100).tolist():
                numbers = _fast_path().numbers(str(_FIRST_BLOCK // 100 + five))
                self.code[five * 100 : five * 100 + 100] = NOT_FAST if numbers is None else numbers
            codes = self.code[block]
        return np.where(inside, codes, NOT_FAST).astype(np.int32)


@cache
def block_codes() -> BlockCodes:
    """The process's block-code table (built up as blocks are met; reading it needs no lock, filling is idempotent)."""
    return BlockCodes()


def digit_matrix(national: NDArray[np.int64]) -> NDArray[np.uint8]:
    """The 11 digits of each national number, one row per number."""
    return ((national[:, None] // _PLACE) % 10).astype(np.uint8)


def vanity_codes(digits: NDArray[np.uint8]) -> NDArray[np.int8]:
    """`VANITY_TAGS` index of each row of an 11-digit matrix: the same answer as `vanity_tags`, a column at a time."""
    tail = digits[:, 3:]
    same = tail[:, 1:] == tail[:, :-1]  # same[i]: digit i+1 equals digit i
    step = tail[:, 1:].astype(np.int8) - tail[:, :-1].astype(np.int8)
    premium = np.zeros(len(digits), dtype=bool)
    for start in range(5):  # a window of four digits starting here: a run of one digit, or a straight run
        window = slice(start, start + 3)
        premium |= same[:, window].all(axis=1) | (step[:, window] == 1).all(axis=1) | (step[:, window] == -1).all(axis=1)
    a, b, c, d = tail[:, 4], tail[:, 5], tail[:, 6], tail[:, 7]
    premium |= (b == c) & (c == d)  # a triple at the end
    premium |= (a == b) & (c == d) & (b != c)  # AABB
    premium |= (a == c) & (b == d) & (a != b)  # ABAB
    premium |= (a == d) & (b == c) & (a != b)  # ABBA
    premium |= (c == d) & ((d == 8) | (d == 6))  # a lucky pair at the end
    premium |= ((tail == 8).sum(axis=1) >= 4) | ((tail == 6).sum(axis=1) >= 4)
    unlucky = (tail == 4).sum(axis=1) >= 3
    return (premium.astype(np.int8) + 2 * unlucky.astype(np.int8)).astype(np.int8)


def clean_national(texts: Sequence[str]) -> tuple[NDArray[np.bool_], NDArray[np.int64], NDArray[np.uint8]]:
    """Which texts are bare 11-digit numbers starting with 1 (ASCII digits only), their value and their digits (0 elsewhere)."""
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
    return clean, digits.astype(np.int64) @ _PLACE, digits
