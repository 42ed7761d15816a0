"""The number-age search as an algorithm: for every assignment date, within the cap, the bracket holds the truth.

A scripted source stands in for the carrier here (the simulator tests drive the real SDK); the
properties are the promises of providers/age_search.py: never more billed calls than the cap,
never more calls than the plan's ceiling, a bracket that contains the real date and is about a
month wide when the cap allows, a change of owner during the search reported as such, and
"cannot judge" answers never turned into an answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from numcheck.providers.age_search import (
    MAX_UNBILLED,
    RESOLUTION_DAYS,
    Outcome,
    Probe,
    calls_needed,
    plan,
    search,
)
from numcheck.providers.aliyun import AliyunTwiceTelVerify
from numcheck.report import CheckerKind, Status
from numcheck.testing import scripted_finding

LOW = date(2015, 1, 1)
HIGH = date(2025, 1, 1)
_FOUND = scripted_finding("aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.UNKNOWN)
_META = AliyunTwiceTelVerify.meta


@dataclass
class Source:
    """A carrier whose last assignment is ``assigned`` (then ``later`` after ``switch`` answers), judging only ``judged``."""

    assigned: date
    judged: Callable[[date], bool] = lambda day: True
    switch: int | None = None
    later: date | None = None
    asked: list[date] = field(default_factory=list)

    def __call__(self, day: date) -> Probe:
        current = self.later if self.switch is not None and self.later is not None and len(self.asked) >= self.switch else self.assigned
        self.asked.append(day)
        if not self.judged(day):
            return Probe(day, Outcome.NO_DATA, False, _FOUND)
        return Probe(day, Outcome.CHANGED if current > day else Outcome.HELD, True, _FOUND)


days = st.integers(min_value=0, max_value=(HIGH - LOW).days)


class TestPlan:
    def test_ten_years_take_seven_calls_to_a_month(self) -> None:
        """About seven calls bracket ten years to within a month: the issue's promise, computed."""
        assert calls_needed(LOW, HIGH) == 7
        chosen = plan("aliyun-twice-tel", LOW, HIGH, 8)
        assert (chosen.bisect, chosen.confirm, chosen.billed_at_most) == (7, 1, 8)
        assert chosen.resolution_days <= RESOLUTION_DAYS

    def test_the_cap_is_never_planned_past(self) -> None:
        """A smaller cap plans fewer calls and says the coarser resolution it buys."""
        for cap in range(1, 12):
            chosen = plan("aliyun-twice-tel", LOW, HIGH, cap)
            assert chosen.billed_at_most <= cap
            assert chosen.ceiling == chosen.billed_at_most + MAX_UNBILLED
        assert plan("aliyun-twice-tel", LOW, HIGH, 3).resolution_days > plan("aliyun-twice-tel", LOW, HIGH, 8).resolution_days

    def test_the_plan_says_its_numbers_before_any_call(self) -> None:
        line = plan("aliyun-twice-tel", LOW, HIGH, 8).describe()
        assert "at most 8 billed calls" in line
        assert "--max-billed 8" in line
        assert "at most 11 calls in all" in line


