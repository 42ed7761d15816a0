"""A UTF-16 or UTF-32 file (Excel's "Unicode Text" is UTF-16 LE with a byte-order mark) read as UTF-8 bytes, a block at a time.

numcheck's line reader (`numcheck.inputs`) splits bytes on ``\\n`` and needs the digits as their ASCII bytes: a
wide encoding has neither, so such a file is decoded as it is read and handed on as UTF-8. A code unit that is not
text (a lone surrogate) becomes the byte `BAD` and a character cut off by the end of the input (an odd number of
bytes) the byte `CUT`: neither occurs in UTF-8, so the line reader skips exactly the lines holding them.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from typing import NamedTuple, Protocol

BAD = b"\xff"
CUT = b"\xfe"
# The encodings read this way, as codecs.lookup names them; without an order named (utf-16, utf-32), the
# byte-order mark gives it, else little-endian (what Windows writes).
WIDE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
# UTF-32 LE's mark first: it begins with UTF-16 LE's.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The wide encodings a file without a mark is tried in, Windows' order first.
_UNMARKED = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
# Control characters no list of numbers holds: all but tab, LF and CR (C0, DEL and C1).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The first bytes judged. git's own test for a binary file is a NUL among its first 8000 bytes (git/git,
# xdiff-interface.c: FIRST_FEW_BYTES and buffer_is_binary); the same span is read here.
HEAD_BYTES = 8000
_DECODERS: dict[str, Callable[[bytes, str, bool], tuple[str, int]]] = {
    "utf-16-le": codecs.utf_16_le_decode,
    "utf-16-be": codecs.utf_16_be_decode,
    "utf-32-le": codecs.utf_32_le_decode,
    "utf-32-be": codecs.utf_32_be_decode,
}


class Reads(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...

    def readline(self, size: int = ..., /) -> bytes: ...


class Opened(NamedTuple):
    """What `opened` found: the bytes to split into lines, and the wide encoding they were decoded from (None: none).

    ``holds_text`` is False when a wide encoding was named but the first bytes have no NUL byte, which every
    wide text of digits has (``1`` is ``31 00`` in UTF-16 LE): the input is in another encoding. ``guessed`` is True
    when the wide encoding was found without a byte-order mark, by the shape of the first bytes (`unmarked`), and
    ``binary`` when the first bytes hold a NUL and are no wide text: not a text file at all.
    """

    reader: Reads
    codec: str | None
    holds_text: bool = True
    guessed: bool = False
    binary: bool = False


def family(codec: str) -> str:
    """The name a reader knows a wide encoding by: UTF-16 or UTF-32, whatever its byte order."""
    return codec[:6].upper()


def opened(handle: Reads, *, interactive: bool, named: str | None) -> Opened:
    """``handle`` as lines can be read from it: as it is, or decoded from UTF-16/32.

    Wide when ``named`` is one of `WIDE`; else, nothing being named, when the input starts with a UTF-16 or UTF-32
    byte-order mark and its first bytes hold a NUL (so a file in an 8-bit encoding that starts with bytes FF FE is
    still read as such), or when it has no mark and its first bytes are wide text by their shape (`unmarked`).
    First bytes holding a NUL that are not wide text are a binary file (``binary``): no text encoding but the wide
    ones writes a NUL. ``interactive`` (stdin) reads a line at a time, so that a typed line is answered at once.
    """
    # stdin: its first line only (a line typed at a terminal holds no NUL, so nothing more is waited for).
    head = handle.readline(HEAD_BYTES) if interactive else handle.read(HEAD_BYTES)
    if named is not None and named not in WIDE:
        return Opened(_Prefixed(head, handle), None, binary=b"\x00" in head)
    mark, codec = next(((mark, codec) for mark, codec in _MARKS if head.startswith(mark)), (b"", None))
    if interactive and (mark or named is not None or b"\x00" in head):
        # Enough to see the shape: in UTF-16 LE the NUL of a line's \n opens the next line.
        head += b"".join(handle.readline(1 << 12) for _ in range(2))
    if named is None and codec is None:
        if b"\x00" not in head:
            return Opened(_Prefixed(head, handle), None)
        codec = unmarked(head)
        if codec is None:
            return Opened(_Prefixed(head, handle), None, binary=True)
        return Opened(Transcoded(handle, codec, head), codec, guessed=True)
    holds_text = b"\x00" in head[len(mark) :] or len(head) == len(mark)
    if named is None and not holds_text:
        return Opened(_Prefixed(head, handle), None)
    if named is None or (codec is not None and named in ("utf-16", "utf-32") and codec.startswith(named)):
        head = head[len(mark) :]  # the mark gives the order
    elif named in ("utf-16", "utf-32"):
        codec = f"{named}-le"  # no order named and no mark: Windows'
    else:
        codec = named  # the order named: a mark is a character then, which the line reader drops at the start
    assert codec is not None
    return Opened(Transcoded(handle, codec, head), codec, holds_text)


def unmarked(head: bytes) -> str | None:
    """The wide encoding ``head`` (a file's first bytes, holding a NUL) is text in without a byte-order mark, or None.

    A list of numbers is mostly digits, tabs, commas and line ends: ASCII characters, each a NUL beside its byte in
    UTF-16 (``1`` is ``31 00`` in LE, ``00 31`` in BE) and three in UTF-32. So ``head`` is taken for such text only
    when it decodes in that encoding without a fault (a character cut off at its end aside), at least a quarter of
    its characters are ASCII, and none is a control character other than tab, CR and LF (a NUL included, which is
    what UTF-32 read as UTF-16 gives). The wrong byte order fails the quarter: ``31 00`` read as BE is U+3100.
    """
    for codec in _UNMARKED:
        try:
            text = _DECODERS[codec](head, "strict", False)[0]
        except UnicodeDecodeError:
            continue
        if text and len(text.encode("ascii", "ignore")) * 4 >= len(text) and not _CONTROL.search(text):
            return codec
    return None


def _first_line(buffer: bytes, size: int) -> tuple[bytes, bytes]:
    """``buffer``'s first line (with its ``\\n``; at most ``size`` bytes when ``size`` >= 0) and the rest, as readline splits."""
    end = buffer.find(b"\n") + 1 or len(buffer)
    if size >= 0:
        end = min(end, size)
    return buffer[:end], buffer[end:]


class _Prefixed:
    """``handle`` with ``head``, already read from it, put back in front."""

    def __init__(self, head: bytes, handle: Reads) -> None:
        self._head = head
        self._handle = handle

    def read(self, size: int = -1, /) -> bytes:
        if self._head:  # a shorter first block: the line reader takes any block
            head, self._head = self._head, b""
            return head
        return self._handle.read(size)

    def readline(self, size: int = -1, /) -> bytes:
        if not self._head:
            return self._handle.readline(size)
        head, self._head = _first_line(self._head, size)
        return head


class Transcoded:
    """A wide-encoded input read as UTF-8; see the module's docstring for what becomes of bytes that are not text."""

    def __init__(self, handle: Reads, codec: str, head: bytes) -> None:
        self._handle = handle
        self._decode = _DECODERS[codec]
        self._pending = head  # bytes read and not decoded yet: a character split between two reads
        self._out = b""  # decoded and not handed on yet (stdin, a line at a time)
        self._ended = False

    def read(self, size: int = -1, /) -> bytes:
        while not self._out and not self._ended:
            self._feed(self._handle.read(size))
        out, self._out = self._out, b""
        return out

    def readline(self, size: int = -1, /) -> bytes:
        while b"\n" not in self._out and not self._ended and (size < 0 or len(self._out) < size):
            self._feed(self._handle.readline(size))
        out, self._out = _first_line(self._out, size)
        return out

    def _feed(self, data: bytes) -> None:
        final = not data
        self._ended = final
        pending = self._pending + data
        parts = [self._out]
        while True:
            try:
                text, used = self._decode(pending, "strict", final)
            except UnicodeDecodeError as error:
                # Everything before the fault is whole text; the fault itself is one marker byte, then on.
                parts.append(self._decode(pending[: error.start], "strict", True)[0].encode())
                parts.append(CUT if final and error.end >= len(pending) else BAD)
                pending = pending[error.end :]
                continue
            parts.append(text.encode())
            self._pending = pending[used:]
            break
        self._out = b"".join(parts)
