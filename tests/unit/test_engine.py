"""The engine: crashes become findings, inapplicable checkers are skipped, time is recorded."""

from __future__ import annotations

import time

import pytest

import numcheck
from numcheck import CheckContext, CheckerKind, CheckerMeta, Finding, PhoneNumberInfo, Provenance, Registry, Status
from numcheck.checker import finding
from numcheck.offline_checkers import builtin_offline_checkers

_META = {"kind": CheckerKind.ACCOUNT, "category": "media", "provenance": Provenance(level="documented", sources=("test",))}


class Crashing:
    meta = CheckerMeta(id="crashing", name="Crashing", **_META)

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        raise RuntimeError("boom")


class Answering:
    meta = CheckerMeta(id="answering", name="Answering", **_META)

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        time.sleep(self.delay)
        return finding(self.meta, ctx, Status.NOT_REGISTERED, "no account")


class Keyed:
    meta = CheckerMeta(id="keyed", name="Keyed", needs_key=("NUMCHECK_KEY_KEYED_TEST",), **_META)

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        return finding(self.meta, ctx, Status.REGISTERED, f"key {ctx.keys['NUMCHECK_KEY_KEYED_TEST']!r} used")


class Foreign:
    meta = CheckerMeta(id="foreign", name="Foreign", countries=("US",), **_META)

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:  # pragma: no cover - must not run
        raise AssertionError("a US-only checker ran for a Chinese number")


def _registry(*checkers: object) -> Registry:
    registry = Registry()
    for checker in [*builtin_offline_checkers(), *checkers]:
        registry.add(checker, "test")
    return registry


def test_a_crashing_checker_becomes_an_error_finding() -> None:
    """The report still comes back, with the crash explained and the other answers kept."""
    report = numcheck.check("13800138000", registry=_registry(Crashing(), Answering()), settings=numcheck.Settings())
    crashed = next(item for item in report.findings if item.checker_id == "crashing")
    assert crashed.status is Status.ERROR
    assert "RuntimeError: boom" in crashed.detail
    assert next(item for item in report.findings if item.checker_id == "answering").status is Status.NOT_REGISTERED
    assert report.coverage.error == 1
    assert report.coverage.definitive == 1


def test_elapsed_time_is_recorded_per_checker() -> None:
    """Every finding that ran carries elapsed milliseconds."""
    report = numcheck.check("13800138000", registry=_registry(Answering()), settings=numcheck.Settings())
    ran = [item for item in report.findings if item.status is not Status.SKIPPED]
    assert ran
    assert all(item.evidence.elapsed_ms is not None for item in ran)
    # The engine times each checker: a checker that sleeps 20 ms is timed at 20 ms or more, and the report's own
    # elapsed time covers it.
    slow = numcheck.check("13800138000", registry=_registry(Answering(delay=0.02)), settings=numcheck.Settings())
    timed = next(item for item in slow.findings if item.checker_id == "answering")
    assert timed.evidence.elapsed_ms is not None
    assert timed.evidence.elapsed_ms >= 20
    assert slow.elapsed_ms >= timed.evidence.elapsed_ms


def test_missing_key_skips_with_a_hint_and_a_key_enables() -> None:
    """A keyed checker without its key is skipped with how to set it; with the key it runs."""
    registry = _registry(Keyed())
    skipped = numcheck.check("13800138000", registry=registry, settings=numcheck.Settings())
    item = next(item for item in skipped.findings if item.checker_id == "keyed")
    assert item.status is Status.SKIPPED
    assert "NUMCHECK_KEY_KEYED_TEST" in item.detail
    keyed = numcheck.check("13800138000", registry=registry, settings=numcheck.Settings(keys={"NUMCHECK_KEY_KEYED_TEST": "k"}))
    assert next(item for item in keyed.findings if item.checker_id == "keyed").status is Status.REGISTERED


def test_offline_mode_and_country_skip_online_checkers() -> None:
    """Offline mode runs no online checker and lists none (the report carries what was asked); country-bound checkers skip other countries."""
    report = numcheck.check("13800138000", offline=True, registry=_registry(Answering(), Foreign()), settings=numcheck.Settings())
    assert {item.checker_id for item in report.findings} == {checker.meta.id for checker in builtin_offline_checkers()}
    assert all(item.kind is CheckerKind.OFFLINE for item in report.findings)
    assert report.coverage.online_checkers == 0
    online = numcheck.check("13800138000", registry=_registry(Foreign()), settings=numcheck.Settings())
    assert "US numbers only" in next(item.detail for item in online.findings if item.checker_id == "foreign")


def test_only_and_exclude() -> None:
    """--only/--exclude select the services asked, by id or kind; the offline facts the verdict rests on always run
    (docs/verdict.md); unknown names are a clear error."""
    registry = _registry(Answering())
    offline = {checker.meta.id for checker in registry if checker.meta.kind is CheckerKind.OFFLINE}
    only = numcheck.check("13800138000", registry=registry, only=["answering"], settings=numcheck.Settings())
    assert [item.checker_id for item in only.findings if item.checker_id not in offline] == ["answering"]
    assert {item.checker_id for item in only.findings} == offline | {"answering"}
    without = numcheck.check("13800138000", registry=registry, exclude=["offline"], settings=numcheck.Settings())
    assert {item.checker_id for item in without.findings} == offline | {"answering"}
    online = numcheck.check("13800138000", registry=registry, exclude=["answering"], settings=numcheck.Settings())
    assert "answering" not in {item.checker_id for item in online.findings}
    with pytest.raises(numcheck.PluginError, match="no such checker"):
        numcheck.check("13800138000", registry=registry, only=["nope"], settings=numcheck.Settings())


def test_registry_refuses_message_senders_and_duplicates() -> None:
    """sends_message=True is refused (SafetyError); a duplicate id is refused."""

    class Sender(Answering):
        meta = CheckerMeta(id="sender", name="Sender", sends_message=True, **_META)

    registry = Registry()
    with pytest.raises(numcheck.SafetyError):
        registry.add(Sender(), "test")
    registry.add(Answering(), "test")
    with pytest.raises(numcheck.PluginError, match="already provided"):
        registry.add(Answering(), "other")
    registry.add_or_record(Sender(), "plugin x", "sender")
    assert registry.broken[0].name == "sender"
    assert "sends_message" in registry.broken[0].error
