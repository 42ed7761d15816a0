"""Shared fixtures: every test gets its own data dir and sees no installed third-party plugin."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point numcheck's data and config at tmp_path and load no entry-point plugin unless a test asks."""
    for name in ("NUMCHECK_BASE_URL", "NUMCHECK_MANIFESTS", "NUMCHECK_USER_AGENT", "NUMCHECK_TIMEOUT", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NUMCHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NUMCHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NUMCHECK_PLUGINS", "")
    # (numcheck's pytest plugin gives each test a fresh process-wide pacing budget.)
    return
