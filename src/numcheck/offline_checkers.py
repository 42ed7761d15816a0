"""The built-in offline checkers: carrier and region, segment facts, recycling signals, vanity.

Each answers from shipped data in microseconds and never touches the network. Their findings
have status ``info`` (a fact, not a service's answer) or ``skipped`` (not applicable).
"""

from __future__ import annotations

import re
from datetime import date
from typing import ClassVar

from numcheck.checker import CheckContext, CheckerMeta, finding
from numcheck.messages import MESSAGES, Message, say
from numcheck.numbers import PhoneNumberInfo
from numcheck.offline.enrich import phonenumbers_names
from numcheck.offline.regions import place_name, place_names_of, region_table, same_place
from numcheck.offline.vanity import find_patterns
from numcheck.report import CheckerKind, FactValue, Finding, Provenance, Status
from numcheck.segments import SegmentKind, segment_table

PORTABILITY_START = date(2019, 11, 27)
PORTABILITY_NOTE = "note.portability"
# Its English text (the note has no parameters): read from the catalog, so that no model is built at import.
PORTABILITY_CAVEAT = MESSAGES[PORTABILITY_NOTE]

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


def _names(what: str, english_name: str, chinese_name: str) -> Message:
    """A carrier's or a place's names as phonenumbers gives them ("China Mobile / 中国移动"), or that it gives none."""
    names = " / ".join(dict.fromkeys(name for name in (english_name, chinese_name) if name))
    if not names:
        return say(f"{what}.unknown")
    return say(f"{what}.named", names=names, zh=chinese_name or names)


def _not_chinese(meta: CheckerMeta, ctx: CheckContext) -> Finding:
    return finding(meta, ctx, Status.SKIPPED, say("finding.chinese_only"))


class CarrierRegion:
    """Carrier of record, region and line type of any number."""

    meta = _meta("carrier-region", "Carrier and region", (_PHONENUMBERS, _REGIONS), "Carrier of record, region and line type.", ())

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        facts = ctx.facts
        carrier = _names("carrier", facts.carrier_en, facts.carrier_zh)
        place = _names("place", facts.location_en, facts.location_zh)
        place_note: Message | None = None
        region = facts.region
        if region is not None:
            # The 7-digit prefix data names province and city where phonenumbers often names only the country.
            names = place_name(region.province_en, region.province_zh, region.city_en, region.city_zh)
            zh = place_names_of(region.province_en, region.province_zh, region.city_en, region.city_zh)[1]
            place = say("place.block", names=names, zh=zh or names, area_code=region.area_code)
            _, _, said_en, said_zh = phonenumbers_names(number)
            if same_place(region.province_zh, region.city_zh, said_en, said_zh) is False:
                place_note = say("place.disagree", said=said_zh or said_en, said_en=said_en)
        elif number.country_code == 86 and not region_table().available:
            # Said, not guessed: the city-level data is the user's own install of `phone` (its licence keeps it out of numcheck).
            place_note = say("place.no_prefix_data", command="pip install phone")
        validity = None if number.valid else say("validity.invalid")
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
            say(
                "finding.carrier_region", carrier=carrier, place=place, place_note=place_note, line_type=number.line_type, validity=validity
            ),
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
            return finding(self.meta, ctx, Status.INFO, say("finding.no_segment"))
        segment = row.segment
        portable = say("segment.portable", date=str(PORTABILITY_START)) if segment.portable else say("segment.not_portable")
        note = say("segment.note", note=row.note) if row.note else None
        # A contradicting public source is shown, never settled silently: the buyer should know the table may be wrong here.
        disputed = say("segment.disputed", disputed=row.disputed) if row.disputed else None
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
            say(
                "finding.segment",
                prefix=segment.prefix,
                operator=segment.operator,
                kind=segment.kind,
                since=segment.since,
                note=note,
                portable=portable,
                disputed=disputed,
            ),
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
            return finding(self.meta, ctx, Status.INFO, say("finding.age_unknown"))
        years = ctx.now.year - segment.since
        if segment.since < 2010:
            tag, text = "segment_pre_2010", say("finding.age_pre_2010", prefix=segment.prefix, years=years)
        elif segment.since < 2017:
            tag, text = "segment_2010_2016", say("finding.age_2010_2016", prefix=segment.prefix, years=years)
        else:
            tag, text = "segment_since_2017", say("finding.age_since_2017", prefix=segment.prefix, since=segment.since)
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
            return finding(self.meta, ctx, Status.INFO, say("finding.not_mvno"))
        return finding(self.meta, ctx, Status.INFO, say("finding.mvno", prefix=segment.prefix), tags=("mvno",))


