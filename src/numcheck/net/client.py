"""The one HTTP client every online checker uses: polite, bounded and honest.

* one ``requests`` session per host, an honest User-Agent, connect/read timeouts;
* per-host rate limits (keyed by the parsed scheme, host and port) counted the way the service counts them (`numcheck.net.pacing`), shared by every thread;
* ``Retry-After`` honoured: a short wait is slept, a long one makes the host answer
  ``blocked`` until then without a request being sent;
* bodies capped in size and in total read time (a trickling body cannot hang a check);
* one parser: every URL (each redirect hop too) is judged as requests prepares it and urllib3 parses
  it, the very line that is sent; backslashes, whitespace, control characters, userinfo and paths
  that normalisation would change are refused, so no spelling means one host to the guard and
  another to the connection;
* redirects followed one hop at a time, each checked: it must stay on the same scheme, host and
  port, must not name message sending, and (for manifests) must be a request the checker
  declares; anything else is refused, never followed;
* at most one retry, and only for idempotent requests.

It never solves captchas, rotates proxies or disguises itself.
"""

from __future__ import annotations

import http.cookiejar
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urljoin

import requests

from numcheck.config import RateLimit, Settings
from numcheck.net import NEVER_SENT, UNREACHABLE, UNRESOLVABLE
from numcheck.net.pacing import DEFAULT_RATE, Politeness, Slot, effective_rate, parse_retry_after, process_politeness
from numcheck.net.safety import sending_host, sending_in_request
from numcheck.net.wire import LOGIN_WORDS, REDIRECT_STATUSES, DeclaredStep, Wire, declares, location_problem, redirect_method, wire

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({502, 503, 504})


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


