"""The streamed batch table: one row per input line, laid out once for the terminal's width.

Columns, left to right: line, number, carrier, province, verdict, the four risk levels, coverage, and a note
(where the number is registered, else its strongest reason). Widths are counted in terminal cells
(`numcheck.render.cells`), so Chinese names align. When the width (``COLUMNS``, else the terminal's, else 80) cannot
hold every column, whole columns give way in this order: the four levels, coverage, province, carrier; the note
takes what is left and is cut at a word boundary with an ellipsis. Line, number and verdict always show; a row
never runs past the width unless even those three cannot fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from numcheck.render.cells import cut, pad, width
from numcheck.render.text import Paint


class Column(NamedTuple):
    """One column: its name (the key of a row's cells), its header, its width in cells and its alignment."""

    name: str
    header: str
    cells: int
    align: str = "<"


LEVEL_COLUMNS = (
    Column("bindings", "bind", 7),
    Column("debt_collection", "debt", 7),
    Column("harassment", "harass", 7),
    Column("recycling", "recyc", 7),
)
COLUMNS = (
    Column("line", "line", 5, ">"),
    Column("number", "number", 14),
    Column("carrier", "carrier", 13),
    Column("province", "province", 10),
    Column("verdict", "verdict", 15),
    *LEVEL_COLUMNS,
    Column("cover", "cover", 5, ">"),
)
# Whole groups of columns that give way, first to last, when the width cannot hold them all.
GIVE_WAY = (tuple(column.name for column in LEVEL_COLUMNS), ("cover",), ("province",), ("carrier",))
# The narrowest note worth showing; below it the note gives way too.
NOTE_MIN = 12
NOTE_GAP = 2  # before the note, as after the line number
_AFTER = {"line": 2}  # cells after a column before the next (1 for the others)

# A cell: its text and how to paint it (a Paint style, or None).
Cell = tuple[str, str | None]


class Layout(NamedTuple):
    """Which columns a table shows, and how many cells its note gets (0: no note)."""

    columns: tuple[Column, ...]
    note: int

    def used(self) -> int:
        """Cells the fixed columns take, with the gaps between them (not the note)."""
        return sum(column.cells + _AFTER.get(column.name, 1) for column in self.columns) - 1


def layout(total: int, columns: Sequence[Column] = COLUMNS) -> Layout:
    """The columns that fit in ``total`` cells, dropping `GIVE_WAY` groups in order, and the note's width.

    The note is dropped last, when even line, number and verdict leave it less than `NOTE_MIN` cells.
    """
    shown = tuple(columns)
    for group in ((), *GIVE_WAY):
        shown = tuple(column for column in shown if column.name not in group)
        note = total - Layout(shown, 0).used() - NOTE_GAP
        if note >= NOTE_MIN:
            return Layout(shown, note)
    return Layout(shown, 0)


def header(plan: Layout, *, colour: bool = False, words: Mapping[str, str] | None = None, note: str = "note") -> str:
    """The header line of a table laid out as ``plan`` (``words``: each column's header in the reader's language)."""
    words = words or {}
    cells = {column.name: (words.get(column.name, column.header), None) for column in plan.columns}
    return Paint(colour)(_line(plan, cells, (note, None), Paint(False)), "bold") + "\n"


def row(plan: Layout, cells: Mapping[str, Cell], note: Cell, *, colour: bool = False) -> str:
    """One row: ``cells`` by column name (a column missing from them is blank), then the note."""
    return _line(plan, cells, note, Paint(colour)) + "\n"


def problem_row(plan: Layout, line: int, shown_input: str, problem: str, *, colour: bool = False) -> str:
    """A line with no report (invalid, duplicate): its line number, what it held, and why, across the other columns."""
    line_column, number = plan.columns[0], plan.columns[1]
    start = line_column.cells + _AFTER["line"] + number.cells + 1
    text = f"{pad(str(line), line_column.cells, '>')}  {pad(cut(shown_input, number.cells), number.cells)} "
    return text + Paint(colour)(cut(problem, max(0, _total(plan) - start)), "grey") + "\n"


def _total(plan: Layout) -> int:
    """The cells a row of ``plan`` may take."""
    return plan.used() + (NOTE_GAP + plan.note if plan.note else 0)


def _line(plan: Layout, cells: Mapping[str, Cell], note: Cell, paint: Paint) -> str:
    parts: list[str] = []
    used = 0
    for column in plan.columns:
        text, style = cells.get(column.name, ("", None))
        # The number is never cut: a long foreign number pushes the row on, and the note gives the room back.
        padded = pad(text if column.name == "number" else cut(text, column.cells), column.cells, column.align)
        gap = _AFTER.get(column.name, 1)
        parts += [paint(padded, style) if style else padded, " " * gap]
        used += width(padded) + gap
    if plan.note:
        text, style = note
        shown = cut(text, _total(plan) - (used - 1 + NOTE_GAP))
        parts += [" " * (NOTE_GAP - 1), paint(shown, style) if style else shown]
    return "".join(parts).rstrip(" ")
