"""doctor --health-from: a published health file, from a path or a URL, sets checkers aside like a local self-check."""

from __future__ import annotations

import io
import os
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
from numcheck.health.store import HEALTH_STORE_FILE, LOCAL, load
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
    # Another file cannot vouch for a checker this one caught: its newer pass is not taken.
    other = tmp_path / "other.json"
    other.write_text(_published(HealthState.HEALTHY, datetime.now(UTC) - timedelta(minutes=5)), encoding="utf-8")
    code, _, err = _cli("doctor", "--health-from", str(other))
    assert code == cli.EXIT_OK
    assert "0 results kept" in err
    assert _chsi_finding().status is Status.SKIPPED
    # The same source's next file can: its publisher found the checker fixed. A published pass never claims a live pass here.
    published.write_text(_published(HealthState.HEALTHY, datetime.now(UTC) - timedelta(minutes=5)), encoding="utf-8")
    assert _cli("doctor", "--health-from", str(published))[0] == cli.EXIT_OK
    found = _chsi_finding()
    assert found.status is Status.NOT_REGISTERED
    assert found.self_checked_on is None


def test_a_file_named_this_machine_is_still_a_published_file(simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's name for local results is no password: a file at that path never reads as a self-check passed here."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / LOCAL).write_text(_published(HealthState.HEALTHY, datetime.now(UTC) - timedelta(minutes=5)), encoding="utf-8")
    assert _cli("doctor", "--health-from", LOCAL)[0] == cli.EXIT_OK
    found = _chsi_finding()
    assert found.status is Status.NOT_REGISTERED
    assert found.self_checked_on is None
    _, out, _ = _cli(synthetic_number("not_registered"), "--only", "chsi", "--no-store")
    assert "passed self-check live" not in " ".join(out.split())


def test_a_published_pass_never_lifts_a_false_answer_found_here(simulator: Simulator, tmp_path: Path) -> None:
    """This machine's self-check caught chsi; a newer file that says chsi is healthy changes nothing until a self-check here passes."""
    simulator.set_mode("chsi", "registered_for_all")
    assert _cli("doctor", "--self-check", "--only", "chsi", "--controls", "1")[0] == cli.EXIT_INCOMPLETE
    simulator.set_mode("chsi", None)
    vouching = tmp_path / "vouching.json"
    vouching.write_text(_published(HealthState.HEALTHY, datetime.now(UTC) + timedelta(hours=20)), encoding="utf-8")
    assert _cli("doctor", "--health-from", str(vouching))[0] == cli.EXIT_OK
    found = _chsi_finding()
    assert found.status is Status.SKIPPED
    assert "said registered for a never-issued number" in found.detail
    assert "health file" not in found.detail  # the reason is this machine's own finding


def test_rows_for_checkers_not_installed_here_are_ignored(simulator: Simulator, tmp_path: Path) -> None:
    """A file may name any id: none of it is stored, so a plugin installed later is not set aside by a stranger's row."""
    when = datetime.now(UTC) - timedelta(hours=1)
    row = CheckerHealth(
        checker_id="not-installed-here", checker_name="?", state=HealthState.FALSE_POSITIVE, checked_at=when,
        reason="said registered", counts=Counts(controls=1, false_positives=1),
    )  # fmt: skip
    published = tmp_path / "strangers.json"
    published.write_text(
        render_json(HealthFile(generated_at=when, numcheck_version="0.1.0", controls_per_checker=1, checkers=(row,))), encoding="utf-8"
    )
    code, _, err = _cli("doctor", "--health-from", str(published))
    assert code == cli.EXIT_OK
    assert "1 rows name checkers not installed here and were ignored" in err
    assert "set aside" not in err
    assert "not-installed-here" not in load(numcheck.Settings.from_env())


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
        # An artifact's address may carry its access token: reports, the history and the store name the file without it.
        code, _, err = _cli("doctor", "--health-from", f"{url}?token=s3cr3t-artifact-token#row", "--json")
        assert code == cli.EXIT_OK, err
        assert _Serve.requests == 1
        found = _chsi_finding()
        assert f"(health file {url})" in found.detail
        assert "s3cr3t" not in found.model_dump_json()
        assert "s3cr3t" not in err
        assert "s3cr3t" not in (Path(os.environ["NUMCHECK_DATA_DIR"]) / HEALTH_STORE_FILE).read_text(encoding="utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_a_health_file_travels_over_https_only() -> None:
    """Plain http is for this machine (tests); a file that decides which checkers run must not be changeable on the way."""
    code, _, err = _cli("doctor", "--health-from", "http://health.example/health.json")
    assert code == cli.EXIT_USAGE
    assert "fetch it over https://" in err


class _Redirect(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        self.send_response(302)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        return


def test_a_health_file_url_that_redirects_elsewhere_is_refused(simulator: Simulator) -> None:
    """The file decides which checkers run: a redirect to another host (or port) is never followed, and nothing is stored."""
    _Serve.body = _published(HealthState.FALSE_POSITIVE).encode()
    _Serve.requests = 0
    elsewhere = ThreadingHTTPServer(("127.0.0.1", 0), _Serve)
    redirecting = ThreadingHTTPServer(("127.0.0.1", 0), _Redirect)
    _Redirect.target = f"http://127.0.0.1:{elsewhere.server_address[1]}/health.json"
    threads = [threading.Thread(target=server.serve_forever, daemon=True) for server in (elsewhere, redirecting)]
    for thread in threads:
        thread.start()
    try:
        code, out, err = _cli("doctor", "--health-from", f"http://127.0.0.1:{redirecting.server_address[1]}/health.json")
        assert code == cli.EXIT_USAGE
        assert "could not be fetched" in err
        assert "redirect" in err
        assert out == ""
        assert _Serve.requests == 0
        assert _chsi_finding().status is Status.NOT_REGISTERED
    finally:
        for server in (elsewhere, redirecting):
            server.shutdown()
            server.server_close()
