"""The process's block table: each 7-digit block's answer, read by `enrich_many`, `enrich_table` and the batch writer.

One table, so the bulk paths cannot disagree on what a block is. It is built from the shipped data once per
install and data version (`numcheck.bulk.build`) and memory-mapped from the user cache directory after that
(`numcheck.bulk.cachefile`): a process's first bulk call costs a few milliseconds, not a refill of the table.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from numcheck._version import __version__
from numcheck.bulk import cachefile
from numcheck.bulk.build import (
    BLOCK_COUNT,
    CARRIER_EN,
    CARRIER_ZH,
    FIRST_BLOCK,
    LOCATION_EN,
    LOCATION_ZH,
    NOT_FAST,
    REGION,
    SEGMENT,
    build_blocks,
)
from numcheck.bulk.vanity import VANITY_TAGS, vanity_codes
from numcheck.offline.regions import Region, phone_data_path
from numcheck.segments import Segment, segment_table

if TYPE_CHECKING:
    from numpy.typing import NDArray

__all__ = ["BLOCK_COUNT", "FIRST_BLOCK", "NOT_FAST", "BlockTable", "block_table", "table_key"]

# `BlockTable.codes_of` answers this where the per-number path must answer.
OFF_TABLE = -1


class BlockTable:
    """Each block's answer (`codes`, a code per 7-digit block) and the answers themselves, as arrays and as Python values."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.codes: NDArray[np.uint16] = arrays["codes"]
        self.answers: NDArray[np.int32] = arrays["answers"]
        self.region_fields: NDArray[np.int32] = arrays["regions"]
        offsets, data = arrays["string_offsets"].tolist(), bytes(arrays["string_bytes"])
        self.strings = [data[start:stop].decode("utf-8") for start, stop in itertools.pairwise(offsets)]

    def __len__(self) -> int:
        return len(self.answers)

    @cached_property
    def regions(self) -> list[Region]:
        return [Region(*(self.strings[field] for field in fields)) for fields in self.region_fields.tolist()]

    @cached_property
    def segments(self) -> list[Segment]:
        return [row.segment for row in segment_table().rows]

    @cached_property
    def shared(self) -> list[tuple[object, ...]]:
        """Per answer, the `NumberFacts` fields after ``input`` and ``e164`` (built on first use: 17,000 tuples)."""
        strings, segments, regions = self.strings, self.segments, self.regions
        return [
            (True, "CN", "mobile", strings[carrier_en], strings[carrier_zh], strings[location_en], strings[location_zh],
             segments[segment] if segment >= 0 else None, None, regions[region] if region >= 0 else None)
            for carrier_en, carrier_zh, location_en, location_zh, segment, region in self.answers.tolist()
        ]  # fmt: skip

    @cached_property
    def judgement_slots(self) -> NDArray[np.int16]:
        """Per answer, the number of what the risk engine reads of a block: its segment, and whether the prefix data lists it."""
        pairs = self.answers[:, SEGMENT].astype(np.int64) * 2 + (self.answers[:, REGION] < 0)
        _, slots = np.unique(pairs, return_inverse=True)
        return slots.reshape(-1).astype(np.int16)

    def judgements(self, codes: NDArray[np.integer], national: NDArray[np.int64]) -> NDArray[np.int16]:
        """The judgement key of each number (codes must be answers): same key, same tags and verdict offline."""
        keys: NDArray[np.int16] = (self.judgement_slots[codes] * len(VANITY_TAGS) + vanity_codes(national)).astype(np.int16)
        return keys

    def codes_of(self, national: NDArray[np.int64]) -> NDArray[np.int32]:
        """The answer code of each 11-digit national number (OFF_TABLE where the per-number path must answer)."""
        block = national // 10_000 - FIRST_BLOCK
        inside = (block >= 0) & (block < BLOCK_COUNT)
        everywhere = bool(inside.all())  # the common column: no masking needed
        codes = self.codes[block if everywhere else np.where(inside, block, 0)].astype(np.int32)
        codes[codes == NOT_FAST if everywhere else ~inside | (codes == NOT_FAST)] = OFF_TABLE
        return codes

    def code_of(self, national: str) -> int:
        """The code of an 11-digit national number starting with 1 (NOT_FAST where the per-number path answers)."""
        return int(self.codes[int(national[:7]) - FIRST_BLOCK])


def check_arrays(arrays: Mapping[str, np.ndarray]) -> None:
    """Raise `cachefile.CacheError` unless the arrays are a block table every index of which points inside it."""
    try:
        codes, answers, regions = arrays["codes"], arrays["answers"], arrays["regions"]
        offsets, data = arrays["string_offsets"], arrays["string_bytes"]
    except KeyError as error:
        raise cachefile.CacheError(f"no array {error}") from error
    strings = len(offsets) - 1
    shapes = (codes.shape == (BLOCK_COUNT,), answers.ndim == 2 and answers.shape[1] == 6, regions.ndim == 2 and regions.shape[1] == 7)
    if not all(shapes) or strings < 0 or offsets[0] != 0 or offsets[-1] != len(data) or (np.diff(offsets) < 0).any():
        raise cachefile.CacheError("arrays of the wrong shape")
    names = answers[:, [CARRIER_EN, CARRIER_ZH, LOCATION_EN, LOCATION_ZH]]
    fields_inside = (
        ((codes < len(answers)) | (codes == NOT_FAST)).all(),
        names.size == 0 or (names.min() >= 0 and names.max() < strings),
        regions.size == 0 or (regions.min() >= 0 and regions.max() < strings),
        ((answers[:, SEGMENT] >= -1) & (answers[:, SEGMENT] < len(segment_table().rows))).all(),
        ((answers[:, REGION] >= -1) & (answers[:, REGION] < len(regions))).all(),
    )
    if not all(fields_inside):
        raise cachefile.CacheError("an index points outside the table")
    try:
        bytes(data).decode("utf-8")
    except UnicodeDecodeError as error:
        raise cachefile.CacheError("strings that are not UTF-8") from error
    starts = offsets[:-1][np.diff(offsets) > 0]
    if ((data[starts] & 0xC0) == 0x80).any():  # a string starting inside another's character
        raise cachefile.CacheError("strings cut inside a character")


def _numcheck_version() -> str:
    return __version__


def table_key() -> str:
    """What the table follows from, digested: numcheck, the builder, phonenumbers' pattern, and the data files' bytes."""
    from numcheck.offline.prefixes import read_table
    from numcheck.phonelib import installed_facts

    builder = Path(__file__).with_name("build.py")
    phone = phone_data_path()
    shipped = [read_table(name) for name in ("cn_mobile_prefixes.tsv", "cn_segments.csv", "cn_place_names.tsv")]
    return cachefile.digest(
        str(cachefile.FORMAT),
        _numcheck_version(),
        builder.read_bytes() if builder.is_file() else "",
        *installed_facts(),
        *shipped,
        phone.read_bytes() if phone is not None else "no phone data",
    )


_building = threading.Lock()


@cache
def block_table() -> BlockTable:
    """The process's block table: read from the cache file, or built once and written there."""
    with _building:  # threads (Dask, the web server) asking at once: the second reads what the first wrote
        return BlockTable(cachefile.load_or_build("blocks", table_key(), lambda: build_blocks()._asdict(), check_arrays))
