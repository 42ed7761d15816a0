"""Entry-point plugins: loaded through the same registry, restricted by NUMCHECK_PLUGINS, broken ones listed."""

from __future__ import annotations

import json
from importlib.metadata import EntryPoint

import pytest
from tests.unit.test_engine import Answering

import numcheck
from numcheck.registry import Registry, load_entry_points

GOOD = EntryPoint(name="answering", value="tests.unit.test_engine:Answering", group="numcheck.checkers")
BROKEN = EntryPoint(name="broken", value="tests.no_such_module:Checker", group="numcheck.checkers")
BAD_META = EntryPoint(name="bad-meta", value="tests.test_plugins:NoMeta", group="numcheck.checkers")


class NoMeta:
    def check(self) -> None:  # pragma: no cover - never called
        raise AssertionError


def test_good_plugin_loads_and_broken_ones_are_listed() -> None:
    """A good entry point registers; an import error and a checker without metadata are listed, not raised."""
    registry = Registry()
    load_entry_points(registry, None, [GOOD, BROKEN, BAD_META])
    assert "answering" in registry.entries
    assert registry.entries["answering"].source.startswith("entry-point answering")
    errors = {item.name: item.error for item in registry.broken}
    assert "ModuleNotFoundError" in errors["broken"]
    assert "CheckerMeta" in errors["bad-meta"]


def test_names_restrict_loading() -> None:
    """Only the named entry points load (NUMCHECK_PLUGINS=answering); an empty list loads none."""
    only = Registry()
    load_entry_points(only, ("answering",), [GOOD, BROKEN])
    assert list(only.entries) == ["answering"]
    assert only.broken == []
    none = Registry()
    load_entry_points(none, (), [GOOD, BROKEN])
    assert len(none) == 0


def test_environment_variable_reaches_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """NUMCHECK_PLUGINS is read into Settings.plugins; unset means all."""
    monkeypatch.setenv("NUMCHECK_PLUGINS", "a, b")
    assert numcheck.Settings.from_env().plugins == ("a", "b")
    monkeypatch.delenv("NUMCHECK_PLUGINS")
    assert numcheck.Settings.from_env().plugins is None


def test_a_broken_plugin_never_breaks_a_check() -> None:
    """With a broken plugin listed, checks still run and report."""
    registry = Registry()
    load_entry_points(registry, None, [BROKEN])
    registry.add(Answering(), "test")
    report = numcheck.check("13800138000", registry=registry, settings=numcheck.Settings())
    assert report.findings[0].status is numcheck.Status.NOT_REGISTERED


def test_checkers_json_lists_enabled_and_why_not() -> None:
    """`numcheck checkers --json` says which keyed checkers are disabled and how to enable them."""
    import io

    from numcheck import cli

    out = io.StringIO()
    assert cli.main(["checkers", "--json"], out=out, err=io.StringIO()) == 0
    rows = {row["id"]: row for row in json.loads(out.getvalue())["checkers"]}
    assert rows["numverify"]["enabled"] is False
    assert "NUMCHECK_KEY_NUMVERIFY_APIKEY" in rows["numverify"]["why_not"]
    assert rows["tuniu"]["enabled"] is True
    assert rows["tuniu"]["provenance"]["level"] == "documented"
    assert rows["tuniu"]["category"] == "travel"
