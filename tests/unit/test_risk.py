"""The risk engine: levels per dimension, coverage, verdict and advice from synthetic findings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

import numcheck
from numcheck import CheckerKind, Dimension, Finding, Level, Provenance, Status, Verdict
from numcheck.risk import advise, assess, judge, verdict

_NOW = datetime(2026, 11, 24, tzinfo=UTC)
_DOCUMENTED = Provenance(level="documented", sources=("test",))


def _finding(
    checker_id: str, kind: CheckerKind, status: Status, category: str = "media", tags: tuple[str, ...] = (), **facts: float | str
) -> Finding:
    return Finding(
        checker_id=checker_id,
        checker_name=checker_id.title(),
        kind=kind,
        category=category,
        status=status,
        detail="test",
        tags=tags,
        facts=dict(facts),
        provenance=_DOCUMENTED,
        checked_at=_NOW,
    )


def _levels(findings: list[Finding]) -> dict[Dimension, Level]:
    risks, _ = assess(findings)
    return {risk.dimension: risk.level for risk in risks}


def _accounts(*statuses: Status, category: str = "media") -> list[Finding]:
    return [_finding(f"site-{index}", CheckerKind.ACCOUNT, status, category) for index, status in enumerate(statuses)]


class TestBindings:
    def test_nothing_asked_is_unknown(self) -> None:
        """With no account finding, bindings are unknown, never low."""
        assert _levels([])[Dimension.BINDINGS] is Level.UNKNOWN

    def test_registered_payment_account_is_medium_two_are_high(self) -> None:
        """One registered payment account is medium; two push bindings to high."""
        assert _levels(_accounts(Status.REGISTERED, category="payment"))[Dimension.BINDINGS] is Level.MEDIUM
        assert _levels(_accounts(Status.REGISTERED, Status.REGISTERED, category="payment"))[Dimension.BINDINGS] is Level.HIGH

    def test_media_account_weighs_less_than_payment(self) -> None:
        """Category weights: a media site adds less than a payment service."""
        media, _ = assess(_accounts(Status.REGISTERED, category="media"))
        payment, _ = assess(_accounts(Status.REGISTERED, category="payment"))
        assert media[0].score < payment[0].score

    def test_all_negative_with_enough_answers_is_low(self) -> None:
        """Enough definitive 'not registered' answers for the recycling prior, most lookups answering: low."""
        recent = [_finding("age", CheckerKind.OFFLINE, Status.INFO, "offline", tags=("segment_since_2017",))]
        old = [_finding("age", CheckerKind.OFFLINE, Status.INFO, "offline", tags=("segment_pre_2010",))]
        assert _levels([*recent, *_accounts(*[Status.NOT_REGISTERED] * 3)])[Dimension.BINDINGS] is Level.LOW
        assert _levels([*old, *_accounts(*[Status.NOT_REGISTERED] * 3)])[Dimension.BINDINGS] is Level.UNKNOWN
        assert _levels([*old, *_accounts(*[Status.NOT_REGISTERED] * 7)])[Dimension.BINDINGS] is Level.LOW
        # Nothing known of the number's history: the middle requirement.
        assert _levels(_accounts(*[Status.NOT_REGISTERED] * 4))[Dimension.BINDINGS] is Level.UNKNOWN
        assert _levels(_accounts(*[Status.NOT_REGISTERED] * 5))[Dimension.BINDINGS] is Level.LOW

    def test_any_registration_is_at_least_medium(self) -> None:
        """A registration at a low-weight service is still a lingering binding: medium, never low."""
        assert _levels(_accounts(Status.REGISTERED, *[Status.NOT_REGISTERED] * 9))[Dimension.BINDINGS] is Level.MEDIUM

    def test_negative_on_poor_coverage_stays_unknown(self) -> None:
        """Two negatives among eight lookups (the rest blocked) say too little: unknown."""
        findings = _accounts(Status.NOT_REGISTERED, Status.NOT_REGISTERED, *[Status.BLOCKED] * 6)
        risks, cover = assess(findings)
        bindings = next(risk for risk in risks if risk.dimension is Dimension.BINDINGS)
        assert bindings.level is Level.UNKNOWN
        assert "a low needs" in bindings.reasons[-1].text
        assert cover.sufficient is False
        assert cover.definitive == 2
        assert cover.blocked == 6

    @pytest.mark.parametrize("status", [Status.UNKNOWN, Status.BLOCKED, Status.ERROR, Status.SKIPPED])
    def test_indefinite_answers_never_count(self, status: Status) -> None:
        """Unknown, blocked, error and skipped never lower or raise bindings."""
        assert _levels(_accounts(*[status] * 5))[Dimension.BINDINGS] is Level.UNKNOWN

    def test_lending_registration_raises_debt_collection(self) -> None:
        """A lending service still registered raises debt collection as well."""
        levels = _levels(_accounts(Status.REGISTERED, category="lending"))
        assert levels[Dimension.DEBT_COLLECTION] is Level.MEDIUM


class TestReputation:
    def test_collection_calls_tag_is_high(self) -> None:
        """A list saying collectors call this number makes debt collection high; a hit in a general list is at least
        medium for harassment too (docs/verdict.md, rule 2: a hit weighs on everything its source speaks to)."""
        levels = _levels([_finding("tags", CheckerKind.REPUTATION, Status.REGISTERED, "reputation", tags=("collection_calls",))])
        assert levels[Dimension.DEBT_COLLECTION] is Level.HIGH
        assert levels[Dimension.HARASSMENT] is Level.MEDIUM
        callers = _levels([_finding("tags", CheckerKind.REPUTATION, Status.REGISTERED, "caller_tags", tags=("collection_calls",))])
        assert callers[Dimension.DEBT_COLLECTION] is Level.HIGH
        assert callers[Dimension.HARASSMENT] is Level.MEDIUM

    def test_a_collector_caller_tag_is_outbound_reputation(self) -> None:
        """催收 on calls *from* the number: the buyer's calls get rejected (harassment), not collectors calling the buyer."""
        levels = _levels([_finding("tags", CheckerKind.REPUTATION, Status.REGISTERED, "caller_tags", tags=("collector_caller",))])
        assert levels[Dimension.HARASSMENT] is Level.HIGH
        assert levels[Dimension.DEBT_COLLECTION] is Level.UNKNOWN

    def test_harassment_tag_and_score(self) -> None:
        """Harassment tags raise harassment; a hit with a score but no tag is still a hit (at least medium), never low."""
        levels = _levels([_finding("tags", CheckerKind.REPUTATION, Status.REGISTERED, "caller_tags", tags=("harassment",))])
        assert levels[Dimension.HARASSMENT] is Level.HIGH
        for score in (5, 6, 9):
            scored = _levels([_finding("score", CheckerKind.REPUTATION, Status.REGISTERED, "caller_tags", score=score)])
            assert scored[Dimension.HARASSMENT] is Level.MEDIUM
        negative = _levels([_finding("score", CheckerKind.REPUTATION, Status.REGISTERED, "caller_tags", ("negative_rating",), score=8)])
        assert negative[Dimension.HARASSMENT] is Level.HIGH

    def test_clean_reputation_answer_is_low(self) -> None:
        """A source positively saying 'no record' makes harassment low."""
        levels = _levels([_finding("tags", CheckerKind.REPUTATION, Status.NOT_REGISTERED, "reputation")])
        assert levels[Dimension.HARASSMENT] is Level.LOW

    def test_blocked_reputation_is_unknown(self) -> None:
        """A blocked reputation lookup leaves harassment unknown."""
        levels = _levels([_finding("tags", CheckerKind.REPUTATION, Status.BLOCKED, "reputation")])
        assert levels[Dimension.HARASSMENT] is Level.UNKNOWN


