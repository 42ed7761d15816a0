"""The self-check: ask every online checker questions whose answers are known, and build the health table.

It sits above the engine, which it drives; what it builds on (controls, canaries, classification,
the health table) is in `numcheck.health`, below the engine, which reads the stored health at check time.

Each checker gets the negative controls (fresh never-issued numbers, `numcheck.health.controls`) when it
answers for Chinese numbers, and the canaries that name it. Questions go through the engine like any
check (the same HTTP client, per-host rate limits and Retry-After handling; no history is read or
written), with the health gate off, so a checker set aside by an earlier self-check is asked again, and
the number-age search off (``max_billed`` 0), so that each question is one call.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from numcheck._errors import NumcheckError
from numcheck.checker import Checker
from numcheck.config import Settings
from numcheck.engine import Runner, numcheck_version
from numcheck.health.canaries import Canary
from numcheck.health.classify import count, declared_sides, outcome_of, state_of
from numcheck.health.controls import control_numbers
from numcheck.health.model import CheckerHealth, HealthFile, HealthState, Outcome
from numcheck.messages import Message, english, failure, say
from numcheck.registry import Registry, default_registry
from numcheck.report import CheckerKind, Finding, Status

DEFAULT_CONTROLS = 3
# Politeness: each control is a lookup at every online checker, paid ones included; a typo of 3000 must not become that many.
MAX_CONTROLS = 20
_REASON_LIMIT = 500


class _Question:
    """One question put to one checker, and what came back."""

    def __init__(self, checker: Checker, number: str, expected: Status, canary: Canary | None, found: Finding) -> None:
        self.number = number
        self.expected = expected
        self.canary = canary
        self.found = found
        self.outcome = outcome_of(found, expected, declared_sides(checker), control=canary is None)

    @property
    def control(self) -> bool:
        return self.canary is None

    @property
    def confirmed(self) -> bool:
        """The expected answer itself came back (a declared signal matched), not silence or "cannot tell"."""
        return self.outcome is Outcome.PASS and self.found.status is self.expected

    def reason(self) -> Message | None:
        """Why this question failed, in words a maintainer can act on (a canary's number is never quoted)."""
        what = say("health.what.control", number=self.number) if self.canary is None else say("health.what.canary", entry=self.canary.entry)
        detail: Message | str = self.found.detail
        if self.canary is not None:
            # A service's text may quote the number it was asked about (an error echoing the request): never a canary's.
            hidden = f"[known answer {self.canary.entry}]"
            detail = _DIGITS.sub(lambda run: hidden if _holds(run.group(), self.number) else run.group(), self.found.detail)
        if detail == self.found.detail and self.found.message is not None:
            detail = self.found.message  # numcheck's own words (a transport failure, a refusal): the reader's language
        reasons = {
            Outcome.FALSE_POSITIVE: say("health.reason.false_positive", what=what),
            Outcome.FALSE_NEGATIVE: say("health.reason.false_negative", what=what),
            Outcome.DRIFT: say("health.reason.drift", what=what, detail=detail),
            Outcome.INCONCLUSIVE: say(
                "health.reason.inconclusive", what=what, status=self.found.status.value, expected=self.expected.value, detail=detail
            ),
            Outcome.BLOCKED: say("health.reason.blocked", detail=detail),
            Outcome.RATE_LIMITED: say("health.reason.rate_limited", detail=detail),
            Outcome.ERROR: say("health.reason.failed", detail=detail),
            Outcome.UNREACHABLE: say("health.reason.unreachable", detail=detail),
            Outcome.NOT_ASKED: say("health.reason.not_asked", detail=detail),
        }
        return reasons.get(self.outcome)


# A run of digits, allowing the separators numbers are written with ("+86 138-0013 8000").
_DIGITS = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def _holds(text: str, e164: str) -> bool:
    """Whether ``text`` writes the number ``e164`` in some form: the national digits, with or without the country code."""
    digits = re.sub(r"\D", "", text)
    national = e164.lstrip("+")[2:] if e164.startswith("+86") else e164.lstrip("+")
    return len(digits) >= 7 and (national in digits or digits in e164.lstrip("+"))


def _applies_to_cn(checker: Checker) -> bool:
    return not checker.meta.countries or "CN" in checker.meta.countries


def _ask(registry: Registry, settings: Settings, checkers: Sequence[Checker], number: str) -> dict[str, Finding]:
    """Each checker's finding for ``number``, asked through the engine (history off, health gate off)."""
    with Runner(registry=registry, settings=settings, only=[checker.meta.id for checker in checkers]) as runner:
        text, info = runner.parse(number)
        report = runner.run(text, info)
    return {found.checker_id: found for found in report.findings}


def _row(checker: Checker, questions: list[_Question], when: datetime) -> CheckerHealth:
    confirmed = any(question.confirmed for question in questions)
    state = state_of((question.outcome for question in questions), confirmed=confirmed)
    said: Message | None = None
    if state is HealthState.INCONCLUSIVE and Outcome.INCONCLUSIVE not in {question.outcome for question in questions}:
        said = say("health.reason.silent")
    elif state is HealthState.NOT_ASKED:
        skipped = next((question for question in questions if question.outcome is Outcome.NOT_ASKED), None)
        why = say("health.why.not_cn") if not _applies_to_cn(checker) else say("health.why.no_controls")
        said = skipped.reason() if skipped else say("health.reason.no_question", why=why)
    elif state is not HealthState.HEALTHY:
        worst = Outcome(state.value)
        said = next(question.reason() for question in questions if question.outcome is worst)
    waits = [question.found.evidence.retry_after for question in questions if question.found.evidence.retry_after is not None]
    reason = english(said) if said is not None else ""
    if len(reason) > _REASON_LIMIT:
        reason = reason[: _REASON_LIMIT - 1] + "…"
    return CheckerHealth(
        checker_id=checker.meta.id,
        checker_name=checker.meta.name,
        state=state,
        checked_at=when,
        reason=reason,
        reason_message=said,
        counts=count((question.control, question.outcome) for question in questions),
        retry_after=max(waits) if waits else None,
    )


def self_check(
    *,
    registry: Registry | None = None,
    settings: Settings | None = None,
    canaries: Iterable[Canary] = (),
    controls: int = DEFAULT_CONTROLS,
    only: Iterable[str] = (),
    rng: random.Random | None = None,
) -> HealthFile:
    """Ask every online checker (or those in ``only``) its questions; one `CheckerHealth` row per checker.

    ``controls`` never-issued numbers go to every checker that answers for Chinese numbers; each canary
    goes only to the checker it names. Raises NumcheckError when ``only`` or a canary names a checker
    that is not an online checker of the registry, or ``controls`` is outside 0 to `MAX_CONTROLS`.
    """
    # Health gate off (a checker set aside is asked again); no number-age search: a control is one question, and a
    # search would spend up to --max-billed billed calls on each never-issued number, with no plan printed.
    if not 0 <= controls <= MAX_CONTROLS:
        raise NumcheckError(f"the number of never-issued numbers per checker must be 0 to {MAX_CONTROLS} (not {controls})")
    settings = (settings or Settings.from_env()).model_copy(update={"ignore_health": True, "max_billed": 0})
    registry = registry if registry is not None else default_registry(settings)
    online = [checker for checker in registry.select(tuple(only)) if checker.meta.kind is not CheckerKind.OFFLINE]
    ids = {checker.meta.id for checker in online}
    canaries = list(canaries)
    strangers = sorted({canary.checker_id for canary in canaries} - ids)
    if strangers:
        raise failure("known.strangers", ids=", ".join(strangers))
    questions: dict[str, list[_Question]] = {checker.meta.id: [] for checker in online}
    by_id = {checker.meta.id: checker for checker in online}
    asked_cn = [checker for checker in online if _applies_to_cn(checker)]
    if asked_cn:
        for number in control_numbers(controls, rng):
            answers = _ask(registry, settings, asked_cn, number)
            for checker in asked_cn:
                questions[checker.meta.id].append(_Question(checker, number, Status.NOT_REGISTERED, None, answers[checker.meta.id]))
    for canary in canaries:
        checker = by_id[canary.checker_id]
        found = _ask(registry, settings, [checker], canary.number)[canary.checker_id]
        questions[canary.checker_id].append(_Question(checker, canary.number, canary.expected, canary, found))
    when = datetime.now(UTC)
    rows = tuple(_row(by_id[checker_id], asked, when) for checker_id, asked in questions.items())
    return HealthFile(generated_at=when, numcheck_version=numcheck_version(), controls_per_checker=controls, checkers=rows)
