"""Written-out forms and typos read a column at a time (NumPy), with `numcheck.parse`'s exact answers.

Each text of a column is one of:

* `FOLDED`: a Chinese mobile number in a common written form (spaces, dashes, dots, brackets, ``+86`` or
  ``0086``, ASCII or full width), exactly the forms `numcheck.numbers.national_from_written` reads, with its
  11 national digits;
* `INVALID`: a text `numcheck.parse` refuses before it asks phonenumbers (control characters, nothing but
  spaces, a leading minus, letters, no digits, a misplaced ``+``, a Chinese number starting with 1 that is
  not 11 digits long), with the very line `parse` gives (`numcheck.numbers`' own problems; a letter's line names
  it and its place, so those rows are judged one by one);
* `OTHER`: anything only `numcheck.parse` can judge (landlines, foreign numbers, IoT numbers, unusual
  characters, ``tel:`` URIs, texts over 64 characters): the caller asks the per-number path.

The texts come as UTF-8 bytes with row offsets (an Arrow string column's own buffers, or a list of strings
encoded once), and every step is an array operation over all their bytes: no Python step per text.
``tests/bulk/test_fold.py`` holds each answer equal to `numcheck.parse`'s on generated written forms and typos.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from numcheck import numbers
from numcheck.numbers import MAX_INPUT_CHARS

if TYPE_CHECKING:
    from numpy.typing import NDArray

FOLDED, INVALID, OTHER = 1, 2, 3

# One token a character (digits are their value): what each character is to the parser. Continuation
# bytes of a UTF-8 sequence are NONE; a character outside those listed here is FOREIGN.
PLUS, SPACE, MINUS, PUNCT, SLASH, CONTROL, COLON, LETTER, FOREIGN, NONE = range(10, 20)
_KINDS = 20


def _ascii_tokens() -> NDArray[np.int8]:
    table = np.full(256, FOREIGN, dtype=np.int8)
    table[0x80:0xC0] = NONE
    table[0x20:0x7F] = LETTER
    table[:0x20] = CONTROL
    table[0x7F] = CONTROL
    table[ord("0") : ord("9") + 1] = np.arange(10)
    for chars, token in ((" \t", SPACE), ("+", PLUS), ("-", MINUS), ("().", PUNCT), ("/", SLASH), (":", COLON)):
        table[[ord(char) for char in chars]] = token
    return table


_TOKENS = _ascii_tokens()
# The characters beyond ASCII the parser folds (NFKC) to one it reads, by code point: no-break and ideographic
# space, and the full-width plus, minus, brackets, full stop and digits.
_WIDE = {
    0x00A0: SPACE,
    0x3000: SPACE,
    0xFF0B: PLUS,
    0xFF0D: MINUS,
    0xFF08: PUNCT,
    0xFF09: PUNCT,
    0xFF0E: PUNCT,
    **{0xFF10 + digit: digit for digit in range(10)},
}
_WIDE_POINTS = np.array(sorted(_WIDE), dtype=np.int64)
_WIDE_TOKENS = np.array([_WIDE[point] for point in sorted(_WIDE)], dtype=np.int8)
_PLACES = 10 ** np.arange(10, -1, -1, dtype=np.int64)


class Folded(NamedTuple):
    """Per text: its kind (FOLDED, INVALID, OTHER), its national number (FOLDED), its problem's index in ``problems``."""

    kind: NDArray[np.int8]
    national: NDArray[np.int64]
    problem: NDArray[np.int32]
    problems: list[str]


def _tokens(data: NDArray[np.uint8]) -> NDArray[np.int8]:
    """One token per character (at its first byte), NONE for the other bytes of a UTF-8 sequence."""
    tokens = _TOKENS[data]
    leads = np.flatnonzero(data >= 0xC0)
    if len(leads):
        padded = np.concatenate([data, np.zeros(3, dtype=np.uint8)])
        first, second, third = (padded[leads + step].astype(np.int64) for step in range(3))
        # The code point of each two- or three-byte sequence (the text is valid UTF-8); longer ones stay FOREIGN.
        point = np.where(
            first < 0xE0, ((first & 0x1F) << 6) | (second & 0x3F), ((first & 0x0F) << 12) | ((second & 0x3F) << 6) | (third & 0x3F)
        )
        point[first >= 0xF0] = -1
        at = np.minimum(np.searchsorted(_WIDE_POINTS, point), len(_WIDE_POINTS) - 1)
        known = _WIDE_POINTS[at] == point
        tokens[leads[known]] = _WIDE_TOKENS[at[known]]
    return tokens


# Per-row counts of these token groups come from one running sum of packed 8-bit fields: the sum over a row is
# exact while each field stays under 256, which a row of at most 255 bytes guarantees.
_DIGITS, _PLUSES, _NONES, _CONTROLS, _LETTERS, _UNSURE, _SLASHES, _VISIBLE = range(8)
_LONGEST = 255


