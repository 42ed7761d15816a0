"""After the purchase: a dated plan from the purchase check, and later what changed since it (numcheck after-buy).

The plan names, for the number's carrier, the second-hand number service (二次号码焕新) entry and
the turnaround a public report states, MIIT's 一证通查 2.0 for the owner's own count, an appeal
per binding and caller tag the purchase check found, and a date to check again. On a later run
the history answers "what changed since I bought it": bindings that let go, bindings still there,
reputation tags cleared, and the carrier's reassignment answer then and now.

Every date and turnaround is one a named public source states; where numcheck knows none (China
Broadnet's service), the plan says so instead of guessing. Every sentence is a message
(`numcheck.messages.afterbuy`): the English fields are rendered from it, and ``--lang zh`` renders it in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from numcheck._model import FrozenModel
from numcheck.messages import Message, Param, english, say
from numcheck.messages.afterbuy import AFTER_BUY
from numcheck.reassignment import ReassignmentAnswer, fact_message
from numcheck.report import CheckerKind, Finding, Status, Verdict
from numcheck.store import StoredCheck, answer_of, not_asked_again

# ITCOW 牛新网, "5月9日消息" on the three carriers' 二次号码焕新 service (https://www.itcow.cn/archives/26952): each
# carrier's app entry, the apps covered (200+) and the stated processing time.
CARRIER_SERVICE_SOURCE = "https://www.itcow.cn/archives/26952 (ITCOW: the three carriers' 二次号码焕新 entry, apps and processing time)"
# Xinhua via www.gov.cn, 2022-07-21 (https://www.gov.cn/xinwen/2022-07/21/content_5701964.htm): 一证通查 2.0 launched,
# phone number plus the last six digits of the ID, the count of linked accounts only. The 48-hour SMS reply from
# 10699000 is in MIIT's own 工信微报 announcement of the same day, as republished at
# http://life.jsnol.com/local/20220722/40900.html.
ONE_ID_SOURCE = (
    "https://www.gov.cn/xinwen/2022-07/21/content_5701964.htm (一证通查 2.0: number + last six ID digits, a count of linked "
    "accounts); 工信微报 2022-07-21 as republished at http://life.jsnol.com/local/20220722/40900.html (reply by SMS from "
    "10699000 within 48 hours)"
)
ONE_ID_DAYS = 2
# After the carrier's stated turnaround, a week for the apps to act and for carrier data to catch up (T+5 to T+7).
SETTLE_DAYS = 7


@dataclass(frozen=True)
class CarrierService:
    """One carrier's second-hand number service as the cited report states it (its name, entry and turnaround are the
    messages ``afterbuy.name.<carrier>``, ``afterbuy.entry.<carrier>`` and ``afterbuy.turnaround.<carrier>``)."""

    days: int
    hotline: str


CARRIER_SERVICES = {
    "china_mobile": CarrierService(7, "10086"),
    "china_unicom": CarrierService(1, "10010"),
    "china_telecom": CarrierService(7, "10000"),
}
_HOTLINES = {"china_broadnet": "10099"}
_FALLBACK_DAYS = 7
_CARRIER_CODES = {"CMCC": "china_mobile", "CUCC": "china_unicom", "CTCC": "china_telecom"}


class PlanStep(FrozenModel):
    """One thing to do, on a date, and the public source that states it ("" where it follows from the check).

    ``message``: the step as a message whose id names ``<id>.action`` and ``<id>.detail`` (as advice does);
    ``action_localized`` and ``detail_localized``: the two in the language asked for (`localize_plan`).
    """

    on: date
    action: str
    detail: str
    source: str = ""
    message: Message | None = None
    action_localized: str | None = None
    detail_localized: str | None = None


def _step(on: date, step_id: str, source: str = "", **params: Param) -> PlanStep:
    action = say(f"{step_id}.action", **params)
    detail = action.model_copy(update={"id": f"{step_id}.detail"})
    return PlanStep(on=on, action=english(action), detail=english(detail), source=source, message=action.model_copy(update={"id": step_id}))


class AfterBuyChange(FrozenModel):
    """How one checker's answer moved between the purchase check and the latest one."""

    checker_id: str
    checker_name: str
    kind: CheckerKind
    before: Status | None
    after: Status | None
    meaning: str
    meaning_message: Message | None = None
    meaning_localized: str | None = None


class AfterBuyPlan(FrozenModel):
    """The dated plan for a bought number, and (on a later run) what changed since the purchase check."""

    e164: str
    bought_on: date
    carrier: str
    carrier_note: str
    carrier_note_message: Message | None = None
    carrier_note_localized: str | None = None
    lang: str = "en"
    purchase_check_id: int
    purchase_checked_at: datetime
    purchase_verdict: Verdict
    steps: tuple[PlanStep, ...]
    recheck_on: date
    latest_check_id: int | None = None
    latest_checked_at: datetime | None = None
    latest_verdict: Verdict | None = None
    changes: tuple[AfterBuyChange, ...] = ()
    unchanged: int = 0
    # Answers that were no answer at the purchase check and now (blocked, error, unknown, skipped): not "unchanged".
    uncompared: int = 0


