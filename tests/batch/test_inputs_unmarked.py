"""UTF-16 (and UTF-32) without a byte-order mark, found by the NULs of its first bytes; a binary file refused in one line."""

from __future__ import annotations

import codecs
import io
import random
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numcheck import InputError, cli
from numcheck.inputs import Decoding, Unreadable, count_numbers, read_numbers
from numcheck.messages import english, say

ROWS = ["姓名\t手机号\t备注", "张三\t13800138000\t靓号", "一一\t139 1234 8888\t二次号"]  # 一 is U+4E00: a NUL at an even offset
SHEET = "\r\n".join(ROWS) + "\r\n"


def _read(data: bytes, tmp_path: Path, column: str | None = "2") -> tuple[list[tuple[int, str]], list[Unreadable], list[Decoding]]:
    path = tmp_path / "list.txt"
    path.write_bytes(data)
    problems: list[Unreadable] = []
    found: list[Decoding] = []
    numbers = read_numbers(str(path), column=column, stdin=io.StringIO(), on_unreadable=problems.append, on_decoding=found.append)
    return [(number.line, str(number)) for number in numbers], problems, found  # type: ignore[attr-defined]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_sheet_without_a_mark_is_read_by_its_shape_and_said_once(tmp_path: Path, codec: str) -> None:
    numbers, problems, found = _read(SHEET.encode(codec), tmp_path)
    assert numbers == [(2, "13800138000"), (3, "139 1234 8888")]
    assert problems == []
    assert found == [Decoding(str(tmp_path / "list.txt"), "wide", codec)]  # a guess, so it is said, as GB18030's is


def test_plain_digits_in_utf16_without_a_mark(tmp_path: Path) -> None:
    numbers, problems, _ = _read("13800138000\n\n+86 139 1234 8888\n".encode("utf-16-le"), tmp_path, column=None)
    assert numbers == [(1, "13800138000"), (3, "+86 139 1234 8888")]
    assert problems == []


# A line of a list: some Chinese (一 is U+4E00, a NUL at an even offset in LE), then a number in some written form.
LINES = st.tuples(st.text("手机号码张三一丁 \t-+", max_size=8), st.text("0123456789 -", min_size=7, max_size=14)).map("".join)


@given(st.lists(LINES | st.just(""), min_size=1, max_size=40))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_unmarked_utf16_reads_as_its_utf8_twin(tmp_path: Path, lines: list[str]) -> None:
    """Whatever lines of digits and Chinese, in either byte order: what UTF-8 reads, and nothing said but the guess."""
    text = "\n".join(lines) + "\n"
    expected, _, _ = _read(text.encode("utf-8"), tmp_path, column=None)
    for codec in ("utf-16-le", "utf-16-be"):
        numbers, problems, found = _read(text.encode(codec), tmp_path, column=None)
        assert (numbers, problems) == (expected, [])
        assert [(item.found, item.encoding) for item in found] == [("wide", codec)]


def test_stdin_in_utf16_without_a_mark() -> None:
    class Stdin(io.StringIO):
        buffer = io.BytesIO(SHEET.encode("utf-16-le"))

    found: list[Decoding] = []
    assert list(read_numbers("-", column="手机号", stdin=Stdin(), on_decoding=found.append)) == ["13800138000", "139 1234 8888"]
    assert [item.encoding for item in found] == ["utf-16-le"]


def test_the_progress_count_reads_unmarked_utf16(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(SHEET.encode("utf-16-be"))
    assert count_numbers(str(path), column="2") == 2


def test_the_command_line_says_the_guess_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "清单.txt"
    path.write_bytes(SHEET.encode("utf-16-le"))
    code, out, err = _run("--offline", "--lang", "zh", "--file", str(path), "--column", "2", "--format", "csv")
    assert code == cli.EXIT_OK, err
    assert [line.split(",")[2] for line in out.splitlines()[1:]] == ["13800138000", "139 1234 8888"]
    assert (
        err.splitlines()[0]
        == f"numcheck: 「{path}」没有字节顺序标记，但是「UTF-16-LE」文本（每个数字旁边都有一个零字节）：已按它读取；要按别的编码读，用 --encoding 指定"
    )


def _zip() -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as book:  # an .xlsx is a ZIP of XML parts
        book.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>13800138000</t></si>" * 200 + "</sst>")
    return data.getvalue()


BINARIES = {
    "xlsx": _zip(),
    "random": random.Random(7).randbytes(20_000),
    "elf": b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + bytes(range(256)) * 8,
    "utf-16 with NUL characters": "13800138000\x00\x00\x00\n".encode("utf-16-le") * 10,
    "digits then a NUL": b"13800138000\n13912348888\n\x00\x00\x00\x00\n",
}


@pytest.mark.parametrize("name", sorted(BINARIES))
def test_a_binary_file_is_refused_in_one_line_on_both_paths(tmp_path: Path, name: str) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(BINARIES[name])
    with pytest.raises(InputError, match="is not a text file"):
        list(read_numbers(str(path), stdin=io.StringIO(), on_unreadable=lambda _: None))
    line = f"numcheck: {english(say('inputs.binary', source=str(path)))}\n"
    for fmt in ("text", "csv"):  # text: the per-number path; csv offline: the bulk path
        assert _run("--offline", "--file", str(path), "--format", fmt) == (cli.EXIT_USAGE, "", line)
    assert count_numbers(str(path)) is None


def test_a_file_with_no_nul_is_never_judged_binary(tmp_path: Path) -> None:
    numbers, problems, found = _read(b"\xff\xfe\x80\n13800138000\n", tmp_path, column=None)
    assert numbers == [(2, "13800138000")]
    assert ([problem.line for problem in problems], [item.found for item in found]) == ([1], ["neither"])


def test_a_named_8bit_encoding_refuses_a_binary_file_too(tmp_path: Path) -> None:
    path = tmp_path / "list.xlsx"
    path.write_bytes(BINARIES["xlsx"])
    with pytest.raises(InputError, match="is not a text file"):
        list(read_numbers(str(path), stdin=io.StringIO(), encoding="gbk"))


def test_a_marked_file_is_still_read_by_its_mark_and_says_nothing(tmp_path: Path) -> None:
    numbers, _, found = _read(codecs.BOM_UTF16_LE + SHEET.encode("utf-16-le"), tmp_path)
    assert numbers == [(2, "13800138000"), (3, "139 1234 8888")]
    assert found == []
