"""A reputation list a team keeps itself: a CSV of number, tags, source, date. No network.

The file format (UTF-8, comma-separated, one header row)::

    number,tags,source,date
    +86 120 0000 0101,collection_calls;harassment,team notes,2026-01-02

``number`` is required, in any form `numcheck.parse` reads; ``tags`` is a ``;``-separated list
in numcheck's tag vocabulary (docs/risk-model.md) or the Chinese words caller-ID apps show
(催收, 骚扰, 诈骗 ...; `CHINESE_TAGS`); ``source`` and ``date`` are free text. A listed number is
a hit whatever its tags: a tag nothing maps is kept as written and counts as a warning
(docs/verdict.md), never as a clean answer. The format is documented in docs/reputation-csv.md.

Stored answers are keyed on the file's content (`LocalList.answer_key`): an edited list is read at the next check.
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path

from numcheck._errors import NumcheckError
from numcheck.checker import CheckContext, CheckerMeta, finding
from numcheck.messages import Message, english, say
from numcheck.numbers import PhoneNumberInfo, parse
from numcheck.report import CheckerKind, Finding, Provenance, Status
from numcheck.tags import KNOWN_TAGS

# The words Chinese caller-ID apps and teams write, in numcheck's vocabulary (docs/risk-model.md).
CHINESE_TAGS = {
    "催收": "collection_calls",
    "催收电话": "collection_calls",
    "骚扰": "harassment",
    "骚扰电话": "harassment",
    "诈骗": "fraud",
    "诈骗电话": "fraud",
    "广告推销": "advertising",
    "广告": "advertising",
    "推销": "advertising",
    "房产中介": "real_estate",
    "保险理财": "insurance_finance",
    "快递": "delivery",
    "快递送餐": "delivery",
    "出租车": "taxi",
    "出租车专车": "taxi",
}

KEY = "NUMCHECK_REPUTATION_CSV"
COLUMNS = ("number", "tags", "source", "date")


class UnusableListError(NumcheckError):
    """The list cannot answer for any number (missing, empty, wrong columns or dialect); ``message`` says why."""

    def __init__(self, message: Message) -> None:
        super().__init__(english(message))
        self.message = message


def read_list(path: Path) -> list[dict[str, str]]:
    """The rows of a reputation list, or `UnusableListError` with a one-line reason.

    A list that cannot be read must never be taken for a list that holds nothing: a number
    absent from it would then read as positively clean.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UnusableListError(say("list.missing", path=str(path))) from None
    except (OSError, UnicodeDecodeError) as error:
        raise UnusableListError(say("list.unreadable", path=str(path), error=str(error))) from None
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise UnusableListError(say("list.empty", path=str(path)))
    header = [name.strip().lower() for name in next(csv.reader([lines[0]]))]
    if "number" not in header:
        found = ", ".join(header) or "nothing"
        raise UnusableListError(say("list.no_number_column", path=str(path), column="number", found=found, format=",".join(COLUMNS)))
    if len(header) < 2 and any(mark in lines[0] for mark in ";\t|"):
        raise UnusableListError(say("list.not_comma", path=str(path), format=",".join(COLUMNS)))
    try:
        rows = list(csv.DictReader(lines, fieldnames=header))[1:]
    except csv.Error as error:
        raise UnusableListError(say("list.bad_csv", path=str(path), error=str(error))) from None
    if not rows:
        raise UnusableListError(say("list.no_rows", path=str(path)))
    return rows


class LocalList:
    """Looks the number up in the CSV named by NUMCHECK_REPUTATION_CSV (columns: number, tags, source, date).

    A number in the list is ``registered`` (it has a record; the tags of all its rows count); a number
    absent from a readable, non-empty list is ``not_registered``. A list that is missing, empty, lacks
    a ``number`` column or is in another dialect is an ``error``; a list with rows whose number cannot
    be read answers ``unknown`` for numbers it does not hold: never a clean answer.
    """

    meta = CheckerMeta(
        id="local-list",
        name="Local reputation list",
        kind=CheckerKind.REPUTATION,
        category="reputation",
        provenance=Provenance(level="documented", sources=("the CSV file your team maintains",)),
        needs_key=(KEY,),
        description="Your team's own list of tagged numbers (CSV: number, tags, source, date); works offline.",
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        path = Path(ctx.keys[KEY]).expanduser()
        try:
            rows = read_list(path)
        except UnusableListError as problem:
            return finding(self.meta, ctx, Status.ERROR, problem.message)
        matches: list[dict[str, str]] = []
        unreadable: list[int] = []
        for line, row in enumerate(rows, start=2):
            try:
                listed = parse(row.get("number") or "", number.region_code or "CN")
            except ValueError:
                unreadable.append(line)
                continue
            if listed.e164 == number.e164:
                matches.append(row)
        if matches:
            # Every row of the number counts: an untagged first row must not hide a later "fraud".
            tags = tuple(dict.fromkeys(tag for row in matches for tag in _tags(row.get("tags") or "")))
            unknown = [tag for tag in tags if tag not in KNOWN_TAGS]
            first = matches[0]
            said = say(
                "list.listed",
                source=say("list.source", source=first["source"]) if first.get("source") else say("list.by_team"),
                date=say("list.date", date=first["date"]) if first.get("date") else say("list.no_date"),
                tags=say("list.tags", tags=tags) if tags else say("list.no_tags"),
                unmapped=say("list.unmapped", tags=unknown) if unknown else None,
            )
            return finding(self.meta, ctx, Status.REGISTERED, said, tags=tags,
                           facts={"source": first.get("source") or None, "date": first.get("date") or None, "rows": len(matches)})  # fmt: skip
        if unreadable:
            # The number may be one of the rows numcheck could not read: absence from this list proves nothing.
            shown = ", ".join(str(line) for line in unreadable[:5]) + (" ..." if len(unreadable) > 5 else "")
            return finding(self.meta, ctx, Status.UNKNOWN, say("list.unreadable_rows", file=path.name, count=len(unreadable), lines=shown))
        return finding(self.meta, ctx, Status.NOT_REGISTERED, say("list.absent", file=path.name, count=len(rows)))

    def answer_key(self, keys: Mapping[str, str]) -> str | None:
        """The list's content hash: a stored answer holds only for the file as it was (`numcheck.checker.AnswerKeyed`)."""
        try:
            content = Path(keys[KEY]).expanduser().read_bytes()
        except (KeyError, OSError):
            return None
        return "sha256:" + hashlib.sha256(content).hexdigest()


def _tags(cell: str) -> list[str]:
    """The tags of one cell: split on the separators people type (; , ， ； 、), folded to numcheck's vocabulary."""
    written = [tag.strip() for tag in re.split(r"[;,，；、]", cell) if tag.strip()]
    return [CHINESE_TAGS.get(tag, tag.lower() if tag.isascii() else tag) for tag in written]
