"""Health at check time: set aside checkers caught giving false answers; say when one passed live here.

`HealthGate.for_run` reads the stored health once per run (`numcheck.engine.Runner`). A checker whose
result in force (`numcheck.health.store.HealthRecord.in_force`) is a false positive or a false negative
is not asked: its finding is ``skipped`` and says why, when, and until when. ``Settings.ignore_health``
(``--ignore-health``) asks every checker anyway. A checker whose result in force is a pass from this
machine gets ``Finding.self_checked_on`` in its findings (and no other finding has it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, NamedTuple

from numcheck.checker import CheckContext, Checker, finding
from numcheck.config import Settings
from numcheck.messages import Message, say
from numcheck.report import CheckerKind, Finding, Status

if TYPE_CHECKING:
    from numcheck.health.store import StoredHealth


def set_aside_reason(stored: StoredHealth) -> Message:
    """The sentence a report shows for a checker its health sets aside."""
    from numcheck.health.store import expires_on

    health = stored.health
    where = say("health.from_file", source=str(stored.source)) if not stored.local else ""
    return say(
        "health.set_aside",
        reason=health.reason_message or health.reason,
        on=f"{health.checked_at:%Y-%m-%d}",
        where=where,
        until=f"{expires_on(health):%Y-%m-%d}",
    )


class HealthGate(NamedTuple):
    """The checkers a run asks, the ones it sets aside (with the reason) and the self-check passes to stamp."""

    kept: list[Checker]
    set_aside: list[tuple[Checker, Message]]
    passed_on: dict[str, date]

    @classmethod
    def for_run(cls, checkers: Sequence[Checker], settings: Settings, *, offline: bool) -> HealthGate:
        """Split ``checkers`` by their stored health (nothing is read for an offline run or with ``ignore_health``)."""
        online = [checker for checker in checkers if checker.meta.kind is not CheckerKind.OFFLINE]
        if offline or settings.ignore_health or not online:
            return cls(list(checkers), [], {})
        from numcheck.health.store import load  # online runs only: an offline check never reads the health file

        records = load(settings)
        now = datetime.now(UTC)
        kept: list[Checker] = []
        set_aside: list[tuple[Checker, Message]] = []
        passed_on: dict[str, date] = {}
        for checker in checkers:
            record = records.get(checker.meta.id)
            stored = record.in_force(now) if record is not None else None
            if stored is not None and stored.health.state.false_answer:
                set_aside.append((checker, set_aside_reason(stored)))
                continue
            if stored is not None and stored.local and stored.health.state.healthy:
                passed_on[checker.meta.id] = stored.health.checked_at.date()
            kept.append(checker)
        return cls(kept, set_aside, passed_on)

    def stamp(self, item: Finding) -> Finding:
        """``item`` with the self-check pass it earned here, or none: always set from the stored health, never the checker's say."""
        earned = self.passed_on.get(item.checker_id)
        return item if item.self_checked_on == earned else item.model_copy(update={"self_checked_on": earned})

    def streamed(self, on_finding: Callable[[Finding], None] | None) -> Callable[[Finding], None] | None:
        """``on_finding`` hearing each finding stamped (numcheck serve streams findings before the report is put together)."""
        if on_finding is None:
            return None
        listener = on_finding
        return lambda item: listener(self.stamp(item))

    def apply(self, findings: Iterable[Finding], ctx: CheckContext, on_finding: Callable[[Finding], None] | None = None) -> list[Finding]:
        """The run's findings with self-check passes stamped, then one ``skipped`` finding per checker set aside.

        ``on_finding`` (numcheck serve's stream) hears of the set-aside ones too.
        """
        # Always set from the stored health, so that no checker can claim a self-check it did not pass here.
        stamped = [self.stamp(item) for item in findings]
        skipped = [finding(checker.meta, ctx, Status.SKIPPED, reason) for checker, reason in self.set_aside]
        if on_finding is not None:
            for item in skipped:
                on_finding(item)
        return stamped + skipped