def current_carrier(check: StoredCheck, segment_operator: str | None) -> tuple[str, Message]:
    """The carrier to ask, and why: the carrier's own answer after porting when a check has one, else the segment's."""
    for item in check.findings.values():
        fact = item.reassignment
        if fact is not None and fact.ported:
            return segment_operator or "", say("afterbuy.carrier.ported")
        named = _CARRIER_CODES.get(str(item.facts.get("carrier") or ""), str(item.facts.get("carrier") or ""))
        if item.kind is CheckerKind.CARRIER and named in CARRIER_SERVICES:
            return named, say("afterbuy.carrier.answered", name=item.checker_name)
    if segment_operator:
        return segment_operator, say("afterbuy.carrier.segment")
    return "", say("afterbuy.carrier.unknown")


def _carrier_name(carrier: str) -> Message:
    known = f"afterbuy.name.{carrier}"
    return say(known) if carrier and known in AFTER_BUY else say("afterbuy.name.unknown")


def _service_step(carrier: str, bought_on: date) -> tuple[PlanStep, int]:
    service = CARRIER_SERVICES.get(carrier)
    name = _carrier_name(carrier)
    if service is not None:
        entry, turnaround = say(f"afterbuy.entry.{carrier}"), say(f"afterbuy.turnaround.{carrier}")
        step = _step(
            bought_on, "afterbuy.service", CARRIER_SERVICE_SOURCE, name=name, entry=entry, hotline=service.hotline, turnaround=turnaround
        )
        return step, service.days
    hotline = _HOTLINES.get(carrier)
    if hotline:
        return _step(bought_on, "afterbuy.ask_service_call", name=name, hotline=hotline), _FALLBACK_DAYS
    return _step(bought_on, "afterbuy.ask_service", name=name), _FALLBACK_DAYS


def plan(e164: str, bought_on: date, purchase: StoredCheck, segment_operator: str | None) -> AfterBuyPlan:
    """The dated plan made from the purchase check (``segment_operator``: the number's segment's carrier, if known)."""
    carrier, note = current_carrier(purchase, segment_operator)
    service, days = _service_step(carrier, bought_on)
    steps = [service]
    ready = bought_on + timedelta(days=days)
    steps.append(_step(bought_on, "afterbuy.one_id", ONE_ID_SOURCE))
    tenure = next((item for item in purchase.findings.values() if _dated(item)), None)
    if tenure is not None and tenure.reassignment is not None:
        fact = fact_message(tenure.reassignment)
        steps.append(_step(bought_on, "afterbuy.seller", CARRIER_SERVICE_SOURCE, fact=fact))
    for item in purchase.findings.values():
        if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED:
            steps.append(_step(bought_on, "afterbuy.release", name=item.checker_name))
        if item.kind is CheckerKind.REPUTATION and item.status is Status.REGISTERED:
            tags = say("afterbuy.tags", tags=item.tags) if item.tags else say("afterbuy.a_listing")
            steps.append(_step(bought_on, "afterbuy.appeal", name=item.checker_name, tags=tags))
    steps.append(_step(ready + timedelta(days=ONE_ID_DAYS), "afterbuy.one_id_again", ONE_ID_SOURCE))
    recheck = ready + timedelta(days=SETTLE_DAYS)
    steps.append(_step(recheck, "afterbuy.recheck", e164=e164, days=SETTLE_DAYS))
    return AfterBuyPlan(
        e164=e164,
        bought_on=bought_on,
        carrier=carrier,
        carrier_note=english(note),
        carrier_note_message=note,
        purchase_check_id=purchase.id,
        purchase_checked_at=purchase.checked_at,
        purchase_verdict=purchase.verdict,
        steps=tuple(sorted(steps, key=lambda step: step.on)),
        recheck_on=recheck,
    )


def purchase_check(checks: list[StoredCheck], bought_on: date) -> StoredCheck:
    """The check a purchase's plan rests on: the latest made on or before the day of purchase (``checks`` newest first).

    A buyer who records the purchase late (``--bought`` in the past) may have checked since: "what changed since the
    purchase" must start from what was known when buying. With no check that old, the earliest there is.
    """
    return next((check for check in checks if check.checked_at.date() <= bought_on), checks[-1])


def _dated(item: Finding) -> bool:
    fact = item.reassignment
    return fact is not None and fact.answer in (ReassignmentAnswer.REASSIGNED, ReassignmentAnswer.NOT_REASSIGNED)


