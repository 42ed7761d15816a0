"""A mistyped command is one line and exit 2, before anything is checked online or stored."""

from __future__ import annotations

import io

import pytest

from numcheck import cli


@pytest.mark.parametrize(("typed", "meant"), [("compre", "compare"), ("histroy", "history"), ("dif", "diff"), ("doctr", "doctor")])
def test_a_word_close_to_a_command_asks_did_you_mean(typed: str, meant: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import numcheck.cli.check

    def never(*_: object, **__: object) -> int:
        raise AssertionError("the numbers must not be checked")

    monkeypatch.setattr(numcheck.cli.check, "run_check", never)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main([typed, "13800138000", "--lang", "en"], out=out, err=err) == cli.EXIT_USAGE
    assert out.getvalue() == ""
    assert err.getvalue() == (
        f"numcheck: unknown command {typed}: did you mean {meant}? (nothing was checked; numcheck --help lists the commands)\n"
    )


def test_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMCHECK_LANG", "zh")
    monkeypatch.setenv("NUMCHECK_CONFIG", "")
    err = io.StringIO()
    assert cli.main(["compre", "13800138000"], out=io.StringIO(), err=err) == cli.EXIT_USAGE
    assert "「compre」" in err.getvalue()
    assert "「compare」" in err.getvalue()
    assert len(err.getvalue().splitlines()) == 1


@pytest.mark.parametrize("word", ["junk", "nope", "13800138000", "+86", "-"])
def test_words_far_from_every_command_are_still_inputs(word: str) -> None:
    """Only near misses are refused: anything else is an input, reported as a number or an invalid line as before."""
    out, err = io.StringIO(), io.StringIO()
    cli.main(["--offline", "--lang", "en", "--no-store", word], out=out, err=err, stdin=io.StringIO("13800138000\n"))
    assert "did you mean" not in err.getvalue()
    said = out.getvalue() + err.getvalue()
    assert ("13800138000" if word == "-" else f"invalid number {word!r}" if word != "13800138000" else "+86 138 0013 8000") in said
