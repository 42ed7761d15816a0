"""The one HTTP client every online checker uses: polite, bounded and honest.

* one ``requests`` session per host, an honest User-Agent, connect/read timeouts;
* per-host rate limits counted the way the service counts them (`numcheck.providers.pacing`), shared by every thread;
* ``Retry-After`` honoured: a short wait is slept, a long one makes the host answer
  ``blocked`` until then without a request being sent;
* bodies capped in size and in total read time (a trickling body cannot hang a check);
* redirects followed one hop at a time, each checked: it must stay on the same scheme, host and
  port, must not name message sending, and (for manifests) must be a request the checker
  declares; anything else is refused, never followed;
* at most one retry, and only for idempotent requests.

It never solves captchas, rotates proxies or disguises itself.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import requests

from numcheck.checker import RateLimit
from numcheck.config import Settings

# Failures before any byte reached the service take no place in its rate window.
from numcheck.providers import LOOPBACK, NEVER_SENT, UNREACHABLE, UNRESOLVABLE
from numcheck.providers.pacing import Politeness, Slot, process_politeness
from numcheck.providers.safety import sending_in_request

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({502, 503, 504})
DEFAULT_RATE = RateLimit(requests=2, per_seconds=1.0)


@dataclass(frozen=True)
class HttpResult:
    """What came back, or why nothing usable did (``failure`` set, ``status`` possibly 0)."""

    method: str
    url: str
    status: int = 0
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    encoding: str | None = None
    redirected: bool = False
    final_url: str = ""
    elapsed_ms: float = 0.0
    failure: str | None = None
    retry_after: float | None = None
    cookies: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The body decoded with the declared charset (UTF-8 by default), never raising."""
        return self.body.decode(self.encoding or "utf-8", errors="replace")


REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_LOGIN_WORDS = ("login", "signin", "sign-in")
DeclaredStep = tuple[str, "re.Pattern[str]"]


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of a URL, parsed (never a string prefix: ``a@b`` and ``host.evil.tld`` differ)."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _declares(declared: tuple[DeclaredStep, ...], method: str, url: str) -> bool:
    path = unquote(urlsplit(url).path)
    return any(step_method == method and pattern.fullmatch(path) for step_method, pattern in declared)


def _redirect_method(method: str, status: int) -> str:
    # As browsers and requests do: 303 always, and 301/302 after a POST, become a GET; 307/308 keep the method.
    if status == 303 or (status in (301, 302) and method == "POST"):
        return "GET"
    return method


def effective_rate(host: str, declared: RateLimit, override: RateLimit | None, *, anywhere: bool = False) -> RateLimit:
    """The limit a request obeys: an override replaces the provider's own only on loopback (the simulator),
    or ``anywhere`` when nothing leaves the machine (replaying cassettes); otherwise it can only make
    numcheck slower, never faster than the provider declared.
    """
    if override is None:
        return declared
    if anywhere or urlsplit(f"//{host}").hostname in LOOPBACK:
        return override
    slower = override.requests / override.per_seconds < declared.requests / declared.per_seconds
    return override if slower else declared


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


