"""Text laid out by how wide it shows in a terminal: a Chinese character takes two columns, not one.

``str.ljust`` and `textwrap` count characters, so a column of Chinese words comes out ragged and a
Chinese paragraph (which has no spaces to break at) is never wrapped. These count display columns
(Unicode East Asian Width: wide and full-width characters take two) and break Chinese text between
any two characters, never inside a run of Latin letters or digits, and never before closing punctuation.
"""

from __future__ import annotations

import re

# Cells are counted in one place for every renderer (render/cells.py), so the table and the report agree.
from numcheck.render.cells import pad, width

__all__ = ["pad", "wide_fill", "width"]

# A run of Latin letters, digits and the marks inside words, numbers, URLs and flags; or spaces; or one other character.
_TOKEN = re.compile(r"[A-Za-z0-9_.,:;/+\-'%@#=?&~()\[\]]+|\s+|.")
# Punctuation that must not start a line (Chinese typesetting's 避头点), and opening marks that must not end one (避尾点).
_NO_LINE_START = frozenset("，。、；：？！）」』》〉】”’…·%,.;:!?)]")
_NO_LINE_END = frozenset("（「『《〈【“‘")


def wide_fill(text: str, columns: int, indent: int) -> str:
    """``text`` wrapped to ``columns`` display columns, lines after the first indented by ``indent`` spaces."""
    lines: list[str] = []
    line, used = "", 0
    for token in _TOKEN.findall(text):
        size = width(token)
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        start = indent if lines else 0
        if line and start + used + size > columns and token[0] not in _NO_LINE_START:
            # An opening mark goes down with what it opens.
            kept = line.rstrip()
            carried = kept[-1] if kept[-1] in _NO_LINE_END and len(kept) > 1 else ""
            lines.append(kept[: len(kept) - len(carried)].rstrip())
            line, used = carried, width(carried)
        line, used = line + token, used + size
    lines.append(line.rstrip())
    return ("\n" + " " * indent).join(lines)
