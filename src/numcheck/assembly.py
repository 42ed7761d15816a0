"""Join a number's findings into its `Report`: risk, coverage, verdict, advice, notes and the data versions used."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from functools import cache

from numcheck._version import __version__
from numcheck.messages import Message, english, joined, say
from numcheck.net import NEVER_SENT
from numcheck.numbers import PhoneNumberInfo
from numcheck.offline.enrich import NumberFacts
from numcheck.offline.regions import region_table
from numcheck.offline_checkers import PORTABILITY_NOTE
from numcheck.phonelib import installed_facts
from numcheck.report import CarrierInfo, CheckerKind, Finding, RegionInfo, Report, Status
from numcheck.risk import advise, decide, judge, summary_messages, uncounted_answers


def numcheck_version() -> str:
    """The version of this numcheck (written once, in `numcheck._version`, which the build reads too)."""
    # Not read from the installed package's metadata: importlib.metadata costs a one-number check about a fifth of
    # its start-up, and a source tree has no metadata to read.
    return __version__


def build_report(
    text: str, number: PhoneNumberInfo, facts: NumberFacts, findings: Iterable[Finding], *, offline: bool, elapsed_ms: float
) -> Report:
    """Join findings into a `Report` with risk, coverage, verdict and advice."""
    findings = tuple(findings)
    judgement = judge(findings)
    outcome = decide(judgement)
    chinese = number.country_code == 86
    operator = facts.segment.operator.value if facts.segment is not None else None
    region = region_info(facts)
    notes = number_note_messages(facts, region, chinese=chinese, valid=number.valid)
    asked = [item for item in findings if item.kind is not CheckerKind.OFFLINE and item.status is not Status.SKIPPED]
    if asked and all(item.status is Status.ERROR and item.detail.endswith(tuple(NEVER_SENT)) for item in asked):
        notes.append(say("note.unreachable"))
    notes += uncounted_answers(findings)
    summary = summary_messages(judgement, outcome, offline)
    # Unvalidated, as its parts (numcheck.risk, this module): each is typed, the findings are checked to be Findings
    # (numcheck.fanout), and tests/unit/test_constructed.py validates such reports and finds them equal.
    return Report.model_construct(
        numcheck_version=numcheck_version(),
        input=text,
        number=number,
        carrier=CarrierInfo.model_construct(
            name_en=facts.carrier_en, name_zh=facts.carrier_zh, location_en=facts.location_en, location_zh=facts.location_zh
        ),
        region=region,
        segment=facts.segment,
        offline=offline,
        findings=findings,
        risks=judgement.risks,
        coverage=judgement.coverage,
        verdict=outcome,
        summary=joined(summary),
        summary_messages=summary,
        advice=advise(judgement, findings, operator, chinese, offline=offline),
        notes=tuple(english(note) for note in notes),
        note_messages=tuple(notes),
        generated_at=datetime.now(UTC),
        elapsed_ms=elapsed_ms,
        data_versions=_data_versions(number),
    )


def number_notes(facts: NumberFacts, region: RegionInfo | None, *, chinese: bool, valid: bool) -> list[str]:
    """The report's notes about the number itself, in English (see `number_note_messages`)."""
    return [english(note) for note in number_note_messages(facts, region, chinese=chinese, valid=valid)]


def number_note_messages(facts: NumberFacts, region: RegionInfo | None, *, chinese: bool, valid: bool) -> list[Message]:
    """The report's notes about the number itself: portability, validity, and where the sources disagree."""
    notes = []
    if chinese and (facts.segment is None or facts.segment.portable):
        notes.append(say(PORTABILITY_NOTE))
    if not valid:
        notes.append(say("note.invalid"))
    return notes + _disagreements(facts, region)


def region_info(facts: NumberFacts) -> RegionInfo | None:
    """The report's region block for ``facts`` (None where the prefix data lists no block)."""
    region = facts.region
    if region is None:
        return None
    return RegionInfo.model_construct(**region._asdict(), source=region_table().version)


def _disagreements(facts: NumberFacts, region: RegionInfo | None) -> list[Message]:
    """Where the segment table and the prefix data disagree on the operator, say which source said what.

    Where the prefix data and phonenumbers place a block differently, the ``carrier-region`` finding says so (only
    when both name a place and the places differ): the report's location fields give the prefix data's place.
    """
    segment = facts.segment
    if region is None or segment is None or segment.operator.value == region.holder or region.holder_kind == "mvno":
        return []
    return [say("note.operator_disagrees", operator=segment.operator, source=region.source, holder=region.holder)]


def _data_versions(number: PhoneNumberInfo) -> dict[str, str]:
    return dict(_versions_for(number.country_code))


@cache
def _versions_for(country_code: int) -> tuple[tuple[str, str], ...]:
    versions = {"phonenumbers": installed_facts().version}  # read without importing phonenumbers (numcheck.phonelib)
    if country_code == 86:
        versions["cn_region_blocks"] = region_table().version
        versions["cn_segments"] = "data/cn_segments.csv (MIIT notices, see its header)"
    return tuple(versions.items())
