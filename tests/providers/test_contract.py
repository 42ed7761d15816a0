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
    # Coded checkers have their own tests (local list below; the Alibaba Cloud SDK checkers in tests/simulator).
    return [checker for checker in registry if isinstance(checker, ManifestChecker)]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "provider" in metafunc.fixturenames:
        checkers = _online()
        metafunc.parametrize("provider", checkers, ids=[checker.meta.id for checker in checkers])


def test_contract(provider: numcheck.Checker) -> None:
    """Metadata is honest, every documented example reads as the status it declares, and only declared requests are sent."""
    assert isinstance(provider, ManifestChecker)
    results = assert_checker_contract(provider, cassette_dir=CASSETTES / provider.meta.id)
    signals = provider.manifest.signals
    if signals.registered is not None:
        assert results["registered"] is numcheck.Status.REGISTERED
    if signals.not_registered is not None:
        assert results["not_registered"] is numcheck.Status.NOT_REGISTERED
    for scenario, status in results.items():
        name = scenario.removeprefix("cassette:")
        if name != "registered" and signals.not_registered is None:
            assert status is not numcheck.Status.NOT_REGISTERED, "a one-sided provider must never say not registered"
        if name != "not_registered" and signals.registered is None:
            assert status is not numcheck.Status.REGISTERED, "a one-sided provider must never say registered"


def test_cassettes_exist_for_every_example(provider: numcheck.Checker) -> None:
    """Each example has its cassette, and each replays (record mode none, whole request compared) to its status."""
    assert isinstance(provider, ManifestChecker)
    folder = CASSETTES / provider.meta.id
    examples = {name for name in provider.manifest.examples if name != "prime"}
    assert examples == {path.stem for path in folder.glob("*.yaml")}
    results = replay_cassettes(provider, folder)
    for name in examples:
        assert results[f"cassette:{name}"] is provider.manifest.examples[name].expect


def test_every_cassette_is_scrubbed_and_labelled() -> None:
    """No cassette holds a non-synthetic phone number, a cookie value, a token or a key; each says it is synthesized."""
    cassettes = sorted(CASSETTES.rglob("*.yaml"))
    assert len(cassettes) >= 30
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


def _local(tmp_path: Path, text: str | None, number: str = "12000000102") -> numcheck.Finding:
    listing = tmp_path / "list.csv"
    if text is not None:
        listing.write_text(text, encoding="utf-8")
    registry = default_registry(numcheck.Settings(plugins=()))
    settings = numcheck.Settings(keys={"NUMCHECK_REPUTATION_CSV": str(listing)})
    return numcheck.check(number, only=["local-list"], registry=registry, settings=settings).findings[0]


def test_local_list(tmp_path: Path) -> None:
    """The local CSV list: listed numbers are registered with their tags, others positively not registered."""
    text = "number,tags,source,date\n+86 120 0000 0101,collection_calls;harassment,team,2026-01-02\n"
    registry = default_registry(numcheck.Settings(plugins=()))
    (tmp_path / "list.csv").write_text(text, encoding="utf-8")
    settings = numcheck.Settings(keys={"NUMCHECK_REPUTATION_CSV": str(tmp_path / "list.csv")})
    listed = numcheck.check("12000000101", only=["local-list"], registry=registry, settings=settings)
    assert listed.findings[0].status is numcheck.Status.REGISTERED
    assert listed.risk("debt_collection").level is numcheck.Level.HIGH
    assert listed.risk("harassment").level is numcheck.Level.HIGH
    assert _local(tmp_path, text).status is numcheck.Status.NOT_REGISTERED


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (None, "does not exist"),
        ("", "is empty"),
        ("number,tags,source,date\n", "no rows"),
        ("phone,tags\n+86 120 0000 0101,spam\n", "no 'number' column"),
        ("number;tags;source;date\n+86 120 0000 0101;spam;team;2026-01-02\n", "no 'number' column"),
        ("number\tTags\n+86 120 0000 0101\tspam\n", "no 'number' column"),
    ],
    ids=["missing", "empty", "header-only", "no-number-column", "semicolons", "tabs"],
)
def test_an_unusable_local_list_is_an_error_never_clean(tmp_path: Path, text: str | None, reason: str) -> None:
    """A list that cannot answer is an error with a one-line reason, never 'not registered'."""
    found = _local(tmp_path, text)
    assert found.status is numcheck.Status.ERROR
    assert reason in found.detail
    assert "\n" not in found.detail


def test_the_recorder_drops_signing_nonces_and_signatures() -> None:
    """An SDK's random nonce (sometimes ten digits in a row) and its signature never reach a cassette."""
    from vcr.request import Request

    from numcheck.testing.cassettes import scrub_request

    request = Request(
        "POST",
        "https://dytnsapi.aliyuncs.com/?InputNumber=12000000101",
        b"",
        {"x-acs-signature-nonce": "2005990628ae248167231de5b01a9692", "X-Signature": "abc", "x-acs-action": "DescribePhoneTwiceTelVerify"},
    )
    scrubbed = scrub_request({})(request)
    assert set(scrubbed.headers) == {"x-acs-action"}
