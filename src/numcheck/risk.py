"""Turn findings of any kind into risk per dimension, coverage, a verdict and advice.

The engine never looks at checker ids. It reads each finding's kind, status, category,
tags and facts, so a checker added later moves the risk by what it reports:

* ``account`` findings: ``registered`` raises **bindings** by the weight of the service's
  category (payment, messaging and finance/lending weigh most); a registration at a lending
  service also raises **debt_collection**. ``not_registered`` answers count as coverage.
* ``reputation`` findings: tags (``debt_collection``, ``harassment``, ``fraud`` ...) and a
  0-9 ``score`` fact raise **harassment** and **debt_collection**.
* ``carrier`` findings: the ``reassigned`` tag raises **recycling**; ``not_reassigned`` lowers it.
* ``offline`` findings: segment age, virtual-operator and vanity tags feed **recycling**.

A dimension no definitive finding spoke to is ``unknown``: unknown is never clean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from numcheck.report import (
    Advice,
    CheckerKind,
    Coverage,
    Dimension,
    Finding,
    Level,
    Reason,
    Risk,
    Status,
    Verdict,
)

HIGH_SCORE = 60
MEDIUM_SCORE = 25
# Below this many definitive account answers, "nothing registered" says too little to call bindings low.
MIN_ACCOUNT_ANSWERS = 3
MIN_COVERAGE_RATIO = 0.5

# Points a registered account adds to bindings, by service category.
CATEGORY_WEIGHTS: dict[str, int] = {
    "payment": 45,
    "finance": 45,
    "lending": 45,
    "messaging": 40,
    "social": 30,
    "shopping": 30,
    "education": 30,
    "government": 30,
    "travel": 25,
    "jobs": 25,
}
DEFAULT_CATEGORY_WEIGHT = 15
LENDING_CATEGORIES = frozenset({"finance", "lending"})


@dataclass(frozen=True)
class TagEffect:
    """What one tag does to one dimension."""

    dimension: Dimension
    points: int
    text: str


# The tag vocabulary. A tag not listed here is kept in the finding but moves no risk.
TAG_EFFECTS: dict[str, tuple[TagEffect, ...]] = {
    "debt_collection": (TagEffect(Dimension.DEBT_COLLECTION, 70, "tagged as debt collection (催收)"),),
    "insurance_finance": (
        TagEffect(Dimension.DEBT_COLLECTION, 30, "tagged as insurance/finance calls"),
        TagEffect(Dimension.HARASSMENT, 25, "tagged as insurance/finance calls"),
    ),
    "harassment": (TagEffect(Dimension.HARASSMENT, 60, "tagged as harassment (骚扰)"),),
    "fraud": (TagEffect(Dimension.HARASSMENT, 70, "tagged as fraud (诈骗)"),),
    "advertising": (TagEffect(Dimension.HARASSMENT, 35, "tagged as advertising/promotion (广告推销)"),),
    "real_estate": (TagEffect(Dimension.HARASSMENT, 30, "tagged as real-estate agent (房产中介)"),),
    "spam": (TagEffect(Dimension.HARASSMENT, 40, "tagged as spam"),),
    "delivery": (TagEffect(Dimension.HARASSMENT, 5, "tagged as delivery (快递): a previous business use"),),
    "taxi": (TagEffect(Dimension.HARASSMENT, 5, "tagged as taxi/ride service: a previous business use"),),
    "reassigned": (TagEffect(Dimension.RECYCLING, 80, "the carrier says the number was reassigned"),),
    "not_reassigned": (TagEffect(Dimension.RECYCLING, 0, "the carrier says the number was not reassigned"),),
    "segment_pre_2010": (TagEffect(Dimension.RECYCLING, 60, "old segment: almost surely had previous owners"),),
    "segment_2010_2016": (TagEffect(Dimension.RECYCLING, 35, "segment in use for a decade: a previous owner is likely"),),
    "segment_since_2017": (TagEffect(Dimension.RECYCLING, 15, "recent segment: fewer cycles of reuse"),),
    "mvno": (TagEffect(Dimension.RECYCLING, 20, "virtual-operator segment: higher spam/fraud association"),),
    "vanity": (TagEffect(Dimension.RECYCLING, 15, "vanity number: likely used widely by the previous owner"),),
    "four_heavy": (TagEffect(Dimension.RECYCLING, 5, "unpopular 4-heavy number: changes hands often"),),
}


@dataclass
class _Tally:
    points: int = 0
    covered: bool = False
    reasons: list[Reason] = field(default_factory=list)

    def add(self, points: int, text: str, checker_id: str | None) -> None:
        self.points += points
        self.reasons.append(Reason(text=text, checker_id=checker_id, points=points))


def _level(points: int) -> Level:
    if points >= HIGH_SCORE:
        return Level.HIGH
    if points >= MEDIUM_SCORE:
        return Level.MEDIUM
    return Level.LOW


def coverage(findings: Iterable[Finding]) -> Coverage:
    """Count online answers; only ``registered``/``not_registered`` are definitive."""
    online = [item for item in findings if item.kind is not CheckerKind.OFFLINE]
    counts = {status: sum(1 for item in online if item.status is status) for status in Status}
    definitive = counts[Status.REGISTERED] + counts[Status.NOT_REGISTERED]
    asked = len(online) - counts[Status.SKIPPED]
    ratio = definitive / asked if asked else 0.0
    return Coverage(
        online_checkers=len(online),
        definitive=definitive,
        unknown=counts[Status.UNKNOWN],
        blocked=counts[Status.BLOCKED],
        error=counts[Status.ERROR],
        skipped=counts[Status.SKIPPED],
        ratio=round(ratio, 3),
        sufficient=asked > 0 and ratio >= MIN_COVERAGE_RATIO,
    )


def _account(item: Finding, tallies: dict[Dimension, _Tally], answered: list[Finding]) -> None:
    if not item.status.definitive:
        return
    answered.append(item)
    bindings = tallies[Dimension.BINDINGS]
    lending = item.category in LENDING_CATEGORIES
    if lending:
        tallies[Dimension.DEBT_COLLECTION].covered = True
    if item.status is Status.REGISTERED:
        weight = CATEGORY_WEIGHTS.get(item.category, DEFAULT_CATEGORY_WEIGHT)
        bindings.add(weight, f"an account is still registered at {item.checker_name} ({item.category})", item.checker_id)
        if lending:
            tallies[Dimension.DEBT_COLLECTION].add(
                30, f"registered at the lending/finance service {item.checker_name}: old loans may bring collectors", item.checker_id
            )


def _reputation(item: Finding, tallies: dict[Dimension, _Tally]) -> None:
    if not item.status.definitive:
        return
    for dimension in (Dimension.HARASSMENT, Dimension.DEBT_COLLECTION):
        tallies[dimension].covered = True
    score = item.facts.get("score")
    if isinstance(score, int | float) and not isinstance(score, bool):
        if score >= 7:
            tallies[Dimension.HARASSMENT].add(60, f"{item.checker_name} rates it {score}/9 (dangerous)", item.checker_id)
        elif score >= 5:
            tallies[Dimension.HARASSMENT].add(30, f"{item.checker_name} rates it {score}/9 (doubtful)", item.checker_id)


def _tags(item: Finding, tallies: dict[Dimension, _Tally]) -> None:
    if item.status not in (Status.REGISTERED, Status.NOT_REGISTERED, Status.INFO):
        return
    for tag in item.tags:
        for effect in TAG_EFFECTS.get(tag, ()):
            tally = tallies[effect.dimension]
            tally.covered = True
            tally.add(effect.points, f"{item.checker_name}: {effect.text}", item.checker_id)


def assess(findings: Iterable[Finding]) -> tuple[tuple[Risk, ...], Coverage]:
    """Risk per dimension and coverage from any set of findings."""
    findings = list(findings)
    tallies = {dimension: _Tally() for dimension in Dimension}
    answered: list[Finding] = []
    account_asked = 0
    for item in findings:
        if item.kind is CheckerKind.ACCOUNT:
            account_asked += item.status is not Status.SKIPPED
            _account(item, tallies, answered)
        elif item.kind is CheckerKind.REPUTATION:
            _reputation(item, tallies)
        _tags(item, tallies)
    bindings = tallies[Dimension.BINDINGS]
    if answered:
        enough = len(answered) >= MIN_ACCOUNT_ANSWERS and len(answered) / max(account_asked, 1) >= MIN_COVERAGE_RATIO
        bindings.covered = bindings.points > 0 or enough
        if not bindings.covered:
            bindings.reasons.append(
                Reason(text=f"only {len(answered)} of {account_asked} account lookups answered definitively: too few to call bindings low")
            )
    risks = []
    for dimension, tally in tallies.items():
        if not tally.covered:
            if not tally.reasons:
                tally.reasons.append(Reason(text=_UNASKED[dimension]))
            risks.append(Risk(dimension=dimension, level=Level.UNKNOWN, score=0, reasons=tuple(tally.reasons)))
            continue
        score = min(100, tally.points)
        if not tally.reasons:
            tally.reasons.append(Reason(text="every definitive answer was negative"))
        risks.append(Risk(dimension=dimension, level=_level(score), score=score, reasons=tuple(tally.reasons)))
    return tuple(risks), coverage(findings)


_UNASKED = {
    Dimension.BINDINGS: "no account lookup answered definitively: lingering bindings were not checked",
    Dimension.DEBT_COLLECTION: "no reputation source or lending service answered: debt-collection calls were not checked",
    Dimension.HARASSMENT: "no reputation source answered: spam/harassment tags were not checked",
    Dimension.RECYCLING: "nothing is known about this number's history",
}

_PERSONAL = (Dimension.BINDINGS, Dimension.DEBT_COLLECTION, Dimension.HARASSMENT)


def verdict(risks: tuple[Risk, ...], cover: Coverage) -> Verdict:
    """High risk on any high personal dimension; caution on any medium/high; low risk only with full, sufficient coverage."""
    levels = {risk.dimension: risk.level for risk in risks}
    if any(levels[dimension] is Level.HIGH for dimension in _PERSONAL):
        return Verdict.HIGH_RISK
    if any(level in (Level.MEDIUM, Level.HIGH) for level in levels.values()):
        return Verdict.CAUTION
    if not cover.sufficient or any(level is Level.UNKNOWN for level in levels.values()):
        return Verdict.NOT_ENOUGH_DATA
    return Verdict.LOW_RISK


_VERDICT_TEXT = {
    Verdict.HIGH_RISK: "High risk",
    Verdict.CAUTION: "Caution",
    Verdict.NOT_ENOUGH_DATA: "Not enough data to call this number clean",
    Verdict.LOW_RISK: "Low risk: no lingering bindings, debt-collection or harassment signs found",
}


def summarize(risks: tuple[Risk, ...], cover: Coverage, outcome: Verdict, offline: bool) -> str:
    """One paragraph a person reads first: the verdict, what drove it, and what was not checked."""
    parts = [_VERDICT_TEXT[outcome] + "."]
    for risk in risks:
        if risk.level in (Level.HIGH, Level.MEDIUM):
            parts.append(f"{risk.dimension.value.replace('_', ' ')}: {risk.level.value} ({risk.reasons[0].text}).")
    unknown = [risk.dimension.value.replace("_", " ") for risk in risks if risk.level is Level.UNKNOWN]
    if unknown:
        why = "offline mode asked no online service" if offline else f"only {cover.definitive} online checks answered definitively"
        parts.append(f"Not checked: {', '.join(unknown)} ({why}); unknown is not clean.")
    elif not cover.sufficient:
        parts.append(f"Coverage is poor ({cover.definitive} definitive answers of {cover.online_checkers - cover.skipped} asked).")
    return " ".join(parts)


_CARRIER_SERVICES = {
    "china_mobile": "China Mobile (中国移动): 10086 or the China Mobile app",
    "china_unicom": "China Unicom (中国联通): 10010 or the China Unicom app",
    "china_telecom": "China Telecom (中国电信): 10000 or the China Telecom app",
    "china_broadnet": "China Broadnet (中国广电): 10099 or the China Broadnet app",
}


def advise(findings: Iterable[Finding], risks: tuple[Risk, ...], operator: str | None, chinese: bool) -> tuple[Advice, ...]:
    """What to do, tied to the findings that call for it."""
    findings = list(findings)
    levels = {risk.dimension: risk.level for risk in risks}
    advice: list[Advice] = []
    registered = [item for item in findings if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED]
    if chinese:
        service = _CARRIER_SERVICES.get(operator or "", "your carrier's customer service")
        advice.append(
            Advice(
                dimension=Dimension.BINDINGS,
                action="After buying, use the carrier's second-hand number unbinding service (二次号码焕新 / 一键解绑)",
                detail=f"It asks 200+ apps to release the previous owner's accounts from this number. Ask {service}.",
            )
        )
        advice.append(
            Advice(
                dimension=Dimension.BINDINGS,
                action="Check the accounts bound to your numbers with MIIT's 一证通查 2.0 service",
                detail="Owner-only: you enter the number, the last six digits of your ID and an SMS code; numcheck cannot do this for you.",
            )
        )
    for item in registered:
        advice.append(
            Advice(
                dimension=Dimension.BINDINGS,
                action=f"Ask {item.checker_name} to release the old account from this number",
                detail="Use the app's account appeal (申诉) or 'number changed hands' (换绑) channel; never log in to the previous owner's account.",
                because_of=(item.checker_id,),
            )
        )
    debt = [item.checker_id for item in findings if "debt_collection" in item.tags]
    if levels.get(Dimension.DEBT_COLLECTION) in (Level.MEDIUM, Level.HIGH):
        advice.append(
            Advice(
                dimension=Dimension.DEBT_COLLECTION,
                action="Expect calls for the previous owner's debts; tell collectors the number changed hands",
                detail="Keep a record of the calls; complain to the lender and, in China, to the financial consumer hotline 12378 if calls continue.",
                because_of=tuple(debt),
            )
        )
    tagged = [item.checker_id for item in findings if item.kind is CheckerKind.REPUTATION and item.tags]
    if levels.get(Dimension.HARASSMENT) in (Level.MEDIUM, Level.HIGH):
        advice.append(
            Advice(
                dimension=Dimension.HARASSMENT,
                action="Appeal the number's caller-ID tags before using it for calls",
                detail="Caller-ID apps (Tencent 手机管家, 360 手机卫士, Baidu 号码认证, tellows) accept appeals from the number's owner.",
                because_of=tuple(tagged),
            )
        )
    if any(level is Level.UNKNOWN for level in levels.values()):
        advice.append(
            Advice(
                dimension=None,
                action="Run the online checks (without --offline), or ask the seller how long the number has been idle",
                detail="Unknown is not clean: dimensions nobody answered for may still carry the previous owner's history.",
            )
        )
    if any("iot_line" in item.tags or "data_line" in item.tags for item in findings):
        advice.append(
            Advice(
                dimension=None,
                action="Do not buy this as a personal number",
                detail="IoT and data-card numbers cannot receive ordinary SMS: most apps cannot be bound to them.",
                because_of=tuple(item.checker_id for item in findings if "iot_line" in item.tags or "data_line" in item.tags),
            )
        )
    return tuple(advice)