class LineKindSegment:
    """IoT, data-only, satellite and special-user segments, and whether the number takes ordinary SMS."""

    meta = _meta(
        "iot-segment",
        "IoT, data, satellite or special segment",
        (_SEGMENTS,),
        "Whether the number is an IoT, data-card, satellite or special-user number rather than an ordinary mobile line, "
        "and whether it takes ordinary SMS.",
    )

    _KINDS: ClassVar[frozenset[SegmentKind]] = frozenset({SegmentKind.IOT, SegmentKind.DATA, SegmentKind.SATELLITE, SegmentKind.SPECIAL})

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        segment = ctx.facts.segment
        if number.country_code != 86:
            return _not_chinese(self.meta, ctx)
        if segment is None:
            return finding(self.meta, ctx, Status.INFO, say("finding.line_kind_unknown"))
        # ``no_sms`` makes the purchase moot for the risk engine, so it follows the cited fact only: unknown is not "no".
        sms = say({True: "sms.yes", False: "sms.no", None: "sms.unknown"}[segment.sms])
        tags: tuple[str, ...] = () if segment.kind in (SegmentKind.MOBILE, SegmentKind.MVNO) else (f"{segment.kind.value}_line",)
        tags += ("no_sms",) if segment.sms is False else ()
        facts: dict[str, FactValue] = {"kind": segment.kind.value, "sms": segment.sms}
        if segment.kind in (SegmentKind.MOBILE, SegmentKind.MVNO) and segment.sms is True:
            return finding(self.meta, ctx, Status.INFO, say("finding.ordinary_mobile"), facts=facts)
        kind = say(f"line_kind.{segment.kind.value}" if segment.kind in self._KINDS else "finding.ordinary_mobile")
        return finding(self.meta, ctx, Status.INFO, say("finding.line_kind", kind=kind, sms=sms), tags=tags, facts=facts)


class Vanity:
    """Vanity (靓号) patterns and what they imply about the previous owner."""

    meta = _meta(
        "vanity",
        "Vanity pattern",
        ("numcheck pattern rules (docs/china-data.md#vanity-numbers)",),
        "AAAA, AABB, ABAB, ABCD runs, lucky 8s and 6s, 4-heavy numbers.",
        (),
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        patterns = find_patterns(number.national_number)
        if not patterns:
            return finding(self.meta, ctx, Status.INFO, say("finding.no_vanity"))
        names = [say("vanity.pattern", name=pattern.name, digits=pattern.digits) for pattern in patterns]
        unlucky = any(pattern.name == "4-heavy" for pattern in patterns)
        premium = any(pattern.name != "4-heavy" for pattern in patterns)
        tags = (("vanity",) if premium else ()) + (("four_heavy",) if unlucky else ())
        implication = say("vanity.premium" if premium else "vanity.unpopular")
        return finding(
            self.meta,
            ctx,
            Status.INFO,
            say("finding.vanity", patterns=names, implication=implication),
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
            return finding(self.meta, ctx, Status.INFO, say("finding.not_mobile_range"))
        segment = ctx.facts.segment
        if segment is None:
            return finding(self.meta, ctx, Status.INFO, say("finding.never_issued", block=f"{national[:3]} {national[3:7]}"),
                           tags=("never_issued",), facts={"segment_opened": False})  # fmt: skip
        if ctx.facts.region is None:
            installed = region_table().available
            missing = say("finding.block_unlisted", prefix=segment.prefix, block=national[:7]) if installed else say(
                "finding.no_prefix_data", prefix=segment.prefix)  # fmt: skip
            return finding(
                self.meta, ctx, Status.INFO, missing, facts={"segment_opened": True, "block_listed": False if installed else None}
            )
        return finding(self.meta, ctx, Status.INFO, say("finding.issued"), facts={"segment_opened": True, "block_listed": True})


# The built-in offline checkers whose facts the verdict rests on: run whatever --only or --exclude say.
VERDICT_FACT_CHECKERS = frozenset({"carrier-region", "cn-segment", "segment-age", "mvno-segment", "iot-segment", "vanity", "issued"})


def builtin_offline_checkers() -> list[CarrierRegion | CnSegment | SegmentAge | MvnoSegment | LineKindSegment | Vanity | Issued]:
    """Fresh instances of every built-in offline checker."""
    return [CarrierRegion(), CnSegment(), SegmentAge(), MvnoSegment(), LineKindSegment(), Vanity(), Issued()]
