"""Turn findings of any kind into risk per dimension, coverage, a verdict and advice.

The rules are written for buyers in docs/verdict.md; each is a property test
(tests/unit/test_verdict_properties.py). The engine never looks at checker ids: it reads each
finding's kind, status, category, tags and facts, so a checker added later moves the risk by
what it reports. Every finding is first read into facts of four natures:

* **moot**: the purchase makes no sense (``never_issued``, ``no_sms``, ``deactivated``): the
  verdict is ``do_not_buy`` whatever else answered;
* **adverse**: something the buyer would inherit: a registered account, any hit in a reputation
  source, any collection signal, any caller tag, and any answer nothing maps (a tag outside the
  vocabulary, or the ``unmapped`` tag a checker sets on a code or band it cannot place). Each
  lifts the dimensions it speaks to to at least ``medium``, and the verdict to at least
  ``caution``;
* **prior**: recycling signals (segment age, vanity, virtual operator, a recent reassignment):
  they raise how many definitive account answers a ``low`` bindings level needs, and never set
  the verdict alone;
* **tenure**: a carrier's "not reassigned since X" says how long the current holder (usually the
  seller) has held the number. It is reported, and never lowers the evidence needed: the
  seller's own bindings are exactly what a buyer inherits.

Reasons, the summary and the verdict are all built from these same facts, so they cannot
contradict each other. A dimension no definitive finding spoke to is ``unknown``: unknown is
never clean.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

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
from numcheck.tags import KNOWN_TAGS, MOOT_TAGS, NOT_REASSIGNED, PRIOR_LEVELS, TAG_EFFECTS, UNMAPPED, WARNING_TAGS

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
# Account categories that are lenders: a registration there is a collection signal. Matched after folding case and
# spaces, with the words checkers and their authors use for them.
LENDING_CATEGORIES = frozenset({"finance", "lending", "loan", "loans", "credit", "p2p", "金融", "借贷", "贷款", "网贷"})
# What a definitive reputation answer speaks to, by the source's category.
REPUTATION_COVERS: dict[str, frozenset[Dimension]] = {
    "caller_tags": frozenset({Dimension.HARASSMENT}),
    "collection_calls": frozenset({Dimension.DEBT_COLLECTION}),
    "reputation": frozenset({Dimension.HARASSMENT, Dimension.DEBT_COLLECTION}),
}
REASSIGNMENT_CATEGORY = "reassignment"
PERSONAL = (Dimension.BINDINGS, Dimension.DEBT_COLLECTION, Dimension.HARASSMENT)


class Nature(StrEnum):
    """What one fact does to the verdict (docs/verdict.md)."""

    MOOT = "moot"
    ADVERSE = "adverse"
    PRIOR = "prior"
    TENURE = "tenure"


@dataclass(frozen=True)
class Fact:
    """One thing a finding says, read once; risk levels, reasons, the verdict and the summary all come from these."""

    nature: Nature
    dimensions: frozenset[Dimension]
    text: str
    checker_id: str | None
    points: int = 0
    # The recycling tag a prior fact stands for: it sets the evidence bindings need (PRIOR_LEVELS).
    prior: str | None = None


def _fold(word: str) -> str:
    return word.strip().lower()


def _lending(item: Finding) -> bool:
    return item.kind is CheckerKind.ACCOUNT and _fold(item.category) in LENDING_CATEGORIES


def facts_of(item: Finding) -> list[Fact]:
    """The facts one finding states, whatever its checker (never an empty reading of an adverse answer)."""
    found: list[Fact] = []
    name, source = item.checker_name, item.checker_id
    for written in item.tags:
        tag = _fold(written)
        if tag in MOOT_TAGS:
            found.append(Fact(Nature.MOOT, frozenset(), MOOT_TAGS[tag], source))
            continue
        if tag == NOT_REASSIGNED:
            since = item.facts.get("since")
            when = f" since {str(since)[:10]}" if since else " since the date asked"
            found.append(Fact(Nature.TENURE, frozenset({Dimension.RECYCLING}), (
                f"{name}: the carrier says the number did not change owner{when}: the current holder (usually the seller) has "
                "held it at least that long, and their bindings are what you inherit"), source))  # fmt: skip
            continue
        if tag in WARNING_TAGS:
            found.append(Fact(Nature.ADVERSE, frozenset(), f"{name}: {WARNING_TAGS[tag]}", source))
        if tag in TAG_EFFECTS:
            for effect in TAG_EFFECTS[tag]:
                if effect.dimension is Dimension.RECYCLING:
                    found.append(Fact(Nature.PRIOR, frozenset({effect.dimension}), f"{name}: {effect.text}", source, effect.points, tag))
                else:
                    found.append(Fact(Nature.ADVERSE, frozenset({effect.dimension}), f"{name}: {effect.text}", source, effect.points))
        elif tag not in KNOWN_TAGS or tag == UNMAPPED:
            what = "an answer" if tag == UNMAPPED else repr(written)
            text = f"{name} gave {what} numcheck cannot map: treated as a warning, never as clean"
            found.append(Fact(Nature.ADVERSE, speaks_to(item), text, source, MEDIUM_SCORE))
    if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED:
        weight = CATEGORY_WEIGHTS.get(_fold(item.category), DEFAULT_CATEGORY_WEIGHT)
        text = f"an account is still registered at {name} ({item.category}): a lingering binding"
        found.append(Fact(Nature.ADVERSE, frozenset({Dimension.BINDINGS}), text, source, weight))
        if _lending(item):
            text = f"registered at the lending/finance service {name}: old loans may bring collectors"
            found.append(Fact(Nature.ADVERSE, frozenset({Dimension.DEBT_COLLECTION}), text, source, 30))
    if item.kind is CheckerKind.REPUTATION and item.status is Status.REGISTERED:
        # A hit is adverse whatever its tags say, on everything its source speaks to: a collection-call source that
        # lists the number is a collection signal even when its tag names another harm.
        text = f"{name} lists this number ({', '.join(item.tags) or 'no tag'}): a hit in a reputation source"
        found.append(Fact(Nature.ADVERSE, speaks_to(item), text, source))
    reassignment = item.kind is CheckerKind.CARRIER and _fold(item.category) == REASSIGNMENT_CATEGORY
    if reassignment and item.status is Status.REGISTERED and not any(fact.nature is not Nature.ADVERSE for fact in found):
        # "Registered" from a reassignment source is its "reassigned", whether or not its author tagged it so.
        effect = TAG_EFFECTS["reassigned"][0]
        found.append(Fact(Nature.PRIOR, frozenset({Dimension.RECYCLING}), f"{name}: {effect.text}", source, effect.points, "reassigned"))
    return found


@dataclass
class _Tally:
    points: int = 0
    covered: bool = False
    adverse: bool = False
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
    """Which of the buyer's three questions a definitive answer of this finding's checker answers (empty: none).

    A carrier's answer answers none of them: reassignment is a recycling fact (a prior or a tenure), read from tags.
    """
    if item.kind is CheckerKind.ACCOUNT:
        lending = {Dimension.DEBT_COLLECTION} if _lending(item) else set()
        return frozenset({Dimension.BINDINGS, *lending})
    if item.kind is CheckerKind.REPUTATION:
        # A category numcheck does not know covers nothing: a new or misspelt one must not answer for more than a known one.
        return REPUTATION_COVERS.get(_fold(item.category), frozenset())
    return frozenset()


def _per_checker(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per checker: its first definitive answer, else its first finding; a checker counts once."""
    chosen: dict[str, Finding] = {}
    for item in findings:
        kept = chosen.get(item.checker_id)
        if kept is None or (item.status.definitive and not kept.status.definitive):
            chosen[item.checker_id] = item
    return list(chosen.values())


