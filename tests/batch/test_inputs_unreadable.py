"""Unreadable input lines: named by their true line and byte, skipped one at a time, never the whole input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from numcheck import InputError
from numcheck.inputs import CHUNK_BYTES, MAX_LINE_BYTES, Unreadable, read_numbers


def _read(path: Path, column: str | None = None) -> tuple[list[tuple[int, str]], list[Unreadable]]:
    problems: list[Unreadable] = []
    numbers = read_numbers(str(path), column=column, stdin=io.StringIO(), on_unreadable=problems.append)
    return [(number.line, str(number)) for number in numbers], problems  # type: ignore[attr-defined]


def test_without_a_handler_the_first_bad_line_raises_with_its_true_place(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    good = b"13800138000" + b" " * 100 + b"\n"
    count = CHUNK_BYTES // len(good) + 10  # the bad line lies in the second block read
    path.write_bytes(good * count + b"139\xff\n")
    with pytest.raises(InputError, match=rf"line {count + 1} \(byte {len(good) * count + 3}\): not UTF-8"):
        list(read_numbers(str(path), stdin=io.StringIO()))


def test_bad_lines_are_skipped_and_line_numbers_stay_true(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes(b"\xef\xbb\xbf13800138000\r\n\xe9\r\n# note\n" + b"9" * (MAX_LINE_BYTES + 5) + b"\n13900139000\r13700137000\n")
    numbers, problems = _read(path)
    assert numbers == [(1, "13800138000"), (5, "13900139000"), (6, "13700137000")]
    assert [(problem.line, problem.byte) for problem in problems] == [(2, 16), (4, 26)]
    assert "not UTF-8" in problems[0].why
    assert "longer than 128 KB" in problems[1].why


def test_an_over_long_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_bytes(b"13800138000\n" + b"x" * (3 * CHUNK_BYTES))
    numbers, problems = _read(path)
    assert numbers == [(1, "13800138000")]
    assert [(problem.line, problem.byte) for problem in problems] == [(2, 12)]


def test_a_quoted_csv_field_past_the_limit_across_lines_is_reported_not_fatal(tmp_path: Path) -> None:
    """Each physical line is short, but the quoted field spans 200 of them: the csv module's own limit is reported.

    (The lines after such a field cannot be told apart from the field's own: they may come back as invalid numbers.)
    """
    path = tmp_path / "offer.csv"
    note = "".join("x" * 999 + "\n" for _ in range(200))
    path.write_text(f'id,number,note\n1,13800138000,a\n2,13700137000,"{note}"\n', encoding="utf-8")
    numbers, problems = _read(path, column="number")
    assert numbers[0] == (2, "13800138000")
    assert len(problems) == 1
    assert "not readable as CSV (field larger than field limit" in problems[0].why
    assert 3 < problems[0].line < 205
