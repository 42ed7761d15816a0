"""The batch command line: streamed formats, compare, history/diff, store problems, progress."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
from pathlib import Path

import pytest
from tests.batch.helpers import Scripted, registry_of

from numcheck import BatchItem, Status, cli


class _Tty(io.StringIO):
    """A stream that says it is a terminal (for the progress bar and the store prompt)."""

    def isatty(self) -> bool:
        return True


def _run(*argv: str, stdin: io.StringIO | None = None, err: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), err or io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=stdin or io.StringIO())
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Scripted:
    """One in-process account checker instead of the real providers."""
    checker = Scripted()
    monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: registry_of(checker))
    return checker


def test_jsonl_and_csv_stream_one_record_per_line(tmp_path: Path) -> None:
    numbers = tmp_path / "offer.csv"
    numbers.write_text("price,number\n12000,13800138000\n900,not a number\n800,139-0013-9000\n", encoding="utf-8")
    code, out, err = _run("--offline", "--file", str(numbers), "--column", "number", "--format", "jsonl")
    assert code == cli.EXIT_OK, err
    records = [json.loads(line) for line in out.splitlines()]  # offline: compact records
    assert [(record["index"], record["line"], "verdict" in record) for record in records] == [(0, 2, True), (1, 3, False), (2, 4, True)]
    assert records[1]["problem"].startswith("invalid")
    code, out, err = _run("--offline", "--details", "--file", str(numbers), "--column", "number", "--format", "jsonl")
    items = [BatchItem.model_validate_json(line) for line in out.splitlines()]
    assert [(item.index, item.report is not None) for item in items] == [(0, True), (1, False), (2, True)]
    code, out, _ = _run("--offline", "--file", str(numbers), "--column", "number", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["e164"] for row in rows] == ["+8613800138000", "", "+8613900139000"]
    assert rows[1]["problem"].startswith("invalid")
    assert {row["recycling"] for row in rows if row["e164"]} <= {"low", "medium", "high", "unknown"}


def test_output_file_and_column_needs_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    code, out, _ = _run("--offline", "--format", "jsonl", "-o", str(target), "13800138000", "13900139000")
    assert code == cli.EXIT_OK
    assert out == ""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2
    assert _run("--offline", "--column", "x", "13800138000")[0] == cli.EXIT_USAGE


def test_compare_ranks_cleanest_first_with_reasons(scripted: Scripted) -> None:
    scripted.answers["+8615000150000"] = Status.REGISTERED
    code, out, err = _run("compare", "15000150000", "15100151000")
    assert code == cli.EXIT_OK, err
    first, second = (out.index("+8615100151000"), out.index("+8615000150000"))
    assert first < second
    assert "bindings:" in out
    code, out, _ = _run("--rank", "--json", "15000150000", "15100151000")
    assert [place["e164"] for place in json.loads(out)["ranked"]] == ["+8615100151000", "+8615000150000"]
    code, out, _ = _run("--rank", "--json", "15000150000", "1500015000")
    assert json.loads(out)["not_ranked"] == [
        {"line": 2, "input": "1500015000", "invalid": "a Chinese mobile number has 11 digits; this has 10"}
    ]
    assert [place["e164"] for place in json.loads(out)["ranked"]] == ["+8615000150000"]
    assert _run("--rank", "--format", "csv", "15000150000")[0] == cli.EXIT_USAGE


def test_history_and_diff_after_unbinding(scripted: Scripted) -> None:
    """Check, unbind, check again with --refresh: history lists both, diff says binding removed."""
    scripted.answers["+8615000150000"] = Status.REGISTERED
    assert _run("15000150000")[0] == cli.EXIT_OK
    code, _, err = _run("diff", "15000150000")
    assert code == cli.EXIT_INCOMPLETE  # too little stored to compare: not a usage error
    assert "diff needs two" in err
    scripted.answers["+8615000150000"] = Status.NOT_REGISTERED
    assert _run("15000150000")[0] == cli.EXIT_OK
    assert scripted.calls["+8615000150000"] == 1, "within the TTL the stored answer is reused"
    _run("--refresh", "15000150000")
    assert scripted.calls["+8615000150000"] == 2
    code, out, _ = _run("history", "+86 150 0015 0000")
    assert code == cli.EXIT_OK
    # Header, the first check and the --refresh one: the run that only reused stored answers adds no row.
    assert len(out.strip().splitlines()) == 3
    code, out, _ = _run("diff", "15000150000")
    assert code == cli.EXIT_OK
    assert "binding removed" in out
    code, out, _ = _run("diff", "15000150000", "--json")
    assert json.loads(out)["changes"][0]["meaning"] == "binding removed"
    assert _run("history", "19900000000")[0] == cli.EXIT_INCOMPLETE  # nothing stored yet


def test_no_store_writes_nothing(tmp_path: Path, scripted: Scripted) -> None:
    _run("--no-store", "15000150000")
    _run("--no-store", "15000150000")
    assert scripted.calls["+8615000150000"] == 2
    assert not (tmp_path / "data").exists()


def _lock_database(data_dir: Path) -> sqlite3.Connection:
    from numcheck import open_store

    open_store(data_dir).close()
    holder = sqlite3.connect(data_dir / "history.sqlite3", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_offline_checks_keep_no_history(tmp_path: Path) -> None:
    """Offline answers are recomputed from the shipped data: a locked or corrupt history does not stop them, and none is written."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"\x00garbage" * 512)
    code, out, err = _run("--offline", "13800138000")
    assert (code, err) == (cli.EXIT_OK, "")
    assert "VERDICT" in out
    assert (data / "history.sqlite3").read_bytes() == b"\x00garbage" * 512


