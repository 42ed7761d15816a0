"""One reassignment schema for every market: each source's answers, converted, and what the verdict makes of them.

Every converter of numcheck.reassignment is pinned answer by answer; the properties at the end
state the rule of docs/verdict.md for the typed fact: a reassignment answer of any kind, whatever
bracket a search found, never improves the verdict, never counts as coverage, and no_data is
never safe.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.unit.test_verdict_properties import SETTINGS, finding_sets, report_of, worse_or_same

from numcheck.checker import CheckContext
from numcheck.offline.enrich import facts_for
from numcheck.providers.age_search import Outcome, Probe, plan, result_finding, search
from numcheck.providers.aliyun import AliyunTwiceTelVerify
from numcheck.providers.reassigned import attach, from_finding
from numcheck.reassignment import (
    SOURCES,
    Bracket,
    Reassignment,
    ReassignmentAnswer,
    carrier_lag,
    from_aliyun_code,
    from_boolean,
    from_tenure_band,
    from_verify_result,
)
from numcheck.report import CheckerKind, Finding, Level, Status
from numcheck.testing import scripted_finding

ASKED = date(2024, 12, 1)
TODAY = date(2026, 12, 1)


class TestAlibabaCloud:
    @pytest.mark.parametrize(
        ("code", "answer", "bracket", "billed"),
        [
            ("1", ReassignmentAnswer.REASSIGNED, Bracket(after=ASKED), 1),
            ("2", ReassignmentAnswer.NOT_REASSIGNED, Bracket(before=ASKED), 1),
            ("3", ReassignmentAnswer.CANCELLED, Bracket(), 1),
            ("0", ReassignmentAnswer.NO_DATA, Bracket(), 0),
            ("4", ReassignmentAnswer.NO_DATA, Bracket(), 1),
            ("7", ReassignmentAnswer.NO_DATA, Bracket(), 1),
        ],
    )
    def test_each_verify_result(self, code: str, answer: ReassignmentAnswer, bracket: Bracket, billed: int) -> None:
        """0 cannot judge (unbilled), 1 reassigned after, 2 held since before, 3 cancelled, 4 and unnamed codes no data."""
        fact = from_verify_result(code, ASKED, "CMCC")
        assert (fact.answer, fact.bracket, fact.billed, fact.asked) == (answer, bracket, billed, ASKED)
        assert (fact.lag, fact.lag_days) == ("about 7 days' lag", 7)
        assert fact.source == "aliyun-twice-tel"
        assert not fact.safe
        if answer is ReassignmentAnswer.NO_DATA:
            assert fact.caveats
            assert "never safe" in fact.sentence()

    def test_the_lag_follows_the_carrier_after_porting(self) -> None:
        """China Mobile T+7, China Unicom and China Telecom T+5 (the named article); an unknown carrier gets the range."""
        assert carrier_lag("CUCC") == ("about 5 days' lag", 5)
        assert carrier_lag("china_telecom") == ("about 5 days' lag", 5)
        assert carrier_lag("CMCC") == ("about 7 days' lag", 7)
        assert carrier_lag(None) == ("about 5 to 7 days' lag", 7)

    def test_a_ported_number_is_no_data_with_its_caveat(self) -> None:
        fact = from_aliyun_code("PortabilityNumberNotSupported", ASKED)
        assert fact.answer is ReassignmentAnswer.NO_DATA
        assert fact.ported
        assert "携号转网" in fact.caveats[0]
        assert fact.billed == 0
        other = from_aliyun_code("RequestNumberNotSupported", ASKED)
        assert not other.ported
        assert "192" in other.caveats[0]

    @pytest.mark.parametrize(
        ("band", "answer", "after", "before"),
        [
            ("1", ReassignmentAnswer.REASSIGNED, date(2026, 9, 1), None),
            ("2", ReassignmentAnswer.REASSIGNED, date(2026, 6, 1), date(2026, 9, 1)),
            ("4", ReassignmentAnswer.REASSIGNED, date(2024, 12, 1), date(2025, 12, 1)),
            ("5", ReassignmentAnswer.NOT_REASSIGNED, None, date(2024, 12, 1)),
            ("0", ReassignmentAnswer.CANCELLED, None, None),
            ("-1", ReassignmentAnswer.NO_DATA, None, None),
            ("9", ReassignmentAnswer.NO_DATA, None, None),
        ],
    )
    def test_tenure_bands_are_brackets(self, band: str, answer: ReassignmentAnswer, after: date | None, before: date | None) -> None:
        """Band 2 (3 to 6 months) is "held since between six and three months ago"; band 5 "since before two years ago"."""
        fact = from_tenure_band(band, TODAY, "CMCC")
        assert (fact.answer, fact.bracket.after, fact.bracket.before) == (answer, after, before)

    def test_a_month_end_band_edge_is_clamped(self) -> None:
        assert from_tenure_band("2", date(2026, 5, 31)).bracket == Bracket(after=date(2025, 11, 30), before=date(2026, 2, 28))


class TestDatedBooleans:
    @pytest.mark.parametrize("checker_id", ["camara-recycling", "camara-tenure", "twilio-lookup", "fcc-rnd"])
    def test_yes_no_and_nothing(self, checker_id: str) -> None:
        yes, no, nothing = (from_boolean(checker_id, changed, ASKED, why="no record") for changed in (True, False, None))
        assert (yes.answer, yes.bracket) == (ReassignmentAnswer.REASSIGNED, Bracket(after=ASKED))
        assert (no.answer, no.bracket) == (ReassignmentAnswer.NOT_REASSIGNED, Bracket(before=ASKED))
        assert (nothing.answer, nothing.bracket) == (ReassignmentAnswer.NO_DATA, Bracket())
        assert nothing.caveats[0] == "no record"
        assert yes.source_name == SOURCES[checker_id].name

    def test_the_fcc_states_its_monthly_lag_and_its_2021_floor(self) -> None:
        fact = from_boolean("fcc-rnd", False, ASKED)
        assert fact.lag_days == 35
        assert any("2021-01-27" in caveat for caveat in fact.caveats)


class TestFromFinding:
    @pytest.mark.parametrize(
        ("status", "tags", "answer"),
        [
            (Status.REGISTERED, ("reassigned",), ReassignmentAnswer.REASSIGNED),
            (Status.NOT_REGISTERED, ("not_reassigned",), ReassignmentAnswer.NOT_REASSIGNED),
            (Status.UNKNOWN, ("out_of_range",), ReassignmentAnswer.NO_DATA),
            (Status.UNKNOWN, ("no_data",), ReassignmentAnswer.NO_DATA),
            (Status.UNKNOWN, (), ReassignmentAnswer.NO_DATA),
            (Status.BLOCKED, (), ReassignmentAnswer.NO_DATA),
            (Status.ERROR, (), ReassignmentAnswer.NO_DATA),
        ],
    )
    def test_a_manifest_answer(self, status: Status, tags: tuple[str, ...], answer: ReassignmentAnswer) -> None:
        item = scripted_finding("camara-recycling", CheckerKind.CARRIER, "reassignment", status, *tags)
        fact = from_finding(item, ASKED)
        assert fact is not None
        assert fact.answer is answer
        if "out_of_range" in tags:
            assert "OUT_OF_RANGE" in fact.caveats[0]

    def test_other_categories_and_skips_carry_no_fact(self) -> None:
        assert from_finding(scripted_finding("x", CheckerKind.ACCOUNT, "social", Status.REGISTERED), ASKED) is None
        assert from_finding(scripted_finding("x", CheckerKind.CARRIER, "reassignment", Status.SKIPPED), ASKED) is None

    def test_attach_keeps_a_fact_a_checker_already_gave(self) -> None:
        own = from_verify_result("2", ASKED)
        item = scripted_finding("aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.NOT_REGISTERED)
        assert attach(item.model_copy(update={"reassignment": own}), date(2000, 1, 1)).reassignment == own
        assert attach(item, ASKED).reassignment == from_boolean("aliyun-twice-tel", False, ASKED)


class TestSentence:
    def test_the_issue_s_example(self) -> None:
        fact = from_verify_result("2", date(2019, 4, 9), "CMCC").model_copy(
            update={"bracket": Bracket(after=date(2019, 3, 10), before=date(2019, 4, 9))}
        )
        assert fact.sentence() == "held by the current owner since between 2019-03 and 2019-04 (Alibaba Cloud, about 7 days' lag)"

    def test_open_ends_say_so(self) -> None:
        assert Bracket(after=date(2024, 5, 1)).describe() == "since after 2024-05-01"
        assert Bracket(before=date(2016, 2, 1)).describe() == "since before 2016-02-01"
        assert Bracket(after=date(2019, 3, 2), before=date(2019, 3, 30)).describe() == "since 2019-03"

    def test_the_json_form_round_trips(self) -> None:
        fact = from_verify_result("1", ASKED, "CTCC")
        assert Reassignment.model_validate_json(fact.model_dump_json()) == fact


_CTX = CheckContext(facts=facts_for(__import__("numcheck").parse("13800138000"), "13800138000"), now=datetime(2026, 12, 1, tzinfo=UTC))
_PROBED = scripted_finding("aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.UNKNOWN)


def _searched(offset: int, cap: int, recent: bool) -> Finding:
    """The finding a search reports for a holder who got the number ``offset`` days before the context's today."""
    today = _CTX.now.date()
    assigned = today - timedelta(days=offset)

    def ask(day: date) -> Probe:
        return Probe(day, Outcome.CHANGED if assigned > day else Outcome.HELD, True, _PROBED)

    low = today - timedelta(days=400 if recent else 3652)
    chosen = plan("aliyun-twice-tel", low, today, cap)
    return result_finding(AliyunTwiceTelVerify.meta, _CTX, chosen, search(ask, chosen), from_verify_result("0", today))


