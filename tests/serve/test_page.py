"""numcheck serve's page in headless Chromium: findings arrive live, the verdict, a comparison, at 390 px, nothing hostile runs."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from tests.batch.helpers import Scripted, registry_of
from tests.test_html import ARTIFACTS, PAYLOAD
from tests.test_zh import english_left

import numcheck
from numcheck import CheckContext, CheckerKind, CheckerMeta, PhoneNumberInfo, Provenance, Status
from numcheck.checker import finding
from numcheck.serve.app import guarded_app
from numcheck.serve.guard import Guard


class GatedScripted(Scripted):
    """An account lookup that answers only once the test opens its gate (or after 30 s)."""

    def __init__(self, gate: threading.Event, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.gate = gate

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> numcheck.Finding:
        self.gate.wait(30)
        return super().check(number, ctx)


class Hostile:
    """A provider whose answer is markup and script: the page must show it as text."""

    meta = CheckerMeta(
        id="hostile",
        name=PAYLOAD,
        kind=CheckerKind.REPUTATION,
        category="caller_tags",
        provenance=Provenance(level="documented", sources=(PAYLOAD,)),
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> numcheck.Finding:
        return finding(self.meta, ctx, Status.NOT_REGISTERED, PAYLOAD)


@pytest.fixture(scope="module")
def gate() -> threading.Event:
    return threading.Event()


@pytest.fixture(scope="module")
def server(gate: threading.Event) -> Iterator[str]:
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    registry = registry_of(GatedScripted(gate, answers={"+8615000150000": Status.REGISTERED}), Hostile())
    app = guarded_app(Guard("127.0.0.1", port), settings=numcheck.Settings(plugins=()), registry=registry)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


def test_type_a_number_watch_findings_arrive_read_the_verdict(browser: object, server: str, gate: threading.Event) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-US")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(server + "/")
    page.fill("#numbers", "150 0015 0000")
    page.click("#check")
    # The offline findings reach the page while the account lookup is still held at its gate: they arrive one by one.
    page.wait_for_selector(".finding-live >> nth=6")
    assert page.locator("[data-verdict]").count() == 0
    assert page.locator('.finding-live[data-checker="scripted"]').count() == 0
    gate.set()
    page.wait_for_selector("[data-verdict]", timeout=20_000)
    verdict = page.get_attribute("[data-verdict]", "data-verdict")
    assert verdict in ("caution", "high_risk"), verdict
    assert page.locator('.finding-live[data-checker="scripted"][data-status="registered"]').count() == 1
    assert page.evaluate("window.__pwned") is None, "a provider's markup ran"
    assert PAYLOAD in page.inner_text("#arriving")
    assert PAYLOAD in page.inner_text("#result")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways at 390 px"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-390.png"), full_page=True)

    page.fill("#numbers", "15000150000\n13900139000")
    page.uncheck("#offline")
    page.click("#check")
    page.wait_for_selector("#ranking tr.ranked >> nth=1", timeout=30_000)
    ranked = page.eval_on_selector_all("#ranking tr.ranked", "rows => rows.map(row => row.dataset.e164)")
    assert ranked == ["+8613900139000", "+8615000150000"], "the registered number ranks below the other"
    assert page.evaluate("window.__pwned") is None
    assert requested
    assert [url for url in requested if not url.startswith(server + "/")] == [], "a request left for another host"
    page.close()


def test_the_page_speaks_chinese_when_asked(browser: object, server: str, gate: threading.Event) -> None:
    gate.set()  # this test waits for no lookup
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(
        viewport={"width": 390, "height": 844}, locale="zh-CN", extra_http_headers={"accept-language": "zh-CN,zh;q=0.9"}
    )
    page.goto(server + "/")
    assert page.get_attribute("html", "lang") == "zh"
    assert page.inner_text("#check") == "检查"
    page.fill("#numbers", "13800138000")
    page.check("#offline")
    page.click("#check")
    page.wait_for_selector("[data-verdict]", timeout=20_000)
    assert "风险" in page.inner_text("#result")
    # Every sentence, as the findings arrive and in the report: the summary, reasons, advice and notes.
    arriving = page.inner_text("#arriving")
    # The report as read, without the checker ids (identifiers, in <code>) that --only takes.
    result = page.evaluate("() => { const copy = document.querySelector('#result').cloneNode(true); "
                           "copy.querySelectorAll('code').forEach((code) => code.remove()); return copy.textContent; }")  # fmt: skip
    assert "运营商与归属地 中国移动；北京（区号 010）；手机号码" in arriving
    assert "信息" in arriving
    assert "数据不足，不能认定此号码干净" in result
    assert english_left(arriving) == [], arriving
    assert english_left(result) == [], result
    page.close()


def test_the_page_says_in_chinese_why_a_number_is_not_one(browser: object, server: str) -> None:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(locale="zh-CN", extra_http_headers={"accept-language": "zh-CN,zh;q=0.9"})
    page.goto(server + "/")
    page.fill("#numbers", "1380013800")
    page.check("#offline")
    page.click("#check")
    page.wait_for_selector("#error:not([hidden])", timeout=20_000)
    assert page.inner_text("#error") == "中国手机号码是 11 位；这个有 10 位"
    page.close()
