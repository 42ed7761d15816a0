"""Offline enrichment of one number: validity, carrier, location, segment, region.

`enrich` is the per-number path: phonenumbers' parse, and its carrier and geocoder names (from the shipped
prefix table where it covers the number). The bulk paths (`numcheck.bulk`: `enrich_many`, `enrich_table`, the
batch writer) answer many numbers from a block table built from the same data, and equal this path's answers
(``tests/unit/test_enrich.py``). A number whose 7-digit block the prefix data lists is located where that data
says (it names the city where phonenumbers often names only the country), so every output agrees on location.
"""

from typing import NamedTuple

from numcheck.numbers import DEFAULT_REGION, LineType, PhoneNumberInfo, parse, to_phonenumber
from numcheck.offline.prefixes import prefix_table
from numcheck.offline.regions import Region, place_names, region_table
from numcheck.segments import Segment, segment_table


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