def coverage(findings: Iterable[Finding]) -> Coverage:
    """Count online answers of checkers that speak to bindings, debt collection or harassment.

    Only ``registered``/``not_registered`` are definitive. A carrier's answer (reassignment or line
    validity) is not counted: it says nothing about accounts, collectors or caller tags.
    """
    # Only checkers that speak to a personal dimension count: a carrier's reassignment answer is a recycling fact,
    # and counting it would let the seller's tenure stand in for answers about bindings (docs/verdict.md, rule 5).
    online = _per_checker(item for item in findings if item.kind is not CheckerKind.OFFLINE and speaks_to(item))
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


@dataclass(frozen=True)
class Judgement:
    """Everything the verdict rests on: the facts read from the findings, the risks and the coverage."""

    facts: tuple[Fact, ...]
    risks: tuple[Risk, ...]
    coverage: Coverage

    def of(self, nature: Nature) -> tuple[Fact, ...]:
        """The facts of one nature, in the order the findings gave them."""
        return tuple(fact for fact in self.facts if fact.nature is nature)


def _apply(fact: Fact, tallies: dict[Dimension, _Tally]) -> None:
    for dimension in sorted(fact.dimensions):
        tally = tallies[dimension]
        if fact.nature is Nature.TENURE:
            tally.reasons.append(Reason(text=fact.text, checker_id=fact.checker_id))
            continue
        tally.covered = True
        tally.add(fact.points, fact.text, fact.checker_id)
        tally.adverse = tally.adverse or fact.nature is Nature.ADVERSE


