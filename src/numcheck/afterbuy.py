"""After the purchase: a dated plan from the purchase check, and later what changed since it (numcheck after-buy).

The plan names, for the number's carrier, the second-hand number service (二次号码焕新) entry and
the turnaround a public report states, MIIT's 一证通查 2.0 for the owner's own count, an appeal
per binding and caller tag the purchase check found, and a date to check again. On a later run
the history answers "what changed since I bought it": bindings that let go, bindings still there,
reputation tags cleared, and the carrier's reassignment answer then and now.

Every date and turnaround is one a named public source states; where numcheck knows none (China
Broadnet's service), the plan says so instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from numcheck._model import FrozenModel
from numcheck.reassignment import ReassignmentAnswer
from numcheck.report import CheckerKind, Finding, Status, Verdict
from numcheck.store import StoredCheck

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
    """One carrier's second-hand number service as the cited report states it."""

    name: str
    entry: str
    turnaround: str
    days: int
    hotline: str


CARRIER_SERVICES = {
    "china_mobile": CarrierService(
        "China Mobile (中国移动)", "the China Mobile app: search 二次号码焕新", "within 5 working days", 7, "10086"
    ),
    "china_unicom": CarrierService(
        "China Unicom (中国联通)",
        "the China Unicom app: 服务 > 通用服务 > 二次号码焕新",
        "pushed to the apps at once (实时推送)",
        1,
        "10010",
    ),
    "china_telecom": CarrierService(
        "China Telecom (中国电信)", "the China Telecom app: search 二次焕新 (not in its mini-program)", "within 5 working days", 7, "10000"
    ),
}
_HOTLINES = {"china_broadnet": ("China Broadnet (中国广电)", "10099")}
_FALLBACK_DAYS = 7
_CARRIER_CODES = {"CMCC": "china_mobile", "CUCC": "china_unicom", "CTCC": "china_telecom"}


class PlanStep(FrozenModel):
    """One thing to do, on a date, and the public source that states it ("" where it follows from the check)."""

    on: date
    action: str
    detail: str
    source: str = ""


class AfterBuyChange(FrozenModel):
    """How one checker's answer moved between the purchase check and the latest one."""

    checker_id: str
    checker_name: str
    kind: CheckerKind
    before: Status | None
    after: Status | None
    meaning: str


class AfterBuyPlan(FrozenModel):
    """The dated plan for a bought number, and (on a later run) what changed since the purchase check."""

    e164: str
    bought_on: date
    carrier: str
    carrier_note: str
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


def current_carrier(check: StoredCheck, segment_operator: str | None) -> tuple[str, str]:
    """The carrier to ask, and why: the carrier's own answer after porting when a check has one, else the segment's."""
    for item in check.findings.values():
        fact = item.reassignment
        if fact is not None and fact.ported:
            return (
                segment_operator or "",
                "the number was ported (携号转网): ask the carrier you bought the SIM from, not necessarily the segment's",
            )
        named = _CARRIER_CODES.get(str(item.facts.get("carrier") or ""), str(item.facts.get("carrier") or ""))
        if item.kind is CheckerKind.CARRIER and named in CARRIER_SERVICES:
            return named, f"the carrier today as {item.checker_name} answered it, after any porting"
    if segment_operator:
        return (
            segment_operator,
            "the segment's original carrier: since 2019-11-27 a number may have moved (携号转网); ask the one you bought from",
        )
    return "", "numcheck does not know the carrier: ask the one you bought the SIM from"


def _service_step(carrier: str, bought_on: date) -> tuple[PlanStep, int]:
    service = CARRIER_SERVICES.get(carrier)
    if service is not None:
        step = PlanStep(
            on=bought_on,
            action=f"Ask {service.name} to release the previous owner's app accounts: 二次号码焕新",
            detail=f"Entry: {service.entry} (or {service.hotline}). Stated processing time: {service.turnaround}; "
            "only accounts from before the number was reissued are released.",
            source=CARRIER_SERVICE_SOURCE,
        )
        return step, service.days
    name, hotline = _HOTLINES.get(carrier, ("your carrier", ""))
    call = f" ({hotline})" if hotline else ""
    step = PlanStep(
        on=bought_on,
        action=f"Ask {name}{call} whether it offers a second-hand number service (二次号码焕新 / 解绑)",
        detail="numcheck knows of no public statement of this carrier's entry or turnaround, so it gives none.",
    )
    return step, _FALLBACK_DAYS


