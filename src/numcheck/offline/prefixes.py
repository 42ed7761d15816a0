"""Carrier of record and location for Chinese mobile prefixes, from ``data/cn_mobile_prefixes.tsv``.

The table is phonenumbers' own carrier and geocoding data for China, flattened by
``tools/gen_cn_prefix_table.py``: loading it costs milliseconds where importing
``phonenumbers.geocoder`` costs a third of a second and 110 MB. Blocks (130, 131, ...)
are expanded on first use into a list indexed by the next four digits.
"""

import mmap
from bisect import bisect_right
from functools import cache
from pathlib import Path
from typing import Generic, NamedTuple, TypeVar

from numcheck.data import shipped


class PrefixFacts(NamedTuple):
    """Carrier of record and location as phonenumbers would name them ('' when it names none)."""

    carrier_en: str
    carrier_zh: str
    location_en: str
    location_zh: str


Entry = TypeVar("Entry")


class BlockText(Generic[Entry]):
    """A shipped table of ``@NNN`` sections, one per 3-digit block, each expanded into 10,000 entries on first use.

    ``data`` is the file's bytes (a memory map of the installed file, see `read_table`): only the header
    and the sections asked for are decoded, so one look-up does not pay for reading the whole table.
    """

    def __init__(self, data: bytes | mmap.mmap) -> None:
        self._data = data
        self._blocks: dict[str, list[Entry] | None] = {}
        header_end = data.find(b"\n@")
        self.header = (data[:header_end] if header_end >= 0 else data[:]).decode("utf-8")

    def block(self, first_three: str) -> list[Entry] | None:
        """The expanded block for a 3-digit prefix, or None when the table has no such block."""
        try:
            return self._blocks[first_three]
        except KeyError:
            body = self._section(first_three)
            expanded = None if body is None else self._expand(body)
            self._blocks[first_three] = expanded
            return expanded

    def _section(self, first_three: str) -> str | None:
        marker = f"\n@{first_three}\n".encode("ascii")
        start = self._data.find(marker)
        if start < 0:
            return None
        start += len(marker)
        end = self._data.find(b"\n@", start)
        return self._data[start : end if end >= 0 else len(self._data)].decode("utf-8").strip()

    def _expand(self, body: str) -> list[Entry]:
        raise NotImplementedError


def read_table(name: str) -> bytes | mmap.mmap:
    """A shipped data file's bytes: memory-mapped where the package is installed as files (read lazily by the OS), else read."""
    resource = shipped(name)
    if isinstance(resource, Path) and resource.stat().st_size > 0:  # an empty file cannot be mapped (a broken install)
        with resource.open("rb") as handle:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    return resource.read_bytes()  # a zipped install: no file to map


class PrefixTable(BlockText[PrefixFacts]):
    """Expands 3-digit blocks lazily; each block is 10,000 references to shared `PrefixFacts`."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        super().__init__(data)
        self._names: dict[str, tuple[str, str]] = {}
        self._runs: dict[str, tuple[list[int], list[str]] | None] = {}
        self.country = ("", "")
        self.source_version = ""
        for line in self.header.splitlines():
            fields = line.split("\t")
            if fields[0] == "#name":
                self._names[fields[1]] = (fields[2], fields[3])
            elif fields[0] == "#country":
                self.country = (fields[1], fields[2])
            elif fields[0] == "#phonenumbers":
                self.source_version = fields[1]

    def lookup(self, national_number: str) -> PrefixFacts | None:
        """Facts for an 11-digit Chinese mobile number, or None outside the table."""
        if len(national_number) < 7 or not national_number[3:7].isdigit():
            return None
        three, four = national_number[:3], int(national_number[3:7])
        block = self._blocks.get(three)
        if block is not None or three in self._blocks:  # expanded already (the bulk path's table reads whole blocks)
            return None if block is None else block[four]
        runs = self._runs.get(three)
        if runs is None:
            body = self._section(three)
            runs = self._runs[three] = None if body is None else _runs(body)
        if runs is None:
            return None
        # One number: the run holding it, found by bisection (expanding the block into 10,000 entries cost a one-off
        # check more than its look-up; `_expand` builds the same entries from the same runs).
        starts, fields = runs
        run = bisect_right(starts, four) - 1
        return PrefixFacts(*self._names[fields[3 * run + 1]], *self._names[fields[3 * run + 2]]) if run >= 0 else None

    def _expand(self, body: str) -> list[PrefixFacts]:
        shared: dict[tuple[str, str], PrefixFacts] = {}
        starts, fields = _runs(body)
        starts = [*starts, 10_000]
        expanded: list[PrefixFacts] = []
        for start, stop, carrier_id, location_id in zip(starts, starts[1:], fields[1::3], fields[2::3], strict=False):
            facts = shared.get((carrier_id, location_id))
            if facts is None:
                facts = shared[(carrier_id, location_id)] = PrefixFacts(*self._names[carrier_id], *self._names[location_id])
            expanded.extend([facts] * (stop - start))
        return expanded


def _runs(body: str) -> tuple[list[int], list[str]]:
    """A section's runs: where each starts (ascending) and its fields (start, carrier id, location id, ...)."""
    fields = body.replace("\n", "\t").split("\t")  # one split for the block: three fields a run
    return list(map(int, fields[0::3])), fields


@cache
def prefix_table() -> PrefixTable:
    """The shipped table, read once on first use."""
    return PrefixTable(read_table("cn_mobile_prefixes.tsv"))
