"""What stands between numcheck serve and the network: hosts, methods, tokens, CSRF, origins, sizes, concurrency, logs.

A pure ASGI middleware, so it sees every request before the framework parses anything:

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

import asyncio
import hashlib
import hmac
import json
import logging
import math
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

from numcheck.config import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

LOG = logging.getLogger("numcheck.serve")
SESSION_COOKIE = "numcheck_session"
CSRF_HEADER = "x-csrf-token"
LOOPBACK = ("127.0.0.1", "::1", "localhost")
# Paths anyone may reach: the health check, and the login page with the files it needs.
OPEN_PATHS = ("/healthz", "/login")
OPEN_PREFIX = "/static/"
_DIGITS = re.compile(r"\+?\d[\d\s().-]{5,}\d")
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
SALT_FILE = "serve-log-salt"


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


def number_hash(text: str, salt: bytes) -> str:
    """A short keyed hash naming a number in logs: the same number reads the same across lines and restarts.

    Keyed, because there are only some 10^11 numbers: a plain hash of one is reversed by trying them all.
    """
    return "#" + hmac.new(salt, text.encode(), hashlib.sha256).hexdigest()[:12]


def loggable(path: str, salt: bytes) -> str:
    """The path with every number-like run replaced by its hash (the query string is never logged)."""
    return _DIGITS.sub(lambda match: number_hash(match.group(0), salt), unquote(path))


def install_salt(settings: Settings) -> bytes:
    """This install's secret for log hashes, made on first use: a 0600 file in the data directory (NUMCHECK_DATA_DIR)."""
    directory = settings.user_data_dir()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = directory / SALT_FILE
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_salt(path)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32) + "\n")
    return _read_salt(path)


def _read_salt(path: Path) -> bytes:
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)  # a copy or an old umask widened it: a readable salt makes the hashes reversible again
    salt = bytes.fromhex(path.read_text(encoding="ascii").strip())
    if len(salt) < 16:
        raise ValueError(f"{path} holds no usable salt")
    return salt


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}


def _cookies(header: str) -> dict[str, str]:
    pairs = (part.strip().partition("=") for part in header.split(";") if "=" in part)
    return {name: value for name, _, value in pairs}


