"""Batch input: plain lines, CSV columns by name or position, stdin, and clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from numcheck import InputError
from numcheck.inputs import CHUNK_BYTES, count_numbers, read_chunks, read_numbers


def test_plain_lines_skip_blanks_and_comments(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("\ufeff13800138000\n\n# shop list\n  139 0013 9000  \n", encoding="utf-8")
    assert list(read_numbers(str(path), stdin=io.StringIO())) == ["13800138000", "139 0013 9000"]
    assert count_numbers(str(path)) == 2


def test_csv_column_by_name_and_by_position(tmp_path: Path) -> None:
    """A header name picks the column; a number counts from 1, and a first row with no digit there is its header."""
    path = tmp_path / "offer.csv"
    path.write_text('price;number;note\n12000;13800138000;"lucky; 8s"\n\n9000;+86 139 0013 9000;\n', encoding="utf-8")
    assert list(read_numbers(str(path), column="number", stdin=io.StringIO())) == ["13800138000", "+86 139 0013 9000"]
    assert list(read_numbers(str(path), column="2", stdin=io.StringIO())) == ["13800138000", "+86 139 0013 9000"]
    assert count_numbers(str(path), column="number") == 2


def test_csv_from_stdin() -> None:
    stdin = io.StringIO("id,phone\n1,13800138000\n2,13900139000\n")
    assert list(read_numbers("-", column="phone", stdin=stdin)) == ["13800138000", "13900139000"]


def test_errors_are_input_errors(tmp_path: Path) -> None:
    """Missing file, missing column and non-UTF-8 bytes each give one clear InputError."""
    with pytest.raises(InputError, match="cannot read"):
        list(read_numbers(str(tmp_path / "missing.txt"), stdin=io.StringIO()))
    path = tmp_path / "offer.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no column 'phone'"):
        list(read_numbers(str(path), column="phone", stdin=io.StringIO()))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("13800138000\n\xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        list(read_numbers(str(latin), stdin=io.StringIO()))


def test_a_column_comes_a_block_of_rows_at_a_time(tmp_path: Path) -> None:
    """Not a chunk per row: the bulk path's work is per chunk, and a chunk a row made --column 60 times slower."""
    path = tmp_path / "offer.csv"
    rows = [f"客户{index},{13800000000 + index},备注" for index in range(CHUNK_BYTES // 10)]
    path.write_text("姓名,手机号,备注\n" + "\n".join(rows) + "\n", encoding="utf-8")
    for column in ("2", "手机号"):
        chunks = list(read_chunks(str(path), column=column, stdin=io.StringIO()))
        assert [line for lines, _ in chunks for line in lines] == list(range(2, len(rows) + 2))
        assert [cell for _, cells in chunks for cell in cells] == [str(13800000000 + index) for index in range(len(rows))]
        assert 1 < len(chunks) < len(rows) // 1000
