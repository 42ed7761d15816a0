"""From facts to risk: a level per dimension with its reasons, coverage, and the verdict by the rules of docs/verdict.md."""

from collections.abc import Iterable
from typing import NamedTuple

from numcheck.messages import Message, english, say
from numcheck.report import CheckerKind, Coverage, Dimension, Finding, Level, Reason, Risk, Status, Verdict
from numcheck.risk.facts import (
    ACCOUNT_ANSWERS_NEEDED,
    HIGH_SCORE,
    MEDIUM_SCORE,
    MIN_COVERAGE_RATIO,
    PERSONAL,
    Fact,
    Nature,
    facts_of,
    speaks_to,
)
from numcheck.tags import PRIOR_LEVELS


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
    # Built unvalidated, as every report model the engine assembles from typed parts: building their validators cost
    # about 4 ms of every start. tests/unit/test_constructed.py validates what is built and finds it equal.
    return Reason.model_construct(text=english(message), checker_id=checker_id, points=points, message=message)


def _level(points: int) -> Level:
    if points >= HIGH_SCORE:
        return Level.HIGH
    if points >= MEDIUM_SCORE:
        return Level.MEDIUM
    return Level.LOW


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
    return Coverage.model_construct(
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


def _settle_answers(tally: _Tally, dimension: Dimension, speakers: list[Finding]) -> None:
    """Debt collection and harassment are answered when at least half of the checkers asked about them answered.

    One caller-tag source that answered beside four that were blocked is poor coverage of that question, whatever the
    account lookups did for the report's coverage as a whole: unknown, never low (DESIGN: a report never calls a number
    clean when its coverage was poor).
    """
    asked = [item for item in speakers if item.status is not Status.SKIPPED]
    answered = sum(item.status.definitive for item in asked)
    if not answered:
        return
    if answered / len(asked) >= MIN_COVERAGE_RATIO:
        tally.covered = True
        return
    tally.reasons.append(reason(say("reason.answers_few", dimension=dimension, answered=answered, asked=len(asked))))


_PRIOR_ORDER = [Level.LOW, Level.MEDIUM, Level.HIGH]


def judge(findings: Iterable[Finding]) -> Judgement:
    """Read every finding into facts, then risk per dimension and coverage from those facts alone."""
    findings = list(findings)
    facts = tuple(fact for item in findings for fact in facts_of(item))
    tallies = {dimension: _Tally() for dimension in Dimension}
    # Definitive answers cover the personal dimensions their checkers speak to, when at least half of the checkers asked
    # about that dimension answered; bindings need enough of them too (below). Recycling is covered by prior facts
    # alone: a bare carrier answer must not make the prior "low".
    speakers = _per_checker(item for item in findings if item.kind is not CheckerKind.OFFLINE and speaks_to(item))
    for dimension in (Dimension.DEBT_COLLECTION, Dimension.HARASSMENT):
        _settle_answers(tallies[dimension], dimension, [item for item in speakers if dimension in speaks_to(item)])
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
            risks.append(Risk.model_construct(dimension=dimension, level=Level.UNKNOWN, score=0, reasons=tuple(tally.reasons)))
            continue
        if tally.adverse and tally.points < MEDIUM_SCORE:
            tally.add(MEDIUM_SCORE - tally.points, say("reason.adverse_floor"), None)
        score = max(0, min(100, tally.points))
        if not tally.reasons:
            tally.reasons.append(reason(say("reason.all_negative")))
        risks.append(Risk.model_construct(dimension=dimension, level=_level(score), score=score, reasons=tuple(tally.reasons)))
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