def _settle_bindings(bindings: _Tally, answered: list[Finding], asked: int, recycling: Level) -> None:
    """Bindings are low only with enough definitive negative answers for the recycling prior."""
    if bindings.adverse or not answered:
        return
    needed = ACCOUNT_ANSWERS_NEEDED[recycling]
    enough = len(answered) >= needed and len(answered) / max(asked, 1) >= MIN_COVERAGE_RATIO
    bindings.covered = enough
    if not enough:
        prior = "" if recycling is Level.LOW else f" (recycling is {recycling.value}: this number likely had previous owners)"
        bindings.reasons.append(
            Reason(text=f"{len(answered)} of {asked} account lookups answered definitively, all negative; a low needs {needed}{prior}")
        )


_PRIOR_ORDER = [Level.LOW, Level.MEDIUM, Level.HIGH]


def judge(findings: Iterable[Finding]) -> Judgement:
    """Read every finding into facts, then risk per dimension and coverage from those facts alone."""
    findings = list(findings)
    facts = tuple(fact for item in findings for fact in facts_of(item))
    tallies = {dimension: _Tally() for dimension in Dimension}
    for item in findings:
        if item.kind is not CheckerKind.ACCOUNT and item.status.definitive:
            # A definitive answer covers the personal dimensions its checker speaks to; bindings need enough of them
            # (below). Recycling is covered by prior facts alone: a bare carrier answer must not make the prior "low".
            for dimension in speaks_to(item):
                tallies[dimension].covered = True
        elif item.status.definitive and _lending(item):
            tallies[Dimension.DEBT_COLLECTION].covered = True
    for fact in facts:
        _apply(fact, tallies)
    # The strongest prior sets the evidence needed; a tenure fact is no prior, so it can never lower what bindings need.
    priors = [PRIOR_LEVELS[fact.prior] for fact in facts if fact.prior in PRIOR_LEVELS]
    prior_level = max(priors, key=_PRIOR_ORDER.index) if priors else Level.UNKNOWN
    accounts = _per_checker(item for item in findings if item.kind is CheckerKind.ACCOUNT)
    answered = [item for item in accounts if item.status.definitive]
    asked = sum(1 for item in accounts if item.status is not Status.SKIPPED)
    _settle_bindings(tallies[Dimension.BINDINGS], answered, asked, prior_level)
    risks = []
    for dimension, tally in tallies.items():
        if not tally.covered:
            if not tally.reasons:
                tally.reasons.append(Reason(text=_UNASKED[dimension]))
            risks.append(Risk(dimension=dimension, level=Level.UNKNOWN, score=0, reasons=tuple(tally.reasons)))
            continue
        if tally.adverse and tally.points < MEDIUM_SCORE:
            tally.add(MEDIUM_SCORE - tally.points, "any adverse fact is at least medium: a buyer would inherit it", None)
        score = max(0, min(100, tally.points))
        if not tally.reasons:
            tally.reasons.append(Reason(text="every definitive answer was negative"))
        risks.append(Risk(dimension=dimension, level=_level(score), score=score, reasons=tuple(tally.reasons)))
    return Judgement(facts=facts, risks=tuple(risks), coverage=coverage(findings))


def assess(findings: Iterable[Finding]) -> tuple[tuple[Risk, ...], Coverage]:
    """Risk per dimension and coverage from any set of findings."""
    judgement = judge(findings)
    return judgement.risks, judgement.coverage


_UNASKED = {
    Dimension.BINDINGS: "no account lookup answered definitively: lingering bindings were not checked",
    Dimension.DEBT_COLLECTION: "no lending service or collection-call source answered: calls from collectors were not checked",
    Dimension.HARASSMENT: "no caller-tag source answered: how others' phones label this number was not checked",
    Dimension.RECYCLING: "nothing is known about this number's history",
}


def decide(judgement: Judgement) -> Verdict:
    """The verdict, by the rules of docs/verdict.md, in their order of precedence.

    1. Any moot fact: do not buy. 2. Any high personal dimension: high risk. 3. Any medium personal
    dimension or any adverse fact: caution. 4. Low risk only with sufficient coverage and the three
    personal dimensions covered and low; otherwise not enough data.
    """
    if judgement.of(Nature.MOOT):
        return Verdict.DO_NOT_BUY
    levels = {risk.dimension: risk.level for risk in judgement.risks}
    personal = [levels[dimension] for dimension in PERSONAL]
    if Level.HIGH in personal:
        return Verdict.HIGH_RISK
    if Level.MEDIUM in personal or judgement.of(Nature.ADVERSE):
        return Verdict.CAUTION
    if not judgement.coverage.sufficient or Level.UNKNOWN in personal:
        return Verdict.NOT_ENOUGH_DATA
    return Verdict.LOW_RISK


