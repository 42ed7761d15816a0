"""Offline answers for a whole column of numbers at once, as an Arrow table (the ``columnar`` extra: pyarrow).

``enrich_table(numbers)`` takes an Arrow array (string or integer), a NumPy array, a pandas or
polars column, or any sequence of numbers, and returns one row per input with the same answers as
`numcheck.enrich_many` plus the segment's facts and the offline checkers' risk tags. Clean 11-digit
Chinese mobile numbers are answered a column at a time (`numcheck.offline.columns`: a block-code
table and vanity tables, no Python step per number); every other row (written-out forms, landlines,
foreign numbers, typos) is answered by the per-number path, so the answers never differ.

Each descriptive column is dictionary-encoded: a column of ten million provinces is ten million
small integers and one short list of names (pandas reads it as a categorical).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from numcheck._errors import InputError, InvalidNumber
from numcheck.numbers import DEFAULT_REGION
from numcheck.offline.columns import block_codes
from numcheck.offline.enrich import NumberFacts, enrich, national_from_written

if TYPE_CHECKING:
    import pyarrow as pa
    from numpy.typing import NDArray

    from numcheck.engine import Runner

# Columns of the table, in order. Block columns come from a number's 7-digit block; ``tags`` holds the
# offline checkers' tags joined by ";" (segment era, virtual operator, line kind, vanity, never issued);
# ``error`` says why a row is not a number (every other column is then null).
BLOCK_COLUMNS = (
    "valid", "region_code", "line_type", "carrier_en", "carrier_zh", "location_en", "location_zh",
    "province_en", "province_zh", "city_en", "city_zh", "area_code", "holder",
    "operator", "segment_kind", "portable", "since",
)  # fmt: skip
COLUMNS = ("input", "e164", *BLOCK_COLUMNS, "tags", "error")


def _block_values(facts: NumberFacts) -> tuple[object, ...]:
    """The block columns of one number's facts (shared by the column path and the per-number rows)."""
    region, segment = facts.region, facts.segment
    return (
        facts.valid, facts.region_code, facts.line_type, facts.carrier_en, facts.carrier_zh, facts.location_en, facts.location_zh,
        *((None,) * 6 if region is None else (region.province_en, region.province_zh, region.city_en, region.city_zh, region.area_code, region.holder)),
        *((None,) * 4 if segment is None else (segment.operator.value, segment.kind.value, segment.portable, segment.since)),
    )  # fmt: skip


class _Tags:
    """The offline checkers' tags of a number: from a real offline report, once per distinct judgement."""

    def __init__(self) -> None:
        self._runner: Runner | None = None
        self._by_key: dict[int, list[str]] = {}

    def runner(self) -> Runner:
        if self._runner is None:
            from numcheck.config import Settings
            from numcheck.engine import Runner
            from numcheck.offline.checkers import builtin_offline_checkers
            from numcheck.registry import Registry

            registry = Registry()
            for checker in builtin_offline_checkers():
                registry.add(checker, "builtin")
            self._runner = Runner(offline=True, settings=Settings(), registry=registry)
        return self._runner

    def of_text(self, text: str, region: str) -> list[str]:
        from numcheck.numbers import parse

        report, _ = self.runner().run_and_save(text, parse(text, region))
        return sorted({tag for finding in report.findings for tag in finding.tags})

    def of_key(self, key: int, example: Callable[[], int]) -> list[str]:
        """Tags for numbers of one segment, block listing and vanity code, from a real report of ``example()`` (asked once)."""
        tags = self._by_key.get(key)
        if tags is None:
            tags = self._by_key[key] = self.of_text(str(example()), "CN")
        return tags


@cache
def _tags() -> _Tags:
    return _Tags()


def _as_arrow(numbers: object) -> pa.Array:
    """An Arrow array (string or int64) of the input, whatever column type it came as."""
    import pyarrow as pa

    if isinstance(numbers, pa.ChunkedArray):
        numbers = numbers.combine_chunks()
    if isinstance(numbers, pa.Array):
        array = numbers
    elif hasattr(numbers, "to_arrow"):  # polars
        array = numbers.to_arrow()
    elif isinstance(numbers, np.ndarray):
        array = pa.array(numbers if numbers.dtype.kind in "iuUS" else numbers.astype(str))
    else:
        try:
            array = pa.array(numbers if not isinstance(numbers, str) else [numbers])  # pandas Series and sequences
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            array = pa.array([None if value is None else str(value) for value in numbers])  # type: ignore[attr-defined]
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_integer(array.type):
        return array.cast(pa.int64())
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return array.cast(pa.string())
    raise InputError(f"enrich_table takes numbers as text or integers, not {array.type}")