class TestRecyclingAndVerdict:
    def test_reassigned_carrier_answer_is_high(self) -> None:
        """A carrier saying 'reassigned' makes recycling high."""
        levels = _levels([_finding("carrier", CheckerKind.CARRIER, Status.REGISTERED, "reassignment", tags=("reassigned",))])
        assert levels[Dimension.RECYCLING] is Level.HIGH

    def test_offline_only_report_says_bindings_and_debt_unknown(self) -> None:
        """Offline: bindings and debt collection are unknown and the verdict says so plainly."""
        report = numcheck.check("19912345670", offline=True)
        assert report.risk("bindings").level is Level.UNKNOWN
        assert report.risk("debt_collection").level is Level.UNKNOWN
        assert report.verdict is not Verdict.LOW_RISK
        assert "Not checked" in report.summary
        assert "unknown is not clean" in report.summary

    def test_low_risk_needs_sufficient_coverage(self) -> None:
        """Even with every dimension low, poor coverage is never low risk."""
        findings = [*_accounts(*[Status.NOT_REGISTERED] * 3), *_accounts(*[Status.BLOCKED] * 10)]
        findings.append(_finding("rep", CheckerKind.REPUTATION, Status.NOT_REGISTERED, "reputation"))
        findings.append(_finding("car", CheckerKind.CARRIER, Status.NOT_REGISTERED, "reassignment", tags=("not_reassigned",)))
        assert verdict(findings) is not Verdict.LOW_RISK

    def test_low_risk_when_everything_answered_negative(self) -> None:
        """Every dimension answered negatively with good coverage: low risk."""
        findings = _accounts(*[Status.NOT_REGISTERED] * 5, category="lending")
        findings.append(_finding("rep", CheckerKind.REPUTATION, Status.NOT_REGISTERED, "reputation"))
        findings.append(_finding("car", CheckerKind.CARRIER, Status.NOT_REGISTERED, "reassignment", tags=("not_reassigned",)))
        _, cover = assess(findings)
        assert cover.sufficient
        assert verdict(findings) is Verdict.LOW_RISK

    def test_high_personal_dimension_is_high_risk(self) -> None:
        """A high debt-collection level makes the verdict high risk."""
        findings = [_finding("tags", CheckerKind.REPUTATION, Status.REGISTERED, "reputation", tags=("collection_calls",))]
        assert verdict(findings) is Verdict.HIGH_RISK

    def test_recycling_alone_never_sets_caution(self) -> None:
        """An old vanity segment with nothing else known is not enough data, not caution."""
        findings = [_finding("age", CheckerKind.OFFLINE, Status.INFO, "offline", tags=("segment_pre_2010", "vanity", "mvno"))]
        risks, _ = assess(findings)
        assert next(risk for risk in risks if risk.dimension is Dimension.RECYCLING).level is Level.HIGH
        assert verdict(findings) is Verdict.NOT_ENOUGH_DATA

    def test_a_line_validity_answer_is_not_coverage(self) -> None:
        """A numverify-style 'valid line' answer covers no dimension and counts for no coverage."""
        _, cover = assess([_finding("line", CheckerKind.CARRIER, Status.REGISTERED, "line")])
        assert cover.definitive == 0
        assert cover.sufficient is False

    def test_every_level_lists_reasons(self) -> None:
        """No risk comes without at least one reason."""
        risks, _ = assess(_accounts(Status.REGISTERED, Status.NOT_REGISTERED))
        assert all(risk.reasons for risk in risks)


