"""The guard as a pure ASGI middleware: every request is judged by `numcheck.serve.guard.Guard` before the app sees it.

See `numcheck.serve.guard` for the rules it applies, in order.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import re
import time
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs

from numcheck.serve.guard import (
    BODY_TIMEOUT,
    CSRF_HEADER,
    LOG,
    LOOKUP_PATHS,
    OPEN_PATHS,
    OPEN_PREFIX,
    SAFE_METHODS,
    SESSION_COOKIE,
    Guard,
)
from numcheck.serve.logsalt import loggable

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


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