def _national(array: pa.Array, region: str, block: NDArray[np.uint8] | None) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """Each row's national number where it is a bare 11-digit number starting with 1 (CN), and where it is."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if region.upper() != "CN":
        return np.zeros(len(array), dtype=np.int64), np.zeros(len(array), dtype=bool)
    if pa.types.is_integer(array.type):
        values = array.fill_null(0).to_numpy()
        return values.astype(np.int64, copy=True), (values >= 10**10) & (values < 2 * 10**10)
    # Two reductions, no temporary column: min and max say whether every byte is an ASCII digit.
    if (
        block is not None
        and array.null_count == 0
        and block.min() >= ord("0")
        and block.max() <= ord("9")
        and (block[:, 0] == ord("1")).all()
    ):
        # The common column, told by one pass over its bytes: every row is 11 ASCII digits starting with 1.
        # Read-only (Arrow's own buffer): a bare 11-digit row never needs folding, so nothing writes to it.
        return pc.cast(array, pa.int64()).to_numpy(), np.ones(len(array), dtype=bool)
    candidate = pc.and_(pc.and_(pc.equal(pc.binary_length(array), 11), pc.ascii_is_decimal(array)), pc.starts_with(array, "1"))
    candidate = candidate.fill_null(False)
    national = pc.cast(pc.if_else(candidate, array, "0"), pa.int64())
    return national.to_numpy().copy(), candidate.to_numpy(zero_copy_only=False)


def _eleven_characters(array: pa.Array) -> NDArray[np.uint8] | None:
    """The string data as an (n, 11) byte matrix when every row is exactly 11 bytes long, else None."""
    import pyarrow as pa

    count = len(array)
    if not pa.types.is_string(array.type) or count == 0:
        return None
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + count + 1]
    if offsets[-1] - offsets[0] != 11 * count or not (np.diff(offsets) == 11).all():
        return None
    return np.frombuffer(array.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]].reshape(count, 11)


def _e164(national: NDArray[np.int64], block: NDArray[np.uint8] | None) -> pa.Array:
    """ "+86" and the 11 digits of each row, built as one fixed-width buffer (rows off the fast path are replaced after)."""
    import pyarrow as pa

    count = len(national)
    if block is not None:
        # Every row is 11 characters: the digits are the string data as it stands, copied a whole row at a
        # time (as 3- and 11-byte fields, which is a third faster than a 2-D byte copy).
        rows = np.empty(count, dtype=[("plus86", "V3"), ("digits", "V11")])
        rows["plus86"] = np.frombuffer(b"+86", dtype="V3")[0]
        rows["digits"] = block.view("V11").reshape(-1)
        text = rows.view(np.uint8)
    else:
        text = np.empty((count, 14), dtype=np.uint8)
        text[:, :3] = np.frombuffer(b"+86", dtype=np.uint8)
        digits = national.copy()
        for position in range(13, 2, -1):
            digits, text[:, position] = np.divmod(digits, 10)
        text[:, 3:] += 48
    return pa.StringArray.from_buffers(count, pa.py_buffer(np.arange(0, 14 * count + 1, 14, dtype=np.int32)), pa.py_buffer(text))


class _Encoded(NamedTuple):
    """One column's distinct values (no null among them) and, per dictionary row, its value's position (-1: null)."""

    values: list[object]
    positions: NDArray[np.signedinteger]
    nullable: bool


def _encode(column: Sequence[object]) -> _Encoded:
    positions: dict[object, int] = {}
    index = [-1 if value is None else positions.setdefault(value, len(positions)) for value in column]
    # The narrowest index type: the per-row gathers then move half or a quarter of the bytes.
    width = np.int8 if len(positions) < 127 else np.int16 if len(positions) < 32_767 else np.int32
    return _Encoded(list(positions), np.array(index, dtype=width), -1 in index)


class _Dictionaries:
    """Per block code: its block columns (encoded), extended as the code table grows."""

    def __init__(self) -> None:
        self.rows: list[tuple[object, ...]] = []
        self._encoded: list[_Encoded] = []

    def update(self) -> None:
        tails = block_codes().tails
        if len(self.rows) == len(tails):
            return
        fresh = tails[len(self.rows) :]
        self.rows += [_block_values(NumberFacts("", "", *tail)) for tail in fresh]  # type: ignore[arg-type]
        self._encoded = []

    def encoded(self, extra: list[tuple[object, ...]]) -> list[_Encoded]:
        """Each block column over the shared rows, then ``extra`` (rows answered one by one in this call)."""
        if extra:
            return _shared_indexes([_encode([row[position] for row in (*self.rows, *extra)]) for position in range(len(BLOCK_COLUMNS))])
        if not self._encoded:
            self._encoded = _shared_indexes([_encode([row[position] for row in self.rows]) for position in range(len(BLOCK_COLUMNS))])
        return self._encoded


def _shared_indexes(columns: list[_Encoded]) -> list[_Encoded]:
    """Columns whose values pair one to one (a name in English and in Chinese) share one index array, gathered once."""
    shared: list[_Encoded] = []
    for column in columns:
        twin = next((kept for kept in shared if np.array_equal(kept.positions, column.positions)), None)
        shared.append(column if twin is None else column._replace(positions=twin.positions))
    return shared


@cache
def _dictionaries() -> _Dictionaries:
    return _Dictionaries()


def enrich_table(numbers: object, *, region: str = DEFAULT_REGION) -> pa.Table:
    """Offline answers for every number of a column, as a `pyarrow.Table` with the columns `COLUMNS`.

    ``numbers``: a pyarrow Array or ChunkedArray (string or integer), a NumPy array, a pandas or
    polars Series, or any sequence of strings or integers; integers are read as national numbers.
    Rows keep the input's order; nulls and bad numbers come back with ``error`` set, never raised.
    Needs pyarrow: ``pip install 'numcheck[columnar]'``.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError as error:
        raise ImportError("numcheck.enrich_table needs pyarrow: pip install 'numcheck[columnar]'") from error

    array = _as_arrow(numbers)
    count = len(array)
    block = _eleven_characters(array)  # the string data as an (n, 11) matrix, when every row is 11 bytes
    national, candidate = _national(array, region, block)
    codes = block_codes().codes(national)  # int32: below, -2 - i marks the i-th row answered one by one
    if not candidate.all():
        codes[~candidate] = -1
    texts: Sequence[str | None] | None = None
    extra: list[tuple[object, ...]] = []  # block values of rows the per-number path answered
    extra_tags: list[list[str]] = []
    errors: dict[int, str] = {}
    slow_e164: dict[int, str] = {}
    for row in np.flatnonzero(codes < 0).tolist():
        if texts is None:
            texts = array.cast(pa.string()).to_pylist()
        text = texts[row]
        folded = None if text is None else national_from_written(text, region)
        if folded is not None:
            code = int(block_codes().codes(np.array([int(folded)], dtype=np.int64))[0])
            if code >= 0:
                if not national.flags.writeable:
                    national = national.copy()
                codes[row], national[row] = code, int(folded)
                slow_e164[row] = "+86" + folded
                continue
        try:
            facts = enrich(text or "", region)
        except InvalidNumber as error:
            errors[row] = str(error)
            continue
        codes[row] = -2 - len(extra)  # read below as an index into ``extra``
        extra.append(_block_values(facts))
        extra_tags.append(_tags().of_text(text or "", region))
        slow_e164[row] = facts.e164
    fast = codes >= 0
    dictionaries = _dictionaries()
    dictionaries.update()
    shared = len(dictionaries.rows)
    # One dictionary per column: every shared block answer, then the rows answered one by one.
    everywhere = bool(fast.all())
    indices = codes if everywhere else np.where(fast, codes, np.where(codes <= -2, shared + (-2 - codes), -1)).astype(np.int32)
    columns: dict[str, pa.Array] = {"input": array.cast(pa.string())}
    e164 = _e164(national, block)
    if not candidate.all():  # every row not read as it stands: folded forms, the per-number rows, errors (null)
        replaced = [slow_e164.get(row) for row in np.flatnonzero(~candidate).tolist()]
        e164 = pc.replace_with_mask(e164, pa.array(~candidate), pa.array(replaced, type=pa.string()))
    columns["e164"] = e164
    missing = indices < 0
    any_missing = not everywhere and bool(missing.any())
    gather = np.where(missing, 0, indices) if any_missing else indices
    gathered: dict[int, NDArray[np.signedinteger]] = {}
    for name, encoded in zip(BLOCK_COLUMNS, dictionaries.encoded(extra), strict=True):
        # Each row's position among the column's distinct values: pandas needs a dictionary without repeats.
        position = gathered.get(id(encoded.positions))
        if position is None:
            constant = len(encoded.values) <= 1 and not encoded.nullable
            position = gathered[id(encoded.positions)] = np.zeros(count, dtype=np.int8) if constant else encoded.positions.take(gather)
        mask = None
        if any_missing or encoded.nullable:
            null = missing | (position < 0)
            mask = null if null.any() else None
        if encoded.values and isinstance(encoded.values[0], str):
            # safe=False: positions index their own values by construction, and a bounds pass per column cost 0.6 ms a million rows.
            columns[name] = pa.DictionaryArray.from_arrays(
                pa.array(position, mask=mask), pa.array(encoded.values, type=pa.string()), safe=False
            )
        else:  # booleans and years: plain columns
            values = np.array(encoded.values or [0])
            plain = np.full(count, values[0]) if len(values) == 1 else values[np.where(position < 0, 0, position)]
            columns[name] = pa.array(plain, mask=mask)
    columns["tags"] = _tag_column(national, codes, fast, extra_tags)
    columns["error"] = pa.nulls(count, pa.string())
    if errors:
        error_rows = np.zeros(count, dtype=bool)
        error_rows[list(errors)] = True
        columns["error"] = pc.replace_with_mask(
            columns["error"], pa.array(error_rows), pa.array([errors[row] for row in sorted(errors)], type=pa.string())
        )
    return pa.table(columns)