def plan(e164: str, bought_on: date, purchase: StoredCheck, segment_operator: str | None) -> AfterBuyPlan:
    """The dated plan made from the purchase check (``segment_operator``: the number's segment's carrier, if known)."""
    carrier, note = current_carrier(purchase, segment_operator)
    service, days = _service_step(carrier, bought_on)
    steps = [service]
    ready = bought_on + timedelta(days=days)
    steps.append(
        PlanStep(
            on=bought_on,
            action="Query 一证通查 2.0 for the number (owner only: number, last six digits of your ID, an SMS code)",
            detail="MIIT's service answers with the count of internet accounts linked to the number, by SMS from 10699000 "
            "within 48 hours; numcheck cannot and does not do it for you. Keep the count: it is your baseline.",
            source=ONE_ID_SOURCE,
        )
    )
    tenure = next((item.reassignment for item in purchase.findings.values() if _dated(item)), None)
    if tenure is not None:
        steps.append(
            PlanStep(
                on=bought_on,
                action="Ask the seller to unbind their own accounts from the number",
                detail=f"At the purchase check the carrier's answer was: {tenure.sentence()}. The carriers' service releases "
                "only accounts from before the number was last reissued, so a holder's own bindings since then are theirs to "
                "remove.",
                source=CARRIER_SERVICE_SOURCE,
            )
        )
    for item in purchase.findings.values():
        if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED:
            steps.append(
                PlanStep(
                    on=bought_on,
                    action=f"Ask {item.checker_name} to release the old account from this number",
                    detail="Its account appeal (申诉) or change-of-number (换绑) route; never log in to the previous owner's account.",
                )
            )
        if item.kind is CheckerKind.REPUTATION and item.status is Status.REGISTERED:
            tags = ", ".join(item.tags) or "a listing"
            steps.append(
                PlanStep(
                    on=bought_on,
                    action=f"Appeal the number's listing at {item.checker_name} ({tags})",
                    detail="Caller-ID and reputation sources take corrections from the number's new owner.",
                )
            )
    steps.append(
        PlanStep(
            on=ready + timedelta(days=ONE_ID_DAYS),
            action="Query 一证通查 2.0 again and compare with your baseline",
            detail="After the carrier's stated processing time; the count should have dropped for every app that let go.",
            source=ONE_ID_SOURCE,
        )
    )
    recheck = ready + timedelta(days=SETTLE_DAYS)
    steps.append(
        PlanStep(
            on=recheck,
            action=f"Run 'numcheck after-buy {e164}' again",
            detail="It checks the number again and shows what changed since the purchase check: bindings released, "
            f"tags cleared. (The carrier's processing time plus {SETTLE_DAYS} days for the apps, and for carrier data that "
            "runs 5 to 7 days late.)",
        )
    )
    return AfterBuyPlan(
        e164=e164,
        bought_on=bought_on,
        carrier=carrier,
        carrier_note=note,
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
    (Status.REGISTERED, Status.NOT_REGISTERED): "binding released",
    (Status.REGISTERED, Status.REGISTERED): "binding still there",
    (Status.NOT_REGISTERED, Status.REGISTERED): "new binding (yours, or the service changed)",
}


def _meaning(before: Finding | None, after: Finding | None) -> str:
    kind = (after or before).kind if (after or before) is not None else None  # type: ignore[union-attr]
    was = before.status if before is not None else None
    now = after.status if after is not None else None
    if after is None:
        return "not asked in the latest check"
    if before is None:
        return "newly asked"
    if now in (Status.BLOCKED, Status.ERROR, Status.UNKNOWN, Status.SKIPPED) and (was is not now or kind is not CheckerKind.CARRIER):
        # Tags that vanished from an answer that is no answer (unknown both times) were not cleared: unknown is not clean.
        return f"no definitive answer this time ({now.value}): not known to be cleared"
    if kind is CheckerKind.ACCOUNT:
        return _ACCOUNT_MOVES.get((was, now), f"{was.value if was else '-'} -> {now.value if now else '-'}")
    if kind is CheckerKind.REPUTATION:
        if was is Status.REGISTERED and now is Status.NOT_REGISTERED:
            return "listing cleared"
        cleared = sorted(set(before.tags) - set(after.tags))
        added = sorted(set(after.tags) - set(before.tags))
        parts = [f"tag {tag} cleared" for tag in cleared] + [f"tag {tag} added" for tag in added]
        if parts:
            return "; ".join(parts)
        return "still listed" if now is Status.REGISTERED else f"{was.value if was else '-'} -> {now.value if now else '-'}"
    then = before.reassignment.sentence() if before.reassignment else before.detail
    today = after.reassignment.sentence() if after.reassignment else after.detail
    return "unchanged" if then == today else f"then: {then}; now: {today}"


def _answer(item: Finding) -> tuple[object, ...]:
    # A carrier's dated answer can move while its status and tags stay put ("held since before 2024" then "since after
    # 2026-11": the number changed hands again), so its answer and bracket are part of what it said.
    fact = item.reassignment
    dated = (fact.answer, fact.bracket, fact.changed_while_asking) if fact is not None else ()
    return (item.status, tuple(sorted(item.tags)), *dated)


def changes(purchase: StoredCheck, latest: StoredCheck) -> tuple[tuple[AfterBuyChange, ...], int]:
    """What moved between the purchase check and the latest one, and how many answers stayed the same."""
    moved, unchanged = [], 0
    for checker_id in sorted(purchase.findings.keys() | latest.findings.keys()):
        before, after = purchase.findings.get(checker_id), latest.findings.get(checker_id)
        same = (
            before is not None
            and after is not None
            and _answer(before) == _answer(after)
            and (before.kind is not CheckerKind.ACCOUNT or before.status is not Status.REGISTERED)
        )
        if same:
            unchanged += 1
            continue
        named = after or before
        assert named is not None
        moved.append(
            AfterBuyChange(
                checker_id=checker_id,
                checker_name=named.checker_name,
                kind=named.kind,
                before=before.status if before else None,
                after=after.status if after else None,
                meaning=_meaning(before, after),
            )
        )
    return tuple(moved), unchanged


def with_changes(made: AfterBuyPlan, purchase: StoredCheck, latest: StoredCheck) -> AfterBuyPlan:
    """``made`` with what changed from the purchase check to ``latest`` (the same check: nothing yet)."""
    if latest.id == purchase.id:
        return made
    moved, unchanged = changes(purchase, latest)
    return made.model_copy(
        update={
            "latest_check_id": latest.id,
            "latest_checked_at": latest.checked_at,
            "latest_verdict": latest.verdict,
            "changes": moved,
            "unchanged": unchanged,
        }
    )
