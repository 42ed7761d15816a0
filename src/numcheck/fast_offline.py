"""Offline batches written as CSV or JSON Lines at table speed, with the per-number path's exact answers.

The per-number path builds a full `Report` for every number (pydantic models, seven checkers, the
risk engine): about 2,300 numbers a second. But with the built-in offline checkers, the record of
a Chinese mobile number on the fast path depends on three things only:

* its 7-digit block (carrier, place, region, segment): the enrichment fast path's shared answer;
* its vanity tags (`numcheck.offline.vanity.vanity_tags`);
* the facts the risk engine reads, all of which follow from the segment, whether the prefix data
  lists the block, and those vanity tags.

So each distinct block part is put together once from the same helpers the report uses, each
distinct judgement is taken from a real report of the first number that needs it, and a number's
line is its own fields joined to those two cached parts. Every other line (typos, landlines,
foreign numbers) goes through the per-number path unchanged. ``tests/batch/test_fast_offline.py``
holds the output byte-equal to the per-number writers on mixed input.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import numpy as np

from numcheck._errors import InvalidNumber
from numcheck._text import csv_cell
from numcheck.batch import MEMORY_SEEN_LIMIT, BatchItem
from numcheck.engine import number_notes, region_info
from numcheck.offline.checkers import builtin_offline_checkers
from numcheck.offline.enrich import NumberFacts, national_from_written
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
    from numcheck.engine import Runner
    from numcheck.numbers import PhoneNumberInfo
    from numcheck.offline.columns import SeenTable
    from numcheck.report import RegionInfo

FAST_FORMATS = ("csv", "jsonl")
# Lines handled together: large enough that numpy's per-call cost vanishes, small enough to stream.
CHUNK_LINES = 16_384
# Lines joined into one string for writing: a whole chunk's text (12 MB of JSON Lines) is a fresh
# allocation larger than the cache each time; building, joining and writing a million lines took 3.9 s
# that way and 1.1 s in 512-line pieces that stay in cache.
PIECE_LINES = 512


def serves(runner: Runner, fmt: str) -> bool:
    """Whether this runner's batch can take the fast path: offline, CSV or JSON Lines, the built-in offline checkers only."""
    builtin = [(type(checker), checker.meta.id) for checker in builtin_offline_checkers()]
    return runner.offline and fmt in FAST_FORMATS and [(type(checker), checker.meta.id) for checker in runner.checkers] == builtin


