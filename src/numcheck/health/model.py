"""The health table: one row per online checker, as a self-check left it. Also the published health file.

The file is JSON: ``{"format": "numcheck-health", "version": 1, "generated_at": ..., "numcheck_version":
..., "controls_per_checker": N, "checkers": [CheckerHealth, ...]}``. docs/self-check.md documents every
field; a reader refuses any other format, a newer version, an unknown field or a missing one.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, SerializerFunctionWrapHandler, field_validator, model_serializer

from numcheck._model import FrozenModel
from numcheck._text import printable
from numcheck.messages import Message

HEALTH_FORMAT: Literal["numcheck-health"] = "numcheck-health"
HEALTH_VERSION: Literal[1] = 1


class Outcome(StrEnum):
    """What one answer to one question says about the checker."""

    PASS = "pass"
    FALSE_POSITIVE = "false_positive"
    FALSE_NEGATIVE = "false_negative"
    DRIFT = "drift"
    INCONCLUSIVE = "inconclusive"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate_limited"
    ERROR = "error"
    UNREACHABLE = "unreachable"
    NOT_ASKED = "not_asked"


class HealthState(StrEnum):
    """A checker's state after a self-check: the worst outcome of its questions (healthy only when every one passed)."""

    HEALTHY = "healthy"
    FALSE_POSITIVE = "false_positive"
    FALSE_NEGATIVE = "false_negative"
    DRIFT = "drift"
    INCONCLUSIVE = "inconclusive"
    BLOCKED = "blocked"
    RATE_LIMITED = "rate_limited"
    ERROR = "error"
    UNREACHABLE = "unreachable"
    NOT_ASKED = "not_asked"

    @property
    def judged(self) -> bool:
        """Whether the service answered enough to judge the checker (a block or an outage judges nothing)."""
        return self in (HealthState.HEALTHY, *FALSE_ANSWERS, HealthState.DRIFT, HealthState.INCONCLUSIVE)

    @property
    def healthy(self) -> bool:
        return self is HealthState.HEALTHY

    @property
    def false_answer(self) -> bool:
        """A false positive or a false negative: the checker's answers cannot be trusted, so checks set it aside."""
        return self in FALSE_ANSWERS


FALSE_ANSWERS = (HealthState.FALSE_POSITIVE, HealthState.FALSE_NEGATIVE)

# Worst first: a checker's state is the first of these any of its questions came to.
SEVERITY = (
    Outcome.FALSE_POSITIVE,
    Outcome.FALSE_NEGATIVE,
    Outcome.DRIFT,
    Outcome.INCONCLUSIVE,
    Outcome.BLOCKED,
    Outcome.RATE_LIMITED,
    Outcome.ERROR,
    Outcome.UNREACHABLE,
)

_Count = Annotated[int, Field(ge=0)]


class Counts(FrozenModel):
    """How many questions of each kind were asked and how each came out."""

    controls: _Count = 0
    controls_passed: _Count = 0
    canaries: _Count = 0
    canaries_passed: _Count = 0
    false_positives: _Count = 0
    false_negatives: _Count = 0
    drift: _Count = 0
    inconclusive: _Count = 0
    blocked: _Count = 0
    rate_limited: _Count = 0
    errors: _Count = 0
    unreachable: _Count = 0


class CheckerHealth(FrozenModel):
    """One checker's self-check: its state, when, why, and the counts behind it.

    ``reason`` says what went wrong, without the date (``said registered for a never-issued number
    (16412345678)``); it is empty when the checker is healthy. It never holds a canary's number: canaries
    are real numbers. ``retry_after`` is the longest wait a service asked for, in seconds.
    """

    checker_id: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=100)]
    checker_name: Annotated[str, Field(max_length=200)]
    state: HealthState
    checked_at: datetime
    reason: Annotated[str, Field(max_length=500)] = ""
    counts: Counts
    retry_after: Annotated[float, Field(ge=0, allow_inf_nan=False)] | None = None
    # The reason as a message (id and parameters), so that a reader gets it in their language; ``reason`` stays its
    # English. Optional: files written before it have none, and their reason is shown as written.
    reason_message: Message | None = None

    @field_validator("checker_name", "reason")
    @classmethod
    def _printable(cls, value: str) -> str:
        # Reasons quote services, and a published file is anyone's: nothing in it reaches a terminal as a control sequence.
        return printable(value)

    @model_serializer(mode="wrap")
    def _without_empty_message(self, handler: SerializerFunctionWrapHandler) -> dict[str, object]:
        # A row with no message is written exactly as before the field existed, so older readers still take it.
        data: dict[str, object] = handler(self)
        if data.get("reason_message") is None:
            data.pop("reason_message", None)
        return data

    @field_validator("checked_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("checked_at must carry a time zone (UTC)")
        return value


class HealthFile(FrozenModel):
    """A health table as a file: what ``numcheck doctor --self-check --json`` prints and ``--health-from`` reads."""

    format: Literal["numcheck-health"] = HEALTH_FORMAT
    version: Literal[1] = HEALTH_VERSION
    generated_at: datetime
    numcheck_version: Annotated[str, Field(max_length=100)]
    controls_per_checker: _Count
    checkers: Annotated[tuple[CheckerHealth, ...], Field(max_length=10_000)]

    @field_validator("checkers")
    @classmethod
    def _one_row_per_checker(cls, value: tuple[CheckerHealth, ...]) -> tuple[CheckerHealth, ...]:
        seen: set[str] = set()
        for row in value:
            if row.checker_id in seen:
                raise ValueError(f"checker {row.checker_id!r} appears twice")
            seen.add(row.checker_id)
        return value

    @field_validator("generated_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("generated_at must carry a time zone (UTC)")
        return value

    @property
    def nothing_answered(self) -> bool:
        """True when no checker's service answered at all (no network, or every checker skipped)."""
        return not any(row.state.judged or row.state in (HealthState.BLOCKED, HealthState.RATE_LIMITED) for row in self.checkers)

    @property
    def all_healthy(self) -> bool:
        """True when every checker that was asked is healthy, and at least one was (the exit code is 0 only then)."""
        asked = [row for row in self.checkers if row.state is not HealthState.NOT_ASKED]
        return bool(asked) and all(row.state is HealthState.HEALTHY for row in asked)
