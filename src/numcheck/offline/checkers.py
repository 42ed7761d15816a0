"""The built-in offline checkers: carrier and region, segment facts, recycling signals, vanity.

Each answers from shipped data in microseconds and never touches the network. Their findings
have status ``info`` (a fact, not a service's answer) or ``skipped`` (not applicable).
"""

from __future__ import annotations

import re
from datetime import date

from numcheck.checker import CheckContext, CheckerMeta, finding
from numcheck.numbers import PhoneNumberInfo
from numcheck.offline.regions import place_name
from numcheck.offline.segments import SegmentKind, segment_table
from numcheck.offline.vanity import find_patterns
from numcheck.report import CheckerKind, FactValue, Finding, Provenance, Status

PORTABILITY_START = date(2019, 11, 27)
PORTABILITY_CAVEAT = (
    "Since 2019-11-27 a Chinese mobile number can move to another carrier (携号转网): the segment and "
    "carrier shown are those of original allocation, not necessarily today's carrier."
)

_PHONENUMBERS = "phonenumbers (libphonenumber) carrier and geocoding data"
_REGIONS = "numcheck data/cn_region_blocks.tsv (from the `phone` package's 7-digit prefix data, version 2312)"
_SEGMENTS = "numcheck data/cn_segments.csv (MIIT number allocations; see the file header)"
_OFFLINE = "offline"


def _meta(checker_id: str, name: str, sources: tuple[str, ...], description: str, countries: tuple[str, ...] = ("CN",)) -> CheckerMeta:
    return CheckerMeta(
        id=checker_id,
        name=name,
        kind=CheckerKind.OFFLINE,
        category=_OFFLINE,
        countries=countries,
        provenance=Provenance(level="documented", sources=sources),
        description=description,
    )


def _not_chinese(meta: CheckerMeta, ctx: CheckContext) -> Finding:
    return finding(meta, ctx, Status.SKIPPED, "applies to Chinese numbers only")


class CarrierRegion:
    """Carrier of record, region and line type of any number."""

    meta = _meta("carrier-region", "Carrier and region", (_PHONENUMBERS, _REGIONS), "Carrier of record, region and line type.", ())

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        facts = ctx.facts
        carrier = " / ".join(dict.fromkeys(name for name in (facts.carrier_en, facts.carrier_zh) if name)) or "unknown carrier"
        place = " / ".join(dict.fromkeys(name for name in (facts.location_en, facts.location_zh) if name)) or "unknown region"
        region = facts.region
        if region is not None:
            # The 7-digit prefix data names province and city where phonenumbers often names only the country.
            place = f"{place_name(region.province_en, region.province_zh, region.city_en, region.city_zh)} (区号 {region.area_code})"
        validity = "" if number.valid else "; phonenumbers does not consider this number valid (unallocated range?)"
        extra: dict[str, FactValue] = {}
        if region is not None:
            extra = {
                "province_en": region.province_en, "province_zh": region.province_zh, "city_en": region.city_en,
                "city_zh": region.city_zh, "area_code": region.area_code, "block_holder": region.holder,
            }  # fmt: skip
        return finding(
            self.meta,
            ctx,
            Status.INFO,
            f"{carrier}; {place}; {number.line_type.value} line{validity}",
            facts={
                "carrier_en": facts.carrier_en,
                "carrier_zh": facts.carrier_zh,
                "location_en": facts.location_en,
                "location_zh": facts.location_zh,
                "line_type": number.line_type.value,
                "valid": number.valid,
                **extra,
            },
        )


class CnSegment:
    """The Chinese number segment (号段): original operator, kind, portability, era."""

    meta = _meta("cn-segment", "China number segment", (_SEGMENTS,), "Operator, kind, portability and era of the number's segment.")

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        if number.country_code != 86:
            return _not_chinese(self.meta, ctx)
        row = segment_table().lookup(number.national_number)
        if row is None:
            return finding(self.meta, ctx, Status.INFO, "no known Chinese mobile segment matches this number")
        segment = row.segment
        portable = (
            f"portable since {PORTABILITY_START}: the operator named is the original one only"
            if segment.portable
            else "not portable (MVNO, IoT, data and satellite numbers cannot change carrier)"
        )
        note = f" ({row.note})" if row.note else ""
        return finding(
            self.meta,
            ctx,
            Status.INFO,
            f"segment {segment.prefix}: {segment.operator.value}, {segment.kind.value}, opened about {segment.since}{note}; {portable}",
            facts={
                "prefix": segment.prefix,
                "operator": segment.operator.value,
                "kind": segment.kind.value,
                "portable": segment.portable,
                "since": segment.since,
            },
        )


