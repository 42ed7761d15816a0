"""Offline batches written as CSV or JSON Lines at column speed, with the per-number path's exact lines.

The per-number path builds a full `Report` for every number (pydantic models, seven checkers, the risk engine):
a few thousand numbers a second. But with the built-in offline checkers, the record of a Chinese mobile number
depends on three things only:

* its 7-digit block (carrier, place, region, segment): its answer in the block table (`numcheck.bulk.blocks`);
* its vanity tags (`numcheck.bulk.vanity`);
* the facts the risk engine reads, all of which follow from the segment, whether the prefix data lists the
  block, and those vanity tags (the judgement key).

So each distinct block answer is written out once from the same helpers the report uses, each distinct judgement
is taken from a real report of the first number that needs it, and a number's line is its own fields joined to
those two cached parts. Written-out forms are folded and typos refused a chunk at a time (`numcheck.bulk.fold`),
repeats found by the duplicate index (`numcheck.bulk.seen`), and their lines written as the per-number writers
write them (`numcheck.bulk.lines`). Only what `numcheck.parse` alone can judge (landlines, foreign numbers ...)
goes through the per-number path. ``tests/bulk/test_rows.py`` holds the output byte-equal to the per-number
writers on mixed input.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

import numpy as np

from numcheck._errors import InvalidNumber
from numcheck.batch import BatchItem
from numcheck.bulk.blocks import block_table
from numcheck.bulk.fold import FOLDED, INVALID, OTHER, fold_texts
from numcheck.bulk.lines import CsvCells, ProblemLines, json_text
from numcheck.bulk.seen import SeenIndex
from numcheck.engine import number_notes, region_info
from numcheck.offline.enrich import NumberFacts
from numcheck.offline_checkers import builtin_offline_checkers
from numcheck.render.batch import (
    CSV_FIELDS,
    Place,
    compact_json,
    compact_record,
    csv_row,
    json_line,
    judgement_fields,
    place_cells,
    place_fields,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from numcheck.engine import Runner
    from numcheck.report import RegionInfo

__all__ = ["FAST_FORMATS", "OfflineRows", "chunks_of", "serves"]

FAST_FORMATS = ("csv", "jsonl")
# Lines handled together: large enough that numpy's per-call cost vanishes, small enough to stream.
CHUNK_LINES = 16_384
# Lines joined into one string for writing: a whole chunk's text (12 MB of JSON Lines) is a fresh allocation
# larger than the cache each time; pieces of 512 lines stay in cache.
PIECE_LINES = 512
_PLACE = 10 ** np.arange(10, -1, -1, dtype=np.int64)  # digit weights of an 11-digit number


def serves(runner: Runner, fmt: str) -> bool:
    """Whether this runner's batch can take the bulk path: offline, CSV or JSON Lines, the built-in offline checkers only."""
    builtin = [(type(checker), checker.meta.id) for checker in builtin_offline_checkers()]
    return runner.offline and fmt in FAST_FORMATS and [(type(checker), checker.meta.id) for checker in runner.checkers] == builtin


def chunks_of(numbers: Iterable[str]) -> Iterator[tuple[list[int], list[str]]]:
    """(line numbers, texts) of up to CHUNK_LINES inputs, blank lines and comments left out as `check_many` does."""
    numbered = iter(enumerate(numbers, 1))
    while batch := list(itertools.islice(numbered, CHUNK_LINES)):
        lines, texts = [], []
        for position, raw in batch:
            text = raw.rstrip("\r\n")
            if text.strip() and not text.lstrip().startswith("#"):
                lines.append(getattr(raw, "line", position))
                texts.append(text)
        yield lines, texts


def bare_national(texts: Sequence[str]) -> tuple[NDArray[np.bool_], NDArray[np.int64]]:
    """Which texts are bare 11-digit numbers starting with 1 (ASCII digits only), and their value (0 elsewhere)."""
    count = len(texts)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=count)
    joined = "".join(texts)
    if count and (lengths == 11).all() and joined.isascii():
        # The common file: every line 11 ASCII characters. Its bytes are the digit matrix as they stand.
        digits = (np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(count, 11) - np.uint8(48)).astype(np.uint8)
    else:
        # Longer texts are cut to 12 characters here; their length already rules them out.
        points = np.array(texts, dtype="<U12").view(np.uint32).reshape(count, 12)[:, :11]
        digits = np.where(points >= 48, points - 48, 255).clip(0, 255).astype(np.uint8)
    bare = (lengths == 11) & (digits <= 9).all(axis=1) & (digits[:, 0] == 1)
    digits = np.where(bare[:, None], digits, 0).astype(np.uint8)
    return bare, digits.astype(np.int64) @ _PLACE


