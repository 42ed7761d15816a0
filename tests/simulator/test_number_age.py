"""The number-age search through Alibaba Cloud's real SDK, and over CAMARA's boolean, against the simulator's carrier records.

Each test gives the simulator a carrier record (numcheck.testing.carrier): the date the current
holder got the number, and how the carrier answers around it. What is checked is what a buyer
and a bill payer rely on: the bracket holds the real date, the calls stay within --max-billed,
a change of owner during the search is reported, "cannot judge" edges are never read as answers,
and a ported number or a range the carriers refuse is not asked on a wrong premise.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs

import pytest

import numcheck
from numcheck.offline.carrier_scope import refused_prefixes
from numcheck.providers.age_search import RESOLUTION_DAYS, plan, span_for
from numcheck.providers.aliyun import KEYS, AliyunTwiceTelVerify
from numcheck.providers.manifest import Example, ManifestChecker
from numcheck.reassignment import ReassignmentAnswer
from numcheck.registry import default_registry
from numcheck.report import Status
from numcheck.segments import segment_table
from numcheck.testing import Simulator, isolated_registry, synthetic_number
from numcheck.testing.carrier import CarrierRecord
from numcheck.testing.simulator import Asked

pytest.importorskip("alibabacloud_dytnsapi20200217")

KEYED = {KEYS[0]: "synthetic-id", KEYS[1]: "synthetic-secret", KEYS[2]: "synthetic-auth"}
NUMBER = synthetic_number("registered")


def _today() -> date:
    return datetime.now(UTC).date()


def _search(record: CarrierRecord, cap: int, number: str = NUMBER) -> tuple[numcheck.Finding, list[str]]:
    """Check ``number`` with the search on; the finding and the StartTime of every request the simulator received."""
    with Simulator({"aliyun-twice-tel": record.aliyun_script()}, root_provider="aliyun-twice-tel") as simulator:
        settings = numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url}, keys=KEYED, timeout=2.0, max_billed=cap)
        with isolated_registry(AliyunTwiceTelVerify()) as registry:
            found = numcheck.check(number, registry=registry, settings=settings).findings[0]
        hits = simulator.hits
    for hit in hits:  # the SDK's own signed request, every time
        assert (hit.method, hit.path, hit.headers["x-acs-action"]) == ("POST", "/", "DescribePhoneTwiceTelVerify")
        assert hit.headers["authorization"].startswith("ACS3-HMAC-SHA256 Credential=synthetic-id,")
    return found, [parse_qs(hit.query)["StartTime"][0] for hit in hits]


class TestBracket:
    def test_seven_calls_bracket_the_holders_date_to_about_a_month(self) -> None:
        """The issue's example: the report says "held by the current owner since between ... (Alibaba Cloud, about 7 days' lag)"."""
        assigned = _today() - timedelta(days=2450)
        record = CarrierRecord(assigned_on=assigned)
        found, asked = _search(record, cap=8)
        fact = found.reassignment
        assert fact is not None
        bracket = fact.bracket
        assert bracket.after is not None
        assert bracket.before is not None
        assert bracket.after <= assigned < bracket.before
        assert (bracket.before - bracket.after).days <= RESOLUTION_DAYS
        assert len(asked) <= 8
        assert fact.calls == len(asked) == record.answers
        assert fact.billed == record.billed <= 8
        assert f"held by the current owner since between {bracket.after:%Y-%m} and {bracket.before:%Y-%m}" in found.detail or (
            f"held by the current owner since {bracket.after:%Y-%m}" in found.detail
        )
        assert "(Alibaba Cloud, about 7 days' lag)" in found.detail
        # The seller has held it for years: a tenure fact, never evidence of fewer bindings.
        assert found.status is Status.NOT_REGISTERED
        assert "not_reassigned" in found.tags
        assert found.facts["since"] == bracket.before.isoformat()
        # Every StartTime asked lies in the searched range, at midnight, in the SDK's format.
        low, high = span_for(None, _today())
        assert all(low <= date.fromisoformat(text[:10]) <= high and text.endswith(" 00:00:00") for text in asked)

    def test_the_china_unicom_lag_is_stated_as_its_own(self) -> None:
        record = CarrierRecord(assigned_on=_today() - timedelta(days=900), carrier="CUCC")
        found, _ = _search(record, cap=8)
        assert "about 5 days' lag" in found.detail

    def test_a_recent_holder_is_a_recycling_prior_not_a_tenure(self) -> None:
        """Got the number six weeks ago: reassigned since after a date within the last three months."""
        assigned = _today() - timedelta(days=45)
        found, _ = _search(CarrierRecord(assigned_on=assigned), cap=8)
        fact = found.reassignment
        assert fact is not None
        assert fact.bracket.after is not None
        assert fact.bracket.after <= assigned
        assert (_today() - fact.bracket.after).days <= 90
        assert "reassigned" in found.tags or "tenure_under_3_months" in found.tags


