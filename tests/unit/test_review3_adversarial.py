"""Review 3: inputs the start-up shortcuts' own tests did not foresee (the remembered plugin scan, unvalidated Settings).

Each test failed before its fix. The plugin tests build a ``sys.path`` of their own, as tests/unit/test_plugin_scan.py
does, and ask what a start finds: a plugin that is installed must be loaded, and loading must never crash a check.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from tests.unit.test_plugin_scan import PLUGIN_MODULE, _distribution, _holds_distributions, _install_plugin, _loaded, only_the_paths_finder

from numcheck.checker import ENTRY_POINT_GROUP
from numcheck.config import Settings

PLUGIN_FOLDER = "numcheck_plugin_test-1.0.dist-info"
# Modification times as image and store builders set them: Bazel's tars 2000-01-01, Nix's store 1 s after 1970.
NORMALISED_NS = 946_684_800 * 1_000_000_000


def _site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, first: object = None) -> Path:
    """A site folder that alone holds distributions on sys.path (``first`` before it), and a cache of the test's own."""
    folder = tmp_path / "site"
    folder.mkdir()
    _distribution(folder, "other-1.0.dist-info", entry_points=None)
    monkeypatch.setenv("NUMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    rest = [entry for entry in sys.path if isinstance(entry, str) and not _holds_distributions(entry)]
    monkeypatch.setattr(sys, "path", [*([first] if first is not None else []), str(folder), *rest])
    only_the_paths_finder(monkeypatch)
    return folder


@pytest.fixture(autouse=True)
def _forget_the_plugin_module() -> object:
    yield None
    sys.modules.pop(PLUGIN_MODULE, None)


def test_a_path_object_on_sys_path_does_not_crash_and_its_plugin_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``sys.path.append(Path(...))`` is common, and importlib.metadata reads such an entry: the view crashed on it."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    site = _site(tmp_path, monkeypatch, first=plugins)
    _install_plugin(plugins)
    # Import ignores an entry that is not a string (the sys.path documentation), importlib.metadata does not: the
    # distribution is read from the Path entry, its module imported from the site folder.
    (plugins / f"{PLUGIN_MODULE}.py").rename(site / f"{PLUGIN_MODULE}.py")
    assert list(_loaded().entries) == ["answering"]


def test_a_working_directory_since_removed_does_not_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``""`` on sys.path (``python -c``, a notebook, an embedding program) in a folder another process removed."""
    site = _site(tmp_path, monkeypatch, first="")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    assert len(_loaded()) == 0
    _install_plugin(site)
    assert list(_loaded().entries) == ["answering"]


def test_a_dangling_distribution_link_does_not_hide_the_folder_it_is_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One unreadable ``*.dist-info`` (a link to a removed store path) took its whole folder out of the view."""
    site = _site(tmp_path, monkeypatch)
    (site / "ghost-1.0.dist-info").symlink_to(tmp_path / "removed")
    assert len(_loaded()) == 0
    _install_plugin(site)
    assert list(_loaded().entries) == ["answering"], "a plugin installed beside a dangling link was never scanned for"


def test_a_folder_replaced_by_one_of_the_same_name_and_normalised_time_is_a_change(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Image layers and stores set every modification time alike: the same plugin version, rebuilt with its entry point."""
    site = _site(tmp_path, monkeypatch)
    (site / f"{PLUGIN_MODULE}.py").write_text("from tests.unit.test_engine import Answering\n", encoding="utf-8")
    _distribution(site, PLUGIN_FOLDER, entry_points="[console_scripts]\nx = y:z\n", when_ns=NORMALISED_NS)
    assert len(_loaded()) == 0
    shutil.rmtree(site / PLUGIN_FOLDER)
    time.sleep(0.05)  # a file system's clock ticks in milliseconds: the new folder's change time is then another
    _distribution(
        site, PLUGIN_FOLDER, entry_points=f"[{ENTRY_POINT_GROUP}]\nanswering = {PLUGIN_MODULE}:Answering\n", when_ns=NORMALISED_NS
    )
    assert os.stat(site / PLUGIN_FOLDER).st_mtime_ns == NORMALISED_NS
    assert list(_loaded().entries) == ["answering"], "the replaced folder had the old one's name and time: skipped"


def test_settings_do_not_share_the_callers_keys() -> None:
    """Validation copies a dict; construction kept the caller's, so a frozen Settings changed under its holder."""
    mine = {"NUMCHECK_KEY_NUMVERIFY_APIKEY": "first"}
    settings = Settings.from_env({}, keys=mine)
    mine["NUMCHECK_KEY_NUMVERIFY_APIKEY"] = "second"
    assert settings.keys == {"NUMCHECK_KEY_NUMVERIFY_APIKEY": "first"}
    assert settings == Settings.model_validate({"keys": {"NUMCHECK_KEY_NUMVERIFY_APIKEY": "first"}, "base_urls": {}})


def test_an_empty_base_url_dict_cannot_be_filled_after_its_check() -> None:
    """An empty ``base_urls`` passed through unvalidated was the caller's dict: a URL put in later was never checked."""
    urls: dict[str, str] = {}
    settings = Settings.from_env({}, base_urls=urls)
    urls["numverify"] = "http://attacker.example:8080/?steal"
    assert settings.base_url_for("numverify", "https://apilayer.net") == "https://apilayer.net"
    with pytest.raises(Exception, match="base URL"):
        Settings.from_env({}, base_urls=dict(urls))
