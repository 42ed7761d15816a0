"""Reading numbers for a batch: plain lines or a CSV column, from a file or stdin, lazily.

Plain input: one number per line; blank lines and lines starting with ``#`` are ignored. CSV
input (``column`` given): the column by header name, or by 1-based position (then every row is
data, and a header row simply comes back as an invalid number, which a batch reports, not fails on).
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from numcheck._errors import InputError

STDIN = "-"
_SNIFF_BYTES = 8192
# A plain file is read this many bytes of lines at a time (some 10,000 numbers).
CHUNK_BYTES = 1 << 17


def _open(path: str, stdin: TextIO) -> TextIO:
    if path == STDIN:
        return stdin
    try:
        return open(path, encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error


class InputLine(str):
    """An input number that remembers its 1-based line in the file it came from."""

    line: int

    def __new__(cls, text: str, line: int) -> InputLine:
        value = super().__new__(cls, text)
        value.line = line
        return value


def _plain(handle: TextIO, interactive: bool) -> Iterator[tuple[list[int], list[str]]]:
    """(line numbers, numbers) of a plain file: each line stripped; blank lines and comments left out.

    A file is read ``CHUNK_BYTES`` at a time; stdin a line at a time, so a person typing sees each answer.
    """
    start = 1
    while lines := (handle.readlines(CHUNK_BYTES) if not interactive else handle.readlines(1)):
        texts = [line.strip() for line in lines]
        joined = "\n".join(texts)
        # Checked in C on the joined text; only a chunk holding a blank line or a comment is filtered line by line.
        if all(texts) and not joined.startswith("#") and "\n#" not in joined:
            yield list(range(start, start + len(texts))), texts
        else:
            kept = [(start + offset, text) for offset, text in enumerate(texts) if text and not text.startswith("#")]
            yield [number for number, _ in kept], [text for _, text in kept]
        start += len(lines)


def _column(handle: TextIO, column: str, source: str) -> Iterator[tuple[list[int], list[str]]]:
    # The sample ends at a line boundary so it can be chained with the rest (stdin cannot seek back).
    sample = handle.read(_SNIFF_BYTES) + handle.readline()
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(itertools.chain(io.StringIO(sample), handle), dialect)
    if column.isdigit():
        position = int(column) - 1
        if position < 0:
            raise InputError(f"--column counts from 1, got {column}")
    else:
        header = [name.strip() for name in next(reader, [])]
        if column not in header:
            raise InputError(f"{source} has no column {column!r} (columns: {', '.join(header) or 'none'})")
        position = header.index(column)
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        yield [reader.line_num], [row[position].strip() if position < len(row) else ""]


def read_chunks(path: str, *, column: str | None = None, stdin: TextIO) -> Iterator[tuple[list[int], list[str]]]:
    """The numbers in a file (or stdin for ``-``) with their 1-based line numbers, a chunk at a time; raises `InputError`."""
    source = "stdin" if path == STDIN else path
    handle = _open(path, stdin)
    try:
        yield from (_column(handle, column, source) if column else _plain(handle, interactive=handle is stdin))
    except UnicodeDecodeError as error:
        raise InputError(f"{source} is not UTF-8 text (byte {error.start}); save it as UTF-8 and try again") from error
    except OSError as error:
        raise InputError(f"cannot read {source}: {error.strerror or error}") from error
    finally:
        if handle is not stdin:
            handle.close()


def read_numbers(path: str, *, column: str | None = None, stdin: TextIO) -> Iterator[str]:
    """The numbers in a file (or stdin for ``-``), read lazily, each an `InputLine`; raises `InputError`."""
    for numbers, texts in read_chunks(path, column=column, stdin=stdin):
        yield from map(InputLine, texts, numbers)


def count_numbers(path: str, *, column: str | None = None) -> int | None:
    """How many lines a file holds (for a progress bar's total), or None when it cannot be known cheaply."""
    if path == STDIN:
        return None
    try:
        with Path(path).open("rb") as handle:
            lines = sum(1 for line in handle if line.strip() and not line.lstrip().startswith(b"#"))
    except OSError:
        return None
    return max(0, lines - 1) if column and not column.isdigit() else lines
