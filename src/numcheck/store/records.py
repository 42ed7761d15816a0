"""What the history gives back: past checks, purchases, and what changed between two checks of a number."""

from __future__ import annotations

from datetime import date, datetime

from numcheck._model import FrozenModel
from numcheck.messages import Message, english, say
from numcheck.report import Dimension, Finding, Level, Status, Verdict


class StoredCheck(FrozenModel):
    """One past check of a number, as the history lists it."""

    id: int
    e164: str
    checked_at: datetime
    offline: bool
    verdict: Verdict
    levels: dict[Dimension, Level]
    coverage: float
    numcheck_version: str
    findings: dict[str, Finding]


class Purchase(FrozenModel):
    """The day a number was bought and the check its after-buy plan was made from (numcheck.afterbuy)."""

    e164: str
    bought_on: date
    check_id: int
    recorded_at: datetime


class Change(FrozenModel):
    """How one checker's answer moved between two checks (``None``: not asked that time); ``meaning`` in English and as
    a message (``numcheck diff --lang zh`` renders it in Chinese)."""

    checker_id: str
    checker_name: str
    before: Status | None
    after: Status | None
    meaning: str
    meaning_message: Message | None = None


class Diff(FrozenModel):
    """What changed between the previous and the latest check of a number.

    ``unchanged`` counts checkers that gave the same answer both times; ``uncompared`` those that gave no answer in
    either check (blocked, error, unknown, skipped, not asked), which can show neither a change nor its absence;
    ``compared`` those that answered both times. With ``compared`` 0, nothing is known to have stayed the same.
    """

    e164: str
    previous: StoredCheck
    latest: StoredCheck
    verdict_changed: bool
    level_changes: dict[Dimension, tuple[Level, Level]]
    changes: tuple[Change, ...]
    unchanged: int
    # Checkers that gave no answer in either check (blocked, error, unknown, skipped, not asked): neither changed nor
    # unchanged; and how many gave an answer in both, the only ones that can show that nothing moved.
    uncompared: int = 0
    compared: int = 0


_NO_ANSWER = (Status.BLOCKED, Status.ERROR, Status.UNKNOWN, Status.SKIPPED, None)


def answer_of(item: Finding) -> tuple[object, ...]:
    """What a finding answered, beyond its status: its tags, and a carrier's dated reassignment answer.

    A listing can stay "registered" while its tags change (a delivery number, then a collection caller), and a carrier's
    answer can move while its status stays put ("held since before 2024", then "since after 2026-11").
    """
    fact = item.reassignment
    dated = (fact.answer, fact.bracket, fact.changed_while_asking) if fact is not None else ()
    return (item.status, tuple(sorted(item.tags)), *dated)


def _said(item: Finding) -> Message:
    return item.message if item.message is not None else say("said.verbatim", text=item.detail)


def not_asked_again(before: Finding | None, after: Finding | None) -> bool:
    """Whether ``after`` is ``before``'s own lookup (or an older one), reused within the TTL rather than asked again.

    Such an answer equals the earlier one because it is a copy of it: it can show neither a change nor its absence.
    """
    return before is not None and after is not None and after.reused and after.checked_at <= before.checked_at


def _meaning(before: Status | None, after: Status | None) -> Message:
    if before is Status.REGISTERED and after is Status.NOT_REGISTERED:
        return say("diff.removed")
    if before is Status.NOT_REGISTERED and after is Status.REGISTERED:
        return say("diff.new_binding")
    if after is None:
        return say("diff.not_asked")
    if before is None:
        return say("diff.newly_asked")
    if after in (Status.BLOCKED, Status.ERROR, Status.UNKNOWN):
        return say("diff.no_answer", status=after.value)
    return say("diff.status", before=before.value, after=after.value)


def diff_of(e164: str, previous: StoredCheck, latest: StoredCheck) -> Diff:
    """What changed from ``previous`` to ``latest``, two checks of the number ``e164``."""
    changes, unchanged, uncompared, compared = [], 0, 0, 0
    for checker_id in sorted(previous.findings.keys() | latest.findings.keys()):
        before, after = previous.findings.get(checker_id), latest.findings.get(checker_id)
        before_status = before.status if before else None
        after_status = after.status if after else None
        if (before_status in _NO_ANSWER and after_status in _NO_ANSWER) or not_asked_again(before, after):
            # No answer either time (error, then blocked), or the same lookup twice: nothing says whether a binding moved.
            uncompared += 1
            continue
        compared += before_status not in _NO_ANSWER and after_status not in _NO_ANSWER
        if before_status == after_status and (before is None or after is None or answer_of(before) == answer_of(after)):
            unchanged += 1
            continue
        name = (after or before).checker_name  # type: ignore[union-attr]
        meaning = _meaning(before_status, after_status)
        if before_status == after_status and before is not None and after is not None:
            meaning = say("afterbuy.move.then_now", then=_said(before), now=_said(after))  # same status, another answer
        changes.append(
            Change(
                checker_id=checker_id,
                checker_name=name,
                before=before_status,
                after=after_status,
                meaning=english(meaning),
                meaning_message=meaning,
            )
        )
    level_changes = {
        dimension: (previous.levels[dimension], latest.levels[dimension])
        for dimension in latest.levels
        if dimension in previous.levels and previous.levels[dimension] != latest.levels[dimension]
    }
    return Diff(
        e164=e164,
        previous=previous,
        latest=latest,
        verdict_changed=previous.verdict != latest.verdict,
        level_changes=level_changes,
        changes=tuple(changes),
        unchanged=unchanged,
        uncompared=uncompared,
        compared=compared,
    )
