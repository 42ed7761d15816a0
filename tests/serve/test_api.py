"""numcheck serve's JSON API and its guard, in process (no socket): every answer, limit and refusal."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.batch.helpers import Scripted, registry_of

import numcheck
from numcheck import CheckContext, CheckerKind, CheckerMeta, PhoneNumberInfo, Provenance, Status
from numcheck.serve.app import guarded_app
from numcheck.serve.guard import CSRF_HEADER, SESSION_COOKIE, Guard

BASE = "http://127.0.0.1:8765"


class Crashing:
    meta = CheckerMeta(
        id="crashing",
        name="Crashing",
        kind=CheckerKind.ACCOUNT,
        category="shopping",
        provenance=Provenance(level="documented", sources=("test",)),
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> numcheck.Finding:
        raise RuntimeError("the provider's page changed")


class Slow(Scripted):
    """An account checker that takes a while and counts how often it was asked."""

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> numcheck.Finding:
        time.sleep(0.3)
        return super().check(number, ctx)


def _client(guard: Guard | None = None, *checkers: object, store: numcheck.Store | None = None) -> TestClient:
    guard = guard or Guard("127.0.0.1", 8765)
    app = guarded_app(guard, settings=numcheck.Settings(plugins=()), registry=registry_of(*checkers), store=store)
    # What the page's own fetches carry: lookups by GET need it (or a token), see test_attacks.py.
    return TestClient(app, base_url=BASE, headers={"sec-fetch-site": "same-origin"})


@pytest.fixture
def client() -> Iterator[TestClient]:
    with _client(None, Scripted(answers={"+8615000150000": Status.REGISTERED}), Crashing()) as client:
        yield client


def test_check_one_is_the_cli_json(client: TestClient) -> None:
    offline = client.get("/api/v1/check", params={"number": "+86 138 0013 8000", "offline": "true"})
    assert offline.status_code == 200
    report = numcheck.Report.model_validate_json(offline.text)
    assert report.offline
    assert report.number.e164 == "+8613800138000"
    online = client.get("/api/v1/check", params={"number": "15000150000"}).json()
    statuses = {item["checker_id"]: item["status"] for item in online["findings"]}
    assert statuses["scripted"] == "registered"
    assert statuses["crashing"] == "error", "a provider failure is a finding, never a 500"
    assert online["verdict"] != "low_risk"


@pytest.mark.parametrize(("number", "reason"), [("1380013800", "too_short"), ("hello", "not_a_number"), ("", "empty")])
def test_bad_input_is_one_line_and_400(client: TestClient, number: str, reason: str) -> None:
    answer = client.get("/api/v1/check", params={"number": number})
    assert answer.status_code == 400
    body = answer.json()
    assert body["reason"] == reason
    assert "\n" not in body["error"]
    assert body["input"] == number, "the input as written: JSON needs no Python quotes around it"


def test_check_many_streams_json_lines_in_input_order(client: TestClient) -> None:
    numbers = ["13900139000", "nope", "15000150000", "139 0013 9000"]
    answer = client.post("/api/v1/check", json={"numbers": numbers, "offline": True}, headers={CSRF_HEADER: client.app.guard.csrf})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson")
    items = [numcheck.BatchItem.model_validate_json(line) for line in answer.text.splitlines()]
    assert [item.input for item in items] == numbers
    assert items[1].invalid
    assert items[3].duplicate_of == 0


def test_batch_length_and_body_size_are_limited() -> None:
    guard = Guard("127.0.0.1", 8765, max_body=5000)
    with _client(guard) as client:
        headers = {CSRF_HEADER: guard.csrf, "content-type": "application/json"}
        too_many = client.post("/api/v1/check", content=json.dumps({"numbers": ["1"] * 1001}, separators=(",", ":")), headers=headers)
        assert too_many.status_code == 422, "at most 1000 numbers a request"
        big = client.post("/api/v1/check", content=b" " * 5001, headers=headers)
        assert big.status_code == 413, "a declared length over the limit"

        def trickle() -> Iterator[bytes]:
            yield b'{"numbers": ['
            for _ in range(400):
                yield b'"13800138000",'
            yield b'"13800138000"]}'

        assert client.post("/api/v1/check", content=trickle(), headers=headers).status_code == 413, (
            "an undeclared length that grows too long"
        )
        assert client.post("/api/v1/check", json={"numbers": []}, headers={CSRF_HEADER: guard.csrf}).status_code == 422


def test_posts_need_the_pages_csrf_token(client: TestClient) -> None:
    """A cross-site form or fetch cannot add the header: without it a POST is refused before anything runs."""
    answer = client.post("/api/v1/check", json={"numbers": ["13800138000"], "offline": True})
    assert answer.status_code == 403
    page = client.get("/")
    assert client.app.guard.csrf in page.text


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1:9999", "127.0.0.1.evil.example:8765"])
def test_a_foreign_host_header_is_refused(client: TestClient, host: str) -> None:
    """DNS rebinding: a page that resolves its own name to 127.0.0.1 still sends its own Host."""
    assert client.get("/healthz", headers={"host": host}).status_code == 400


def test_token_mode_bearer_for_the_api_and_a_login_form_for_the_page() -> None:
    guard = Guard("0.0.0.0", 8765, token="s3cret-s3cret-s3cret", allowed_hosts=("127.0.0.1:8765",))
    with _client(guard) as client:
        assert client.get("/healthz").status_code == 200
        assert client.get("/api/v1/check", params={"number": "13800138000", "offline": "true"}).status_code == 401
        assert client.get("/openapi.json").status_code == 401
        bearer = {"authorization": "Bearer s3cret-s3cret-s3cret"}
        assert client.get("/api/v1/check", params={"number": "13800138000", "offline": "true"}, headers=bearer).status_code == 200
        assert client.get("/api/v1/check", params={"number": "13800138000"}, headers={"authorization": "Bearer wrong"}).status_code == 401
        assert client.post("/api/v1/check", json={"numbers": ["13800138000"], "offline": True}, headers=bearer).status_code == 200
        first = client.get("/", follow_redirects=False)
        assert first.status_code == 303
        assert first.headers["location"] == "/login"
        wrong = client.post(
            "/login", content=f"token=nope&csrf={guard.csrf}", headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert wrong.status_code == 403
        forged = client.post(
            "/login", content="token=s3cret-s3cret-s3cret&csrf=forged", headers={"content-type": "application/x-www-form-urlencoded"}
        )
        assert forged.status_code == 403
        good = client.post(
            "/login",
            content=f"token=s3cret-s3cret-s3cret&csrf={guard.csrf}",
            headers={"content-type": "application/x-www-form-urlencoded"},
            follow_redirects=False,
        )
        assert good.status_code == 303
        assert SESSION_COOKIE in good.headers["set-cookie"]
        assert "HttpOnly" in good.headers["set-cookie"]
        assert client.get("/").status_code == 200  # the session cookie now opens the page


def test_a_number_being_checked_is_not_checked_twice_at_once() -> None:
    slow = Slow()
    with _client(None, slow) as client:
        answers: list[int] = []
        workers = [
            threading.Thread(target=lambda: answers.append(client.get("/api/v1/check", params={"number": "139 0013 9000"}).status_code))
            for _ in range(4)
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert answers == [200] * 4
    assert slow.calls["+8613900139000"] == 1


def test_one_client_holds_a_bounded_number_of_requests() -> None:
    guard = Guard("127.0.0.1", 8765, per_client=1)
    assert guard.enter("10.0.0.1")
    assert not guard.enter("10.0.0.1")
    assert guard.enter("10.0.0.2")
    guard.leave("10.0.0.1")
    assert guard.enter("10.0.0.1")


def test_events_stream_each_finding_then_the_report(client: TestClient) -> None:
    with client.stream("GET", "/api/v1/check/events", params={"number": "15000150000"}) as answer:
        text = "".join(answer.iter_text())
    events = [block for block in text.split("\n\n") if block.strip()]
    kinds = [block.splitlines()[0] for block in events]
    assert kinds[-1] == "event: report"
    assert kinds.count("event: finding") == len(kinds) - 1 >= 8
    last = json.loads(events[-1].splitlines()[1][len("data: ") :])
    assert last["report"]["number"]["e164"] == "+8615000150000"
    assert 'data-verdict="' in last["html"]
    assert "<script" not in last["html"]


def test_history_diff_checkers_openapi_and_health(tmp_path: Path) -> None:
    store = numcheck.open_store(tmp_path)
    scripted = Scripted(answers={"+8615000150000": Status.REGISTERED})
    with _client(None, scripted, store=store) as client:
        client.get("/api/v1/check", params={"number": "15000150000"})
        scripted.answers["+8615000150000"] = Status.NOT_REGISTERED
        store.ttl = 0
        client.get("/api/v1/check", params={"number": "15000150000"})
        history = client.get("/api/v1/history/15000150000").json()
        assert len(history) == 2
        diff = client.get("/api/v1/diff/+86 150 0015 0000").json()
        assert [change["checker_id"] for change in diff["changes"]] == ["scripted"]
        assert client.get("/api/v1/history/nope").status_code == 400
        zh = {"accept-language": "zh-CN"}
        refused = client.get("/api/v1/history/nope", headers=zh).json()
        assert refused["reason"] == "not_a_number"
        assert refused["error_localized"].startswith("第 1 个字符「n」不是数字"), refused
        fewer = client.get("/api/v1/diff/13900139000", headers=zh)
        assert fewer.status_code == 404
        assert fewer.json() == {"error": "fewer than two stored checks of this number", "error_localized": "这个号码存下的检查不到两次"}
        assert "scripted" in {item["id"] for item in client.get("/api/v1/checkers").json()["checkers"]}
        spec = client.get("/openapi.json").json()
        assert {"/api/v1/check", "/api/v1/history/{number}", "/api/v1/diff/{number}", "/api/v1/checkers", "/healthz"} <= set(spec["paths"])
        docs = client.get("/docs")
        assert docs.status_code == 200
        assert "cdn." not in docs.text, "the interactive docs fetch nothing from another host"
        assert client.get("/static-docs/swagger-ui-bundle.js").status_code == 200
        assert client.get("/healthz").json()["status"] == "ok"


def test_pages_carry_the_csp_and_speak_the_asked_language(client: TestClient) -> None:
    page = client.get("/", headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert '<html lang="zh">' in page.text
    assert "检查" in page.text
    assert '<html lang="en">' in client.get("/", headers={"accept-language": "en-GB"}).text
    assert "<script>" not in page.text, "no inline script: the CSP forbids it"


def test_the_access_log_names_numbers_only_by_hash(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="numcheck.serve"):
        client.get("/api/v1/check", params={"number": "13800138000", "offline": "true"})
        client.get("/api/v1/history/13800138000")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "/api/v1/check" in logged
    assert "#" in logged
    assert "13800138000" not in logged
    assert "0013" not in logged


def test_serve_refuses_an_open_address_without_a_token(capsys: pytest.CaptureFixture[str]) -> None:
    from numcheck import cli

    assert cli.main(["serve", "--host", "0.0.0.0"]) == cli.EXIT_USAGE
    assert "--token" in capsys.readouterr().err
    assert cli.main(["serve", "--port", "0"]) == cli.EXIT_USAGE


def test_a_store_failure_mid_batch_ends_the_stream_with_a_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A history that cannot be written does not leave a silently cut stream: its last line says why."""
    store = numcheck.open_store(tmp_path)

    def broken(self: numcheck.Store, report: numcheck.Report) -> int:
        raise numcheck.StoreError(str(self.path), "full", "the disk is full")

    monkeypatch.setattr(numcheck.Store, "save", broken)
    with _client(None, Scripted(), store=store) as client:
        guard = client.app.guard
        answer = client.post("/api/v1/check", json={"numbers": ["13800138000", "13900139000"]}, headers={CSRF_HEADER: guard.csrf})
    lines = answer.text.splitlines()
    assert json.loads(lines[-1])["error"].endswith("the disk is full")


