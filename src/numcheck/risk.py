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

from collections.abc import Iterable, Sequence
from enum import StrEnum
from typing import NamedTuple

from numcheck.messages import Message, Param, english, joined, say
from numcheck.report import Advice, CheckerKind, Coverage, Dimension, Finding, Level, Reason, Risk, Status, Verdict
from numcheck.tags import KNOWN_TAGS, MOOT_TAGS, NOT_REASSIGNED, PRIOR_LEVELS, TAG_EFFECTS, UNMAPPED, WARNING_TAGS

HIGH_SCORE = 60
MEDIUM_SCORE = 25
MIN_COVERAGE_RATIO = 0.5
# Definitive account answers a "low" bindings level needs, by how surely the number had previous owners.
ACCOUNT_ANSWERS_NEEDED: dict[Level, int] = {Level.LOW: 3, Level.MEDIUM: 5, Level.HIGH: 7, Level.UNKNOWN: 5}

# Points a registered account adds to bindings, by service category (never below MEDIUM_SCORE in all).
CATEGORY_WEIGHTS: dict[str, int] = {
    "payment": 45, "finance": 45, "lending": 45, "messaging": 40, "social": 30, "shopping": 30, "education": 30, "government": 30,
    "travel": 25, "jobs": 25,
}  # fmt: skip
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


class Fact(NamedTuple):
    """One thing a finding says, read once; risk levels, reasons, the verdict and the summary all come from these."""

    nature: Nature
    dimensions: frozenset[Dimension]
    message: Message
    checker_id: str | None
    points: int = 0
    # The recycling tag a prior fact stands for: it sets the evidence bindings need (PRIOR_LEVELS).
    prior: str | None = None

    @property
    def text(self) -> str:
        """The fact in English."""
        return english(self.message)


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
            found.append(Fact(Nature.MOOT, frozenset(), say(MOOT_TAGS[tag]), source))
            continue
        if tag == NOT_REASSIGNED:
            since = item.facts.get("since")
            text = say("reason.tenure_since", name=name, since=str(since)[:10]) if since else say("reason.tenure_asked", name=name)
            found.append(Fact(Nature.TENURE, frozenset({Dimension.RECYCLING}), text, source))
            continue
        if tag in WARNING_TAGS:
            found.append(Fact(Nature.ADVERSE, frozenset(), say("reason.named", name=name, what=say(WARNING_TAGS[tag])), source))
        if tag in TAG_EFFECTS:
            for effect in TAG_EFFECTS[tag]:
                said = say("reason.named", name=name, what=say(effect.message))
                if effect.dimension is Dimension.RECYCLING:
                    found.append(Fact(Nature.PRIOR, frozenset({effect.dimension}), said, source, effect.points, tag))
                else:
                    found.append(Fact(Nature.ADVERSE, frozenset({effect.dimension}), said, source, effect.points))
        elif tag not in KNOWN_TAGS or tag == UNMAPPED:
            text = say("reason.unmapped_answer", name=name) if tag == UNMAPPED else say("reason.unmapped_tag", name=name, tag=written)
            found.append(Fact(Nature.ADVERSE, speaks_to(item), text, source, MEDIUM_SCORE))
    if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED:
        weight = CATEGORY_WEIGHTS.get(_fold(item.category), DEFAULT_CATEGORY_WEIGHT)
        text = say("reason.registered", name=name, category=item.category)
        found.append(Fact(Nature.ADVERSE, frozenset({Dimension.BINDINGS}), text, source, weight))
        if _lending(item):
            found.append(Fact(Nature.ADVERSE, frozenset({Dimension.DEBT_COLLECTION}), say("reason.lending", name=name), source, 30))
    if item.kind is CheckerKind.REPUTATION and item.status is Status.REGISTERED:
        # A hit is adverse whatever its tags say, on everything its source speaks to: a collection-call source that
        # lists the number is a collection signal even when its tag names another harm.
        text = say("reason.listed", name=name, tags=item.tags) if item.tags else say("reason.listed_untagged", name=name)
        found.append(Fact(Nature.ADVERSE, speaks_to(item), text, source))
    reassignment = item.kind is CheckerKind.CARRIER and _fold(item.category) == REASSIGNMENT_CATEGORY
    if reassignment and item.status is Status.REGISTERED and not any(fact.nature is not Nature.ADVERSE for fact in found):
        # "Registered" from a reassignment source is its "reassigned", whether or not its author tagged it so.
        effect = TAG_EFFECTS["reassigned"][0]
        said = say("reason.named", name=name, what=say(effect.message))
        found.append(Fact(Nature.PRIOR, frozenset({Dimension.RECYCLING}), said, source, effect.points, "reassigned"))
    return found


