"""Build the block table from the shipped data: one answer per 7-digit block of Chinese mobile numbers.

A block's answer is what `numcheck.offline.enrich.facts_for` gives every number in it: carrier and location
(the prefix data, or the region's place where the `phone` data lists the block), the segment and the region.
Some 700,000 blocks share about 17,000 distinct answers. The result is plain arrays (`BlockArrays`), which
`numcheck.bulk.cachefile` writes to a file once per install and data version and memory-maps in every process after.

Where phonenumbers does not hold a block's whole five-digit range valid mobile (or the prefix data has no such
3-digit block), the block is `NOT_FAST`: its numbers take the per-number path, which is the authority.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from numcheck.numbers import cn_mobile_range
from numcheck.offline.prefixes import PrefixFacts, prefix_table
from numcheck.offline.regions import Region, place_names, region_table
from numcheck.segments import segment_table

if TYPE_CHECKING:
    from numpy.typing import NDArray

# 7-digit blocks 1000000-1999999, indexed from 0.
FIRST_BLOCK, BLOCK_COUNT = 1_000_000, 1_000_000
# The code of a block whose numbers the per-number path answers (codes are uint16: at most 65,534 answers).
NOT_FAST = 0xFFFF
# Columns of `BlockArrays.answers`: four names (string ids), the segment row (-1: none) and the region (-1: none).
CARRIER_EN, CARRIER_ZH, LOCATION_EN, LOCATION_ZH, SEGMENT, REGION = range(6)


class BlockArrays(NamedTuple):
    """The block table as arrays: what the cache file holds."""

    codes: NDArray[np.uint16]  # per block: its answer's number, or NOT_FAST
    answers: NDArray[np.int32]  # (answers, 6): the columns above
    regions: NDArray[np.int32]  # (regions, 7): string ids of the `Region` fields, in order
    string_offsets: NDArray[np.int64]  # (strings + 1): where each string starts in string_bytes
    string_bytes: NDArray[np.uint8]  # the strings, UTF-8, one after another


class _Strings:
    """Strings numbered in order of first use."""

    def __init__(self) -> None:
        self.number: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.number.setdefault(text, len(self.number))

    def arrays(self) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
        encoded = [text.encode("utf-8") for text in self.number]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        offsets[1:] = np.cumsum([len(item) for item in encoded])
        return offsets, np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()


class _Answers:
    """Distinct block answers, numbered in order of first use (by block)."""

    def __init__(self) -> None:
        self.strings = _Strings()
        self.rows: list[tuple[int, ...]] = []
        self.regions: list[tuple[int, ...]] = []
        self._numbers: dict[tuple[int, ...], int] = {}
        self._region_numbers: dict[Region, int] = {}
        self._segment_rows = {id(row): index for index, row in enumerate(segment_table().rows)}

    def segment(self, five: str) -> int:
        row = segment_table().lookup(five + "000000")
        return -1 if row is None else self._segment_rows[id(row)]

    def region(self, place: Region | None) -> int:
        if place is None:
            return -1
        number = self._region_numbers.get(place)
        if number is None:
            number = self._region_numbers[place] = len(self.regions)
            self.regions.append(tuple(self.strings(field) for field in place))
        return number

    def number(self, facts: PrefixFacts, segment: int, place: Region | None) -> int:
        country_en, country_zh = prefix_table().country
        location = place_names(place) if place is not None else (facts.location_en or country_en, facts.location_zh or country_zh)
        names = (facts.carrier_en, facts.carrier_zh, *location)
        row = (*(self.strings(name) for name in names), segment, self.region(place))
        number = self._numbers.get(row)
        if number is None:
            number = self._numbers[row] = len(self.rows)
            if number >= NOT_FAST:
                raise OverflowError("more distinct block answers than a block code can number")
            self.rows.append(row)
        return number


def build_blocks() -> BlockArrays:
    """Work out every block's answer from the shipped tables (about a second; `numcheck.bulk.cachefile` keeps the result)."""
    codes = np.full(BLOCK_COUNT, NOT_FAST, dtype=np.uint16)
    answers = _Answers()
    for three in range(FIRST_BLOCK // 10_000, (FIRST_BLOCK + BLOCK_COUNT) // 10_000):
        facts = prefix_table().block(str(three))
        fives = [cn_mobile_range(f"{three}{five:02d}") for five in range(100)]
        if facts is None or not any(fives):
            continue
        places = region_table().block(str(three))
        segments = [answers.segment(f"{three}{five:02d}") for five in range(100)]
        # The three table entries of each block as one integer (each numbered densely first): the distinct
        # triples are then found by one integer unique, not 10,000 tuple hashes. Entries are compared by
        # identity: each table shares one object per distinct entry.
        columns = (
            np.fromiter(map(id, facts), dtype=np.int64, count=10_000),
            np.repeat(np.array(segments, dtype=np.int64), 100),
            np.fromiter(map(id, places), dtype=np.int64, count=10_000) if places is not None else np.zeros(10_000, dtype=np.int64),
        )
        combined = np.zeros(10_000, dtype=np.int64)
        for column in columns:
            _, dense = np.unique(column, return_inverse=True)
            combined = combined * 10_001 + dense.reshape(-1)
        _, first, inverse = np.unique(combined, return_index=True, return_inverse=True)
        numbers = np.array(
            [answers.number(facts[row], segments[row // 100], places[row] if places is not None else None) for row in first.tolist()],
            dtype=np.uint16,
        )[inverse.reshape(-1)]
        holds = np.repeat(np.array(fives), 100)
        start = three * 10_000 - FIRST_BLOCK
        codes[start : start + 10_000] = np.where(holds, numbers, NOT_FAST)
    offsets, text = answers.strings.arrays()
    return BlockArrays(
        codes,
        np.array(answers.rows, dtype=np.int32).reshape(-1, 6),
        np.array(answers.regions, dtype=np.int32).reshape(-1, len(Region._fields)),
        offsets,
        text,
    )
