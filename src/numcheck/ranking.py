"""Rank candidate numbers from cleanest to riskiest: "which of these numbers should I buy?"

The order is the verdict first (low risk, then not enough data, then caution, then high risk, then do not buy:
a number nothing is known about ranks below one known to be clean and above one known to carry a
risk), then how many dimensions stayed unknown (a better-checked number first), then the summed risk
scores, then coverage (better covered first), then input order.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from numcheck._model import FrozenModel
from numcheck.messages import Message, english, say
from numcheck.report import Dimension, Level, Report, Verdict

_VERDICT_ORDER = {Verdict.LOW_RISK: 0, Verdict.NOT_ENOUGH_DATA: 1, Verdict.CAUTION: 2, Verdict.HIGH_RISK: 3, Verdict.DO_NOT_BUY: 4}
MAX_REASONS = 3


class Ranked(FrozenModel):
    """One candidate's place in the ranking, with the reasons that put it there."""

    rank: int
    input: str
    e164: str
    verdict: Verdict
    levels: dict[Dimension, Level]
    score: int
    unknown: int
    coverage: float
    why: tuple[str, ...]
    report: Report
    # ``why`` as messages, and in the language the ranking was localised to (numcheck.render.i18n).
    why_messages: tuple[Message, ...] = ()
    why_localized: tuple[str, ...] | None = None


def _key(report: Report) -> tuple[int, int, int, float]:
    score = sum(risk.score for risk in report.risks if risk.level is not Level.UNKNOWN)
    unknown = sum(risk.level is Level.UNKNOWN for risk in report.risks)
    return _VERDICT_ORDER[report.verdict], unknown, score, -report.coverage.ratio


def reasons_for(report: Report) -> tuple[str, ...]:
    """The strongest reasons behind a report's risk, then what was not covered (never empty), in English."""
    return tuple(english(message) for message in reason_messages(report))


def reason_messages(report: Report) -> tuple[Message, ...]:
    """The strongest reasons behind a report's risk, then what was not covered (never empty).

    A warning no dimension carries (an answer nothing maps, a listing in a source of unknown category) comes first: it
    alone can make a verdict caution, and no risk's reasons name it.
    """
    warnings = [message.params["fact"] for message in report.summary_messages if message.id == "summary.warning"]
    weighted = [
        (reason.points, say("rank.reason", dimension=risk.dimension, reason=reason.message or say("said.verbatim", text=reason.text)))
        for risk in report.risks
        for reason in risk.reasons
        if reason.points > 0
    ]
    strongest = [message for _, message in sorted(weighted, key=lambda pair: -pair[0])]
    why = [message for message in warnings if isinstance(message, Message)] + strongest
    why = why[:MAX_REASONS]
    cover = report.coverage
    if report.offline:
        why.append(say("rank.offline"))
    elif not cover.sufficient:
        why.append(say("rank.poor_coverage", definitive=cover.definitive, asked=cover.online_checkers - cover.skipped))
    if not why:
        why.append(say("rank.no_signal", definitive=cover.definitive, ratio=cover.ratio))
    return tuple(why)


def rank(reports: Iterable[Report]) -> list[Ranked]:
    """Candidates from cleanest to riskiest (rank 1 is the one to prefer)."""
    ordered = sorted(enumerate(reports), key=lambda pair: (*_key(pair[1]), pair[0]))
    return [_ranked(place, report) for place, (_, report) in enumerate(ordered, start=1)]


def _ranked(place: int, report: Report) -> Ranked:
    _, unknown, score, _ = _key(report)
    why = reason_messages(report)
    return Ranked(
        rank=place,
        input=report.input,
        e164=report.number.e164,
        verdict=report.verdict,
        levels={risk.dimension: risk.level for risk in report.risks},
        score=score,
        unknown=unknown,
        coverage=report.coverage.ratio,
        why=tuple(english(message) for message in why),
        why_messages=why,
        report=report,
    )


def _standing(place: Ranked) -> tuple[int, int, int, float]:
    """What orders a place (its `_key`, read back from the place): input order is all that parts equal standings."""
    return _VERDICT_ORDER[place.verdict], place.unknown, place.score, -place.coverage


def ties(ranked: Sequence[Ranked]) -> list[tuple[Ranked, ...]]:
    """Runs of consecutive places that nothing but input order tells apart (same verdict, unknowns, score and coverage)."""
    runs: list[tuple[Ranked, ...]] = []
    for _, group in itertools.groupby(ranked, key=_standing):
        run = tuple(group)
        if len(run) > 1:
            runs.append(run)
    return runs


def verdict_line(ranked: Sequence[Ranked]) -> tuple[Message, ...]:
    """What the ranking says under its table: rank 1 is called cleanest only when it is known to be clean and alone.

    Known to be clean means a low-risk verdict on sufficient coverage; a leader that ties, or that nothing clean is
    known about, is not called cleanest ("unknown is not clean"), and the sentence says which it is.
    """
    rule = say("fixes.rank.unknown")
    if not ranked:
        return (rule,)
    leader = ranked[0]
    clean = leader.verdict is Verdict.LOW_RISK and leader.report.coverage.sufficient
    tied = next((run for run in ties(ranked) if run[0] is leader), ())
    if clean:
        lead = say("fixes.rank.clean_tie", ranks=[place.rank for place in tied]) if tied else say("fixes.rank.cleanest")
    elif len(tied) == len(ranked) > 1:
        lead = say("fixes.rank.indistinct", verdict=leader.verdict.value)
    else:
        lead = say("fixes.rank.none_clean", verdict=leader.verdict.value, coverage=f"{leader.coverage:.0%}")
    return lead, rule
