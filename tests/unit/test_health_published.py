"""The published health file: a documented, versioned format, and a reader that refuses a malformed file whole."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numcheck.health.model import CheckerHealth, Counts, HealthFile, HealthState
from numcheck.health.published import MAX_BYTES, HealthFileError, parse_health_file
from numcheck.health.render import render_json, render_markdown, render_text

NOW = datetime(2026, 12, 4, 6, 0, tzinfo=UTC)


def _table() -> HealthFile:
    return HealthFile(
        generated_at=NOW,
        numcheck_version="0.1.0",
        controls_per_checker=3,
        checkers=(
            CheckerHealth(
                checker_id="dangdang",
                checker_name="Dangdang",
                state=HealthState.FALSE_POSITIVE,
                checked_at=NOW,
                reason="said registered for a never-issued number (16412345678)",
                counts=Counts(controls=3, controls_passed=2, false_positives=1),
            ),
            CheckerHealth(
                checker_id="chsi",
                checker_name="CHSI 学信网",
                state=HealthState.HEALTHY,
                checked_at=NOW,
                counts=Counts(controls=3, controls_passed=3),
            ),
        ),
    )


def _document() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_json(_table()))
    return data


def test_the_json_output_is_the_file_format_and_reads_back() -> None:
    assert parse_health_file(render_json(_table()), "t", now=NOW) == _table()
    document = _document()
    assert (document["format"], document["version"]) == ("numcheck-health", 1)
    assert set(document["checkers"][0]) == {"checker_id", "checker_name", "state", "checked_at", "reason", "counts", "retry_after"}


def _broken(change: str) -> dict[str, Any]:
    document = _document()
    row = document["checkers"][0]
    if change == "format":
        document["format"] = "sherlock-exclusions"
    elif change == "newer":
        document["version"] = 2
    elif change == "older":
        document["version"] = 0
    elif change == "missing":
        del document["checkers"]
    elif change == "unknown field":
        document["disable"] = ["chsi"]
    elif change == "row field":
        row["trusted"] = True
    elif change == "state":
        row["state"] = "fine"
    elif change == "twice":
        document["checkers"].append(dict(row))
    elif change == "naive date":
        row["checked_at"] = "2026-12-04T06:00:00"
    elif change == "future":
        row["checked_at"] = (NOW + timedelta(days=30)).isoformat()
    elif change == "bad id":
        row["checker_id"] = "../../etc"
    elif change == "negative count":
        row["counts"]["controls"] = -1
    elif change == "count type":
        row["counts"]["controls"] = "three"
    elif change == "count as text":
        row["counts"]["controls"] = "3"
    elif change == "version true":
        document["version"] = True
    elif change == "version float":
        document["version"] = 1.0
    elif change == "version text":
        document["version"] = "1"
    elif change == "no version":
        del document["version"]
    elif change == "date as seconds":
        row["checked_at"] = 1_764_800_000
    return document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("format", "not a numcheck health file"),
        ("newer", "newer than this numcheck reads"),
        ("older", "version"),
        ("missing", "checkers"),
        ("unknown field", "disable"),
        ("row field", "trusted"),
        ("state", "state"),
        ("twice", "appears twice"),
        ("naive date", "time zone"),
        ("future", "future"),
        ("bad id", "checker_id"),
        ("negative count", "controls"),
        ("count type", "controls"),
        ("count as text", "controls"),
        ("version true", "version must be a whole number"),
        ("version float", "version must be a whole number"),
        ("version text", "version must be a whole number"),
        ("no version", "version must be a whole number"),
        ("date as seconds", "checked_at"),
    ],
)
def test_a_malformed_file_is_refused(change: str, message: str) -> None:
    with pytest.raises(HealthFileError, match="refused") as caught:
        parse_health_file(json.dumps(_broken(change)), "health.json", now=NOW)
    assert message in str(caught.value)
    assert str(caught.value).startswith("health.json: ")


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "not UTF-8 JSON"), (b"{", "not UTF-8 JSON"), (b"\xff\xfe{}", "not UTF-8 JSON"), (b"[]", "JSON object"), (b'"x"', "JSON object")],
)
def test_what_is_not_json_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(HealthFileError, match=message):
        parse_health_file(data, "health.json", now=NOW)


@pytest.mark.parametrize("opening", [b"[", b'{"a":'])
def test_a_file_nested_past_the_parser_s_stack_is_refused_not_a_crash(opening: bytes) -> None:
    """Under the size limit, yet deeper than json can recurse: a HealthFileError (exit 2), never an internal error."""
    with pytest.raises(HealthFileError, match="refused: nested deeper"):
        parse_health_file(opening * (MAX_BYTES // len(opening)), "health.json", now=NOW)


def test_an_oversized_file_is_refused_before_it_is_parsed() -> None:
    with pytest.raises(HealthFileError, match="larger than"):
        parse_health_file(b" " * (MAX_BYTES + 1), "health.json", now=NOW)


def test_control_characters_in_a_reason_are_shown_escaped() -> None:
    """A published file is anyone's: its text never reaches a terminal as a control sequence."""
    document = _document()
    document["checkers"][0]["reason"] = "said registered \x1b[2J for a never-issued number"
    table = parse_health_file(json.dumps(document), "t", now=NOW)
    assert "\x1b" not in table.checkers[0].reason
    assert "\\x1b" in table.checkers[0].reason


def test_the_three_renderings() -> None:
    table = _table()
    text = render_text(table)
    assert text.index("false_positive") < text.index("healthy ")  # worst first
    assert "1 of 2 checkers asked are healthy; 1 gave false answers" in text
    markdown = render_markdown(table)
    assert (
        "| `dangdang` Dangdang | ❌ false_positive | 2/3 | - | 2026-12-04 06:00 | said registered for a never-issued number (16412345678) |"
        in markdown
    )
    piped = table.model_copy(update={"checkers": (table.checkers[0].model_copy(update={"reason": "a | b"}),)})
    assert "a \\| b" in render_markdown(piped)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=30,
)


def _mutated(data: st.DataObject) -> dict[str, Any]:
    """The valid document with one field, anywhere in it, replaced by any JSON value."""
    document = _document()
    row = document["checkers"][data.draw(st.integers(0, 1))]
    target = data.draw(st.sampled_from([document, row, row["counts"]]))
    target[data.draw(st.sampled_from(sorted(target)))] = data.draw(_JSON)
    return document


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_document_is_a_health_file_or_refused_never_a_crash(data: st.DataObject) -> None:
    """Whatever a hostile or broken publisher writes: a health file that validates, or HealthFileError, nothing else."""
    raw = data.draw(st.one_of(st.binary(max_size=200), _JSON.map(json.dumps), st.builds(json.dumps, st.builds(_mutated, st.just(data)))))
    try:
        table = parse_health_file(raw, "health.json", now=NOW)
    except HealthFileError as error:
        refused = str(error)
    else:
        assert table.version == 1
        assert all(row.checked_at.tzinfo is not None for row in table.checkers)
        return
    assert refused.startswith("health.json: ")
