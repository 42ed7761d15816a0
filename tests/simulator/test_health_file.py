"""doctor --health-from: a published health file, from a path or a URL, sets checkers aside like a local self-check."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import numcheck
from numcheck import cli
from numcheck.health.model import CheckerHealth, Counts, HealthFile, HealthState
from numcheck.health.render import render_json
from numcheck.health.store import HEALTH_STORE_FILE
from numcheck.registry import default_registry
from numcheck.report import Status
from numcheck.testing import Simulator, scripts_for, synthetic_number


def _published(state: HealthState, when: datetime | None = None) -> str:
    when = when or datetime.now(UTC) - timedelta(hours=2)
    row = CheckerHealth(
        checker_id="chsi",
        checker_name="CHSI",
        state=state,
        checked_at=when,
        reason="said registered for a never-issued number (16412345678)" if state is HealthState.FALSE_POSITIVE else "",
        counts=Counts(
            controls=3,
            controls_passed=2 if state is HealthState.FALSE_POSITIVE else 3,
            false_positives=int(state is HealthState.FALSE_POSITIVE),
        ),
    )
    return render_json(HealthFile(generated_at=when, numcheck_version="0.1.0", controls_per_checker=3, checkers=(row,)))


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return cli.main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


@pytest.fixture(name="simulator")
def _simulator(monkeypatch: pytest.MonkeyPatch) -> Iterator[Simulator]:
    chsi = default_registry(numcheck.Settings(plugins=(), config_dir=Path("/nonexistent"))).get("chsi")
    with Simulator(scripts_for([chsi])) as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_CHSI", simulator.base_url_for("chsi"))
        monkeypatch.setenv("NUMCHECK_RATE_LIMIT", "1000/1")
        yield simulator


def _chsi_finding() -> numcheck.Finding:
    code, out, err = _cli(synthetic_number("not_registered"), "--only", "chsi", "--no-store", "--json")
    assert code in (cli.EXIT_OK, cli.EXIT_INCOMPLETE), err
    return next(item for item in numcheck.Report.model_validate_json(out).findings if item.checker_id == "chsi")


def test_a_published_false_positive_sets_the_checker_aside(simulator: Simulator, tmp_path: Path) -> None:
    published = tmp_path / "health.json"
    published.write_text(_published(HealthState.FALSE_POSITIVE), encoding="utf-8")
    assert _chsi_finding().status is Status.NOT_REGISTERED
    code, out, err = _cli("doctor", "--health-from", str(published))
    assert code == cli.EXIT_OK, err
    assert "set aside at check time while in force: chsi" in err
    assert "false_positive" in out
    found = _chsi_finding()
    assert found.status is Status.SKIPPED
    assert f"(health file {published})" in found.detail
    # A published pass never claims a live pass on this machine.
    newer = tmp_path / "newer.json"
    newer.write_text(_published(HealthState.HEALTHY, datetime.now(UTC) - timedelta(minutes=5)), encoding="utf-8")
    assert _cli("doctor", "--health-from", str(newer))[0] == cli.EXIT_OK
    found = _chsi_finding()
    assert found.status is Status.NOT_REGISTERED
    assert found.self_checked_on is None


def test_a_malformed_file_changes_nothing(simulator: Simulator, tmp_path: Path) -> None:
    published = tmp_path / "health.json"
    published.write_text(_published(HealthState.FALSE_POSITIVE).replace('"numcheck-health"', '"something-else"'), encoding="utf-8")
    code, _, err = _cli("doctor", "--health-from", str(published))
    assert code == cli.EXIT_USAGE
    assert "refused: not a numcheck health file" in err
    assert not (tmp_path / "data" / HEALTH_STORE_FILE).exists()
    assert _chsi_finding().status is Status.NOT_REGISTERED
    assert _cli("doctor", "--health-from", str(tmp_path / "missing.json"))[0] == cli.EXIT_USAGE


class _Serve(BaseHTTPRequestHandler):
    body = b""
    requests = 0

    def do_GET(self) -> None:
        type(self).requests += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: object) -> None:
        return


def test_a_health_file_from_a_url(simulator: Simulator) -> None:
    _Serve.body = _published(HealthState.FALSE_POSITIVE).encode()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Serve)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/health.json"
        code, _, err = _cli("doctor", "--health-from", url, "--json")
        assert code == cli.EXIT_OK, err
        assert _Serve.requests == 1
        assert f"(health file {url})" in _chsi_finding().detail
    finally:
        server.shutdown()
        server.server_close()


def test_a_health_file_travels_over_https_only() -> None:
    """Plain http is for this machine (tests); a file that decides which checkers run must not be changeable on the way."""
    code, _, err = _cli("doctor", "--health-from", "http://health.example/health.json")
    assert code == cli.EXIT_USAGE
    assert "fetch it over https://" in err
