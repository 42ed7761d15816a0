"""A plain list's first line that is a column's title (手机号, phone): left out and said once, on both paths, and counted so."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import numcheck
from numcheck import cli
from numcheck.inputs import Header, column_title, count_numbers, read_numbers
from numcheck.messages import english, say
from numcheck.render.stream import open_writer

TITLES = [
    *("手机号", "电话", "号码", "phone", "mobile", "Phone Number", "手机号码"),  # the titles Excel and WPS lists come with
    *("手机号码（必填）", "Mobile No.", '"手机号"', "联系电话", "電話號碼", "PhoneNumber", "TEL", "MSISDN"),
]
NOT_TITLES = [
    *("138001380", "手机号（11位）", "姓名,手机号", "姓名\t手机号", "无", "abc", "nope", "姓名", "备注", "=cmd|x"),
    *("--", "...", "�", "手机号?", "phone" + "x" * 36),
]


def _read(path: Path) -> tuple[list[tuple[int, str]], list[Header]]:
    headers: list[Header] = []
    numbers = read_numbers(str(path), stdin=io.StringIO(), on_header=headers.append)
    return [(number.line, str(number)) for number in numbers], headers  # type: ignore[attr-defined]


@pytest.mark.parametrize("title", TITLES)
def test_a_title_line_is_left_out_and_said(tmp_path: Path, title: str) -> None:
    path = tmp_path / "list.txt"
    path.write_text(f"{title}\n13800138000\n139 1234 8888\n", encoding="utf-8")
    assert _read(path) == ([(2, "13800138000"), (3, "139 1234 8888")], [Header(str(path), 1, title)])
    assert count_numbers(str(path)) == 2


@pytest.mark.parametrize("first", NOT_TITLES)
def test_a_first_line_that_is_no_title_is_judged_as_an_input(tmp_path: Path, first: str) -> None:
    path = tmp_path / "list.txt"
    path.write_text(f"{first}\n13800138000\n", encoding="utf-8")
    assert _read(path) == ([(1, first), (2, "13800138000")], [])
    assert count_numbers(str(path)) == 2


def test_the_rule() -> None:
    assert all(map(column_title, TITLES))
    assert not any(map(column_title, NOT_TITLES))


def test_only_the_first_line_of_content_can_be_a_title(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("# 二手号清单\n\n手机号\n13800138000\n电话\n无\n", encoding="utf-8")
    assert _read(path) == ([(4, "13800138000"), (5, "电话"), (6, "无")], [Header(str(path), 3, "手机号")])
    assert count_numbers(str(path)) == 3


def test_a_gbk_title_is_judged_as_the_reader_reads_it(tmp_path: Path) -> None:
    """The count decoded the first line as UTF-8; the reader reads GBK as GB18030: both now judge the same text."""
    path = tmp_path / "list.txt"
    path.write_bytes("手机号码\r\n13800138000\r\n13912348888\r\n".encode("gbk"))
    assert [number for number, _ in _read(path)[0]] == [2, 3]
    assert count_numbers(str(path)) == 2


@pytest.mark.parametrize(("text", "column"), [("1,手机号\n张三,13800138000\n", "2"), ("手机号,备注\n13800138000,1\n", "1")])
def test_the_count_of_a_column_judges_the_chosen_cell_as_the_reader_does(tmp_path: Path, text: str, column: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    assert count_numbers(str(path), column=column) == len(list(read_numbers(str(path), column=column, stdin=io.StringIO()))) == 1


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return cli.main(list(argv), out=out, err=err, stdin=io.StringIO()), out.getvalue(), err.getvalue()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_command_line_says_it_once_and_counts_no_invalid(tmp_path: Path, lang: str) -> None:
    path = tmp_path / "清单.txt"
    path.write_text("手机号\n13800138000\n138001380\n电话\n", encoding="utf-8")
    code, _, err = _run("--offline", "--lang", lang, "--file", str(path))
    assert code == cli.EXIT_OK
    said = say("inputs.header", source=str(path), line=1, text="手机号")
    assert err.splitlines()[0] == f"numcheck: {english(said) if lang == 'en' else numcheck.sentence('zh', said)}"
    summary = "1 checked, 2 invalid, 0 duplicate" if lang == "en" else "已检查 1 个、无效 2 个、重复 0 个"
    assert err.splitlines()[1:] == [f"numcheck: {summary}"]
    if lang == "zh":
        assert err.splitlines()[0] == f"numcheck: 「{path}」第 1 行：「手机号」没有数字，是列标题，不当作号码：已跳过"


def _reference(path: Path, fmt: str) -> str:
    """What the per-number path writes: check_many over the reader, then the stream writer for the format."""
    out = io.StringIO()
    writer = open_writer(fmt, out, single=False)
    for item in numcheck.check_many(read_numbers(str(path), stdin=io.StringIO()), offline=True, store=None):
        writer.write(item)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-16-le"])
def test_both_paths_leave_the_title_out_alike(tmp_path: Path, fmt: str, encoding: str) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes("手机号码\n13800138000\n+86 139 1234 8888\n手机号\n13800138000\n".encode(encoding))
    code, out, err = _run("--offline", "--format", fmt, "--file", str(path))
    assert code == cli.EXIT_OK
    assert out == _reference(path, fmt)
    assert '"line":1,' not in out  # line 1 is nobody's row
    assert "\n1,0," not in out
    assert err.splitlines()[-1] == "numcheck: 2 checked, 1 invalid, 1 duplicate"
    assert sum("column title" in line for line in err.splitlines()) == 1
