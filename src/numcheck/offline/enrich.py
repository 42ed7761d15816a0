"""Offline enrichment of one number or a stream of numbers: validity, carrier, location, segment.

`enrich_many` is the fast path for large lists. For clean 11-digit Chinese mobile
numbers it answers from precomputed tables (no phonenumbers call per number); anything
else goes through `enrich`, which is the same as phonenumbers' parse, carrier and
geocoder. Both give identical answers: ``tests/unit/test_enrich.py`` compares them. On both,
a number whose 7-digit block the prefix data lists is located where that data says (it names
the city where phonenumbers often names only the country), so every output agrees on location.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Iterator
from functools import cache
from threading import Lock
from typing import NamedTuple

import phonenumbers

from numcheck._errors import InvalidNumber
from numcheck.numbers import DEFAULT_REGION, MAX_INPUT_CHARS, LineType, PhoneNumberInfo, parse, to_phonenumber
from numcheck.offline.prefixes import PrefixFacts, prefix_table
from numcheck.offline.regions import Region, place_names, region_table
from numcheck.offline.segments import Segment, segment_table


class NumberFacts(NamedTuple):
    """What numcheck knows of a number offline. ``error`` is set (and the rest empty) for bad input.

    ``region``: province, city, area code (区号) and block holder of a Chinese mobile number from
    the 7-digit prefix data (None outside China, where that data lists no block, or when it is not
    installed). ``location_en`` and ``location_zh`` are the one answer every path gives: the region's
    place where there is one (it names the city), else phonenumbers' location.
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
    carrier_en, carrier_zh, location_en, location_zh = phonenumbers_names(info, reference=reference)
    region = region_for(info)
    if region is not None:
        location_en, location_zh = place_names(region)
    return NumberFacts(
        text, info.e164, info.valid, info.region_code, info.line_type.value, carrier_en, carrier_zh, location_en, location_zh,
        segment_for(info), None, region,
    )  # fmt: skip


def phonenumbers_names(info: PhoneNumberInfo, *, reference: bool = False) -> tuple[str, str, str, str]:
    """Carrier and location as phonenumbers names them (en, zh), before the region's place replaces the location."""
    names = None if reference else _table_names(info)
    if names is None:
        # phonenumbers names nothing for a number of unknown type (its carrier and geocoder both return ""
        # then): those, like IoT numbers it does not know, never load the 110 MB geocoder.
        names = ("", "", "", "") if info.line_type in (LineType.IOT, LineType.UNKNOWN) else _phonenumbers_names(info)
    return names


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


# The fast path's code of a 7-digit block (1000000-1999999, indexed from 0): the number of its answer
# in `_FastPath.shared`, or one of these two.
NOT_COMPUTED, NOT_FAST = 0xFFFF, 0xFFFE
FIRST_BLOCK, BLOCK_COUNT = 1_000_000, 1_000_000


class _FastPath:
    """Answers for clean 11-digit Chinese mobile numbers, derived from the shipped tables on first use.

    ``codes`` holds, per 7-digit block, the number of its answer in ``shared`` (the fields after
    ``input`` and ``e164``; some 700,000 blocks have 17,000 distinct answers), NOT_FAST where
    phonenumbers' pattern does not hold for the block's five-digit range (the full path answers), and
    NOT_COMPUTED until that range is first met. Two bytes a block keep the table (2 MB) mostly in
    cache, which a dict of lists (4 look-ups a number, each a likely cache miss) did not.
    ``numcheck.offline.columns`` fills and reads the same table as a NumPy view.
    """

    def __init__(self) -> None:
        self.codes = array("H", [NOT_COMPUTED]) * BLOCK_COUNT  # read directly by the hot loop
        # Each distinct answer once, numbered in order of first use.
        self.shared: list[tuple[object, ...]] = []
        self._number_of: dict[tuple[int, int, int], int] = {}
        self._numbering = Lock()  # threads (Dask, the web server) may meet new blocks at once

    def code(self, national: str) -> int:
        """The code of the block of an 11-digit national number that starts with 1 (computed if need be)."""
        index = int(national[:7]) - FIRST_BLOCK
        code = self.codes[index]
        if code == NOT_COMPUTED:
            self._compute(national[:5])
            code = self.codes[index]
        return code

    def fast_five(self, five: str) -> tuple[bool, Segment | None]:
        """Whether phonenumbers' pattern holds for the whole range of ``five`` (and the table has its block), and its segment."""
        mobile = _cn_mobile_pattern()
        holds = bool(mobile.fullmatch(five + "000000") and mobile.fullmatch(five + "999999")) and prefix_table().block(five[:3]) is not None
        row = segment_table().lookup(five + "000000")
        return holds, row.segment if row is not None else None

    def number_for(self, facts: PrefixFacts, segment: Segment | None, place: Region | None) -> int:
        """The number of the shared answer for a block with these table entries (made on first use)."""
        # By identity: the tables share each distinct entry, and hashing the pydantic segment 420,000 times cost more than the rest.
        key = (id(facts), id(segment), id(place))
        number = self._number_of.get(key)
        if number is not None:
            return number
        with self._numbering:
            number = self._number_of.get(key)
            if number is None:
                number = len(self.shared)
                if number >= NOT_FAST:
                    raise OverflowError("more distinct fast-path answers than a block code can number")
                country_en, country_zh = prefix_table().country
                location = place_names(place) if place is not None else (facts.location_en or country_en, facts.location_zh or country_zh)
                self.shared.append((True, "CN", "mobile", facts.carrier_en, facts.carrier_zh, *location, segment, None, place))
                self._number_of[key] = number
        return number

    def _compute(self, five: str) -> None:
        holds, segment = self.fast_five(five)
        start = int(five) * 100 - FIRST_BLOCK
        if not holds:
            self.codes[start : start + 100] = array("H", [NOT_FAST]) * 100
            return
        block, places = prefix_table().block(five[:3]), region_table().block(five[:3])
        assert block is not None
        first = int(five[3:5]) * 100
        self.codes[start : start + 100] = array(
            "H",
            [self.number_for(block[index], segment, places[index] if places is not None else None) for index in range(first, first + 100)],
        )