class TestSearch:
    @settings(max_examples=200, deadline=None)
    @given(offset=days, cap=st.integers(min_value=1, max_value=12))
    def test_the_bracket_holds_the_truth_within_the_cap(self, offset: int, cap: int) -> None:
        """Whatever the date and the cap: billed calls <= cap, and the date lies in the bracket."""
        source = Source(LOW + timedelta(days=offset))
        chosen = plan("aliyun-twice-tel", LOW, HIGH, cap)
        result = search(source, chosen)
        assert result.billed <= cap
        assert len(result.probes) <= chosen.ceiling
        bracket = result.bracket
        assert bracket.after is None or bracket.after < source.assigned
        assert bracket.before is None or source.assigned <= bracket.before
        assert not result.changed_while_asking

    @settings(max_examples=200, deadline=None)
    @given(offset=st.integers(min_value=40, max_value=(HIGH - LOW).days - 40))
    def test_with_enough_calls_the_bracket_is_about_a_month(self, offset: int) -> None:
        source = Source(LOW + timedelta(days=offset))
        result = search(source, plan("aliyun-twice-tel", LOW, HIGH, 8))
        bracket = result.bracket
        assert bracket.after is not None
        assert bracket.before is not None
        assert (bracket.before - bracket.after).days <= RESOLUTION_DAYS
        # Seven to bisect; an eighth only to ask again the date that bounds the bracket, when "changed" answers followed it.
        assert len(result.probes) <= 8
        if len(result.probes) == 8:
            assert result.probes[-1].day == bracket.before
            assert result.probes[-2].outcome is Outcome.CHANGED

    @settings(max_examples=100, deadline=None)
    @given(offset=days, switch=st.integers(min_value=1, max_value=6))
    def test_a_change_of_owner_during_the_search_is_never_averaged_away(self, offset: int, switch: int) -> None:
        """The number is reassigned (to a date after every date asked) while the search runs.

        Either the answers never contradicted each other (the bracket then still holds a true statement about the
        new holder: after some date, and no "held since" end from before the change), or the search says so.
        """
        source = Source(LOW + timedelta(days=offset), switch=switch, later=HIGH)
        result = search(source, plan("aliyun-twice-tel", LOW, HIGH, 8))
        assert result.billed <= 8
        bracket = result.bracket
        if result.changed_while_asking:
            assert bracket.before is None
            assert bracket.after is not None
        # What the report states of the current (new) holder is true, or the change was caught.
        assert result.changed_while_asking or bracket.before is None or bracket.before >= HIGH

    def test_the_change_during_the_search_is_caught_by_the_confirming_call(self) -> None:
        """Held on one date, then "changed" everywhere: the bound is asked again, and its new answer is reported."""
        source = Source(date(2019, 3, 15), switch=3, later=HIGH)
        result = search(source, plan("aliyun-twice-tel", LOW, HIGH, 8))
        assert result.changed_while_asking
        # The confirming call re-asks the date that bounded the bracket before the change: the earliest "held" one.
        assert source.asked[-1] == min(day for day in source.asked[:3] if day >= source.assigned)
        assert result.billed <= 8

    def test_without_room_for_the_confirming_call_nothing_is_claimed_about_it(self) -> None:
        """cap 1: one call, no confirmation planned, and the result says only what the one answer says."""
        source = Source(date(2019, 3, 15))
        result = search(source, plan("aliyun-twice-tel", LOW, HIGH, 1))
        assert len(source.asked) == 1
        assert result.bracket.before == source.asked[0] or result.bracket.after == source.asked[0]

    def test_cannot_judge_at_the_old_edge_leaves_the_lower_end_open(self) -> None:
        """The carrier judges nothing before 2020: every such answer is unbilled, and the bracket claims no lower end."""
        edge = date(2020, 1, 1)
        source = Source(date(2017, 6, 1), judged=lambda day: day >= edge)
        result = search(source, plan("aliyun-twice-tel", LOW, HIGH, 8))
        assert result.bracket.after is None
        assert result.bracket.before is not None
        assert result.bracket.before >= edge
        assert result.billed == sum(1 for day in source.asked if day >= edge)
        assert len(source.asked) <= plan("aliyun-twice-tel", LOW, HIGH, 8).ceiling

    def test_cannot_judge_at_the_recent_edge_leaves_the_upper_end_open(self) -> None:
        edge = date(2024, 6, 1)
        source = Source(date(2024, 11, 1), judged=lambda day: day <= edge)
        result = search(source, plan("aliyun-twice-tel", LOW, HIGH, 8))
        assert result.bracket.before is None
        assert result.bracket.after is not None
        assert result.bracket.after <= edge

    def test_a_source_that_judges_nothing_is_left_after_a_few_free_calls(self) -> None:
        source = Source(date(2019, 1, 1), judged=lambda day: False)
        result = search(source, plan("aliyun-twice-tel", LOW, HIGH, 8))
        assert len(source.asked) == MAX_UNBILLED
        assert result.billed == 0
        assert result.bracket.after is None
        assert result.bracket.before is None

    def test_a_stop_ends_the_search_at_once(self) -> None:
        """A ported number (or a block, an error): no second call on a premise the source denied."""
        asked: list[date] = []

        def ported(day: date) -> Probe:
            asked.append(day)
            return Probe(day, Outcome.STOP, False, _FOUND)

        result = search(ported, plan("aliyun-twice-tel", LOW, HIGH, 8))
        assert len(asked) == 1
        assert result.stopped.startswith("stopped")


