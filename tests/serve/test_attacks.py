"""What an attack review of numcheck serve found, each held shut: every test here failed before its fix.

Abandoned batches, cross-site lookups, guessing, stalled sockets, an unsalted log hash, and how a script is let in.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import signal
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from fastapi.testclient import TestClient
from tests.batch.helpers import Scripted, registry_of
from tests.serve.harness import child_server, free_port, in_thread, thread_server

import numcheck
from numcheck import CheckContext, PhoneNumberInfo
from numcheck.serve.app import guarded_app
from numcheck.serve.guard import CSRF_HEADER, Guard

BASE = "http://127.0.0.1:8765"
TOKEN = "correct-horse-battery-staple"


class Gated(Scripted):
    """An account lookup that waits for the test's gate (at most 20 s) and counts the lookups it started."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.started = 0

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> numcheck.Finding:
        with self._lock:
            self.started += 1
        self.gate.wait(20)
        return super().check(number, ctx)


def _app(guard: Guard, *checkers: object, store: numcheck.Store | None = None) -> object:
    return guarded_app(guard, settings=numcheck.Settings(plugins=(), workers=2), registry=registry_of(*checkers), store=store)


def _bare(guard: Guard, *checkers: object, store: numcheck.Store | None = None) -> TestClient:
    """A client that sends what curl sends: no Sec-Fetch-* headers, no Origin, no token unless given."""
    return TestClient(_app(guard, *checkers, store=store), base_url=BASE)  # type: ignore[arg-type]


def _numbers(count: int) -> list[str]:
    return [f"139{index:08d}" for index in range(count)]


# --- An abandoned batch stops, and its work counts against its client until it has stopped -----------------------


def test_a_client_that_leaves_cancels_its_batch_and_its_work_keeps_its_slot() -> None:
    gated = Gated()
    port = free_port()
    guard = Guard("127.0.0.1", port, per_client=1)
    with thread_server(_app(guard, gated), port) as url:
        with socket.create_connection(("127.0.0.1", port)) as raw:
            body = json.dumps({"numbers": _numbers(200)}).encode()
            raw.sendall(
                f"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\ncontent-type: application/json\r\n"
                f"content-length: {len(body)}\r\n{CSRF_HEADER}: {guard.csrf}\r\n\r\n".encode()
                + body
            )
            deadline = time.monotonic() + 10
            while gated.started < 2:
                assert time.monotonic() < deadline, "the batch never started"
                time.sleep(0.02)
        # The client is gone; its two lookups are still held at the gate.
        time.sleep(0.5)
        offline = httpx.get(
            url + "/api/v1/check", params={"number": "13800138000", "offline": "true"}, headers={CSRF_HEADER: guard.csrf}, timeout=10
        )
        assert offline.status_code == 429, "the abandoned batch's running lookups still count against its client"
        gated.gate.set()
        deadline = time.monotonic() + 10
        while True:
            again = httpx.get(
                url + "/api/v1/check", params={"number": "13800138000", "offline": "true"}, headers={CSRF_HEADER: guard.csrf}, timeout=10
            )
            if again.status_code == 200:
                break
            assert time.monotonic() < deadline, "the slot never came back"
            time.sleep(0.05)
        settled = gated.started
        time.sleep(1.0)
        assert gated.started == settled, "lookups kept starting after the client left"
        assert settled <= 2 + 2 * 4, f"{settled} lookups for a batch abandoned after its first two"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_stops_the_server_within_seconds(tmp_path: Path, stop: signal.Signals) -> None:
    """One client still reading a batch, one gone: SIGTERM (or Ctrl-C) ends the process in seconds, not when the lookups end."""
    with child_server(["--no-store"], tmp_path, delay=30) as child:
        headers = {"authorization": f"Bearer {child.token}"} if "token=" in child.banner else {}
        page = httpx.get(child.url + "/", timeout=10).text
        csrf = page.split('name="csrf-token" content="')[1].split('"')[0]
        headers[CSRF_HEADER] = csrf
        body = {"numbers": _numbers(50)}
        reading = httpx.Client(timeout=60)
        stream = reading.stream("POST", child.url + "/api/v1/check", json=body, headers=headers)
        stream.__enter__()
        abandoned = httpx.Client(timeout=60)
        left = abandoned.stream("POST", child.url + "/api/v1/check", json=body, headers=headers)
        left.__enter__()
        left.__exit__(None, None, None)
        abandoned.close()
        time.sleep(1.0)
        started = time.monotonic()
        child.process.send_signal(stop)
        try:
            child.process.wait(8)
        except Exception:
            pytest.fail(f"numcheck serve was still running 8 s after {stop.name}")
        finally:
            reading.close()
        assert time.monotonic() - started < 8


# --- Lookups refuse cross-site callers; a GET starts one only same-origin or with the token -------------------------


