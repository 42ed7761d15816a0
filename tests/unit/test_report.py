"""The Report model: JSON round-trip, schema version, frozen models."""

from __future__ import annotations

import json

import pydantic
import pytest

import numcheck
from numcheck.report import SCHEMA_VERSION


def test_json_round_trip() -> None:
    """A report dumped to JSON and validated back is equal to itself."""
    report = numcheck.check("+86 199 1234 5670", offline=True)
    again = numcheck.Report.model_validate_json(report.model_dump_json())
    assert again == report


def test_json_has_schema_version_and_dimensions() -> None:
    """The JSON carries schema_version and the four risk dimensions."""
    data = json.loads(numcheck.check("13800138000", offline=True).model_dump_json())
    assert data["schema_version"] == SCHEMA_VERSION
    assert [risk["dimension"] for risk in data["risks"]] == ["bindings", "debt_collection", "harassment", "recycling"]
    assert data["number"]["e164"] == "+8613800138000"
    assert data["carrier"]["name_zh"] == "中国移动"


def test_models_are_frozen_and_strict() -> None:
    """Reports cannot be altered, and unknown fields are rejected."""
    report = numcheck.check("13800138000", offline=True)
    with pytest.raises(pydantic.ValidationError):
        report.verdict = numcheck.Verdict.LOW_RISK  # type: ignore[misc]
    data = report.model_dump(mode="json")
    data["surprise"] = 1
    with pytest.raises(pydantic.ValidationError):
        numcheck.Report.model_validate(data)


def test_portability_caveat_for_portable_chinese_numbers_only() -> None:
    """The portability note appears for portable Chinese numbers, not MVNO or foreign ones."""
    assert any("2019-11-27" in note for note in numcheck.check("13800138000", offline=True).notes)
    assert not any("2019-11-27" in note for note in numcheck.check("17001234567", offline=True).notes)
    assert not any("2019-11-27" in note for note in numcheck.check("+16502530000", offline=True).notes)