async def _reply(send: Send, status: int, message: str, *, location: str | None = None, extra: Mapping[str, str] | None = None) -> None:
    # json.dumps (ASCII): a path or header echoed in the message, backslashes and control characters included,
    # always leaves the body valid JSON.
    body = json.dumps({"error": message}).encode() if status != 204 else b""
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if location is not None:
        headers.append((b"location", location.encode()))
    headers += [(name.encode(), value.encode()) for name, value in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _documented_methods(app: Any) -> list[tuple[re.Pattern[str], str]]:
    """Each documented path (as a pattern) and its ``Allow`` value, from the app's own OpenAPI document."""
    schema = app.openapi() if hasattr(app, "openapi") else {"paths": {}}
    found = []
    for template, operations in schema["paths"].items():
        pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")
        methods = sorted(method.upper() for method in operations)
        found.append((pattern, ", ".join([*methods, "OPTIONS"])))
    return found


class GuardMiddleware:
    """Applies a `Guard` to every HTTP request of the wrapped app."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app, self.guard = app, guard

    @cached_property
    def methods(self) -> list[tuple[re.Pattern[str], str]]:
        return _documented_methods(self.app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: list[int] = [0]

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        client = (scope.get("client") or ("?", 0))[0]
        try:
            await self._guarded(scope, receive, logged_send, client)
        finally:
            LOG.info(
                "%s %s %s %.1fms %s",
                scope["method"],
                loggable(scope["path"], self.guard.log_salt),
                status[0],
                (time.perf_counter() - started) * 1000,
                client,
            )

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, client: str) -> None:
        guard, headers, path, method = self.guard, _headers(scope), scope["path"], scope["method"]
        host = headers.get("host", "")
        if host not in guard.hosts:
            await _reply(send, 400, "unexpected Host header: this server answers only under its own address")
            return
        allow = next((allowed for pattern, allowed in self.methods if pattern.match(path)), None)
        if allow is not None and method not in allow.split(", "):
            await _reply(send, 405, f"{method} is not a method of {path[:200]}", extra={"allow": allow})
            return
        if allow is not None and method == "OPTIONS":
            # No Access-Control-* headers: a cross-site preflight learns the methods and is still refused.
            await _reply(send, 204, "", extra={"allow": allow})
            return
        site, origin = headers.get("sec-fetch-site"), headers.get("origin")
        by_bearer = False
        bearer = headers.get("authorization", "")
        if bearer and guard.token is not None:
            if not bearer.startswith("Bearer "):
                await _reply(send, 401, "send the token as Authorization: Bearer TOKEN")
                return
            wait = guard.retry_after(client)
            if wait:
                await _reply(send, 429, f"too many wrong tokens: wait {wait} s", extra={"retry-after": str(wait)})
                return
            if not guard.token_matches(bearer[7:]):
                guard.failed(client)
                await _reply(send, 401, "wrong token")
                return
            guard.succeeded(client)
            by_bearer = True
        if path == "/" and method == "GET" and guard.token is not None and site not in ("cross-site", "same-site"):
            offered = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token")
            if offered:
                await self._token_visit(send, client, offered[0])
                return
        open_path = path in OPEN_PATHS or (path.startswith(OPEN_PREFIX) and "/.." not in path)
        if guard.login_needed and not open_path and not by_bearer:
            session = _cookies(headers.get("cookie", "")).get(SESSION_COOKIE, "")
            if not hmac.compare_digest(session.encode(), guard.session_value().encode()):
                if path.startswith("/api/") or path == "/openapi.json":
                    await _reply(send, 401, "a token is needed: send Authorization: Bearer TOKEN")
                else:
                    await _reply(send, 303, "log in first", location="/login")
                return
        csrf_ok = hmac.compare_digest(headers.get(CSRF_HEADER, "").encode(), guard.csrf.encode())
        if method not in SAFE_METHODS or path in LOOKUP_PATHS:
            if site is not None and site != "same-origin":
                await _reply(send, 403, f"refused: a request with Sec-Fetch-Site: {site[:40]} may not start work here")
                return
            if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
                await _reply(send, 403, "refused: a request from another origin may not start work here")
                return
            if method in SAFE_METHODS and site != "same-origin" and not by_bearer and not csrf_ok:
                await _reply(send, 403, "a lookup needs the page (same origin) or the token: send Authorization: Bearer TOKEN")
                return
        # The login form carries its CSRF token in its body; the app checks it there.
        if method == "POST" and not by_bearer and not csrf_ok and path != "/login":
            await _reply(send, 403, "missing or wrong CSRF token (or send Authorization: Bearer TOKEN)")
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > guard.max_body:
            await _reply(send, 413, f"request body over {guard.max_body} bytes")
            return
        if not guard.enter(client):
            await _reply(send, 429, f"at most {guard.per_client} requests at once from one client", extra={"retry-after": "1"})
            return
        try:
            if method in ("POST", "PUT", "PATCH"):
                # Read the body here, at most max_body bytes (a missing or false Content-Length cannot get past).
                try:
                    async with asyncio.timeout(BODY_TIMEOUT):
                        body = await _bounded_body(receive, guard.max_body)
                except TimeoutError:
                    await _reply(send, 408, f"the body took over {BODY_TIMEOUT:.0f} s to arrive")
                    return
                if body is None:
                    await _reply(send, 413, f"request body over {guard.max_body} bytes")
                    return
                receive = _replay(body, receive)
            await self.app(scope, receive, send)
        finally:
            guard.leave(client)

    async def _token_visit(self, send: Send, client: str, offered: str) -> None:
        """``/?token=``, the link serve prints: a session cookie, then the page without the token in its address."""
        guard = self.guard
        wait = guard.retry_after(client)
        if wait:
            await _reply(send, 429, f"too many wrong tokens: wait {wait} s", extra={"retry-after": str(wait)})
            return
        if not guard.token_matches(offered):
            guard.failed(client)
            await _reply(send, 303, "wrong token", location="/login")
            return
        guard.succeeded(client)
        cookie = f"{SESSION_COOKIE}={guard.session_value()}; HttpOnly; SameSite=Strict; Path=/"
        await _reply(send, 303, "logged in", location="/", extra={"set-cookie": cookie})


async def _bounded_body(receive: Receive, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The body read already, then the connection's own messages (a streamed answer listens for the disconnect)."""
    sent = [False]

    async def replayed() -> Message:
        if not sent[0]:
            sent[0] = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
