"""What stands between numcheck serve and the network: hosts, methods, tokens, CSRF, origins, sizes, concurrency, logs.

The rules and their state live here (`Guard`); `numcheck.serve.middleware` applies them, a pure ASGI middleware
that sees every request before the framework parses anything; `numcheck.serve.logsalt` keeps numbers out of the log:

* the Host header must name this server (DNS rebinding: a page on evil.example that resolves to
  127.0.0.1 still sends ``Host: evil.example``);
* a documented path answers only its documented methods (405 and ``Allow`` otherwise; OPTIONS
  lists them), so HEAD cannot start a lookup behind the schema's back;
* there is always a token (given, or made at start and printed): the API takes it as
  ``Authorization: Bearer``; when it is required (any address but loopback, or ``--token``), the page
  wants a session cookie from the login form or from visiting ``/?token=``;
* wrong tokens are throttled per client with a growing wait (429 and ``Retry-After``);
* work (a lookup, anything that writes history) is refused to cross-site callers, by
  ``Sec-Fetch-Site`` and ``Origin``; a GET starts a lookup only from a same-origin page or with a
  token, because a simple cross-site GET (an ``<img>``) carries neither header nor token;
* a POST needs the page's CSRF header (or the bearer token): a custom header cannot be sent
  cross-site without a CORS preflight, which this server never grants;
* bodies over ``max_body`` bytes are refused (413) while they arrive; a client holds at most
  ``per_client`` requests, and batches still running for it, at once (429);
* the access log names numbers only by a hash keyed with a per-install secret.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from numcheck.serve.logsalt import install_salt

__all__ = ["CSRF_HEADER", "SESSION_COOKIE", "Guard", "ShortTokenError", "install_salt"]

LOG = logging.getLogger("numcheck.serve")
SESSION_COOKIE = "numcheck_session"
CSRF_HEADER = "x-csrf-token"
LOOPBACK = ("127.0.0.1", "::1", "localhost")
# Paths anyone may reach: the health check, and the login page with the files it needs.
OPEN_PATHS = ("/healthz", "/login")
OPEN_PREFIX = "/static/"
# Below this a token can be guessed even at the throttled rate; 16 random characters cannot.
MIN_TOKEN_LENGTH = 16
# The GETs that start a lookup (and may write history); every other GET only reads.
LOOKUP_PATHS = ("/api/v1/check", "/api/v1/check/events")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Wrong tokens forgiven before waiting starts (typos), the first wait, its ceiling, and when a client's record is forgotten.
FREE_FAILURES = 5
FIRST_WAIT = 1.0
LONGEST_WAIT = 300.0
FORGET_AFTER = 3600.0
# Clients whose failures are remembered at once: a flood of addresses cannot grow this without bound.
TRACKED_CLIENTS = 10_000
BODY_TIMEOUT = 30.0


class ShortTokenError(ValueError):
    """A token too short to resist guessing."""


@dataclass
class Guard:
    """The server's rules; one per app (its secrets are made fresh every start)."""

    host: str
    port: int
    token: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    max_body: int = 256 * 1024
    per_client: int = 8
    # False on loopback with a token made at start: the page stays open to this machine, scripts use the token.
    token_required: bool = True
    log_salt: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    clock: Callable[[], float] = time.monotonic
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    _session_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _active: dict[str, int] = field(default_factory=dict)
    _failures: OrderedDict[str, tuple[int, float, float]] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < MIN_TOKEN_LENGTH:
            raise ShortTokenError(f"the token must be at least {MIN_TOKEN_LENGTH} characters (try: openssl rand -hex 16)")

    @property
    def login_needed(self) -> bool:
        return self.token is not None and self.token_required

    @cached_property
    def hosts(self) -> frozenset[str]:
        """The Host headers this server answers under (worked out once)."""
        names = {self.host, *LOOPBACK, *self.allowed_hosts}
        bracketed = {f"[{name}]:{self.port}" for name in names if ":" in name}
        return frozenset({f"{name}:{self.port}" for name in names} | bracketed | set(self.allowed_hosts))

    def session_value(self) -> str:
        assert self.token is not None
        return hmac.new(self._session_key, self.token.encode(), hashlib.sha256).hexdigest()

    def token_matches(self, offered: str) -> bool:
        return self.token is not None and hmac.compare_digest(offered.encode(), self.token.encode())

    def retry_after(self, client: str) -> int:
        """Seconds ``client`` must wait before its next token is even compared (0: go ahead)."""
        with self._lock:
            record = self._failures.get(client)
            if record is None:
                return 0
            _, until, last = record
            now = self.clock()
            if now - last > FORGET_AFTER:
                del self._failures[client]
                return 0
            return max(0, math.ceil(until - now))

    def failed(self, client: str) -> None:
        """A wrong token from ``client``: past the free few, each doubles its wait."""
        with self._lock:
            now = self.clock()
            count, _, last = self._failures.pop(client, (0, 0.0, now))
            if now - last > FORGET_AFTER:
                count = 0
            count += 1
            wait = 0.0 if count <= FREE_FAILURES else min(FIRST_WAIT * 2 ** (count - FREE_FAILURES - 1), LONGEST_WAIT)
            self._failures[client] = (count, now + wait, now)
            while len(self._failures) > TRACKED_CLIENTS:
                self._failures.popitem(last=False)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)

    def hold(self, client: str) -> None:
        """Count work that outlives its request (a batch still running) against ``client``, past the cap if need be."""
        with self._lock:
            self._active[client] = self._active.get(client, 0) + 1

    def enter(self, client: str) -> bool:
        with self._lock:
            if self._active.get(client, 0) >= self.per_client:
                return False
            self._active[client] = self._active.get(client, 0) + 1
            return True

    def leave(self, client: str) -> None:
        with self._lock:
            left = self._active.get(client, 1) - 1
            if left:
                self._active[client] = left
            else:
                self._active.pop(client, None)
