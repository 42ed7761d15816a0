"""In-process checkers whose answers a test sets, counting how often they are asked."""

from __future__ import annotations

import threading

from numcheck import CheckContext, CheckerKind, CheckerMeta, Finding, PhoneNumberInfo, Provenance, Registry, Status
from numcheck.checker import finding
from numcheck.offline_checkers import builtin_offline_checkers


class Scripted:
    """An account checker answering ``answers[e164]`` (default not registered); counts calls per number."""

    def __init__(self, checker_id: str = "scripted", answers: dict[str, Status] | None = None) -> None:
        self.meta = CheckerMeta(
            id=checker_id,
            name=checker_id.title(),
            kind=CheckerKind.ACCOUNT,
            category="shopping",
            provenance=Provenance(level="documented", sources=("test",)),
        )
        self.answers = dict(answers or {})
        self.calls: dict[str, int] = {}
        self._lock = threading.Lock()

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        with self._lock:
            self.calls[number.e164] = self.calls.get(number.e164, 0) + 1
        status = self.answers.get(number.e164, Status.NOT_REGISTERED)
        return finding(self.meta, ctx, status, f"scripted {status.value}")


def registry_of(*checkers: object) -> Registry:
    """The offline checkers plus ``checkers``."""
    registry = Registry()
    for checker in [*builtin_offline_checkers(), *checkers]:
        registry.add(checker, "test")
    return registry
