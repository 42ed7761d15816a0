"""Shared fixtures: every test gets its own data dir and sees no installed third-party plugin."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from numcheck.providers.pacing import process_politeness


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Point numcheck's data and config at tmp_path and load no entry-point plugin unless a test asks."""
    for name in ("NUMCHECK_BASE_URL", "NUMCHECK_MANIFESTS", "NUMCHECK_USER_AGENT", "NUMCHECK_TIMEOUT", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NUMCHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NUMCHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NUMCHECK_PLUGINS", "")
    # The politeness budget is process-wide by design; each test starts with a fresh one, so a
    # Retry-After seen by one test's simulator cannot hold a later test's simulator on a reused port.
    process_politeness.cache_clear()
    yield
    process_politeness.cache_clear()
