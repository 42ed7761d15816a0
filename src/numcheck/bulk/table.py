"""Offline answers for a whole column of numbers at once, as an Arrow table (the ``columnar`` extra: pyarrow).

``enrich_table(numbers)`` takes an Arrow array (string or integer), a NumPy array, a pandas or polars column, or
any sequence of numbers, and returns one row per input with the same answers as `numcheck.enrich_many` plus the
segment's facts and the offline checkers' risk tags. Bare 11-digit Chinese mobile numbers, their common written
forms (`numcheck.bulk.fold`) and the typos the parser refuses outright are all answered a column at a time: the
block table (`numcheck.bulk.blocks`), vanity tables, and array operations over the column's bytes. Only what
`numcheck.parse` alone can judge (landlines, foreign numbers, IoT numbers, unusual characters) is answered by
the per-number path, so the answers never differ.

Each descriptive column is dictionary-encoded: a column of ten million provinces is ten million small integers
and one short list of names (pandas reads it as a categorical).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from numcheck._errors import InputError, InvalidNumber
from numcheck.bulk.answers import BLOCK_COLUMNS, COLUMNS, Encoded, block_values, encode, tags, with_extra
from numcheck.bulk.blocks import block_table
from numcheck.bulk.fold import FOLDED, INVALID, OTHER, fold_utf8
from numcheck.numbers import DEFAULT_REGION, EMPTY
from numcheck.offline.enrich import enrich

if TYPE_CHECKING:
    import pyarrow as pa
    from numpy.typing import NDArray

__all__ = ["BLOCK_COLUMNS", "COLUMNS", "enrich_table"]


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
            try:
                array = pa.array(numbers if not isinstance(numbers, str) else [numbers])  # pandas Series and sequences
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                array = pa.array([None if value is None else str(value) for value in numbers])  # type: ignore[attr-defined]
        except UnicodeEncodeError as error:  # a lone surrogate: no Arrow string can hold it
            raise InputError(f"enrich_table takes text UTF-8 can encode, not {error.object[error.start : error.end]!r}") from None
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if pa.types.is_integer(array.type):
        return array.cast(pa.int64())
    if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
        return array.cast(pa.string())
    raise InputError(f"enrich_table takes numbers as text or integers, not {array.type}")


def _utf8(array: pa.Array) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
    """A string array's row offsets and bytes, as NumPy views of its own buffers."""
    offsets = np.frombuffer(array.buffers()[1], dtype=np.int32)[array.offset : array.offset + len(array) + 1]
    data = array.buffers()[2]
    return offsets.astype(np.int64), np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8)


def _eleven_characters(array: pa.Array) -> NDArray[np.uint8] | None:
    """The string data as an (n, 11) byte matrix when every row is exactly 11 bytes long, else None."""
    import pyarrow as pa

    if not pa.types.is_string(array.type) or len(array) == 0:
        return None
    offsets, data = _utf8(array)
    if offsets[-1] - offsets[0] != 11 * len(array) or not (np.diff(offsets) == 11).all():
        return None
    return data[offsets[0] : offsets[-1]].reshape(len(array), 11)


def _bare(array: pa.Array, region: str, block: NDArray[np.uint8] | None) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
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
        return pc.cast(array, pa.int64()).to_numpy(), np.ones(len(array), dtype=bool)
    bare = pc.and_(pc.and_(pc.equal(pc.binary_length(array), 11), pc.ascii_is_decimal(array)), pc.starts_with(array, "1"))
    bare = bare.fill_null(False)
    national = pc.cast(pc.if_else(bare, array, "0"), pa.int64())
    return national.to_numpy().copy(), bare.to_numpy(zero_copy_only=False)


def _e164(national: NDArray[np.int64], answered: NDArray[np.bool_], array: pa.Array, block: NDArray[np.uint8] | None) -> pa.Array:
    """ "+86" and the 11 digits of each answered row (null elsewhere), built as one fixed-width buffer."""
    import pyarrow as pa

    count = len(national)
    rows = np.empty(count, dtype=[("plus86", "V3"), ("digits", "V11")])  # 14 bytes a row, copied as two fields
    rows["plus86"] = np.frombuffer(b"+86", dtype="V3")[0]
    written: NDArray[np.intp] = np.flatnonzero(answered)
    if block is not None:  # every row 11 characters: the digits are the string data as it stands
        rows["digits"] = block.view("V11").reshape(-1)
        written = np.zeros(0, dtype=np.intp)
    elif pa.types.is_string(array.type) and count:
        # Each row's first 11 bytes, as overlapping 11-byte windows over the column's data: right for the rows
        # written as their digits, rewritten below for the folded ones (the others are null).
        offsets, data = _utf8(array)
        if len(data) >= 11:
            windows = np.ndarray(shape=(len(data) - 10,), dtype="V11", buffer=data, strides=(1,))
            rows["digits"] = windows[np.minimum(offsets[:-1], len(windows) - 1)]
            lengths = np.diff(offsets)[written]
            written = written[(lengths != 11) | (data[np.minimum(offsets[written], len(data) - 1)] == ord("+"))]
    if len(written):
        digits = np.empty((len(written), 11), dtype=np.uint8)
        remaining = national[written]
        for position in range(10, -1, -1):
            remaining, digits[:, position] = np.divmod(remaining, 10)
        digits += 48
        rows["digits"][written] = digits.view("V11").reshape(-1)
    mask = None if answered.all() else pa.py_buffer(np.packbits(answered, bitorder="little"))
    return pa.StringArray.from_buffers(
        count,
        pa.py_buffer(np.arange(0, 14 * count + 1, 14, dtype=np.int32)),
        pa.py_buffer(rows.view(np.uint8)),
        mask,
        int((~answered).sum()),
    )


