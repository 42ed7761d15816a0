"""A UTF-16 or UTF-32 file (Excel's "Unicode Text" is UTF-16 LE with a byte-order mark) read as UTF-8 bytes, a block at a time.

numcheck's line reader (`numcheck.inputs`) splits bytes on ``\\n`` and needs the digits as their ASCII bytes: a
wide encoding has neither, so such a file is decoded as it is read and handed on as UTF-8. A code unit that is not
text (a lone surrogate) becomes the byte `BAD` and a character cut off by the end of the input (an odd number of
bytes) the byte `CUT`: neither occurs in UTF-8, so the line reader skips exactly the lines holding them.
"""

from __future__ import annotations

import codecs
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
    wide text of digits has (``1`` is ``31 00`` in UTF-16 LE): the input is in another encoding.
    """

    reader: Reads
    codec: str | None
    holds_text: bool = True


def family(codec: str) -> str:
    """The name a reader knows a wide encoding by: UTF-16 or UTF-32, whatever its byte order."""
    return codec[:6].upper()


def opened(handle: Reads, *, interactive: bool, named: str | None) -> Opened:
    """``handle`` as lines can be read from it: as it is, or decoded from UTF-16/32.

    Wide when ``named`` is one of `WIDE`, or, nothing being named, when the input starts with a UTF-16 or UTF-32
    byte-order mark and its first bytes hold a NUL (so a file in an 8-bit encoding that starts with bytes FF FE is
    still read as such). ``interactive`` (stdin) reads a line at a time, so that a typed line is answered at once.
    """
    if named is not None and named not in WIDE:
        return Opened(handle, None)
    head = handle.readline(4) if interactive else handle.read(4)
    mark, codec = next(((mark, codec) for mark, codec in _MARKS if head.startswith(mark)), (b"", None))
    if named is None and codec is None:
        return Opened(_Prefixed(head, handle), None)
    # Enough to see a NUL: a block of a file; for stdin two lines (in UTF-16 LE the NUL of a line's \n opens the next).
    head += b"".join(handle.readline(1 << 12) for _ in range(2)) if interactive else handle.read(1 << 12)
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
        end = self._head.find(b"\n") + 1 or len(self._head)
        if size >= 0:
            end = min(end, size)
        head, self._head = self._head[:end], self._head[end:]
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
        end = self._out.find(b"\n") + 1 or len(self._out)
        if size >= 0:
            end = min(end, size)
        out, self._out = self._out[:end], self._out[end:]
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
