"""Vanity tags a column at a time: the same answer as the vanity checker's tags (`numcheck.offline.vanity`), in NumPy.

The per-number checker matches patterns digit by digit; here a column of numbers needs four table look-ups
each. ``tests/unit/test_vanity.py`` holds the two equal on every pattern and on random numbers.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

# Vanity tag codes: bit 1 "vanity", bit 2 "four_heavy" (vanity_tags' two tags).
VANITY_TAGS: tuple[tuple[str, ...], ...] = ((), ("vanity",), ("four_heavy",), ("vanity", "four_heavy"))


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
