"""The readable terminal report, in English or Chinese (ANSI colour only when asked, i.e. on a terminal)."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from enum import StrEnum

from numcheck.messages import Message
from numcheck.offline.regions import place_name, place_names_of
from numcheck.render.i18n import DEFAULT_LANGUAGE, localized, say_in, ui, word
from numcheck.render.width import pad, wide_fill
from numcheck.report import Finding, Level, Report, Status, Verdict

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


def _wrap(text: str, indent: int, lang: str = DEFAULT_LANGUAGE) -> str:
    if lang == DEFAULT_LANGUAGE:
        return textwrap.fill(text, WIDTH, initial_indent="", subsequent_indent=" " * indent)
    return wide_fill(text, WIDTH, indent)


def carrier_and_place(report: Report, lang: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """The carrier of record, and where the number is from (the 7-digit prefix data first: it names the city).

    In English both names are given (``China Mobile / 中国移动``); in Chinese the Chinese one, where there is one.
    """
    carrier, region = report.carrier, report.region
    if lang != DEFAULT_LANGUAGE:
        name = carrier.name_zh or carrier.name_en or ui(lang, "ui.carrier_unknown")
        place = carrier.location_zh or carrier.location_en or ui(lang, "ui.region_unknown")
        if region is not None:
            zh = place_names_of(region.province_en, region.province_zh, region.city_en, region.city_zh)[1]
            place = ui(lang, "ui.place", place=zh or place, area_code=region.area_code)
        return name, place
    name = " / ".join(name for name in (carrier.name_en, carrier.name_zh) if name) or "carrier unknown"
    # Both names only for a Chinese number: abroad, phonenumbers' Chinese names a country where its English names a
    # city ("Washington D.C." beside 美国), which would read as two places.
    places = (carrier.location_en, carrier.location_zh) if report.number.region_code == "CN" else (carrier.location_en,)
    place = " / ".join(name for name in places if name) or carrier.location_zh or "region unknown"
    if region is not None:
        place = f"{place_name(region.province_en, region.province_zh, region.city_en, region.city_zh)} · area code {region.area_code}"
    return name, place


def _label(lang: str, space: str, value: StrEnum) -> str:
    return word(lang, space, value)


def render_report(report: Report, *, colour: bool = False, lang: str = DEFAULT_LANGUAGE, offline_from: Message | None = None) -> str:
    """One report as text a person reads top to bottom, in ``lang``: who, verdict, risks, findings, advice.

    ``offline_from``: an offline report's coverage line when offline mode came from the environment or the config file,
    naming it (the default line tells the reader to drop --offline, which they may never have typed).
    """
    paint = Paint(colour)
    said = localized(report, lang) if lang != DEFAULT_LANGUAGE else report
    number = report.number
    carrier, place = carrier_and_place(report, lang)
    lines = [
        paint(f"{number.international}", "bold") + ui(lang, "ui.input", input=report.input),
        f"{carrier} · {place} · {_label(lang, 'line_type', number.line_type)}",
    ]
    if report.segment is not None:
        segment = report.segment
        portable = ui(lang, "ui.portable" if segment.portable else "ui.not_portable")
        lines.append(ui(lang, "ui.segment", prefix=segment.prefix, operator=segment.operator, kind=segment.kind, since=segment.since,
                        portable=portable))  # fmt: skip
    verdict = _label(lang, "verdict", report.verdict).replace("_", " ").upper()
    lines += [
        "",
        paint(ui(lang, "ui.verdict", verdict=verdict), VERDICT_COLOUR[report.verdict]),
        _wrap(said.summary_localized or said.summary, 0, lang),
        "",
        paint(ui(lang, "ui.risk"), "bold"),
    ]
    # Column widths: English values are long words, Chinese ones two to four wide characters.
    dimension_width, level_width = (16, 8) if lang == DEFAULT_LANGUAGE else (10, 6)
    indent = 2 + dimension_width + 1 + level_width + 1 + 3 + 2
    for risk in said.risks:
        level = paint(pad(_label(lang, "level", risk.level), level_width), LEVEL_COLOUR[risk.level])
        score = f"{risk.score:>3}" if risk.level is not Level.UNKNOWN else "  -"
        first, *rest = (reason.text_localized or reason.text for reason in risk.reasons)
        dimension = pad(_label(lang, "dimension", risk.dimension), dimension_width)
        lines.append(f"  {dimension} {level} {score}  {_wrap(first, indent, lang)}")
        lines += [f"{'':{indent}}{_wrap(reason, indent, lang)}" for reason in rest]
    lines += ["", paint(ui(lang, "ui.findings"), "bold"), *_findings(said, paint, lang)]
    cover = report.coverage
    asked = cover.online_checkers - cover.skipped
    counts = {"definitive": cover.definitive, "asked": asked, "blocked": cover.blocked, "error": cover.error,
              "unknown": cover.unknown, "skipped": cover.skipped}  # fmt: skip
    coverage_line = ui(lang, "ui.coverage_offline") if report.offline else ui(lang, "ui.coverage", **counts)
    if report.offline and offline_from is not None:
        coverage_line = say_in(lang, offline_from)
    uncounted = uncounted_checks(report)
    if uncounted > 0 and not report.offline:
        coverage_line += ui(lang, "ui.coverage_uncounted", count=uncounted)
    # Chinese has no spaces for a terminal to break at: the line is cut by display width, as the report's text is.
    lines += ["", coverage_line if lang == DEFAULT_LANGUAGE else _wrap(coverage_line, 0, lang)]
    if said.advice:
        lines += ["", paint(ui(lang, "ui.what_to_do"), "bold")]
        for index, advice in enumerate(said.advice, 1):
            lines.append(f"  {index}. {_wrap(advice.action_localized or advice.action, 5, lang)}")
            lines.append(f"     {_wrap(advice.detail_localized or advice.detail, 5, lang)}")
    notes = said.notes_localized if said.notes_localized is not None else said.notes
    if notes:
        lines += ["", paint(ui(lang, "ui.notes"), "bold")] + [f"  - {_wrap(note, 4, lang)}" for note in notes]
    return "\n".join(lines) + "\n"


def _findings(report: Report, paint: Paint, lang: str) -> list[str]:
    """The findings block: one line each, and checkers skipped for one shared reason (offline, a missing key) on one line."""
    english = lang == DEFAULT_LANGUAGE
    lines: list[str] = []
    skipped: dict[str, list[Finding]] = {}
    for item in report.findings:
        detail = item.detail if english else item.detail_localized or item.detail
        if item.status is Status.SKIPPED:
            skipped.setdefault(detail, []).append(item)
            continue
        provenance = "" if item.kind.value == "offline" else ui(lang, "ui.provenance", level=item.provenance.level)
        if item.self_checked_on is not None:
            provenance += ui(lang, "ui.self_checked", date=str(item.self_checked_on))
        if item.reused:
            provenance += ui(lang, "ui.reused", when=f"{item.checked_at:%Y-%m-%d %H:%M}")
        lines.append(_finding_line(paint, lang, item.status, _who(item, lang), detail + provenance))
    for detail, items in skipped.items():
        who = _who(items[0], lang) if len(items) == 1 else ui(lang, "ui.checkers", count=len(items))
        named = "" if len(items) == 1 else ui(lang, "ui.which", ids=[_who(item, lang) for item in items])
        lines.append(_finding_line(paint, lang, Status.SKIPPED, who, detail + named))
    # Only --only-hits leaves a report without findings: say so rather than leave the heading standing alone.
    if lines:
        return lines
    if report.verdict is Verdict.LOW_RISK:
        return [f"  {ui(lang, 'ui.no_hits')}"]
    # No hit is not clean when the verdict is not: a number nobody could check has no hit either.
    return [f"  {ui(lang, 'fixes.no_hits_not_clean', verdict=report.verdict.value)}"]


def _finding_line(paint: Paint, lang: str, status: Status, who: str, detail: str) -> str:
    if lang == DEFAULT_LANGUAGE:
        return f"  {paint(pad(status.value, 15), STATUS_COLOUR[status])} {pad(who, 18)} {_wrap(detail, 37)}"
    # A checker's Chinese name runs from four to fifteen characters: it leads its detail rather than fill a column.
    return f"  {paint(pad(word(lang, 'status', status), 6), STATUS_COLOUR[status])} {_wrap(f'{who}：{detail}', 9, lang)}"


def _who(item: Finding, lang: str) -> str:
    # English names a checker by its id (what --only takes); Chinese by its name, which reads as a word.
    return item.checker_id if lang == DEFAULT_LANGUAGE else item.checker_name_localized or item.checker_name


def uncounted_checks(report: Report) -> int:
    """The online checks the coverage line does not count: carrier checks are listed with the findings (often as skipped,
    for want of a key) but answer for no personal dimension; the line says so, or its "skipped" disagrees with the list."""
    return len({item.checker_id for item in report.findings if item.kind.value != "offline"}) - report.coverage.online_checkers


def render_reports(reports: Iterable[Report], *, colour: bool = False, lang: str = DEFAULT_LANGUAGE) -> str:
    """Several reports separated by a rule."""
    return ("\n" + "─" * 60 + "\n\n").join(render_report(report, colour=colour, lang=lang) for report in reports)
