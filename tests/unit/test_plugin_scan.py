"""A scan for plugins that found none is skipped only while nothing installed has changed (numcheck._plugin_scan).

Each test builds its own ``sys.path`` of folders holding distribution metadata, as pip writes it, and counts the
scans importlib.metadata makes; a plugin installed after a scan that found none must be found by the next start.
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
import time
from collections.abc import Iterator
from importlib.machinery import PathFinder
from pathlib import Path

import pytest

from numcheck import _plugin_scan
from numcheck.checker import ENTRY_POINT_GROUP
from numcheck.registry import Registry, load_entry_points

HOUR_AGO_NS = time.time_ns() - 3600 * 1_000_000_000
PLUGIN_MODULE = "numcheck_scan_test_plugin"
PLUGIN_SOURCE = """
from tests.unit.test_engine import Answering
"""


class Scans:
    """importlib.metadata.entry_points, counted."""

    def __init__(self) -> None:
        self.count = 0
        self.real = importlib.metadata.entry_points

    def __call__(self, **selection: str) -> importlib.metadata.EntryPoints:
        self.count += 1
        return self.real(**selection)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A site folder that is the whole of sys.path for importlib.metadata, with one plugin-free distribution in it."""
    folder = tmp_path / "site"
    folder.mkdir()
    _distribution(folder, "other-1.0.dist-info", entry_points=None)
    monkeypatch.setenv("NUMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    # Only this folder holds distributions, and only the path's finder looks for them: what else the test run has
    # installed, or a finder an earlier test left, is no part of what is tested here (each has its own test).
    monkeypatch.setattr(sys, "path", [str(folder), *[entry for entry in sys.path if not _holds_distributions(entry)]])
    only_the_paths_finder(monkeypatch)
    yield folder
    sys.modules.pop(PLUGIN_MODULE, None)


def only_the_paths_finder(monkeypatch: pytest.MonkeyPatch) -> None:
    """The standard library's path finder alone finds distributions, as in a process that never imported the backport.

    Importing the importlib_metadata backport (dask does, so the bulk tests do) adds its finder and deletes the
    standard path finder's ``find_distributions``: without the backport's finder, nothing would then find anything.
    """
    monkeypatch.setattr(
        sys, "meta_path", [finder for finder in sys.meta_path if not hasattr(finder, "find_distributions") or finder is PathFinder]
    )
    if not hasattr(PathFinder, "find_distributions"):
        monkeypatch.setattr(
            PathFinder, "find_distributions", staticmethod(importlib.metadata.MetadataPathFinder.find_distributions), raising=False
        )


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> Scans:
    counted = Scans()
    monkeypatch.setattr(importlib.metadata, "entry_points", counted)
    return counted


def _holds_distributions(entry: str) -> bool:
    try:
        return os.path.isfile(entry or ".") or bool(_plugin_scan._distributions_in(entry or "."))
    except OSError:
        return False


def _distribution(site: Path, folder: str, *, entry_points: str | None, when_ns: int = HOUR_AGO_NS) -> Path:
    where = site / folder
    where.mkdir()
    name, _, version = folder.removesuffix(".dist-info").removesuffix(".egg-info").partition("-")
    (where / ("METADATA" if folder.endswith(".dist-info") else "PKG-INFO")).write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version or '1.0'}\n", encoding="utf-8"
    )
    if entry_points is not None:
        (where / "entry_points.txt").write_text(entry_points, encoding="utf-8")
        os.utime(where / "entry_points.txt", ns=(when_ns, when_ns))
    os.utime(where, ns=(when_ns, when_ns))
    return where


