"""The maintainers' scheduled self-check (.github/workflows/self-check.yml): its command, run as written, against the simulator."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

import numcheck
from numcheck.health.model import HealthFile, HealthState
from numcheck.providers.manifest import ManifestChecker
from numcheck.registry import default_registry
from numcheck.report import CheckerKind
from numcheck.testing import Simulator, scripts_for

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "self-check.yml"


def _workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return loaded


def _step(step_id: str) -> dict[str, Any]:
    steps = _workflow()["jobs"]["self-check"]["steps"]
    return next(step for step in steps if step.get("id") == step_id)


def test_the_workflow_runs_daily_and_publishes_the_table() -> None:
    workflow = _workflow()
    # PyYAML reads the key "on" as True (YAML 1.1): look it up either way.
    triggers = workflow.get("on", workflow.get(True))
    assert len(triggers["schedule"][0]["cron"].split()) == 5
    assert triggers["schedule"][0]["cron"].split()[2:] == ["*", "*", "*"]  # every day of every month, every weekday
    assert workflow["permissions"] == {"contents": "read"}
    steps = workflow["jobs"]["self-check"]["steps"]
    upload = next(step for step in steps if str(step.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()"  # published when the self-check finds a failure too
    assert set(upload["with"]["path"].split()) == {"health.md", "health.json"}
    # Canaries are real numbers: the workflow reads them from a secret, never from the repository.
    assert "secrets.NUMCHECK_KNOWN_ANSWERS" in WORKFLOW.read_text(encoding="utf-8")


def test_the_workflows_command_runs_against_the_simulator(tmp_path: Path) -> None:
    run = _step("self-check")["run"]
    assert shlex.split(run)[:3] == ["numcheck", "doctor", "--self-check"]
    registry = default_registry(numcheck.Settings(plugins=(), config_dir=Path("/nonexistent")))
    manifests = [checker for checker in registry if isinstance(checker, ManifestChecker)]
    # `numcheck` on the PATH is this interpreter's numcheck, whether or not it was installed as a script.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "numcheck"
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m numcheck "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    with Simulator(scripts_for(manifests)) as simulator:
        for checker in manifests:
            simulator.set_mode(checker.meta.id, "honest")
        env = {
            **{name: value for name, value in os.environ.items() if not name.startswith(("NUMCHECK_", "ALIBABA_CLOUD_"))},
            "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "NUMCHECK_CONFIG_DIR": str(tmp_path / "config"),
            "NUMCHECK_DATA_DIR": str(tmp_path / "data"),
            "NUMCHECK_PLUGINS": "",
            "NUMCHECK_RATE_LIMIT": "1000/1",
            "NUMCHECK_TIMEOUT": "3",
            **{
                f"NUMCHECK_BASE_URL_{checker.meta.id.upper().replace('-', '_')}": simulator.base_url_for(checker.meta.id)
                for checker in manifests
            },
        }
        done = subprocess.run(["bash", "-e", "-c", run], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert not simulator.misses
    table = HealthFile.model_validate_json((tmp_path / "health.json").read_text(encoding="utf-8"))
    markdown = (tmp_path / "health.md").read_text(encoding="utf-8")
    online = {checker.meta.id for checker in registry if checker.meta.kind is not CheckerKind.OFFLINE}
    assert {row.checker_id for row in table.checkers} == online
    for row in table.checkers:
        assert f"| `{row.checker_id}` " in markdown
    # Every keyless Chinese provider was asked its controls; keyed ones say which key they need.
    for row in table.checkers:
        checker = registry.get(row.checker_id)
        if checker.meta.countries and "CN" not in checker.meta.countries:
            assert row.state is HealthState.NOT_ASKED
            assert "does not answer for Chinese numbers" in row.reason
        elif checker.meta.needs_key:
            assert row.state is HealthState.NOT_ASKED
            assert "needs a key" in row.reason
        elif isinstance(checker, ManifestChecker) and "CN" in checker.meta.countries:
            assert row.counts.controls == 3, row
            # The honest simulator gives every provider an answer it can read: healthy, or silent on the side it cannot
            # say (this line once accepted pcauto's error, the simulator's HTML page read as a malformed JSON answer).
            assert row.state in (HealthState.HEALTHY, HealthState.INCONCLUSIVE), row
    assert done.returncode == (0 if table.all_healthy else 3), done.stderr
    assert table.controls_per_checker == 3


@pytest.mark.parametrize("path", [".github/workflows/self-check.yml"])
def test_the_workflow_template_is_documented(path: str) -> None:
    assert path in (ROOT / "docs" / "self-check.md").read_text(encoding="utf-8")