def test_a_locked_database_offers_to_go_on_without_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scripted: Scripted) -> None:
    """Not interactive: says so, names --no-store, exits 4. On a terminal: asks, and 'y' goes on."""
    monkeypatch.setenv("NUMCHECK_STORE_TIMEOUT", "0.1")
    monkeypatch.setenv("NUMCHECK_DATA_DIR", str(tmp_path / "data"))
    holder = _lock_database(tmp_path / "data")
    try:
        code, out, err = _run("13800138000")
        assert code == cli.EXIT_STORE
        assert "is locked by another numcheck process" in err
        assert "--no-store" in err
        assert out == ""
        code, out, err = _run("13800138000", stdin=_Tty("y\n"), err=_Tty())
        assert code == cli.EXIT_OK
        assert "Continue without history" in err
        assert "VERDICT" in out
        code, out, err = _run("13800138000", stdin=_Tty("n\n"), err=_Tty())
        assert code == cli.EXIT_STORE
    finally:
        holder.close()


def test_a_corrupt_database_exits_4_with_advice(tmp_path: Path, scripted: Scripted) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"\x00garbage" * 512)
    code, _, err = _run("13800138000")
    assert code == cli.EXIT_STORE
    assert "corrupt" in err
    assert "Traceback" not in err
    assert _run("history", "13800138000")[0] == cli.EXIT_STORE


def test_a_full_output_disk_keeps_the_stored_results(tmp_path: Path, scripted: Scripted) -> None:
    """Writing to a full disk (/dev/full) fails with one line; what was checked is in the history."""
    code, _, err = _run("--format", "jsonl", "-o", "/dev/full", "15000150000", "15100151000")
    assert code == cli.EXIT_USAGE
    assert "cannot write the output" in err
    assert "No space left" in err
    # -o renames a finished temporary file over a regular file only: a device stays the device.
    assert stat.S_ISCHR(Path("/dev/full").stat().st_mode)
    code, _out, _ = _run("history", "15000150000")
    assert code == cli.EXIT_OK


def test_unreadable_input_is_one_line(tmp_path: Path) -> None:
    code, _, err = _run("--file", str(tmp_path / "nope.txt"))
    assert code == cli.EXIT_USAGE
    assert err.strip().count("\n") == 0
    assert "cannot read" in err
    assert _run("--ttl", "soon", "13800138000")[0] == cli.EXIT_USAGE


def test_progress_bar_only_on_a_terminal_and_not_when_quiet() -> None:
    """tqdm draws on stderr when it is a terminal; piped or --quiet, stderr has no bar."""
    numbers = [f"1380013{index:04d}" for index in range(30)]
    _, _, err = _run("--offline", "--format", "jsonl", *numbers, err=_Tty())
    assert "number/s" in err or "30/30" in err
    _, _, err = _run("--offline", "--format", "jsonl", "--quiet", *numbers, err=_Tty())
    assert err == ""
    _, _, err = _run("--offline", "--format", "jsonl", *numbers)
    assert "/30" not in err
    assert "30 checked" in err


def test_history_and_diff_in_chinese(scripted: Scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same after-unbinding story for a Chinese reader: the tables, the change and the one-line errors."""
    from tests.test_zh import english_left

    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    scripted.answers["+8615000150000"] = Status.REGISTERED
    assert _run("15000150000")[0] == cli.EXIT_OK
    code, _, err = _run("diff", "15000150000")
    assert code == cli.EXIT_INCOMPLETE
    assert err == "numcheck: +8615000150000 只有 1 次检查记录；比较变化需要两次（过些时候再运行「numcheck +8615000150000 --refresh」）\n"
    scripted.answers["+8615000150000"] = Status.NOT_REGISTERED
    _run("--refresh", "15000150000")
    code, out, _ = _run("history", "15000150000")
    assert code == cli.EXIT_OK
    assert out.splitlines()[0].split() == ["检查时间（UTC）", "方式", "结论", "绑定", "催收", "骚扰", "二次", "覆盖", "已注册于"]
    assert "在线" in out
    code, out, _ = _run("diff", "15000150000", "--lang", "zh")
    assert code == cli.EXIT_OK
    assert "scripted           已注册          → 未注册          绑定已解除" in out
    assert english_left(out.replace("scripted", "")) == [], out
    code, _, err = _run("history", "19900000000", "--lang", "zh")
    assert code == cli.EXIT_INCOMPLETE
    assert err == "numcheck: 还没有 +8619900000000 的检查记录（请先运行「numcheck +8619900000000」）\n"
