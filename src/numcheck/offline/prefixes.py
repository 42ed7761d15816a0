"""Carrier of record and location for Chinese mobile prefixes, from ``data/cn_mobile_prefixes.tsv``.

The table is phonenumbers' own carrier and geocoding data for China, flattened by
``tools/gen_cn_prefix_table.py``: loading it costs milliseconds where importing
``phonenumbers.geocoder`` costs a third of a second and 110 MB. Blocks (130, 131, ...)
are expanded on first use into a list indexed by the next four digits.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Generic, NamedTuple, TypeVar


class PrefixFacts(NamedTuple):
    """Carrier of record and location as phonenumbers would name them ('' when it names none)."""

    carrier_en: str
    carrier_zh: str
    location_en: str
    location_zh: str


Entry = TypeVar("Entry")


class BlockText(Generic[Entry]):
    """A shipped table of ``@NNN`` sections, one per 3-digit block, each expanded into 10,000 entries on first use."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._blocks: dict[str, list[Entry] | None] = {}

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
        start = self._text.find(f"\n@{first_three}\n")
        if start < 0:
            return None
        start += len(first_three) + 3
        end = self._text.find("\n@", start)
        return self._text[start : end if end >= 0 else len(self._text)].strip()

    def _expand(self, body: str) -> list[Entry]:
        raise NotImplementedError


class PrefixTable(BlockText[PrefixFacts]):
    """Expands 3-digit blocks lazily; each block is 10,000 references to shared `PrefixFacts`."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._names: dict[str, tuple[str, str]] = {}
        self.country = ("", "")
        self.source_version = ""
        for line in text[: text.index("\n@")].splitlines():
            fields = line.split("\t")
            if fields[0] == "#name":
                self._names[fields[1]] = (fields[2], fields[3])
            elif fields[0] == "#country":
                self.country = (fields[1], fields[2])
            elif fields[0] == "#phonenumbers":
                self.source_version = fields[1]

    def lookup(self, national_number: str) -> PrefixFacts | None:
        """Facts for an 11-digit Chinese mobile number, or None outside the table."""
        block = self.block(national_number[:3])
        if block is None or len(national_number) < 7 or not national_number[3:7].isdigit():
            return None
        return block[int(national_number[3:7])]

    def _expand(self, body: str) -> list[PrefixFacts]:
        shared: dict[tuple[str, str], PrefixFacts] = {}
        fields = body.replace("\n", "\t").split("\t")  # one split for the block: three fields a run
        starts = [*map(int, fields[0::3]), 10_000]
        expanded: list[PrefixFacts] = []
        for start, stop, carrier_id, location_id in zip(starts, starts[1:], fields[1::3], fields[2::3], strict=False):
            facts = shared.get((carrier_id, location_id))
            if facts is None:
                facts = shared[(carrier_id, location_id)] = PrefixFacts(*self._names[carrier_id], *self._names[location_id])
            expanded.extend([facts] * (stop - start))
        return expanded


@cache
def prefix_table() -> PrefixTable:
    """The shipped table, read once on first use."""
    return PrefixTable(files("numcheck.data").joinpath("cn_mobile_prefixes.tsv").read_text(encoding="utf-8"))
