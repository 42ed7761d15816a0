"""What one answer means for the checker that gave it, and what a checker's answers add up to.

A question has an expected answer: ``not_registered`` for a negative control (a never-issued number
cannot have an account, a carrier record or a reputation entry), or the answer a canary file gives.
The rules:

* the expected answer is a pass (drift when it carries a code the checker could not place); the
  opposite definitive answer is a false positive (``registered``) or a false negative (``not_registered``);
* a checker that declares no signal for the expected answer says nothing when it holds: its "no
  signal" answer is then a pass (PPTV declares only ``registered``; for a never-issued number its
  silence is the right answer);
* any other answer nothing maps (no signal matched, both matched, a refusal status read as a page,
  an unmapped code, a body that is not the format the service answers with) is drift;
* a documented ``unknown`` (a carrier's "cannot determine") is a pass for a control (it is not a
  false positive) and inconclusive for a canary (it confirms nothing);
* a checker is healthy only when one of its passes was the expected answer itself: passes that were
  all silence or "cannot tell" are inconclusive (a changed format reads the same as silence);
* blocked with HTTP 429 or a Retry-After is rate limiting, other blocks (captcha, WAF, login wall)
  are blocks; failures to connect are unreachable; anything else that failed is an error;
* a skipped checker was not asked.

None of the last four is ever a pass.
"""

from __future__ import annotations

from collections.abc import Iterable

from numcheck.checker import Checker
from numcheck.health.model import SEVERITY, Counts, HealthState, Outcome
from numcheck.net import NEVER_SENT
from numcheck.report import Finding, Status
from numcheck.tags import UNMAPPED

# Evidence signals of answers no declared signal maps (numcheck.providers.signals.classify and the manifest loader).
_UNMAPPED_SIGNALS = frozenset({"no signal", "ambiguous", "malformed", "no token"})
_TRANSPORT = ("timeout", "connection reset", "connection failed")


def declared_sides(checker: Checker) -> tuple[bool, bool]:
    """Whether the checker can say ``registered`` and ``not_registered`` (a manifest may declare only one; code, both)."""
    signals = getattr(getattr(checker, "manifest", None), "signals", None)
    if signals is None:
        return True, True
    return signals.registered is not None, signals.not_registered is not None


def _unmapped(found: Finding) -> bool:
    signal = found.evidence.signal or ""
    return UNMAPPED in found.tags or signal in _UNMAPPED_SIGNALS or signal.startswith("HTTP ")


def outcome_of(found: Finding, expected: Status, sides: tuple[bool, bool], *, control: bool) -> Outcome:
    """The outcome of one question: ``expected`` is REGISTERED or NOT_REGISTERED; ``sides`` from `declared_sides`."""
    status = found.status
    if status is expected:
        # The expected answer with a code the checker could not place (a tag map gone stale) is a format that moved.
        return Outcome.DRIFT if UNMAPPED in found.tags else Outcome.PASS
    if status is Status.REGISTERED:
        return Outcome.FALSE_POSITIVE
    if status is Status.NOT_REGISTERED:
        return Outcome.FALSE_NEGATIVE
    if status is Status.UNKNOWN:
        can_say = sides[0] if expected is Status.REGISTERED else sides[1]
        if not can_say and found.evidence.signal == "no signal" and UNMAPPED not in found.tags:
            return Outcome.PASS  # the checker's silence is its answer here
        if _unmapped(found):
            return Outcome.DRIFT
        return Outcome.PASS if control else Outcome.INCONCLUSIVE
    if status is Status.BLOCKED:
        rate_limited = found.evidence.http_status == 429 or found.evidence.retry_after is not None
        return Outcome.RATE_LIMITED if rate_limited else Outcome.BLOCKED
    if status is Status.ERROR:
        if found.evidence.signal == "malformed":
            return Outcome.DRIFT  # a body that is not the format the service answers with: the format changed
        if found.detail in NEVER_SENT or found.evidence.signal == "transport" or found.detail.startswith(_TRANSPORT):
            return Outcome.UNREACHABLE
        return Outcome.ERROR
    if status is Status.SKIPPED:
        return Outcome.NOT_ASKED
    return Outcome.INCONCLUSIVE  # INFO: an online checker that answered like an offline fact


def state_of(outcomes: Iterable[Outcome], *, confirmed: bool) -> HealthState:
    """The worst outcome, as the checker's state; healthy only when every question asked passed, one of them confirmed.

    ``confirmed``: at least one pass was the expected answer itself, said by a signal the checker declares. Passes
    that were all silence (a one-sided checker on its other side) or a documented "cannot tell" show no false answer,
    yet nothing in them shows the checker still answers: a changed format reads exactly the same. That is inconclusive.
    """
    seen = list(outcomes)
    for outcome in SEVERITY:
        if outcome in seen:
            return HealthState(outcome.value)
    # What is left is passes and questions that could not be put.
    if Outcome.PASS not in seen:
        return HealthState.NOT_ASKED
    return HealthState.HEALTHY if confirmed else HealthState.INCONCLUSIVE


def count(questions: Iterable[tuple[bool, Outcome]]) -> Counts:
    """Counts of (is_control, outcome) pairs; a question that was not asked is not counted."""
    totals = dict.fromkeys(Counts.model_fields, 0)
    fields = {
        Outcome.FALSE_POSITIVE: "false_positives",
        Outcome.FALSE_NEGATIVE: "false_negatives",
        Outcome.DRIFT: "drift",
        Outcome.INCONCLUSIVE: "inconclusive",
        Outcome.BLOCKED: "blocked",
        Outcome.RATE_LIMITED: "rate_limited",
        Outcome.ERROR: "errors",
        Outcome.UNREACHABLE: "unreachable",
    }
    for is_control, outcome in questions:
        if outcome is Outcome.NOT_ASKED:
            continue
        kind = "controls" if is_control else "canaries"
        totals[kind] += 1
        if outcome is Outcome.PASS:
            totals[f"{kind}_passed"] += 1
        else:
            totals[fields[outcome]] += 1
    return Counts(**totals)
