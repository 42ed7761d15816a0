"""Excel's "Unicode Text" (UTF-16 LE with a byte-order mark, tab-separated, CRLF) and other UTF-16/32 input."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest

from numcheck import InputError, cli
from numcheck.inputs import CHUNK_BYTES, Decoding, Unreadable, count_numbers, read_numbers
from numcheck.messages import english, say

ROWS = ["姓名\t手机号\t备注", "张三\t13800138000\t靓号", "李四\t139 1234 8888\t二次号"]
SHEET = "\r\n".join(ROWS) + "\r\n"
EXCEL = codecs.BOM_UTF16_LE + SHEET.encode("utf-16-le")  # what Excel's Save As, Unicode Text (*.txt) writes


def _read(
    data: bytes, tmp_path: Path, column: str | None = "手机号", encoding: str | None = None
) -> tuple[list[tuple[int, str]], list[Unreadable], list[Decoding]]:
    path = tmp_path / "list.txt"
    path.write_bytes(data)
    problems: list[Unreadable] = []
    found: list[Decoding] = []
    numbers = read_numbers(
        str(path), column=column, stdin=io.StringIO(), on_unreadable=problems.append, encoding=encoding, on_decoding=found.append
    )
    return [(number.line, str(number)) for number in numbers], problems, found  # type: ignore[attr-defined]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("column", ["手机号", "2"])
def test_excel_unicode_text_is_read_by_its_mark_with_tabs_as_columns(tmp_path: Path, column: str) -> None:
    numbers, problems, found = _read(EXCEL, tmp_path, column=column)
    assert numbers == [(2, "13800138000"), (3, "139 1234 8888")]
    assert (problems, found) == ([], [])  # a byte-order mark is no guess: nothing to say, as for UTF-8's


@pytest.mark.parametrize(
    ("mark", "codec"),
    [(codecs.BOM_UTF16_BE, "utf-16-be"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be")],
)
def test_the_other_byte_orders_and_utf32_are_read_by_their_marks(tmp_path: Path, mark: bytes, codec: str) -> None:
    numbers, problems, _ = _read(mark + SHEET.encode(codec), tmp_path)
    assert numbers == [(2, "13800138000"), (3, "139 1234 8888")]
    assert problems == []


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("utf-16", SHEET.encode("utf-16-le")),  # no mark: Windows' order
        ("UTF16", EXCEL),
        ("utf-16", codecs.BOM_UTF16_BE + SHEET.encode("utf-16-be")),  # the mark gives the order
        ("utf-16-be", SHEET.encode("utf-16-be")),
        ("utf-16-le", EXCEL),  # an order named: the mark is the first line's first character, and dropped
        ("utf-32", SHEET.encode("utf-32-le")),
    ],
)
def test_encoding_utf16_reads_a_file_with_or_without_a_mark(tmp_path: Path, name: str, data: bytes) -> None:
    numbers, problems, found = _read(data, tmp_path, encoding=name)
    assert numbers == [(2, "13800138000"), (3, "139 1234 8888")]
    assert (problems, found) == ([], [])


def test_plain_lines_and_comments_in_utf16(tmp_path: Path) -> None:
    text = "# 号码清单\r\n13800138000\r\n\r\n  +86 139 1234 8888  \r\n"
    numbers, problems, _ = _read(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), tmp_path, column=None)
    assert numbers == [(2, "13800138000"), (4, "+86 139 1234 8888")]
    assert problems == []


def test_an_odd_length_file_loses_only_its_half_character(tmp_path: Path) -> None:
    """The last byte of a CRLF was cut off: every number is read, and the half character is named once."""
    numbers, problems, _ = _read(EXCEL[:-1], tmp_path)
    assert numbers == [(2, "13800138000"), (3, "139 1234 8888")]
    assert [(problem.line, problem.byte, problem.reason) for problem in problems] == [(4, -1, say("inputs.why.cut", encoding="UTF-16"))]
    assert "odd number of bytes" in problems[0].why


def test_a_broken_character_skips_its_line_only(tmp_path: Path) -> None:
    lone = "\r\n".join(["13800138000", "139\ud8001234", "13912348888"]) + "\r\n"  # a lone surrogate: no text at all
    data = codecs.BOM_UTF16_LE + lone.encode("utf-16-le", "surrogatepass")
    numbers, problems, _ = _read(data, tmp_path, column=None)
    assert numbers == [(1, "13800138000"), (3, "13912348888")]
    assert [(problem.line, problem.why) for problem in problems] == [(2, "not UTF-16 text")]
    with pytest.raises(InputError, match="line 2: not UTF-16 text"):  # from Python without on_unreadable: raised
        list(read_numbers(str(tmp_path / "list.txt"), stdin=io.StringIO()))


def test_characters_split_between_reads_are_whole(tmp_path: Path) -> None:
    """Blocks of CHUNK_BYTES end inside a character (odd offsets, surrogate pairs): nothing is lost or changed."""
    rows = [f"{'王' * (index % 7)}🙂\t{13800000000 + index}" for index in range(CHUNK_BYTES // 20)]
    data = codecs.BOM_UTF16_LE + "\n".join(["名字\t号码", *rows]).encode("utf-16-le")
    numbers, problems, _ = _read(data, tmp_path, column="号码")
    assert numbers == [(index + 2, str(13800000000 + index)) for index in range(len(rows))]
    assert problems == []


def test_stdin_in_utf16_is_read_a_line_at_a_time() -> None:
    class Stdin(io.StringIO):
        buffer = io.BytesIO(EXCEL)

    assert list(read_numbers("-", column="2", stdin=Stdin())) == ["13800138000", "139 1234 8888"]


def test_a_file_starting_ff_fe_without_zero_bytes_is_not_taken_for_utf16(tmp_path: Path) -> None:
    numbers, problems, found = _read(b"\xff\xfe\xfd\n13800138000\n", tmp_path, column=None)
    assert numbers == [(2, "13800138000")]
    assert [problem.line for problem in problems] == [1]
    assert [item.found for item in found] == ["neither"]


def test_encoding_utf16_on_a_file_that_is_not_says_so_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_text("13800138000\n13912348888\n", encoding="utf-8")
    with pytest.raises(InputError, match="is not UTF-16 text"):
        list(read_numbers(str(path), stdin=io.StringIO(), encoding="utf-16"))
    code, out, err = _run("--offline", "--file", str(path), "--encoding", "utf-16")
    assert (code, out) == (cli.EXIT_USAGE, "")
    assert err == f"numcheck: {english(say('inputs.not_wide', source=str(path), encoding='UTF-16'))}\n"


def test_the_progress_count_reads_utf16_too(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(EXCEL)
    assert count_numbers(str(path), column="手机号") == 2
    assert count_numbers(str(path), column="2") == 2  # the header row has no digit
    path.write_bytes(SHEET.encode("utf-16-le"))
    assert count_numbers(str(path), column="2", encoding="utf-16") == 2


def test_the_command_line_reads_excel_unicode_text_in_chinese(tmp_path: Path) -> None:
    path = tmp_path / "清单.txt"
    path.write_bytes(EXCEL)
    code, out, err = _run("--offline", "--lang", "zh", "--file", str(path), "--column", "2", "--format", "csv")
    assert code == cli.EXIT_OK, err
    assert [line.split(",")[:3] for line in out.splitlines()[1:]] == [["2", "0", "13800138000"], ["3", "1", "139 1234 8888"]]
    assert err == "numcheck: 已检查 2 个、无效 0 个、重复 0 个\n"


def test_an_odd_length_file_on_the_command_line_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "cut.txt"
    path.write_bytes(EXCEL[:-1])
    code, _, err = _run("--offline", "--lang", "zh", "--file", str(path), "--column", "2", "--format", "csv")
    assert code == cli.EXIT_INCOMPLETE
    assert "Traceback" not in err
    assert err.splitlines()[0] == f"numcheck: 「{path}」第 4 行：以半个「UTF-16」字符结尾（文件的字节数是奇数：被截断了或已损坏）；已跳过"


def test_a_tab_separated_file_without_column_gets_the_hint(tmp_path: Path) -> None:
    path = tmp_path / "list.txt"
    path.write_bytes(EXCEL)
    code, _, err = _run("--offline", "--file", str(path))
    assert code == cli.EXIT_USAGE
    assert err.splitlines()[-1] == f"numcheck: {english(say('cli.csv_hint', count=3))}"
    assert "tabs" in err.splitlines()[-1]
