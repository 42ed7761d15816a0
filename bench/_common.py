"""Helpers shared by the benchmarks: synthetic numbers and side-by-side printing."""

from __future__ import annotations

import random
from collections.abc import Iterator

# Every block phonenumbers considers mobile, so both sides of a comparison do the same work.
MOBILE_BLOCKS = [
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157", "158", "159",
    "166", "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "190", "191",
    "193", "195", "196", "197", "198", "199",
]  # fmt: skip


def synthetic_numbers(count: int, seed: int = 1) -> Iterator[str]:
    """Random, clean 11-digit Chinese mobile numbers (synthetic: generated, not anyone's)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield rng.choice(MOBILE_BLOCKS) + f"{rng.randrange(10**8):08d}"


def row(label: str, value: str) -> None:
    print(f"  {label:<52} {value}")
