"""Text measured in terminal cells: a Chinese character takes two, so ``str.ljust`` misaligns 中国移动 and 江苏苏州.

Widths follow Unicode's East Asian Width property (``W`` and ``F`` take two cells; combining marks none;
everything else one, the ambiguous ``A`` class included, as most terminal emulators draw it by default).
"""

from __future__ import annotations

import shutil
import unicodedata

ELLIPSIS = "…"
# Punctuation a cut line should not end on before its ellipsis.
_TRAILING = " ,;:、，；："


def char_width(char: str) -> int:
    """Terminal cells one character takes."""
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def width(text: str) -> int:
    """Terminal cells ``text`` takes."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def pad(text: str, cells: int, align: str = "<") -> str:
    """``text`` padded with spaces to ``cells`` cells, left (``<``) or right (``>``) aligned; never cut."""
    room = " " * max(0, cells - width(text))
    return room + text if align == ">" else text + room


def _breaks_after(text: str, index: int) -> bool:
    """Whether a line may end after ``text[index]``: before a space, or between wide (CJK) characters."""
    following = text[index + 1] if index + 1 < len(text) else " "
    return following.isspace() or char_width(text[index]) == 2 or char_width(following) == 2


def cut(text: str, cells: int) -> str:
    """``text`` in at most ``cells`` cells: whole when it fits, else cut at a word boundary and ended with an ellipsis.

    A boundary is a space, or any point between two Chinese characters (Chinese has no spaces). A single word wider
    than the room is cut inside, rather than leaving the cell empty.
    """
    if width(text) <= cells:
        return text
    if cells <= 0:
        return ""
    room = cells - width(ELLIPSIS)
    used, fits = 0, 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > room:
            break
        fits = index + 1
    boundary = next((index + 1 for index in range(fits - 1, -1, -1) if _breaks_after(text, index)), fits)
    # A boundary in the first third would waste most of the room on one long word: cut inside the word instead.
    kept = text[:boundary] if boundary * 3 >= fits else text[:fits]
    # A cut never leaves a quotation open: 「 marks words numcheck shows as written (a service's or a file's), and a
    # reader must see where they end. The quoted words give way whole.
    if kept.count("「") > kept.count("」"):
        kept = kept[: kept.rindex("「")]
    return kept.rstrip(_TRAILING) + ELLIPSIS


def terminal_columns() -> int:
    """The width to lay text out for: ``COLUMNS`` when set, else the terminal's, else 80 (`shutil.get_terminal_size`)."""
    return shutil.get_terminal_size().columns
