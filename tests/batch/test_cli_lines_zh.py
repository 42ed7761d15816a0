"""The command line's own lines that were written in English whatever the reader's language: --rank's formats, the HTML
page's size limit, the history database's problems (and the question and advice after them), and record's missing
vcrpy. Each is said under --lang zh (and NUMCHECK_LANG=zh) with its exit status unchanged; English stays as it was."""

from __future__ import annotations

import io
import sqlite3
import sys
from pathlib import Path

import pytest
from tests.batch.helpers import Scripted, registry_of
from tests.batch.test_cli_batch import _run, _Tty
from tests.test_zh import english_left

from numcheck import StoreError, cli


def _chinese_line(err: str) -> str:
    """The one line on stderr, which must hold no English a reader would meet."""
    assert err.startswith("numcheck: "), err
    assert err.count("\n") == 1, err
    assert not english_left(err.removeprefix("numcheck: ")), (english_left(err), err)
    return err


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Scripted:
    checker = Scripted()
    monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: registry_of(checker))
    return checker


@pytest.fixture
def corrupt_history(tmp_path: Path) -> Path:
    data = tmp_path / "data"  # the conftest's NUMCHECK_DATA_DIR
    data.mkdir()
    path = data / "history.sqlite3"
    path.write_bytes(b"\x00garbage" * 512)
    return path


@pytest.mark.parametrize("how", ["flag", "environment"])
def test_rank_refuses_csv_in_chinese(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    argv = ["--rank", "--format", "csv", "13800138000", "13900139000"]
    if how == "flag":
        argv += ["--lang", "zh"]
    else:
        monkeypatch.setenv("NUMCHECK_LANG", "zh")
    code, out, err = _run(*argv)
    assert (code, out) == (cli.EXIT_USAGE, "")
    assert _chinese_line(err) == "numcheck: --rank 只能输出以下格式：「text」、「json」、「html」\n"


def test_rank_refuses_csv_in_english_as_before() -> None:
    code, _, err = _run("--rank", "--format", "jsonl", "13800138000")
    assert code == cli.EXIT_USAGE
    assert err == "numcheck: --rank prints only these formats: text, json, html\n"


def test_an_html_page_too_big_is_refused_in_chinese(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("numcheck.cli.options.HTML_MAX_NUMBERS", 2)
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("13800138000\n13900139000\n15000150000\n", encoding="utf-8")
    code, out, err = _run("--offline", "--format", "html", "--file", str(numbers), "--lang", "zh")
    assert (code, out) == (cli.EXIT_USAGE, "")
    assert "最多 2 个号码，而这份输入有 3 个" in _chinese_line(err)
    # From stdin the size is learnt by reading: the same refusal, said when the page would pass its limit.
    code, out, err = _run("--offline", "--format", "html", "-", "--lang", "zh", stdin=io.StringIO(numbers.read_text(encoding="utf-8")))
    assert (code, out) == (cli.EXIT_USAGE, "")
    assert "最多 2 个号码，而这份输入更多" in _chinese_line(err)
    code, _, err = _run("--offline", "--format", "html", "--file", str(numbers))
    assert err.startswith("numcheck: --format html makes one page of at most 2 numbers and this input has 3;")


def test_a_corrupt_history_stops_a_batch_in_chinese(corrupt_history: Path, scripted: Scripted) -> None:
    code, out, err = _run("13800138000", "--lang", "zh")
    assert (code, out) == (cli.EXIT_STORE, "")
    line = _chinese_line(err)
    assert f"历史数据库「{corrupt_history}」：已损坏" in line
    assert "--no-store" in line


def test_the_question_at_a_terminal_is_chinese(corrupt_history: Path, scripted: Scripted) -> None:
    code, out, err = _run("13800138000", "--lang", "zh", stdin=_Tty("y\n"), err=_Tty())
    assert code == cli.EXIT_OK
    assert "结论" in out  # the report, in Chinese too
    first, question = err.split("\n", 1)
    _chinese_line(first + "\n")
    assert question.startswith("不使用历史记录继续吗")
    assert not english_left(question.split("\n", 1)[0])


@pytest.mark.parametrize("command", ["history", "diff", "after-buy"])
def test_a_corrupt_history_is_said_in_chinese_by_every_command(corrupt_history: Path, command: str) -> None:
    code, out, err = _run(command, "13800138000", "--lang", "zh")
    assert (code, out) == (cli.EXIT_STORE, "")
    assert f"历史数据库「{corrupt_history}」：已损坏" in _chinese_line(err)


def test_a_store_failing_mid_batch_is_said_in_chinese(scripted: Scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(self: object, report: object) -> int:
        raise StoreError("/tmp/h.sqlite3", "full", "cannot be written: the disk is full", message_id="store.full")

    monkeypatch.setattr("numcheck.store.database.Store.save", fail)
    code, _, err = _run("13800138000", "13900139000", "--format", "jsonl", "--lang", "zh")
    assert code == cli.EXIT_STORE
    failed = [line for line in err.splitlines() if "历史数据库" in line]
    assert failed
    for line in failed:
        assert line == "numcheck: 历史数据库「/tmp/h.sqlite3」：无法写入：磁盘已满；无法存入历史记录的结果会在最后计数（退出码 4）"


def test_the_store_error_keeps_its_english() -> None:
    """Library callers read str(error): unchanged, the message only added."""
    path = "/x/history.sqlite3"
    with pytest.raises(StoreError) as caught:
        raise StoreError(path, "locked", "is locked by another numcheck process", message_id="store.locked")
    assert str(caught.value) == f"history database {path}: is locked by another numcheck process"
    assert caught.value.params == {"path": path}


def test_a_locked_history_is_said_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scripted: Scripted) -> None:
    monkeypatch.setenv("NUMCHECK_STORE_TIMEOUT", "0.1")
    _run("--no-store", "13800138000")
    assert _run("15000150000")[0] == cli.EXIT_OK  # creates the database
    holder = sqlite3.connect(tmp_path / "data" / "history.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = _run("13800138000", "--lang", "zh")
    finally:
        holder.close()
    assert code == cli.EXIT_STORE
    # Opened before the lock was taken, so the write fails: the mid-batch line, then the summary, both in Chinese.
    locked, summary = err.splitlines(keepends=True)
    assert "被另一个 numcheck 进程锁定；无法存入历史记录的结果会在最后计数" in _chinese_line(locked)
    _chinese_line(summary)


def test_record_without_vcrpy_is_said_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vcr", None)  # import vcr raises ImportError
    code, out, err = _run("record", "pptv", "--scenario", "registered", "--number", "+8612000000101", "--lang", "zh")
    assert (code, out) == (cli.EXIT_USAGE, "")
    assert _chinese_line(err) == "numcheck: 「numcheck record」需要「vcrpy」：「pip install 'numcheck[test]'」\n"
