"""numcheck: what did the previous owner leave attached to a second-hand phone number?

>>> import numcheck
>>> report = numcheck.check("13800138000", offline=True)
>>> report.segment.operator
<Operator.CHINA_MOBILE: 'china_mobile'>
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

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
from numcheck._version import __version__ as __version__  # the one place the version is written

if TYPE_CHECKING:
    from numcheck.batch import BatchItem, check_many
    from numcheck.bulk.many import enrich_many
    from numcheck.bulk.table import enrich_table
    from numcheck.checker import CheckContext, Checker, CheckerMeta, RateLimit
    from numcheck.config import Settings
    from numcheck.engine import check
    from numcheck.frontends.help import argv_language
    from numcheck.frontends.language import reader_language, sentence
    from numcheck.frontends.parsing import argument_parser
    from numcheck.health.model import CheckerHealth, HealthFile, HealthState
    from numcheck.health.published import HealthFileError
    from numcheck.messages import Message
    from numcheck.numbers import LineType, PhoneNumberInfo, parse
    from numcheck.offline.enrich import NumberFacts, enrich
    from numcheck.ranking import Ranked, rank
    from numcheck.reassignment import Bracket, Reassignment, ReassignmentAnswer
    from numcheck.registry import Registry, default_registry
    from numcheck.render.i18n import localize, resolve_language
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
    from numcheck.segments import Operator, Segment, SegmentKind
    from numcheck.selfcheck import self_check
    from numcheck.store import Change, Diff, Store, StoredCheck, open_store

# The public API is imported on first use (PEP 562): `import numcheck` stays cheap, and a script that
# only parses or enriches never loads the risk engine, the checkers or the history store.
_LAZY = {
    "Advice": "numcheck.report",
    "argument_parser": "numcheck.frontends.parsing",
    "argv_language": "numcheck.frontends.help",
    "BatchItem": "numcheck.batch",
    "Bracket": "numcheck.reassignment",
    "CarrierInfo": "numcheck.report",
    "Change": "numcheck.store",
    "check": "numcheck.engine",
    "check_many": "numcheck.batch",
    "CheckContext": "numcheck.checker",
    "Checker": "numcheck.checker",
    "CheckerKind": "numcheck.report",
    "CheckerHealth": "numcheck.health.model",
    "CheckerMeta": "numcheck.checker",
    "Coverage": "numcheck.report",
    "default_registry": "numcheck.registry",
    "Diff": "numcheck.store",
    "Dimension": "numcheck.report",
    "enrich": "numcheck.offline.enrich",
    "enrich_many": "numcheck.bulk.many",
    "enrich_table": "numcheck.bulk.table",
    "Evidence": "numcheck.report",
    "Finding": "numcheck.report",
    "HealthFile": "numcheck.health.model",
    "HealthFileError": "numcheck.health.published",
    "HealthState": "numcheck.health.model",
    "Level": "numcheck.report",
    "LineType": "numcheck.numbers",
    "localize": "numcheck.render.i18n",
    "Message": "numcheck.messages",
    "NumberFacts": "numcheck.offline.enrich",
    "open_store": "numcheck.store",
    "Operator": "numcheck.segments",
    "parse": "numcheck.numbers",
    "PhoneNumberInfo": "numcheck.numbers",
    "Provenance": "numcheck.report",
    "rank": "numcheck.ranking",
    "reader_language": "numcheck.frontends.language",
    "resolve_language": "numcheck.render.i18n",
    "Ranked": "numcheck.ranking",
    "RateLimit": "numcheck.config",
    "Reason": "numcheck.report",
    "Reassignment": "numcheck.reassignment",
    "ReassignmentAnswer": "numcheck.reassignment",
    "RegionInfo": "numcheck.report",
    "Registry": "numcheck.registry",
    "Report": "numcheck.report",
    "Risk": "numcheck.report",
    "Segment": "numcheck.segments",
    "self_check": "numcheck.selfcheck",
    "sentence": "numcheck.frontends.language",
    "SegmentKind": "numcheck.segments",
    "Settings": "numcheck.config",
    "Status": "numcheck.report",
    "Store": "numcheck.store",
    "StoredCheck": "numcheck.store",
    "Verdict": "numcheck.report",
}

__all__ = [
    "Advice",
    "BatchItem",
    "Bracket",
    "CarrierInfo",
    "Change",
    "CheckContext",
    "Checker",
    "CheckerHealth",
    "CheckerKind",
    "CheckerMeta",
    "ConfigError",
    "Coverage",
    "Diff",
    "Dimension",
    "Evidence",
    "Finding",
    "HealthFile",
    "HealthFileError",
    "HealthState",
    "InputError",
    "InvalidNumber",
    "InvalidReason",
    "Level",
    "LineType",
    "ManifestError",
    "Message",
    "NumberFacts",
    "NumcheckError",
    "Operator",
    "PhoneNumberInfo",
    "PluginError",
    "Provenance",
    "Ranked",
    "RateLimit",
    "Reason",
    "Reassignment",
    "ReassignmentAnswer",
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
    "argument_parser",
    "argv_language",
    "check",
    "check_many",
    "default_registry",
    "enrich",
    "enrich_many",
    "enrich_table",
    "localize",
    "open_store",
    "parse",
    "rank",
    "reader_language",
    "resolve_language",
    "self_check",
    "sentence",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'numcheck' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
