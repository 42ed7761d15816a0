"""The China mobile number-segment table (``data/cn_segments.csv``): operator, kind, portability, era, SMS.

Each row cites its public sources (MIIT's allocation table, libphonenumber, named public lists) by
key; the keys are defined in the file's header, so a row cannot name a source nobody can look up.
"""

import csv
import io
from enum import StrEnum
from functools import cache

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
    """Longest-prefix lookup over the shipped segment rows, per number length."""

    def __init__(self, rows: list[SegmentRow]) -> None:
        self.rows = rows
        self._by_prefix = {(row.segment.prefix, row.digits): row for row in rows}
        self._lengths = sorted({len(prefix) for prefix, _ in self._by_prefix}, reverse=True)

    def lookup(self, national_number: str) -> SegmentRow | None:
        """The row for a Chinese national number, or None when no segment of its length matches its prefix."""
        digits = len(national_number)
        for length in self._lengths:
            row = self._by_prefix.get((national_number[:length], digits))
            if row is not None:
                return row
        return None


_SMS = {"true": True, "false": False, "unknown": None}


def _read_sources(text: str) -> dict[str, Source]:
    sources = {}
    for line in text.splitlines():
        if line.startswith("#source "):
            key, label, citation = (part.strip() for part in line.removeprefix("#source ").split(" | ", 2))
            sources[key] = Source.model_construct(key=key, label=label, citation=citation)
    return sources


def _read_rows(text: str) -> list[SegmentRow]:
    # Each value is converted to its field's type right here (enums, int, bool), so the rows are built unvalidated:
    # validating a hundred rows and three models' schemas cost every process a start-up millisecond or two.
    # tests/unit/test_segments.py validates every row.
    sources = _read_sources(text)
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = []
    for record in csv.DictReader(io.StringIO("\n".join(lines))):
        segment = Segment.model_construct(
            prefix=record["prefix"],
            operator=Operator(record["operator"]),
            kind=SegmentKind(record["kind"]),
            portable=record["portable"] == "true",
            since=int(record["since"]),
            sms=_SMS[record["sms"]],
        )
        cited = tuple(sources[key] for key in record["source"].split())  # an undefined key fails loudly here
        rows.append(
            SegmentRow.model_construct(
                segment=segment, digits=int(record["digits"]), sources=cited, disputed=record["disputed"], note=record["note"]
            )
        )
    return rows


@cache
def segment_table() -> SegmentTable:
    """The shipped table, read once on first use so that ``import numcheck`` stays fast."""
    text = shipped("cn_segments.csv").read_text(encoding="utf-8")
    return SegmentTable(_read_rows(text))
