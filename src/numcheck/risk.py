"""Turn findings of any kind into risk per dimension, coverage, a verdict and advice.

The engine never looks at checker ids. It reads each finding's kind, status, category,
tags and facts, so a checker added later moves the risk by what it reports:

* ``account`` findings: ``registered`` is a lingering binding. It raises **bindings** by the
  weight of the service's category (payment, messaging and finance/lending weigh most), and
  never less than to ``medium``. A registration at a lending service also raises
  **debt_collection**. ``not_registered`` answers are the evidence a ``low`` needs.
* ``reputation`` findings speak to what their category covers: ``caller_tags`` sources (what
  others' phones show when this number calls) cover **harassment**, the buyer's outbound
  reputation; ``collection_calls`` sources cover **debt_collection** (collectors calling this
  number about someone's debts); a general ``reputation`` list (your team's) covers both.
  Tags move risk by `TAG_EFFECTS`; a score moves nothing until its checker, reading it on its
  own scale, tags it ``negative_rating``.
* ``carrier`` findings of category ``reassignment``: ``reassigned`` raises **recycling**,
  ``not_reassigned`` lowers it. A ``line`` answer (validity, line type) moves and covers nothing.
* ``offline`` findings: segment age, virtual-operator and vanity tags feed **recycling**.

Recycling is a prior, not a harm: it never sets the verdict by itself, it raises how many
definitive account answers a ``low`` bindings level needs. A dimension no definitive finding
spoke to is ``unknown``: unknown is never clean.
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
MIN_COVERAGE_RATIO = 0.5
# Definitive account answers a "low" bindings level needs, by how surely the number had previous owners.
ACCOUNT_ANSWERS_NEEDED: dict[Level, int] = {Level.LOW: 3, Level.MEDIUM: 5, Level.HIGH: 7, Level.UNKNOWN: 5}

# Points a registered account adds to bindings, by service category (never below MEDIUM_SCORE in all).
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
# What a definitive reputation answer speaks to, by the source's category.
REPUTATION_COVERS: dict[str, frozenset[Dimension]] = {
    "caller_tags": frozenset({Dimension.HARASSMENT}),
    "collection_calls": frozenset({Dimension.DEBT_COLLECTION}),
    "reputation": frozenset({Dimension.HARASSMENT, Dimension.DEBT_COLLECTION}),
}
REASSIGNMENT_CATEGORY = "reassignment"
NOT_REASSIGNED_RELIEF = 50


@dataclass(frozen=True)
class TagEffect:
    """What one tag does to one dimension, and what it means for the buyer."""

    dimension: Dimension
    points: int
    text: str


_OUTBOUND = "others' phones label calls from this number"
# The tag vocabulary. A tag not listed here is kept in the finding but moves no risk.
TAG_EFFECTS: dict[str, tuple[TagEffect, ...]] = {
    "collector_caller": (
        TagEffect(Dimension.HARASSMENT, 60, f"{_OUTBOUND} 催收 (debt collector): your own calls will be rejected or ignored"),
    ),
    "harassment": (TagEffect(Dimension.HARASSMENT, 60, f"{_OUTBOUND} 骚扰 (harassment): your calls will be rejected"),),
    "fraud": (TagEffect(Dimension.HARASSMENT, 70, f"{_OUTBOUND} 诈骗 (fraud): your calls may be blocked outright"),),
    "advertising": (TagEffect(Dimension.HARASSMENT, 35, f"{_OUTBOUND} 广告推销 (advertising): your calls look like sales calls"),),
    "real_estate": (TagEffect(Dimension.HARASSMENT, 30, f"{_OUTBOUND} 房产中介 (real-estate agent)"),),
    "insurance_finance": (TagEffect(Dimension.HARASSMENT, 30, f"{_OUTBOUND} 保险理财 (insurance/finance sales)"),),
    "spam": (TagEffect(Dimension.HARASSMENT, 40, f"{_OUTBOUND} spam"),),
    "negative_rating": (
        TagEffect(Dimension.HARASSMENT, 60, "rated in the source's negative band: people who got calls from it reported them"),
    ),
    "delivery": (TagEffect(Dimension.HARASSMENT, 5, f"{_OUTBOUND} 快递 (delivery): a previous business use"),),
    "taxi": (TagEffect(Dimension.HARASSMENT, 5, f"{_OUTBOUND} taxi/ride service: a previous business use"),),
    "collection_calls": (
        TagEffect(Dimension.DEBT_COLLECTION, 70, "collectors call this number about a previous owner's debts: expect such calls"),
    ),
    "reassigned": (TagEffect(Dimension.RECYCLING, 80, "the carrier says the number changed owner"),),
    "deactivated": (
        TagEffect(Dimension.RECYCLING, 60, "the carrier says the number is deactivated: it is not in service, whoever offers it"),
    ),
    "tenure_under_3_months": (
        TagEffect(
            Dimension.RECYCLING, 30, "the current subscriber has held the number for under 3 months: the previous owner's traces are fresh"
        ),
    ),
    "suspended": (
        TagEffect(
            Dimension.RECYCLING,
            40,
            "the carrier has suspended the number (停机): often unpaid bills or a number on its way back to the pool",
        ),
    ),
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


def speaks_to(item: Finding) -> frozenset[Dimension]:
    """The dimensions a definitive answer of this finding's checker can cover (empty: it informs no risk)."""
    if item.kind is CheckerKind.ACCOUNT:
        lending = {Dimension.DEBT_COLLECTION} if item.category in LENDING_CATEGORIES else set()
        return frozenset({Dimension.BINDINGS, *lending})
    if item.kind is CheckerKind.REPUTATION:
        return REPUTATION_COVERS.get(item.category, REPUTATION_COVERS["reputation"])
    if item.kind is CheckerKind.CARRIER and item.category == REASSIGNMENT_CATEGORY:
        return frozenset({Dimension.RECYCLING})
    return frozenset()


