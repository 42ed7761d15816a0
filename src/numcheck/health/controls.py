"""Negative controls: fresh random numbers in segments that were never opened to anyone.

A control is drawn only from a 3-digit segment that no row of numcheck's segment table
(``data/cn_segments.csv``, from MIIT's allocation table and the other sources it cites) touches
at any length: not merely a block the crowd-sourced prefix data happens not to list, which may
well belong to someone. The 14x segments are left out although parts of them have no row: 140
to 144 carry 13-digit IoT numbering and reserved ranges (docs/china-data.md). A draw whose
7-digit block the installed prefix data does list (a stray entry) is drawn again, so that no
control can be a number someone was sold.
"""

from __future__ import annotations

import random
from functools import cache

from numcheck.offline.regions import region_table
from numcheck.segments import segment_table

# 13-digit IoT numbering (140-144) and its reserved remainder: not "never opened" in the sense a control needs.
RESERVED_SEGMENTS = frozenset({"140", "141", "142", "143", "144"})
# Draws per control before giving up on a segment whose blocks the prefix data lists (never seen: stray entries are rare).
_MAX_DRAWS = 50


@cache
def never_opened_segments() -> tuple[str, ...]:
    """The 3-digit segments (13x-19x) no row of the segment table touches, at any length, and that are not reserved."""
    touched = {row.segment.prefix[:3] for row in segment_table().rows}
    return tuple(first for first in (str(number) for number in range(130, 200)) if first not in touched and first not in RESERVED_SEGMENTS)


def control_numbers(count: int, rng: random.Random | None = None) -> list[str]:
    """``count`` distinct 11-digit national numbers from never-opened segments, fresh each call.

    ``rng`` makes the draw repeatable (tests); by default it comes from the operating system, so
    that no service can learn a fixed list of numbers numcheck asks about.
    """
    if count < 0:
        raise ValueError("count must not be negative")
    rng = rng or random.SystemRandom()
    segments = never_opened_segments()
    listed = region_table()
    chosen: list[str] = []
    while len(chosen) < count:
        for _ in range(_MAX_DRAWS):
            candidate = f"{rng.choice(segments)}{rng.randrange(100_000_000):08d}"
            if candidate not in chosen and listed.lookup(candidate) is None and segment_table().lookup(candidate) is None:
                chosen.append(candidate)
                break
        else:  # would need prefix data listing nearly every block of every never-opened segment
            raise RuntimeError("no never-opened number could be drawn that the prefix data does not list")
    return chosen
