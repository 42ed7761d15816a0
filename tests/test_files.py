"""Files numcheck writes: reports get the user's usual permissions, the history stays private, no .part outlives a run."""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import numcheck
from numcheck import cli

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes and the umask are POSIX")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
@pytest.mark.parametrize("options", [("--format", "csv"), ("--format", "html"), ()], ids=["csv-fast", "html", "text"])
def test_a_new_report_gets_the_umask_permissions(tmp_path: Path, mask: int, expected: int, options: tuple[str, ...]) -> None:
    """-o writes a new file as any program would (0666 less the umask), not as a private temporary file."""
    target = tmp_path / "report.out"
    with _umask(mask):
        code, _, err = _run("--offline", *options, "-o", str(target), "13800138000", "13912345678")
    assert code == cli.EXIT_OK, err
    assert _mode(target) == expected


def test_a_replaced_report_keeps_its_own_permissions(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    with _umask(0o022):
        assert _run("--offline", "--format", "csv", "-o", str(target), "13800138000")[0] == cli.EXIT_OK
    assert _mode(target) == 0o640
    assert target.read_text(encoding="utf-8").startswith("line,")


def test_the_history_stays_private_whatever_the_umask(tmp_path: Path) -> None:
    """The database lists numbers a person considered buying: 0600 (and its WAL and SHM files), in a 0700 directory."""
    data = tmp_path / "history"
    with _umask(0), numcheck.open_store(data) as store:
        store.save(numcheck.check("13800138000", offline=True).model_copy(update={"offline": False}))
        files = sorted(data.iterdir())
        assert {path.name for path in files} >= {"history.sqlite3", "history.sqlite3-wal", "history.sqlite3-shm"}
        assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}
    assert _mode(data) == 0o700


def test_an_exception_mid_run_leaves_no_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An internal error while writing (here: the text table's writer) removes the .part and leaves the old file as it was.

    (Ctrl-C and SIGTERM are tested against a real process in test_cli_robust.py.)
    """
    from numcheck.render import stream

    target = tmp_path / "report.txt"
    target.write_text("the previous report\n", encoding="utf-8")
    calls: list[int] = []

    def failing(self: object, item: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("a bug")

    monkeypatch.setattr(stream._Text, "write", failing)
    code, _, err = _run("--offline", "-o", str(target), "13800138000", "13912345678", "18912345678")
    assert code == cli.EXIT_INTERNAL
    assert "internal error: RuntimeError: a bug" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["report.txt"]
    assert target.read_text(encoding="utf-8") == "the previous report\n"


def test_an_exception_on_the_fast_path_leaves_no_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from numcheck.bulk.rows import OfflineRows

    def failing(self: object, chunks: object) -> Iterator[tuple[list[str], int]]:
        yield ["line,index\n"], 1
        raise MemoryError("out of memory")

    monkeypatch.setattr(OfflineRows, "blocks_counted", failing)
    target = tmp_path / "answers.csv"
    code, _, err = _run("--offline", "--format", "csv", "-o", str(target), "13800138000", "13912345678")
    assert code == cli.EXIT_INTERNAL, err
    assert list(tmp_path.iterdir()) == []