@SETTINGS
@given(finding_sets(), st.integers(min_value=1, max_value=3600), st.integers(min_value=1, max_value=9), st.booleans())
def test_a_searched_tenure_never_improves_the_verdict(items: list[Finding], offset: int, cap: int, recent: bool) -> None:
    """Rule 5 for the typed fact: however long the seller has held the number, the verdict and coverage are no better."""
    searched = _searched(offset, cap, recent)
    assert searched.reassignment is not None
    before, after = report_of(items), report_of([*items, searched])
    assert worse_or_same(before.verdict, after.verdict)
    assert after.coverage == before.coverage
    for old, new in zip(before.risks, after.risks, strict=True):
        if old.level is not Level.LOW:
            assert new.level is not Level.LOW, old.dimension


@SETTINGS
@given(finding_sets(), st.sampled_from(["no_data", "out_of_range", "ported"]), st.sampled_from(["0", "4", "9"]))
def test_no_data_is_never_safe(items: list[Finding], tag: str, code: str) -> None:
    """A "cannot say" answer (cannot judge, out of range, ported, a code nothing names) never improves the verdict or coverage."""
    fact = from_verify_result(code, ASKED)
    assert fact.answer is ReassignmentAnswer.NO_DATA
    item = scripted_finding("aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.UNKNOWN, tag).model_copy(
        update={"reassignment": fact}
    )
    before, after = report_of(items), report_of([*items, item])
    assert worse_or_same(before.verdict, after.verdict)
    assert after.coverage == before.coverage
