"""The China mobile number-segment table (``data/cn_segments.csv``): operator, kind, portability, era."""

from __future__ import annotations

import csv
import io
from enum import StrEnum
from functools import cache
from importlib.resources import files

from numcheck._model import FrozenModel


class Operator(StrEnum):
    """The operator a Chinese segment was originally allocated to."""

    CHINA_MOBILE = "china_mobile"
    CHINA_UNICOM = "china_unicom"
    CHINA_TELECOM = "china_telecom"
    CHINA_BROADNET = "china_broadnet"
    CHINA_SATNET = "china_satnet"


class SegmentKind(StrEnum):
    """What sort of line a segment carries."""

    MOBILE = "mobile"
    MVNO = "mvno"
    IOT = "iot"
    SATELLITE = "satellite"
    DATA = "data"


class Segment(FrozenModel):
    """Facts about the number segment (号段) a Chinese number belongs to."""

    prefix: str
    operator: Operator
    kind: SegmentKind
    portable: bool
    since: int


class SegmentRow(FrozenModel):
    """One row of the shipped table: the public `Segment` plus its length and note."""

    segment: Segment
    digits: int
    note: str


class SegmentTable:
    """Longest-prefix lookup over the shipped segment rows."""

    def __init__(self, rows: list[SegmentRow]) -> None:
        self.rows = rows
        self._by_prefix = {row.segment.prefix: row for row in rows}
        self._lengths = sorted({len(prefix) for prefix in self._by_prefix}, reverse=True)

    def lookup(self, national_number: str) -> SegmentRow | None:
        """The row for a Chinese national number, or None when no segment matches its prefix and length."""
        for length in self._lengths:
            row = self._by_prefix.get(national_number[:length])
            if row is not None:
                return row if row.digits == len(national_number) else None
        return None


def _read_rows(text: str) -> list[SegmentRow]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = []
    for record in csv.DictReader(io.StringIO("\n".join(lines))):
        segment = Segment(
            prefix=record["prefix"],
            operator=Operator(record["operator"]),
            kind=SegmentKind(record["kind"]),
            portable=record["portable"] == "true",
            since=int(record["since"]),
        )
        rows.append(SegmentRow(segment=segment, digits=int(record["digits"]), note=record["note"]))
    return rows


@cache
def segment_table() -> SegmentTable:
    """The shipped table, read once on first use so that ``import numcheck`` stays fast."""
    text = files("numcheck.data").joinpath("cn_segments.csv").read_text(encoding="utf-8")
    return SegmentTable(_read_rows(text))
