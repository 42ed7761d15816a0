"""numcheck: what did the previous owner leave attached to a second-hand phone number?

>>> import numcheck
>>> report = numcheck.check("13800138000", offline=True)
>>> report.segment.operator
<Operator.CHINA_MOBILE: 'china_mobile'>
"""

from __future__ import annotations

from typing import Any

from numcheck._errors import (
    ConfigError,
    InputError,
    InvalidNumber,
    InvalidReason,
    ManifestError,
    NumcheckError,
    PluginError,
    SafetyError,
    StoreError,
)
from numcheck.batch import BatchItem, check_many
from numcheck.checker import CheckContext, Checker, CheckerMeta, RateLimit
from numcheck.config import Settings
from numcheck.engine import check
from numcheck.numbers import LineType, PhoneNumberInfo, parse
from numcheck.offline.enrich import NumberFacts, enrich, enrich_many
from numcheck.offline.segments import Operator, Segment, SegmentKind
from numcheck.rank import Ranked, rank
from numcheck.registry import Registry, default_registry
from numcheck.report import (
    Advice,
    CarrierInfo,
    CheckerKind,
    Coverage,
    Dimension,
    Evidence,
    Finding,
    Level,
    Provenance,
    Reason,
    RegionInfo,
    Report,
    Risk,
    Status,
    Verdict,
)
from numcheck.store import Change, Diff, Store, StoredCheck, open_store

__all__ = [
    "Advice",
    "BatchItem",
    "CarrierInfo",
    "Change",
    "CheckContext",
    "Checker",
    "CheckerKind",
    "CheckerMeta",
    "ConfigError",
    "Coverage",
    "Diff",
    "Dimension",
    "Evidence",
    "Finding",
    "InputError",
    "InvalidNumber",
    "InvalidReason",
    "Level",
    "LineType",
    "ManifestError",
    "NumberFacts",
    "NumcheckError",
    "Operator",
    "PhoneNumberInfo",
    "PluginError",
    "Provenance",
    "Ranked",
    "RateLimit",
    "Reason",
    "RegionInfo",
    "Registry",
    "Report",
    "Risk",
    "SafetyError",
    "Segment",
    "SegmentKind",
    "Settings",
    "Status",
    "Store",
    "StoreError",
    "StoredCheck",
    "Verdict",
    "check",
    "check_many",
    "default_registry",
    "enrich",
    "enrich_many",
    "open_store",
    "parse",
    "rank",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from numcheck.engine import numcheck_version

        return numcheck_version()
    raise AttributeError(f"module 'numcheck' has no attribute {name!r}")
