"""The HTML report: self-contained, escaped, and checked in a real headless Chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from tests.batch.helpers import Scripted, registry_of

import numcheck
from numcheck import (
    BatchItem,
    CheckContext,
    CheckerKind,
    CheckerMeta,
    Finding,
    PhoneNumberInfo,
    Provenance,
    Settings,
    Status,
    check_many,
    cli,
)
from numcheck.checker import finding
from numcheck.render.html import render_html

PAYLOAD = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"><b>bold</b>'
ARTIFACTS = Path(os.environ.get("NUMCHECK_ARTIFACTS", Path(__file__).resolve().parent.parent / "test-artifacts"))


class Hostile:
    """A provider whose answer is an attack on whoever renders it."""

    meta = CheckerMeta(
        id="hostile",
        name='Hostile "><svg onload="window.__pwned=3">',
        kind=CheckerKind.REPUTATION,
        category="caller-id",
        provenance=Provenance(level="documented", sources=(PAYLOAD,)),
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        return finding(self.meta, ctx, Status.UNKNOWN, f"the service said: {PAYLOAD}")


def _items() -> list[BatchItem]:
    """Two candidates, one bound and tagged, with every status a finding can have, plus a hostile input line."""
    bound, clean = "+8615000150000", "+8615100151000"
    checkers = [
        Scripted("shop-a", {bound: Status.REGISTERED}),
        Scripted("shop-b", {bound: Status.BLOCKED, clean: Status.BLOCKED}),
        Scripted("shop-c", {bound: Status.ERROR}),
        Scripted("shop-d"),
        Hostile(),
    ]
    registry = registry_of(*checkers)
    settings = Settings(keys={})
    return list(check_many([bound, clean, "<script>window.__pwned = 4</script>"], registry=registry, settings=settings))


@pytest.fixture(scope="module")
def page_html() -> str:
    return render_html(_items(), version="test")


def test_every_provider_and_input_text_is_escaped(page_html: str) -> None:
    """No element, attribute or handler comes from a provider or an input: they are text."""
    soup = BeautifulSoup(page_html, "html.parser")
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("svg") is None
    assert not [(tag.name, name) for tag in soup.find_all(True) for name in tag.attrs if name.lower().startswith("on")]
    assert [tag.get_text() for tag in soup.find_all("b")] == []
    row = soup.select_one('tr.finding[data-checker="hostile"]')
    assert row is not None
    assert PAYLOAD in row.get_text()
    assert "<script>window.__pwned = 4</script>" in soup.select_one("#problems").get_text()  # type: ignore[union-attr]


def test_the_page_is_self_contained(page_html: str) -> None:
    """Nothing to fetch: no external stylesheet, script, image or font, and a CSP that forbids them."""
    soup = BeautifulSoup(page_html, "html.parser")
    assert soup.find("link") is None
    assert not soup.find_all(src=True)
    assert "url(" not in page_html
    assert "default-src 'none'" in soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]  # type: ignore[index]
    assert soup.find("meta", attrs={"name": "viewport"}) is not None


def test_cli_writes_html_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    code = cli.main(["--offline", "--format", "html", "-o", str(target), "13800138000"])
    assert code == cli.EXIT_OK
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("[data-verdict]")["data-verdict"] == "not_enough_data"  # type: ignore[index]
    assert soup.select_one("#ranking") is None


def _open(browser: object, path: Path, width: int) -> tuple[object, list[str]]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    page = browser.new_page(viewport={"width": width, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(path.as_uri())
    return page, requested


def test_chromium_shows_the_verdict_and_every_finding(browser: object, page_html: str, tmp_path: Path) -> None:
    """In a real browser, on a phone-sized screen: verdicts, each finding with its status, no sideways scroll, no fetch."""
    from playwright.sync_api import Page

    items = [item for item in _items() if item.report is not None]
    path = tmp_path / "report.html"
    path.write_text(page_html, encoding="utf-8")
    page, requested = _open(browser, path, 390)
    assert isinstance(page, Page)
    assert requested == [path.as_uri()]
    verdicts = page.locator("article.report [data-verdict]")
    assert verdicts.count() == len(items)
    for item in items:
        report = item.report
        assert report is not None
        article = page.locator(f'article.report[data-e164="{report.number.e164}"]')
        assert article.locator("[data-verdict]").get_attribute("data-verdict") == report.verdict.value
        assert article.locator(".verdict").is_visible()
        for found in report.findings:
            row = article.locator(f'tr.finding[data-checker="{found.checker_id}"]')
            assert row.count() == 1, found.checker_id
            assert row.get_attribute("data-status") == found.status.value
            assert row.is_visible()
    assert page.locator("#ranking tr.ranked").count() == len(items)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report-phone.png"), full_page=True)
    assert (ARTIFACTS / "report-phone.png").stat().st_size > 10_000


def test_nothing_from_a_provider_executes_even_without_the_csp(browser: object, page_html: str, tmp_path: Path) -> None:
    """Escaping alone holds: with the Content-Security-Policy removed, the payloads still never run."""
    from playwright.sync_api import Page

    bare = page_html.replace('http-equiv="Content-Security-Policy"', 'name="csp-removed-for-this-test"')
    assert bare != page_html
    path = tmp_path / "bare.html"
    path.write_text(bare, encoding="utf-8")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page, _ = _open(browser, path, 1280)
    assert isinstance(page, Page)
    assert page.evaluate("window.__pwned === undefined")
    assert page.locator("script").count() == 0
    hostile = page.locator('tr.finding[data-checker="hostile"]').first
    assert PAYLOAD in hostile.inner_text()
    assert hostile.get_attribute("data-status") == numcheck.Status.UNKNOWN.value
    page.screenshot(path=str(ARTIFACTS / "report-desktop.png"), full_page=True)