class TestCap:
    @pytest.mark.parametrize("cap", [1, 2, 3, 5])
    def test_never_more_billed_calls_than_the_cap(self, cap: int) -> None:
        record = CarrierRecord(assigned_on=_today() - timedelta(days=2450))
        found, asked = _search(record, cap=cap)
        assert record.billed <= cap
        assert len(asked) <= cap  # every answer here is billed: no free calls either
        fact = found.reassignment
        assert fact is not None
        bracket = fact.bracket
        assert bracket.after is None or bracket.after <= record.assigned_on
        assert bracket.before is None or record.assigned_on < bracket.before

    def test_the_printed_plan_is_what_the_search_may_spend(self) -> None:
        low, high = span_for(None, _today())
        chosen = plan("aliyun-twice-tel", low, high, 8)
        record = CarrierRecord(assigned_on=_today() - timedelta(days=1234))
        _, asked = _search(record, cap=8)
        assert record.billed <= chosen.billed_at_most
        assert len(asked) <= chosen.ceiling

    def test_without_max_billed_one_call_is_made_as_before(self) -> None:
        record = CarrierRecord(assigned_on=_today() - timedelta(days=2450))
        found, asked = _search(record, cap=0)
        assert len(asked) == 1
        fact = found.reassignment
        assert fact is not None
        assert fact.answer is ReassignmentAnswer.NOT_REASSIGNED
        assert fact.bracket.before == fact.asked
        assert fact.calls == 1


class TestAnswersThatChange:
    def test_a_number_reassigned_while_numcheck_asks_is_reported_as_such(self) -> None:
        """After three answers, the carrier's record changes: the bound is asked again, and the change is the finding."""
        record = CarrierRecord(assigned_on=_today() - timedelta(days=2450), reassign_after=3, reassigned_on=_today() - timedelta(days=1))
        found, asked = _search(record, cap=8)
        fact = found.reassignment
        assert fact is not None
        assert fact.changed_while_asking
        assert fact.answer is ReassignmentAnswer.REASSIGNED
        assert found.status is Status.REGISTERED
        assert "reassigned" in found.tags
        assert "changed hands while numcheck was asking" in found.detail
        assert fact.bracket.before is None  # no "held since" claim from before the change survives
        assert record.billed <= 8
        assert asked[-1] in asked[:3]  # the confirming call repeats a date asked before the change


class TestEdges:
    def test_cannot_judge_old_dates_leaves_the_lower_end_open_and_is_not_billed(self) -> None:
        edge = _today() - timedelta(days=1800)
        record = CarrierRecord(assigned_on=_today() - timedelta(days=2900), judges_from=edge)
        found, asked = _search(record, cap=8)
        fact = found.reassignment
        assert fact is not None
        assert fact.bracket.after is None
        assert fact.bracket.before is not None
        assert fact.bracket.before >= edge
        free = sum(1 for text in asked if date.fromisoformat(text[:10]) < edge)
        assert free >= 1
        assert fact.billed == record.billed == len(asked) - free <= 8
        assert found.status is Status.NOT_REGISTERED

    def test_cannot_judge_recent_dates_leaves_the_upper_end_open(self) -> None:
        edge = _today() - timedelta(days=400)
        record = CarrierRecord(assigned_on=_today() - timedelta(days=100), judges_until=edge)
        found, _ = _search(record, cap=8)
        fact = found.reassignment
        assert fact is not None
        assert fact.bracket.before is None
        assert fact.bracket.after is not None
        assert fact.bracket.after <= edge

    def test_a_carrier_that_judges_nothing_gives_no_data_for_free(self) -> None:
        record = CarrierRecord(assigned_on=_today(), judges_from=_today() + timedelta(days=1))
        found, asked = _search(record, cap=8)
        assert record.billed == 0
        assert len(asked) == 3
        assert found.status is Status.UNKNOWN
        fact = found.reassignment
        assert fact is not None
        assert fact.answer is ReassignmentAnswer.NO_DATA
        assert "never safe" in found.detail


