"""Every shipped provider through one contract: metadata, simulator scenarios, and its cassettes replayed offline."""

from __future__ import annotations

from pathlib import Path

import pytest

import numcheck
from numcheck.providers.manifest import ManifestChecker
from numcheck.registry import default_registry
from numcheck.testing import assert_checker_contract, find_secrets, replay_cassettes

CASSETTES = Path(__file__).resolve().parents[2] / "fixtures" / "cassettes"


def _online() -> list[numcheck.Checker]:
    registry = default_registry(numcheck.Settings(plugins=()))
    return [checker for checker in registry if checker.meta.kind is not numcheck.CheckerKind.OFFLINE]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "provider" in metafunc.fixturenames:
        checkers = _online()
        metafunc.parametrize("provider", checkers, ids=[checker.meta.id for checker in checkers])


def test_contract(provider: numcheck.Checker) -> None:
    """Metadata is honest and every documented example reads as the status it declares."""
    results = assert_checker_contract(provider)
    if isinstance(provider, ManifestChecker):
        assert results["registered"] is numcheck.Status.REGISTERED
        assert results["blocked"] is numcheck.Status.BLOCKED
        assert results["not_registered"] in (numcheck.Status.NOT_REGISTERED, numcheck.Status.UNKNOWN)
        if provider.manifest.signals.not_registered is None:
            assert results["not_registered"] is numcheck.Status.UNKNOWN, "a one-sided provider must never say not registered"


def test_cassettes_replay_without_network(provider: numcheck.Checker) -> None:
    """registered, not_registered and blocked cassettes exist and replay (record mode none) to their statuses."""
    if not isinstance(provider, ManifestChecker):
        pytest.skip("not an HTTP provider (local list: see test_local_list)")
    folder = CASSETTES / provider.meta.id
    assert {"registered", "not_registered", "blocked"} <= {path.stem for path in folder.glob("*.yaml")}
    results = replay_cassettes(provider, folder)
    assert results["cassette:registered"] is numcheck.Status.REGISTERED
    assert results["cassette:blocked"] is numcheck.Status.BLOCKED


def test_every_cassette_is_scrubbed_and_labelled() -> None:
    """No cassette holds a non-synthetic phone number, a cookie value, a token or a key; each says it is synthesized."""
    cassettes = sorted(CASSETTES.rglob("*.yaml"))
    assert len(cassettes) >= 45
    for cassette in cassettes:
        text = cassette.read_text(encoding="utf-8")
        assert find_secrets(text) == [], cassette
        assert text.startswith("# SYNTHESIZED"), cassette


@pytest.mark.parametrize(
    "leak",
    [
        "uri: https://x.example/?mobile=13912345678",
        "Cookie:\n      - sid=abc",
        "uri: https://x.example/?apikey=abcdef",
        "Authorization:\n - Bearer abcdefghijkl",
    ],
)
def test_the_scanner_catches_leaks(leak: str) -> None:
    """The cassette scanner is not a check that cannot fail: it flags a real-looking number, cookie, key and token."""
    assert find_secrets(leak)


def test_local_list(tmp_path: Path) -> None:
    """The local CSV list: listed numbers are registered with their tags, others positively not registered."""
    listing = tmp_path / "list.csv"
    listing.write_text("number,tags,source,date\n+86 120 0000 0101,debt_collection;harassment,team,2026-01-02\n", encoding="utf-8")
    registry = default_registry(numcheck.Settings(plugins=()))
    settings = numcheck.Settings(keys={"NUMCHECK_REPUTATION_CSV": str(listing)})
    listed = numcheck.check("12000000101", only=["local-list"], registry=registry, settings=settings)
    assert listed.findings[0].status is numcheck.Status.REGISTERED
    assert listed.risk("debt_collection").level is numcheck.Level.HIGH
    clean = numcheck.check("12000000102", only=["local-list"], registry=registry, settings=settings)
    assert clean.findings[0].status is numcheck.Status.NOT_REGISTERED
    missing = numcheck.check(
        "12000000102",
        only=["local-list"],
        registry=registry,
        settings=numcheck.Settings(keys={"NUMCHECK_REPUTATION_CSV": str(tmp_path / "nope.csv")}),
    )
    assert missing.findings[0].status is numcheck.Status.ERROR
