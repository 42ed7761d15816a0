"""The English source of what Alibaba Cloud's carrier checkers say (numcheck.providers.aliyun), and of the ranges the
carriers' reassignment services do not answer for (numcheck.offline.carrier_scope).

Entries moved whole from `numcheck.messages.catalog`, which spreads them into ``MESSAGES`` where they stood, so the
catalog's order, ids and wording are unchanged.
"""

from __future__ import annotations

_HELD = "the current subscriber has held the number for "
_IN_SERVICE = "the number is in service"

CARRIERS: dict[str, str] = {
    # Alibaba Cloud's carrier answers (numcheck.providers.aliyun).
    "aliyun.not_determined": "the carrier cannot determine whether the number changed owner",
    "aliyun.reassigned": "the carrier says the number was reassigned (a 二次号) after {since}",
    "aliyun.not_reassigned": "the carrier says the number was not reassigned after {since}",
    "aliyun.deactivated": "the carrier says the number is deactivated (cancelled): whoever offers it does not hold it in service",
    "aliyun.transferred": "the carrier's answer is 'unknown: the number was transferred to a new owner'",
    "aliyun.unnamed": "the service answered {field!q} {value!r}, which the SDK does not name",
    "aliyun.no_tenure": "the carrier found no tenure for the number",
    "aliyun.abnormal": "the carrier says the number is in an abnormal state (for example, it does not exist)",
    "aliyun.tenure_under_3": _HELD + "less than 3 months",
    "aliyun.tenure_3_6": _HELD + "3 to 6 months",
    "aliyun.tenure_6_12": _HELD + "6 to 12 months",
    "aliyun.tenure_12_24": _HELD + "12 to 24 months",
    "aliyun.tenure_24_plus": _HELD + "24 months or more",
    "aliyun.in_service": _IN_SERVICE,
    "aliyun.suspended": "the carrier has suspended the number's service (停机)",
    "aliyun.powered_off": _IN_SERVICE + "; the phone is powered off",
    "aliyun.probably_off": _IN_SERVICE + "; the phone is probably powered off",
    "aliyun.busy": _IN_SERVICE + "; the line is busy",
    "aliyun.not_exist": "the carrier says the number does not exist",
    "aliyun.status_unknown": "the carrier's status is unknown",
    "aliyun.refuses_number": "the carriers do not answer for China Broadnet (192) or virtual-operator numbers",
    "aliyun.needs_sdk": "needs Alibaba Cloud's SDK: {command!q}",
    "aliyun.sdk_redirects": "this version of Alibaba Cloud's SDK cannot be kept from following redirects",
    "aliyun.wait": "the carrier service asked numcheck to wait (Retry-After)",
    "aliyun.frequency": "the carrier limits repeated queries for this number: try later",
    "aliyun.ported": "the carrier does not answer for a ported number",
    "aliyun.unsupported": "the carrier does not answer for this number (192 or a virtual operator)",
    "aliyun.code": "the service answered {code!q}",
    "aliyun.nothing": "the service answered nothing",
    "aliyun.redirect": "refused a redirect: the service answered with a redirect, which numcheck never follows",
    "aliyun.refused": "the service refused the lookup (a block page or a refusal status)",
    "aliyun.failed": "the service call failed: {error!q}",
    "aliyun.not_asked": "not asked: {why} (numcheck's segment table)",
    "aliyun.not_mobile": "not asked: not a mobile number, and the carriers' number services answer for mobile numbers only",
    "aliyun.ported_caveat": (
        "the carrier does not answer for a ported number: the number was ported to another carrier (携号转网): Alibaba Cloud "
        "does not answer for ported numbers, and the carrier of record (the segment's) may not be today's carrier"
    ),
    # Ranges the carriers' reassignment services do not answer for (numcheck.offline.carrier_scope).
    "scope.operator": "segment {prefix} belongs to {operator!t:operator}: the three carriers' services do not answer for it",
    "scope.kind": "segment {prefix} is a {kind!t:segment_kind} segment: the carriers' services answer for their own subscribers only",
}