def _distinct(values: NDArray[np.integer]) -> list[int]:
    """The distinct values of small non-negative integers (codes, keys): counted, not sorted."""
    return np.flatnonzero(np.bincount(values)).tolist() if len(values) else []


class OfflineRows:
    """Output lines (CSV rows or JSON Lines) for an offline batch, in input order, a chunk at a time.

    ``counts`` tallies checked, invalid and duplicate lines for the run's summary.
    """

    def __init__(self, runner: Runner, fmt: str) -> None:
        if not serves(runner, fmt):
            raise ValueError("the fast offline path serves offline CSV or JSON Lines with the built-in offline checkers only")
        self.runner, self.fmt = runner, fmt
        self.counts = {"checked": 0, "invalid": 0, "duplicate": 0}
        self._table = block_table()
        # Block code -> its part of the line, then ","; judgement key -> the judgement's part, then the line's end.
        # "" stands for "not worked out yet": no real part is empty.
        self._blocks = [""] * len(self._table)
        self._judged: list[str] = []
        self._regions: dict[int, RegionInfo | None] = {}
        self._csv_cells = CsvCells()
        self._problems = ProblemLines(fmt)

    def header(self) -> str:
        return ",".join(CSV_FIELDS) + "\n" if self.fmt == "csv" else ""

    def lines(self, numbers: Iterable[str]) -> Iterator[str]:
        """One output line per input line that is not blank or a comment (any iterable of lines or numbers)."""
        for pieces, _ in self.blocks_counted(chunks_of(numbers)):
            for piece in pieces:
                yield from piece.splitlines(keepends=True)

    def blocks_counted(self, chunks: Iterable[tuple[list[int], list[str]]]) -> Iterator[tuple[list[str], int]]:
        """The output for each chunk of (line numbers, texts), as pieces of up to PIECE_LINES lines, with how many lines it answers."""
        seen = SeenIndex()
        index = 0
        try:
            for line_numbers, texts in chunks:
                yield self._chunk(line_numbers, texts, index, seen), len(texts)
                index += len(texts)
        finally:
            seen.close()

    def _chunk(self, line_numbers: list[int], texts: list[str], first: int, seen: SeenIndex) -> list[str]:
        count = len(texts)
        region = self.runner.region
        bare, national = bare_national(texts)
        if region.upper() != "CN":  # bare digits are national numbers only in CN
            bare[:] = False
        codes = self._table.codes_of(national) if bare.all() else np.where(bare, self._table.codes_of(national), -1)
        done: dict[int, str] = {}  # rows written on their own: problems and the per-number path's
        rest = np.flatnonzero(~bare)
        folded_rows = np.zeros(0, dtype=np.int64)
        others: list[int] = np.flatnonzero(bare & (codes < 0)).tolist()
        if len(rest):
            folded = fold_texts([texts[row] for row in rest.tolist()], region)
            folded_rows = rest[folded.kind == FOLDED]
            national[folded_rows] = folded.national[folded.kind == FOLDED]
            codes[folded_rows] = self._table.codes_of(national[folded_rows])
            refused = folded.kind == INVALID
            for row, problem in zip(rest[refused].tolist(), folded.problem[refused].tolist(), strict=True):
                done[row] = self._problems.line(line_numbers[row], first + row, texts[row], "invalid: " + folded.problems[problem])
            self.counts["invalid"] += int(refused.sum())
            others += rest[folded.kind == OTHER].tolist() + folded_rows[codes[folded_rows] < 0].tolist()
        keys = np.where(codes >= 0, 86 * 10**11 + national, -1)
        parsed = {}
        for row in sorted(others):  # what only the full parser can judge
            try:
                parsed[row] = self.runner.parse(texts[row])
            except InvalidNumber as error:
                self.counts["invalid"] += 1
                done[row] = self._render(BatchItem(index=first + row, input=texts[row], line=line_numbers[row], invalid=str(error)))
                continue
            keys[row] = int(parsed[row][1].e164[1:])
        has_key = keys >= 0
        indices = np.arange(first, first + count, dtype=np.int64)
        firsts = np.full(count, -1, dtype=np.int64)
        firsts[has_key] = seen.first_indices(keys[has_key], indices[has_key])
        duplicate = has_key & (firsts != indices)
        for row, earlier in zip(np.flatnonzero(duplicate).tolist(), firsts[duplicate].tolist(), strict=True):
            done[row] = self._problems.line(line_numbers[row], first + row, texts[row], f"duplicate of input #{earlier + 1}")
        self.counts["duplicate"] += int(duplicate.sum())
        for row, (text, info) in parsed.items():
            if not duplicate[row]:
                self.counts["checked"] += 1
                report, _ = self.runner.run_and_save(text, info)
                done[row] = self._render(BatchItem(index=first + row, input=text, line=line_numbers[row], report=report))
        fast = (codes >= 0) & ~duplicate
        return self._lines(line_numbers, texts, first, national, codes, fast, bare, done)

    def _lines(
        self,
        line_numbers: list[int],
        texts: list[str],
        first: int,
        national: NDArray[np.int64],
        codes: NDArray[np.int32],
        fast: NDArray[np.bool_],
        bare: NDArray[np.bool_],
        done: dict[int, str],
    ) -> list[str]:
        count = len(texts)
        self.counts["checked"] += int(fast.sum())
        fast_rows = np.flatnonzero(fast)
        for code in _distinct(codes[fast_rows]):
            if not self._blocks[code]:
                self._block(code)
        judges = np.full(count, -1, dtype=np.int64)
        judges[fast_rows] = self._table.judgements(codes[fast_rows], national[fast_rows])
        for judge in _distinct(judges[fast_rows]):
            if judge >= len(self._judged) or not self._judged[judge]:
                self._judge(judge, "+86" + str(int(national[fast_rows[np.flatnonzero(judges[fast_rows] == judge)[0]]])))
        # Every row gets a line here, as three pieces: its own fields, its block's part, its judgement's part (each
        # part ends with what follows it). Rows written on their own (done) are put in after. A row with no block
        # or judgement reads the sentinel at the end of each list (index -1).
        blocks, judged = [*self._blocks, ""], [*self._judged, ""]
        codes_listed, judges_listed = np.where(fast, codes, -1).tolist(), judges.tolist()
        # A row's own fields: its input as a cell, and its national digits. A bare row is both as it stands; a
        # written-out form needs its cell (quoted, escaped) and its digits worked out.
        shown, digits = texts, texts
        written = np.flatnonzero(fast & ~bare).tolist()
        if written:
            shown, digits = list(texts), list(texts)
            for row, number in zip(written, national[written].tolist(), strict=True):
                shown[row] = self._csv_cells.cell(texts[row]) if self.fmt == "csv" else json_text(texts[row])[1:-1]
                digits[row] = str(number)
        indices = range(first, first + count)
        if self.fmt == "csv":
            own = [
                f"{line},{index},{text},+86{number},"
                for line, index, text, number in zip(line_numbers, indices, shown, digits, strict=True)
            ]
        else:
            own = [f'{{"line":{line},"index":{index},"input":"{text}","e164":"+86{number}",'
                   for line, index, text, number in zip(line_numbers, indices, shown, digits, strict=True)]  # fmt: skip
        block_parts, judged_parts = list(map(blocks.__getitem__, codes_listed)), list(map(judged.__getitem__, judges_listed))
        for row, rendered in done.items():
            own[row], block_parts[row], judged_parts[row] = rendered, "", ""
        # Joined in C, a piece at a time: a per-line f-string with both parts in it copied each part once more.
        return [
            "".join(itertools.chain.from_iterable(zip(own[start:stop], block_parts[start:stop], judged_parts[start:stop], strict=True)))
            for start, stop in ((start, start + PIECE_LINES) for start in range(0, count, PIECE_LINES))
        ]

    def _render(self, item: BatchItem) -> str:
        if self.fmt == "jsonl":
            return json_line(compact_record(item))
        row = csv_row(item)
        return self._csv_cells(row.get(name, "") for name in CSV_FIELDS) + "\n"

    def _block(self, code: int) -> None:
        """The part of a line after e164 that follows from the block (once per block code)."""
        facts = NumberFacts("", "", *self._table.shared[code])  # type: ignore[arg-type]
        segment, region = facts.segment, facts.region
        assert segment is not None
        info = self._regions.get(id(region))
        if info is None and region is not None:
            info = self._regions[id(region)] = region_info(facts)
        place = Place(True, facts.line_type, facts.carrier_en, facts.carrier_zh, facts.location_en, facts.location_zh, info, segment)
        if self.fmt == "csv":
            part = self._csv_cells(place_cells(place).values())
        else:
            notes = number_notes(facts, info, chinese=True, valid=True)
            part = compact_json(place_fields(place, notes))[1:-1]  # the fields, no braces
        self._blocks[code] = part + ","

    def _judge(self, key: int, text: str) -> None:
        """Work out the risk part of a line, from a real report of the first number with this segment, listing and vanity tags."""
        _, info = self.runner.parse(text)
        report, _ = self.runner.run_and_save(text, info)
        if self.fmt == "csv":
            row = csv_row(BatchItem(index=0, input=text, report=report))
            part = self._csv_cells(row.get(name, "") for name in CSV_FIELDS[CSV_FIELDS.index("verdict") :])
        else:
            part = compact_json(judgement_fields(report))[1:-1]
        self._judged.extend([""] * (key + 1 - len(self._judged)))
        self._judged[key] = part + ("\n" if self.fmt == "csv" else "}\n")
