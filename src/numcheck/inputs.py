"""Reading numbers for a batch: plain lines or a CSV column, from a file or stdin, lazily.

Plain input: one number per line; blank lines and lines starting with ``#`` are ignored, and so is a first line
of content that is a column's title (`column_title`: 手机号, phone), said to ``on_header``. CSV
input (``column`` given): the column by header name, or by 1-based position (then a first row whose
cell in that column holds no digit is a header, left out; every other row is data). Tabs, commas,
semicolons and bars are told apart by the csv module's sniffer. A UTF-16 or UTF-32 file (with a
byte-order mark, named as ``encoding``, or by the NULs of its first bytes) is decoded first (`numcheck.widetext`);
other first bytes holding a NUL are a binary file, refused. The lines themselves, their
encodings and the ones that cannot be read, are `numcheck.input_lines`'; its names are importable from here too.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple, TextIO

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
    "Header",
    "InputLine",
    "OnDecoding",
    "OnHeader",
    "OnUnreadable",
    "Unreadable",
    "column_title",
    "count_numbers",
    "encoding_named",
    "read_chunks",
    "read_numbers",
]


class Header(NamedTuple):
    """A first line left out as a column's title: where it is and what it says (``line`` counts from 1)."""

    source: str
    line: int
    text: str


OnHeader = Callable[[Header], None]
# What a column's title holds besides letters and spaces (号码(必填)、Mobile No.、电话/手机、"手机号"); a comma, a tab,
# a semicolon or a bar makes a row of several titles, which a plain list is not (the CSV hint names --column then).
_TITLE_MARKS = frozenset("_-/()（）:：.·・、&'\"“”‘’[]【】")
# A column's title is a few words (手机号码（中国大陆） is 10 characters): a longer line is a sentence, judged as an input.
_TITLE_CHARS = 40
# What the title of a column of phone numbers says, in Chinese (simplified and traditional) and English: a first line
# of letters without one of these (abc, nope, 姓名) is an input to judge, as it always was.
_TITLE_WORDS = re.compile(
    r"手机|手機|电话|電話|号|號|联系|聯繫|座机|固话|移动|phone|mobile|number|msisdn|contact|cell|\btel\b|\bno\b|\bnum\b|\bnr\b",
    re.IGNORECASE,
)


def column_title(text: str) -> bool:
    """Whether ``text``, the first line of a plain list (stripped), is a column's title (手机号, phone) and not a number.

    It holds no digit at all (a line with one is judged as a number, however short or odd), nothing but letters,
    spaces and the marks titles use, and a word a phone column's title has (号, 电话, 手机, 联系, phone, mobile,
    number, tel, no ...): ``abc`` or ``姓名`` alone is an input to judge. The one rule both the readers (`read_chunks`)
    and the progress count (`count_numbers`) follow.
    """
    if len(text) > _TITLE_CHARS or any(char.isdigit() for char in text):
        return False
    return all(char.isalpha() or char == " " or char in _TITLE_MARKS for char in text) and _TITLE_WORDS.search(text) is not None


def _plain(lines: Lines, on_header: OnHeader | None) -> Iterator[tuple[list[int], list[str]]]:
    """(line numbers, numbers) of a plain file: each line stripped; blank lines, comments and a title line left out."""
    looking = True  # for the first line of content: a column's title, or the first number
    for numbers, raw in lines.blocks():
        texts = [line.strip() for line in raw]
        joined = "\n".join(texts)
        # Checked in C on the joined text; only a chunk holding a blank line or a comment is filtered line by line.
        if not (all(texts) and not joined.startswith("#") and "\n#" not in joined):
            kept = [(number, text) for number, text in zip(numbers, texts, strict=True) if text and not text.startswith("#")]
            numbers, texts = [number for number, _ in kept], [text for _, text in kept]
        if looking and texts:
            looking = False
            if column_title(texts[0]):
                if on_header is not None:
                    on_header(Header(lines.source, numbers[0], texts[0]))
                numbers, texts = numbers[1:], texts[1:]
        yield numbers, texts


