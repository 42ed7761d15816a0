"""Every bulk path agrees with numcheck.check(..., offline=True) on generated written forms, valid and invalid.

* `enrich_table` and `enrich_many`, field by field, against the offline report of each line (or its refusal);
* the command line's bulk CSV and JSON Lines writer, byte for byte, against the per-number writers (check_many
  and the stream writers), which is what the command line wrote for every line before the bulk path.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.bulk.written import inventory_lines

import numcheck
from numcheck.bulk.rows import OfflineRows
from numcheck.engine import Runner
from numcheck.render.stream import open_writer

pytest.importorskip("pyarrow")

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
BATCHES = st.lists(inventory_lines(), min_size=1, max_size=12)
EXAMPLE = [
    "13800138000",
    "+86 173 7217 0000",
    "１３８ ００１３ ８０００",
    "138-0013-800",
    "+86 12",
    "nope",
    "010 1234 5678",
    "-13800138000",
]


def _expected(text: str) -> dict[str, object]:
    """What the per-number path says of one line: the offline report's fields, or why the line is refused."""
    try:
        report = numcheck.check(text, offline=True)
    except numcheck.InvalidNumber as error:
        return {"error": str(error)}
    region, segment, carrier = report.region, report.segment, report.carrier
    number = report.number
    return {
        "e164": number.e164, "valid": number.valid, "region_code": number.region_code, "line_type": number.line_type.value,
        "carrier_en": carrier.name_en, "carrier_zh": carrier.name_zh, "location_en": carrier.location_en, "location_zh": carrier.location_zh,
        "province_en": region and region.province_en, "province_zh": region and region.province_zh, "city_en": region and region.city_en,
        "city_zh": region and region.city_zh, "area_code": region and region.area_code, "holder": region and region.holder,
        "operator": segment and segment.operator.value, "segment_kind": segment and segment.kind.value,
        "portable": segment and segment.portable, "since": segment and segment.since,
        "tags": ";".join(sorted({tag for finding in report.findings for tag in finding.tags})), "error": None,
    }  # fmt: skip


@SETTINGS
@given(BATCHES)
@example(EXAMPLE)
def test_enrich_table_and_enrich_many_answer_as_the_offline_report(texts: list[str]) -> None:
    texts = [text.encode("utf-8", "replace").decode("utf-8") for text in texts]  # an Arrow column holds no lone surrogate
    table = numcheck.enrich_table(texts)
    table.validate(full=True)
    for text, row, facts in zip(texts, table.to_pylist(), numcheck.enrich_many(texts), strict=True):
        expected = _expected(text)
        assert row["input"] == facts.input == text
        if expected["error"] is not None:
            assert row["error"] == facts.error == expected["error"], text
            assert row["e164"] is None, text
            assert row["tags"] is None, text
            continue
        assert {name: row[name] for name in expected} == expected, text
        facts_fields = {"e164": facts.e164, "valid": facts.valid, "region_code": facts.region_code, "line_type": facts.line_type}
        assert facts_fields == {name: expected[name] for name in facts_fields}, text
        assert (facts.carrier_en, facts.location_zh, facts.error) == (expected["carrier_en"], expected["location_zh"], None), text


def test_a_lone_surrogate_is_a_clear_error_for_a_column() -> None:
    with pytest.raises(numcheck.InputError, match="UTF-8"):
        numcheck.enrich_table(["13800138000", "\ud800"])


def _per_number(texts: list[str], fmt: str) -> str:
    out = io.StringIO()
    writer = open_writer(fmt, out, single=False)
    for item in numcheck.check_many(texts, offline=True):
        writer.write(item)
    writer.close()
    return out.getvalue()


@SETTINGS
@given(BATCHES, st.sampled_from(["csv", "jsonl"]))
@example([*EXAMPLE, "13800138000", "+86 138 0013 8000"], "csv")
def test_the_bulk_writer_writes_what_the_per_number_writers_write(texts: list[str], fmt: str) -> None:
    """Repeats included (the generated lines repeat now and then, and the example repeats a number in two forms)."""
    texts = texts + texts[: len(texts) // 3]
    with Runner(offline=True) as runner:
        rows = OfflineRows(runner, fmt)
        written = rows.header() + "".join(rows.lines(texts))
    assert written == _per_number(texts, fmt)
