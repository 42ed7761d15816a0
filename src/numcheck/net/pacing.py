"""Per-host rate limits that hold as the service counts them: by arrival, not by departure.

A limiter that counts a request when it lets it go (as the ``limits`` library does, which numcheck
used first) is exact on the client's clock, but a service counts arrivals, and arrivals jitter: a
first request that waited for a new connection can land after a later one that reused a warm
connection. Measured against the simulator at 8 requests/s, that produced 6 to 8 requests over
the limit per 24. Here a request holds its slot from the moment it leaves until its answer (or
failure) is back, and the slot frees one window after that. Since the answer comes after the
service saw the request, no window on the service's clock can hold more than the limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from functools import cache
from urllib.parse import urlsplit

from numcheck.config import RateLimit
from numcheck.net import LOOPBACK

# What a checker that declares no rate limit gets.
DEFAULT_RATE = RateLimit(requests=2, per_seconds=1.0)
# How long a host found unresolvable or unreachable is answered as such without asking again; then one request
# tries it again. Without a network, each failed DNS look-up took 1 to 2 seconds and held the host's rate window
# meanwhile, so a 20-number batch spent 30 s learning 180 times what the first look-up already said.
UNREACHABLE_HOLD = 60.0


def host_key(url: str) -> str:
    """``scheme://host:port`` of a URL (or of a bare ``host[:port]``, taken as http), the name a window is kept under.

    The HTTP client passes keys it built from the URL as urllib3 parsed it; this spells the same
    key for callers holding a URL, so one service is one window however its address is written.
    """
    parts = urlsplit(url if "://" in url else f"http://{url}")
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    name = (parts.hostname or "").lower()
    if ":" in name:
        name = f"[{name}]"  # an IPv6 literal keeps its brackets, so the key reads back as the same host
    return f"{scheme}://{name}:{port or {'http': 80, 'https': 443}.get(scheme, 0)}"


@dataclass(eq=False)
class Slot:
    """One request's place in its host's window; ``done_at`` is set when its answer is back."""

    key: tuple[str, int, float]
    done_at: float | None = None


@dataclass
class _Down:
    failure: str
    until: float
    # Until when the one caller let through to try again has the host to itself. A claim, not a flag: that caller may
    # send nothing (a Retry-After pause, Ctrl-C) and never report back, and the host must not stay held for ever.
    retrying_until: float = 0.0


@dataclass
class _Window:
    slots: list[Slot] = field(default_factory=list)


class ArrivalWindow:
    """At most ``rate.requests`` requests per ``rate.per_seconds`` to each host, shared by all threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._changed = threading.Condition()
        self._windows: dict[tuple[str, int, float], _Window] = {}

    def acquire(self, host: str, rate: RateLimit) -> Slot:
        """Block until ``host`` has room under ``rate``; the caller must `release` the slot."""
        key = (host, max(1, rate.requests), max(0.001, rate.per_seconds))
        _, limit, period = key
        with self._changed:
            window = self._windows.setdefault(key, _Window())
            while True:
                now = self._clock()
                window.slots = [slot for slot in window.slots if slot.done_at is None or slot.done_at > now - period]
                if len(window.slots) < limit:
                    slot = Slot(key)
                    window.slots.append(slot)
                    return slot
                finished = [slot.done_at for slot in window.slots if slot.done_at is not None]
                # All in flight: wait for an answer (release notifies); else until the oldest answer ages out.
                self._changed.wait(timeout=min(finished) + period - now if finished else None)

    def occupied(self, host: str) -> int:
        """How many requests to ``host`` (a URL or ``host:port``, normalised as `host_key` does) hold a place right now."""
        host = host_key(host)
        now = self._clock()
        with self._changed:
            return sum(
                1
                for (name, _, period), window in self._windows.items()
                if name == host
                for slot in window.slots
                if slot.done_at is None or slot.done_at > now - period
            )

    def release(self, slot: Slot, *, arrived: bool = True) -> None:
        """The answer to the slot's request is back (or the request failed): start its cool-down.

        ``arrived=False``: the request never reached the service (no route, DNS failure, connection
        refused), so it takes no place in the service's window and nobody waits for it.
        """
        with self._changed:
            if arrived:
                slot.done_at = self._clock()
            else:
                window = self._windows.get(slot.key)
                if window is not None and slot in window.slots:
                    window.slots.remove(slot)
            self._changed.notify_all()