class SegmentAge:
    """How long the segment has been in use: old segments have almost surely been recycled before."""

    meta = _meta(
        "segment-age",
        "Segment age",
        (_SEGMENTS, "China reissues numbers after a 90-day freeze (carrier practice reported in the press)"),
        "Recycling signal from the year the number's segment opened.",
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        segment = ctx.facts.segment
        if number.country_code != 86:
            return _not_chinese(self.meta, ctx)
        if segment is None:
            return finding(self.meta, ctx, Status.INFO, "segment unknown: no age signal")
        years = ctx.now.year - segment.since
        if segment.since < 2010:
            tag, text = (
                "segment_pre_2010",
                f"segment {segment.prefix} has been issued for about {years} years: numbers in it have almost surely had previous owners",
            )
        elif segment.since < 2017:
            tag, text = "segment_2010_2016", f"segment {segment.prefix} has been issued for about {years} years: a previous owner is likely"
        else:
            tag, text = (
                "segment_since_2017",
                f"segment {segment.prefix} opened about {segment.since}: fewer cycles of reuse so far, but 90-day recycling applies here too",
            )
        return finding(self.meta, ctx, Status.INFO, text, tags=(tag,), facts={"since": segment.since, "years": years})


class MvnoSegment:
    """Virtual-operator (MVNO, 虚拟运营商) segments: long associated with spam and fraud calls."""

    meta = _meta(
        "mvno-segment",
        "Virtual operator segment",
        (_SEGMENTS, "MIIT campaigns against fraud on virtual-operator (170/171) numbers, 2016-2019"),
        "Recycling signal: MVNO numbers carry a higher spam and fraud association.",
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        segment = ctx.facts.segment
        if number.country_code != 86:
            return _not_chinese(self.meta, ctx)
        if segment is None or segment.kind is not SegmentKind.MVNO:
            return finding(self.meta, ctx, Status.INFO, "not a virtual-operator segment")
        return finding(
            self.meta,
            ctx,
            Status.INFO,
            f"segment {segment.prefix} belongs to virtual operators (MVNO): such numbers were widely used for marketing "
            "and fraud calls and are often tagged by caller-ID apps; they cannot be ported",
            tags=("mvno",),
        )


class LineKindSegment:
    """IoT, data-only and satellite segments: not ordinary personal numbers."""

    meta = _meta(
        "iot-segment",
        "IoT, data or satellite segment",
        (_SEGMENTS,),
        "Whether the number is an IoT, data-card or satellite number rather than an ordinary mobile line.",
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        segment = ctx.facts.segment
        if number.country_code != 86:
            return _not_chinese(self.meta, ctx)
        if segment is None or segment.kind in (SegmentKind.MOBILE, SegmentKind.MVNO):
            return finding(self.meta, ctx, Status.INFO, "an ordinary mobile segment")
        texts = {
            SegmentKind.IOT: "an IoT (物联网) number: it cannot receive ordinary SMS, so app bindings are unlikely, "
            "but it is not suitable as a personal number",
            SegmentKind.DATA: "a data-card (上网卡) number: data only, no ordinary SMS bindings expected",
            SegmentKind.SATELLITE: "a satellite-phone number: special service, rarely bound to apps",
        }
        return finding(self.meta, ctx, Status.INFO, texts[segment.kind], tags=(f"{segment.kind.value}_line",))


class Vanity:
    """Vanity (靓号) patterns and what they imply about the previous owner."""

    meta = _meta(
        "vanity",
        "Vanity pattern",
        ("numcheck pattern rules; resale prices reported in the press (see docs/why.md)",),
        "AAAA, AABB, ABAB, ABCD runs, lucky 8s and 6s, 4-heavy numbers.",
        (),
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        patterns = find_patterns(number.national_number)
        if not patterns:
            return finding(self.meta, ctx, Status.INFO, "no vanity pattern")
        names = ", ".join(f"{pattern.name} ({pattern.digits})" for pattern in patterns)
        unlucky = any(pattern.name == "4-heavy" for pattern in patterns)
        premium = any(pattern.name != "4-heavy" for pattern in patterns)
        tags = (("vanity",) if premium else ()) + (("four_heavy",) if unlucky else ())
        implication = (
            "vanity numbers are resold at high prices and were likely used widely (business cards, many apps) by the previous owner"
            if premium
            else "unpopular numbers change hands often"
        )
        return finding(
            self.meta,
            ctx,
            Status.INFO,
            f"{names}: {implication}",
            tags=tags,
            facts={"patterns": "; ".join(f"{pattern.name}: {pattern.note}" for pattern in patterns)},
        )


class Issued:
    """Whether a Chinese mobile-range number can have been issued at all.

    A number in a segment that was never opened to subscribers (no row in the segment table, which
    follows MIIT's allocation notices) cannot be a legitimately sold number. Less surely, a number
    whose 7-digit block the crowd-sourced prefix data does not list may be unallocated.
    """

    meta = _meta("issued", "Issued range", (_SEGMENTS, _REGIONS), "Whether the number lies in a range ever issued to subscribers.")

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        national = number.national_number
        if number.country_code != 86:
            return _not_chinese(self.meta, ctx)
        if not re.fullmatch(r"1[3-9]\d{9}", national):
            return finding(self.meta, ctx, Status.INFO, "not an 11-digit mobile-range number: no issued-range check")
        if ctx.facts.segment is None:
            return finding(
                self.meta, ctx, Status.INFO,
                f"segment {national[:3]} was never opened to subscribers (no MIIT allocation in the segment table): "
                "this number cannot have been issued, so it cannot be a legitimately sold second-hand number",
                tags=("never_issued",), facts={"segment_opened": False},
            )  # fmt: skip
        if ctx.facts.region is None and ctx.facts.segment.kind in (SegmentKind.MOBILE, SegmentKind.MVNO):
            return finding(
                self.meta, ctx, Status.INFO,
                f"the prefix data lists no block {national[:7]}: it may be unallocated, or the crowd-sourced data may "
                "have a gap here; ask the seller for the carrier's proof of ownership",
                tags=("possibly_unallocated",), facts={"segment_opened": True, "block_listed": False},
            )  # fmt: skip
        return finding(self.meta, ctx, Status.INFO, "an issued range: its segment is open and its block is listed",
                       facts={"segment_opened": True, "block_listed": ctx.facts.region is not None})  # fmt: skip


def builtin_offline_checkers() -> list[CarrierRegion | CnSegment | SegmentAge | MvnoSegment | LineKindSegment | Vanity | Issued]:
    """Fresh instances of every built-in offline checker."""
    return [CarrierRegion(), CnSegment(), SegmentAge(), MvnoSegment(), LineKindSegment(), Vanity(), Issued()]
