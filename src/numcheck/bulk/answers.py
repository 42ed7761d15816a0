"""What `enrich_table` puts in a row, per block answer: the descriptive columns (dictionary-encoded) and the tags.

The block columns of every answer of the block table are worked out once per process from its arrays (string
ids, segment rows, regions) with NumPy; a row's value is then its answer's position in each column's dictionary.
The tags are the offline checkers' own: taken from a real offline report of the first number met with each
judgement key (segment, whether the prefix data lists the block, vanity code), so they cannot differ.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from numcheck.bulk.blocks import BlockTable, block_table
from numcheck.bulk.build import CARRIER_EN, CARRIER_ZH, LOCATION_EN, LOCATION_ZH, REGION, SEGMENT
from numcheck.offline.enrich import NumberFacts

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from numcheck.engine import Runner

# Columns of the table, in order. Block columns come from a number's 7-digit block; ``tags`` holds the
# offline checkers' tags joined by ";" (segment era, virtual operator, line kind, vanity, never issued);
# ``error`` says why a row is not a number (every other column is then null).
BLOCK_COLUMNS = (
    "valid", "region_code", "line_type", "carrier_en", "carrier_zh", "location_en", "location_zh",
    "province_en", "province_zh", "city_en", "city_zh", "area_code", "holder",
    "operator", "segment_kind", "portable", "since",
)  # fmt: skip
COLUMNS = ("input", "e164", *BLOCK_COLUMNS, "tags", "error")


def block_values(facts: NumberFacts) -> tuple[object, ...]:
    """The block columns of one number's facts (the rows the per-number path answers)."""
    region, segment = facts.region, facts.segment
    return (
        facts.valid, facts.region_code, facts.line_type, facts.carrier_en, facts.carrier_zh, facts.location_en, facts.location_zh,
        *((None,) * 6 if region is None else (region.province_en, region.province_zh, region.city_en, region.city_zh, region.area_code, region.holder)),
        *((None,) * 4 if segment is None else (segment.operator.value, segment.kind.value, segment.portable, segment.since)),
    )  # fmt: skip


class Encoded(NamedTuple):
    """One column's distinct values (no null among them) and, per answer, its value's position (-1: null)."""

    values: list[object]
    positions: NDArray[np.signedinteger]
    nullable: bool


def _narrow(positions: NDArray[np.integer], distinct: int) -> NDArray[np.signedinteger]:
    # The narrowest index type: the per-row gathers then move half or a quarter of the bytes.
    width = np.int8 if distinct < 127 else np.int16 if distinct < 32_767 else np.int32
    return positions.astype(width)


def encode(column: Sequence[object]) -> Encoded:
    """A column of Python values as distinct values and positions (the rows answered one by one)."""
    positions: dict[object, int] = {}
    index = [-1 if value is None else positions.setdefault(value, len(positions)) for value in column]
    return Encoded(list(positions), _narrow(np.array(index, dtype=np.int64), len(positions)), -1 in index)


def _encode_ids(ids: NDArray[np.integer], value_of: Callable[[int], object]) -> Encoded:
    """A column given as an id per answer (-1: null), each id's value given by ``value_of``."""
    distinct, inverse = np.unique(ids, return_inverse=True)
    numbered: dict[object, int] = {}  # several ids may share a value (segments of one operator)
    number_of_id = [-1 if found < 0 else numbered.setdefault(value_of(found), len(numbered)) for found in distinct.tolist()]
    positions = np.array(number_of_id, dtype=np.int64)[inverse.reshape(-1)] if len(ids) else np.zeros(0, dtype=np.int64)
    return Encoded(list(numbered), _narrow(positions, len(numbered)), bool((ids < 0).any()))


