"""The program pauses the garbage collector while its code loads, freezes what loaded, and resumes before the command runs."""

from __future__ import annotations

import gc
import importlib
import io
import sys
from collections.abc import Iterator

import pytest

import numcheck.__main__ as program

cli_main = importlib.import_module("numcheck.cli.main")  # the module: numcheck.cli re-exports its function as main


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    enabled = gc.isenabled()
    yield
    gc.unfreeze()  # what run() froze goes back to the collector, as before the test
    if enabled:
        gc.enable()
    else:
        gc.disable()


def _record_state(monkeypatch: pytest.MonkeyPatch, module: str, function: str) -> list[tuple[bool, int]]:
    """Replace a command's function with one that notes the collector's state (enabled, frozen objects) and succeeds."""
    seen: list[tuple[bool, int]] = []

    def command(*args: object, **kwargs: object) -> int:
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return 0

    monkeypatch.setattr(importlib.import_module(module), function, command)
    return seen


def _check_one_number(monkeypatch: pytest.MonkeyPatch) -> tuple[list[tuple[bool, int]], int]:
    """Run the program on one number: the collector's state when the check ran, and the frozen count before."""
    frozen_before = gc.get_freeze_count()
    seen = _record_state(monkeypatch, "numcheck.cli.check", "run_check")
    monkeypatch.setattr(sys, "argv", ["numcheck", "--offline", "13800138000"])
    assert program.run() == 0
    return seen, frozen_before


def test_the_check_runs_with_the_collector_on_and_the_loaded_code_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.enable()
    seen, frozen_before = _check_one_number(monkeypatch)
    assert len(seen) == 1
    enabled, frozen = seen[0]
    assert enabled  # a batch of millions runs with the collector as usual
    assert frozen > frozen_before  # what loaded is left out of later collections
    assert gc.isenabled()


def test_a_real_one_number_check_through_the_program(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    gc.enable()
    monkeypatch.setattr(sys, "argv", ["numcheck", "--offline", "--lang", "en", "--json", "13800138000"])
    assert program.run() in (0, 3)
    assert '"e164": "+8613800138000"' in capsys.readouterr().out
    assert gc.isenabled()


SUBCOMMANDS = [
    (["compare", "13800138000"], "numcheck.cli.check", "run_compare"),
    (["history", "13800138000"], "numcheck.cli.history", "run_history"),
    (["diff", "13800138000"], "numcheck.cli.history", "run_history"),
    (["after-buy", "13800138000"], "numcheck.cli.after_buy", "run"),
    (["checkers"], "numcheck.cli.checkers", "run_checkers"),
    (["config"], "numcheck.cli.config", "run_config"),
    (["record", "x"], "numcheck.cli.record", "run_record"),
    (["doctor"], "numcheck.cli.doctor", "run_doctor"),
    (["serve"], "numcheck.serve.command", "run"),
    (["13800138000"], "numcheck.cli.check", "run_check"),
]


@pytest.mark.parametrize(("argv", "module", "function"), SUBCOMMANDS, ids=[argv[0] for argv, _, _ in SUBCOMMANDS])
def test_every_command_says_it_has_loaded_before_it_runs(
    argv: list[str], module: str, function: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(importlib.import_module(module), function, lambda *args, **kwargs: calls.append("ran") or 0)
    assert cli_main.main(argv, out=io.StringIO(), err=io.StringIO(), loaded=lambda: calls.append("loaded")) == 0
    assert calls == ["loaded", "ran"]


def test_the_collector_is_on_again_when_the_command_line_fails_to_load(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.enable()

    def broken(**kwargs: object) -> int:
        raise ImportError("a module of the command line is missing")

    monkeypatch.setattr(cli_main, "main", broken)
    with pytest.raises(ImportError):
        program.run()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.disable()
    seen, frozen_before = _check_one_number(monkeypatch)
    assert seen == [(False, frozen_before)]  # neither turned on nor frozen: not ours to change
    assert not gc.isenabled()
