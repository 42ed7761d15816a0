"""A real HTTP server on 127.0.0.1 that plays every provider's answers and injects faults.

Each provider lives under ``/p/<checker-id>/``. The synthetic number in a request picks what is
played (see `numcheck.recording.synthetic`): a documented scenario from the provider's
examples, or a fault (timeouts, resets, 5xx, 429 with Retry-After, WAF and captcha pages, login
redirects, malformed JSON, HTML instead of JSON, redirect loops, a 50 MB body, a body trickling
one byte per second). Requests without a number are session steps and get the provider's
``prime`` example. A script with a ``rate_limit`` counts every request over it as a violation
(`Simulator.violations`) and answers it 429, as a real service would. A script with a ``respond``
function answers from what the request asks (a carrier's records asked about a date:
`numcheck.testing.carrier.CarrierRecord`), before any scenario.

A provider can also be put in a mode (`MODES`, `Simulator.set_mode`) that answers every number
the same way, whatever it is: how a checker fails as a whole, for the self-check's tests.

Every request is recorded (`Simulator.hits`). A provider's script holds the requests its manifest
declares (`numcheck.recording.matching`); a request that matches none of them (another method, path,
parameter name or value, form or JSON body) is answered 404 and recorded in `Simulator.misses`,
so a checker that asks the wrong thing, or asks anything it did not declare, fails its tests.

Run by hand: ``python -m numcheck.testing.simulator [--port 8766] [--mode honest]``.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import socket
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote_plus

from numcheck.checker import RateLimit
from numcheck.providers.manifest import Example, ManifestChecker
from numcheck.recording.matching import ExpectedRequest, expected_requests
from numcheck.recording.synthetic import number_in, scenario_in
from numcheck.report import Status

HUGE_BODY_BYTES = 50 * 1024 * 1024
# `python -m numcheck.testing.simulator`'s port (numcheck serve has 8765) and the --mode that plays only scenarios.
HAND_PORT = 8766
BY_SCENARIO = "by-scenario"
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


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def _send(
        self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8", headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _serve(self) -> None:
        state = self.server.state
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        body = raw_body.decode("utf-8", errors="replace")
        parts = self.path.split("/", 3)
        if len(parts) > 2 and parts[1] == "p":
            provider, rest = parts[2], "/" + (parts[3] if len(parts) > 3 else "")
        else:
            # A provider whose client cannot add a path prefix (an SDK talking to an RPC endpoint at /) lives at the root.
            provider, rest = state.root_provider or "", self.path
        rest_path, _, query = rest.partition("?")
        seen = unquote_plus(self.path + " " + body)
        scenario = scenario_in(seen)
        if scenario is None:
            with state.lock:
                scenario = next((name for number, name in state.extra_numbers.items() if number in seen), None)
        script = state.scripts.get(provider)
        miss = None
        if script is None:
            miss = "no such provider in the simulator"
        elif script.requests and not rest_path.startswith("/login"):
            reasons = [expected.mismatch(self.command, rest_path, query, raw_body, dict(self.headers)) for expected in script.requests]
            if all(reasons):
                miss = "; ".join(reason for reason in reasons if reason)
        with state.lock:
            at = time.monotonic()
            over = state.over_limit(provider, at)
            state.hits.append(
                Hit(
                    provider,
                    self.command,
                    rest_path,
                    scenario,
                    at,
                    number_in(seen),
                    over,
                    query,
                    miss,
                    body,
                    {key.lower(): value for key, value in self.headers.items()},
                )
            )
        if script is None or miss is not None:
            self._send(404, b'{"error":"request not declared by this provider"}')
            return
        if over:
            self._send(429, b'{"error":"rate limit exceeded"}', headers={"Retry-After": "1"})
            return
        if rest.startswith("/login"):
            self._send(200, b"<html><body><form id='login'>Please sign in</form></body></html>", "text/html; charset=utf-8")
            return
        if script.latency:
            time.sleep(script.latency)
        numbered = scenario is not None or _ANY_NUMBER.search(seen) is not None
        if script.mode is not None and (script.mode in ("waf", "rate_limited") or numbered):
            self._mode(script, script.mode, scenario, provider)
            return
        computed = script.respond(Asked(self.command, rest_path, query, body, number_in(seen))) if script.respond else None
        if computed is not None:
            self._play(computed)
        elif scenario is None:
            self._play(script.prime)
        elif scenario in script.examples:
            self._play(script.examples[scenario])
        else:
            self._fault(scenario, provider)

    def _mode(self, script: ProviderScript, mode: str, scenario: str | None, provider: str) -> None:
        examples = script.examples
        not_registered = next((examples[name] for name in _NOT_REGISTERED if name in examples), script.prime)
        if mode == "waf":
            self._fault("waf_403", provider)
        elif mode == "rate_limited":
            self._fault("rate_limited", provider)
        elif mode == "format_changed":
            self._send(200, CHANGED_FORMAT_BODY)
        elif mode == "registered_for_all" and "registered" in examples:
            self._play(examples["registered"])
        elif mode == "never_registered" or scenario is None:
            self._play(not_registered)
        elif scenario in examples:  # honest (or registered_for_all on a provider that cannot say registered)
            self._play(examples[scenario])
        else:
            self._fault(scenario, provider)

    def _play(self, example: Example) -> None:
        self._send(example.status, example.body.encode("utf-8"), example.content_type, example.headers)

    def _fault(self, fault: str, provider: str) -> None:
        if fault == "read_timeout":
            time.sleep(SLOW_SECONDS)
            self._send(200, b"{}")
        elif fault == "connection_reset":
            # SO_LINGER 0 makes close() send a TCP RST instead of a FIN.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        elif fault in ("http_500", "http_502", "http_503"):
            self._send(int(fault[-3:]), b"<html><body>Internal error</body></html>", "text/html")
        elif fault == "rate_limited":
            self._send(429, b'{"error":"too many requests"}', headers={"Retry-After": "120"})
        elif fault == "waf_403":
            self._send(403, b"<html><title>403 Forbidden</title><body>Request blocked by WAF</body></html>", "text/html")
        elif fault == "captcha_page":
            self._send(200, "<html><body>请输入验证码 / please complete the captcha</body></html>".encode(), "text/html; charset=utf-8")
        elif fault == "login_redirect":
            self._send(302, b"", headers={"Location": f"/p/{provider}/login?next=lookup"})
        elif fault == "malformed_json":
            self._send(200, b'{"result": "1", "status": ', "application/json")
        elif fault == "html_for_json":
            self._send(200, b"<html><body><h1>Welcome</h1></body></html>", "text/html; charset=utf-8")
        elif fault == "redirect_loop":
            self._send(302, b"", headers={"Location": self.path})
        elif fault == "huge_body":
            self._stream_huge()
        elif fault == "trickle_body":
            self._trickle()
        else:
            self._send(404, b'{"error":"scenario not scripted for this provider"}')

    def _stream_huge(self) -> None:
        # No Content-Length: the client only learns the size by reading, so its own cap is tested.
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Connection", "close")
        self.end_headers()
        chunk = b" " * 65536
        try:
            for _ in range(HUGE_BODY_BYTES // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass
        self.close_connection = True

    def _trickle(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(int(SLOW_SECONDS) + 2):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1.0)
        except OSError:
            pass
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], state: _State) -> None:
        super().__init__(address, _Handler)
        self.state = state

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (its timeout, a reset, an interrupted batch) is what the simulator plays against: not
        # worth a block on stderr, which a passing test run would otherwise print. Anything else is still shown.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class Simulator:
    """The provider simulator; use as a context manager or call start()/stop()."""

    def __init__(
        self,
        scripts: Mapping[str, ProviderScript],
        *,
        port: int = 0,
        extra_numbers: Mapping[str, str] | None = None,
        root_provider: str | None = None,
    ) -> None:
        """``root_provider``: the script that answers requests outside ``/p/<id>/`` (an SDK whose endpoint has no path)."""
        self._state = _State(dict(scripts), dict(extra_numbers or {}), root_provider)
        self._server = _Server(("127.0.0.1", port), self._state)
        self._thread = threading.Thread(target=self._server.serve_forever, name="numcheck-simulator", daemon=True)

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def base_url_for(self, checker_id: str) -> str:
        """The base URL to configure for one provider."""
        return f"{self.url}/p/{checker_id}"

    def base_urls(self) -> dict[str, str]:
        """Base URLs for every scripted provider (for ``Settings(base_urls=...)``)."""
        return {checker_id: self.base_url_for(checker_id) for checker_id in self._state.scripts}

    @property
    def hits(self) -> list[Hit]:
        """Every request received so far."""
        with self._state.lock:
            return list(self._state.hits)

    def set_mode(self, checker_id: str, mode: str | None) -> None:
        """Make ``checker_id`` answer every number as `MODES` describes (None: by each number's scenario again)."""
        if mode is not None and mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        with self._state.lock:
            self._state.scripts[checker_id].mode = mode

    def assign(self, number: str, scenario: str) -> None:
        """Make requests naming ``number`` (as it appears in them, e.g. national digits) play ``scenario`` from now on.

        For tests of answers that change over time (an account unbound after purchase).
        """
        with self._state.lock:
            self._state.extra_numbers[number] = scenario

    @property
    def violations(self) -> int:
        """Requests that arrived over a scripted provider's rate limit."""
        with self._state.lock:
            return sum(hit.over_limit for hit in self._state.hits)

    @property
    def misses(self) -> list[Hit]:
        """Requests that matched no request their provider declares (answered 404; must stay empty)."""
        with self._state.lock:
            return [hit for hit in self._state.hits if hit.miss is not None]

    def start(self) -> Simulator:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class Tarpit:
    """A loopback port whose accept queue is full, so new connections time out while connecting."""

    def __init__(self) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(0)
        self._fillers: list[socket.socket] = []
        for _ in range(8):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(self._listener.getsockname())
            self._fillers.append(filler)

    @property
    def url(self) -> str:
        host, port = self._listener.getsockname()[:2]
        return f"http://{host}:{port}"

    def close(self) -> None:
        for item in [*self._fillers, self._listener]:
            item.close()


def main(argv: list[str] | None = None) -> int:
    """Serve every shipped provider on 127.0.0.1 until interrupted."""
    from numcheck.config import Settings
    from numcheck.recording.synthetic import FAULTS, SCENARIOS, synthetic_number
    from numcheck.registry import default_registry

    modes = "; ".join(f"{name}: {text}" for name, text in {**MODES, BY_SCENARIO: "only the synthetic numbers' scenarios"}.items())
    parser = argparse.ArgumentParser(prog="python -m numcheck.testing.simulator", description=__doc__.splitlines()[0])
    # Not numcheck serve's 8765: a plugin author runs both, and the second would find its port taken.
    parser.add_argument("--port", type=int, default=HAND_PORT, help=f"port on 127.0.0.1 (default {HAND_PORT}; 0: any free one)")
    parser.add_argument(
        "--mode",
        choices=[*MODES, BY_SCENARIO],
        default="honest",
        help=f"how every provider answers (default honest, so a correct manifest passes numcheck doctor --self-check): {modes}",
    )
    args = parser.parse_args(argv)
    registry = default_registry(Settings.from_env())
    with Simulator(scripts_for(registry), port=args.port) as simulator:
        for checker_id in scripts_for(registry):
            simulator.set_mode(checker_id, None if args.mode == BY_SCENARIO else args.mode)
        print(f"numcheck provider simulator on {simulator.url} (mode {args.mode})", flush=True)
        print("providers: " + ", ".join(f"{simulator.url}/p/{name}" for name in scripts_for(registry)))
        print("numbers: " + ", ".join(f"{name}={synthetic_number(name)}" for name in [*SCENARIOS, *FAULTS]))
        print("point numcheck at it: NUMCHECK_BASE_URL_<ID>=<provider url>; Ctrl-C stops", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            return 0


if __name__ == "__main__":
    raise SystemExit(main())
