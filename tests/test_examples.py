"""The scripts in examples/ run as a user would run them: offline, and against the local simulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import numcheck
from numcheck.providers.manifest import ManifestChecker
from numcheck.testing import Simulator, scripts_for, synthetic_keys, synthetic_number

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PROVIDERS = [checker for checker in numcheck.default_registry(numcheck.Settings(plugins=())) if isinstance(checker, ManifestChecker)]
# In the 120 range (allocated to nobody) and outside the simulator's scripted numbers: a test decides its answers.
WATCHED = "12000000999"


@pytest.fixture(name="simulator", scope="module")
def _simulator() -> Iterator[Simulator]:
    with Simulator(scripts_for(PROVIDERS)) as simulator:
        yield simulator


def _env(simulator: Simulator, data_dir: Path) -> dict[str, str]:
    """Every provider pointed at the simulator (a fallback URL too), so no example can reach the internet."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NUMCHECK_")}
    env["NUMCHECK_CACHE_DIR"] = os.environ["NUMCHECK_CACHE_DIR"]  # the session's block table, never the user's cache
    env.update(synthetic_keys(PROVIDERS))
    env.update(
        {f"NUMCHECK_BASE_URL_{checker.meta.id.upper().replace('-', '_')}": simulator.base_url_for(checker.meta.id) for checker in PROVIDERS}
    )
    env.update(
        NUMCHECK_BASE_URL=simulator.url + "/p/none",
        NUMCHECK_PLUGINS="",
        NUMCHECK_RATE_LIMIT="1000/1",
        NUMCHECK_TIMEOUT="3",
        NUMCHECK_DATA_DIR=str(data_dir),
        NUMCHECK_CONFIG_DIR=str(data_dir / "config"),
    )
    return env


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
    )


def test_precheck_one_number(simulator: Simulator, tmp_path: Path) -> None:
    """A registered synthetic number: bindings found and the seller question asked; a risky report is a normal result, exit 0."""
    done = _run("precheck_one.py", synthetic_number("registered"), env=_env(simulator, tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Ask the seller" in done.stdout
    assert "bindings         high" in done.stdout or "bindings         medium" in done.stdout
    offline = _run("precheck_one.py", "13800138000", "--offline", env=_env(simulator, tmp_path))
    assert offline.returncode == 0
    assert "unknown" in offline.stdout
    # A check that could not complete says so, as numcheck itself does (exit 3).
    timed_out = _run("precheck_one.py", synthetic_number("read_timeout"), env={**_env(simulator, tmp_path), "NUMCHECK_TIMEOUT": "1"})
    assert timed_out.returncode == 3, timed_out.stdout + timed_out.stderr
    assert _run("precheck_one.py", "not a number", env=_env(simulator, tmp_path)).returncode == 2


def test_compare_candidates(simulator: Simulator, tmp_path: Path) -> None:
    """The unregistered candidate ranks above the registered one."""
    clean, bound = synthetic_number("not_registered"), synthetic_number("registered")
    done = _run("compare_candidates.py", bound, clean, env=_env(simulator, tmp_path))
    assert done.returncode == 0, done.stderr
    first = next(line for line in done.stdout.splitlines() if line.startswith("1. "))
    second = next(line for line in done.stdout.splitlines() if line.startswith("2. "))
    assert clean[-4:] in first.replace(" ", "")
    assert bound[-4:] in second.replace(" ", "")


def test_decide_returns_a_decision_another_tool_can_use(simulator: Simulator, tmp_path: Path) -> None:
    env = _env(simulator, tmp_path)
    done = _run("decide.py", synthetic_number("registered"), synthetic_number("not_registered"), env=env)
    assert done.returncode == 0, done.stderr
    decisions = [line.split(": ")[1] for line in done.stdout.splitlines() if line.startswith("+")]
    assert decisions[0] in ("reject", "review")
    assert set(decisions) <= {"accept", "review", "reject"}
    offline = _run("decide.py", "13800138000", "--offline", env=env)
    assert "+8613800138000: review" in offline.stdout, "offline knows too little to accept"


def test_monitor_after_purchase_sees_bindings_removed(simulator: Simulator, tmp_path: Path) -> None:
    """First run stores; after 'unbinding' (the simulator now says not registered) the second run reports removals."""
    env = _env(simulator, tmp_path)
    simulator.assign(WATCHED, "registered")
    first = _run("monitor_after_purchase.py", "+86" + WATCHED, env=env)
    assert first.returncode == 0, first.stderr
    assert "first check stored" in first.stdout
    simulator.assign(WATCHED, "not_registered")
    second = _run("monitor_after_purchase.py", "+86" + WATCHED, env=env)
    assert second.returncode == 0, second.stderr
    assert "binding removed" in second.stdout
    removed = int(second.stdout.strip().splitlines()[-1].split()[0])
    assert removed >= 3


@pytest.mark.parametrize("script", ["monitor_after_purchase.py", "precheck_one.py", "decide.py", "compare_candidates.py"])
def test_each_example_answers_help_and_says_bad_input_in_one_line(script: str, simulator: Simulator, tmp_path: Path) -> None:
    """What a developer copies handles a typo as the command line does: one line, exit 2, never a traceback."""
    env = _env(simulator, tmp_path)
    helped = _run(script, "--help", env=env)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage:")
    assert "exit status: 0" in helped.stdout
    bad = ["abc", "13800138000"] if script == "compare_candidates.py" else ["abc"]
    refused = _run(script, *bad, "--offline" if script != "monitor_after_purchase.py" else "--", env=env)
    assert "Traceback" not in refused.stderr
    if script == "compare_candidates.py":  # an invalid candidate is left out and named; the rest is still ranked
        assert refused.returncode == 0
        assert "skipping 'abc'" in refused.stderr
    else:
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert "character 1 'a' is not a digit" in refused.stderr