# What people paste around the digits, folded the way `numcheck.parse` reads it (NFKC, then digits and
# '+' kept): full-width digits and plus become ASCII; spaces, dashes, dots and brackets, in either width,
# go. Anything else (letters, other scripts' digits, 'tel:') is left for the full parser to judge.
_WRITTEN_FOLD = str.maketrans(
    {**{chr(0xFF10 + digit): str(digit) for digit in range(10)}, "\uff0b": "+"}
    | dict.fromkeys(" -.()\t\u3000\u00a0\uff0d\uff0e\uff08\uff09", None)
)


# A folded written form: an optional +86 or 0086, then 11 ASCII digits starting with 1.
_FOLDED = re.compile(r"(\+86|0086)?(1[0-9]{10})")


def national_from_written(text: str, region: str = DEFAULT_REGION) -> str | None:
    """The 11 national digits of a Chinese mobile number written in a common form, or None.

    Common forms: bare digits (in ``region`` CN), ``+86`` or ``0086`` before them, with spaces,
    dashes, dots or brackets between, in ASCII or full width. None means "ask the full parser",
    never "invalid": only forms whose reading by `numcheck.parse` is certain are folded here.
    """
    if len(text) > MAX_INPUT_CHARS or (("-" in text or "\uff0d" in text) and text.lstrip()[:1] in ("-", "\uff0d")):
        return None  # the parser's own one-line reasons cover these (too long, a leading minus)
    # Spaces and dashes are most of what people type; two replaces in C cost a third of the full fold.
    folded = text.replace(" ", "").replace("-", "")
    if folded.isascii() and folded.isdigit():  # bare digits, or 0086 and digits: no expression needed
        national, bare = (folded[4:], False) if folded.startswith("0086") else (folded, True)
    elif folded.startswith("+86") and folded.isascii() and folded[3:].isdigit():
        national, bare = folded[3:], False
    else:  # full width, dots, brackets, tabs: the whole fold, then the expression
        found = _FOLDED.fullmatch(folded.translate(_WRITTEN_FOLD))
        if found is None:
            return None
        national, bare = found[2], found[1] is None
    if len(national) != 11 or national[0] != "1" or (bare and region != "CN" and region.upper() != "CN"):
        return None  # not a mobile number's 11 digits; or bare digits, a national number only in CN
    return national


@cache
def _fast_path() -> _FastPath:
    return _FastPath()


def known_mobile_national(text: str, region: str = DEFAULT_REGION) -> str | None:
    """The national digits of ``text`` when it is a common written form of a number the fast path answers."""
    national = national_from_written(text, region)
    if national is None or _fast_path().code(national) == NOT_FAST:
        return None
    return national


def enrich_many(numbers: Iterable[str], region: str = DEFAULT_REGION) -> Iterator[NumberFacts]:
    """Enrich a stream of numbers lazily, in order, in constant memory.

    Bad lines are yielded with ``error`` set rather than raised, so one typo never stops a
    million-line batch. Clean 11-digit Chinese mobile numbers are answered from the shipped
    tables with a few dictionary look-ups, written-out forms are folded to them first, and every
    other form is parsed in full. For a column at a time, see `numcheck.enrich_table`.
    """
    # Validity of an 11-digit Chinese mobile number depends only on its first five digits in
    # phonenumbers' pattern; a prefix whose two extremes disagree is sent down the full path.
    fast_path = _fast_path()
    codes, shared = fast_path.codes, fast_path.shared
    make = tuple.__new__  # NumberFacts' own __new__ adds a Python call per number; the fields are already in order
    fast_region = region.upper() == "CN"
    for text in numbers:
        national: str | None
        if fast_region and type(text) is str and len(text) == 11 and text[0] == "1" and text.isascii() and text.isdigit():
            national = text
        else:
            national = national_from_written(text, region) if isinstance(text, str) else None
            if national is None:
                yield _full(text, region)
                continue
        code = codes[int(national[:7]) - FIRST_BLOCK]  # national starts with 1: always inside the table
        if code >= NOT_FAST:
            code = fast_path.code(national)
            if code == NOT_FAST:
                yield _full(text, region)
                continue
        # Tuple concatenation runs in C; unpacking into a new tuple costs a third more per number.
        yield make(NumberFacts, (text, "+86" + national) + shared[code])


def _full(text: str, region: str) -> NumberFacts:
    try:
        return enrich(text, region)
    except InvalidNumber as error:
        return _invalid(text, error)