class TestWrongPremises:
    def test_a_ported_number_is_reported_and_never_asked_again(self) -> None:
        record = CarrierRecord(assigned_on=_today() - timedelta(days=800), ported=True)
        found, asked = _search(record, cap=8)
        assert len(asked) == 1
        assert found.status is Status.UNKNOWN
        assert "ported" in found.tags
        fact = found.reassignment
        assert fact is not None
        assert fact.ported
        assert fact.answer is ReassignmentAnswer.NO_DATA
        assert "携号转网" in found.detail

    def test_a_cancelled_number_stops_the_search_and_the_purchase(self) -> None:
        record = CarrierRecord(assigned_on=_today() - timedelta(days=800), cancelled=True)
        with Simulator({"aliyun-twice-tel": record.aliyun_script()}, root_provider="aliyun-twice-tel") as simulator:
            settings = numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url}, keys=KEYED, timeout=2.0, max_billed=8)
            report = numcheck.check(NUMBER, settings=settings, only=["aliyun-twice-tel"])
            assert len(simulator.hits) == 1
        found = next(item for item in report.findings if item.checker_id == "aliyun-twice-tel")
        assert found.reassignment is not None
        assert found.reassignment.answer is ReassignmentAnswer.CANCELLED
        assert report.verdict is numcheck.Verdict.DO_NOT_BUY
        assert "aliyun-twice-tel" in report.advice[0].because_of  # the carrier's own "cancelled" is one reason not to buy

    @pytest.mark.parametrize("prefix", refused_prefixes())
    def test_ranges_the_segment_table_places_outside_the_carriers_are_not_asked(self, prefix: str) -> None:
        """192 and 1610 (China Broadnet), virtual operators, IoT, satellite ...: each refused row of the table, no call."""
        row = next(row for row in segment_table().rows if row.segment.prefix == prefix)
        number = prefix + "0" * (row.digits - len(prefix) - 4) + "5678"
        record = CarrierRecord(assigned_on=_today() - timedelta(days=800))
        with Simulator({"aliyun-twice-tel": record.aliyun_script()}, root_provider="aliyun-twice-tel") as simulator:
            settings = numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url}, keys=KEYED, timeout=2.0, max_billed=8)
            with isolated_registry(AliyunTwiceTelVerify()) as registry:
                found = numcheck.check(number, registry=registry, settings=settings).findings[0]
            assert simulator.hits == []
        assert found.status is Status.SKIPPED
        assert "segment table" in found.detail

    @pytest.mark.parametrize("number", ["+86 10 1234 5678", "+86 755 1234 5678", "+86 400 123 4567", "+86 106 1234 5678"])
    @pytest.mark.parametrize("checker_id", ["aliyun-twice-tel", "aliyun-tenure", "aliyun-status"])
    def test_numbers_that_are_not_mobile_numbers_are_not_asked(self, number: str, checker_id: str) -> None:
        """A landline (an 11-digit one too), a 400 number, an SMS gateway port: outside every segment, yet no mobile number."""
        record = CarrierRecord(assigned_on=_today() - timedelta(days=800))
        checker = default_registry(numcheck.Settings(plugins=(), keys=KEYED)).get(checker_id)
        with Simulator({checker_id: record.aliyun_script()}, root_provider=checker_id) as simulator:
            settings = numcheck.Settings(base_urls={checker_id: simulator.url}, keys=KEYED, timeout=2.0, max_billed=8)
            with isolated_registry(checker) as registry:
                found = numcheck.check(number, registry=registry, settings=settings).findings[0]
            assert simulator.hits == []
        assert found.status is Status.SKIPPED
        assert "not a mobile number" in found.detail

    def test_a_never_issued_mobile_number_is_still_asked(self) -> None:
        """The self-check's negative controls lie outside every segment: the carrier is asked, once, to judge the checker."""
        from numcheck.health.controls import control_numbers

        record = CarrierRecord(assigned_on=_today() - timedelta(days=800))
        _, asked = _search(record, cap=1, number=control_numbers(1)[0])
        assert len(asked) == 1

    def test_the_refused_list_comes_from_the_table(self) -> None:
        refused = refused_prefixes()
        assert {"192", "1610", "1700", "165", "167", "171"} <= set(refused)
        assert not {"138", "139", "186", "189"} & set(refused)