class HttpClient:
    """Thread-safe, per-host polite HTTP for checkers. Close it when done (or use ``with``)."""

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        session_factory: Callable[[], requests.Session] = requests.Session,
        politeness: Politeness | None = None,
    ) -> None:
        self.settings = settings
        self._sleep = sleep
        self._session_factory = session_factory
        self._lock = threading.Lock()
        self._sessions: dict[str, requests.Session] = {}
        # Pacing belongs to the process unless a caller brings its own; replaying cassettes asks no
        # service, so it neither spends nor inherits the process's budget.
        if politeness is None:
            politeness = Politeness() if settings.replaying else process_politeness()
        self._politeness = politeness
        self.requests_sent = 0

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every session."""
        with self._lock:
            for session in self._sessions.values():
                session.close()
            self._sessions.clear()

    def _session(self, host: str) -> requests.Session:
        with self._lock:
            session = self._sessions.get(host)
            if session is None:
                session = self._session_factory()
                session.headers["User-Agent"] = self.settings.user_agent
                session.max_redirects = self.settings.max_redirects
                # Cookies belong to one lookup (its own jar), never to the shared per-host session:
                # concurrent lookups on one host must not see, or clear, each other's cookies.
                session.cookies.set_policy(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
                self._sessions[host] = session
            return session

    def _wait_turn(self, host: str, declared: RateLimit | None) -> Slot | float:
        """Block until the host's rate limit allows a request (a slot), or return the cool-down left if it is too long."""
        rate = effective_rate(host, declared or DEFAULT_RATE, self.settings.rate_limit, anywhere=self.settings.replaying)
        wait = self._politeness.not_before(host) - time.time()
        if wait > self.settings.honour_retry_after_up_to:
            return wait
        if wait > 0:
            self._sleep(wait)
        return self._politeness.window.acquire(host, rate)

    def _note_retry_after(self, host: str, seconds: float) -> None:
        self._politeness.cool_down(host, seconds)

    def request(
        self,
        method: str,
        url: str,
        *,
        rate: RateLimit | None = None,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        jar: http.cookiejar.CookieJar | None = None,
        declared: tuple[DeclaredStep, ...] | None = None,
        allowed: frozenset[tuple[str, str, int | None]] | None = None,
    ) -> HttpResult:
        """Send one request politely; failures come back as ``HttpResult.failure``, never as exceptions.

        Redirects are followed here, one checked hop at a time (see the module's doc):
        ``declared`` lists the (method, path pattern) pairs the checker may reach, ``allowed`` its origins.
        """
        method = method.upper()
        start = origin(url)
        if allowed is not None and start not in allowed:
            return HttpResult(method=method, url=url, failure=f"refused: {start[1]} is not a host this checker declares")
        if declared is not None and not _declares(declared, method, url):
            return HttpResult(
                method=method, url=url, failure=f"refused: {method} {urlsplit(url).path} is not a request this checker declares"
            )
        for _hop in range(self.settings.max_redirects + 1):
            sending = sending_in_request(url, params, data, json)
            if sending:
                # Defence in depth: whatever a checker was written to do, this client never calls a sender.
                return HttpResult(method=method, url=url, failure=f"refused: the endpoint names message sending ({sending!r})")
            result = self._request_once(method, url, rate=rate, params=params, data=data, json=json, headers=headers, auth=auth, jar=jar)
            location = result.headers.get("location")
            if result.failure is not None or result.status not in REDIRECT_STATUSES or not location:
                return result
            target = urljoin(url, location)
            next_method = _redirect_method(method, result.status)
            if any(word in urlsplit(target).path.lower() for word in _LOGIN_WORDS):
                return replace(result, redirected=True, final_url=target)
            refused = None
            if origin(target) != start or (allowed is not None and origin(target) not in allowed):
                refused = "it leaves the host the checker asks"
            elif declared is not None and not _declares(declared, next_method, target):
                refused = f"{next_method} {urlsplit(target).path} is not a request the checker declares"
            if refused:
                return replace(result, redirected=True, final_url=target, failure=f"refused a redirect: {refused}")
            if next_method != method:
                data = json = None
            url, method, params = target, next_method, None
        return HttpResult(method=method, url=url, failure="redirect loop")

    def _request_once(
        self,
        method: str,
        url: str,
        *,
        rate: RateLimit | None,
        params: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        auth: tuple[str, str] | None,
        jar: http.cookiejar.CookieJar | None,
    ) -> HttpResult:
        host = urlsplit(url).netloc
        attempts = 2 if method in IDEMPOTENT else 1
        result = HttpResult(method=method, url=url, failure="not sent")
        for attempt in range(attempts):
            turn = self._wait_turn(host, rate)
            if not isinstance(turn, Slot):
                return HttpResult(method=method, url=url, status=429, failure=None, retry_after=round(turn, 1))
            try:
                result = self._send_once(method, url, params=params, data=data, json=json, headers=headers, auth=auth, jar=jar)
            finally:
                self._politeness.window.release(turn, arrived=result.failure not in NEVER_SENT)
            if result.retry_after is not None and result.status in (429, 503):
                self._note_retry_after(host, result.retry_after)
                if result.retry_after > self.settings.honour_retry_after_up_to:
                    return result
            retryable = result.failure in ("timeout", "connection reset") or result.status in RETRY_STATUSES | {429}
            if not retryable or attempt + 1 == attempts:
                return result
        return result

    def _send_once(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
        json: Any,
        headers: Mapping[str, str] | None,
        auth: tuple[str, str] | None,
        jar: http.cookiejar.CookieJar | None,
    ) -> HttpResult:
        session = self._session(urlsplit(url).netloc)
        started = time.perf_counter()
        timeout = self.settings.timeout

        def failed(reason: str, status: int = 0) -> HttpResult:
            return HttpResult(
                method=method, url=url, status=status, failure=reason, elapsed_ms=round((time.perf_counter() - started) * 1000, 1)
            )

        with self._lock:
            self.requests_sent += 1
        try:
            response = session.request(
                method,
                url,
                params=params,
                data=data,
                json=json,
                headers=dict(headers or {}),
                auth=auth,
                timeout=(timeout, timeout),
                stream=True,
                allow_redirects=False,
            )
        except requests.TooManyRedirects:
            return failed("redirect loop")
        except requests.Timeout:
            return failed("timeout")
        except requests.ConnectionError as error:
            text = str(error).lower()
            if "reset" in text or "aborted" in text or "remotedisconnected" in text:
                return failed("connection reset")
            if "resolve" in text or "name or service" in text or "nodename" in text:
                return failed(UNRESOLVABLE)
            return failed(UNREACHABLE)
        except requests.RequestException as error:
            return failed(f"request failed: {type(error).__name__}")
        if jar is not None:
            requests.cookies.extract_cookies_to_jar(jar, response.request, response.raw)  # type: ignore[no-untyped-call]  # requests ships no annotations here
        try:
            body, problem = self._read_body(response, started + timeout * 3)
        finally:
            response.close()
        retry_after = parse_retry_after(response.headers.get("Retry-After"), time.time())
        return HttpResult(
            method=method,
            url=url,
            status=response.status_code,
            headers={key.lower(): value for key, value in response.headers.items()},
            body=body,
            encoding=response.encoding if "charset" in response.headers.get("Content-Type", "").lower() else None,
            redirected=bool(response.history),
            final_url=response.url,
            elapsed_ms=round((time.perf_counter() - started) * 1000, 1),
            failure=problem,
            retry_after=retry_after,
            cookies={cookie.name: cookie.value or "" for cookie in jar} if jar is not None else {},
        )

    def _read_body(self, response: requests.Response, deadline: float) -> tuple[bytes, str | None]:
        limit = self.settings.max_body_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            return b"", f"body too large ({declared} bytes declared, limit {limit})"
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                # read1 returns after one socket read, so a body trickling a byte a second is
                # stopped by the deadline instead of holding the check for hours.
                chunk = _read_some(response.raw)
                if not chunk:
                    return b"".join(chunks), None
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    return b"", f"body too large (over {limit} bytes)"
                if time.perf_counter() > deadline:
                    return b"", "body too slow (read deadline passed)"
        except requests.RequestException:
            return b"", "connection failed while reading the body"
        except Exception as error:  # urllib3 raises its own types mid-body (ProtocolError, ReadTimeoutError)
            kind = "timeout" if "timed out" in str(error).lower() else "connection reset"
            return b"", kind


