"""Reading numbers for a batch: plain lines or a CSV column, from a file or stdin, lazily.

Plain input: one number per line; blank lines and lines starting with ``#`` are ignored. CSV
input (``column`` given): the column by header name, or by 1-based position (then a first row whose
cell in that column holds no digit is a header, left out; every other row is data). Tabs, commas,
semicolons and bars are told apart by the csv module's sniffer. A UTF-16 or UTF-32 file (with a
byte-order mark, or named as ``encoding``) is decoded first (`numcheck.widetext`). The lines themselves, their
encodings and the ones that cannot be read, are `numcheck.input_lines`'; its names are importable from here too.
"""

from __future__ import annotations

import csv
import itertools
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from numcheck._errors import InputError
from numcheck.input_lines import (
    CHUNK_BYTES,
    GB18030,
    MAX_LINE_BYTES,
    STDIN,
    UTF8,
    Decoding,
    InputLine,
    Lines,
    OnDecoding,
    OnUnreadable,
    Unreadable,
    encoding_named,
    input_error,
    open_input,
    raw_lines,
)
from numcheck.messages import say
from numcheck.widetext import Reads, family, opened

_SNIFF_BYTES = 8192

__all__ = [
    "CHUNK_BYTES",
    "GB18030",
    "MAX_LINE_BYTES",
    "STDIN",
    "UTF8",
    "Decoding",
    "InputLine",
    "OnDecoding",
    "OnUnreadable",
    "Unreadable",
    "count_numbers",
    "encoding_named",
    "read_chunks",
    "read_numbers",
]


def _plain(lines: Lines) -> Iterator[tuple[list[int], list[str]]]:
    """(line numbers, numbers) of a plain file: each line stripped; blank lines and comments left out."""
    for numbers, raw in lines.blocks():
        texts = [line.strip() for line in raw]
        joined = "\n".join(texts)
        # Checked in C on the joined text; only a chunk holding a blank line or a comment is filtered line by line.
        if all(texts) and not joined.startswith("#") and "\n#" not in joined:
            yield numbers, texts
        else:
            kept = [(number, text) for number, text in zip(numbers, texts, strict=True) if text and not text.startswith("#")]
            yield [number for number, _ in kept], [text for _, text in kept]


def _column(lines: Lines, column: str, source: str) -> Iterator[tuple[list[int], list[str]]]:
    # The csv reader counts the lines it is fed; skipped lines make that differ from the true line number, so each
    # block's true numbers are kept (only until the reader is past them) and looked up by the reader's count.
    blocks: deque[tuple[int, list[int]]] = deque()  # (index among the fed lines of the block's first, its true numbers)
    fed = 0

    def feed() -> Iterator[list[str]]:
        nonlocal fed
        for numbers, texts in lines.blocks():
            blocks.append((fed, numbers))
            fed += len(numbers)
            yield texts  # without line endings: the csv module ends each line itself, inside a quoted field too

    source_lines = itertools.chain.from_iterable(feed())
    # The sample is whole lines so it can be chained with the rest (stdin cannot seek back).
    sample: list[str] = []
    size = 0
    for text in source_lines:
        sample.append(text)
        size += len(text) + 1
        if size >= _SNIFF_BYTES:
            break
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff("\n".join(sample) + "\n", delimiters=",;\t|")
    except csv.Error:
        # Excel's "Unicode Text" and other exports separate columns with tabs: a sample with tabs and no comma is such.
        tabs = any("\t" in text for text in sample) and not any("," in text for text in sample)
        dialect = csv.excel_tab if tabs else csv.excel
    reader = csv.reader(itertools.chain(sample, source_lines), dialect)

    def true_line() -> int:
        last = reader.line_num - 1  # the last line the reader took, counted among the fed lines from 0
        while len(blocks) > 1 and last >= blocks[1][0]:
            blocks.popleft()
        first, numbers = blocks[0]
        return numbers[last - first]

    first, numbers = -1, list[int]()  # the block of the last row, kept at hand: looking it up per row doubled the reading time

    position = -1
    checked_width = False
    if column.isdigit():
        position = int(column) - 1
        if position < 0:
            raise input_error("inputs.column_from_one", column=column)
    # The rows of one block of the file go out as one chunk (the bulk path's NumPy work is per chunk: a chunk a row made
    # --column 60 times slower), handed on before the reader asks for the next block (for stdin, past the sniffed
    # sample, the next line), so a chunk never waits for input it does not hold.
    chunk_lines: list[int] = []
    chunk_cells: list[str] = []
    while True:
        if chunk_lines and reader.line_num >= fed:
            yield chunk_lines, chunk_cells
            chunk_lines, chunk_cells = [], []
        try:
            row = next(reader)
        except StopIteration:
            if chunk_lines:
                yield chunk_lines, chunk_cells
            return
        except csv.Error as error:  # a quoted field past the csv module's limit: this record only
            lines.skip(say("inputs.why.not_csv", error=str(error)), line=true_line())
            continue
        if position < 0:
            header = [name.strip() for name in row]
            if column not in header:
                if not any(header):
                    raise input_error("inputs.no_columns", source=source, column=column)
                raise input_error("inputs.no_column", source=source, column=column, columns=header)
            position = header.index(column)
            continue
        if not any(cell.strip() for cell in row):
            continue
        if not checked_width:
            # Past the first row's last column is a mistake in the command, not a file of empty numbers.
            if position >= len(row):
                many = "many" if len(row) != 1 else "one"
                raise input_error(f"inputs.column_past_end.{many}", source=source, count=len(row), column=column)
            checked_width = True
            if not any(char.isdigit() for char in row[position]):
                # A header (手机号, phone): left out, as a column named by its header leaves it. A first cell with a
                # digit is a number however short (138001380), and is judged as one.
                continue
        at = reader.line_num - 1 - first
        if not 0 <= at < len(numbers):
            line = true_line()
            first, numbers = blocks[0]
        else:
            line = numbers[at]
        cell = row[position].strip() if position < len(row) else ""
        if not cell or cell.startswith("#"):
            # Left out as check_many leaves them out, so that the bulk path (which reads these chunks) agrees with it.
            continue
        chunk_lines.append(line)
        chunk_cells.append(cell)