def test_one_client_past_its_limit_gets_429() -> None:
    """Past --per-client requests at once from one address, the next is refused before it reaches the engine."""
    slow = Slow()
    guard = Guard("127.0.0.1", 8765, per_client=1)
    with _client(guard, slow) as client:
        statuses: list[int] = []
        first = threading.Thread(target=lambda: statuses.append(client.get("/api/v1/check", params={"number": "13900139000"}).status_code))
        first.start()
        time.sleep(0.1)  # the first request now holds the client's one slot
        second = client.get("/api/v1/check", params={"number": "13700137000", "offline": "true"})
        first.join()
    assert second.status_code == 429
    assert statuses == [200]


@pytest.mark.parametrize("path", ["/static/../api/v1/checkers", "/healthz/../api/v1/checkers", "/loginx", "/login/../openapi.json"])
def test_token_mode_opens_only_the_exact_open_paths(path: str) -> None:
    """Dot segments or look-alike names next to an open path do not reach anything behind the token."""
    import asyncio

    guard = Guard("127.0.0.1", 8765, token="s3cret-s3cret-s3cret")
    app = guarded_app(guard, settings=numcheck.Settings(plugins=()), registry=registry_of())
    sent: list[dict[str, object]] = []

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, object]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8765")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8765), "scheme": "http",
             "http_version": "1.1", "asgi": {"version": "3.0"}}  # fmt: skip
    asyncio.run(app(scope, receive, send))
    assert sent[0]["status"] == 303, "the guard itself must refuse it (sent to the login page), not leave it to routing"
    assert b"checkers" not in b"".join(message.get("body", b"") for message in sent if message["type"] == "http.response.body")  # type: ignore[misc]