def coverage(findings: Iterable[Finding]) -> Coverage:
    """Count online answers of checkers that speak to a risk; only ``registered``/``not_registered`` are definitive.

    A line-validity answer (a ``carrier`` finding outside ``reassignment``) is not counted: it
    says nothing about bindings, collectors, tags or reassignment.
    """
    online = [item for item in findings if item.kind is not CheckerKind.OFFLINE and speaks_to(item)]
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
    lending = item.category in LENDING_CATEGORIES
    if lending:
        tallies[Dimension.DEBT_COLLECTION].covered = True
    if item.status is Status.REGISTERED:
        weight = CATEGORY_WEIGHTS.get(item.category, DEFAULT_CATEGORY_WEIGHT)
        tallies[Dimension.BINDINGS].add(
            weight, f"an account is still registered at {item.checker_name} ({item.category}): a lingering binding", item.checker_id
        )
        if lending:
            tallies[Dimension.DEBT_COLLECTION].add(
                30, f"registered at the lending/finance service {item.checker_name}: old loans may bring collectors", item.checker_id
            )


def _covers(item: Finding, tallies: dict[Dimension, _Tally]) -> None:
    if item.kind is CheckerKind.ACCOUNT or not item.status.definitive:
        return
    for dimension in speaks_to(item):
        tallies[dimension].covered = True


def _tags(item: Finding, tallies: dict[Dimension, _Tally]) -> None:
    if item.status not in (Status.REGISTERED, Status.NOT_REGISTERED, Status.INFO):
        return
    for tag in item.tags:
        if tag == "not_reassigned":
            recycling = tallies[Dimension.RECYCLING]
            recycling.covered = True
            recycling.add(
                -NOT_REASSIGNED_RELIEF,
                f"{item.checker_name}: the carrier says the number did not change owner since the date asked",
                item.checker_id,
            )
            continue
        for effect in TAG_EFFECTS.get(tag, ()):
            tally = tallies[effect.dimension]
            tally.covered = True
            tally.add(effect.points, f"{item.checker_name}: {effect.text}", item.checker_id)


