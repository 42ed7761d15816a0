"""A host found unresolvable or unreachable is answered so at once for a while: no request, no place in its window, no wait.

Without a network each DNS look-up failed slowly (1 to 2 s) while holding its host's rate window, so an online batch
of 20 numbers took half a minute to say nothing but "cannot resolve the host". Counted here: requests sent and turns
waited for, never seconds.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests

import numcheck
from numcheck.net import UNREACHABLE, UNRESOLVABLE
from numcheck.net.client import HttpClient
from numcheck.net.pacing import UNREACHABLE_HOLD, Politeness


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class _NoNetwork(requests.Session):
    """A session whose every request fails as a failed DNS look-up does, after a short while; it counts the attempts."""

    attempts = 0
    lock = threading.Lock()
    error = "Failed to resolve 'example.test' ([Errno -3] Temporary failure in name resolution)"

    def send(self, request: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        with _NoNetwork.lock:
            _NoNetwork.attempts += 1
        time.sleep(0.02)
        raise requests.ConnectionError(self.error)


class _CountedPoliteness(Politeness):
    turns = 0

    def __init__(self, clock: _Clock) -> None:
        super().__init__(clock)
        original = self.window.acquire

        def acquire(*args: Any, **kwargs: Any) -> Any:
            _CountedPoliteness.turns += 1
            return original(*args, **kwargs)

        self.window.acquire = acquire  # type: ignore[method-assign]


def _client(clock: _Clock) -> HttpClient:
    _NoNetwork.attempts = 0
    _CountedPoliteness.turns = 0
    return HttpClient(numcheck.Settings(), session_factory=_NoNetwork, politeness=_CountedPoliteness(clock))


def test_twenty_lookups_to_an_unresolvable_host_send_one_request() -> None:
    clock = _Clock()
    with _client(clock) as client:
        results = [client.request("GET", "https://example.test/check") for _ in range(20)]
    assert {result.failure for result in results} == {UNRESOLVABLE}
    assert _NoNetwork.attempts == 1
    assert _CountedPoliteness.turns == 1  # the other 19 took no place in the window
    assert client.requests_sent == 1


def test_concurrent_lookups_waiting_their_turn_are_answered_when_the_first_fails() -> None:
    clock = _Clock()
    with _client(clock) as client:
        results: list[str | None] = []

        def ask() -> None:
            results.append(client.request("GET", "https://example.test/check", rate=numcheck.RateLimit(requests=1, per_seconds=2)).failure)

        threads = [threading.Thread(target=ask) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert results == [UNRESOLVABLE] * 8
    assert _NoNetwork.attempts == 1  # a limit of 1 lets one in flight; the others learn from it, not by asking


def test_after_the_hold_one_request_tries_again_and_the_others_keep_the_answer() -> None:
    clock = _Clock()
    politeness = Politeness(clock)
    with HttpClient(numcheck.Settings(), session_factory=_NoNetwork, politeness=politeness) as client:
        _NoNetwork.attempts = 0
        client.request("GET", "https://example.test/check")
        clock.now += UNREACHABLE_HOLD - 1
        client.request("GET", "https://example.test/check")
        assert _NoNetwork.attempts == 1
        clock.now += 2  # the hold is over
        assert politeness.known_down("https://example.test:443") is None  # this caller is the one to try again
        assert politeness.known_down("https://example.test:443") == UNRESOLVABLE  # the others keep the old answer
        politeness.reached("https://example.test:443", None)  # the network came back
        assert politeness.known_down("https://example.test:443") is None
        assert politeness.known_down("https://example.test:443") is None


def test_a_retry_that_fails_again_holds_the_host_again() -> None:
    clock = _Clock()
    with _client(clock) as client:
        client.request("GET", "https://example.test/a")
        clock.now += UNREACHABLE_HOLD + 1
        client.request("GET", "https://example.test/b")
        client.request("GET", "https://example.test/c")
    assert _NoNetwork.attempts == 2


def test_other_hosts_and_other_failures_are_not_held() -> None:
    clock = _Clock()
    with _client(clock) as client:
        client.request("GET", "https://example.test/check")
        client.request("GET", "https://other.test/check")
        assert _NoNetwork.attempts == 2

        class _Reset(_NoNetwork):
            error = "Connection aborted: connection reset by peer"

        _NoNetwork.attempts = 0
    with HttpClient(numcheck.Settings(), session_factory=_Reset, politeness=Politeness(clock)) as client:
        first = client.request("POST", "https://example.test/check")
        second = client.request("POST", "https://example.test/check")
    assert first.failure == second.failure == "connection reset"
    assert _NoNetwork.attempts == 2  # a reset reached the host: each lookup asks it


def test_a_refused_connection_is_held_as_unreachable() -> None:
    class _Refused(_NoNetwork):
        error = "Max retries exceeded: Failed to establish a new connection: [Errno 111] Connection refused"

    _NoNetwork.attempts = 0
    with HttpClient(numcheck.Settings(), session_factory=_Refused, politeness=Politeness(_Clock())) as client:
        assert [client.request("GET", "https://example.test/x").failure for _ in range(3)] == [UNREACHABLE] * 3
    assert _NoNetwork.attempts == 1