def _block_columns(table: BlockTable) -> list[Encoded]:
    answers, strings = table.answers, table.strings
    count = len(answers)
    segments, regions = answers[:, SEGMENT], answers[:, REGION]
    segment_rows = table.segments
    # Per segment row its facts (operator, kind, portability, year): a segment is a few columns of a hundred rows.
    segment_facts = [(row.operator.value, row.kind.value, row.portable, row.since) for row in segment_rows]
    columns = [
        Encoded([True], np.zeros(count, dtype=np.int8), False),
        Encoded(["CN"], np.zeros(count, dtype=np.int8), False),
        Encoded(["mobile"], np.zeros(count, dtype=np.int8), False),
        *(_encode_ids(answers[:, field], strings.__getitem__) for field in (CARRIER_EN, CARRIER_ZH, LOCATION_EN, LOCATION_ZH)),
    ]
    for field in range(6):  # province_en ... holder: the region's first six fields
        ids = np.where(regions >= 0, table.region_fields[np.maximum(regions, 0), field], -1) if len(table.region_fields) else regions
        columns.append(_encode_ids(ids, strings.__getitem__))
    for field in range(4):
        columns.append(_encode_ids(segments, lambda row, field=field: segment_facts[row][field]))  # type: ignore[misc]
    return shared_indexes(columns)


def shared_indexes(columns: list[Encoded]) -> list[Encoded]:
    """Columns whose values pair one to one (a name in English and in Chinese) share one index array, gathered once."""
    shared: list[Encoded] = []
    for column in columns:
        twin = next(
            (
                kept
                for kept in shared
                if kept.positions.dtype == column.positions.dtype and np.array_equal(kept.positions, column.positions)
            ),
            None,
        )
        shared.append(column if twin is None else column._replace(positions=twin.positions))
    return shared


@cache
def block_columns() -> list[Encoded]:
    """Each block column over the block table's answers (worked out once per process)."""
    return _block_columns(block_table())


def with_extra(extra: list[tuple[object, ...]]) -> list[Encoded]:
    """Each block column over the block table's answers, then ``extra`` (rows answered one by one in this call)."""
    if not extra:
        return block_columns()
    columns = []
    for position, shared in enumerate(block_columns()):
        more = encode([row[position] for row in extra])
        values = list(shared.values)
        index = {value: number for number, value in enumerate(values)}
        moved = [index.setdefault(value, len(index)) for value in more.values]
        values += [value for value in more.values if index[value] >= len(values)]
        lookup = np.array([*moved, -1], dtype=np.int64)
        positions = np.concatenate([shared.positions.astype(np.int64), lookup[more.positions.astype(np.int64)]])
        columns.append(Encoded(values, _narrow(positions, len(values)), shared.nullable or more.nullable))
    return shared_indexes(columns)


class Tags:
    """The offline checkers' tags of a number: from a real offline report, once per distinct judgement."""

    def __init__(self) -> None:
        self._runner: Runner | None = None
        self._by_key: dict[int, str] = {}

    def runner(self) -> Runner:
        if self._runner is None:
            from numcheck.config import Settings
            from numcheck.engine import Runner
            from numcheck.offline_checkers import builtin_offline_checkers
            from numcheck.registry import Registry

            registry = Registry()
            for checker in builtin_offline_checkers():
                registry.add(checker, "builtin")
            self._runner = Runner(offline=True, settings=Settings(), registry=registry)
        return self._runner

    def of_text(self, text: str, region: str) -> str:
        """The tags of one number, joined by ";" as in the CSV output."""
        from numcheck.numbers import parse

        report, _ = self.runner().run_and_save(text, parse(text, region))
        return ";".join(sorted({tag for finding in report.findings for tag in finding.tags}))

    def of_key(self, key: int, example: Callable[[], int]) -> str:
        """Tags for numbers of one judgement key, from a real report of ``example()`` (asked once)."""
        tags = self._by_key.get(key)
        if tags is None:
            tags = self._by_key[key] = self.of_text(str(example()), "CN")
        return tags


@cache
def tags() -> Tags:
    return Tags()