@dataclass(frozen=True)
class _Payload:
    """What a request carries besides its method and URL, handed unchanged from the guard to the wire."""

    data: Mapping[str, str] | None = None
    json: Any = None
    headers: Mapping[str, str] | None = None
    auth: tuple[str, str] | None = None
    jar: http.cookiejar.CookieJar | None = None


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

    def wait_turn(self, host: str, declared: RateLimit | None) -> Slot | float:
        """Block until the host's rate limit allows a request (a slot), or return the cool-down left if it is too long."""
        rate = effective_rate(host, declared or DEFAULT_RATE, self.settings.rate_limit, anywhere=self.settings.replaying)
        wait = self._politeness.not_before(host) - time.time()
        if wait > self.settings.honour_retry_after_up_to:
            return wait
        if wait > 0:
            self._sleep(wait)
        return self._politeness.window.acquire(host, rate)

    def release_turn(self, slot: Slot, *, arrived: bool = True) -> None:
        """The request of a `wait_turn` slot is answered (or never arrived): start its cool-down."""
        self._politeness.window.release(slot, arrived=arrived)

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
        A failure's text never holds a configured key's value: it is scrubbed by value.
        """
        payload = _Payload(data=data, json=json, headers=headers, auth=auth, jar=jar)
        result = self._request(method, url, payload, rate=rate, params=params, declared=declared, allowed=allowed)
        if result.failure is not None:
            result = replace(result, failure=_scrubbed(result.failure, self.settings.key_values()))
        return result

    def _request(
        self,
        method: str,
        url: str,
        payload: _Payload,
        *,
        rate: RateLimit | None,
        params: Mapping[str, str] | None,
        declared: tuple[DeclaredStep, ...] | None,
        allowed: frozenset[tuple[str, str, int | None]] | None,
    ) -> HttpResult:
        method = method.upper()
        judged = wire(method, url, params)
        if isinstance(judged, str):
            reach = ", so it is not a host this checker declares" if allowed is not None else ""
            return HttpResult(method=method, url=url, failure=f"refused: {judged}{reach}")
        start = judged.origin
        if allowed is not None and start not in allowed:
            return HttpResult(method=method, url=url, failure=f"refused: {judged.host} is not a host this checker declares")
        if declared is not None and not declares(declared, method, judged):
            return HttpResult(method=method, url=url, failure=f"refused: {method} {judged.path} is not a request this checker declares")
        for _hop in range(self.settings.max_redirects + 1):
            sending = sending_in_request(judged.url, None, payload.data, payload.json, payload.headers) or sending_host(judged.host)
            if sending:
                # Defence in depth: whatever a checker was written to do, this client never calls a sender.
                return HttpResult(method=method, url=url, failure=f"refused: the endpoint names message sending ({sending!r})")
            # The judged URL is what is sent: its query already holds the parameters.
            result = self._request_once(method, judged, payload, rate=rate)
            location = result.headers.get("location")
            if result.failure is not None or result.status not in REDIRECT_STATUSES or not location:
                return result
            next_method = redirect_method(method, result.status)
            problem = location_problem(location)
            target = urljoin(judged.url, location) if problem is None else location
            hop = wire(next_method, target) if problem is None else problem
            if isinstance(hop, Wire) and any(word in hop.path.lower() for word in LOGIN_WORDS):
                return replace(result, redirected=True, final_url=hop.url)
            refused = None
            if isinstance(hop, str):
                refused = hop
            elif hop.origin != start or (allowed is not None and hop.origin not in allowed):
                refused = "it leaves the host the checker asks"
            elif declared is not None and not declares(declared, next_method, hop):
                refused = f"{next_method} {hop.path} is not a request the checker declares"
            if refused or not isinstance(hop, Wire):
                return replace(result, redirected=True, final_url=target[:300], failure=f"refused a redirect: {refused}")
            if next_method != method:
                payload = replace(payload, data=None, json=None)
            judged, method = hop, next_method
        return HttpResult(method=method, url=judged.url, failure="redirect loop")

    def _request_once(self, method: str, judged: Wire, payload: _Payload, *, rate: RateLimit | None) -> HttpResult:
        # Paced by the parsed origin, never the netloc as written: ``a@host`` or ``host:0443`` is the same service.
        host = judged.key
        url = judged.url
        attempts = 2 if method in IDEMPOTENT else 1
        result = HttpResult(method=method, url=url, failure="not sent")
        for attempt in range(attempts):
            # A host just found unreachable is answered so at once: no request, no place in its window, no wait.
            down = self._politeness.known_down(host)
            if down is not None:
                return HttpResult(method=method, url=url, failure=down)
            turn = self.wait_turn(host, rate)
            if not isinstance(turn, Slot):
                return HttpResult(method=method, url=url, status=429, failure=None, retry_after=round(turn, 1))
            down = self._politeness.found_down(host)  # found while this one waited its turn
            if down is not None:
                self.release_turn(turn, arrived=False)
                return HttpResult(method=method, url=url, failure=down)
            try:
                result = self._send_once(method, judged, payload)
            finally:
                self.release_turn(turn, arrived=result.failure not in NEVER_SENT)
                self._politeness.reached(host, result.failure if result.failure in NEVER_SENT else None)
            if result.retry_after is not None and result.status in (429, 503):
                self._note_retry_after(host, result.retry_after)
                if result.retry_after > self.settings.honour_retry_after_up_to:
                    return result
            retryable = result.failure in ("timeout", "connection reset") or result.status in RETRY_STATUSES | {429}
            if not retryable or attempt + 1 == attempts:
                return result
        return result

    def _send_once(self, method: str, judged: Wire, payload: _Payload) -> HttpResult:
        url = judged.url
        headers, jar = payload.headers, payload.jar
        session = self._session(judged.key)
        started = time.perf_counter()
        timeout = self.settings.timeout

        def failed(reason: str, status: int = 0) -> HttpResult:
            return HttpResult(
                method=method,
                url=url,
                status=status,
                failure=_scrubbed(reason, self.settings.key_values()),
                elapsed_ms=round((time.perf_counter() - started) * 1000, 1),
            )

        # A header value requests would refuse (a key with a CRLF .env's trailing \r, a leading
        # space, a token carrying a newline) is refused here, naming the header but never its value:
        # requests' own error quotes the whole value, key included.
        for name, value in (headers or {}).items():
            if _unsendable_header_value(value):
                return failed(f"refused: header {name[:40]!r} has control characters or leading/trailing whitespace in its value")
        try:
            prepared = session.prepare_request(
                requests.Request(method, url, data=payload.data, json=payload.json, headers=dict(headers or {}), auth=payload.auth)
            )
        except Exception as error:  # its text may quote a header value, or a URL with a key in it
            return failed(f"refused: the request could not be prepared ({type(error).__name__})")
        if prepared.url != url:
            # The session prepared another URL than the one judged (it never should): send nothing.
            return failed(f"refused: the prepared URL differs from the judged one ({str(prepared.url)[:80]!r})")
        with self._lock:
            self.requests_sent += 1
        try:
            # Proxies and certificate settings from the environment, as session.request would apply them.
            environment = session.merge_environment_settings(url, {}, True, None, None)
            response = session.send(
                prepared, timeout=(timeout, timeout), allow_redirects=False, stream=True,
                proxies=environment["proxies"], verify=environment["verify"], cert=environment["cert"],
            )  # fmt: skip
        except requests.TooManyRedirects:
            return failed("redirect loop")
        except requests.Timeout:
            return failed("timeout")
        except requests.exceptions.SSLError:
            # Reached the host, which answered the handshake: not "unreachable", and not held as such (a ConnectionError
            # subclass, it fell below and was read as one). Its text quotes certificate details, so none is kept.
            return failed("connection failed: TLS handshake failed (certificate or protocol)")
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


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _unsendable_header_value(value: object) -> bool:
    """True for a header value with a control character or leading/trailing whitespace (requests would quote it in an error)."""
    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return bool(_CONTROL.search(text)) or text != text.strip()


def _scrubbed(text: str, keys: Iterable[str]) -> str:
    """``text`` with every configured key value (and its trimmed form) replaced, longest first."""
    values = {form for value in keys for form in (value, value.strip()) if form}
    for value in sorted(values, key=len, reverse=True):
        text = text.replace(value, "[key]")
    return text


def _read_some(raw: Any) -> bytes:
    """One socket read's worth of body; vcrpy's replay stub takes no ``decode_content`` argument."""
    try:
        chunk: bytes = raw.read1(65536, decode_content=True)
    except TypeError:
        chunk = raw.read1(65536)
    return chunk