def verdict(findings: Iterable[Finding]) -> Verdict:
    """The verdict for a set of findings (see `decide`)."""
    return decide(judge(findings))


_VERDICT_TEXT = {
    Verdict.DO_NOT_BUY: "Do not buy",
    Verdict.HIGH_RISK: "High risk",
    Verdict.CAUTION: "Caution",
    Verdict.NOT_ENOUGH_DATA: "Not enough data to call this number clean",
    Verdict.LOW_RISK: "Low risk: the services asked found no lingering bindings, collection calls or caller tags",
}


def _name(dimension: Dimension) -> str:
    return dimension.value.replace("_", " ")


def summarize(judgement: Judgement, outcome: Verdict, offline: bool) -> str:
    """One paragraph a person reads first: the verdict, what drove it, and what was not checked."""
    risks, cover = judgement.risks, judgement.coverage
    moot = dict.fromkeys(fact.text for fact in judgement.of(Nature.MOOT))
    parts = [_VERDICT_TEXT[outcome] + (": " + "; ".join(moot) if moot else "") + "."]
    for risk in risks:
        if risk.level in (Level.HIGH, Level.MEDIUM) and risk.dimension in PERSONAL:
            parts.append(f"{_name(risk.dimension)}: {risk.level.value} ({risk.reasons[0].text}).")
    # Adverse facts no personal dimension carries (an unmappable carrier code, say) are said here, or nowhere.
    parts += [fact.text[0].upper() + fact.text[1:] + "." for fact in judgement.of(Nature.ADVERSE) if not fact.dimensions]
    recycling = next(risk for risk in risks if risk.dimension is Dimension.RECYCLING)
    if outcome is Verdict.NOT_ENOUGH_DATA and recycling.level in (Level.HIGH, Level.MEDIUM):
        strongest = max(recycling.reasons, key=lambda reason: reason.points)
        parts.append(f"Recycling is {recycling.level.value} ({strongest.text}): more evidence is needed to call it clean.")
    parts += [fact.text[0].upper() + fact.text[1:] + "." for fact in judgement.of(Nature.TENURE)]
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
        bindings = next(risk for risk in risks if risk.dimension is Dimension.BINDINGS)
        if bindings.level is Level.UNKNOWN and "a low needs" in bindings.reasons[-1].text:
            # Account lookups did answer, only too few for this number's history: say that, not "none answers".
            unknown.remove(_name(Dimension.BINDINGS))
            parts.append(f"Bindings not settled: {bindings.reasons[-1].text}.")
        if unknown:
            parts.append(f"Not checked: {', '.join(unknown)} ({why}); unknown is not clean.")
        else:
            parts.append("Unknown is not clean.")
    elif not cover.sufficient:
        parts.append(f"Coverage is poor ({cover.definitive} definitive answers of {asked} asked).")
    return " ".join(parts)


_CARRIER_SERVICES = {
    "china_mobile": "China Mobile (中国移动): 10086 or the China Mobile app",
    "china_unicom": "China Unicom (中国联通): 10010 or the China Unicom app",
    "china_telecom": "China Telecom (中国电信): 10000 or the China Telecom app",
    "china_broadnet": "China Broadnet (中国广电): 10099 or the China Broadnet app",
}


def advise(judgement: Judgement, findings: Iterable[Finding], operator: str | None, chinese: bool, *, offline: bool) -> tuple[Advice, ...]:
    """What to do, tied to the findings that call for it."""
    findings = list(findings)
    levels = {risk.dimension: risk.level for risk in judgement.risks}
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
        item.checker_id for item in findings if "collection_calls" in item.tags or (item.status is Status.REGISTERED and _lending(item))
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
    moot = judgement.of(Nature.MOOT)
    if moot:
        advice.insert(
            0,
            Advice(
                dimension=None,
                action="Do not buy: " + "; ".join(dict.fromkeys(fact.text for fact in moot)),
                detail="A seller offering this number is mistaken or dishonest; ask the carrier before paying anything.",
                because_of=tuple(dict.fromkeys(fact.checker_id for fact in moot if fact.checker_id)),
            ),
        )
    return tuple(advice)