@pytest.mark.parametrize(
    ("headers", "why"),
    [
        ({"sec-fetch-site": "cross-site"}, "an <img> or link on another site"),
        ({"sec-fetch-site": "same-site"}, "another port of the same host is another origin"),
        ({"origin": "http://evil.example"}, "a foreign Origin"),
        ({"origin": "null"}, "a sandboxed or file: page"),
        ({}, "a simple GET from a browser that sends no Sec-Fetch-Site proves nothing"),
    ],
)
def test_a_cross_site_get_starts_no_lookup_and_writes_no_history(tmp_path: Path, headers: dict[str, str], why: str) -> None:
    store = numcheck.open_store(tmp_path)
    scripted = Scripted()
    with _bare(Guard("127.0.0.1", 8765), scripted, store=store) as client:
        for path in ("/api/v1/check", "/api/v1/check/events"):
            answer = client.get(path, params={"number": "15000150000"}, headers=headers)
            assert answer.status_code == 403, f"{path}: {why}"
            assert "\n" not in answer.json()["error"]
        assert store.history("+8615000150000") == []
    assert scripted.calls == {}, why


def test_same_origin_pages_and_token_holders_may_look_up() -> None:
    guard = Guard("127.0.0.1", 8765, token=TOKEN, token_required=False)
    with _bare(guard, Scripted()) as client:
        query = {"number": "15000150000", "offline": "true"}
        assert client.get("/api/v1/check", params=query, headers={"sec-fetch-site": "same-origin"}).status_code == 200
        assert client.get("/api/v1/check", params=query, headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
        assert client.get("/api/v1/check", params=query, headers={CSRF_HEADER: guard.csrf}).status_code == 200
        own = {"sec-fetch-site": "same-origin", "origin": BASE}
        assert client.get("/api/v1/check", params=query, headers=own).status_code == 200
        assert client.get("/healthz", headers={"sec-fetch-site": "cross-site"}).status_code == 200, "reading is not work"


@pytest.mark.parametrize("headers", [{"sec-fetch-site": "cross-site"}, {"origin": "http://evil.example"}, {"sec-fetch-site": "same-site"}])
def test_a_cross_site_post_is_refused_even_with_the_csrf_token(headers: dict[str, str]) -> None:
    scripted = Scripted()
    guard = Guard("127.0.0.1", 8765)
    with _bare(guard, scripted) as client:
        answer = client.post("/api/v1/check", json={"numbers": ["15000150000"]}, headers={CSRF_HEADER: guard.csrf, **headers})
        assert answer.status_code == 403
        compare = client.post(
            "/api/v1/compare/html", json={"numbers": ["15000150000", "13900139000"]}, headers={CSRF_HEADER: guard.csrf, **headers}
        )
        assert compare.status_code == 403
    assert scripted.calls == {}


# --- Guessing is throttled; short tokens are refused at start ------------------------------------------------------


def test_bearer_guesses_are_throttled_per_client() -> None:
    guard = Guard("127.0.0.1", 8765, token=TOKEN)
    with _bare(guard) as client:
        statuses = [client.get("/api/v1/checkers", headers={"authorization": f"Bearer guess{index}"}).status_code for index in range(300)]
        assert statuses.count(401) <= 10, "hundreds of guesses were each answered"
        assert statuses.count(429) >= 290
        refused = client.get("/api/v1/checkers", headers={"authorization": f"Bearer {TOKEN}"})
        assert refused.status_code == 429, "while a client is held back, even the right token waits (or guessing would go on)"
        assert int(refused.headers["retry-after"]) >= 1


def test_the_backoff_grows_then_expires_and_other_clients_are_not_held() -> None:
    now = [1000.0]
    guard = Guard("127.0.0.1", 8765, token=TOKEN, clock=lambda: now[0])
    waits = []
    for _ in range(12):
        if guard.retry_after("10.0.0.1") == 0:
            guard.failed("10.0.0.1")
        waits.append(guard.retry_after("10.0.0.1"))
        now[0] += waits[-1]
    assert waits[:5] == [0] * 5, "a few typos cost nothing"
    assert waits[5:] == sorted(waits[5:]), waits
    assert waits[-1] > waits[5] > 0, waits
    assert guard.retry_after("10.0.0.2") == 0
    now[0] += 3600
    assert guard.retry_after("10.0.0.1") == 0


def test_login_guesses_are_throttled() -> None:
    guard = Guard("127.0.0.1", 8765, token=TOKEN)
    form = {"content-type": "application/x-www-form-urlencoded"}
    with _bare(guard) as client:
        statuses = [client.post("/login", content=f"token=guess{index}&csrf={guard.csrf}", headers=form).status_code for index in range(50)]
        assert statuses.count(403) <= 10
        assert statuses[-1] == 429
        right = client.post("/login", content=f"token={TOKEN}&csrf={guard.csrf}", headers=form, follow_redirects=False)
        assert right.status_code == 429


@pytest.mark.parametrize("source", ["option", "environment"])
def test_a_short_token_is_refused_at_start(source: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from numcheck import cli

    argv = ["serve", "--host", "127.0.0.1", "--port", "0"]
    if source == "option":
        argv += ["--token", "s3cret"]
    else:
        monkeypatch.setenv("NUMCHECK_SERVE_TOKEN", "s3cret")
    assert cli.main(argv) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "16 characters" in err


# --- Half-sent headers time out; connections are capped -----------------------------------------------------------


def test_stalled_headers_time_out_and_connections_are_capped(tmp_path: Path) -> None:
    with child_server(["--no-store", "--header-timeout", "1", "--max-connections", "20"], tmp_path) as child:
        stalled = []
        for _ in range(40):  # twice the cap, bounded
            sock = socket.create_connection(("127.0.0.1", child.port), timeout=5)
            sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{child.port}\r\nX-Slow: ".encode())
            stalled.append(sock)
        try:
            time.sleep(0.5)
            refused = sum(_closed(sock, 0.2) for sock in stalled[20:])
            assert refused >= 15, f"only {refused} of 20 connections past the cap were turned away"
            assert all(_closed(sock, 5) for sock in stalled[:20]), "half-sent headers held their connection past the timeout"
            assert httpx.get(child.url + "/healthz", timeout=5).status_code == 200
        finally:
            for sock in stalled:
                sock.close()


def _closed(sock: socket.socket, wait: float) -> bool:
    """True once the server has ended the connection (an answer, then EOF or a reset)."""
    sock.settimeout(wait)
    try:
        while sock.recv(4096):
            pass
    except TimeoutError:
        return False
    except OSError:
        return True
    return True


# --- The access log's hash is salted with a per-install secret ------------------------------------------------------


def test_the_log_hash_is_salted_and_the_salt_is_private(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from numcheck.serve.guard import install_salt

    settings = numcheck.Settings(plugins=(), data_dir=tmp_path / "data")
    salt = install_salt(settings)
    assert len(salt) >= 16
    path = next((tmp_path / "data").glob("*salt*"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert install_salt(settings) == salt, "one salt per install: log lines stay comparable across restarts"
    guard = Guard("127.0.0.1", 8765, log_salt=salt)
    with _bare(guard) as client, caplog.at_level(logging.INFO, logger="numcheck.serve"):
        client.get("/api/v1/history/13800138000")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "13800138000" not in logged
    unsalted = hashlib.sha256(b"13800138000").hexdigest()[:10]
    assert unsalted not in logged, "an unsalted hash of an 11-digit number is reversed in a second"
    assert "#" in logged


def test_the_running_server_salts_with_the_install_salt(tmp_path: Path) -> None:
    with child_server(["--no-store"], tmp_path):
        pass
    salts = [path for path in (tmp_path / "data").glob("*salt*")]
    assert len(salts) == 1
    assert stat.S_IMODE(salts[0].stat().st_mode) == 0o600


# --- Scripts get the printed token, as with Jupyter --------------------------------------------------------------


def test_serve_prints_a_url_with_a_token_that_scripts_use_as_a_bearer(tmp_path: Path) -> None:
    with child_server(["--no-store"], tmp_path) as child:
        assert len(child.token) >= 16
        bearer = {"authorization": f"Bearer {child.token}"}
        query = {"number": "13800138000", "offline": "true"}
        assert httpx.get(child.url + "/api/v1/check", params=query, headers=bearer, timeout=10).status_code == 200
        batch = httpx.post(child.url + "/api/v1/check", json={"numbers": ["13800138000"], "offline": True}, headers=bearer, timeout=10)
        assert batch.status_code == 200, "the token stands in for the page's CSRF token"
        assert httpx.get(child.url + "/api/v1/check", params=query, timeout=10).status_code == 403
        visit = httpx.get(child.printed_url, timeout=10, follow_redirects=False)
        assert visit.status_code == 303
        assert visit.headers["location"] == "/"
        assert "numcheck_session" in visit.headers["set-cookie"]


def test_the_environment_token_is_the_printed_one(tmp_path: Path) -> None:
    with child_server(["--no-store"], tmp_path, env={"NUMCHECK_SERVE_TOKEN": TOKEN}) as child:
        assert child.token == TOKEN


@pytest.fixture(autouse=True)
def _no_token_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("NUMCHECK_SERVE_TOKEN", raising=False)
    yield
    os.environ.pop("FAKE_LOG", None)


# --- Review 21: a local client cannot choose the address it is throttled by ------------------------------------


def test_a_spoofed_forwarded_for_does_not_change_the_throttled_client() -> None:
    """uvicorn trusts X-Forwarded-For from 127.0.0.1 by default: each guess would count against another 'client'."""
    from numcheck.serve.server import server

    port = free_port()
    guard = Guard("127.0.0.1", port, token=TOKEN)
    with in_thread(server(_app(guard), "127.0.0.1", port)), httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
        statuses = [
            client.get(
                "/api/v1/checkers",
                headers={
                    "authorization": f"Bearer guess{index}",
                    "x-forwarded-for": f"10.0.{index // 250}.{index % 250}",
                    "forwarded": f"for=10.1.{index // 250}.{index % 250}",
                    "x-real-ip": f"10.2.0.{index % 250}",
                },
            ).status_code
            for index in range(60)
        ]
        assert statuses.count(401) <= 10, statuses
        assert statuses.count(429) >= 50, statuses
        fresh = client.get("/api/v1/checkers", headers={"authorization": f"Bearer {TOKEN}", "x-forwarded-for": "10.9.9.9"})
        assert fresh.status_code == 429, "a fresh forwarded address must not escape the held-back client"


# --- Review 21: text that is not valid Unicode is an invalid number, never a 500 or a dropped stream -------------


@pytest.mark.parametrize("numbers", [["\ud800"], ["13800138000\ud800"], ["\udfff", "13800138000"]], ids=["lone", "trailing", "mixed"])
def test_a_lone_surrogate_is_an_invalid_item_not_a_crash(numbers: list[str]) -> None:
    guard = Guard("127.0.0.1", 8765, token=TOKEN)
    body = json.dumps({"numbers": numbers, "offline": True})  # ensure_ascii: the surrogate travels as \\ud800
    headers = {"authorization": f"Bearer {TOKEN}", "content-type": "application/json"}
    with TestClient(_app(guard), base_url=BASE, raise_server_exceptions=False) as client:  # type: ignore[arg-type]
        streamed = client.post("/api/v1/check", content=body, headers=headers)
        assert streamed.status_code in (200, 400), streamed.text
        if streamed.status_code == 200:
            lines = [json.loads(line) for line in streamed.text.splitlines()]
            assert len(lines) == len(numbers), streamed.text
            for line, number in zip(lines, numbers, strict=True):
                assert ("\ud800" in number or "\udfff" in number) == bool(line["invalid"]), lines
        compared = client.post("/api/v1/compare/html", content=body, headers=headers)
        assert compared.status_code in (200, 400), compared.text
        assert "\ud800" not in compared.text


@pytest.mark.parametrize(
    ("method", "path", "extra"),
    [
        ("DELETE", '/api/v1/history/1\\"x', {}),
        ("PUT", "/api/v1/history/1%0A2", {}),
        ("DELETE", "/api/v1/history/%5C%22%7D%0D%0A", {}),
        ("POST", "/api/v1/check", {"sec-fetch-site": 'cross-site"\\'}),
    ],
    ids=["quote-backslash", "newline", "encoded", "fetch-site"],
)
def test_every_refusal_is_valid_json(method: str, path: str, extra: dict[str, str]) -> None:
    """The guard's answers were built by string concatenation: a backslash or a control character broke the JSON."""
    guard = Guard("127.0.0.1", 8765, token=TOKEN)
    with _bare(guard) as client:
        answer = client.request(method, path, headers={"authorization": f"Bearer {TOKEN}", **extra})
        assert answer.status_code in (403, 405), answer.text
        assert set(json.loads(answer.content)) == {"error"}


# --- Review 21: a body trickled after an early answer does not hold the socket --------------------------------


@pytest.mark.parametrize(
    "head",
    [
        "GET /healthz HTTP/1.1\r\nHost: {host}\r\nContent-Length: 100000\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST /api/v1/check HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n",
    ],
    ids=["get-content-length", "get-chunked", "post-refused"],
)
def test_a_body_trickled_after_an_early_answer_does_not_hold_the_socket(head: str) -> None:
    from numcheck.serve.server import server

    port = free_port()
    guard = Guard("127.0.0.1", port)
    with in_thread(server(_app(guard), "127.0.0.1", port)), socket.create_connection(("127.0.0.1", port)) as raw:
        raw.sendall(head.format(host=f"127.0.0.1:{port}").encode())
        raw.settimeout(3)
        assert raw.recv(4096).startswith(b"HTTP/1.1 ")
        chunk = b"1\r\na\r\n" if "chunked" in head else b"a"
        started = time.monotonic()
        closed = False
        raw.settimeout(0.05)
        while time.monotonic() - started < 3 and not closed:
            try:
                raw.sendall(chunk)
                closed = raw.recv(4096) == b""
            except TimeoutError:
                pass
            except OSError:
                closed = True
            time.sleep(0.2)
        assert closed, "a body trickled after the answer kept the connection open"
