"""Shared fixtures: every test gets its own data dir and sees no installed third-party plugin."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Debian's chromium (CI installs it), driven by Playwright: the HTML report's and numcheck serve's browser tests.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def _session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The bulk block table's cache file: built once for the session, never in the user's own cache directory."""
    previous = os.environ.get("NUMCHECK_CACHE_DIR")
    os.environ["NUMCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        del os.environ["NUMCHECK_CACHE_DIR"]
    else:
        os.environ["NUMCHECK_CACHE_DIR"] = previous


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Point numcheck's data and config at tmp_path, speak English and load no entry-point plugin unless a test asks."""
    for name in (
        "NUMCHECK_BASE_URL",
        "NUMCHECK_MANIFESTS",
        "NUMCHECK_USER_AGENT",
        "NUMCHECK_TIMEOUT",
        "NUMCHECK_MAX_BILLED",
        "NO_COLOR",
        # The config file's settings: each test starts from the defaults (the config directory below has no file).
        "NUMCHECK_CONFIG",
        "NUMCHECK_OFFLINE",
        "NUMCHECK_WORKERS",
        "NUMCHECK_KEY_FILE",
        "NUMCHECK_LANG",
    ):
        monkeypatch.delenv(name, raising=False)
    # Reports follow the locale's language: every test starts in English, and a test that wants Chinese says so.
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NUMCHECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NUMCHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NUMCHECK_PLUGINS", "")
    # (numcheck's pytest plugin gives each test a fresh process-wide pacing budget.)
    return


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("chromium is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            yield launched
        finally:
            launched.close()
