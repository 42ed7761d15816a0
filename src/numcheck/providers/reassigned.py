"""The reassignment fact a manifest-driven source's finding states, attached to the finding.

Apart from `numcheck.reassignment`, which the report model itself imports: these read a `Finding`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from numcheck.reassignment import NO_DATA, OUT_OF_RANGE, REASSIGNMENT_CATEGORY, Reassignment, from_boolean

if TYPE_CHECKING:
    from datetime import date

    from numcheck.report import Finding

_NO_DATA_TAGS = {
    OUT_OF_RANGE: "the date asked lies outside the operator's window (400 OUT_OF_RANGE)",
    NO_DATA: "the source has no answer for this number",
}

_STATUS_CAVEATS = {"blocked": "the source refused the lookup", "error": "the lookup failed"}
_NEITHER = "the answer matched neither yes nor no"
# Every caveat this module writes (numcheck.render.vocabulary translates them).
CAVEATS = (*_NO_DATA_TAGS.values(), *_STATUS_CAVEATS.values(), _NEITHER)


def from_finding(item: Finding, asked: date | None) -> Reassignment | None:
    """The fact a manifest-driven reassignment source's finding states (None for another category).

    The manifests map each source's yes to ``registered`` (changed since the date: reassigned) and its no to
    ``not_registered``; every other status is no data, with the reason a tag rule found, if any.
    """
    if item.category.strip().lower() != REASSIGNMENT_CATEGORY:
        return None
    status = item.status.value
    if status == "skipped":
        return None
    if status in ("registered", "not_registered") and asked is not None:
        return from_boolean(item.checker_id, status == "registered", asked)
    why = next((text for tag, text in _NO_DATA_TAGS.items() if tag in item.tags), "")
    if not why:
        why = _STATUS_CAVEATS.get(status, _NEITHER)
    fact = from_boolean(item.checker_id, None, asked or item.checked_at.date(), why=why)
    return fact if asked is not None else fact.model_copy(update={"asked": None})


def attach(item: Finding, asked: date | None) -> Finding:
    """``item`` with its reassignment fact (unchanged when it is not a reassignment answer, or already carries one)."""
    if item.reassignment is not None:
        return item
    fact = from_finding(item, asked)
    return item if fact is None else item.model_copy(update={"reassignment": fact})
