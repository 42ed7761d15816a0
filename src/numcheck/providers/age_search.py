"""How long has the current holder had the number? A capped binary search over a carrier's dated yes/no question.

A source that answers "did the holder change after date D?" (Alibaba Cloud's
DescribePhoneTwiceTelVerify with StartTime D, CAMARA NumberRecycling's ``specifiedDate``, KYC
Tenure's ``tenureDate``) answers "yes" for every D before the last assignment and "no" for every
D after it. Halving the range at each call brackets that date: a ten-year range is down to about
a month in seven calls.

Opt-in, with a hard cap (``--max-billed N``, ``NUMCHECK_MAX_BILLED``; default 0: no search):

* `plan` says, before anything is sent, how many calls the search will make at most;
* a call is made only while the calls the source bills stay under the cap (Alibaba Cloud bills
  an answer other than "cannot judge"; numcheck counts every CAMARA call as billed, since the
  specification states no billing rule); unbilled "cannot judge" answers are bounded too;
* "cannot judge" (VerifyResult 0, ``OUT_OF_RANGE``) at a date says nothing about either side: the
  search steps away from that edge, and the bracket rests only on real answers;
* answers that contradict each other mean the number changed hands while numcheck was asking:
  when a "yes" followed the "no" that bounds the bracket, that date is asked once more, and a
  "yes" there is reported as a change during the search, never averaged away;
* a ported number, a refusal, a block or an error stops the search at once: nothing more is asked
  on a premise the source has just denied.

The bracket says when the current holder got the number; like every reassignment fact it never
makes a number clean (numcheck.reassignment).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from numcheck.checker import CheckContext, Checker, CheckerMeta, finding
from numcheck.messages import Message, english, say
from numcheck.providers import NEVER_SENT
from numcheck.reassignment import UNJUDGED_CAVEAT, Bracket, Reassignment, ReassignmentAnswer, fact_message, source
from numcheck.report import Evidence, FactValue, Finding, Status

if TYPE_CHECKING:
    from numcheck.config import Settings
    from numcheck.numbers import PhoneNumberInfo
    from numcheck.segments import Segment

# About a month: the bracket a buyer needs ("since 2019-03").
RESOLUTION_DAYS = 31
# Where the segment's opening is unknown, the search covers the last ten years (its lower end stays open).
DEFAULT_SPAN_DAYS = 3652
# "Cannot judge" answers allowed on top of the cap (Alibaba Cloud bills none), and in a row: a source that judges nothing
# stops soon.
MAX_UNBILLED = 3
# A holder who got the number within this many days left fresh traces (the tenure_under_3_months prior).
RECENT_DAYS = 90


class Outcome(StrEnum):
    """What one dated call said."""

    CHANGED = "changed"  # the holder changed after the date (Alibaba 1, CAMARA true, Tenure false)
    HELD = "held"  # the current holder already had the number on the date (Alibaba 2, CAMARA false, Tenure true)
    NO_DATA = "no_data"  # the source cannot judge that date (Alibaba 0, OUT_OF_RANGE)
    CANCELLED = "cancelled"  # nobody holds the number in service (Alibaba 3)
    STOP = "stop"  # ported, refused, blocked, an error, or an answer nothing maps: ask no more


@dataclass(frozen=True)
class Probe:
    """One call of the search: the date asked, what it said, whether the source bills it, and its finding."""

    day: date
    outcome: Outcome
    billed: bool
    finding: Finding
    carrier: str = ""


@dataclass(frozen=True)
class SearchPlan:
    """What a search will do, said before it starts.

    ``bisect``: calls that halve the range; ``confirm``: one more, made only when answers must be
    checked for a change during the search. Both count against ``cap``; ``ceiling`` bounds all
    calls, unbilled "cannot judge" answers included.
    """

    source_id: str
    source_name: str
    low: date
    high: date
    cap: int
    bisect: int
    confirm: int
    resolution_days: int

    @property
    def billed_at_most(self) -> int:
        return self.bisect + self.confirm

    @property
    def ceiling(self) -> int:
        return self.billed_at_most + MAX_UNBILLED

    def describe(self) -> str:
        """The line numcheck prints before the first call, in English."""
        return english(self.message())

    def message(self) -> Message:
        """The line numcheck prints before the first call, as a message (the command line says it in the reader's language)."""
        return say(
            "agesearch.plan_confirm" if self.confirm else "agesearch.plan",
            source=self.source_name,
            id=self.source_id,
            billed=self.billed_at_most,
            bisect=self.bisect,
            low=str(self.low),
            high=str(self.high),
            days=self.resolution_days,
            cap=self.cap,
            ceiling=self.ceiling,
        )


@runtime_checkable
class DatedLookup(Protocol):
    """A checker that can ask its source about any date (a manifest-driven reassignment source, for one).

    A protocol rather than the manifest checker's class, so that the search sits below the manifests that call it.
    """

    meta: CheckerMeta

    def base_url(self, settings: Settings) -> str | None: ...

    def check_on(self, number: PhoneNumberInfo, ctx: CheckContext, since: date) -> Finding: ...


def span_for(segment: Segment | None, today: date) -> tuple[date, date]:
    """The range searched: from the segment's opening year (or ten years back) to today, never starting after today."""
    if segment is not None:
        # A segment the table dates this year or later (1610: 2026), against a clock running behind: never ask the future.
        return min(date(segment.since, 1, 1), today), today
    return today - timedelta(days=DEFAULT_SPAN_DAYS), today


def calls_needed(low: date, high: date, resolution_days: int = RESOLUTION_DAYS) -> int:
    """Halvings that bring ``low..high`` down to ``resolution_days`` (at least one call: the search asks something)."""
    span = (high - low).days
    return 1 if span <= resolution_days else math.ceil(math.log2(span / resolution_days))


def plan(source_id: str, low: date, high: date, cap: int) -> SearchPlan:
    """The search ``cap`` allows over ``low..high``: bisecting calls, plus one to confirm when the cap leaves room."""
    needed = calls_needed(low, high)
    confirm = 1 if cap >= 2 and needed > 1 else 0
    bisect = min(needed, cap - confirm) if cap > 0 else 0
    span = (high - low).days
    resolution = max(1, math.ceil(span / 2**bisect)) if span > 0 else 1
    return SearchPlan(source_id, source(source_id).name, low, high, cap, bisect, confirm, resolution)


@dataclass
class SearchResult:
    """Every probe, the bracket the real answers imply, and why the search stopped."""

    probes: list[Probe] = field(default_factory=list)
    changed_while_asking: bool = False
    stopped: str = ""
    # ``stopped`` as a message, for the finding in the reader's language.
    stopped_message: Message | None = None

    def stop(self, message: Message) -> None:
        """Say why the search stopped, unless it already has (the first reason is the one that counts)."""
        if not self.stopped:
            self.stopped, self.stopped_message = english(message), message

    @property
    def bracket(self) -> Bracket:
        changed = [probe.day for probe in self.probes if probe.outcome is Outcome.CHANGED]
        held = [probe.day for probe in self.probes if probe.outcome is Outcome.HELD]
        if self.changed_while_asking:
            return Bracket(after=max(changed))
        return Bracket(after=max(changed) if changed else None, before=min(held) if held else None)

    @property
    def billed(self) -> int:
        return sum(probe.billed for probe in self.probes)

    def last(self, outcome: Outcome) -> Probe | None:
        return next((probe for probe in reversed(self.probes) if probe.outcome is outcome), None)


def _midpoint(low: date, high: date) -> date:
    return low + timedelta(days=(high - low).days // 2)


def search(ask: Callable[[date], Probe], chosen: SearchPlan) -> SearchResult:
    """Run the search ``chosen`` describes with ``ask`` (one call of the source per date); never more than it allows."""
    result = SearchResult()
    after = before = None  # what real answers say: changed after `after`, held on `before`
    floor, ceiling = chosen.low, chosen.high  # the window still worth asking (edges the source cannot judge move it)
    middle = _midpoint(chosen.low, chosen.high)
    bisected = unjudged_in_a_row = 0
    while bisected < chosen.bisect:
        low = max(day for day in (floor, after) if day is not None)
        high = min(day for day in (ceiling, before) if day is not None)
        if result.probes and (high - low).days <= RESOLUTION_DAYS:
            break
        # The confirming call keeps its place under the cap: bisecting stops at `bisect` billed calls.
        if not _may_call(result, chosen, chosen.bisect):
            break
        day = _midpoint(low, high)
        probe = ask(day)
        result.probes.append(probe)
        if probe.outcome in (Outcome.STOP, Outcome.CANCELLED):
            result.stop(say("search.stopped", detail=probe.finding.message or probe.finding.detail))
            return result
        if probe.outcome is Outcome.NO_DATA:
            unjudged_in_a_row += 1
            if unjudged_in_a_row >= MAX_UNBILLED:
                result.stop(say("search.unjudged"))
                break
            # Old records are what a carrier most often cannot judge; a date too recent for its data is the other edge.
            if day <= middle:
                floor = day
            else:
                ceiling = day
            continue
        unjudged_in_a_row = 0
        bisected += 1
        if probe.outcome is Outcome.CHANGED:
            after = day
        else:
            before = day
    _confirm(ask, chosen, result)
    return result


def _may_call(result: SearchResult, chosen: SearchPlan, billed_cap: int) -> bool:
    if result.billed >= min(chosen.cap, billed_cap):
        result.stop(say("search.cap", cap=chosen.cap))
        return False
    if len(result.probes) >= chosen.ceiling:
        result.stop(say("search.limit", ceiling=chosen.ceiling))
        return False
    return True


def _confirm(ask: Callable[[date], Probe], chosen: SearchPlan, result: SearchResult) -> None:
    """Ask again the date that bounds the bracket when a "changed" answer followed it: a number changed hands meanwhile?"""
    held = result.last(Outcome.HELD)
    if held is None or chosen.confirm == 0:
        return
    later = result.probes[result.probes.index(held) + 1 :]
    if not any(probe.outcome is Outcome.CHANGED for probe in later):
        return
    bracket_end = min(probe.day for probe in result.probes if probe.outcome is Outcome.HELD)
    if not _may_call(result, chosen, chosen.cap):
        return
    probe = ask(bracket_end)
    result.probes.append(probe)
    if probe.outcome is Outcome.CHANGED:
        result.changed_while_asking = True
    elif probe.outcome is not Outcome.HELD:
        result.stop(say("search.unconfirmed"))


def result_finding(meta: CheckerMeta, ctx: CheckContext, chosen: SearchPlan, result: SearchResult, fact: Reassignment) -> Finding:
    """The one finding a search reports: its status and tags by the bracket, its sentence, and the fact with its calls."""
    bracket = result.bracket
    fact = fact.model_copy(
        update={"calls": len(result.probes), "billed": result.billed, "changed_while_asking": result.changed_while_asking}
    )
    facts: dict[str, FactValue] = {"calls": len(result.probes), "billed": result.billed, "cap": chosen.cap}
    if bracket.after is not None:
        facts["held_since_after"] = bracket.after.isoformat()
    if bracket.before is not None:
        facts["held_since_before"] = bracket.before.isoformat()
    last = result.probes[-1] if result.probes else None
    evidence = last.finding.evidence if last is not None else Evidence()
    calls = say("search.calls.one" if len(result.probes) == 1 else "search.calls.many", count=len(result.probes), billed=result.billed)
    if last is not None and (last.outcome is Outcome.CANCELLED or (last.outcome is Outcome.STOP and bracket == Bracket())):
        # Cancelled outranks any date; a stop before any dated answer leaves that answer as the finding, with its calls.
        stopped = last.finding
        counted = (stopped.reassignment or fact).model_copy(update={"calls": len(result.probes), "billed": result.billed})
        said = say("search.finding", fact=stopped.message or stopped.detail, tail=say("search.tail", calls=calls))
        return stopped.model_copy(
            update={"facts": {**stopped.facts, **facts}, "detail": english(said), "message": said, "reassignment": counted}
        )
    tail = (
        say("search.tail_stopped", calls=calls, stopped=result.stopped_message)
        if result.stopped_message
        else say("search.tail", calls=calls)
    )
    if bracket == Bracket():
        fact = fact.model_copy(update={"answer": ReassignmentAnswer.NO_DATA, "bracket": bracket,
                                       "caveats": (UNJUDGED_CAVEAT, *fact.caveats)})  # fmt: skip
        said = say("search.finding", fact=fact_message(fact), tail=tail)
        return finding(meta, ctx, Status.UNKNOWN, said, tags=("no_data",), facts=facts, evidence=evidence).model_copy(
            update={"reassignment": fact}
        )
    tags: tuple[str, ...]
    if result.changed_while_asking or bracket.before is None:
        answer, status, tags = ReassignmentAnswer.REASSIGNED, Status.REGISTERED, ("reassigned",)
        asked = bracket.after
        facts["since"] = asked.isoformat() if asked else None
    else:
        answer, status, tags = ReassignmentAnswer.NOT_REASSIGNED, Status.NOT_REGISTERED, ("not_reassigned",)
        asked = bracket.before
        facts["since"] = bracket.before.isoformat()
        if bracket.after is not None and (ctx.now.date() - bracket.after).days <= RECENT_DAYS:
            tags += ("tenure_under_3_months",)
    fact = fact.model_copy(update={"answer": answer, "asked": asked, "bracket": bracket})
    said = say("search.finding", fact=fact_message(fact), tail=tail)
    return finding(meta, ctx, status, said, tags=tags, facts=facts, evidence=evidence).model_copy(update={"reassignment": fact})


def manifest_probe(checker: DatedLookup, number: PhoneNumberInfo, ctx: CheckContext, day: date) -> Probe:
    """One dated call of a manifest-driven yes/no source (CAMARA): every call that reached it counts as billed."""
    found = checker.check_on(number, ctx, day)
    tags = set(found.tags)
    if found.status is Status.REGISTERED:
        return Probe(day, Outcome.CHANGED, True, found)
    if found.status is Status.NOT_REGISTERED:
        return Probe(day, Outcome.HELD, True, found)
    if found.status is Status.UNKNOWN and "out_of_range" in tags:
        return Probe(day, Outcome.NO_DATA, True, found)
    # Counted as billed unless it surely never reached the operator (skipped, or a connection that never opened).
    return Probe(day, Outcome.STOP, found.status is not Status.SKIPPED and found.detail not in NEVER_SENT, found)


def search_manifest(checker: DatedLookup, number: PhoneNumberInfo, ctx: CheckContext, settings: Settings) -> Finding:
    """The number-age search over a manifest-driven source, as that checker's one finding."""
    low, high = span_for(ctx.facts.segment, ctx.now.date())
    chosen = plan(checker.meta.id, low, high, settings.max_billed)
    result = search(lambda day: manifest_probe(checker, number, ctx, day), chosen)
    last = result.probes[-1].finding if result.probes else finding(checker.meta, ctx, Status.SKIPPED, "the search made no call")
    template = last.reassignment or Reassignment(
        answer=ReassignmentAnswer.NO_DATA, source=checker.meta.id, source_name=chosen.source_name, lag=source(checker.meta.id).lag
    )
    return result_finding(checker.meta, ctx, chosen, result, template)


def plans_for(checkers: Iterable[Checker], settings: Settings, segment: Segment | None, today: date) -> list[SearchPlan]:
    """The searches a check would run with these settings: one per searchable source that has its keys (and address)."""
    if settings.max_billed <= 0:
        return []
    plans = []
    for checker in checkers:
        meta = checker.meta
        if not source(meta.id).searchable or any(not settings.key(name) for name in meta.needs_key):
            continue
        if isinstance(checker, DatedLookup) and checker.base_url(settings) is None:
            continue
        low, high = span_for(segment, today)
        plans.append(plan(meta.id, low, high, settings.max_billed))
    return plans


def announcement(checkers: Iterable[Checker], settings: Settings, segment: Segment | None, today: date, numbers: int | None) -> str:
    """What numcheck prints before a check with the search on, in English (see `announcement_messages`)."""
    return "".join(f"numcheck: {english(line)}\n" for line in announcement_messages(checkers, settings, segment, today, numbers))


def announcement_messages(
    checkers: Iterable[Checker], settings: Settings, segment: Segment | None, today: date, numbers: int | None
) -> list[Message]:
    """What numcheck prints before a check with the search on: each source's plan, and the most a batch may be billed.

    ``segment``: the one number's segment (its opening year starts the range); ``numbers``: how many numbers the run
    checks (None: not known beforehand, as on stdin). Empty when no search will run.
    """
    plans = plans_for(checkers, settings, segment, today)
    if not plans:
        return []
    lines = [chosen.message() for chosen in plans]
    if numbers != 1:
        # Each number's range starts at its own segment's opening: the cap is what bounds a batch.
        each = settings.max_billed * len(plans)
        lines.append(
            say("agesearch.batch_total", numbers=numbers, total=each * numbers) if numbers else say("agesearch.batch_each", each=each)
        )
    return lines


def searched_enough(stored: Finding, settings: Settings) -> bool:
    """Whether a stored answer may stand in for this run's: not when a search is asked of a source it did not search."""
    if settings.max_billed <= 0 or not source(stored.checker_id).searchable:
        return True
    fact = stored.reassignment
    return fact is not None and fact.calls > 1