class TestAdvice:
    def test_registered_account_gets_its_own_advice(self) -> None:
        """Each registered account gets an appeal step naming the service."""
        findings = _accounts(Status.REGISTERED, category="payment")
        advice = advise(judge(findings), findings, "china_mobile", chinese=True, offline=False)
        assert any("Site-0" in item.action and item.because_of == ("site-0",) for item in advice)
        assert any("10086" in item.detail for item in advice)

    def test_iot_number_is_advised_against(self) -> None:
        """A 13-digit IoT number cannot take ordinary SMS: the verdict and the first advice say not to buy."""
        report = numcheck.check("1440012345678", offline=True)
        assert report.verdict is Verdict.DO_NOT_BUY
        assert report.advice[0].action.startswith("Do not buy")
        assert "SMS" in report.advice[0].action


class TestWording:
    def test_after_an_online_run_advice_never_says_run_the_online_checks(self) -> None:
        """Online: the unknown-dimension advice asks the seller and names sources, never 'run the online checks'."""
        findings = _accounts(*[Status.NOT_REGISTERED] * 5)
        online = advise(judge(findings), findings, "china_mobile", True, offline=False)
        offline = advise(judge([]), [], "china_mobile", True, offline=True)
        assert not any("Run the online checks" in item.action for item in online)
        assert any("Run the online checks" in item.action for item in offline)

    def test_summary_never_says_only_when_every_check_answered(self) -> None:
        """11 of 11 answered, yet harassment stayed unknown: the summary says why, without 'only'."""
        from numcheck.risk import summarize

        findings = _accounts(*[Status.NOT_REGISTERED] * 11)
        text = summarize(judge(findings), verdict(findings), offline=False)
        assert "all 11 online checks answered" in text
        assert "only" not in text
        partly = _accounts(*[Status.NOT_REGISTERED] * 4, *[Status.BLOCKED] * 7)
        assert "4 of 11 online checks answered definitively" in summarize(judge(partly), verdict(partly), offline=False)
