"""The China mobile number-segment table (``data/cn_segments.csv``): operator, kind, portability, era, SMS.

Each row cites its public sources (MIIT's allocation table, libphonenumber, named public lists) by
key; the keys are defined in the file's header, so a row cannot name a source nobody can look up.
"""

import csv
import io
from enum import StrEnum
from functools import cache, cached_property

from numcheck._model import FrozenModel
from numcheck.data import shipped


class Operator(StrEnum):
    """The operator a Chinese segment was originally allocated to."""

    CHINA_MOBILE = "china_mobile"
    CHINA_UNICOM = "china_unicom"
    CHINA_TELECOM = "china_telecom"
    CHINA_BROADNET = "china_broadnet"
    CHINA_SATNET = "china_satnet"  # 中国星网 (China Satellite Network Group), not China Satcom
    # Special users MIIT lists under "other units" (其他单位) in part of 174.
    MIIT_EMERGENCY_COMMS = "miit_emergency_comms"
    BEIJING_MARINE_COMMS = "beijing_marine_comms"


class SegmentKind(StrEnum):
    """What sort of line a segment carries."""

    MOBILE = "mobile"
    MVNO = "mvno"
    IOT = "iot"
    SATELLITE = "satellite"
    DATA = "data"
    SPECIAL = "special"  # allocated to a special user (emergency or maritime communications), not a public operator


class Segment(FrozenModel):
    """Facts about the number segment (号段) a Chinese number belongs to."""

    prefix: str
    operator: Operator
    kind: SegmentKind
    portable: bool
    since: int
    # Whether the number takes ordinary SMS, so that apps can have been bound to it; None where no cited source says.
    sms: bool | None


class Source(FrozenModel):
    """A public source the table cites: its key in the file, a short label, and the full citation with its address."""

    key: str
    label: str
    citation: str


class SegmentRow(FrozenModel):
    """One row of the shipped table: the public `Segment` plus its length, sources, disagreements and note."""

    segment: Segment
    digits: int
    sources: tuple[Source, ...]
    # What another public source says where it contradicts this row ("" when none does).
    disputed: str
    note: str


class SegmentTable:
    """Longest-prefix lookup over the shipped segment rows, per number length.

    A row becomes a `SegmentRow` when first asked for (a check asks for one; `rows` builds them all): building the
    hundred rows cost every one-off check about a millisecond. Each row is built once, so ``lookup`` and ``rows``
    give the same objects.
    """

    def __init__(self, records: list[dict[str, str]], sources: dict[str, Source]) -> None:
        self._records = records
        self._sources = sources
        self._built: dict[int, SegmentRow] = {}
        self._by_prefix = {(record["prefix"], int(record["digits"])): index for index, record in enumerate(records)}
        self._lengths = sorted({len(prefix) for prefix, _ in self._by_prefix}, reverse=True)

    @cached_property
    def rows(self) -> list[SegmentRow]:
        """Every row, in the file's order."""
        return [self._row(index) for index in range(len(self._records))]

    def lookup(self, national_number: str) -> SegmentRow | None:
        """The row for a Chinese national number, or None when no segment of its length matches its prefix."""
        digits = len(national_number)
        for length in self._lengths:
            index = self._by_prefix.get((national_number[:length], digits))
            if index is not None:
                return self._row(index)
        return None

    def _row(self, index: int) -> SegmentRow:
        row = self._built.get(index)
        if row is None:
            # setdefault: of two threads building the same row, both keep the first one stored.
            row = self._built.setdefault(index, _row_of(self._records[index], self._sources))
        return row


_SMS = {"true": True, "false": False, "unknown": None}


def _read_sources(text: str) -> dict[str, Source]:
    sources = {}
    for line in text.splitlines():
        if line.startswith("#source "):
            key, label, citation = (part.strip() for part in line.removeprefix("#source ").split(" | ", 2))
            sources[key] = Source.model_construct(key=key, label=label, citation=citation)
    return sources


def _read_records(text: str, sources: dict[str, Source]) -> list[dict[str, str]]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    records = list(csv.DictReader(io.StringIO("\n".join(lines))))
    cited = {key for record in records for key in record["source"].split()}
    if not cited <= sources.keys():  # a row citing an undefined key fails loudly, when the table is read
        raise KeyError(f"cn_segments.csv cites undefined sources: {sorted(cited - sources.keys())}")
    return records


def _row_of(record: dict[str, str], sources: dict[str, Source]) -> SegmentRow:
    # Each value is converted to its field's type right here (enums, int, bool), so the rows are built unvalidated:
    # validating a hundred rows and three models' schemas cost every process a start-up millisecond or two.
    # tests/unit/test_segments.py validates every row.
    segment = Segment.model_construct(
        prefix=record["prefix"],
        operator=Operator(record["operator"]),
        kind=SegmentKind(record["kind"]),
        portable=record["portable"] == "true",
        since=int(record["since"]),
        sms=_SMS[record["sms"]],
    )
    cited = tuple(sources[key] for key in record["source"].split())
    return SegmentRow.model_construct(
        segment=segment, digits=int(record["digits"]), sources=cited, disputed=record["disputed"], note=record["note"]
    )


@cache
def segment_table() -> SegmentTable:
    """The shipped table, read once on first use so that ``import numcheck`` stays fast."""
    text = shipped("cn_segments.csv").read_text(encoding="utf-8")
    sources = _read_sources(text)
    return SegmentTable(_read_records(text, sources), sources)
