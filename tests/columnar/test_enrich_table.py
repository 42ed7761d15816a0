"""numcheck.enrich_table answers a column exactly as enrich_many and the offline checkers answer each number."""

from __future__ import annotations

import random

import numpy as np
import pyarrow as pa
import pytest

import numcheck
from numcheck.bulk.table import BLOCK_COLUMNS, COLUMNS, enrich_table


def _sample(count: int, seed: int) -> list[str | None]:
    rng = random.Random(seed)
    rows: list[str | None] = []
    for _ in range(count):
        number = f"{rng.randrange(130, 200)}{rng.randrange(10**8):08d}"
        if rng.random() < 0.05:
            number = number[:7] + rng.choice(["8888", "1234", "4444", "1122", "9000", "0088", "4143"])
        form = rng.random()
        if form < 0.85:
            rows.append(number)
        elif form < 0.9:
            rows.append(f"+86 {number[:3]} {number[3:7]} {number[7:]}")
        elif form < 0.95:
            rows.append(rng.choice(["nope", "138001380", "010 1234 5678", "+1 650 253 0000", "1440012345678", "", None]))
        else:
            rows.append(number.translate(str.maketrans("0123456789", "０１２３４５６７８９")))
    return rows


def _expected(text: str | None) -> dict[str, object]:
    """One row as the per-number path gives it: enrich() for the facts, an offline report for the tags."""
    facts = numcheck.enrich_many([text or ""]).__next__()
    if facts.error is not None:
        return {"input": text, "error": facts.error}
    region, segment = facts.region, facts.segment
    report = numcheck.check(text or "", offline=True, registry=_builtin_offline())
    return {
        "input": text, "e164": facts.e164, "valid": facts.valid, "region_code": facts.region_code, "line_type": facts.line_type,
        "carrier_en": facts.carrier_en, "carrier_zh": facts.carrier_zh, "location_en": facts.location_en, "location_zh": facts.location_zh,
        "province_en": region and region.province_en, "province_zh": region and region.province_zh, "city_en": region and region.city_en,
        "city_zh": region and region.city_zh, "area_code": region and region.area_code, "holder": region and region.holder,
        "operator": segment and segment.operator.value, "segment_kind": segment and segment.kind.value,
        "portable": segment and segment.portable, "since": segment and segment.since,
        "tags": ";".join(sorted({tag for finding in report.findings for tag in finding.tags})), "error": None,
    }  # fmt: skip


def _builtin_offline() -> numcheck.Registry:
    from numcheck.offline_checkers import builtin_offline_checkers

    registry = numcheck.Registry()
    for checker in builtin_offline_checkers():
        registry.add(checker, "builtin")
    return registry


def test_every_row_equals_the_per_number_answer() -> None:
    """1,500 mixed rows: clean, written-out, vanity, typos, landlines, foreign, IoT, empty and null."""
    rows = _sample(1500, seed=3)
    table = enrich_table(pa.array(rows, type=pa.string()))
    table.validate(full=True)  # the dictionary columns are built unchecked (safe=False): every index must be in range
    assert table.column_names == list(COLUMNS)
    got = table.to_pylist()
    for text, row in zip(rows, got, strict=True):
        expected = _expected(text)
        if "e164" not in expected:
            assert (row["input"], row["error"]) == (text, expected["error"])
            assert all(row[name] is None for name in ("e164", *BLOCK_COLUMNS, "tags"))
            continue
        assert row == expected, text
    assert sum(row["error"] is not None for row in got) > 20
    assert sum("vanity" in (row["tags"] or "") for row in got) > 50


def test_every_kind_of_column_gives_the_same_table() -> None:
    """Arrow strings or integers, chunked, NumPy strings or integers, pandas, polars and plain lists."""
    import pandas as pd
    import polars as pl

    numbers = [f"1{rng:010d}" for rng in random.Random(4).sample(range(3 * 10**9, 10**10), 300)]
    reference_table = enrich_table(numbers)
    reference_table.validate(full=True)
    reference = reference_table.to_pylist()
    as_ints = [int(number) for number in numbers]
    for column in (
        pa.array(numbers),
        pa.chunked_array([numbers[:100], numbers[100:]]),
        pa.array(numbers, type=pa.large_string()),
        np.array(numbers),
        pd.Series(numbers),
        pl.Series(numbers),
        tuple(numbers),
    ):
        assert enrich_table(column).to_pylist() == reference, type(column)
    for column in (pa.array(as_ints), np.array(as_ints), pd.Series(as_ints), pl.Series(as_ints), as_ints):
        table = enrich_table(column).to_pylist()
        assert [row["input"] for row in table] == numbers
        assert table == reference, type(column)


def test_descriptive_columns_are_dictionary_encoded() -> None:
    table = enrich_table(["13800138000", "13900139000", "nope"])
    assert pa.types.is_dictionary(table.schema.field("province_en").type)
    assert table.column("province_en").to_pylist() == ["Beijing", "Shanghai", None]
    assert table.to_pandas()["operator"].dtype == "category"


def test_bad_column_types_are_one_clear_error() -> None:
    with pytest.raises(numcheck.InputError, match="text or integers"):
        enrich_table(pa.array([1.5, 2.5]))
