"""The readable terminal report (ANSI colour only when asked, i.e. on a terminal)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from numcheck.config import DISABLED_CHECKERS_FILE
from numcheck.offline.regions import place_name
from numcheck.registry import Registry
from numcheck.report import Level, Report, Status, Verdict

_COLOURS = {"red": "31", "yellow": "33", "green": "32", "grey": "90", "bold": "1", "cyan": "36"}
LEVEL_COLOUR = {Level.HIGH: "red", Level.MEDIUM: "yellow", Level.LOW: "green", Level.UNKNOWN: "grey"}
VERDICT_COLOUR = {
    Verdict.DO_NOT_BUY: "red",
    Verdict.HIGH_RISK: "red",
    Verdict.CAUTION: "yellow",
    Verdict.NOT_ENOUGH_DATA: "grey",
    Verdict.LOW_RISK: "green",
}
STATUS_COLOUR = {
    Status.REGISTERED: "red",
    Status.NOT_REGISTERED: "green",
    Status.UNKNOWN: "yellow",
    Status.BLOCKED: "yellow",
    Status.ERROR: "yellow",
    Status.SKIPPED: "grey",
    Status.INFO: "cyan",
}
WIDTH = 100


class Paint:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, text: str, colour: str) -> str:
        return f"\x1b[{_COLOURS[colour]}m{text}\x1b[0m" if self.colour else text


def _wrap(text: str, indent: int) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="", subsequent_indent=" " * indent)


def carrier_and_place(report: Report) -> tuple[str, str]:
    """The carrier of record, and where the number is from (the 7-digit prefix data first: it names the city)."""
    carrier = " / ".join(name for name in (report.carrier.name_en, report.carrier.name_zh) if name) or "carrier unknown"
    place = " / ".join(name for name in (report.carrier.location_en, report.carrier.location_zh) if name) or "region unknown"
    if report.region is not None:
        region = report.region
        place = f"{place_name(region.province_en, region.province_zh, region.city_en, region.city_zh)} · 区号 {region.area_code}"
    return carrier, place


def render_report(report: Report, *, colour: bool = False) -> str:
    """One report as text a person reads top to bottom: who, verdict, risks, findings, advice."""
    paint = Paint(colour)
    number = report.number
    carrier, place = carrier_and_place(report)
    lines = [paint(f"{number.international}", "bold") + f"  (input: {report.input})", f"{carrier} · {place} · {number.line_type.value}"]
    if report.segment is not None:
        segment = report.segment
        portable = "portable" if segment.portable else "not portable"
        lines.append(f"Segment {segment.prefix}: {segment.operator.value}, {segment.kind.value}, opened about {segment.since}, {portable}")
    lines += [
        "",
        paint(f"VERDICT: {report.verdict.value.replace('_', ' ').upper()}", VERDICT_COLOUR[report.verdict]),
        _wrap(report.summary, 0),
        "",
        paint("Risk", "bold"),
    ]
    for risk in report.risks:
        level = paint(f"{risk.level.value:<8}", LEVEL_COLOUR[risk.level])
        score = f"{risk.score:>3}" if risk.level is not Level.UNKNOWN else "  -"
        first, *rest = risk.reasons
        lines.append(f"  {risk.dimension.value:<16} {level} {score}  {_wrap(first.text, 33)}")
        lines += [f"{'':33}{_wrap(reason.text, 33)}" for reason in rest]
    lines += ["", paint("Findings", "bold")]
    # Checkers skipped for one shared reason (offline mode, a missing key) take one line, not one each.
    skipped: dict[str, list[str]] = {}
    for item in report.findings:
        if item.status is Status.SKIPPED:
            skipped.setdefault(item.detail, []).append(item.checker_id)
            continue
        status = paint(f"{item.status.value:<15}", STATUS_COLOUR[item.status])
        provenance = "" if item.kind.value == "offline" else f" [{item.provenance.level}]"
        if item.self_checked_on is not None:
            provenance += f" [passed self-check live on this machine on {item.self_checked_on}]"
        if item.reused:
            provenance += f" (stored answer of {item.checked_at:%Y-%m-%d %H:%M} UTC; --refresh asks again)"
        lines.append(f"  {status} {item.checker_id:<18} {_wrap(item.detail + provenance, 37)}")
    for detail, ids in skipped.items():
        status = paint(f"{Status.SKIPPED.value:<15}", STATUS_COLOUR[Status.SKIPPED])
        who = ids[0] if len(ids) == 1 else f"{len(ids)} checkers"
        lines.append(f"  {status} {who:<18} {_wrap(detail + ('' if len(ids) == 1 else ': ' + ', '.join(ids)), 37)}")
    cover = report.coverage
    asked = cover.online_checkers - cover.skipped
    if report.offline:
        lines += ["", "Coverage: offline mode, no online service was asked (run without --offline to ask them)"]
    else:
        lines += [
            "",
            f"Coverage: {cover.definitive} of {asked} online checks answered definitively"
            f" · blocked {cover.blocked} · error {cover.error} · unknown {cover.unknown} · skipped {cover.skipped}",
        ]
    if report.advice:
        lines += ["", paint("What to do", "bold")]
        for index, advice in enumerate(report.advice, 1):
            lines.append(f"  {index}. {_wrap(advice.action, 5)}")
            lines.append(f"     {_wrap(advice.detail, 5)}")
    if report.notes:
        lines += ["", paint("Notes", "bold")] + [f"  - {_wrap(note, 4)}" for note in report.notes]
    return "\n".join(lines) + "\n"


def render_checkers(registry: Registry, *, colour: bool = False) -> str:
    """The checker list: id, kind, category, provenance, where it came from; then broken plugins."""
    paint = Paint(colour)
    lines = [paint(f"{'id':<22}{'kind':<12}{'category':<14}{'provenance':<12}{'contract':<11}{'countries':<11}source", "bold")]
    for entry in registry.entries.values():
        meta = entry.checker.meta
        countries = ",".join(meta.countries) or "all"
        keyed = f" (needs {', '.join(meta.needs_key)})" if meta.needs_key else ""
        contract = "-" if meta.kind.value == "offline" else meta.contract
        lines.append(
            f"{meta.id:<22}{meta.kind.value:<12}{meta.category:<14}{meta.provenance.level:<12}{contract:<11}{countries:<11}"
            f"{entry.source}{keyed}"
        )
    for broken in registry.broken:
        lines.append(paint(f"{broken.name:<22}BROKEN      {broken.source}: {broken.error}", "red"))
    for entry in registry.disabled:
        lines.append(paint(f"{entry.checker.meta.id:<22}DISABLED    switched off in your config ({DISABLED_CHECKERS_FILE})", "grey"))
    return "\n".join(lines) + "\n"


def render_reports(reports: Iterable[Report], *, colour: bool = False) -> str:
    """Several reports separated by a rule."""
    return ("\n" + "─" * 60 + "\n\n").join(render_report(report, colour=colour) for report in reports)