class _CsvCells:
    """CSV text of some cells, quoted exactly as the csv module quotes a row (one writer, reused)."""

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="")

    def __call__(self, values: Iterable[object]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow([csv_cell(value) for value in values])
        return self._buffer.getvalue()


def _distinct(values: np.ndarray) -> list[int]:
    """The distinct values of small non-negative integers (codes, keys): counted, not sorted."""
    return np.flatnonzero(np.bincount(values)).tolist() if len(values) else []


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


class FastOfflineRows:
    """Output lines (CSV rows or JSON Lines) for an offline batch, in input order, a chunk at a time.

    ``counts`` tallies checked, invalid and duplicate lines for the run's summary.
    """

    def __init__(self, runner: Runner, fmt: str) -> None:
        if not serves(runner, fmt):
            raise ValueError("the fast offline path serves offline CSV or JSON Lines with the built-in offline checkers only")
        from numcheck.offline.columns import block_codes

        self.runner, self.fmt = runner, fmt
        self.counts = {"checked": 0, "invalid": 0, "duplicate": 0}
        self._codes = block_codes()
        # Block code -> its part of the line, then ","; judgement key (numcheck.offline.columns) -> the
        # judgement's part, then the line's end. "" stands for "not worked out yet": no real part is empty.
        self._blocks: list[str] = []
        self._judged: list[str] = []
        self._regions: dict[int, RegionInfo | None] = {}
        self._csv_cells = _CsvCells()

    def header(self) -> str:
        return ",".join(CSV_FIELDS) + "\n" if self.fmt == "csv" else ""

    def lines(self, numbers: Iterable[str]) -> Iterator[str]:
        """One output line per input line that is not blank or a comment (any iterable of lines or numbers)."""
        for pieces, _ in self.blocks_counted(chunks_of(numbers)):
            for piece in pieces:
                yield from piece.splitlines(keepends=True)

    def blocks_counted(self, chunks: Iterable[tuple[list[int], list[str]]]) -> Iterator[tuple[list[str], int]]:
        """The output for each chunk of (line numbers, texts), as pieces of up to PIECE_LINES lines, with how many lines it answers."""
        from numcheck.offline.columns import SeenTable

        seen = SeenTable(limit=MEMORY_SEEN_LIMIT)
        index = 0
        try:
            for line_numbers, texts in chunks:
                yield self._chunk(line_numbers, texts, index, seen), len(texts)
                index += len(texts)
        finally:
            seen.close()

    def _chunk(self, line_numbers: list[int], texts: list[str], first: int, seen: SeenTable) -> list[str]:
        from numcheck.offline.columns import clean_national

        count = len(texts)
        indices = np.arange(first, first + count, dtype=np.int64)
        clean, national = clean_national(texts)
        if self.runner.region.upper() != "CN":  # bare digits are national numbers only in CN
            clean[:] = False
        codes = np.where(clean, self._codes.codes(national), -1)
        keys = np.where(codes >= 0, 86 * 10**11 + national, -1)
        # Rows off the column path: written-out forms (folded here), and what only the full parser can judge.
        done: dict[int, str] = {}
        parsed: dict[int, tuple[str, PhoneNumberInfo]] = {}
        for row in np.flatnonzero(codes < 0).tolist():
            text = texts[row]
            folded = national_from_written(text, self.runner.region)
            if folded is not None:
                code = int(self._codes.codes(np.array([int(folded)], dtype=np.int64))[0])
                if code >= 0:
                    codes[row], national[row], keys[row] = code, int(folded), int("86" + folded)
                    continue
            try:
                text, info = self.runner.parse(text)
            except InvalidNumber as error:
                self.counts["invalid"] += 1
                done[row] = self._render(BatchItem(index=first + row, input=text, line=line_numbers[row], invalid=str(error)))
                continue
            parsed[row] = (text, info)
            keys[row] = int(info.e164[1:])
        has_key = keys >= 0
        firsts = np.full(count, -1, dtype=np.int64)
        firsts[has_key] = seen.first_indices(keys[has_key], indices[has_key])
        duplicate = has_key & (firsts != indices)
        for row in np.flatnonzero(duplicate).tolist():
            self.counts["duplicate"] += 1
            item = BatchItem(index=first + row, input=texts[row], line=line_numbers[row], duplicate_of=int(firsts[row]))
            done[row] = self._render(item)
        for row, (text, info) in parsed.items():
            if not duplicate[row]:
                self.counts["checked"] += 1
                report, _ = self.runner.run_and_save(text, info)
                done[row] = self._render(BatchItem(index=first + row, input=text, line=line_numbers[row], report=report))
        fast = (codes >= 0) & ~duplicate
        self.counts["checked"] += int(fast.sum())
        fast_rows = np.flatnonzero(fast)
        for code in _distinct(codes[fast_rows]):
            if code >= len(self._blocks) or not self._blocks[code]:
                self._block(code)
        judges = np.full(count, -1, dtype=np.int64)
        folded = fast & ~clean
        judges[fast_rows] = self._codes.judgements(codes[fast_rows], national[fast_rows])
        for judge in _distinct(judges[fast_rows]):
            if judge >= len(self._judged) or not self._judged[judge]:
                self._judge(judge, texts[int(fast_rows[np.flatnonzero(judges[fast_rows] == judge)[0]])])
        # Every row gets a line here, as three pieces: its own fields, its block's part, its judgement's part
        # (each part ends with what follows it). Rows rendered on their own (done) are put in after. A row
        # with no block or judgement reads the sentinel at the end of each list (index -1).
        blocks, judged = [*self._blocks, ""], [*self._judged, ""]
        codes_listed, judges_listed = codes.tolist(), judges.tolist()
        # Only bare 11-digit rows keep these pieces (every other row is in ``done``), so the input is the national number.
        if self.fmt == "csv":
            own = [
                f"{line},{index},{text},+86{text},"
                for line, index, text in zip(line_numbers, range(first, first + count), texts, strict=True)
            ]
        else:
            own = [f'{{"line":{line},"index":{index},"input":"{text}","e164":"+86{text}",'
                   for line, index, text in zip(line_numbers, range(first, first + count), texts, strict=True)]  # fmt: skip
        block_parts, judged_parts = list(map(blocks.__getitem__, codes_listed)), list(map(judged.__getitem__, judges_listed))
        for row in np.flatnonzero(folded).tolist():  # written-out forms: their input needs its own cell
            done[row] = self._line(line_numbers[row], first + row, texts[row], int(national[row]), block_parts[row], judged_parts[row])
        for row, rendered in done.items():
            own[row], block_parts[row], judged_parts[row] = rendered, "", ""
        # Joined in C, a piece at a time: a per-line f-string with both parts in it copied each part once more.
        return [
            "".join(itertools.chain.from_iterable(zip(own[start:stop], block_parts[start:stop], judged_parts[start:stop], strict=True)))
            for start, stop in ((start, start + PIECE_LINES) for start in range(0, count, PIECE_LINES))
        ]

    def _line(self, line: int, index: int, text: str, national: int, block: str, judged: str) -> str:
        """The line of a written-out form on the fast path (``block`` and ``judged`` as stored, each with what follows it)."""
        if self.fmt == "csv":
            # The fold lets no comma, quote or line break through: the cell never needs quoting.
            return f"{line},{index},{csv_cell(text)},+86{national},{block}{judged}"
        shown = compact_json(text)
        return f'{{"line":{line},"index":{index},"input":{shown},"e164":"+86{national}",{block}{judged}'

    def _render(self, item: BatchItem) -> str:
        if self.fmt == "jsonl":
            return json_line(compact_record(item))
        row = csv_row(item)
        return self._csv_cells(row.get(name, "") for name in CSV_FIELDS) + "\n"

    def _block(self, code: int) -> None:
        """The part of a line after e164 that follows from the block, and the block's judgement slot (once per block code)."""
        tail = self._codes.tails[code]
        facts = NumberFacts("", "", *tail)  # type: ignore[arg-type]
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
        self._blocks.extend([""] * (code + 1 - len(self._blocks)))
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