def _settle_bindings(bindings: _Tally, answered: list[Finding], asked: int, recycling: Level) -> None:
    """Bindings are at least medium with any registration, and low only with enough definitive answers."""
    registered = any(item.status is Status.REGISTERED for item in answered)
    if registered:
        bindings.covered = True
        if bindings.points < MEDIUM_SCORE:
            bindings.add(MEDIUM_SCORE - bindings.points, "any registered account is a lingering binding: at least medium", None)
        return
    if not answered:
        return
    needed = ACCOUNT_ANSWERS_NEEDED[recycling]
    enough = len(answered) >= needed and len(answered) / max(asked, 1) >= MIN_COVERAGE_RATIO
    bindings.covered = enough
    if not enough:
        prior = "" if recycling is Level.LOW else f" (recycling is {recycling.value}: this number likely had previous owners)"
        bindings.reasons.append(
            Reason(text=f"{len(answered)} of {asked} account lookups answered definitively, all negative; a low needs {needed}{prior}")
        )


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
        _covers(item, tallies)
        _tags(item, tallies)
    recycling = tallies[Dimension.RECYCLING]
    recycling_level = _level(max(0, recycling.points)) if recycling.covered else Level.UNKNOWN
    _settle_bindings(tallies[Dimension.BINDINGS], answered, account_asked, recycling_level)
    risks = []
    for dimension, tally in tallies.items():
        if not tally.covered:
            if not tally.reasons:
                tally.reasons.append(Reason(text=_UNASKED[dimension]))
            risks.append(Risk(dimension=dimension, level=Level.UNKNOWN, score=0, reasons=tuple(tally.reasons)))
            continue
        score = max(0, min(100, tally.points))
        if not tally.reasons:
            tally.reasons.append(Reason(text="every definitive answer was negative"))
        risks.append(Risk(dimension=dimension, level=_level(score), score=score, reasons=tuple(tally.reasons)))
    return tuple(risks), coverage(findings)


_UNASKED = {
    Dimension.BINDINGS: "no account lookup answered definitively: lingering bindings were not checked",
    Dimension.DEBT_COLLECTION: "no lending service or collection-call source answered: calls from collectors were not checked",
    Dimension.HARASSMENT: "no caller-tag source answered: how others' phones label this number was not checked",
    Dimension.RECYCLING: "nothing is known about this number's history",
}

PERSONAL = (Dimension.BINDINGS, Dimension.DEBT_COLLECTION, Dimension.HARASSMENT)


def verdict(risks: tuple[Risk, ...], cover: Coverage) -> Verdict:
    """Decided by the three personal dimensions only; recycling acts through the evidence bindings need.

    High risk on any high personal dimension; caution on any medium; low risk only with
    sufficient coverage and all three personal dimensions covered and low.
    """
    levels = {risk.dimension: risk.level for risk in risks}
    personal = [levels[dimension] for dimension in PERSONAL]
    if Level.HIGH in personal:
        return Verdict.HIGH_RISK
    if Level.MEDIUM in personal:
        return Verdict.CAUTION
    if not cover.sufficient or Level.UNKNOWN in personal:
        return Verdict.NOT_ENOUGH_DATA
    return Verdict.LOW_RISK


_VERDICT_TEXT = {
    Verdict.HIGH_RISK: "High risk",
    Verdict.CAUTION: "Caution",
    Verdict.NOT_ENOUGH_DATA: "Not enough data to call this number clean",
    Verdict.LOW_RISK: "Low risk: the services asked found no lingering bindings, collection calls or caller tags",
}


def _name(dimension: Dimension) -> str:
    return dimension.value.replace("_", " ")