def test_serve_says_what_the_number_age_search_may_spend_before_it_answers(tmp_path: Path) -> None:
    """NUMCHECK_MAX_BILLED holds for every number a visitor checks: the operator is told the budget at start, before any lookup."""
    import httpx2 as httpx
    from tests.serve.harness import child_server

    from numcheck.providers.aliyun import KEYS

    keys = dict(zip(KEYS, ("synthetic-id", "synthetic-secret", "synthetic-auth"), strict=True))
    with child_server(["--no-store"], tmp_path, env={"FAKE_CARRIER": "1", "NUMCHECK_MAX_BILLED": "3", **keys}) as child:
        assert httpx.get(child.url + "/healthz", timeout=10).status_code == 200
        deadline = time.monotonic() + 10
        while not any("number-age search" in line for line in child.stderr) and time.monotonic() < deadline:
            time.sleep(0.05)
        said = "".join(child.stderr)
    assert "at most 3 billed calls per number" in said
    assert "at most 3 billed calls for each number read" in said


def test_serve_says_the_search_budget_in_the_readers_language(tmp_path: Path) -> None:
    import httpx2 as httpx
    from tests.serve.harness import child_server

    from numcheck.providers.aliyun import KEYS

    keys = dict(zip(KEYS, ("synthetic-id", "synthetic-secret", "synthetic-auth"), strict=True))
    env = {"FAKE_CARRIER": "1", "NUMCHECK_MAX_BILLED": "3", "NUMCHECK_LANG": "zh", **keys}
    with child_server(["--no-store"], tmp_path, env=env) as child:
        assert httpx.get(child.url + "/healthz", timeout=10).status_code == 200
        deadline = time.monotonic() + 10
        while not any("号码年龄查询：" in line for line in child.stderr) and time.monotonic() < deadline:
            time.sleep(0.05)
        said = "".join(child.stderr)
    assert "每个号码最多计费 3 次" in said
    assert "号码年龄查询：每读到一个号码最多计费 3 次" in said
    assert "number-age search" not in said