def _packed_fields() -> NDArray[np.uint64]:
    fields = np.zeros(_KINDS, dtype=np.uint64)
    groups = {_PLUSES: [PLUS], _NONES: [NONE], _CONTROLS: [CONTROL], _LETTERS: [LETTER], _UNSURE: [FOREIGN, COLON], _SLASHES: [SLASH]}
    for field, members in {_DIGITS: list(range(10)), **groups}.items():
        fields[members] += np.uint64(1 << (8 * field))
    visible = [token for token in range(_KINDS) if token not in (SPACE, NONE)]
    fields[visible] += np.uint64(1 << (8 * _VISIBLE))
    return fields


_FIELDS = _packed_fields()
_KEPT_SHOWN = 9  # kept tokens read per row by position: at most up to the second digit after "+", "86", "86", a trunk 0


class _Kept:
    """Each row's first digits and plus signs in order (what `parse` keeps), as a matrix: -1 past a row's end."""

    def __init__(self, tokens: NDArray[np.int8], count: NDArray[np.int64]) -> None:
        values = np.concatenate([tokens[tokens <= PLUS], np.full(_KEPT_SHOWN, -1, dtype=np.int8)])
        self.count = count
        self.start = np.concatenate([[0], np.cumsum(count)[:-1]])
        shown = np.arange(_KEPT_SHOWN)
        self.matrix = np.where(shown < count[:, None], values[self.start[:, None] + shown], -1).astype(np.int8)
        self._values = values

    def at(self, position: NDArray[np.int64] | int) -> NDArray[np.int8]:
        """The kept token at ``position`` of each row (-1 where the row has no such position)."""
        if isinstance(position, int):
            return self.matrix[:, position]
        inside = (position >= 0) & (position < _KEPT_SHOWN)
        found = np.take_along_axis(self.matrix, np.where(inside, position, 0)[:, None], axis=1)[:, 0]
        return np.where(inside, found, -1).astype(np.int8)

    def number(self, position: NDArray[np.int64], rows: NDArray[np.bool_]) -> NDArray[np.int64]:
        """The 11 kept digits from ``position`` on as an integer, where ``rows`` (each row has them)."""
        national = np.zeros(len(rows), dtype=np.int64)
        where = np.flatnonzero(rows)
        digits = self._values[(self.start[where] + position[where])[:, None] + np.arange(11)]
        national[where] = digits.astype(np.int64) @ _PLACES
        return national