class Politeness:
    """Everything that keeps numcheck polite to a host: the arrival windows and Retry-After cool-downs.

    It belongs to the process, not to one call: every `numcheck.check`, `numcheck.check_many` and
    server request in one process shares `process_politeness()`, so a loop of ``check()`` calls
    never multiplies the request rate against a provider.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, *, unreachable_hold: float = UNREACHABLE_HOLD) -> None:
        self.window = ArrivalWindow(clock)
        self._clock = clock
        self._lock = threading.Lock()
        self._not_before: dict[str, float] = {}
        self._hold = unreachable_hold
        self._down: dict[str, _Down] = {}

    def known_down(self, host: str) -> str | None:
        """Why ``host`` could not be reached a moment ago (answer that without asking), or None: ask it.

        Once the hold is over, one caller is let through to try again; the others keep the old answer until it is back.
        """
        with self._lock:
            down = self._down.get(host)
            if down is None:
                return None
            now = self._clock()
            if now < down.until or now < down.retrying_until:
                return down.failure
            down.retrying_until = now + self._hold
            return None

    def found_down(self, host: str) -> str | None:
        """Why ``host`` is held as unreachable right now (a request that waited its turn meanwhile asks this), or None."""
        with self._lock:
            down = self._down.get(host)
            return down.failure if down is not None and self._clock() < down.until else None

    def reached(self, host: str, failure: str | None) -> None:
        """What a request to ``host`` found: ``failure`` if it never got there (a `NEVER_SENT` text), else None."""
        with self._lock:
            if failure is None:
                self._down.pop(host, None)
            else:
                self._down[host] = _Down(failure, self._clock() + self._hold)

    # Keys are `host_key` spellings (scheme://host:port): the HTTP client builds them from the parsed URL.
    def not_before(self, host: str) -> float:
        """The wall-clock time before which ``host`` asked not to be asked again (0: none)."""
        with self._lock:
            return self._not_before.get(host, 0.0)

    def cool_down(self, host: str, seconds: float) -> None:
        """Honour a Retry-After of ``seconds`` for ``host``."""
        with self._lock:
            self._not_before[host] = max(self._not_before.get(host, 0.0), time.time() + seconds)


@cache
def process_politeness() -> Politeness:
    """The one `Politeness` of this process (created on first use).

    Process-wide on purpose: a service counts requests from this machine, whichever call sent them.
    """
    return Politeness()


def effective_rate(host: str, declared: RateLimit, override: RateLimit | None, *, anywhere: bool = False) -> RateLimit:
    """The limit a request obeys: an override replaces the provider's own only on loopback (the simulator),
    or ``anywhere`` when nothing leaves the machine (replaying cassettes); otherwise it can only make
    numcheck slower, never faster than the provider declared. ``host`` is a pacing key or ``host[:port]``.

    Slower means both: the burst (``requests`` let through at once) and the average rate are each the
    lower of the two, so ``100/200`` against a declared ``1/1`` is one request every two seconds, never
    a hundred at once.
    """
    if override is None:
        return declared
    if anywhere or urlsplit(host if "://" in host else f"//{host}").hostname in LOOPBACK:
        return override
    burst = min(override.requests, declared.requests)
    pace = min(override.requests / override.per_seconds, declared.requests / declared.per_seconds)
    if burst == declared.requests and pace == declared.requests / declared.per_seconds:
        return declared
    return RateLimit(requests=burst, per_seconds=min(burst / pace, 86400.0))


def parse_retry_after(value: str | None, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return None
