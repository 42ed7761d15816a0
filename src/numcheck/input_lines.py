"""An input's bytes as numbered lines of text: its encoding (UTF-8, GB18030, UTF-16/32), over-long and unreadable lines.

`numcheck.inputs` reads numbers from these lines (plain, or a CSV column); this module knows nothing of numbers.
A line that cannot be read is reported with its line number and byte offset and skipped, never the whole input.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from typing import BinaryIO, NamedTuple, TextIO

from numcheck._errors import InputError, with_message
from numcheck.messages import Message, english, say
from numcheck.widetext import BAD, CUT, WIDE, Reads, family

STDIN = "-"
# A plain file is read this many bytes of lines at a time (some 10,000 numbers).
CHUNK_BYTES = 1 << 17
# The csv module's own field limit (131,072): no list of phone numbers has a line this long, and reading one
# whole would let a single line cost any amount of memory. Longer lines are skipped, never held.
MAX_LINE_BYTES = 1 << 17
_BOM = b"\xef\xbb\xbf"
UTF8 = "utf-8"
# What Excel on Chinese Windows saves a CSV as (code page 936, GBK, which GB18030 contains): the one encoding other
# than UTF-8 a file of Chinese numbers is commonly in, so the only one guessed; any other is named with ``encoding``.
GB18030 = "gb18030"


class Unreadable(NamedTuple):
    """A line of the input that could not be read (not UTF-8, too long, broken CSV); the rest of the input still is.

    ``line`` is its 1-based line number, ``byte`` the 0-based offset in the file of the first bad byte (or of the
    line; -1 when not known: a CSV record the csv module could not parse).
    """

    source: str
    line: int
    byte: int
    reason: Message

    @property
    def why(self) -> str:
        """Why the line could not be read, in English."""
        return english(self.reason)

    def said(self) -> Message:
        """The whole problem (where, and why) as a message, for the reader's language."""
        if self.byte >= 0:
            return say("inputs.unreadable", source=self.source, line=self.line, byte=self.byte, why=self.reason)
        return say("inputs.unreadable_csv", source=self.source, line=self.line, why=self.reason)

    def __str__(self) -> str:
        return english(self.said())


OnUnreadable = Callable[[Unreadable], None]


class Decoding(NamedTuple):
    """What reading found about a file's encoding, for one line on stderr.

    ``found`` is ``"detected"`` (not UTF-8, read as ``encoding``), ``"neither"`` (neither UTF-8 nor GB18030: the lines
    that are not UTF-8 are skipped), ``"mixed"`` (UTF-8 lines and lines in another encoding: those are skipped) or
    ``"wide"`` (no byte-order mark, but UTF-16 or UTF-32 text by its shape: read as ``encoding``, with its byte order).
    """

    source: str
    found: str
    encoding: str


OnDecoding = Callable[[Decoding], None]


def encoding_named(name: str) -> str:
    """The codec ``name`` stands for (``gbk``, ``GB18030``, ``utf8``, ``utf-16`` ...), if lines of numbers can be read in it; else `InputError`.

    Lines are split on the byte ``\\n`` and the digits must be their ASCII bytes: UTF-16 and UTF-32 are decoded first
    (`numcheck.widetext`); any other encoding that writes them otherwise (EBCDIC) is refused.
    """
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise input_error("inputs.no_such_encoding", name=name) from None
    if codec in WIDE:
        return codec
    try:
        ascii_compatible = "+0123456789\n,;".encode(codec) == b"+0123456789\n,;"
    except (UnicodeError, LookupError, TypeError):
        ascii_compatible = False
    if not ascii_compatible:
        raise input_error("inputs.not_ascii_encoding", name=name)
    return codec


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


class _Encoded:
    """A text stream (io.StringIO standing in for stdin) read as the UTF-8 bytes it holds."""

    def __init__(self, text: TextIO) -> None:
        self._text = text

    def read(self, size: int = -1, /) -> bytes:
        return self._text.read(size).encode("utf-8", "surrogatepass")

    def readline(self, size: int = -1, /) -> bytes:
        return self._text.readline(size).encode("utf-8", "surrogatepass")


def open_input(path: str, stdin: TextIO) -> tuple[Reads, BinaryIO | None]:
    """The bytes to read, and the file to close afterwards (None for stdin)."""
    if path == STDIN:
        buffer = getattr(stdin, "buffer", None)
        # Bytes, not the text wrapper: its decoder fails a whole read at once, at an offset within that read.
        return (buffer if buffer is not None else _Encoded(stdin)), None
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed by read_chunks
    except OSError as error:
        raise input_error("inputs.cannot_read", path=path, error=str(error.strerror or error)) from error
    return handle, handle