def read_chunks(
    path: str,
    *,
    column: str | None = None,
    stdin: TextIO,
    on_unreadable: OnUnreadable | None = None,
    encoding: str | None = None,
    on_decoding: OnDecoding | None = None,
) -> Iterator[tuple[list[int], list[str]]]:
    """The numbers in a file (or stdin for ``-``) with their 1-based line numbers, a chunk at a time; raises `InputError`.

    The file is read as ``encoding`` when given; else as UTF-8, unless its first lines that are not ASCII are all
    not UTF-8 and most are GB18030 (what Excel saves on Chinese Windows): then as GB18030. What was found is passed to
    ``on_decoding`` as a `Decoding` (read as GB18030; neither encoding; UTF-8 mixed with another).

    A line that is not in the encoding or is longer than `MAX_LINE_BYTES` (or a CSV record the csv module cannot read) raises
    `InputError` naming its line and byte offset, unless ``on_unreadable`` is given: then that line is passed to it as
    an `Unreadable` and skipped, and reading goes on.
    """
    source = "stdin" if path == STDIN else path
    codec = None if encoding is None else encoding_named(encoding)  # an unusable name is refused before the file is opened
    handle, owned = open_input(path, stdin)
    try:
        # Excel's "Unicode Text" (UTF-16 LE, with a byte-order mark) is found by its mark, as a UTF-8 mark is.
        found = opened(handle, interactive=owned is None, named=codec)
        if not found.holds_text:
            raise input_error("inputs.not_wide", source=source, encoding=family(codec or ""))
        lines = Lines(
            found.reader,
            source,
            interactive=owned is None,
            on_unreadable=on_unreadable,
            encoding=encoding,
            on_decoding=on_decoding,
            wide=found.codec,
        )
        yield from (_column(lines, column, source) if column else _plain(lines))
    except OSError as error:
        raise input_error("inputs.cannot_read", path=source, error=str(error.strerror or error)) from error
    finally:
        if owned is not None:
            owned.close()


def read_numbers(
    path: str,
    *,
    column: str | None = None,
    stdin: TextIO,
    on_unreadable: OnUnreadable | None = None,
    encoding: str | None = None,
    on_decoding: OnDecoding | None = None,
) -> Iterator[str]:
    """The numbers in a file (or stdin for ``-``), read lazily, each an `InputLine`; raises `InputError` (see `read_chunks`)."""
    chunks = read_chunks(path, column=column, stdin=stdin, on_unreadable=on_unreadable, encoding=encoding, on_decoding=on_decoding)
    for numbers, texts in chunks:
        yield from map(InputLine, texts, numbers)


def count_numbers(path: str, *, column: str | None = None, encoding: str | None = None) -> int | None:
    """How many lines a file holds (for a progress bar's total), or None when it cannot be known cheaply.

    A header row is left out of the count: always for a column named by its header, and for a column given by
    position when the first line holds no digit (as `read_chunks` judges by the chosen cell).
    """
    if path == STDIN:
        return None
    try:
        codec = None if encoding is None else encoding_named(encoding)
    except InputError:
        return None
    try:
        with Path(path).open("rb") as handle:
            lines, first = _counted(opened(handle, interactive=False, named=codec).reader)
    except OSError:
        return None
    if column and (not column.isdigit() or (first is not None and not any(char.isdigit() for char in first))):
        return max(0, lines - 1)
    return lines


def _counted(reader: Reads) -> tuple[int, str | None]:
    """How many lines that are not blank or a comment ``reader`` holds, and the first of them (decoded as it can be)."""
    lines, first = 0, None
    for block in raw_lines(reader, interactive=False):
        for item in block:
            if isinstance(item, int):
                lines += 1
            elif item.strip() and not item.lstrip().startswith(b"#"):
                lines += 1
                if first is None:
                    first = item.decode(UTF8, "replace")
    return lines, first