def fold_utf8(offsets: NDArray[np.integer], data: NDArray[np.uint8], region: str = numbers.DEFAULT_REGION) -> Folded:
    """The kind of each text (row ``i``: ``data[offsets[i]:offsets[i + 1]]``, UTF-8), read as `numcheck.parse` reads it."""
    rows = len(offsets) - 1
    cn = region.upper() == "CN"
    kind = np.full(rows, OTHER, dtype=np.int8)
    problem = np.full(rows, -1, dtype=np.int32)
    national = np.zeros(rows, dtype=np.int64)
    if rows == 0 or region.upper() not in numbers.supported_regions():
        return Folded(kind, national, problem, [])
    base = int(offsets[0])
    data = data[base : int(offsets[-1])]
    offsets = np.asarray(offsets, dtype=np.int64) - base
    tokens = _tokens(data)
    running = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(_FIELDS[tokens], dtype=np.uint64)])
    packed = running[offsets[1:]] - running[offsets[:-1]]

    def field(values: NDArray[np.uint64], number: int) -> NDArray[np.int64]:
        return ((values >> np.uint64(8 * number)) & np.uint64(0xFF)).astype(np.int64)

    lengths = np.diff(offsets)
    fits = lengths <= _LONGEST
    digits, pluses, visible = field(packed, _DIGITS), field(packed, _PLUSES), field(packed, _VISIBLE)
    characters = lengths - field(packed, _NONES)
    unusual = field(packed, _CONTROLS) + field(packed, _LETTERS) + field(packed, _UNSURE) + field(packed, _SLASHES)
    # Whether the first character that is not a space (strip) is a minus: no visible character before a minus.
    minus = np.flatnonzero(tokens == MINUS)
    leading_minus = np.zeros(rows, dtype=bool)
    if len(minus):
        owner = np.searchsorted(offsets, minus, side="right") - 1
        leading_minus[owner[field(running[minus] - running[offsets[owner]], _VISIBLE) == 0]] = True
    kept = _Kept(tokens, digits + pluses)
    short = fits & (characters <= MAX_INPUT_CHARS)

    # The common written forms (national_from_written): nothing but digits, plus, spaces, dashes, dots and brackets.
    foldable = short & (unusual == 0) & ~leading_minus
    k0, k1, k2, k3, k4 = (kept.at(position) for position in range(5))
    plus86 = (kept.count == 14) & (k0 == PLUS) & (k1 == 8) & (k2 == 6) & (k3 == 1)
    zero86 = (kept.count == 15) & (k0 == 0) & (k1 == 0) & (k2 == 8) & (k3 == 6) & (k4 == 1)
    bare = (kept.count == 11) & (k0 == 1) & cn
    start = np.where(plus86, 3, np.where(zero86, 4, 0))
    eleven = foldable & (plus86 | zero86 | bare) & (pluses == (plus86 * 1))
    national = kept.number(start, eleven)
    kind[eleven] = FOLDED

    # What parse refuses before phonenumbers, in the order it checks (numbers._clean, then the Chinese length).
    judged = ~eleven & short & (field(packed, _UNSURE) == 0)
    problems: list[str] = []

    def refuse(rows_refused: NDArray[np.bool_], message: str) -> None:
        nonlocal judged
        rows_refused = rows_refused & judged
        if rows_refused.any():
            kind[rows_refused] = INVALID
            problem[rows_refused] = len(problems)
            problems.append(message)
        judged = judged & ~rows_refused

    refuse(field(packed, _CONTROLS) > 0, numbers.CONTROL_CHARACTERS[1])
    refuse(visible == 0, numbers.EMPTY[1])
    refuse(leading_minus, numbers.MINUS_SIGN[1])
    # A letter or a symbol: parse names the character and its place, so each such row gets its own line, from the very
    # function parse asks (numbers.character_problem), on the row's own text: a Python step only for these rows.
    # The line is rendered once per character and place (rendering costs more than finding the character).
    lettered = np.flatnonzero(judged & (field(packed, _LETTERS) > 0))
    said: dict[tuple[int, str] | None, int] = {}
    for row in lettered.tolist():
        text = data[offsets[row] : offsets[row + 1]].tobytes().decode("utf-8", "surrogatepass")
        refused = numbers.refused_character(text)
        if refused not in said:
            said[refused] = len(problems)
            problems.append(numbers.character_problem(text)[1])
        kind[row], problem[row] = INVALID, said[refused]
    judged[lettered] = False
    refuse(digits == 0, numbers.NO_DIGITS[1])
    refuse((pluses > 1) | ((pluses == 1) & (k0 != PLUS)), numbers.MISPLACED_PLUS[1])
    # The cleaned digits: after a leading +, or after 00 (read as +); then the national part parse judges.
    plus = k0 == PLUS
    doubled_zero = ~plus & (k0 == 0) & (k1 == 0)
    has_plus = plus | doubled_zero
    after = np.where(plus, 1, np.where(doubled_zero, 2, 0))
    chinese = has_plus & (kept.at(after) == 8) & (kept.at(after + 1) == 6)
    begin = np.where(chinese, after + 2, after)
    judged &= chinese | (~has_plus & cn)
    size = kept.count - begin
    doubled86 = (size == 15) & (kept.at(begin) == 8) & (kept.at(begin + 1) == 6)
    begin, size = np.where(doubled86, begin + 2, begin), np.where(doubled86, size - 2, size)
    judged &= ~((size == 13) & (kept.at(begin) == 1) & (kept.at(begin + 1) == 4))  # a 13-digit IoT number
    trunk = ~has_plus & (kept.at(begin) == 0)
    begin, size = np.where(trunk, begin + 1, begin), np.where(trunk, size - 1, size)
    lead, second = kept.at(begin), kept.at(begin + 1)
    wrong_length = judged & (lead == 1) & (second != 0) & (size != 11)
    # The line names the length and the kind ("mobile number" when the second digit is 3-9, or there is none).
    mobile = np.isin(second, (-1, 3, 4, 5, 6, 7, 8, 9))
    for length, is_mobile in set(zip(size[wrong_length].tolist(), mobile[wrong_length].tolist(), strict=True)):
        example = ("13" if is_mobile else "11") + "0" * max(length - 2, 0)
        found = numbers.cn_length_problem(example[:length])
        assert found is not None
        refuse(wrong_length & (size == length) & (mobile == is_mobile), found[1])
    return Folded(kind, national, problem, problems)


def fold_texts(texts: Sequence[str], region: str = numbers.DEFAULT_REGION) -> Folded:
    """`fold_utf8` of Python strings (encoded once; a lone surrogate is a character only the parser can judge)."""
    encoded = [text.encode("utf-8", "surrogatepass") for text in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(item) for item in encoded])
    return fold_utf8(offsets, np.frombuffer(b"".join(encoded), dtype=np.uint8), region)
