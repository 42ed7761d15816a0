"""The fault matrix: every fault against every provider never yields registered/not_registered, and the report explains it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import numcheck
from numcheck.providers.manifest import ManifestChecker
from numcheck.registry import default_registry
from numcheck.testing import (
    FAULTS,
    SCENARIOS,
    Simulator,
    Tarpit,
    run_checker,
    scripts_for,
    simulator_settings,
    synthetic_keys,
    synthetic_number,
)
from numcheck.testing.numbers import batch_number

_PROVIDERS = [checker for checker in default_registry(numcheck.Settings(plugins=())) if isinstance(checker, ManifestChecker)]
_EXPECTED = {
    "read_timeout": {numcheck.Status.ERROR},
    "connection_reset": {numcheck.Status.ERROR},
    "http_500": {numcheck.Status.ERROR},
    "http_502": {numcheck.Status.ERROR},
    "http_503": {numcheck.Status.ERROR},
    "rate_limited": {numcheck.Status.BLOCKED},
    "waf_403": {numcheck.Status.BLOCKED},
    "captcha_page": {numcheck.Status.BLOCKED},
    "login_redirect": {numcheck.Status.BLOCKED},
    "malformed_json": {numcheck.Status.ERROR, numcheck.Status.UNKNOWN},
    "html_for_json": {numcheck.Status.ERROR, numcheck.Status.UNKNOWN},
    # A 302 after a POST would become an undeclared GET: numcheck refuses to follow it (error).
    "redirect_loop": {numcheck.Status.ERROR},
    "huge_body": {numcheck.Status.ERROR},
    "trickle_body": {numcheck.Status.ERROR},
}


@pytest.fixture(name="simulator", scope="module")
def _simulator() -> Iterator[Simulator]:
    with Simulator(scripts_for(_PROVIDERS)) as simulator:
        yield simulator


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("provider", _PROVIDERS, ids=[checker.meta.id for checker in _PROVIDERS])
def test_fault_is_never_an_answer(simulator: Simulator, provider: ManifestChecker, fault: str) -> None:
    """A fault gives blocked/error (or unknown for bodies it cannot read), never a definitive answer, and says why."""
    settings = simulator_settings(simulator, _PROVIDERS, timeout=0.4, honour_retry_after_up_to=1.0)
    found = run_checker(provider, fault, settings)
    assert not found.status.definitive
    assert found.status in _EXPECTED[fault], found.detail
    assert found.detail
    if fault == "rate_limited":
        assert found.evidence.retry_after is not None
        assert found.evidence.retry_after > 60


def test_connect_timeout(simulator: Simulator) -> None:
    """A host that never completes the TCP handshake is an error, quickly, with the report intact."""
    tarpit = Tarpit()
    try:
        provider = next(checker for checker in _PROVIDERS if checker.meta.id == "tuniu")
        settings = numcheck.Settings(base_urls={"tuniu": tarpit.url}, timeout=0.3)
        found = run_checker(provider, "registered", settings)
        assert found.status is numcheck.Status.ERROR
        assert "timeout" in found.detail or "failed" in found.detail
    finally:
        tarpit.close()


def test_report_comes_back_with_faults_explained(simulator: Simulator) -> None:
    """One number, all providers, a fault: the report is produced, coverage shows it, the CLI exit code would be 3."""
    settings = simulator_settings(simulator, _PROVIDERS, timeout=0.4)
    registry = default_registry(numcheck.Settings(plugins=()))
    report = numcheck.check(synthetic_number("http_503"), registry=registry, settings=settings)
    online = [
        item for item in report.findings if item.kind is not numcheck.CheckerKind.OFFLINE and item.status is not numcheck.Status.SKIPPED
    ]
    assert online
    assert all(item.status is numcheck.Status.ERROR for item in online)
    assert report.coverage.definitive == 0
    assert report.verdict is not numcheck.Verdict.LOW_RISK


def test_every_checker_sends_exactly_its_declared_requests() -> None:
    """Across every provider, scenario and redirect fault, every request the simulator saw is one its manifest declares.

    The simulator does not reuse the client's denylist: it compares each request with the
    declared ones, so a checker (or a redirect) reaching anything else is a recorded miss.
    """
    with Simulator(scripts_for(_PROVIDERS)) as simulator:
        settings = simulator_settings(simulator, _PROVIDERS, timeout=0.3, honour_retry_after_up_to=0.5)
        for provider in _PROVIDERS:
            for scenario in [*SCENARIOS, "captcha_page", "login_redirect", "redirect_loop"]:
                run_checker(provider, scenario, settings)
        assert len(simulator.hits) > 100
        assert [(hit.provider, hit.method, hit.path, hit.miss) for hit in simulator.misses] == []
        assert {hit.provider for hit in simulator.hits} == {provider.meta.id for provider in _PROVIDERS}


def test_the_http_client_refuses_a_sender_whatever_a_checker_asks() -> None:
    """Defence in depth: the HTTP client itself refuses message-sending URLs, and the trap stays empty."""
    from numcheck.providers.http import HttpClient

    with Simulator({}) as simulator, HttpClient(numcheck.Settings()) as http:
        result = http.request("POST", simulator.url + "/p/any/user/sendSmsCode", data={"mobile": "12000000101"})
        assert result.failure is not None
        assert "refused" in result.failure
        assert simulator.hits == []


def test_an_unreachable_network_costs_no_politeness_wait() -> None:
    """Every service refuses the connection: nothing counts against any rate window, and each report says so once."""
    import socket

    from numcheck.providers import UNREACHABLE
    from numcheck.providers.pacing import process_politeness

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    registry = default_registry(numcheck.Settings(plugins=()))
    checkers = [checker for checker in registry if checker.meta.kind is not numcheck.CheckerKind.OFFLINE]
    settings = numcheck.Settings(base_url=dead, keys=synthetic_keys(checkers), timeout=1.0)
    numbers = [batch_number(index) for index in range(10)]
    items = list(numcheck.check_many(numbers, registry=registry, settings=settings, workers=4, exclude=["local-list"]))
    for item in items:
        assert item.report is not None
        asked = [f for f in item.report.findings if f.kind is not numcheck.CheckerKind.OFFLINE and f.status is not numcheck.Status.SKIPPED]
        assert asked
        assert all(f.detail.endswith(UNREACHABLE) for f in asked)
        assert sum("network was unreachable" in note for note in item.report.notes) == 1
    assert process_politeness().window.occupied(dead.removeprefix("http://")) == 0
