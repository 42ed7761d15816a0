"""Helpers shared by the benchmarks: synthetic numbers and side-by-side printing.

Imported before numcheck, it points numcheck's cache directory (the block table, phonenumbers' facts) at a fresh
temporary folder unless NUMCHECK_CACHE_DIR is set: a benchmark neither reads nor writes the user's own cache.
"""

from __future__ import annotations

import atexit
import os
import random
import shutil
import tempfile
from collections.abc import Iterator

if "NUMCHECK_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="numcheck-bench-cache-")
    os.environ["NUMCHECK_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, True)

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


_FULL_WIDTH = str.maketrans("0123456789+-() ", "０１２３４５６７８９＋－（）\u3000")

# How people write a number they paste into an inventory (11 national digits ``n``): spaced, dashed, with +86 or
# 0086, bracketed, dotted, in full width. Each is read as the bare number by numcheck.parse.
WRITTEN_FORMS = (
    lambda n: f"+86 {n[:3]} {n[3:7]} {n[7:]}",
    lambda n: f"{n[:3]}-{n[3:7]}-{n[7:]}",
    lambda n: f"{n[:3]} {n[3:7]} {n[7:]}",
    lambda n: f"+86{n}",
    lambda n: f"0086 {n}",
    lambda n: f"(+86) {n[:3]} {n[3:7]} {n[7:]}",
    lambda n: f"+86-{n[:3]}-{n[3:7]}-{n[7:]}",
    lambda n: f"{n[:3]}.{n[3:7]}.{n[7:]}",
    lambda n: n.translate(_FULL_WIDTH),
    lambda n: f"+86 {n[:3]} {n[3:7]} {n[7:]}".translate(_FULL_WIDTH),
    lambda n: f" {n} ",
    lambda n: f"+86 ({n[:3]}) {n[3:7]}-{n[7:]}",
)


def _typo(number: str, rng: random.Random) -> str:
    """A line that is not a usable number, each one different, as real inventories hold them."""
    kind = rng.randrange(6)
    if kind == 0:
        return number[:-1]  # a digit lost
    if kind == 1:
        return number + str(rng.randrange(10))  # a digit too many
    if kind == 2:
        spot = rng.randrange(3, 11)
        return number[:spot] + rng.choice("OolI") + number[spot + 1 :]  # a letter for a digit
    if kind == 3:
        return f"+86 {number[: rng.randrange(2, 9)]}"  # cut short
    if kind == 4:
        return "-" + number  # a stray sign
    return rng.choice(("n/a", "unknown", "phone", "none", "tbd", "?")) + str(rng.randrange(100))


def messy_numbers(count: int, seed: int = 1, *, written: float = 0.10, invalid: float = 0.02) -> list[str]:
    """Synthetic numbers as an inventory holds them: mostly bare digits, ``written`` of them written out, ``invalid`` typos."""
    rng = random.Random(seed)
    lines = []
    for number in synthetic_numbers(count, seed):
        draw = rng.random()
        if draw < written:
            lines.append(WRITTEN_FORMS[rng.randrange(len(WRITTEN_FORMS))](number))
        elif draw < written + invalid:
            lines.append(_typo(number, rng))
        else:
            lines.append(number)
    return lines
