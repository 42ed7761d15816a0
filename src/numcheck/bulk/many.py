"""`enrich_many`: a stream of numbers enriched one at a time, lazily, from the block table.

Each clean 11-digit Chinese mobile number (or a common written form of one, folded by
`numcheck.numbers.national_from_written`) is answered with one look-up in the block table and one tuple
concatenation; every other line goes through `numcheck.offline.enrich.enrich`, the per-number path, whose
answers these equal (``tests/unit/test_enrich.py``). For a whole column at a time, see `numcheck.enrich_table`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from numcheck._errors import InvalidNumber
from numcheck.bulk.blocks import FIRST_BLOCK, NOT_FAST, block_table
from numcheck.numbers import DEFAULT_REGION, LineType, national_from_written
from numcheck.offline.enrich import NumberFacts, enrich

__all__ = ["enrich_many"]


def enrich_many(numbers: Iterable[str], region: str = DEFAULT_REGION) -> Iterator[NumberFacts]:
    """Enrich a stream of numbers lazily, in order, in constant memory.

    Bad lines are yielded with ``error`` set rather than raised, so one typo never stops a
    million-line batch. Clean 11-digit Chinese mobile numbers are answered from the shipped
    tables with one look-up, written-out forms are folded to them first, and every other
    form is parsed in full. For a column at a time, see `numcheck.enrich_table`.
    """
    table = block_table()
    # A memoryview of the table's codes: indexing it from Python gives an int directly, a NumPy array a boxed scalar.
    codes, shared = table.codes.data.cast("B").cast("H"), table.shared
    make = tuple.__new__  # NumberFacts' own __new__ adds a Python call per number; the fields are already in order
    bare_region = region.upper() == "CN"
    for text in numbers:
        national: str | None
        if bare_region and type(text) is str and len(text) == 11 and text[0] == "1" and text.isascii() and text.isdigit():
            national = text
        else:
            national = national_from_written(text, region) if isinstance(text, str) else None
            if national is None:
                yield _full(text, region)
                continue
        code = codes[int(national[:7]) - FIRST_BLOCK]  # national starts with 1: always inside the table
        if code == NOT_FAST:
            yield _full(text, region)
            continue
        # Tuple concatenation runs in C; unpacking into a new tuple costs a third more per number.
        yield make(NumberFacts, (text, "+86" + national) + shared[code])


def _full(text: str, region: str) -> NumberFacts:
    try:
        return enrich(text, region)
    except InvalidNumber as error:
        return NumberFacts(text, "", False, None, LineType.UNKNOWN.value, "", "", "", "", None, str(error), None)