def _read_some(raw: Any) -> bytes:
    """One socket read's worth of body; vcrpy's replay stub takes no ``decode_content`` argument."""
    try:
        chunk: bytes = raw.read1(65536, decode_content=True)
    except TypeError:
        chunk = raw.read1(65536)
    return chunk


@dataclass
class Turn:
    """A checker's turn to send through its own client (see `ScopedHttp.turn`)."""

    granted: bool
    arrived: bool = True

    def __bool__(self) -> bool:
        return self.granted


class ScopedHttp:
    """One checker's view of the shared `HttpClient`: only the origins (and requests) it declares.

    The engine builds one per checker per lookup; a checker never holds the client itself, so
    whatever its code asks, a host or (for manifests) a method and path it did not declare is
    refused before anything leaves the machine, and so is every redirect hop outside them.
    """

    def __init__(self, client: HttpClient, origins: tuple[str, ...], declared: tuple[DeclaredStep, ...] | None = None) -> None:
        self._client = client
        self.origins = origins
        self._allowed = frozenset(origin(url) for url in origins)
        self._declared = declared

    @property
    def settings(self) -> Settings:
        """The run's settings (timeouts, base URLs, the date asked)."""
        return self._client.settings

    @contextlib.contextmanager
    def turn(self, url: str, rate: RateLimit | None) -> Iterator[Turn]:
        """A turn in the process's pacing for a checker whose SDK sends its own HTTP (falsy: wait for Retry-After).

        The URL must be within this handle's reach; the turn ends, and its cool-down starts, when the block exits.
        Set ``turn.arrived = False`` when the request never reached the service: it then takes no place in its window.
        """
        host = urlsplit(url).netloc
        if origin(url) not in self._allowed:
            raise PermissionError(f"{origin(url)[1]} is not a host this checker declares")
        slot = self._client._wait_turn(host, rate)
        if not isinstance(slot, Slot):
            yield Turn(granted=False)
            return
        turn = Turn(granted=True)
        try:
            yield turn
        finally:
            self._client._politeness.window.release(slot, arrived=turn.arrived)

    def request(
        self,
        method: str,
        url: str,
        *,
        rate: RateLimit | None = None,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        jar: http.cookiejar.CookieJar | None = None,
    ) -> HttpResult:
        """`HttpClient.request` within this checker's declared reach."""
        return self._client.request(
            method, url, rate=rate, params=params, data=data, json=json, headers=headers, auth=auth, jar=jar,
            declared=self._declared, allowed=self._allowed,
        )  # fmt: skip
