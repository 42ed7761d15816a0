"""Which numbers the three carriers' reassignment services answer for, read from numcheck's own segment table.

Alibaba Cloud's 二次号 verification answers for China Mobile, China Unicom and China Telecom
subscriptions (its ``Data.Carrier`` names only CMCC, CUCC and CTCC) and refuses China Broadnet's
192 and virtual-operator numbers (``RequestNumberNotSupported``; SDK 3.4.0,
``models/_describe_phone_twice_tel_verify_response_body.py``). numcheck does not ask on a range
the table places outside that: another operator (China Broadnet's 192 and 1610, China Satnet, the
special users), or a line that is not an ordinary or data subscription of the three (virtual
operators, IoT, satellite, special). The list is the table's rows, never a prefix written here,
so a segment added to data/cn_segments.csv is placed by its row.

A number whose range the table does not know is asked: the table cannot say the carriers refuse
it, and the carrier's own answer then says so (it is reported, never read as clean).
"""

from __future__ import annotations

from numcheck.messages import Message, say
from numcheck.segments import Operator, Segment, SegmentKind, segment_table

ANSWERING_OPERATORS = frozenset({Operator.CHINA_MOBILE, Operator.CHINA_UNICOM, Operator.CHINA_TELECOM})
ANSWERING_KINDS = frozenset({SegmentKind.MOBILE, SegmentKind.DATA})


def refusal(segment: Segment | None) -> Message | None:
    """Why the carriers' reassignment services do not answer for this segment (None: they may)."""
    if segment is None:
        return None
    if segment.operator not in ANSWERING_OPERATORS:
        return say("scope.operator", prefix=segment.prefix, operator=segment.operator)
    if segment.kind not in ANSWERING_KINDS:
        return say("scope.kind", prefix=segment.prefix, kind=segment.kind)
    return None


def refused_prefixes() -> tuple[str, ...]:
    """Every prefix of the shipped table the carriers' services are not asked about, in table order."""
    return tuple(dict.fromkeys(row.segment.prefix for row in segment_table().rows if refusal(row.segment) is not None))
