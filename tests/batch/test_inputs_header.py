"""--column N and a header row: a first row with no digit in that column is its header, not an invalid number."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from numcheck import cli
from numcheck.inputs import count_numbers, read_numbers


def _numbers(path: Path, column: str) -> list[tuple[int, str]]:
    return [(number.line, str(number)) for number in read_numbers(str(path), column=column, stdin=io.StringIO())]  # type: ignore[attr-defined]


@pytest.mark.parametrize("header", ["name,phone", "姓名,手机号", "姓名,", "1,手机号"])
def test_a_header_row_is_left_out_by_position_as_by_name(tmp_path: Path, header: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"{header}\n张三,13800138000\n李四,139 1234 8888\n", encoding="utf-8")
    assert _numbers(path, "2") == [(2, "13800138000"), (3, "139 1234 8888")]
    assert count_numbers(str(path), column="2") == 2  # the count asks the reader, which judges the chosen cell


@pytest.mark.parametrize("first", ["138001380", "手机号（11位）"])
def test_a_first_cell_with_a_digit_stays_a_number_to_judge(tmp_path: Path, first: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"张三,{first}\n李四,13800138000\n", encoding="utf-8")
    assert _numbers(path, "2") == [(1, first), (2, "13800138000")]
    assert count_numbers(str(path), column="2") == 2


def test_only_the_first_row_can_be_a_header(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("\n手机号\n13800138000\n无\n", encoding="utf-8")
    assert _numbers(path, "1") == [(3, "13800138000"), (4, "无")]


def test_the_summary_counts_no_header_as_invalid(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("姓名,手机号\n张三,13800138000\n李四,138001380\n", encoding="utf-8")
    by_name, by_position = (io.StringIO(), io.StringIO()), (io.StringIO(), io.StringIO())
    assert cli.main(["--offline", "--file", str(path), "--column", "手机号"], out=by_name[0], err=by_name[1]) == cli.EXIT_OK
    assert cli.main(["--offline", "--file", str(path), "--column", "2"], out=by_position[0], err=by_position[1]) == cli.EXIT_OK
    assert by_position[1].getvalue() == by_name[1].getvalue() == "numcheck: 1 checked, 1 invalid, 0 duplicate\n"
    assert by_position[0].getvalue() == by_name[0].getvalue()
