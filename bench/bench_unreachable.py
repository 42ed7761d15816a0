"""Without a network, side by side in one run: an online batch that learns a host is unreachable once, or every time.

Twenty numbers, eight hosts (as many as the shipped account lookups), eight workers, each host limited to one
request per 2 s as the manifests declare; every request fails as a failed DNS look-up does without a network, after
DNS_SECONDS (measured here: 1 to 2 s each under a batch's load). "before" asks every host for every number (each
failure held its host's window while the look-up ran); "after" holds a host found unreachable for 60 s
(numcheck.net.pacing.UNREACHABLE_HOLD) and answers it at once. Goal (findings #9): the batch ends in about one
look-up's time, with one request per host.

Run: python bench/bench_unreachable.py [--quick]
"""

from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import requests
from _common import row

import numcheck
from numcheck.net.client import HttpClient
from numcheck.net.pacing import Politeness

HOSTS = [f"https://service{index}.example" for index in range(8)]
RATE = numcheck.RateLimit(requests=1, per_seconds=2.0)


class _NoNetwork(requests.Session):
    delay = 0.2
    sent = 0
    lock = threading.Lock()

    def send(self, request: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        with _NoNetwork.lock:
            _NoNetwork.sent += 1
        time.sleep(self.delay)
        raise requests.ConnectionError("Failed to resolve host ([Errno -3] Temporary failure in name resolution)")


class _Forgetful(Politeness):
    """numcheck before the hold: every lookup asks, whatever the last one to the host found."""

    def known_down(self, host: str) -> str | None:
        return None

    def found_down(self, host: str) -> str | None:
        return None


def _batch(politeness: Politeness, numbers: int) -> tuple[float, int]:
    _NoNetwork.sent = 0
    started = time.perf_counter()
    with HttpClient(numcheck.Settings(), session_factory=_NoNetwork, politeness=politeness) as client:

        def one(index: int) -> None:
            # A number's checkers run at once in numcheck; rotating the order stands in for that here.
            for host in HOSTS[index % len(HOSTS) :] + HOSTS[: index % len(HOSTS)]:
                client.request("GET", f"{host}/check", params={"n": str(index)}, rate=RATE)

        with ThreadPoolExecutor(8) as pool:
            list(pool.map(one, range(numbers)))
    return time.perf_counter() - started, _NoNetwork.sent


def main(argv: list[str]) -> int:
    numbers = 5 if "--quick" in argv else 20
    before, asked_before = _batch(_Forgetful(), numbers)
    after, asked_after = _batch(Politeness(), numbers)
    print(f"{numbers} numbers x {len(HOSTS)} hosts, each DNS failure taking {_NoNetwork.delay} s, no network")
    row("before: every lookup asks", f"{before:.2f} s, {asked_before} requests")
    row("after: a host found unreachable is held 60 s", f"{after:.2f} s, {asked_after} requests")
    row("ratio (before / after)", f"{before / after:.0f}x the time, {asked_before / max(asked_after, 1):.0f}x the requests")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