def _first_with(national: NDArray[np.int64], judge: NDArray[np.integer], key: int) -> Callable[[], int]:
    """The first number with this judgement key, found only if its tags are not known yet."""
    return lambda: int(national[np.argmax(judge == key)])


def _tag_column(national: NDArray[np.int64], codes: NDArray[np.int32], fast: NDArray[np.bool_], extra_tags: list[list[str]]) -> pa.Array:
    """The offline checkers' tags per row: fast rows by (segment, block listed, vanity code), the others their own."""
    import pyarrow as pa

    everywhere = bool(fast.all())  # the common column: boolean masks would only copy it
    judge = block_codes().judgements(codes if everywhere else np.where(fast, codes, 0), national)
    if not everywhere:
        judge[~fast] = -1
    # Judgement keys are small (segments x listing x vanity): count them rather than sort a column.
    keys = np.flatnonzero(np.bincount(judge if everywhere else judge[fast], minlength=1)) if fast.any() else np.zeros(0, dtype=np.int64)
    lists = [_tags().of_key(key, _first_with(national, judge, key)) for key in keys.tolist()]
    lookup = np.full(int(keys.max()) + 1 if len(keys) else 1, -1, dtype=np.int64)
    lookup[keys] = np.arange(len(keys))
    # Joined with ";" as in the CSV output: a dictionary column costs nothing per row (a list column would copy every tag).
    encoded = _encode([";".join(tag_list) for tag_list in lists + extra_tags])
    tags = pa.array(encoded.values, type=pa.string())
    if everywhere:
        return pa.DictionaryArray.from_arrays(pa.array(encoded.positions[lookup[judge]]), tags, safe=False)
    take = np.where(fast, lookup[np.where(fast, judge, 0)], np.where(codes <= -2, len(lists) + (-2 - codes), -1))
    return pa.DictionaryArray.from_arrays(pa.array(encoded.positions[np.where(take < 0, 0, take)], mask=take < 0), tags, safe=False)
