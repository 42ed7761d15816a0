"""A reputation list a team keeps itself: a CSV of number, tags, source, date. No network."""

from __future__ import annotations

import csv
from pathlib import Path

from numcheck.checker import CheckContext, CheckerMeta, finding
from numcheck.numbers import PhoneNumberInfo, parse
from numcheck.report import CheckerKind, Finding, Provenance, Status
from numcheck.risk import TAG_EFFECTS

KEY = "NUMCHECK_REPUTATION_CSV"


class LocalList:
    """Looks the number up in the CSV named by NUMCHECK_REPUTATION_CSV (columns: number, tags, source, date).

    ``tags`` is a ``;``-separated list in numcheck's tag vocabulary (``debt_collection;harassment``).
    A number in the list is ``registered`` (it has a record); a number absent from a readable list is
    ``not_registered`` (the team's list positively holds nothing for it).
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
            with path.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as error:
            return finding(self.meta, ctx, Status.ERROR, f"cannot read {path}: {error}")
        for row in rows:
            try:
                listed = parse(row.get("number") or "", number.region_code or "CN")
            except ValueError:
                continue
            if listed.e164 == number.e164:
                tags = tuple(tag.strip() for tag in (row.get("tags") or "").split(";") if tag.strip())
                unknown = [tag for tag in tags if tag not in TAG_EFFECTS]
                note = f" (tags numcheck does not know: {', '.join(unknown)})" if unknown else ""
                return finding(
                    self.meta, ctx, Status.REGISTERED,
                    f"listed by {row.get('source') or 'your team'} on {row.get('date') or 'an unknown date'}: {', '.join(tags) or 'no tags'}{note}",
                    tags=tags, facts={"source": row.get("source") or None, "date": row.get("date") or None},
                )  # fmt: skip
        return finding(self.meta, ctx, Status.NOT_REGISTERED, f"not in {path.name} ({len(rows)} numbers)")
