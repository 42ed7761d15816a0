"""Pieces of batch output lines, written exactly as the per-number writers write them (`numcheck.render`).

The per-number writers put every line through the csv module or the JSON encoder. Here a cell or a string
that either would leave as it stands (most are: numbers, written-out forms, the fixed problem lines) is
written directly, and anything else is handed to those same writers; ``tests/bulk/test_lines.py`` compares
the two on generated text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from numcheck._text import csv_cell
from numcheck.render.batch import CSV_FIELDS, compact_json

# Characters for which the csv module quotes a cell (with the delimiter and the quote, "\n": the per-number
# writer's line terminator; only printable text is written directly, so that is the csv module's to judge).
_QUOTED = frozenset(',"')
# Problem lines (invalid, duplicate) have only line, index, input and problem: the cells between are empty.
_EMPTY_CELLS = "," * (len(CSV_FIELDS) - 3)


class CsvCells:
    """CSV text of some cells, quoted exactly as the csv module quotes a row (one writer, reused)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        # The per-number writer's own line terminator: the csv module quotes a cell holding it.
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def __call__(self, values: Iterable[object]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([csv_cell(value) for value in values])
        return self._buffer.getvalue()[:-1]

    def cell(self, text: str) -> str:
        """One text cell (formula-guarded, quoted as the csv module would)."""
        guarded = csv_cell(text)
        assert isinstance(guarded, str)
        if guarded.isprintable() and _QUOTED.isdisjoint(guarded):
            return guarded  # "" too: an empty cell among others is written as nothing
        return self((text,))


def json_text(text: str) -> str:
    """``text`` as compact, ASCII-only JSON, as `numcheck.render.batch.compact_json` writes it."""
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return compact_json(text)


class ProblemLines:
    """The lines of inputs with no report (invalid, or a duplicate), in CSV or JSON Lines."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self._cells = CsvCells()
        self._problems: dict[str, str] = {}

    def _problem(self, problem: str) -> str:
        written = self._problems.get(problem)
        if written is None:
            written = self._problems[problem] = self._cells.cell(problem) if self.fmt == "csv" else json_text(problem)
        return written

    def line(self, line: int, index: int, text: str, problem: str) -> str:
        if self.fmt == "csv":
            return f"{line},{index},{self._cells.cell(text)}{_EMPTY_CELLS}{self._problem(problem)}\n"
        return f'{{"line":{line},"index":{index},"input":{json_text(text)},"problem":{self._problem(problem)}}}\n'
