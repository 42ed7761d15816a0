"""The provider simulator's HTTP side: a request is matched to its provider's script and answered with an example,
a mode's answer or a fault (resets, timeouts, 5xx, 429, WAF pages, huge and trickling bodies).
"""

from __future__ import annotations

import socket
import struct
import sys
import time
from collections.abc import Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote_plus

from numcheck.providers.manifest import Example
from numcheck.recording.synthetic import number_in, scenario_in
from numcheck.testing.scripts import (
    _ANY_NUMBER,
    CHANGED_FORMAT_BODY,
    HUGE_BODY_BYTES,
    SLOW_SECONDS,
    Asked,
    Hit,
    ProviderScript,
    _State,
)


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
        if mode == "waf":
            self._fault("waf_403", provider)
        elif mode == "rate_limited":
            self._fault("rate_limited", provider)
        elif mode == "format_changed":
            self._send(200, CHANGED_FORMAT_BODY)
        elif mode == "registered_for_all" and "registered" in examples:
            self._play(examples["registered"])
        elif mode == "never_registered" or scenario is None or scenario == "not_registered":
            self._play(script.free_answer())
        elif scenario == "registered":  # honest (or registered_for_all on a provider that cannot say registered)
            self._play(script.taken_answer())
        elif scenario in examples:
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
