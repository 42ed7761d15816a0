"""What stands between numcheck serve and the network: hosts, tokens, CSRF, sizes, concurrency, logs.

A pure ASGI middleware, so it sees every request before the framework parses anything:

* the Host header must name this server (DNS rebinding: a page on evil.example that resolves to
  127.0.0.1 still sends ``Host: evil.example``);
* with a token, the API wants ``Authorization: Bearer`` and the page a session cookie from the
  login form; without one, the server only ever listens on a loopback address;
* a POST needs the page's CSRF header (or a bearer token): a custom header cannot be sent
  cross-site without a CORS preflight, which this server never grants;
* bodies over ``max_body`` bytes are refused (413) while they arrive; a client holds at most
  ``per_client`` requests at once (429);
* the access log names numbers only by a short hash.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import unquote

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


@dataclass
class Guard:
    """The server's rules; one per app (its secrets are made fresh every start)."""

    host: str
    port: int
    token: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    max_body: int = 256 * 1024
    per_client: int = 8
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    _session_key: bytes = field(default_factory=lambda: secrets.token_bytes(32))
    _active: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

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


def number_hash(text: str) -> str:
    """A short, unsalted-per-run hash naming a number in logs without showing it."""
    return "#" + hashlib.sha256(text.encode()).hexdigest()[:10]


def loggable(path: str) -> str:
    """The path with every number-like run replaced by its hash (the query string is never logged)."""
    return _DIGITS.sub(lambda match: number_hash(match.group(0)), unquote(path))


def _headers(scope: Scope) -> dict[str, str]:
    return {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}


def _cookies(header: str) -> dict[str, str]:
    pairs = (part.strip().partition("=") for part in header.split(";") if "=" in part)
    return {name: value for name, _, value in pairs}


async def _reply(send: Send, status: int, message: str, *, location: str | None = None) -> None:
    body = ('{"error": "' + message.replace('"', "'") + '"}').encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if location is not None:
        headers.append((b"location", location.encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class GuardMiddleware:
    """Applies a `Guard` to every HTTP request of the wrapped app."""

    def __init__(self, app: ASGIApp, guard: Guard) -> None:
        self.app, self.guard = app, guard

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
                "%s %s %s %.1fms %s", scope["method"], loggable(scope["path"]), status[0], (time.perf_counter() - started) * 1000, client
            )

    async def _guarded(self, scope: Scope, receive: Receive, send: Send, client: str) -> None:
        guard, headers, path = self.guard, _headers(scope), scope["path"]
        if headers.get("host", "") not in guard.hosts:
            await _reply(send, 400, "unexpected Host header: this server answers only under its own address")
            return
        bearer = headers.get("authorization", "")
        by_bearer = bearer.startswith("Bearer ") and guard.token_matches(bearer[7:])
        open_path = path in OPEN_PATHS or (path.startswith(OPEN_PREFIX) and "/.." not in path)
        if guard.token is not None and not open_path and not by_bearer:
            session = _cookies(headers.get("cookie", "")).get(SESSION_COOKIE, "")
            if not hmac.compare_digest(session.encode(), guard.session_value().encode()):
                if path.startswith("/api/") or path == "/openapi.json":
                    await _reply(send, 401, "a token is needed: send Authorization: Bearer TOKEN")
                else:
                    await _reply(send, 303, "log in first", location="/login")
                return
        # The login form carries its CSRF token in its body; the app checks it there.
        csrf_ok = hmac.compare_digest(headers.get(CSRF_HEADER, "").encode(), guard.csrf.encode())
        if scope["method"] == "POST" and not by_bearer and not csrf_ok and path != "/login":
            await _reply(send, 403, "missing or wrong CSRF token")
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > guard.max_body:
            await _reply(send, 413, f"request body over {guard.max_body} bytes")
            return
        if not guard.enter(client):
            await _reply(send, 429, f"at most {guard.per_client} requests at once from one client")
            return
        try:
            if scope["method"] in ("POST", "PUT", "PATCH"):
                # Read the body here, at most max_body bytes (a missing or false Content-Length cannot get past).
                body = await _bounded_body(receive, guard.max_body)
                if body is None:
                    await _reply(send, 413, f"request body over {guard.max_body} bytes")
                    return
                receive = _replay(body, receive)
            await self.app(scope, receive, send)
        finally:
            guard.leave(client)


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