def _column(lines: Lines, column: str, source: str, on_header: OnHeader | None) -> Iterator[tuple[list[int], list[str]]]:
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
            if on_header is not None:
                on_header(Header(source, true_line(), ",".join(header)))
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
                if on_header is not None:
                    on_header(Header(source, true_line(), row[position].strip()))
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
    on_header: OnHeader | None = None,
) -> Iterator[tuple[list[int], list[str]]]:
    """The numbers in a file (or stdin for ``-``) with their 1-based line numbers, a chunk at a time; raises `InputError`.

    The file is read as ``encoding`` when given; else as UTF-8, unless its first lines that are not ASCII are all
    not UTF-8 and most are GB18030 (what Excel saves on Chinese Windows): then as GB18030; or, its first bytes holding
    NULs, as the UTF-16 or UTF-32 they are by their shape (`numcheck.widetext.unmarked`). What was found is passed to
    ``on_decoding`` as a `Decoding` (read as GB18030; neither encoding; UTF-8 mixed with another; wide text without a
    byte-order mark). First bytes with a NUL that are no wide text are a binary file: `InputError`, before any line.

    A line that is not in the encoding or is longer than `MAX_LINE_BYTES` (or a CSV record the csv module cannot read) raises
    `InputError` naming its line and byte offset, unless ``on_unreadable`` is given: then that line is passed to it as
    an `Unreadable` and skipped, and reading goes on.

    A header left out is passed to ``on_header`` as a `Header`: a plain file's first line of content when it is a
    column's title (`column_title`), the row naming ``column``, or a first row whose cell at position ``column`` holds
    no digit.
    """
    source = "stdin" if path == STDIN else path
    codec = None if encoding is None else encoding_named(encoding)  # an unusable name is refused before the file is opened
    handle, owned = open_input(path, stdin)
    try:
        # Excel's "Unicode Text" (UTF-16 LE, with a byte-order mark) is found by its mark, as a UTF-8 mark is.
        found = opened(handle, interactive=owned is None, named=codec)
        if not found.holds_text:
            raise input_error("inputs.not_wide", source=source, encoding=family(codec or ""))
        if found.binary:
            raise input_error("inputs.binary", source=source)
        if found.guessed and on_decoding is not None:
            on_decoding(Decoding(source, "wide", found.codec or ""))
        lines = Lines(
            found.reader,
            source,
            interactive=owned is None,
            on_unreadable=on_unreadable,
            encoding=encoding,
            on_decoding=on_decoding,
            wide=found.codec,
        )
        yield from (_column(lines, column, source, on_header) if column else _plain(lines, on_header))
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
    on_header: OnHeader | None = None,
) -> Iterator[str]:
    """The numbers in a file (or stdin for ``-``), read lazily, each an `InputLine`; raises `InputError` (see `read_chunks`)."""
    chunks = read_chunks(
        path, column=column, stdin=stdin, on_unreadable=on_unreadable, encoding=encoding, on_decoding=on_decoding, on_header=on_header
    )
    for numbers, texts in chunks:
        yield from map(InputLine, texts, numbers)


def count_numbers(path: str, *, column: str | None = None, encoding: str | None = None) -> int | None:
    """How many numbers a file holds (for a progress bar's total), or None when it cannot be known cheaply.

    Its lines that are not blank or a comment, less the header the reader leaves out: whether there is one is asked
    of `read_chunks` itself, reading the file's first rows (one block), so the count and the reading never judge a
    first line two ways. An input the reader refuses (a binary file, no such column) has no count.
    """
    if path == STDIN:
        return None
    headers: list[Header] = []
    try:
        for numbers, _ in read_chunks(
            path, column=column, stdin=io.StringIO(), encoding=encoding, on_unreadable=_ignored, on_header=headers.append
        ):
            if numbers or headers:
                break  # the first line of content is past: a header, if any, is left out by now
        codec = None if encoding is None else encoding_named(encoding)
        with Path(path).open("rb") as handle:
            lines = _counted(opened(handle, interactive=False, named=codec).reader)
    except (InputError, OSError):
        return None
    return max(0, lines - len(headers))


def _ignored(_: Unreadable) -> None:
    """Unreadable lines go uncounted: the count is the progress bar's, not the summary's."""


def _counted(reader: Reads) -> int:
    """How many lines that are not blank or a comment ``reader`` holds."""
    lines = 0
    for block in raw_lines(reader, interactive=False):
        for item in block:
            if isinstance(item, int) or (item.strip() and not item.lstrip().startswith(b"#")):
                lines += 1
    return lines
