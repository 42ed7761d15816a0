"""The OpenAPI document is serve's contract: every refusal documented, numbers described, booleans strict, methods honest.

The last test lets schemathesis loose on a running ``numcheck serve`` (fake checkers, no network) with every check on.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.batch.helpers import Scripted, registry_of
from tests.serve.harness import child_server

import numcheck
from numcheck.numbers import parse
from numcheck.serve.app import guarded_app
from numcheck.serve.guard import CSRF_HEADER, Guard

BASE = "http://127.0.0.1:8765"
REFUSALS = {"400", "401", "403", "413", "429"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    guard = Guard("127.0.0.1", 8765)
    app = guarded_app(guard, settings=numcheck.Settings(plugins=()), registry=registry_of(Scripted()))
    return TestClient(app, base_url=BASE, headers={"sec-fetch-site": "same-origin"})


@pytest.fixture(scope="module")
def spec(client: TestClient) -> dict[str, object]:
    return client.get("/openapi.json").json()  # type: ignore[no-any-return]


def _operations(spec: dict[str, object]) -> list[tuple[str, str, dict[str, object]]]:
    paths: dict[str, dict[str, dict[str, object]]] = spec["paths"]  # type: ignore[assignment]
    return [(path, method, operation) for path, methods in paths.items() for method, operation in methods.items()]


def test_every_refusal_the_guard_can_give_is_documented(spec: dict[str, object]) -> None:
    for path, method, operation in _operations(spec):
        if path.startswith("/api/"):
            responses: dict[str, object] = operation["responses"]  # type: ignore[assignment]
            assert set(responses) >= REFUSALS, f"{method.upper()} {path} leaves out {sorted(REFUSALS - set(responses))}"


def test_the_schema_says_what_a_number_looks_like(spec: dict[str, object]) -> None:
    described = 0
    for path, method, operation in _operations(spec):
        for parameter in operation.get("parameters", []):  # type: ignore[attr-defined]
            if parameter["name"] == "number":
                schema = parameter["schema"]
                assert "pattern" in schema, f"{method.upper()} {path}"
                assert schema.get("maxLength"), f"{method.upper()} {path}"
                described += 1
    assert described >= 4


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_number_the_schema_allows_is_read(data: st.DataObject) -> None:
    """Schema-valid means accepted: anything matching the documented pattern parses (no 400 for valid input)."""
    from numcheck.serve.app import NUMBER_PATTERN

    text = data.draw(st.from_regex(NUMBER_PATTERN, fullmatch=True))
    assert parse(text).e164


@pytest.mark.parametrize("offline", [0, 1, "true", None, []])
def test_offline_is_a_strict_boolean_in_a_body(client: TestClient, offline: object) -> None:
    guard: Guard = client.app.guard  # type: ignore[attr-defined]
    answer = client.post("/api/v1/check", json={"numbers": ["13800138000"], "offline": offline}, headers={CSRF_HEADER: guard.csrf})
    assert answer.status_code == 422, f"offline={offline!r} is not a boolean"


@pytest.mark.parametrize("offline", ["0", "1", "yes", "on", "True"])
def test_offline_is_a_strict_boolean_in_a_query(client: TestClient, offline: str) -> None:
    answer = client.get("/api/v1/check", params={"number": "13800138000", "offline": offline})
    assert answer.status_code == 422


def test_options_and_allow_name_exactly_the_documented_methods(client: TestClient, spec: dict[str, object]) -> None:
    paths: dict[str, dict[str, object]] = spec["paths"]  # type: ignore[assignment]
    for path, methods in paths.items():
        concrete = re.sub(r"\{[^}]+\}", "13800138000", path)
        documented = {method.upper() for method in methods}
        options = client.options(concrete)
        assert options.status_code in (200, 204), path
        assert {item.strip() for item in options.headers["allow"].split(",")} - {"OPTIONS"} == documented, path
        for method in {"PUT", "DELETE", "PATCH", "HEAD", "GET", "POST"} - documented:
            refused = client.request(method, concrete, headers={CSRF_HEADER: client.app.guard.csrf})  # type: ignore[attr-defined]
            assert refused.status_code == 405, f"{method} {path}"
            assert {item.strip() for item in refused.headers["allow"].split(",")} - {"OPTIONS"} == documented, f"{method} {path}"


@pytest.mark.skipif(
    shutil.which("schemathesis") is None and not Path(sys.executable).with_name("schemathesis").exists(), reason="schemathesis missing"
)
def test_schemathesis_finds_nothing(tmp_path: Path) -> None:
    beside = Path(sys.executable).with_name("schemathesis")
    runner = str(beside) if beside.exists() else str(shutil.which("schemathesis"))
    with child_server(["--per-client", "64"], tmp_path) as child:
        run = subprocess.run(
            [
                runner,
                "run",
                child.url + "/openapi.json",
                "--checks=all",
                "--max-examples=12",
                "--seed=1",
                "--workers=1",
                "--request-timeout=20",
                f"--header=Authorization: Bearer {child.token}",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            cwd=tmp_path,
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
