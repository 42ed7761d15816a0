"""Batch output: the streamed text table and CSV rows, the ranking, the history and the diff."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from numcheck._text import csv_cell, printable
from numcheck.batch import BatchItem
from numcheck.messages import Message, joined
from numcheck.offline_checkers import PORTABILITY_CAVEAT
from numcheck.render.cells import terminal_columns
from numcheck.render.i18n import DEFAULT_LANGUAGE, as_said, language, say_in, ui, word
from numcheck.render.table import COLUMNS, LEVEL_COLUMNS, Cell, Layout, header, layout, problem_row, row
from numcheck.render.text import LEVEL_COLOUR, STATUS_COLOUR, VERDICT_COLOUR, Paint
from numcheck.render.width import pad, width
from numcheck.report import Dimension, Level, RegionInfo, Report, Status, Verdict
from numcheck.segments import Segment

if TYPE_CHECKING:
    from numcheck.ranking import Ranked
    from numcheck.store import Diff, StoredCheck

_DIMENSIONS = tuple(Dimension)
_SHORT = {Dimension.BINDINGS: "bind", Dimension.DEBT_COLLECTION: "debt", Dimension.HARASSMENT: "harass", Dimension.RECYCLING: "recyc"}

CSV_FIELDS = (
    "line",
    "index",
    "input",
    "e164",
    "valid",
    "carrier",
    "region",
    "province",
    "city",
    "area_code",
    "line_type",
    "segment_kind",
    "verdict",
    *(dimension.value for dimension in _DIMENSIONS),
    "coverage",
    "registered_on",
    "incomplete",
    "reused",
    "problem",
)


_LEVEL_HEADER = " ".join(f"{_SHORT[dimension]:<7}" for dimension in _DIMENSIONS)


def _level_header(lang: str) -> str:
    if lang == DEFAULT_LANGUAGE:
        return _LEVEL_HEADER
    return " ".join(pad(ui(lang, f"ui.short.{dimension.value}"), 7) for dimension in _DIMENSIONS)


def _word(lang: str, space: str, value: Level | Status | Verdict) -> str:
    return word(lang, space, value)


def _right(text: str, columns: int) -> str:
    return " " * max(0, columns - width(text)) + text


def _level_cells(levels: Mapping[Dimension, Level], paint: Paint, lang: str = DEFAULT_LANGUAGE) -> str:
    """The four levels as coloured, aligned cells (a dimension missing from ``levels`` shows as unknown)."""
    cells = (levels.get(dimension, Level.UNKNOWN) for dimension in _DIMENSIONS)
    return " ".join(paint(pad(_word(lang, "level", level), 7), LEVEL_COLOUR[level]) for level in cells)


def _levels(report: Report, paint: Paint, lang: str) -> str:
    return _level_cells({risk.dimension: risk.level for risk in report.risks}, paint, lang)


def problem_of(item: BatchItem, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why a line has no report: invalid, or a duplicate of an earlier line."""
    if item.invalid is not None:
        return ui(lang, "ui.invalid", reason=item.invalid_message or item.invalid)
    if item.duplicate_of is not None:
        return ui(lang, "ui.duplicate", index=item.duplicate_of + 1)
    return ""


def _registered_on(report: Report) -> list[str]:
    return [finding.checker_id for finding in report.findings if finding.status is Status.REGISTERED]


# Chinese names are short: 中国移动 takes 8 cells where "China Telecom" takes 13, 黑龙江 6 where "Inner Mongolia" 14.
# Columns sized for English would leave a Chinese note a few characters at 80 columns.
_CHINESE_CELLS = {"carrier": 10, "province": 8}


def table_plan(lang: str = DEFAULT_LANGUAGE, total: int | None = None) -> Layout:
    """The batch table's layout for ``lang`` in ``total`` cells (default: the terminal's width).

    The verdict column is as wide as the widest verdict written in ``lang``; in Chinese the carrier and province
    columns are narrower too, so the note gets the room they leave.
    """
    verdict_cells = max(width(_word(lang, "verdict", verdict)) for verdict in Verdict)
    fitted = {"verdict": verdict_cells} | ({} if lang == DEFAULT_LANGUAGE else _CHINESE_CELLS)
    columns = tuple(column._replace(cells=fitted.get(column.name, column.cells)) for column in COLUMNS)
    return layout(terminal_columns() if total is None else total, columns)