def summarize(risks: tuple[Risk, ...], cover: Coverage, outcome: Verdict, offline: bool) -> str:
    """One paragraph a person reads first: the verdict, what drove it, and what was not checked."""
    parts = [_VERDICT_TEXT[outcome] + "."]
    for risk in risks:
        if risk.level in (Level.HIGH, Level.MEDIUM) and risk.dimension in PERSONAL:
            parts.append(f"{_name(risk.dimension)}: {risk.level.value} ({risk.reasons[0].text}).")
    recycling = next(risk for risk in risks if risk.dimension is Dimension.RECYCLING)
    if recycling.level in (Level.HIGH, Level.MEDIUM):
        parts.append(f"Recycling is {recycling.level.value} ({recycling.reasons[0].text}): more evidence is needed to call it clean.")
    unknown = [_name(risk.dimension) for risk in risks if risk.level is Level.UNKNOWN and risk.dimension in PERSONAL]
    asked = cover.online_checkers - cover.skipped
    if unknown:
        if offline:
            why = "offline mode asked no online service"
        elif asked == 0:
            why = "no online checker that answers for them was asked"
        elif cover.definitive == asked:
            why = f"all {asked} online checks answered, but none answers for these"
        else:
            why = f"{cover.definitive} of {asked} online checks answered definitively"
        parts.append(f"Not checked: {', '.join(unknown)} ({why}); unknown is not clean.")
    elif not cover.sufficient:
        parts.append(f"Coverage is poor ({cover.definitive} definitive answers of {asked} asked).")
    return " ".join(parts)


_CARRIER_SERVICES = {
    "china_mobile": "China Mobile (中国移动): 10086 or the China Mobile app",
    "china_unicom": "China Unicom (中国联通): 10010 or the China Unicom app",
    "china_telecom": "China Telecom (中国电信): 10000 or the China Telecom app",
    "china_broadnet": "China Broadnet (中国广电): 10099 or the China Broadnet app",
}


def advise(
    findings: Iterable[Finding], risks: tuple[Risk, ...], operator: str | None, chinese: bool, *, offline: bool = False
) -> tuple[Advice, ...]:
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
    debt = [
        item.checker_id
        for item in findings
        if "collection_calls" in item.tags
        or (item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED and item.category in LENDING_CATEGORIES)
    ]
    if levels.get(Dimension.DEBT_COLLECTION) in (Level.MEDIUM, Level.HIGH):
        advice.append(
            Advice(
                dimension=Dimension.DEBT_COLLECTION,
                action="Expect calls for the previous owner's debts; tell collectors the number changed hands",
                detail="Keep a record of the calls; complain to the lender and, in China, to the financial consumer hotline 12378 if calls continue.",
                because_of=tuple(debt),
            )
        )
    tagged = [
        item.checker_id
        for item in findings
        if item.kind is CheckerKind.REPUTATION and item.tags and Dimension.HARASSMENT in speaks_to(item)
    ]
    if levels.get(Dimension.HARASSMENT) in (Level.MEDIUM, Level.HIGH):
        advice.append(
            Advice(
                dimension=Dimension.HARASSMENT,
                action="Appeal the number's caller-ID tags before using it for calls",
                detail="Caller-ID apps (Tencent 手机管家, 360 手机卫士, Baidu 号码认证, tellows) accept appeals from the number's owner.",
                because_of=tuple(tagged),
            )
        )
    if any(levels.get(dimension) is Level.UNKNOWN for dimension in PERSONAL):
        if offline:
            action = "Run the online checks (without --offline), or ask the seller how long the number has been idle"
        else:
            action = "Ask the seller how long the number has been idle, and enable more sources (API keys, your team's list) for what stayed unknown"
        advice.append(
            Advice(
                dimension=None,
                action=action,
                detail="Unknown is not clean: dimensions nobody answered for may still carry the previous owner's history.",
            )
        )
    never = [item.checker_id for item in findings if "never_issued" in item.tags]
    if never:
        advice.insert(
            0,
            Advice(
                dimension=None,
                action="Do not buy: this number was never issued",
                detail="Its segment was never opened to subscribers. A seller offering it is mistaken or dishonest; ask the carrier before paying anything.",
                because_of=tuple(never),
            ),
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