class InputLine(str):
    """An input number that remembers its 1-based line in the file it came from."""

    line: int

    def __new__(cls, text: str, line: int) -> InputLine:
        value = super().__new__(cls, text)
        value.line = line
        return value


def raw_lines(handle: Reads, interactive: bool) -> Iterator[list[bytes | int]]:
    """Lines as bytes without their b"\\n", a block at a time; a line over MAX_LINE_BYTES comes as its length only.

    Memory stays bounded: an over-long line is counted while it is read, never kept.
    """
    head = b""  # the start of a line whose end is not read yet
    over = -1  # while >= 0: the current line is over-long, and this is its length so far
    size = MAX_LINE_BYTES + 1 if interactive else CHUNK_BYTES
    while block := (handle.readline(size) if interactive else handle.read(size)):
        parts: list[bytes] = block.split(b"\n")
        tail = parts.pop()
        if parts:
            first = parts[0]
            lines: list[bytes | int]
            if over >= 0:
                lines, over = [over + len(first)], -1
            else:
                first, head = head + first, b""
                lines = [first if len(first) <= MAX_LINE_BYTES else len(first)]
            rest: list[bytes | int] = list(parts[1:])
            if rest and max(map(len, parts[1:])) > MAX_LINE_BYTES:
                rest = [part if len(part) <= MAX_LINE_BYTES else len(part) for part in parts[1:]]
            lines += rest
            yield lines
        if over >= 0:
            over += len(tail)
        else:
            head += tail
            if len(head) > MAX_LINE_BYTES:
                over, head = len(head), b""
    if over >= 0:
        yield [over]
    elif head:
        yield [head]


def _split_cr(text: str) -> list[str]:
    """One newline-free line of text as the lines a lone carriage return makes of it (as text mode with newline='' does)."""
    pieces = text.split("\r")
    return pieces[:-1] if text.endswith("\r") else pieces


