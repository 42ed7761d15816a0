"""The arrival window: however requests jitter on the way, no window of arrivals exceeds the limit."""

from __future__ import annotations

import random
import threading
import time

from numcheck import RateLimit
from numcheck.providers.pacing import ArrivalWindow


def _over_limit(arrivals: list[float], limit: int, period: float) -> int:
    arrivals = sorted(arrivals)
    return sum(1 for index in range(limit, len(arrivals)) if arrivals[index] - arrivals[index - limit] < period)


def test_jittered_arrivals_never_exceed_the_limit() -> None:
    """Four threads, random transit delays: counted at arrival, at most 3 requests in any 0.2 s."""
    window = ArrivalWindow()
    rate = RateLimit(requests=3, per_seconds=0.2)
    arrivals: list[float] = []
    lock = threading.Lock()
    rng = random.Random(7)
    delays = [rng.uniform(0.0, 0.03) for _ in range(16)]

    def worker(mine: list[float]) -> None:
        for delay in mine:
            slot = window.acquire("example.test", rate)
            time.sleep(delay)  # on the way to the service
            with lock:
                arrivals.append(time.monotonic())
            time.sleep(delay / 2)  # the answer on its way back
            window.release(slot)

    threads = [threading.Thread(target=worker, args=(delays[index::4],)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(arrivals) == 16
    assert _over_limit(arrivals, 3, 0.2) == 0


def test_hosts_and_rates_have_separate_windows() -> None:
    """A full window on one host does not hold back another host."""
    window = ArrivalWindow()
    rate = RateLimit(requests=1, per_seconds=60)
    window.acquire("a.test", rate)
    done = threading.Event()

    def other() -> None:
        window.release(window.acquire("b.test", rate))
        done.set()

    threading.Thread(target=other, daemon=True).start()
    assert done.wait(timeout=5)


def test_the_counter_would_catch_a_departure_counting_limiter() -> None:
    """Sanity of the check itself: arrivals bunched by jitter are counted as over the limit."""
    assert _over_limit([0.0, 0.05, 0.1, 0.19, 0.25], 3, 0.2) == 1


def test_an_override_lifts_limits_only_on_loopback() -> None:
    """The simulator may be hammered; a real host keeps its declared limit unless the override is slower."""
    from numcheck.providers.http import effective_rate

    declared = RateLimit(requests=1, per_seconds=2)
    fast, slow = RateLimit(requests=1000, per_seconds=1), RateLimit(requests=1, per_seconds=10)
    assert effective_rate("127.0.0.1:8765", declared, fast) == fast
    assert effective_rate("localhost", declared, fast) == fast
    assert effective_rate("[::1]:80", declared, fast) == fast
    assert effective_rate("www.51job.com", declared, fast) == declared
    assert effective_rate("www.51job.com", declared, slow) == slow
    assert effective_rate("www.51job.com", declared, None) == declared


def test_replaying_cassettes_may_lift_limits_on_any_host() -> None:
    """Under vcrpy nothing leaves the machine, so the test kit's override applies to real host names too."""
    from numcheck.providers.http import effective_rate

    declared, fast = RateLimit(requests=1, per_seconds=5), RateLimit(requests=1000, per_seconds=1)
    assert effective_rate("www.example.com", declared, fast, anywhere=True) == fast
    assert effective_rate("www.example.com", declared, fast) == declared