class _Boastful(Scripted):
    """A plugin that claims a self-check it never passed, in every finding it makes."""

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> numcheck.Finding:
        from datetime import date

        return super().check(number, ctx).model_copy(update={"self_checked_on": date(2020, 1, 1)})


def test_streamed_findings_carry_only_the_self_check_passed_here() -> None:
    """The stream sends each finding before the report is put together: the claim is stripped there too, not only in the report."""
    with (
        _client(None, _Boastful(answers={"+8615000150000": Status.NOT_REGISTERED})) as client,
        client.stream("GET", "/api/v1/check/events", params={"number": "15000150000"}) as answer,
    ):
        text = "".join(answer.iter_text())
    events = [json.loads(block.splitlines()[1][len("data: ") :]) for block in text.split("\n\n") if block.startswith("event: finding")]
    streamed = [item for item in events if item["checker_id"] == "scripted"]
    assert len(streamed) == 1
    assert streamed[0]["self_checked_on"] is None


@pytest.mark.parametrize(("lang", "words"), [("en", "port {port} on 127.0.0.1 is already in use"), ("zh", "端口 {port}")])
def test_a_busy_port_is_one_line_and_exit_2_before_any_address_is_printed(
    lang: str, words: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The token must not be printed for an address another program holds; exit 3 means checks did not complete."""
    import socket

    from numcheck import cli

    monkeypatch.setenv("NUMCHECK_LANG", lang)
    monkeypatch.setenv("NUMCHECK_CONFIG", "")
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert cli.main(["serve", "--port", str(port), "--no-store"]) == cli.EXIT_USAGE
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert words.format(port=port) in lines[0]
    assert "--port" in lines[0]
    assert "token" not in lines[0]
    assert "http://" not in lines[0]


def test_the_socket_serve_binds_says_tcp_so_answers_are_not_held_by_nagle() -> None:
    """asyncio sets TCP_NODELAY only on sockets whose protocol is TCP; a bare one made each keep-alive answer wait 40 ms."""
    import socket

    from numcheck.serve.command import _bound

    sock = _bound("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()
