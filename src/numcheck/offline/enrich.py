"""Offline enrichment of one number or a stream of numbers: validity, carrier, location, segment.

`enrich_many` is the fast path for large lists. For clean 11-digit Chinese mobile
numbers it answers from precomputed tables (no phonenumbers call per number); anything
else goes through `enrich`, which is the same as phonenumbers' parse, carrier and
geocoder. Both give identical answers: ``tests/unit/test_enrich.py`` compares them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import NamedTuple

import phonenumbers

from numcheck._errors import InvalidNumber
from numcheck.numbers import DEFAULT_REGION, LineType, PhoneNumberInfo, parse, to_phonenumber
from numcheck.offline.prefixes import prefix_table
from numcheck.offline.regions import Region, region_table
from numcheck.offline.segments import Segment, segment_table


class NumberFacts(NamedTuple):
    """What numcheck knows of a number offline. ``error`` is set (and the rest empty) for bad input.

    ``region``: province, city, area code (区号) and block holder of a Chinese mobile number from
    the 7-digit prefix data (None outside China, or where that data lists no block).
    """

    input: str
    e164: str
    valid: bool
    region_code: str | None
    line_type: str
    carrier_en: str
    carrier_zh: str
    location_en: str
    location_zh: str
    segment: Segment | None
    error: str | None = None
    region: Region | None = None


def _phonenumbers_names(info: PhoneNumberInfo) -> tuple[str, str, str, str]:
    # Imported here: the geocoder loads every country's data (about 0.3 s and 110 MB).
    from phonenumbers import carrier, geocoder

    number = to_phonenumber(info)
    return (
        carrier.name_for_number(number, "en"),
        carrier.name_for_number(number, "zh"),
        geocoder.description_for_number(number, "en"),
        geocoder.description_for_number(number, "zh"),
    )


def _table_names(info: PhoneNumberInfo) -> tuple[str, str, str, str] | None:
    if info.country_code != 86 or info.line_type != LineType.MOBILE:
        return None
    table = prefix_table()
    facts = table.lookup(info.national_number)
    if facts is None:
        return None
    return (
        facts.carrier_en,
        facts.carrier_zh,
        facts.location_en or table.country[0],
        facts.location_zh or table.country[1],
    )


def segment_for(info: PhoneNumberInfo) -> Segment | None:
    """The Chinese number segment of ``info``, or None (other countries, fixed lines, unknown prefixes)."""
    if info.country_code != 86:
        return None
    row = segment_table().lookup(info.national_number)
    return row.segment if row is not None else None


def region_for(info: PhoneNumberInfo) -> Region | None:
    """Province, city, area code and block holder of an 11-digit Chinese mobile-range number, or None."""
    national = info.national_number
    if info.country_code != 86 or len(national) != 11 or national[0] != "1":
        return None
    return region_table().lookup(national)


def facts_for(info: PhoneNumberInfo, text: str, *, reference: bool = False) -> NumberFacts:
    """Enrich an already-parsed number; ``reference=True`` forces phonenumbers' own carrier and geocoder."""
    names = None if reference else _table_names(info)
    if names is None:
        names = _phonenumbers_names(info) if info.line_type != LineType.IOT else ("", "", "", "")
    return NumberFacts(
        text, info.e164, info.valid, info.region_code, info.line_type.value, *names, segment_for(info), None, region_for(info)
    )


def enrich(text: str, region: str = DEFAULT_REGION) -> NumberFacts:
    """Parse and enrich one number. Raises `numcheck.InvalidNumber` for bad input."""
    return facts_for(parse(text, region), text)


def _invalid(text: str, error: InvalidNumber) -> NumberFacts:
    return NumberFacts(text, "", False, None, LineType.UNKNOWN.value, "", "", "", "", None, str(error), None)


@cache
def _cn_mobile_pattern() -> re.Pattern[str]:
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None
    assert metadata.mobile is not None
    assert metadata.mobile.national_number_pattern
    return re.compile(metadata.mobile.national_number_pattern)


class _FastPath:
    """Answers for clean 11-digit Chinese mobile numbers, derived from the shipped tables on first use.

    Per five-digit prefix, the fields after ``input`` and ``e164`` of the 100 seven-digit blocks under
    it (equal ones shared: some 700,000 blocks have a few thousand distinct answers), or None when
    phonenumbers' pattern does not hold for the whole range (those take the full path).
    """

    def __init__(self) -> None:
        self.by_five: dict[str, list[tuple[object, ...]] | None] = {}  # read directly by enrich_many's loop
        self._shared: dict[tuple[object, ...], tuple[object, ...]] = {}

    def tails(self, five: str) -> list[tuple[object, ...]] | None:
        if five not in self.by_five:
            self.by_five[five] = self._compute(five)
        return self.by_five[five]

    def _compute(self, five: str) -> list[tuple[object, ...]] | None:
        mobile, table = _cn_mobile_pattern(), prefix_table()
        if not (mobile.fullmatch(five + "000000") and mobile.fullmatch(five + "999999")):
            return None
        block = table.block(five[:3])
        if block is None:
            return None
        row = segment_table().lookup(five + "000000")
        segment = row.segment if row is not None else None
        places = region_table().block(five[:3])
        country_en, country_zh = table.country
        tails = []
        for index in range(int(five[3:5]) * 100, int(five[3:5]) * 100 + 100):
            facts = block[index]
            tail = (True, "CN", "mobile", facts.carrier_en, facts.carrier_zh, facts.location_en or country_en,
                    facts.location_zh or country_zh, segment, None, places[index] if places is not None else None)  # fmt: skip
            tails.append(self._shared.setdefault(tail, tail))
        return tails


@cache
def _fast_path() -> _FastPath:
    return _FastPath()


def enrich_many(numbers: Iterable[str], region: str = DEFAULT_REGION) -> Iterator[NumberFacts]:
    """Enrich a stream of numbers lazily, in order, in constant memory.

    Bad lines are yielded with ``error`` set rather than raised, so one typo never stops a
    million-line batch. Clean 11-digit Chinese mobile numbers take a table-driven path of a
    few dictionary look-ups; every other form is parsed in full.
    """
    # Validity of an 11-digit Chinese mobile number depends only on its first five digits in
    # phonenumbers' pattern; a prefix whose two extremes disagree is sent down the full path.
    # Per five digits: for each of the 100 seven-digit blocks under it, every field after the number
    # itself (shared tuples); None sends the five digits down the full path.
    fast_path = _fast_path()
    by_five = fast_path.by_five
    make = tuple.__new__  # NumberFacts' own __new__ adds a Python call per number; the fields are already in order
    fast_region = region.upper() == "CN"
    for text in numbers:
        if fast_region and len(text) == 11 and text.isdigit() and text.isascii():
            try:
                tails = by_five[text[:5]]
            except KeyError:
                tails = fast_path.tails(text[:5])
            if tails is not None:
                # Tuple concatenation runs in C; unpacking into a new tuple costs a third more per number.
                yield make(NumberFacts, (text, "+86" + text) + tails[int(text[5:7])])
                continue
        try:
            yield enrich(text, region)
        except InvalidNumber as error:
            yield _invalid(text, error)
