"""Batch input: plain lines, CSV columns by name or position, stdin, and clear errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from numcheck import InputError
from numcheck.inputs import count_numbers, read_numbers


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
