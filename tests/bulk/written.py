"""Hypothesis strategies: numbers as people write them into an inventory, and the typos beside them.

Built from pieces rather than from arbitrary text, so that most examples are near the forms the bulk fold must read
(separators, prefixes, full width) and near the typos the parser refuses (a digit lost or added, a letter, a stray
sign), with arbitrary characters mixed in now and then.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Segments the bulk path answers, some it never does (140, 194: per-number path), and odd starts.
HEADS = ("138", "139", "150", "173", "177", "186", "199", "192", "162", "170", "140", "144", "194", "100", "110", "123", "010", "021")
SEPARATORS = (" ", "-", ".", "(", ")", "\t", "\u3000", "\u00a0", "\uff0d", "\uff0e", "\uff08", "\uff09", "/", "  ")
PREFIXES = (
    "",
    "",
    "",
    "+86",
    "+86 ",
    "0086",
    "0086-",
    "\uff0b\uff18\uff16",
    "86",
    "+",
    "++86",
    "00",
    "0",
    "+1 ",
    "+852 ",
    "-",
    " -",
    "tel:",
)
STRAYS = ("O", "l", "a", "x", "#", ":", "+", "-", "\x00", "\n", "\u0663", "\u00b9", "\U0001f4f1", "\ud800", "=", ",", '"')
FULL_WIDTH = str.maketrans("0123456789+", "０１２３４５６７８９＋")


@st.composite
def written_numbers(draw: st.DrawFn) -> str:
    """One line of an inventory: a number with separators, a prefix, full width in places, maybe a typo."""
    digits = draw(st.sampled_from(HEADS)) + draw(st.text("0123456789", min_size=8, max_size=8))
    change = draw(st.integers(0, 9))
    if change == 0:
        digits = digits[: draw(st.integers(0, 10))]  # digits lost
    elif change == 1:
        digits += draw(st.text("0123456789", min_size=1, max_size=6))  # digits added
    pieces = []
    for digit in digits:
        if draw(st.integers(0, 5)) == 0:
            pieces.append(draw(st.sampled_from(SEPARATORS)))
        pieces.append(digit.translate(FULL_WIDTH) if draw(st.integers(0, 9)) == 0 else digit)
    text = draw(st.sampled_from(PREFIXES)) + "".join(pieces)
    if draw(st.integers(0, 4)) == 0:
        text = text.translate(FULL_WIDTH)
    if change == 2:
        spot = draw(st.integers(0, len(text)))
        text = text[:spot] + draw(st.sampled_from(STRAYS)) + text[spot:]
    if change == 3:
        text = draw(st.sampled_from(("", " ", "\t", "\u3000"))) + text + draw(st.sampled_from(("", " ", "\u00a0")))
    if change == 4:
        text = text * draw(st.integers(2, 7))  # pasted twice or more (and past 64 characters)
    return text


def inventory_lines() -> st.SearchStrategy[str]:
    """Mostly written numbers; now and then any text at all."""
    return st.one_of(written_numbers(), written_numbers(), written_numbers(), st.text(max_size=20))
