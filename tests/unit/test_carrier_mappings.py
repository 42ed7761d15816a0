"""The Alibaba Cloud answers, code by code, as each reader maps them (mutation testing of the carrier mappings).

The simulator tests (tests/simulator/test_aliyun.py) drive the real SDK; these pin every code of
every table, the codes no table names, and the facts and evidence each finding carries.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import numcheck
from numcheck.checker import CheckContext
from numcheck.offline.enrich import facts_for
from numcheck.providers.aliyun import AliyunNumberStatus, AliyunTenure
from numcheck.report import Evidence, Status

_NUMBER = numcheck.parse("13800138000")
_CTX = CheckContext(facts=facts_for(_NUMBER, "13800138000"))
_EVIDENCE = Evidence(signal="sdk", http_status=200)


@pytest.mark.parametrize(
    ("code", "status", "tags"),
    [
        ("-1", Status.UNKNOWN, ()),
        ("0", Status.NOT_REGISTERED, ("deactivated",)),
        (0, Status.NOT_REGISTERED, ("deactivated",)),
        ("1", Status.REGISTERED, ("tenure_under_3_months",)),
        ("2", Status.REGISTERED, ()),
        ("5", Status.NOT_REGISTERED, ("not_reassigned",)),
        ("9", Status.UNKNOWN, ("unmapped",)),
        (None, Status.UNKNOWN, ("unmapped",)),
    ],
)
def test_tenure_bands(code: object, status: Status, tags: tuple[str, ...]) -> None:
    found = AliyunTenure().read(SimpleNamespace(verify_result=code, carrier_code="CMCC"), _CTX, _EVIDENCE)
    assert (found.status, found.tags) == (status, tags)
    fact = found.reassignment
    assert fact is not None
    since = {"since": fact.asked.isoformat()} if fact.asked is not None else {}
    assert found.facts == {"tenure_band": "" if code is None else str(code), "carrier": "CMCC", **since}
    assert found.evidence == _EVIDENCE
    if tags == ("unmapped",):
        assert f"VerifyResult {'' if code is None else str(code)!r}" in found.detail


@pytest.mark.parametrize(
    ("code", "status", "tags"),
    [
        ("NORMAL", Status.REGISTERED, ()),
        ("SHUTDOWN", Status.REGISTERED, ("suspended",)),
        ("NOT_EXIST", Status.NOT_REGISTERED, ("deactivated",)),
        ("UNKNOWN", Status.UNKNOWN, ()),
        ("LOST", Status.UNKNOWN, ("unmapped",)),
    ],
)
def test_number_status(code: str, status: Status, tags: tuple[str, ...]) -> None:
    found = AliyunNumberStatus().read(SimpleNamespace(status=code, carrier=None), _CTX, _EVIDENCE)
    assert (found.status, found.tags) == (status, tags)
    assert found.facts == {"number_status": code, "carrier": ""}
    assert found.evidence == _EVIDENCE
    if tags == ("unmapped",):
        assert f"Status {code!r}" in found.detail


@pytest.mark.parametrize(
    ("code", "status", "tags"),
    [
        ("0", Status.UNKNOWN, ()),
        ("1", Status.REGISTERED, ("reassigned",)),
        ("2", Status.NOT_REGISTERED, ("not_reassigned",)),
        ("3", Status.REGISTERED, ("deactivated",)),
        ("4", Status.UNKNOWN, ("reassigned",)),
        ("7", Status.UNKNOWN, ("unmapped",)),
    ],
)
def test_reassignment_answers(code: str, status: Status, tags: tuple[str, ...]) -> None:
    from datetime import UTC, datetime

    from numcheck.providers.aliyun import AliyunTwiceTelVerify

    http = SimpleNamespace(settings=SimpleNamespace(since_days=730))
    ctx = CheckContext(facts=_CTX.facts, http=http, now=datetime(2026, 12, 1, tzinfo=UTC))  # type: ignore[arg-type]
    found = AliyunTwiceTelVerify().read(SimpleNamespace(verify_result=code, carrier="CUCC"), ctx, _EVIDENCE)
    assert (found.status, found.tags) == (status, tags)
    assert found.facts == {"since": "2024-12-01 00:00:00", "verify_result": code, "carrier": "china_unicom"}
    assert found.evidence == _EVIDENCE
    if code in ("1", "2"):
        assert "2024-12-01" in found.detail
        assert "2024-12-01 " not in found.detail
    if code == "7":
        assert "VerifyResult '7'" in found.detail
    other = AliyunTwiceTelVerify().read(SimpleNamespace(verify_result=code, carrier="XYZ"), ctx, _EVIDENCE)
    assert other.facts["carrier"] == "XYZ"


def test_a_missing_carrier_is_an_empty_fact() -> None:
    from datetime import UTC, datetime

    from numcheck.providers.aliyun import AliyunTwiceTelVerify

    http = SimpleNamespace(settings=SimpleNamespace(since_days=730))
    ctx = CheckContext(facts=_CTX.facts, http=http, now=datetime(2026, 12, 1, tzinfo=UTC))  # type: ignore[arg-type]
    assert AliyunTwiceTelVerify().read(SimpleNamespace(verify_result="2", carrier=None), ctx, _EVIDENCE).facts["carrier"] == ""
    assert AliyunTenure().read(SimpleNamespace(verify_result="2", carrier_code=None), _CTX, _EVIDENCE).facts["carrier"] == ""


@pytest.mark.parametrize(("band", "changed_owner"), [("1", True), ("2", True), ("4", True), ("5", False)])
def test_a_report_says_what_the_tenure_band_says(band: str, changed_owner: bool) -> None:
    """Band 5 (24 months or more) is the holder's tenure: the report never says the carrier saw a change of owner in it.

    It used to be read as "the carrier says the number changed owner", a recycling prior the carrier never stated.
    """
    from numcheck.engine import build_report

    found = AliyunTenure().read(SimpleNamespace(verify_result=band, carrier_code="CMCC"), _CTX, _EVIDENCE)
    report = build_report("13800138000", _NUMBER, _CTX.facts, [found], offline=False, elapsed_ms=0.0)
    recycling = " ".join(reason.text for risk in report.risks for reason in risk.reasons if risk.dimension.value == "recycling")
    assert ("the carrier says the number changed owner" in recycling or "under 3 months" in recycling) is changed_owner
    if not changed_owner:
        assert found.reassignment is not None
        assert found.reassignment.bracket.before is not None
        assert f"did not change owner since {found.reassignment.bracket.before.isoformat()}" in recycling
