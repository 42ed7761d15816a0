"""The China segment table: one test per operator and kind, portability, IoT, and the whole table."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import carrier

import numcheck
from numcheck.segments import Operator, SegmentKind, segment_table


def _segment(number: str) -> numcheck.Segment:
    segment = numcheck.enrich(number).segment
    assert segment is not None
    return segment


@pytest.mark.parametrize(
    ("number", "operator", "kind"),
    [
        ("13800138000", Operator.CHINA_MOBILE, SegmentKind.MOBILE),
        ("13012345678", Operator.CHINA_UNICOM, SegmentKind.MOBILE),
        ("18912345678", Operator.CHINA_TELECOM, SegmentKind.MOBILE),
        ("19212345678", Operator.CHINA_BROADNET, SegmentKind.MOBILE),
        ("13491234567", Operator.CHINA_TELECOM, SegmentKind.SATELLITE),
        ("17001234567", Operator.CHINA_TELECOM, SegmentKind.MVNO),
        ("17051234567", Operator.CHINA_MOBILE, SegmentKind.MVNO),
        ("17101234567", Operator.CHINA_UNICOM, SegmentKind.MVNO),
        ("16212345678", Operator.CHINA_TELECOM, SegmentKind.MVNO),
        ("14712345678", Operator.CHINA_MOBILE, SegmentKind.DATA),
        ("14612345678", Operator.CHINA_UNICOM, SegmentKind.IOT),
        ("1440012345678", Operator.CHINA_MOBILE, SegmentKind.IOT),
        ("17400123456", Operator.CHINA_TELECOM, SegmentKind.SATELLITE),
        ("16190123456", Operator.CHINA_SATNET, SegmentKind.SATELLITE),
        ("17406123456", Operator.MIIT_EMERGENCY_COMMS, SegmentKind.SPECIAL),
        ("17491234567", Operator.BEIJING_MARINE_COMMS, SegmentKind.SPECIAL),
    ],
)
def test_operator_and_kind(number: str, operator: Operator, kind: SegmentKind) -> None:
    """Each operator and each kind is recognised from its segment."""
    segment = _segment(number)
    assert segment.operator is operator
    assert segment.kind is kind


@pytest.mark.parametrize(
    ("number", "portable"), [("13800138000", True), ("17001234567", False), ("1440012345678", False), ("13491234567", False)]
)
def test_portability(number: str, portable: bool) -> None:
    """Ordinary mobile segments are portable; MVNO, IoT and satellite ones are not."""
    assert _segment(number).portable is portable


@pytest.mark.parametrize(
    ("number", "low", "high"),
    [
        ("13800138000", 1990, 1997),
        ("15012345678", 2004, 2006),
        ("18812345678", 2004, 2010),
        ("16612345678", 2017, 2017),
        ("19912345678", 2017, 2017),
        ("19012345678", 2019, 2019),
    ],
)
def test_era_of_issue(number: str, low: int, high: int) -> None:
    """``since`` follows the documented eras: 138 before 1998, 15x/18x about 2005, 166/199 in 2017, 190 in 2019."""
    assert low <= _segment(number).since <= high


def test_satellite_1740x_only() -> None:
    """Only 17400-17405 are China Telecom satellite; 17406-17412 belong to a special user; 17413 to nobody."""
    assert _segment("17405123456").kind is SegmentKind.SATELLITE
    assert _segment("17406123456").kind is SegmentKind.SPECIAL
    assert numcheck.enrich("17413123456").segment is None


def test_thirteen_digit_iot_requires_thirteen_digits() -> None:
    """An 11-digit 144 number is not a 13-digit IoT segment."""
    assert segment_table().lookup("14400123456") is None


def test_json_segment_has_exactly_six_keys() -> None:
    """The report's ``segment`` object has exactly prefix, operator, kind, portable, since and sms."""
    report = numcheck.check("13800138000", offline=True)
    dumped = report.model_dump(mode="json")
    assert dumped["segment"] == {
        "prefix": "138",
        "operator": "china_mobile",
        "kind": "mobile",
        "portable": True,
        "since": 1997,
        "sms": True,
    }


_PHONENUMBERS_NAMES = {
    "China Mobile": Operator.CHINA_MOBILE,
    "China Unicom": Operator.CHINA_UNICOM,
    "China Telecom": Operator.CHINA_TELECOM,
    "China Broadnet": Operator.CHINA_BROADNET,
}


@pytest.mark.parametrize("row", segment_table().rows, ids=lambda row: row.segment.prefix)
def test_every_row_agrees_with_phonenumbers_carrier(row: object) -> None:
    """Where phonenumbers names a carrier for a segment, the table names the same operator."""
    from numcheck.segments import SegmentRow

    assert isinstance(row, SegmentRow)
    example = row.segment.prefix + "0" * (row.digits - len(row.segment.prefix))
    assert segment_table().lookup(example) == row
    if row.digits != 11:
        return
    name = carrier.name_for_number(phonenumbers.parse("+86" + example), "en")
    if name:
        assert _PHONENUMBERS_NAMES[name] is row.segment.operator


def test_every_shipped_row_is_what_validation_gives() -> None:
    """The rows are built unvalidated (start-up): each one, with its segment and sources, validates to itself."""
    from numcheck.segments import Segment, SegmentRow, Source, segment_table

    rows = segment_table().rows
    assert len(rows) > 80
    for row in rows:
        assert SegmentRow.model_validate(row.model_dump()) == row
        assert Segment.model_validate(row.segment.model_dump()) == row.segment
        assert all(Source.model_validate(source.model_dump()) == source for source in row.sources)
