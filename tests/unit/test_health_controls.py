"""Negative controls are nobody's numbers: every one lies in a segment the segment table says was never opened."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numcheck
from numcheck.health.controls import RESERVED_SEGMENTS, control_numbers, never_opened_segments
from numcheck.offline.regions import region_table
from numcheck.segments import SegmentKind, segment_table

_ROWS = segment_table().rows
# Every prefix the table allocates, at any number length, and the kinds it allocates them as.
_ALLOCATED = {row.segment.prefix for row in _ROWS}
_SPECIAL = {row.segment.prefix for row in _ROWS if row.segment.kind in (SegmentKind.SPECIAL, SegmentKind.SATELLITE, SegmentKind.IOT)}


def _assert_nobodys(number: str) -> None:
    assert len(number) == 11
    assert number.isdigit()
    first = number[:3]
    assert first in never_opened_segments()
    assert first not in RESERVED_SEGMENTS
    # No allocated prefix (ordinary, MVNO, special user, satellite, IoT; 11 or 13 digits) starts the number or shares its segment.
    assert not any(number.startswith(prefix) or prefix.startswith(first) for prefix in _ALLOCATED)
    assert not any(number.startswith(prefix) for prefix in _SPECIAL)
    assert segment_table().lookup(number) is None
    # It reaches services as the number it is: numcheck's parser reads it back as itself (179 00 ... too, which
    # libphonenumber alone would read as an IP-dialling prefix and a call abroad).
    assert numcheck.parse(number).e164 == f"+86{number}"
    # libphonenumber (an independent source) does not call it a valid number either.
    assert not phonenumbers.is_valid_number(phonenumbers.parse(f"+86{number}"))
    if region_table().available:
        assert region_table().lookup(number) is None


def test_never_opened_segments_are_the_tables_gaps() -> None:
    """The segments come from the table itself: 13x-19x minus every 3-digit segment a row touches, minus 140-144."""
    touched = {row.segment.prefix[:3] for row in _ROWS}
    expected = [str(first) for first in range(130, 200) if str(first) not in touched and str(first) not in RESERVED_SEGMENTS]
    assert list(never_opened_segments()) == expected
    assert expected  # the table leaves segments unopened today; if that ever ends, the self-check has no controls to draw
    # Partly opened segments (161: 1610 and 1619; 174: special users) are never drawn from, however much of them has no row.
    assert "161" not in expected
    assert "174" not in expected


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), count=st.integers(min_value=1, max_value=40))
def test_every_control_is_in_a_never_opened_segment(seed: int, count: int) -> None:
    numbers = control_numbers(count, random.Random(seed))
    assert len(numbers) == count
    assert len(set(numbers)) == count
    for number in numbers:
        _assert_nobodys(number)


def test_controls_are_fresh_by_default() -> None:
    """Without a seed two draws differ, so no service can learn one fixed list of numbers numcheck asks about."""
    assert control_numbers(5) != control_numbers(5)


def test_numcheck_itself_calls_every_control_never_issued() -> None:
    """The issued checker, read on the same numbers, tags each one never_issued (the verdict: do not buy)."""
    for number in control_numbers(20, random.Random(7)):
        issued = next(item for item in numcheck.check(number, offline=True).findings if item.checker_id == "issued")
        assert issued.tags == ("never_issued",), number


def test_negative_count_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        control_numbers(-1)