def table_header(*, colour: bool = False, plan: Layout | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """The header of the streamed batch table, laid out as ``plan`` (default: for the terminal's width), in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        words = {column.name: column.header for column in COLUMNS}
    else:
        words = {column.name: ui(lang, f"ui.column.{column.name}") for column in COLUMNS if column not in LEVEL_COLUMNS}
        words |= {column.name: ui(lang, f"ui.short.{column.name}") for column in LEVEL_COLUMNS}
    return header(plan or table_plan(lang), colour=colour, words=words, note=ui(lang, "ui.column.note"))


def province_of(report: Report, lang: str = DEFAULT_LANGUAGE) -> str:
    """The province a number is from: the 7-digit prefix data's, else the last part of phonenumbers' place ("Suzhou, Jiangsu")."""
    region = report.region
    if lang != DEFAULT_LANGUAGE:
        if region is not None and region.province_zh:
            return region.province_zh
        return report.carrier.location_zh
    if region is not None and region.province_en:
        return region.province_en
    return report.carrier.location_en.rpartition(", ")[2]


def table_row(item: BatchItem, *, colour: bool = False, plan: Layout | None = None, lang: str = DEFAULT_LANGUAGE) -> str:
    """One line of the batch table (written as soon as the result arrives), laid out as ``plan``, in ``lang``."""
    plan = plan or table_plan(lang)
    report = item.report
    if report is None:
        return problem_row(plan, item.line, printable(item.input), problem_of(item, lang), colour=colour)
    registered = [finding for finding in report.findings if finding.status is Status.REGISTERED]
    # Where the number is registered comes first: a narrow note must still name the services.
    if not registered:
        from numcheck.ranking import reason_messages  # the ranking's model is built only for a batch's table or a ranking

        note = say_in(lang, reason_messages(report)[0])
    elif lang == DEFAULT_LANGUAGE:
        note = f"registered: {', '.join(_registered_on(report))}"
    else:
        note = ui(lang, "ui.registered_on", names=[word(lang, "checker", finding.checker_name) for finding in registered])
    carrier = report.carrier.name_en if lang == DEFAULT_LANGUAGE else report.carrier.name_zh or report.carrier.name_en
    cells: dict[str, Cell] = {
        "line": (str(item.line), None),
        "number": (report.number.e164, None),
        "carrier": (carrier or "-", None),
        "province": (province_of(report, lang) or "-", None),
        "verdict": (_word(lang, "verdict", report.verdict), VERDICT_COLOUR[report.verdict]),
        **{risk.dimension.value: (_word(lang, "level", risk.level), LEVEL_COLOUR[risk.level]) for risk in report.risks},
        "cover": (f"{report.coverage.ratio:.0%}", None),
    }
    return row(plan, cells, (note, None), colour=colour)


class Place(NamedTuple):
    """What a batch row says of where a number is from: the report's carrier, region and segment, or the fast path's block."""

    valid: bool
    line_type: str
    carrier_en: str
    carrier_zh: str
    location_en: str
    location_zh: str
    region: RegionInfo | None
    segment: Segment | None

    @classmethod
    def of(cls, report: Report) -> Place:
        carrier = report.carrier
        return cls(report.number.valid, report.number.line_type.value, carrier.name_en, carrier.name_zh,
                   carrier.location_en, carrier.location_zh, report.region, report.segment)  # fmt: skip


def place_cells(place: Place) -> dict[str, object]:
    """The CSV cells from ``valid`` to ``segment_kind``."""
    region = place.region
    return {
        "valid": place.valid,
        "carrier": place.carrier_en,
        "region": place.location_en,
        "province": region.province_en if region else "",
        "city": region.city_en if region else "",
        "area_code": region.area_code if region else "",
        "line_type": place.line_type,
        "segment_kind": place.segment.kind.value if place.segment else "",
    }


def csv_row(item: BatchItem) -> dict[str, object]:
    """One CSV row (columns `CSV_FIELDS`)."""
    row: dict[str, object] = {"line": item.line, "index": item.index, "input": item.input, "problem": problem_of(item)}
    report = item.report
    if report is not None:
        row["e164"] = report.number.e164
        row.update(place_cells(Place.of(report)))
        row.update(
            verdict=report.verdict.value,
            coverage=f"{report.coverage.ratio:.3f}",
            registered_on=";".join(_registered_on(report)),
            incomplete=";".join(f.checker_id for f in report.findings if f.status in (Status.BLOCKED, Status.ERROR)),
            reused=sum(finding.reused for finding in report.findings),
        )
        row.update({dimension.value: report.risk(dimension).level.value for dimension in _DIMENSIONS})
    return {name: csv_cell(value) for name, value in row.items()}


# The region fields of a compact record (each RegionInfo field but its source, which ``data`` names).
REGION_FIELDS = ("province_en", "province_zh", "city_en", "city_zh", "area_code", "holder", "holder_kind")


def place_fields(place: Place, notes: Iterable[str]) -> dict[str, object]:
    """The part of a compact record that follows from the number's block: validity, carrier, place, segment, notes."""
    region, segment = place.region, place.segment
    return {
        "valid": place.valid,
        "line_type": place.line_type,
        "carrier": place.carrier_en,
        "carrier_zh": place.carrier_zh,
        "location": place.location_en,
        "location_zh": place.location_zh,
        **{name: None if region is None else getattr(region, name) for name in REGION_FIELDS},
        "segment": None if segment is None else segment.prefix,
        "operator": None if segment is None else segment.operator.value,
        "segment_kind": None if segment is None else segment.kind.value,
        "portable": None if segment is None else segment.portable,
        "since": None if segment is None else segment.since,
        # The portability caveat is what ``portable`` says; the other notes are the record's own.
        "notes": [note for note in notes if note != PORTABILITY_CAVEAT],
    }


def judgement_fields(report: Report) -> dict[str, object]:
    """The part of a compact record the checks decide: verdict, level per dimension, coverage, where registered, tags, data."""
    return {
        "verdict": report.verdict.value,
        **{risk.dimension.value: risk.level.value for risk in report.risks},
        # What the online services said, in the same keys offline (where nothing was asked): one shape for both.
        "coverage": report.coverage.ratio,
        "registered_on": _registered_on(report),
        "incomplete": [finding.checker_id for finding in report.findings if finding.status in (Status.BLOCKED, Status.ERROR)],
        "reused": sum(finding.reused for finding in report.findings),
        "tags": sorted({tag for finding in report.findings for tag in finding.tags}),
        "data": "; ".join(f"{name} {version}" for name, version in report.data_versions.items() if name != "cn_segments"),
    }


def compact_record(item: BatchItem) -> dict[str, object]:
    """One JSON Lines record, online and offline alike: a flat row of the report's answers (docs/batches.md).

    The columns of the CSV output plus Chinese names, the segment's facts, the risk tags and the
    notes where sources disagree. Finding details, provenance, timestamps, reasons, summary and
    advice are left out (``--details`` writes whole reports); a line with no report carries its
    ``problem`` instead.
    """
    record: dict[str, object] = {"line": item.line, "index": item.index, "input": item.input}
    report = item.report
    if report is None:
        record["problem"] = problem_of(item)
        return record
    record["e164"] = report.number.e164
    record.update(place_fields(Place.of(report), report.notes))
    record.update(judgement_fields(report))
    return record


def json_line(record: Mapping[str, object]) -> str:
    """A record as one JSON Lines line: compact separators, ASCII only (Chinese names as \\u escapes).

    ASCII only because ``input`` is whatever the file held: escaped, no line of it can carry terminal
    controls or bidirectional overrides into a pager or a terminal.
    """
    return compact_json(record) + "\n"


# One encoder for every compact record: its settings never change, and json.dumps with settings builds a new one per call.
_COMPACT = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def compact_json(value: object) -> str:
    """``value`` as compact, ASCII-only JSON: the text of every JSON Lines record (the fast path joins parts of it)."""
    return _COMPACT.encode(value)


def render_ranking(
    ranked: Iterable[Ranked],
    *,
    colour: bool = False,
    lang: str = DEFAULT_LANGUAGE,
    rejected: Iterable[tuple[int, str, str | Message | None]] = (),
) -> str:
    """Candidates from cleanest to riskiest, each with the reasons for its place; the ties; then the lines not ranked.

    ``rejected`` holds (line, input as typed (`numcheck._errors.shortened`), why: a message, or a text shown as written) of
    each input that is not a usable number.
    """
    from numcheck.ranking import ties, verdict_line

    ranked = list(ranked)
    paint = Paint(colour)
    words = {name: ui(lang, f"ui.column.{name}") for name in ("rank", "number", "verdict", "score", "cover")}
    header = f"{_right(words['rank'], 4)}  {pad(words['number'], 17)} {pad(words['verdict'], 16)} {_level_header(lang)} "
    lines = [paint(header + f"{_right(words['score'], 5)} {_right(words['cover'], 5)}", "bold")]
    for place in ranked:
        verdict = paint(pad(_word(lang, "verdict", place.verdict), 16), VERDICT_COLOUR[place.verdict])
        cells = _level_cells(place.levels, paint, lang)
        lines.append(f"{place.rank:>4}  {place.e164:<17} {verdict} {cells} {place.score:>5} {place.coverage:>5.0%}")
        why = place.why if lang == DEFAULT_LANGUAGE or not place.why_messages else [say_in(lang, said) for said in place.why_messages]
        lines += [f"{'':6}- {reason}" for reason in why]
    lines.append("")
    lines.append(joined(verdict_line(ranked), language(lang)))
    lines += [ui(lang, "ui.rank_tie", ranks=[place.rank for place in run], numbers=[place.e164 for place in run]) for run in ties(ranked)]
    rejected = list(rejected)
    if rejected:
        lines += ["", ui(lang, "ui.not_ranked")]
        lines += [ui(lang, "ui.not_ranked_line", line=line, input=text, why=why or "") for line, text, why in rejected]
    return "\n".join(lines) + "\n"


def render_history(checks: Iterable[StoredCheck], *, colour: bool = False, lang: str = DEFAULT_LANGUAGE) -> str:
    """Past checks of a number, newest first, in ``lang``."""
    paint = Paint(colour)
    checked, mode, registered_on = (ui(lang, f"history.column.{name}") for name in ("checked", "mode", "registered_on"))
    verdict_word, cover = ui(lang, "ui.column.verdict"), ui(lang, "ui.column.cover")
    head = f"{pad(checked, 17)} {pad(mode, 8)} {pad(verdict_word, 16)} {_level_header(lang)} {_right(cover, 5)}  {registered_on}"
    lines = [paint(head, "bold")]
    for stored in checks:
        verdict = paint(pad(_word(lang, "verdict", stored.verdict), 16), VERDICT_COLOUR[stored.verdict])
        registered = ", ".join(sorted(cid for cid, found in stored.findings.items() if found.status is Status.REGISTERED)) or "-"
        how = pad(ui(lang, "history.offline" if stored.offline else "history.online"), 8)
        cells = _level_cells(stored.levels, paint, lang)
        lines.append(f"{stored.checked_at:%Y-%m-%d %H:%M} {how} {verdict} {cells} {stored.coverage:>5.0%}  {registered}")
    return "\n".join(lines) + "\n"


def render_diff(diff: Diff, *, colour: bool = False, lang: str = DEFAULT_LANGUAGE) -> str:
    """What changed between the two latest checks of a number, in ``lang``."""
    paint = Paint(colour)
    before, after = diff.previous, diff.latest
    when = {"before": f"{before.checked_at:%Y-%m-%d %H:%M}", "after": f"{after.checked_at:%Y-%m-%d %H:%M}"}
    verdicts = {"before": before.verdict.value, "after": after.verdict.value}
    lines = [
        paint(ui(lang, "diff.head", e164=diff.e164, **when), "bold"),
        ui(lang, "diff.verdict", **verdicts) if diff.verdict_changed else ui(lang, "diff.verdict_same", verdict=after.verdict.value),
    ]
    for dimension, (was, now) in diff.level_changes.items():
        lines.append(ui(lang, "diff.level", dimension=dimension.value, before=was.value, after=now.value))
    if not diff.compared:
        lines.append(ui(lang, "fixes.nothing_compared", count=diff.uncompared + len(diff.changes)))
    elif not diff.changes:
        lines.append(ui(lang, "diff.nothing", count=diff.unchanged))
    unasked = ui(lang, "diff.not_asked_cell")
    arrow = "->" if lang == DEFAULT_LANGUAGE else "→"
    for change in diff.changes:
        old = _word(lang, "status", change.before) if change.before else unasked
        new = paint(pad(_word(lang, "status", change.after), 15), STATUS_COLOUR[change.after]) if change.after else pad(unasked, 15)
        meaning = as_said(lang, change.meaning_message, change.meaning) if lang != DEFAULT_LANGUAGE else change.meaning
        lines.append(f"  {change.checker_id:<18} {pad(old, 15)} {arrow} {new} {meaning}")
    # Under "nothing could be compared" an answer that became an error is no change to count.
    if diff.changes and diff.compared:
        lines.append(ui(lang, "diff.counts", changed=len(diff.changes), unchanged=diff.unchanged))
    if diff.uncompared and diff.compared:
        # Unknown is not unchanged: an answer that was an error both times may hide a binding that came or went.
        lines.append(ui(lang, "fixes.uncompared.one") if diff.uncompared == 1 else ui(lang, "fixes.uncompared.many", count=diff.uncompared))
    return "\n".join(lines) + "\n"
