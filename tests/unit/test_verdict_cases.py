"""The review's cases (issue "Verdicts that hold by construction"), each through the public API, end to end.

Each failed on the code before the redesign; the properties in test_verdict_properties.py hold
their whole class. Findings are scripted answers a real checker could give.
"""

from __future__ import annotations

from pathlib import Path

import numcheck
from numcheck import CheckerKind, Dimension, Finding, Level, Status, Verdict
from numcheck.providers.local_list import LocalList
from numcheck.ranking import rank
from numcheck.testing import isolated_registry, report_with, scripted_finding

_finding = scripted_finding


def _clean_online(accounts: int = 7) -> list[Finding]:
    """Every online source negative: enough account answers for any recycling prior, a caller-tag and a team list."""
    found = [
        _finding(f"site-{index}", CheckerKind.ACCOUNT, "lending" if index == 0 else "shopping", Status.NOT_REGISTERED)
        for index in range(accounts)
    ]
    return [
        *found,
        _finding("tags", CheckerKind.REPUTATION, "caller_tags", Status.NOT_REGISTERED),
        _finding("team", CheckerKind.REPUTATION, "reputation", Status.NOT_REGISTERED),
    ]


_report = report_with


def test_a_number_numcheck_calls_never_issued_is_do_not_buy_and_ranks_last() -> None:
    never = _report("19400001234", _clean_online())
    assert any("never_issued" in item.tags for item in never.findings)
    assert never.verdict is Verdict.DO_NOT_BUY
    assert never.summary.startswith("Do not buy: ")
    clean = _report("19912345670", _clean_online())
    assert clean.verdict is Verdict.LOW_RISK
    assert [place.input for place in rank([never, clean])] == ["19912345670", "19400001234"]


def test_an_unmapped_tag_in_the_users_own_list_is_a_warning(tmp_path: Path) -> None:
    listed = tmp_path / "team.csv"
    listed.write_text("number,tags,source,date\n19912345670,催收;harasment,team,2026-11-01\n", encoding="utf-8")
    settings = numcheck.Settings(keys={"NUMCHECK_REPUTATION_CSV": str(listed)})
    with isolated_registry(LocalList()) as registry:
        found = numcheck.check("19912345670", registry=registry, settings=settings).findings[0]
    assert found.status is Status.REGISTERED
    # 催收 is the vocabulary's collection_calls; the misspelling is kept as written, and read as a warning.
    assert found.tags == ("collection_calls", "harasment")
    report = _report("19912345670", [*_clean_online()[:-1], found])
    assert report.risk(Dimension.DEBT_COLLECTION).level is Level.HIGH
    assert report.risk(Dimension.HARASSMENT).level in (Level.MEDIUM, Level.HIGH)
    assert report.verdict is Verdict.HIGH_RISK
    assert "every definitive answer was negative" not in report.summary
    only_misspelt = found.model_copy(update={"tags": ("harasment",)})
    report = _report("19912345670", [*_clean_online()[:-1], only_misspelt])
    assert report.verdict is Verdict.CAUTION
    assert report.risk(Dimension.DEBT_COLLECTION).level is Level.MEDIUM
    assert all(reason.text != "every definitive answer was negative" for reason in report.risk(Dimension.DEBT_COLLECTION).reasons)


def test_a_cancelled_number_is_do_not_buy() -> None:
    cancelled = _finding("aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.REGISTERED, "deactivated")
    report = _report("19912345670", [*_clean_online(), cancelled])
    assert report.verdict is Verdict.DO_NOT_BUY
    assert report.advice[0].action.startswith("Do not buy: ")
    assert report.advice[0].because_of == ("aliyun-twice-tel",)


def test_not_reassigned_since_a_date_never_lowers_the_evidence_needed() -> None:
    """A 138 number (segment before 2010) needs 7 negative account answers; the seller's tenure changes nothing."""
    tenure = _finding(
        "aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.NOT_REGISTERED, "not_reassigned", since="2018-12-01 00:00:00"
    )
    three = _report("13800138000", [*_clean_online(3), tenure])
    assert three.risk(Dimension.BINDINGS).level is Level.UNKNOWN
    assert three.verdict is Verdict.NOT_ENOUGH_DATA
    assert "a low needs 7" in three.risk(Dimension.BINDINGS).reasons[-1].text
    assert "did not change owner since 2018-12-01" in three.summary
    assert "their bindings are what you inherit" in three.summary
    # The carrier's answer is reported, and is not counted as coverage for the buyer's three questions.
    assert three.coverage == _report("13800138000", _clean_online(3)).coverage


def test_a_collection_source_saying_registered_without_a_tag_is_not_clean() -> None:
    hit = _finding("collectors", CheckerKind.REPUTATION, "collection_calls", Status.REGISTERED)
    report = _report("19912345670", [*_clean_online()[1:-1], hit])
    assert report.risk(Dimension.DEBT_COLLECTION).level is Level.MEDIUM
    assert report.verdict is Verdict.CAUTION


def test_an_iot_number_that_cannot_take_sms_is_do_not_buy() -> None:
    report = _report("1440012345678", _clean_online())
    assert report.verdict is Verdict.DO_NOT_BUY
    assert "ordinary SMS" in report.summary
