"""A file's encoding: UTF-8, or GB18030 (what Excel saves on Chinese Windows) found by itself, or named with --encoding."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from numcheck import InputError, cli
from numcheck.inputs import CHUNK_BYTES, Decoding, Unreadable, read_numbers

SHOP = "姓名,号码,备注\r\n张三,13800138000,靓号\r\n李四,13912348888,二次号\r\n"


def _read(
    path: Path, column: str | None = "号码", encoding: str | None = None
) -> tuple[list[tuple[int, str]], list[Unreadable], list[Decoding]]:
    problems: list[Unreadable] = []
    found: list[Decoding] = []
    numbers = read_numbers(
        str(path), column=column, stdin=io.StringIO(), on_unreadable=problems.append, encoding=encoding, on_decoding=found.append
    )
    return [(number.line, str(number)) for number in numbers], problems, found  # type: ignore[attr-defined]


@pytest.mark.parametrize("codec", ["gbk", "gb18030"])
def test_a_gbk_csv_is_read_as_gb18030_and_said_once(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "shop.csv"
    path.write_bytes(SHOP.encode(codec))
    numbers, problems, found = _read(path)
    assert numbers == [(2, "13800138000"), (3, "13912348888")]
    assert problems == []
    assert found == [Decoding(str(path), "detected", "gb18030")]


def test_a_utf8_file_says_nothing_about_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    path.write_bytes(b"\xef\xbb\xbf" + SHOP.encode())
    numbers, problems, found = _read(path)
    assert (numbers, problems, found) == ([(2, "13800138000"), (3, "13912348888")], [], [])


def test_the_encoding_is_settled_by_the_first_non_ascii_line_even_far_into_the_file(tmp_path: Path) -> None:
    """Thousands of ASCII lines read alike in both encodings; the first Chinese one, in a later block, decides."""
    path = tmp_path / "list.txt"
    ascii_lines = "13800138000\n" * (CHUNK_BYTES // 12 + 100)
    path.write_bytes(ascii_lines.encode() + "# 备注：二次号\n13912348888\n".encode("gbk"))
    numbers, problems, found = _read(path, column=None)
    assert len(numbers) == CHUNK_BYTES // 12 + 101
    assert numbers[-1] == (CHUNK_BYTES // 12 + 102, "13912348888")
    assert problems == []
    assert [item.found for item in found] == ["detected"]


def test_encoding_given_is_used_and_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    path.write_bytes(SHOP.encode("gbk"))
    numbers, problems, found = _read(path, column="2", encoding="utf-8")
    assert numbers == []
    assert found == []
    assert [problem.why for problem in problems] == ["not UTF-8 text"] * 3
    numbers, problems, found = _read(path, encoding="GBK")
    assert (numbers, problems, found) == ([(2, "13800138000"), (3, "13912348888")], [], [])


def test_a_file_mixing_utf8_and_gbk_keeps_its_utf8_lines_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes("姓名,号码\n张三,13800138000\n".encode() + "李四,13912348888\n".encode("gbk") + b"x,13700137000\n")
    numbers, problems, found = _read(path)
    assert numbers == [(2, "13800138000"), (4, "13700137000")]
    assert [(problem.line, problem.why) for problem in problems] == [(3, "not UTF-8 text")]
    assert [item.found for item in found] == ["mixed"]


def test_a_gbk_line_after_a_block_of_utf8_is_mixing_too(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    first = "# 号码清单\n" + "13800138000\n" * (CHUNK_BYTES // 12 + 10)
    path.write_bytes(first.encode() + "# 李四\n".encode("gbk") + "# 王五\n".encode("gbk") + b"13912348888\n")
    numbers, problems, found = _read(path, column=None)
    assert numbers[-1][1] == "13912348888"
    assert len(problems) == 2
    assert [item.found for item in found] == ["mixed"]  # once, not per line


def test_a_file_in_neither_encoding_is_named_once_and_its_bad_lines_skipped(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes(b"\xff\xfe\xfd\n13800138000\n")
    numbers, problems, found = _read(path, column=None)
    assert numbers == [(2, "13800138000")]
    assert [(problem.line, problem.why) for problem in problems] == [(1, "not UTF-8 text")]
    assert found == [Decoding(str(path), "neither", "utf-8")]


def test_a_bad_line_in_a_gb18030_file_is_skipped_as_not_gb18030(tmp_path: Path) -> None:
    path = tmp_path / "shop.txt"
    path.write_bytes("# 张三\n13800138000\n# 李四\n".encode("gbk") + b"\xff\n13912348888\n")
    numbers, problems, found = _read(path, column=None)
    assert [text for _, text in numbers] == ["13800138000", "13912348888"]
    assert [(problem.line, problem.why) for problem in problems] == [(4, "not GB18030 text")]
    assert [item.found for item in found] == ["detected"]


@pytest.mark.parametrize("name", ["cp500", "no-such-codec"])
def test_an_encoding_that_cannot_hold_lines_of_digits_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "n.txt"
    path.write_text("13800138000\n")
    with pytest.raises(InputError, match=f"--encoding {name}"):
        _read(path, column=None, encoding=name)


def test_stdin_is_detected_as_a_file_is() -> None:
    class Stdin(io.StringIO):
        buffer = io.BytesIO(SHOP.encode("gbk"))

    found: list[Decoding] = []
    numbers = list(read_numbers("-", column="号码", stdin=Stdin(), on_unreadable=lambda _: None, on_decoding=found.append))
    assert numbers == ["13800138000", "13912348888"]
    assert [item.found for item in found] == ["detected"]


def test_the_command_line_says_it_in_chinese_and_reads_the_numbers(tmp_path: Path) -> None:
    path = tmp_path / "shop.csv"
    path.write_bytes(SHOP.encode("gbk"))
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--offline", "--lang", "zh", "--file", str(path), "--column", "号码", "--format", "csv"], out=out, err=err)
    assert code == cli.EXIT_OK, err.getvalue()
    assert "+8613800138000" in out.getvalue()
    assert "+8613912348888" in out.getvalue()
    first = err.getvalue().splitlines()[0]
    assert first.startswith(f"numcheck: 「{path}」")
    assert "GB18030" in first
    assert "--encoding" in first
    assert "UTF-8" in first


def test_the_command_line_tells_how_to_save_a_file_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"\xff\xfe\xfd\n")
    err = io.StringIO()
    assert cli.main(["--offline", "--lang", "zh", "--file", str(path)], out=io.StringIO(), err=err) == cli.EXIT_USAGE
    lines = err.getvalue().splitlines()
    assert len([line for line in lines if "iconv" in line]) == 1
    assert "UTF-8" in lines[0]
    assert "--encoding" in lines[0]


def test_encoding_option_reaches_both_paths(tmp_path: Path) -> None:
    """--encoding gbk on the bulk path (CSV out) and the per-number path (text table) reads the same numbers."""
    path = tmp_path / "shop.csv"
    path.write_bytes(SHOP.encode("gbk"))
    for fmt in ("csv", "text"):
        out, err = io.StringIO(), io.StringIO()
        args = ["--offline", "--lang", "en", "--encoding", "gbk", "--file", str(path), "--column", "号码", "--format", fmt]
        assert cli.main(args, out=out, err=err) == cli.EXIT_OK, err.getvalue()
        assert "13912348888" in out.getvalue()
        assert "not UTF-8" not in err.getvalue()  # named, so not guessed and not announced
