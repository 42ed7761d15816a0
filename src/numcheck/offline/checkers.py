"""The built-in offline checkers: carrier and region, segment facts, recycling signals, vanity.

Each answers from shipped data in microseconds and never touches the network. Their findings
have status ``info`` (a fact, not a service's answer) or ``skipped`` (not applicable).
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from numcheck.checker import CheckContext, CheckerMeta, finding
from numcheck.numbers import PhoneNumberInfo
from numcheck.offline.enrich import phonenumbers_names
from numcheck.offline.regions import place_name, region_table, same_place
from numcheck.offline.segments import SegmentKind, segment_table
from numcheck.offline.vanity import find_patterns
from numcheck.report import CheckerKind, FactValue, Finding, Provenance, Status

PORTABILITY_START = date(2019, 11, 27)
PORTABILITY_CAVEAT = (
    "Since 2019-11-27 a Chinese mobile number can move to another carrier (携号转网): the segment and "
    "carrier shown are those of original allocation, not necessarily today's carrier."
)

_PHONENUMBERS = "phonenumbers (libphonenumber) carrier and geocoding data"
_REGIONS = "the `phone` package's 7-digit prefix data (phone.dat), read from the user's own install; not bundled"
_SEGMENTS = "numcheck data/cn_segments.csv (MIIT number allocations; see the file header)"
_OFFLINE = "offline"


def _meta(checker_id: str, name: str, sources: tuple[str, ...], description: str, countries: tuple[str, ...] = ("CN",)) -> CheckerMeta:
    # Built unvalidated: these literals are set at import, where validating them built two schemas in every process
    # (and loaded pydantic's plugin machinery); tests/unit/test_offline_meta.py validates each one instead.
    return CheckerMeta.model_construct(
        id=checker_id,
        name=name,
        kind=CheckerKind.OFFLINE,
        category=_OFFLINE,
        countries=countries,
        provenance=Provenance.model_construct(level="documented", sources=sources),
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
            _, _, said_en, said_zh = phonenumbers_names(number)
            if same_place(region.province_zh, region.city_zh, said_en, said_zh) is False:
                place += f"; sources disagree: phonenumbers places the block in {said_zh or said_en} ({said_en})"
        elif number.country_code == 86 and not region_table().available:
            # Said, not guessed: the city-level data is the user's own install of `phone` (its licence keeps it out of numcheck).
            place += "; city-level region unknown: the 7-digit prefix data is not installed (pip install phone)"
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
            # An invalid number is a warning in the verdict (docs/verdict.md): never a clean one.
            tags=() if number.valid else ("invalid_number",),
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
    """The Chinese number segment (号段): original operator, kind, portability, era, SMS, and where sources disagree."""

    meta = _meta("cn-segment", "China number segment", (_SEGMENTS,), "Operator, kind, portability, era and SMS of the number's segment.")

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
            else "not portable (MVNO, IoT, data, satellite and special-user numbers cannot change carrier)"
        )
        note = f" ({row.note})" if row.note else ""
        # A contradicting public source is shown, never settled silently: the buyer should know the table may be wrong here.
        disputed = f"; sources disagree: {row.disputed}" if row.disputed else ""
        facts: dict[str, FactValue] = {
            "prefix": segment.prefix,
            "operator": segment.operator.value,
            "kind": segment.kind.value,
            "portable": segment.portable,
            "since": segment.since,
            "sms": segment.sms,
            "sources": "; ".join(source.label for source in row.sources),
        }
        if row.disputed:
            facts["operator_disputed"] = row.disputed
        return finding(
            self.meta,
            ctx,
            Status.INFO,
            f"segment {segment.prefix}: {segment.operator.value}, {segment.kind.value}, opened about {segment.since}{note}; "
            f"{portable}{disputed}",
            facts=facts,
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
    """IoT, data-only, satellite and special-user segments, and whether the number takes ordinary SMS."""

    meta = _meta(
        "iot-segment",
        "IoT, data, satellite or special segment",
        (_SEGMENTS,),
        "Whether the number is an IoT, data-card, satellite or special-user number rather than an ordinary mobile line, "
        "and whether it takes ordinary SMS.",
    )

    _KINDS: ClassVar[dict[SegmentKind, str]] = {
        SegmentKind.IOT: "an IoT (物联网) number: not meant as a personal number",
        SegmentKind.DATA: "a data-card (上网卡) number: voice may not be offered",
        SegmentKind.SATELLITE: "a satellite-phone number: special service, rarely bound to apps",
        SegmentKind.SPECIAL: "a number allocated to a special user, not to a public operator: ask the seller how they hold it",
    }

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        segment = ctx.facts.segment
        if number.country_code != 86:
            return _not_chinese(self.meta, ctx)
        if segment is None:
            return finding(self.meta, ctx, Status.INFO, "no known segment: its line kind is unknown")
        # ``no_sms`` makes the purchase moot for the risk engine, so it follows the cited fact only: unknown is not "no".
        sms = {
            True: "it takes ordinary SMS, so apps may have been bound to it",
            False: "it takes no ordinary SMS (data only): no app can be bound to it",
            None: "whether it takes ordinary SMS is unknown (no cited source says)",
        }[segment.sms]
        tags: tuple[str, ...] = () if segment.kind in (SegmentKind.MOBILE, SegmentKind.MVNO) else (f"{segment.kind.value}_line",)
        tags += ("no_sms",) if segment.sms is False else ()
        facts: dict[str, FactValue] = {"kind": segment.kind.value, "sms": segment.sms}
        if segment.kind in (SegmentKind.MOBILE, SegmentKind.MVNO) and segment.sms is True:
            return finding(self.meta, ctx, Status.INFO, "an ordinary mobile segment", facts=facts)
        kind = self._KINDS.get(segment.kind, "an ordinary mobile segment")
        return finding(self.meta, ctx, Status.INFO, f"{kind}; {sms}", tags=tags, facts=facts)


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

    A number in a range no segment-table row covers (the rows follow MIIT's allocation table and the
    other cited public sources) cannot be a legitimately sold number. A 7-digit block the crowd-sourced
    prefix data does not list is no such evidence: libphonenumber calls tens of thousands of them
    valid, so it only leaves the number's location unknown.
    """

    meta = _meta("issued", "Issued range", (_SEGMENTS, _REGIONS), "Whether the number lies in a range ever allocated for subscribers.")

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        national = number.national_number
        if number.country_code != 86:
            return _not_chinese(self.meta, ctx)
        if not re.fullmatch(r"1[3-9]\d{9}|14\d{11}", national):
            return finding(self.meta, ctx, Status.INFO, "not a mobile-range number (11 digits, or 13-digit IoT): no issued-range check")
        segment = ctx.facts.segment
        if segment is None:
            return finding(
                self.meta, ctx, Status.INFO,
                f"{national[:3]} {national[3:7]} lies in no allocated segment (no row of the segment table, which follows MIIT's "
                "allocation table): this number cannot have been issued, so it cannot be a legitimately sold second-hand number",
                tags=("never_issued",), facts={"segment_opened": False},
            )  # fmt: skip
        if ctx.facts.region is None:
            installed = region_table().available
            missing = f"the prefix data lists no block {national[:7]}" if installed else "the 7-digit prefix data is not installed"
            return finding(
                self.meta, ctx, Status.INFO,
                f"segment {segment.prefix} is allocated; {missing}, so the number's location (归属地) is unknown",
                facts={"segment_opened": True, "block_listed": False if installed else None},
            )  # fmt: skip
        return finding(self.meta, ctx, Status.INFO, "an issued range: its segment is open and its block is listed",
                       facts={"segment_opened": True, "block_listed": True})  # fmt: skip


# The built-in offline checkers whose facts the verdict rests on: run whatever --only or --exclude say.
VERDICT_FACT_CHECKERS = frozenset({"carrier-region", "cn-segment", "segment-age", "mvno-segment", "iot-segment", "vanity", "issued"})


def builtin_offline_checkers() -> list[CarrierRegion | CnSegment | SegmentAge | MvnoSegment | LineKindSegment | Vanity | Issued]:
    """Fresh instances of every built-in offline checker."""
    return [CarrierRegion(), CnSegment(), SegmentAge(), MvnoSegment(), LineKindSegment(), Vanity(), Issued()]