class TestAnyAnswers:
    """Answers no honest carrier gives: each call may say anything, billed or not. The cap and the honesty of the report hold."""

    @settings(max_examples=400, deadline=None)
    @given(
        answers=st.lists(st.tuples(st.sampled_from(list(Outcome)), st.booleans()), min_size=1, max_size=40),
        cap=st.integers(min_value=0, max_value=33),
        span=st.integers(min_value=-400, max_value=12_000),
    )
    def test_the_cap_and_the_report_hold_whatever_comes_back(self, answers: list[tuple[Outcome, bool]], cap: int, span: int) -> None:
        from datetime import UTC, datetime

        from numcheck.checker import CheckContext
        from numcheck.providers.age_search import result_finding
        from numcheck.reassignment import Reassignment, ReassignmentAnswer

        high = date(2026, 12, 1)
        low = high - timedelta(days=span)
        chosen = plan("aliyun-twice-tel", low, high, cap)
        assert chosen.billed_at_most <= max(cap, 0)
        replies = iter(answers)

        def ask(day: date) -> Probe:
            outcome, billed = next(replies, (Outcome.STOP, False))
            return Probe(day, outcome, billed, _FOUND)

        result = search(ask, chosen)
        assert result.billed <= max(cap, 0)
        assert len(result.probes) <= chosen.ceiling
        if cap <= 0:
            assert result.probes == []
        meta = _META
        ctx = CheckContext(facts=None, now=datetime(2026, 12, 1, tzinfo=UTC))  # type: ignore[arg-type]
        template = Reassignment(answer=ReassignmentAnswer.NO_DATA, source="aliyun-twice-tel", source_name="Alibaba Cloud", lag="lag")
        found = result_finding(meta, ctx, chosen, result, template)
        fact = found.reassignment
        assert fact is not None
        held = [probe.day for probe in result.probes if probe.outcome is Outcome.HELD]
        changed = [probe.day for probe in result.probes if probe.outcome is Outcome.CHANGED]
        # "Not reassigned" only from a real "held" answer; never from no data, a stop or a cancelled number.
        if found.status is Status.NOT_REGISTERED or "not_reassigned" in found.tags or fact.answer is ReassignmentAnswer.NOT_REASSIGNED:
            assert held
            assert not result.changed_while_asking
            assert fact.bracket.before == min(held)
        if not held and not changed:
            assert found.status is not Status.NOT_REGISTERED
            assert fact.answer in (ReassignmentAnswer.NO_DATA, ReassignmentAnswer.CANCELLED)
        if result.changed_while_asking:
            assert fact.answer is ReassignmentAnswer.REASSIGNED
            assert fact.bracket.before is None
        assert fact.billed == result.billed
        assert fact.calls == len(result.probes)
        assert not fact.safe


@settings(max_examples=200, deadline=None)
@given(since=st.integers(min_value=1990, max_value=2100), today=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_the_range_searched_never_starts_after_today(since: int, today: date) -> None:
    """A segment opened this year or later (the table dates 1610 to 2026), or a clock behind: no date after today is asked."""
    from numcheck.providers.age_search import span_for
    from numcheck.segments import segment_table

    row = segment_table().rows[0].segment.model_copy(update={"since": since})
    low, high = span_for(row, today)
    assert low <= high == today
    asked: list[date] = []

    def ask(day: date) -> Probe:
        asked.append(day)
        return Probe(day, Outcome.HELD, True, _FOUND)

    search(ask, plan("aliyun-twice-tel", low, high, 8))
    assert all(day <= today for day in asked)