class _Rows:
    """How each row of a column is answered: a block answer (code >= 0), the per-number path (code <= -2: an index
    into ``extra``), or not at all (-1: ``errors``)."""

    def __init__(self, array: pa.Array, region: str, block: NDArray[np.uint8] | None) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        self.national, self.bare = _bare(array, region, block)
        self.codes = (
            block_table().codes_of(self.national) if self.bare.all() else np.where(self.bare, block_table().codes_of(self.national), -1)
        )
        self.extra: list[tuple[object, ...]] = []  # block values of rows the per-number path answered
        self.extra_tags: list[str] = []
        self.extra_e164: dict[int, str] = {}
        self.errors: dict[int, str] = {}
        if (self.codes >= 0).all():
            return
        strings = array if pa.types.is_string(array.type) else array.cast(pa.string())
        rows = np.flatnonzero(~self.bare)
        if len(rows):
            subset = strings.filter(pa.array(~self.bare))
            folded = fold_utf8(*_utf8(subset), region=region)
            if subset.null_count:  # a null is no text: what parse says of ""
                nulls = subset.is_null().to_numpy(zero_copy_only=False)
                folded.kind[nulls] = INVALID
                folded.problem[nulls] = len(folded.problems)
                folded.problems.append(EMPTY[1])
            fold_rows = rows[folded.kind == FOLDED]
            self.national[fold_rows] = folded.national[folded.kind == FOLDED]
            self.codes[fold_rows] = block_table().codes_of(self.national[fold_rows])
            for row, problem in zip(rows[folded.kind == INVALID].tolist(), folded.problem[folded.kind == INVALID].tolist(), strict=True):
                self.errors[row] = folded.problems[problem]
            other = np.concatenate([rows[folded.kind == OTHER], fold_rows])
        else:
            other = np.zeros(0, dtype=np.int64)
        other = np.concatenate([other, np.flatnonzero(self.bare & (self.codes < 0))])
        other = np.sort(other[self.codes[other] < 0])
        if len(other):
            texts = pc.take(strings, pa.array(other)).to_pylist()
            for row, text in zip(other.tolist(), texts, strict=True):
                self._per_number(row, text or "", region)

    def _per_number(self, row: int, text: str, region: str) -> None:
        try:
            facts = enrich(text, region)
        except InvalidNumber as error:
            self.errors[row] = str(error)
            return
        self.codes[row] = -2 - len(self.extra)
        self.extra.append(block_values(facts))
        self.extra_tags.append(tags().of_text(text, region))
        self.extra_e164[row] = facts.e164


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
    rows = _Rows(array, region, block)
    codes = rows.codes
    fast = codes >= 0
    everywhere = bool(fast.all())
    shared = len(block_table())
    # One dictionary per column: every block answer, then the rows answered one by one.
    indices = codes if everywhere else np.where(fast, codes, np.where(codes <= -2, shared + (-2 - codes), -1))
    columns: dict[str, pa.Array] = {"input": array if pa.types.is_string(array.type) else array.cast(pa.string())}
    e164 = _e164(rows.national, fast, array, block)
    if rows.extra_e164:
        replaced = np.zeros(count, dtype=bool)
        replaced[list(rows.extra_e164)] = True
        e164 = pc.replace_with_mask(
            e164, pa.array(replaced), pa.array([rows.extra_e164[row] for row in sorted(rows.extra_e164)], type=pa.string())
        )
    columns["e164"] = e164
    missing = indices < 0
    any_missing = not everywhere and bool(missing.any())
    gather = np.where(missing, 0, indices) if any_missing else indices
    gatherer = _Gatherer(gather, missing if any_missing else None)
    for name, encoded in zip(BLOCK_COLUMNS, with_extra(rows.extra), strict=True):
        columns[name] = gatherer.column(encoded)
    columns["tags"] = _tag_column(rows.national, codes, fast, rows.extra_tags)
    columns["error"] = pa.nulls(count, pa.string())
    if rows.errors:
        messages = encode([rows.errors[row] for row in sorted(rows.errors)])
        error_rows = np.full(count, -1, dtype=np.int32)
        error_rows[sorted(rows.errors)] = messages.positions
        columns["error"] = pc.take(pa.array(messages.values, type=pa.string()), pa.array(error_rows, mask=error_rows < 0))
    return pa.table(columns)