def _install_plugin(site: Path, folder: str = "numcheck_plugin_test-1.0.dist-info", when_ns: int | None = None) -> None:
    (site / f"{PLUGIN_MODULE}.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    stamp = time.time_ns() if when_ns is None else when_ns
    _distribution(site, folder, entry_points=f"[{ENTRY_POINT_GROUP}]\nanswering = {PLUGIN_MODULE}:Answering\n", when_ns=stamp)


def _loaded() -> Registry:
    registry = Registry()
    load_entry_points(registry, None)
    return registry


def test_a_scan_that_found_no_plugin_is_not_made_again_until_one_is_installed(site: Path, scans: Scans) -> None:
    assert len(_loaded()) == 0
    assert scans.count == 1
    assert len(_loaded()) == 0
    assert scans.count == 1, "nothing installed changed, yet the packages were scanned again"
    _install_plugin(site)
    registry = _loaded()
    assert scans.count == 2
    assert list(registry.entries) == ["answering"]
    assert _loaded().entries.keys() == {"answering"}
    assert scans.count == 3, "a scan that found plugins is made on every start"


def test_a_package_removed_or_upgraded_is_a_change(site: Path, scans: Scans) -> None:
    _loaded()
    (site / "other-1.0.dist-info" / "METADATA").unlink()
    (site / "other-1.0.dist-info").rmdir()
    _loaded()
    assert scans.count == 2
    _distribution(site, "other-1.1.dist-info", entry_points=None)
    _loaded()
    assert scans.count == 3


def test_a_reinstall_under_the_same_name_is_a_change(site: Path, scans: Scans) -> None:
    """pip writes a new folder even for the same version (pip install --force-reinstall, pip install -e again)."""
    _install_plugin(site, "numcheck_plugin_test-1.0.dist-info", when_ns=HOUR_AGO_NS)
    (site / "numcheck_plugin_test-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nx = y:z\n", encoding="utf-8")
    os.utime(site / "numcheck_plugin_test-1.0.dist-info", ns=(HOUR_AGO_NS, HOUR_AGO_NS))
    assert len(_loaded()) == 0
    reinstalled = site / "numcheck_plugin_test-1.0.dist-info"
    (reinstalled / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nanswering = {PLUGIN_MODULE}:Answering\n", encoding="utf-8")
    now = time.time_ns()
    os.utime(reinstalled, ns=(now, now))
    assert list(_loaded().entries) == ["answering"]


def test_a_legacy_egg_info_rewritten_in_place_is_a_change(site: Path, scans: Scans) -> None:
    """``setup.py develop`` rewrites entry_points.txt inside the same folder, whose own time does not move."""
    egg = _distribution(site, "numcheck_plugin_test.egg-info", entry_points="[console_scripts]\nx = y:z\n")
    (site / f"{PLUGIN_MODULE}.py").write_text(PLUGIN_SOURCE, encoding="utf-8")
    assert len(_loaded()) == 0
    (egg / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\nanswering = {PLUGIN_MODULE}:Answering\n", encoding="utf-8")
    os.utime(egg, ns=(HOUR_AGO_NS, HOUR_AGO_NS))
    assert list(_loaded().entries) == ["answering"]


def test_a_view_changed_under_two_seconds_ago_is_not_written_down(site: Path, scans: Scans) -> None:
    """A file system may keep times to the second, and an install may be under way: scan again next time."""
    _distribution(site, "fresh-1.0.dist-info", entry_points=None, when_ns=time.time_ns())
    _loaded()
    _loaded()
    assert scans.count == 2
    assert not list(Path(os.environ["NUMCHECK_CACHE_DIR"]).glob("no-plugins-*"))


def test_a_plugin_installed_during_the_scan_is_found_by_the_next_start(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What is written down is the view taken before the scan, which the install then changed."""
    real = importlib.metadata.entry_points

    def installing_meanwhile(**selection: str) -> importlib.metadata.EntryPoints:
        found = real(**selection)
        _install_plugin(site, when_ns=HOUR_AGO_NS + 1)
        return found

    monkeypatch.setattr(importlib.metadata, "entry_points", installing_meanwhile)
    assert len(_loaded()) == 0
    monkeypatch.setattr(importlib.metadata, "entry_points", real)
    assert list(_loaded().entries) == ["answering"]


def test_named_plugins_are_always_looked_up(site: Path, scans: Scans) -> None:
    """NUMCHECK_PLUGINS=name must say when the name is not installed: never answered from the record."""
    _loaded()
    with pytest.raises(Exception, match="no installed plugin named answering"):
        load_entry_points(Registry(), ("answering",))
    assert scans.count == 2


def test_another_distribution_finder_means_no_record(site: Path, scans: Scans, monkeypatch: pytest.MonkeyPatch) -> None:
    class Elsewhere:
        @staticmethod
        def find_distributions(*args: object, **kwargs: object) -> list[object]:
            return []

        @staticmethod
        def find_spec(*args: object, **kwargs: object) -> None:
            return None

    monkeypatch.setattr(sys, "meta_path", [*sys.meta_path, Elsewhere()])
    assert _plugin_scan.view_of(ENTRY_POINT_GROUP) is None
    _loaded()
    _loaded()
    assert scans.count == 2


def test_folders_without_distributions_are_not_part_of_the_view(tmp_path: Path, site: Path) -> None:
    """The working directory is on the path: running numcheck from another folder is no reason to scan again."""
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    (there / "notes.txt").write_text("x", encoding="utf-8")
    first = _plugin_scan.view_of(ENTRY_POINT_GROUP, [str(here), str(site)])
    second = _plugin_scan.view_of(ENTRY_POINT_GROUP, [str(there), str(site), str(tmp_path / "absent")])
    assert first is not None
    assert second is not None
    assert first.text == second.text


def test_an_unreadable_record_means_a_scan(site: Path, scans: Scans) -> None:
    _loaded()
    (record,) = Path(os.environ["NUMCHECK_CACHE_DIR"]).glob("no-plugins-*")
    record.write_bytes(b"\xff\xfe not a view")
    _loaded()
    assert scans.count == 2
