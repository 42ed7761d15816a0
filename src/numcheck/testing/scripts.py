"""What the provider simulator plays: each provider's script (examples by scenario, modes, limits, requests it
declares), the requests it saw (`Hit`) and the state one simulator shares across its handler threads.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from numcheck.checker import RateLimit
from numcheck.providers.manifest import Example, ManifestChecker
from numcheck.recording.matching import ExpectedRequest, expected_requests
from numcheck.report import Status

HUGE_BODY_BYTES = 50 * 1024 * 1024
# How a provider answers every number when put in a mode (whatever the number's scenario would be):
MODES = {
    "honest": "the documented not-registered answer for any number without a scenario of its own",
    "registered_for_all": "the registered example for every number (a provider whose signal now matches everything)",
    "never_registered": "the not-registered answer for every number, the registered ones too",
    "waf": "a WAF block page (HTTP 403) for every request, session steps too",
    "rate_limited": "HTTP 429 with Retry-After: 120 for every request",
    "format_changed": "HTTP 200 with JSON of a shape no signal knows, for every number",
}
# The not-registered answer of a provider, by preference: a one-sided provider has only the negation of its signal.
_NOT_REGISTERED = ("not_registered", "negated", "neutral")
# What a provider that cannot say one answer sends instead, in its own format: the negation of the answer it can give,
# or a value its sources do not name. Never the generic session page: a JSON service answering HTML is a fault (pcauto
# was read as an error, not as the silence of a one-sided provider).
_IN_FORMAT_OTHER = ("negated", "drift")
CHANGED_FORMAT_BODY = b'{"schema":"v2","result":{"state":"moved"}}'
# Any Chinese mobile number, however the checker wrote it (national digits, or after the country code 86).
_ANY_NUMBER = re.compile(r"(?:(?<!\d)|(?<=86))1[3-9]\d{9}(?!\d)")
SLOW_SECONDS = 5.0
_PRIME = Example(status=200, body="<html><body>ok</body></html>", content_type="text/html; charset=utf-8", expect=Status.UNKNOWN)


@dataclass(frozen=True)
class Asked:
    """A request as a ``respond`` function sees it: method, path, query string, body, and the synthetic number in it."""

    method: str
    path: str
    query: str
    body: str
    number: str | None


@dataclass
class ProviderScript:
    """What the simulator plays for one provider: its examples by scenario, and its session step.

    ``respond``: answers computed from the request (None from it falls back to the scenarios).
    """

    examples: Mapping[str, Example]
    prime: Example = _PRIME
    latency: float = 0.0
    rate_limit: RateLimit | None = None
    requests: tuple[ExpectedRequest, ...] = ()
    respond: Callable[[Asked], Example | None] | None = None
    mode: str | None = None

    def free_answer(self) -> Example:
        """What the provider honestly answers for a number nobody holds: its not-registered example, else (a provider
        that cannot say so) an answer in its own format that is not its registered one, else the session page."""
        found = next((self.examples[name] for name in _NOT_REGISTERED if name in self.examples), None)
        return found or self.other_answer() or self.prime

    def taken_answer(self) -> Example:
        """What the provider honestly answers for a number someone holds: its registered example, else (a provider that
        cannot say so) an answer in its own format that is not its not-registered one, else the session page."""
        return self.examples.get("registered") or self.other_answer() or self.prime

    def other_answer(self) -> Example | None:
        """An answer in the provider's own format that matches neither of its signals (None when it has none)."""
        return next((self.examples[name] for name in _IN_FORMAT_OTHER if name in self.examples and self.examples[name].status < 400), None)


@dataclass
class Hit:
    """One request the simulator received."""

    provider: str
    method: str
    path: str
    scenario: str | None
    at: float
    number: str | None = None
    over_limit: bool = False
    query: str = ""
    miss: str | None = None
    body: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass
class _State:
    scripts: dict[str, ProviderScript]
    extra_numbers: dict[str, str]
    root_provider: str | None = None
    hits: list[Hit] = field(default_factory=list)
    recent: dict[str, deque[float]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def over_limit(self, provider: str, at: float) -> bool:
        """Whether a request arriving ``at`` exceeds the provider's limit (a sliding window of arrivals)."""
        script = self.scripts.get(provider)
        if script is None or script.rate_limit is None:
            return False
        window = self.recent.setdefault(provider, deque())
        while window and window[0] <= at - script.rate_limit.per_seconds:
            window.popleft()
        window.append(at)
        return len(window) > script.rate_limit.requests


def scripts_for(checkers: Iterable[object]) -> dict[str, ProviderScript]:
    """Scripts for every manifest-driven checker (coded ones included when they are ManifestCheckers)."""
    scripts = {}
    for checker in checkers:
        if isinstance(checker, ManifestChecker):
            examples = dict(checker.manifest.examples)
            prime = examples.pop("prime", _PRIME)
            scripts[checker.meta.id] = ProviderScript(examples, prime, requests=expected_requests(checker.manifest))
    return scripts