class TestCamara:
    @pytest.mark.parametrize("checker_id", ["camara-recycling", "camara-tenure"])
    def test_the_same_search_over_the_operators_boolean(self, checker_id: str) -> None:
        """NumberRecycling's phoneNumberRecycled and KYC Tenure's tenureDateCheck, searched the same way, within the cap."""
        checker = default_registry(numcheck.Settings(plugins=())).get(checker_id)
        assert isinstance(checker, ManifestChecker)
        assigned = _today() - timedelta(days=2000)
        record = CarrierRecord(assigned_on=assigned)
        with Simulator({checker_id: record.camara_script(checker)}) as simulator:
            settings = numcheck.Settings(
                base_urls={checker_id: simulator.base_url_for(checker_id)},
                keys={name: "synthetic-key" for name in checker.meta.needs_key},
                timeout=2.0,
                max_billed=8,
            )
            with isolated_registry(checker) as registry:
                found = numcheck.check(NUMBER, registry=registry, settings=settings).findings[0]
            assert simulator.misses == []  # every request was exactly the declared one
            calls = len(simulator.hits)
        fact = found.reassignment
        assert fact is not None
        assert fact.bracket.after is not None
        assert fact.bracket.before is not None
        assert fact.bracket.after <= assigned <= fact.bracket.before
        assert (fact.bracket.before - fact.bracket.after).days <= RESOLUTION_DAYS
        assert calls == fact.calls == fact.billed <= 8  # every CAMARA call counts as billed
        assert "no data lag stated" in found.detail

    def test_out_of_range_is_an_edge_never_an_answer(self) -> None:
        checker = default_registry(numcheck.Settings(plugins=())).get("camara-recycling")
        assert isinstance(checker, ManifestChecker)
        edge = _today() - timedelta(days=1500)
        record = CarrierRecord(assigned_on=_today() - timedelta(days=3000), judges_from=edge)
        with Simulator({"camara-recycling": record.camara_script(checker)}) as simulator:
            settings = numcheck.Settings(
                base_urls={"camara-recycling": simulator.base_url_for("camara-recycling")},
                keys={name: "synthetic-key" for name in checker.meta.needs_key},
                timeout=2.0,
                max_billed=8,
            )
            with isolated_registry(checker) as registry:
                found = numcheck.check(NUMBER, registry=registry, settings=settings).findings[0]
        fact = found.reassignment
        assert fact is not None
        assert fact.bracket.after is None
        assert fact.bracket.before is not None
        assert fact.bracket.before >= edge
        assert record.billed <= 8

    def test_recording_a_cassette_never_searches(self, tmp_path: Path) -> None:
        """`numcheck record` keeps one scenario's exchange: with max_billed set, still one call (and one interaction)."""
        pytest.importorskip("vcr")
        from numcheck.maintenance import record_cassette

        checker = default_registry(numcheck.Settings(plugins=())).get("camara-recycling")
        assert isinstance(checker, ManifestChecker)
        record = CarrierRecord(assigned_on=_today() - timedelta(days=2000))
        with Simulator({"camara-recycling": record.camara_script(checker)}) as simulator:
            settings = numcheck.Settings(
                base_urls={"camara-recycling": simulator.base_url_for("camara-recycling")},
                keys={name: "synthetic-key" for name in checker.meta.needs_key},
                timeout=2.0,
                max_billed=8,
            )
            with isolated_registry(checker) as registry:
                found, path = record_cassette(registry, "camara-recycling", "registered", "13800138000", tmp_path, settings)
        assert record.answers == 1
        assert found.reassignment is not None
        assert found.reassignment.calls == 1
        assert path.read_text(encoding="utf-8").count("- request:") == 1


class TestErrorsMidSearch:
    """The carrier fails part-way through a search (the real SDK, the simulator's faults): no call after it, nothing invented."""

    @pytest.mark.parametrize(
        ("status", "body"),
        [
            (503, '{"Code":"ServiceUnavailable","Message":"busy"}'),
            (200, '{"Code":"RequestFrequencyLimit","Message":"limit","RequestId":"00000000-0000-0000-0000-000000000000"}'),
            (200, "<html>waf</html>"),
        ],
    )
    def test_a_failure_after_two_answers_stops_the_search(self, status: int, body: str) -> None:
        record = CarrierRecord(assigned_on=_today() - timedelta(days=2450))

        def respond(asked: Asked) -> Example:
            if record.answers >= 2:
                record.answers += 1
                return Example(status=status, body=body, expect=Status.UNKNOWN, source="a fault")
            return record.aliyun(asked)

        script = record.aliyun_script()
        script.respond = respond
        with Simulator({"aliyun-twice-tel": script}, root_provider="aliyun-twice-tel") as simulator:
            settings = numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url}, keys=KEYED, timeout=2.0, max_billed=8)
            with isolated_registry(AliyunTwiceTelVerify()) as registry:
                found = numcheck.check(NUMBER, registry=registry, settings=settings).findings[0]
            hits = len(simulator.hits)
        assert hits == 3  # the SDK does not retry on its own, and numcheck asks nothing after the failure
        fact = found.reassignment
        assert fact is not None
        assert (fact.calls, fact.billed) == (3, 2)
        assert "stopped" in found.detail
        assert fact.bracket.after is None or fact.bracket.after < record.assigned_on
        assert fact.bracket.before is None or record.assigned_on <= fact.bracket.before
