"""What one answer means for the checker that gave it: the self-check's rules (numcheck.health.classify), case by case."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import numcheck
from numcheck.health.classify import count, declared_sides, outcome_of, state_of
from numcheck.health.model import HealthState, Outcome
from numcheck.providers import UNREACHABLE
from numcheck.registry import default_registry
from numcheck.report import CheckerKind, Evidence, Finding, Status
from numcheck.testing import scripted_finding

_REGISTRY = default_registry(numcheck.Settings(plugins=(), config_dir=Path("/nonexistent")))
TWO_SIDED = declared_sides(_REGISTRY.get("chsi"))
REGISTERED_ONLY = declared_sides(_REGISTRY.get("pptv"))
NOT_REGISTERED_ONLY = declared_sides(_REGISTRY.get("tuniu"))
CODED = declared_sides(_REGISTRY.get("aliyun-status"))


def _answer(
    status: Status, signal: str | None = None, *tags: str, detail: str = "scripted", http: int | None = None, wait: float | None = None
) -> Finding:
    found = scripted_finding("x", CheckerKind.ACCOUNT, "shopping", status, *tags)
    return found.model_copy(update={"detail": detail, "evidence": Evidence(signal=signal, http_status=http, retry_after=wait)})


def test_sides_are_read_from_the_manifest() -> None:
    assert TWO_SIDED == (True, True)
    assert REGISTERED_ONLY == (True, False)
    assert NOT_REGISTERED_ONLY == (False, True)
    assert CODED == (True, True)


@pytest.mark.parametrize(
    ("answer", "sides", "outcome"),
    [
        # A never-issued number: only "not registered" (or the silence of a checker that cannot say it) passes.
        (_answer(Status.NOT_REGISTERED, "body true"), TWO_SIDED, Outcome.PASS),
        (_answer(Status.REGISTERED, "body false"), TWO_SIDED, Outcome.FALSE_POSITIVE),
        (_answer(Status.REGISTERED, "message says the account exists"), REGISTERED_ONLY, Outcome.FALSE_POSITIVE),
        (_answer(Status.UNKNOWN, "no signal"), REGISTERED_ONLY, Outcome.PASS),
        (_answer(Status.UNKNOWN, "no signal"), TWO_SIDED, Outcome.DRIFT),
        (_answer(Status.UNKNOWN, "no signal"), NOT_REGISTERED_ONLY, Outcome.DRIFT),
        (_answer(Status.UNKNOWN, "ambiguous"), TWO_SIDED, Outcome.DRIFT),
        (_answer(Status.UNKNOWN, "HTTP 404"), TWO_SIDED, Outcome.DRIFT),
        (_answer(Status.UNKNOWN, None, "unmapped"), CODED, Outcome.DRIFT),
        (_answer(Status.UNKNOWN, "no signal", "unmapped"), REGISTERED_ONLY, Outcome.DRIFT),
        (_answer(Status.ERROR, "malformed"), TWO_SIDED, Outcome.DRIFT),
        # A carrier's documented "cannot determine" is no false positive.
        (_answer(Status.UNKNOWN, "UNKNOWN"), CODED, Outcome.PASS),
        (_answer(Status.BLOCKED, "blocked", http=403), TWO_SIDED, Outcome.BLOCKED),
        (_answer(Status.BLOCKED, "blocked", http=200), TWO_SIDED, Outcome.BLOCKED),
        (_answer(Status.BLOCKED, "blocked", http=429, wait=120.0), TWO_SIDED, Outcome.RATE_LIMITED),
        (_answer(Status.BLOCKED, None, wait=30.0), CODED, Outcome.RATE_LIMITED),
        (_answer(Status.ERROR, "transport", detail="timeout"), TWO_SIDED, Outcome.UNREACHABLE),
        (_answer(Status.ERROR, None, detail=UNREACHABLE), CODED, Outcome.UNREACHABLE),
        (_answer(Status.ERROR, "server error", detail="the service failed: HTTP 500"), TWO_SIDED, Outcome.ERROR),
        (_answer(Status.ERROR, None, detail="checker crashed: ValueError: x"), CODED, Outcome.ERROR),
        (_answer(Status.SKIPPED, None, detail="needs a key"), TWO_SIDED, Outcome.NOT_ASKED),
    ],
)
def test_a_control_answer(answer: Finding, sides: tuple[bool, bool], outcome: Outcome) -> None:
    assert outcome_of(answer, Status.NOT_REGISTERED, sides, control=True) is outcome


@pytest.mark.parametrize(
    ("answer", "expected", "sides", "outcome"),
    [
        (_answer(Status.REGISTERED, "body false"), Status.REGISTERED, TWO_SIDED, Outcome.PASS),
        (_answer(Status.NOT_REGISTERED, "body true"), Status.REGISTERED, TWO_SIDED, Outcome.FALSE_NEGATIVE),
        (_answer(Status.REGISTERED, "body false"), Status.NOT_REGISTERED, TWO_SIDED, Outcome.FALSE_POSITIVE),
        # Tuniu cannot say registered: its silence on a known-registered number is the right answer.
        (_answer(Status.UNKNOWN, "no signal"), Status.REGISTERED, NOT_REGISTERED_ONLY, Outcome.PASS),
        # PPTV can: its silence there means its signal no longer matches.
        (_answer(Status.UNKNOWN, "no signal"), Status.REGISTERED, REGISTERED_ONLY, Outcome.DRIFT),
        # A documented unknown confirms nothing about a known answer.
        (_answer(Status.UNKNOWN, "UNKNOWN"), Status.REGISTERED, CODED, Outcome.INCONCLUSIVE),
        (_answer(Status.BLOCKED, "blocked", http=403), Status.REGISTERED, TWO_SIDED, Outcome.BLOCKED),
    ],
)
def test_a_canary_answer(answer: Finding, expected: Status, sides: tuple[bool, bool], outcome: Outcome) -> None:
    assert outcome_of(answer, expected, sides, control=False) is outcome


@pytest.mark.parametrize(
    ("outcomes", "state"),
    [
        ([Outcome.PASS, Outcome.PASS], HealthState.HEALTHY),
        ([Outcome.PASS, Outcome.NOT_ASKED], HealthState.HEALTHY),
        ([], HealthState.NOT_ASKED),
        ([Outcome.NOT_ASKED], HealthState.NOT_ASKED),
        ([Outcome.PASS, Outcome.BLOCKED], HealthState.BLOCKED),
        ([Outcome.RATE_LIMITED, Outcome.BLOCKED], HealthState.BLOCKED),
        ([Outcome.UNREACHABLE, Outcome.RATE_LIMITED], HealthState.RATE_LIMITED),
        ([Outcome.BLOCKED, Outcome.DRIFT], HealthState.DRIFT),
        ([Outcome.DRIFT, Outcome.FALSE_NEGATIVE, Outcome.PASS], HealthState.FALSE_NEGATIVE),
        ([Outcome.FALSE_NEGATIVE, Outcome.FALSE_POSITIVE], HealthState.FALSE_POSITIVE),
        ([Outcome.UNREACHABLE, Outcome.UNREACHABLE], HealthState.UNREACHABLE),
    ],
)
def test_a_checker_is_as_bad_as_its_worst_answer(outcomes: list[Outcome], state: HealthState) -> None:
    assert state_of(outcomes, confirmed=True) is state


@pytest.mark.parametrize(
    ("outcomes", "state"),
    [
        ([Outcome.PASS, Outcome.PASS], HealthState.INCONCLUSIVE),
        ([Outcome.PASS, Outcome.NOT_ASKED], HealthState.INCONCLUSIVE),
        ([Outcome.NOT_ASKED], HealthState.NOT_ASKED),
        ([Outcome.PASS, Outcome.FALSE_POSITIVE], HealthState.FALSE_POSITIVE),
        ([Outcome.PASS, Outcome.BLOCKED], HealthState.BLOCKED),
    ],
)
def test_passes_that_were_all_silence_are_not_health(outcomes: list[Outcome], state: HealthState) -> None:
    """No answer the checker declares came back: nothing wrong was seen, and nothing shows it still answers."""
    assert state_of(outcomes, confirmed=False) is state


def test_nothing_but_a_pass_is_counted_as_one() -> None:
    counts = count(
        [
            (True, Outcome.PASS),
            (True, Outcome.BLOCKED),
            (True, Outcome.RATE_LIMITED),
            (True, Outcome.FALSE_POSITIVE),
            (False, Outcome.PASS),
            (False, Outcome.FALSE_NEGATIVE),
            (False, Outcome.NOT_ASKED),
        ]
    )
    assert (counts.controls, counts.controls_passed, counts.canaries, counts.canaries_passed) == (4, 1, 2, 1)
    assert (counts.blocked, counts.rate_limited, counts.false_positives, counts.false_negatives) == (1, 1, 1, 1)


_FAILED = (Status.BLOCKED, Status.ERROR, Status.SKIPPED)
_UNMAPPED_SIGNALS = ("no signal", "ambiguous", "malformed", "no token", "HTTP 404", "HTTP 302", "transport", "blocked", "server error")


@settings(max_examples=500, deadline=None)
@given(
    status=st.sampled_from(list(Status)),
    signal=st.none() | st.sampled_from(_UNMAPPED_SIGNALS) | st.text(max_size=12),
    tags=st.lists(st.sampled_from(["unmapped", "no_data", "out_of_range", "ported", "reassigned", "spam"]), max_size=3, unique=True),
    http=st.none() | st.sampled_from([200, 403, 404, 429, 500, 503]),
    wait=st.none() | st.floats(min_value=0, max_value=600),
    expected=st.sampled_from([Status.REGISTERED, Status.NOT_REGISTERED]),
    sides=st.sampled_from([TWO_SIDED, REGISTERED_ONLY, NOT_REGISTERED_ONLY]),
    control=st.booleans(),
)
def test_no_failure_and_no_unmapped_answer_is_ever_a_pass(
    status: Status, signal: str | None, tags: list[str], http: int | None, wait: float | None, expected: Status,
    sides: tuple[bool, bool], control: bool,
) -> None:  # fmt: skip
    """Whatever a checker answers: blocked, failed, skipped and unmapped answers are never passes, nor is the opposite answer."""
    outcome = outcome_of(_answer(status, signal, *tags, http=http, wait=wait), expected, sides, control=control)
    if status in _FAILED or "unmapped" in tags:
        assert outcome is not Outcome.PASS
    if status is expected:
        assert outcome is (Outcome.DRIFT if "unmapped" in tags else Outcome.PASS)
    elif status.definitive:
        assert outcome in (Outcome.FALSE_POSITIVE, Outcome.FALSE_NEGATIVE)
    if status is Status.UNKNOWN and signal is not None and (signal in _UNMAPPED_SIGNALS[:4] or signal.startswith("HTTP ")):
        # No signal matched: the silence of a checker that cannot say the expected answer, else drift.
        can_say = sides[0] if expected is Status.REGISTERED else sides[1]
        assert outcome is (Outcome.PASS if signal == "no signal" and not can_say and "unmapped" not in tags else Outcome.DRIFT)


@settings(max_examples=300, deadline=None)
@given(outcomes=st.lists(st.sampled_from(list(Outcome)), max_size=6), confirmed=st.booleans())
def test_a_checker_is_healthy_only_when_every_question_asked_passed_and_one_confirmed(outcomes: list[Outcome], confirmed: bool) -> None:
    state = state_of(outcomes, confirmed=confirmed)
    asked = [outcome for outcome in outcomes if outcome is not Outcome.NOT_ASKED]
    assert (state is HealthState.HEALTHY) == (bool(asked) and confirmed and all(outcome is Outcome.PASS for outcome in asked))
    assert (state is HealthState.NOT_ASKED) == (not asked)