_ACCOUNT_MOVES: dict[tuple[Status | None, Status | None], str] = {
    (Status.REGISTERED, Status.NOT_REGISTERED): "afterbuy.move.released",
    (Status.REGISTERED, Status.REGISTERED): "afterbuy.move.still_bound",
    (Status.NOT_REGISTERED, Status.REGISTERED): "afterbuy.move.new_binding",
}


def _status_move(was: Status | None, now: Status | None) -> Message:
    return say("afterbuy.move.status", before=was.value if was else "-", after=now.value if now else "-")


def _said(item: Finding) -> Message:
    if item.reassignment is not None:
        return fact_message(item.reassignment)
    return item.message if item.message is not None else say("said.verbatim", text=item.detail)


def _meaning(before: Finding | None, after: Finding | None) -> Message:
    was = before.status if before is not None else None
    now = after.status if after is not None else None
    if after is None:
        return say("afterbuy.move.not_asked")
    if before is None:
        return say("afterbuy.move.newly_asked")
    kind = after.kind
    if now in (Status.BLOCKED, Status.ERROR, Status.UNKNOWN, Status.SKIPPED) and (was is not now or kind is not CheckerKind.CARRIER):
        # Tags that vanished from an answer that is no answer (unknown both times) were not cleared: unknown is not clean.
        return say("afterbuy.move.no_answer", status=after.status.value)
    if kind is CheckerKind.ACCOUNT:
        move = _ACCOUNT_MOVES.get((was, now))
        return say(move) if move else _status_move(was, now)
    if kind is CheckerKind.REPUTATION:
        if was is Status.REGISTERED and now is Status.NOT_REGISTERED:
            return say("afterbuy.move.listing_cleared")
        cleared = sorted(set(before.tags) - set(after.tags))
        added = sorted(set(after.tags) - set(before.tags))
        moves = [say("afterbuy.move.tag_cleared", tag=tag) for tag in cleared] + [say("afterbuy.move.tag_added", tag=tag) for tag in added]
        if moves:
            return say("afterbuy.move.tags", moves=moves)
        return say("afterbuy.move.still_listed") if now is Status.REGISTERED else _status_move(was, now)
    then, today = _said(before), _said(after)
    return say("afterbuy.move.unchanged") if then == today else say("afterbuy.move.then_now", then=then, now=today)


def changes(purchase: StoredCheck, latest: StoredCheck) -> tuple[tuple[AfterBuyChange, ...], int]:
    """What moved between the purchase check and the latest one, and how many answers stayed the same."""
    moved, unchanged = [], 0
    for checker_id in sorted(purchase.findings.keys() | latest.findings.keys()):
        before, after = purchase.findings.get(checker_id), latest.findings.get(checker_id)
        same = not_asked_again(before, after) or (
            before is not None
            and after is not None
            and answer_of(before) == answer_of(after)
            and (before.kind is not CheckerKind.ACCOUNT or before.status is not Status.REGISTERED)
        )
        if same:
            unchanged += 1
            continue
        named = after or before
        assert named is not None
        meaning = _meaning(before, after)
        moved.append(
            AfterBuyChange(
                checker_id=checker_id,
                checker_name=named.checker_name,
                kind=named.kind,
                before=before.status if before else None,
                after=after.status if after else None,
                meaning=english(meaning),
                meaning_message=meaning,
            )
        )
    return tuple(moved), unchanged


def with_changes(made: AfterBuyPlan, purchase: StoredCheck, latest: StoredCheck) -> AfterBuyPlan:
    """``made`` with what changed from the purchase check to ``latest`` (the same check: nothing yet)."""
    if latest.id == purchase.id:
        return made
    moved, unchanged = changes(purchase, latest)
    silent = uncompared(purchase, latest)
    return made.model_copy(
        update={
            "latest_check_id": latest.id,
            "latest_checked_at": latest.checked_at,
            "latest_verdict": latest.verdict,
            "changes": moved,
            "unchanged": unchanged - silent,
            "uncompared": silent,
        }
    )


_NO_ANSWER = (Status.BLOCKED, Status.ERROR, Status.UNKNOWN, Status.SKIPPED)


def compared(made: AfterBuyPlan) -> int:
    """How many answers the later check could compare with the purchase check's: an answer both times."""
    answered = sum(change.before not in (*_NO_ANSWER, None) and change.after not in (*_NO_ANSWER, None) for change in made.changes)
    return made.unchanged + answered


def uncompared(purchase: StoredCheck, latest: StoredCheck) -> int:
    """How many of the answers `changes` counts as unchanged were no answer both times, or not asked again (reused within
    the TTL): they cannot show that nothing moved."""
    silent = 0
    for checker_id in purchase.findings.keys() & latest.findings.keys():
        before, after = purchase.findings[checker_id], latest.findings[checker_id]
        # A reused answer is the purchase check's own lookup: "unchanged" only because it was not asked again.
        silent += not_asked_again(before, after) or (before.status in _NO_ANSWER and answer_of(before) == answer_of(after))
    return silent