class _Gatherer:
    """The block columns of a table: each column's values per row, gathered from its values per answer.

    Columns that share an index array (names in English and Chinese) are gathered once, and columns null for the
    same answers (the six region columns) share one validity bitmap.
    """

    def __init__(self, gather: NDArray[np.integer], missing: NDArray[np.bool_] | None) -> None:
        self.gather, self.missing, self.count = gather, missing, len(gather)
        self._positions: dict[int, NDArray[np.signedinteger]] = {}
        self._validity: dict[bytes, tuple[pa.Buffer | None, int]] = {}

    def positions(self, encoded: Encoded) -> NDArray[np.signedinteger]:
        """Each row's position among the column's distinct values (pandas needs a dictionary without repeats)."""
        position = self._positions.get(id(encoded.positions))
        if position is None:
            if len(encoded.values) <= 1 and not encoded.nullable:  # a constant column: one array of zeros serves all
                position = self._positions.setdefault(-1, np.zeros(self.count, dtype=np.int8))
            else:
                position = encoded.positions.take(self.gather)
            self._positions[id(encoded.positions)] = position
        return position

    def validity(self, encoded: Encoded, position: NDArray[np.signedinteger]) -> tuple[pa.Buffer | None, int]:
        """The validity bitmap of a column and its null count (None, 0: no null)."""
        import pyarrow as pa

        if not encoded.nullable and self.missing is None:
            return None, 0
        key = (encoded.positions < 0).tobytes()  # which answers the column is null for
        found = self._validity.get(key)
        if found is None:
            null = position < 0 if self.missing is None else self.missing | (position < 0)
            nulls = int(null.sum())
            found = self._validity[key] = (pa.py_buffer(np.packbits(~null, bitorder="little")), nulls) if nulls else (None, 0)
        return found

    def column(self, encoded: Encoded) -> pa.Array:
        import pyarrow as pa

        position = self.positions(encoded)
        validity, nulls = self.validity(encoded, position)
        if encoded.values and isinstance(encoded.values[0], str):
            indices = pa.Array.from_buffers(pa.from_numpy_dtype(position.dtype), self.count, [validity, pa.py_buffer(position)], nulls)
            # safe=False: positions index their own values by construction, and a bounds pass per column cost 0.6 ms a million rows.
            return pa.DictionaryArray.from_arrays(indices, pa.array(encoded.values, type=pa.string()), safe=False)
        values = np.array(encoded.values or [False])  # booleans and years: plain columns
        plain = values[np.maximum(position, 0)] if len(values) > 1 else np.full(self.count, values[0])
        if plain.dtype == np.bool_:
            return pa.Array.from_buffers(pa.bool_(), self.count, [validity, pa.py_buffer(np.packbits(plain, bitorder="little"))], nulls)
        plain = plain.astype(np.int64)
        return pa.Array.from_buffers(pa.int64(), self.count, [validity, pa.py_buffer(plain)], nulls)


def _first_with(national: NDArray[np.int64], judge: NDArray[np.integer], key: int) -> Callable[[], int]:
    """The first number with this judgement key, found only if its tags are not known yet."""
    return lambda: int(national[np.argmax(judge == key)])


def _tag_column(national: NDArray[np.int64], codes: NDArray[np.int32], fast: NDArray[np.bool_], extra_tags: list[str]) -> pa.Array:
    """The offline checkers' tags per row: fast rows by (segment, block listed, vanity code), the others their own."""
    import pyarrow as pa

    everywhere = bool(fast.all())  # the common column: boolean masks would only copy it
    judge = block_table().judgements(codes if everywhere else np.where(fast, codes, 0), national)
    if not everywhere:
        judge[~fast] = -1
    # Judgement keys are small (segments x listing x vanity): count them rather than sort a column.
    keys = np.flatnonzero(np.bincount(judge if everywhere else judge[fast], minlength=1)) if fast.any() else np.zeros(0, dtype=np.int64)
    lists = [tags().of_key(key, _first_with(national, judge, key)) for key in keys.tolist()]
    lookup = np.full(int(keys.max()) + 1 if len(keys) else 1, -1, dtype=np.int64)
    lookup[keys] = np.arange(len(keys))
    # Joined with ";" as in the CSV output: a dictionary column costs nothing per row (a list column would copy every tag).
    encoded = encode(lists + extra_tags)
    tag_values = pa.array(encoded.values, type=pa.string())
    if everywhere:  # one gather: each judgement key's position among the distinct tag lists
        position_of_key = np.zeros(len(lookup), dtype=encoded.positions.dtype)
        position_of_key[keys] = encoded.positions[: len(keys)]
        return pa.DictionaryArray.from_arrays(pa.array(position_of_key[judge]), tag_values, safe=False)
    take = np.where(fast, lookup[np.where(fast, judge, 0)], np.where(codes <= -2, len(lists) + (-2 - codes), -1))
    positions = np.concatenate([encoded.positions, np.zeros(1, dtype=encoded.positions.dtype)])  # row -1 (no tags) reads the 0 after
    return pa.DictionaryArray.from_arrays(pa.array(positions[take], mask=take < 0), tag_values, safe=False)
