"""Batches against the simulator: shared rate limits, Retry-After across numbers, and kill -9 resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import numcheck
from numcheck import RateLimit, Status, check_many, cli
from numcheck.providers.manifest import ManifestChecker
from numcheck.registry import default_registry
from numcheck.testing import ProviderScript, Simulator, isolated_registry, scripts_for, simulator_settings, synthetic_number
from numcheck.testing.numbers import batch_number

PROVIDER = "chsi"  # one request per lookup, no key, no session step, both answers documented


def _provider() -> ManifestChecker:
    checker = default_registry(numcheck.Settings(plugins=())).get(PROVIDER)
    assert isinstance(checker, ManifestChecker)
    return checker


def _script(rate: RateLimit | None = None, latency: float = 0.0) -> dict[str, ProviderScript]:
    script = scripts_for([_provider()])[PROVIDER]
    return {PROVIDER: ProviderScript(script.examples, script.prime, latency, rate, script.requests)}


def test_workers_share_one_rate_limit() -> None:
    """Eight workers, one host limited to 8 requests/s: the simulator counts no request over the limit."""
    rate = RateLimit(requests=8, per_seconds=1)
    numbers = [batch_number(index, "not_registered") for index in range(24)]
    with Simulator(_script(rate)) as simulator, isolated_registry(_provider()) as registry:
        settings = simulator_settings(simulator, [_provider()], rate_limit=rate)
        items = list(check_many(numbers, registry=registry, settings=settings, workers=8))
        assert simulator.violations == 0
        assert len(simulator.hits) == len(numbers)
    statuses = [next(f.status for f in item.report.findings if f.checker_id == PROVIDER) for item in items if item.report]
    assert statuses == [Status.NOT_REGISTERED] * len(numbers)


def test_the_simulator_counts_violations_of_an_impolite_client() -> None:
    """The same batch with the client allowed 1000/s: the simulator sees and refuses the excess (the count can fail).

    Fewer than 16 are over: after the first 429 (Retry-After: 1) the client itself waits a second.
    """
    numbers = [batch_number(index, "not_registered") for index in range(24)]
    with Simulator(_script(RateLimit(requests=8, per_seconds=1))) as simulator, isolated_registry(_provider()) as registry:
        settings = simulator_settings(simulator, [_provider()], rate_limit=RateLimit(requests=1000, per_seconds=1))
        items = list(check_many(numbers, registry=registry, settings=settings, workers=8))
        assert simulator.violations > 0
    statuses = [next(f.status for f in item.report.findings if f.checker_id == PROVIDER) for item in items if item.report]
    # The lookup is a POST, which numcheck never repeats: each refused request is reported blocked, honestly.
    assert statuses.count(Status.BLOCKED) == simulator.violations


def test_retry_after_holds_for_the_rest_of_the_batch() -> None:
    """After a 429 with Retry-After: 120, later numbers on that host are reported blocked without a request."""
    numbers = [synthetic_number("rate_limited"), *(batch_number(index) for index in range(5))]
    with Simulator(_script()) as simulator, isolated_registry(_provider()) as registry:
        settings = simulator_settings(simulator, [_provider()], honour_retry_after_up_to=1.0)
        items = list(check_many(numbers, registry=registry, settings=settings, workers=1))
        assert len(simulator.hits) == 1
    for item in items:
        assert item.report is not None
        found = next(f for f in item.report.findings if f.checker_id == PROVIDER)
        assert found.status is Status.BLOCKED
        assert found.evidence.retry_after is not None
        assert found.evidence.retry_after > 60


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_an_interrupted_batch_resumes_without_asking_again(tmp_path: Path, stop: signal.Signals) -> None:
    """kill -9 or Ctrl-C mid-batch loses no printed result; the same command again asks only what was not done.

    The provider is a copy of the NetEase manifest allowed 4 requests/s, so the batch takes seconds.
    """
    manifests = tmp_path / "manifests"
    manifests.mkdir()
    source = (Path(numcheck.__file__).parent / "data" / "manifests" / f"{PROVIDER}.toml").read_text(encoding="utf-8")
    (manifests / "sim-music.toml").write_text(source.replace("requests = 1\n", "requests = 4\n"), encoding="utf-8")
    numbers = [batch_number(index, "registered" if index % 3 == 0 else "not_registered") for index in range(16)]
    (tmp_path / "numbers.txt").write_text("\n".join(numbers) + "\n", encoding="utf-8")
    env = {**os.environ, "NUMCHECK_DATA_DIR": str(tmp_path / "data"), "NUMCHECK_PLUGINS": "", "NUMCHECK_TIMEOUT": "3"}
    command = [sys.executable, "-m", "numcheck", "--file", str(tmp_path / "numbers.txt"), "--manifests", str(manifests)]
    command += ["--only", "sim-music", "--workers", "2", "--format", "jsonl", "--details"]  # whole items: each finding's reuse
    script = _script(latency=0.05)[PROVIDER]
    with Simulator({"sim-music": script}) as simulator:
        env["NUMCHECK_BASE_URL_SIM_MUSIC"] = simulator.base_url_for("sim-music")
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8") as process:
            assert process.stdout is not None
            done = [json.loads(process.stdout.readline()) for _ in range(4)]
            process.send_signal(stop)
            process.wait(timeout=20)
        assert process.returncode == (-signal.SIGKILL if stop is signal.SIGKILL else cli.EXIT_INTERRUPTED)
        time.sleep(0.2)
        hits_before = len(simulator.hits)
        assert hits_before < len(numbers), "the kill came mid-batch"
        rerun = subprocess.run(command, env=env, capture_output=True, text=True, encoding="utf-8", timeout=60, check=False)
        new_hits = simulator.hits[hits_before:]
    assert rerun.returncode == 0, rerun.stderr
    items = [json.loads(line) for line in rerun.stdout.splitlines()]
    assert [item["input"] for item in items] == numbers
    finished = {item["report"]["number"]["e164"] for item in done}
    asked_again = {"+86" + hit.number for hit in new_hits if hit.number}
    assert not finished & asked_again, "a result completed before the kill was asked for again"
    for item in items:
        found = next(f for f in item["report"]["findings"] if f["checker_id"] == "sim-music")
        # Stored but not yet printed when killed (out of order) is reused too; whatever was not stored is asked again.
        assert found["reused"] == (item["input"] not in asked_again)
        assert found["reused"] or item["input"] not in finished
        expected = "registered" if int(item["input"][-8:-2]) % 3 == 0 else "not_registered"
        assert found["status"] == expected


def test_a_loop_of_check_calls_shares_one_politeness_budget() -> None:
    """examples/decide.py's pattern: many check() calls in one process stay under the provider's limit together."""
    limit = RateLimit(requests=4, per_seconds=1)
    numbers = [batch_number(index, "not_registered") for index in range(14)]
    with Simulator(_script(limit)) as simulator, isolated_registry(_provider()) as registry:
        settings = simulator_settings(simulator, [_provider()], rate_limit=limit)
        started = time.monotonic()
        reports = [numcheck.check(number, registry=registry, settings=settings) for number in numbers]
        elapsed = time.monotonic() - started
        assert len(simulator.hits) == len(numbers)
        assert simulator.violations == 0
    assert all(next(f for f in report.findings if f.checker_id == PROVIDER).status is Status.NOT_REGISTERED for report in reports)
    # 14 requests at 4 per second cannot all have gone in the first window: the calls really waited for each other.
    assert elapsed >= 2.0
