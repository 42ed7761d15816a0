"""What the buyer reads of a judgement: the summary, a sentence at a time, and advice tied to the findings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from numcheck.messages import Message, Param, english, joined, say
from numcheck.report import Advice, CheckerKind, Dimension, Finding, Level, Reason, Status, Verdict
from numcheck.risk.facts import PERSONAL, Nature, _lending, speaks_to
from numcheck.risk.judgement import Judgement


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
    # Adverse facts no personal dimension carries (an unmappable carrier code, say) are said here, or nowhere: under their
    # own id, which the ranking reads back as the reason for the verdict (numcheck.ranking.reason_messages).
    parts += [say("summary.warning", fact=fact.message) for fact in judgement.of(Nature.ADVERSE) if not fact.dimensions]
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
        for risk in risks:
            few = [item for item in risk.reasons if item.message is not None and item.message.id == "reason.answers_few"]
            if risk.level is Level.UNKNOWN and few:
                # Some sources asked about it answered, only too few of them: say that, not "none answers".
                unknown.remove(risk.dimension)
                parts.append(say("summary.unsettled", dimension=risk.dimension, reason=_said(few[0])))
        if unknown:
            parts.append(say("summary.not_checked", dimensions=unknown, why=why))
        else:
            if not cover.sufficient:
                # Every unknown was said to be unsettled, with its own count: the report's poor coverage still is said.
                parts.append(say("summary.poor_coverage", definitive=cover.definitive, asked=asked))
            parts.append(say("summary.unknown_not_clean"))
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
    return Advice.model_construct(
        dimension=dimension, action=english(action), detail=english(detail), because_of=tuple(because_of), message=message
    )


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
