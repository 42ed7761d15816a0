"""Text that is safe to show: no terminal control sequences, no spreadsheet formulas."""

from __future__ import annotations

import re
import unicodedata

_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d ]*")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def printable(text: str) -> str:
    """``text`` with every control character (ESC, BEL, C1, DEL; newlines too) shown escaped, never interpreted."""
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() or char == " " else _escape(char) for char in text)


def _escape(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def csv_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula; an E.164 number such as +8613800138000 stays as it is."""
    if not isinstance(value, str) or not value.startswith(FORMULA_START) or _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value