class Lines:
    """Decoded lines with their true line numbers and byte offsets; unreadable ones reported, or raised as `InputError`."""

    def __init__(
        self,
        handle: Reads,
        source: str,
        *,
        interactive: bool,
        on_unreadable: OnUnreadable | None,
        encoding: str | None = None,
        on_decoding: OnDecoding | None = None,
        wide: str | None = None,
    ) -> None:
        self._blocks = raw_lines(handle, interactive)
        # A UTF-16/32 file comes decoded, as UTF-8 (numcheck.widetext): its lines are named by number only, as a
        # byte offset in that UTF-8 would not be one in the file.
        self._wide = wide
        self.source = source
        self._on_unreadable = on_unreadable
        self._on_decoding = on_decoding
        self.line = 1  # the number of the next line
        self.byte = 0  # the offset of the next line
        self.encoding = encoding_named(encoding) if encoding and wide is None else UTF8
        # Until a line that is not ASCII is read, the encoding is open (ASCII reads the same in both): the first block
        # holding one settles it, so a file is read in one encoding, never switched line by line.
        self._settled = encoding is not None or wide is not None
        self._detected_utf8 = False  # settled as UTF-8 by its own non-ASCII lines: a later non-UTF-8 line means mixing

    def _tell(self, found: str) -> None:
        if self._on_decoding is not None:
            self._on_decoding(Decoding(self.source, found, self.encoding))

    def _settle(self, items: list[bytes | int]) -> None:
        """Choose the encoding from the first block with a non-ASCII line (no choice yet while every line is ASCII)."""
        foreign = [item for item in items if isinstance(item, bytes) and not item.isascii()]
        if not foreign:
            return
        self._settled = True
        utf8 = [_decodes(item, UTF8) for item in foreign]
        if all(utf8):
            self._detected_utf8 = True
            return
        gb18030 = [_decodes(item, GB18030) for item in foreign]
        others = [gb for gb, is_utf8 in zip(gb18030, utf8, strict=True) if not is_utf8]
        # A GBK line can be valid UTF-8 by chance (一丌 is D2 BB D8 A2, read as UTF-8 "һآ"): a line readable both ways
        # shows UTF-8 only when that reading holds a character of three UTF-8 bytes or more, as Chinese text does.
        shows_utf8 = any(
            is_utf8 and (not gb or max(map(ord, item.decode(UTF8))) >= 0x800)
            for item, gb, is_utf8 in zip(foreign, gb18030, utf8, strict=True)
        )
        if not shows_utf8 and sum(others) * 2 > len(others):
            # Most of them read as GB18030: the few that do not are bad lines of a GB18030 file, skipped as such.
            self.encoding = GB18030
            self._tell("detected")
        elif any(utf8):
            # Some lines are UTF-8 and some are not: GB18030 would read the UTF-8 ones as wrong characters.
            self._tell("mixed")
        else:
            self._tell("neither")

    def _why_not(self, item: bytes) -> Message:
        if self._wide is not None:
            if item.endswith(CUT) and BAD not in item:
                return say("inputs.why.cut", encoding=family(self._wide))
            return say("inputs.why.not_text", encoding=family(self._wide))
        return say("inputs.why.not_text", encoding="UTF-8" if self.encoding == UTF8 else self.encoding.upper())

    def skip(self, why: Message, byte: int = -1, line: int | None = None) -> None:
        problem = Unreadable(self.source, self.line if line is None else line, -1 if self._wide else byte, why)
        if self._on_unreadable is None:
            hint = "; save it as UTF-8 and try again" if why.id == "inputs.why.not_text" else ""
            raise InputError(f"{problem}{hint}")
        self._on_unreadable(problem)

    def blocks(self) -> Iterator[tuple[list[int], list[str]]]:
        """(line numbers, texts without line endings) a block at a time."""
        for index, items in enumerate(self._blocks):
            if index == 0 and isinstance(items[0], bytes) and items[0].startswith(_BOM) and self.encoding == UTF8 and not self._wide:
                items[0] = items[0][len(_BOM) :]
                self.byte += len(_BOM)
                self._settled = self._detected_utf8 = True  # the byte-order mark says UTF-8
            decoded = self._decoded(items)
            if decoded is None:
                numbers, texts = self._one_by_one(items)
                yield numbers, _without_mark(texts, numbers)
                continue
            text, size = decoded
            texts = text.split("\n")
            if "\r" in text:
                texts = [piece for line in texts for piece in _split_cr(line)]
            numbers = list(range(self.line, self.line + len(texts)))
            yield numbers, _without_mark(texts, numbers)
            self.line += len(texts)
            self.byte += size + 1  # the separators joined, and the last line's own newline

    def _decoded(self, items: list[bytes | int]) -> tuple[str, int] | None:
        """The block as one text and its size in bytes, or None when a line in it is over-long or not in the encoding (then: line by line)."""
        try:
            # An over-long line is its length (an int) here, which join refuses: checked in C, not line by line.
            joined = b"\n".join(items)  # type: ignore[arg-type]
        except TypeError:
            if not self._settled:
                self._settle(items)
            return None
        try:
            text = joined.decode(self.encoding)
        except UnicodeDecodeError:
            if self._settled:
                return None
            self._settle(items)
            try:
                return joined.decode(self.encoding), len(joined)
            except UnicodeDecodeError:
                return None
        if not self._settled and not joined.isascii():
            self._settled = self._detected_utf8 = True
        return text, len(joined)

    def _one_by_one(self, items: list[bytes | int]) -> tuple[list[int], list[str]]:
        """A block holding an unreadable line: each line decoded on its own, so only the bad ones are lost."""
        numbers: list[int] = []
        texts: list[str] = []
        for item in items:
            if isinstance(item, int):
                self.skip(say("inputs.why.too_long", kb=MAX_LINE_BYTES // 1024, size=f"{item:,}"), self.byte)
                self.line += 1
                self.byte += item + 1
                continue
            try:
                pieces = _split_cr(item.decode(self.encoding))
            except UnicodeDecodeError:
                if self._detected_utf8 and not item.isascii() and not self._wide:
                    self._detected_utf8 = False  # said once, at the first line in another encoding
                    self._tell("mixed")
                # Each line a lone carriage return ends, on its own: a CRLF line whose LF was cut off keeps its number.
                byte = self.byte
                for piece in _split_cr_bytes(item):
                    try:
                        texts.append(piece.decode(self.encoding))
                    except UnicodeDecodeError as error:
                        self.skip(self._why_not(piece), byte + error.start)
                    else:
                        numbers.append(self.line)
                    self.line += 1
                    byte += len(piece) + 1
            else:
                numbers += range(self.line, self.line + len(pieces))
                texts += pieces
                self.line += len(pieces)
            self.byte += len(item) + 1
        return numbers, texts


def _split_cr_bytes(line: bytes) -> list[bytes]:
    """`_split_cr` of a line's bytes (a CR byte is a carriage return in UTF-8, GB18030 and the others read here)."""
    pieces = line.split(b"\r")
    return pieces[:-1] if line.endswith(b"\r") else pieces


def _without_mark(texts: list[str], numbers: list[int]) -> list[str]:
    """``texts`` without the byte-order mark a file in another Unicode encoding (GB18030: 84 31 95 33) starts with."""
    if numbers and numbers[0] == 1 and texts[0].startswith("\ufeff"):
        texts[0] = texts[0][1:]
    return texts


def input_error(message_id: str, /, **params: str | int | list[str]) -> InputError:
    """An `InputError` whose English is the message's and which carries it, for the reader's language."""
    said = say(message_id, **params)
    return with_message(InputError(english(said)), message_id, dict(said.params))