class _Tally:
    # A plain class: value types here are NamedTuples and this one a bare class, as each dataclass costs start-up time.
    __slots__ = ("adverse", "covered", "points", "reasons")

    def __init__(self) -> None:
        self.points = 0
        self.covered = False
        self.adverse = False
        self.reasons: list[Reason] = []

    def add(self, points: int, message: Message, checker_id: str | None) -> None:
        self.points += points
        self.reasons.append(reason(message, checker_id, points))


def reason(message: Message, checker_id: str | None = None, points: int = 0) -> Reason:
    """A `Reason` saying ``message`` (its English text and its id)."""
    return Reason(text=english(message), checker_id=checker_id, points=points, message=message)


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
        online_checkers=len(online), definitive=definitive, unknown=counts[Status.UNKNOWN], blocked=counts[Status.BLOCKED],
        error=counts[Status.ERROR], skipped=counts[Status.SKIPPED], ratio=round(ratio, 3),
        sufficient=asked > 0 and ratio >= MIN_COVERAGE_RATIO,
    )  # fmt: skip


class Judgement(NamedTuple):
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
            tally.reasons.append(reason(fact.message, fact.checker_id))
            continue
        tally.covered = True
        tally.add(fact.points, fact.message, fact.checker_id)
        tally.adverse = tally.adverse or fact.nature is Nature.ADVERSE


def _settle_bindings(bindings: _Tally, answered: list[Finding], asked: int, recycling: Level) -> None:
    """Bindings are low only with enough definitive negative answers for the recycling prior."""
    if bindings.adverse or not answered:
        return
    needed = ACCOUNT_ANSWERS_NEEDED[recycling]
    enough = len(answered) >= needed and len(answered) / max(asked, 1) >= MIN_COVERAGE_RATIO
    bindings.covered = enough
    if not enough:
        counts = {"answered": len(answered), "asked": asked, "needed": needed}
        few = (
            say("reason.bindings_few", **counts) if recycling is Level.LOW else say("reason.bindings_few_prior", **counts, level=recycling)
        )
        bindings.reasons.append(reason(few))


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
                tally.reasons.append(reason(say(f"reason.unasked.{dimension.value}")))
            risks.append(Risk(dimension=dimension, level=Level.UNKNOWN, score=0, reasons=tuple(tally.reasons)))
            continue
        if tally.adverse and tally.points < MEDIUM_SCORE:
            tally.add(MEDIUM_SCORE - tally.points, say("reason.adverse_floor"), None)
        score = max(0, min(100, tally.points))
        if not tally.reasons:
            tally.reasons.append(reason(say("reason.all_negative")))
        risks.append(Risk(dimension=dimension, level=_level(score), score=score, reasons=tuple(tally.reasons)))
    return Judgement(facts=facts, risks=tuple(risks), coverage=coverage(findings))


def assess(findings: Iterable[Finding]) -> tuple[tuple[Risk, ...], Coverage]:
    """Risk per dimension and coverage from any set of findings."""
    judgement = judge(findings)
    return judgement.risks, judgement.coverage


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


def summarize(judgement: Judgement, outcome: Verdict, offline: bool) -> str:
    """One paragraph a person reads first, in English (see `summary_messages`)."""
    return joined(summary_messages(judgement, outcome, offline))


