"""The API speaks the page's language even when it refuses: why a typed number is not one, in Chinese (the page: test_page.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.batch.helpers import registry_of

import numcheck
from numcheck.serve.app import guarded_app
from numcheck.serve.guard import Guard

BASE = "http://127.0.0.1:8765"


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = guarded_app(Guard("127.0.0.1", 8765), settings=numcheck.Settings(plugins=()), registry=registry_of())
    with TestClient(app, base_url=BASE, headers={"sec-fetch-site": "same-origin"}) as client:
        yield client


@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/check/events"])
def test_a_number_that_is_not_one_is_explained_in_chinese(client: TestClient, path: str) -> None:
    answer = client.get(path, params={"number": "1380013800", "offline": "true"}, headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert answer.status_code == 400
    body = answer.json()
    assert body["error"] == "a Chinese mobile number has 11 digits; this has 10"
    assert body["reason"] == "too_short"
    assert body["error_localized"] == "中国手机号码是 11 位；这个有 10 位"


def test_an_english_reader_gets_the_english_line_alone(client: TestClient) -> None:
    body = client.get("/api/v1/check", params={"number": "1380013800"}, headers={"accept-language": "en"}).json()
    assert "error_localized" not in body