def summary_messages(judgement: Judgement, outcome: Verdict, offline: bool) -> tuple[Message, ...]:
    """The summary a sentence at a time: the verdict, what drove it, and what was not checked."""
    risks, cover = judgement.risks, judgement.coverage
    moot = list({fact.text: fact.message for fact in judgement.of(Nature.MOOT)}.values())
    verdict_text = say(f"verdict.{outcome.value}")
    parts = [say("summary.verdict_moot", verdict=verdict_text, facts=moot) if moot else say("summary.verdict", verdict=verdict_text)]
    for risk in risks:
        if risk.level in (Level.HIGH, Level.MEDIUM) and risk.dimension in PERSONAL:
            parts.append(say("summary.dimension", dimension=risk.dimension, level=risk.level, reason=_said(risk.reasons[0])))
    # Adverse facts no personal dimension carries (an unmappable carrier code, say) are said here, or nowhere.
    parts += [say("summary.fact", fact=fact.message) for fact in judgement.of(Nature.ADVERSE) if not fact.dimensions]
    recycling = next(risk for risk in risks if risk.dimension is Dimension.RECYCLING)
    if outcome is Verdict.NOT_ENOUGH_DATA and recycling.level in (Level.HIGH, Level.MEDIUM):
        strongest = max(recycling.reasons, key=lambda item: item.points)
        parts.append(say("summary.recycling", level=recycling.level, reason=_said(strongest)))
    parts += [say("summary.fact", fact=fact.message) for fact in judgement.of(Nature.TENURE)]
    unknown = [risk.dimension for risk in risks if risk.level is Level.UNKNOWN and risk.dimension in PERSONAL]
    asked = cover.online_checkers - cover.skipped
    if unknown:
        if offline:
            why = say("why.offline")
        elif asked == 0:
            why = say("why.none_asked")
        elif cover.definitive == asked:
            why = say("why.all_answered", asked=asked)
        else:
            why = say("why.some_answered", definitive=cover.definitive, asked=asked)
        bindings = next(risk for risk in risks if risk.dimension is Dimension.BINDINGS)
        last = bindings.reasons[-1].message
        if bindings.level is Level.UNKNOWN and last is not None and last.id in ("reason.bindings_few", "reason.bindings_few_prior"):
            # Account lookups did answer, only too few for this number's history: say that, not "none answers".
            unknown.remove(Dimension.BINDINGS)
            parts.append(say("summary.bindings_unsettled", reason=_said(bindings.reasons[-1])))
        parts.append(say("summary.not_checked", dimensions=unknown, why=why) if unknown else say("summary.unknown_not_clean"))
    elif not cover.sufficient:
        parts.append(say("summary.poor_coverage", definitive=cover.definitive, asked=asked))
    return tuple(parts)


def _said(item: Reason) -> Message:
    # Every reason the engine writes has its message; one read from a report without ids is quoted as it was written.
    return item.message if item.message is not None else say("said.verbatim", text=item.text)


_CARRIER_SERVICES = frozenset({"china_mobile", "china_unicom", "china_telecom", "china_broadnet"})


def _advice(dimension: Dimension | None, advice_id: str, because_of: Iterable[str] = (), **params: Param | Sequence[Message]) -> Advice:
    """One `Advice`: its action and detail are the catalog's ``<id>.action`` and ``<id>.detail``, with the same parameters."""
    action = say(f"{advice_id}.action", **params)
    detail = action.model_copy(update={"id": f"{advice_id}.detail"})
    message = action.model_copy(update={"id": advice_id})
    return Advice(dimension=dimension, action=english(action), detail=english(detail), because_of=tuple(because_of), message=message)


def advise(judgement: Judgement, findings: Iterable[Finding], operator: str | None, chinese: bool, *, offline: bool) -> tuple[Advice, ...]:
    """What to do, tied to the findings that call for it."""
    findings = list(findings)
    levels = {risk.dimension: risk.level for risk in judgement.risks}
    advice: list[Advice] = []
    registered = [item for item in findings if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED]
    if chinese:
        service = say(f"service.{operator}" if operator in _CARRIER_SERVICES else "service.unknown")
        advice.append(_advice(Dimension.BINDINGS, "advice.carrier_unbinding", service=service))
        advice.append(_advice(Dimension.BINDINGS, "advice.one_id_check"))
    for item in registered:
        advice.append(_advice(Dimension.BINDINGS, "advice.release_account", (item.checker_id,), name=item.checker_name))
    debt = [
        item.checker_id for item in findings if "collection_calls" in item.tags or (item.status is Status.REGISTERED and _lending(item))
    ]
    if levels.get(Dimension.DEBT_COLLECTION) in (Level.MEDIUM, Level.HIGH):
        advice.append(_advice(Dimension.DEBT_COLLECTION, "advice.expect_collectors", debt))
    reputation = [item for item in findings if item.kind is CheckerKind.REPUTATION and item.tags]
    tagged = [item.checker_id for item in reputation if Dimension.HARASSMENT in speaks_to(item)]
    if levels.get(Dimension.HARASSMENT) in (Level.MEDIUM, Level.HIGH):
        advice.append(_advice(Dimension.HARASSMENT, "advice.appeal_tags", tagged))
    if any(levels.get(dimension) is Level.UNKNOWN for dimension in PERSONAL):
        advice.append(_advice(None, "advice.run_online" if offline else "advice.ask_seller"))
    moot = judgement.of(Nature.MOOT)
    if moot:
        facts = list({fact.text: fact.message for fact in moot}.values())
        advice.insert(
            0, _advice(None, "advice.do_not_buy", dict.fromkeys(fact.checker_id for fact in moot if fact.checker_id), facts=facts)
        )
    return tuple(advice)
