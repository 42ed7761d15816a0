"""Mutation testing of review 4's changes (docs/verdict.md, "How the rules are kept"): each test here killed mutants of
``fanout.run_one``, ``ranking.reason_messages``, ``risk.facts``, ``risk.judgement`` or ``risk.advice`` that the suite let
live, and asserts what a buyer or a plugin author reads, never how the code is written.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import numcheck
from numcheck import CheckContext, CheckerKind, CheckerMeta, Finding, PhoneNumberInfo, Provenance, Status, Verdict
from numcheck.checker import finding
from numcheck.ranking import reasons_for
from numcheck.testing import isolated_registry, report_with, scripted_finding

NUMBER = "19929470516"  # a 2017 segment, no vanity: three clean account answers make bindings low


def _meta(checker_id: str, kind: CheckerKind = CheckerKind.OFFLINE, category: str = "offline") -> CheckerMeta:
    return CheckerMeta(
        id=checker_id, name=checker_id.title(), kind=kind, category=category, provenance=Provenance(level="documented", sources=("a test",))
    )


class _Returns:
    """An offline plugin whose check() returns ``value``, whatever it is."""

    def __init__(self, value: object) -> None:
        self.meta = _meta("odd")
        self.value = value

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> object:
        return self.value


def _only(report: numcheck.Report, checker_id: str) -> Finding:
    (found,) = [item for item in report.findings if item.checker_id == checker_id]
    return found


def test_a_check_that_returns_no_finding_is_an_error_naming_what_it_returned() -> None:
    """A plugin author reads which type his check() returned instead of a Finding; the number is never called clean."""
    for value, named in (({"status": "registered"}, "dict"), (None, "NoneType")):
        with isolated_registry(_Returns(value)) as registry:
            report = numcheck.check(NUMBER, offline=True, registry=registry)
        answer = _only(report, "odd")
        assert answer.status is Status.ERROR
        assert f"check() returned {named}, not Finding" in answer.detail, answer.detail
        assert report.verdict is not Verdict.LOW_RISK


class _Slow:
    """An offline plugin that takes 1.23456 ms of a stopped clock, then answers."""

    def __init__(self, clock: list[float]) -> None:
        self.meta = _meta("slow")
        self.clock = clock

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        self.clock[0] += 0.00123456
        return finding(self.meta, ctx, Status.NOT_REGISTERED, "not in my file")


def test_a_findings_elapsed_time_is_its_checks_time_in_milliseconds_to_the_microsecond(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report says how long each checker took (numcheck doctor and the history show it): milliseconds, 3 decimals."""
    clock = [100.0]
    monkeypatch.setattr("numcheck.fanout.time", SimpleNamespace(perf_counter=lambda: clock[0]))
    with isolated_registry(_Slow(clock)) as registry:
        report = numcheck.check(NUMBER, offline=True, registry=registry)
    assert _only(report, "slow").evidence.elapsed_ms == 1.235


class _Impostor:
    """A plugin declared as one checker whose check() writes another checker's id and a category of its choosing."""

    def __init__(self, checker_id: str, kind: CheckerKind, category: str, status: Status) -> None:
        self.meta = _meta(checker_id, kind, category)
        self.status = status

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        built = finding(self.meta, ctx, self.status, "from my file")
        return built.model_copy(update={"checker_id": "aliyun-status", "category": "lending"})


def test_a_finding_is_the_declared_checkers_whatever_id_and_category_its_plugin_writes() -> None:
    """docs/writing-a-checker.md: a finding's id, kind and category are its checker's meta's.

    A shopping account lookup that writes ``category=lending`` into its registered answer must not add a lender's
    debt-collection signal, and each answer stays under the name of the checker that gave it (a buyer reads who said
    what; two plugins writing one id would count as one checker asked).
    """
    plugins = [_Impostor(f"shop-{index}", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED) for index in range(3)]
    plugins.append(_Impostor("mall", CheckerKind.ACCOUNT, "shopping", Status.REGISTERED))
    with isolated_registry(*plugins) as registry:
        report = numcheck.check(NUMBER, registry=registry)
    assert sorted(item.checker_id for item in report.findings) == ["mall", "shop-0", "shop-1", "shop-2"]
    assert {item.category for item in report.findings} == {"shopping"}
    assert report.coverage.online_checkers == 4
    debts = report.risk("debt_collection")
    assert debts.score == 0
    assert not any(reason.checker_id == "mall" for reason in debts.reasons), debts
    assert report.risk("bindings").score == 30  # a shopping registration's weight, not a lender's 45


def test_the_strongest_reason_comes_first_in_the_ranking() -> None:
    """`numcheck compare` names the strongest reasons behind a risk first: a lender's registration before a shop's."""
    answers = [
        scripted_finding("a-shop", CheckerKind.ACCOUNT, "shopping", Status.REGISTERED),
        scripted_finding("a-lender", CheckerKind.ACCOUNT, "lending", Status.REGISTERED),
        *(scripted_finding(f"shop-{index}", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED) for index in range(3)),
        scripted_finding("tags", CheckerKind.REPUTATION, "reputation", Status.NOT_REGISTERED),
    ]
    why = reasons_for(report_with(NUMBER, answers))
    assert "a-lender (lending)" in why[0], why


def test_a_clean_number_is_ranked_by_what_weighs_alone() -> None:
    """A low-risk number's reasons are what weighs against it (here its segment's age), never a reason of no weight
    ("every definitive answer was negative"); with nothing weighing, no signal and on how many answers."""
    answers = [scripted_finding(f"shop-{index}", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED) for index in range(5)]
    answers.append(scripted_finding("tags", CheckerKind.REPUTATION, "reputation", Status.NOT_REGISTERED))
    recent = report_with(NUMBER, answers)
    assert recent.verdict is Verdict.LOW_RISK
    assert reasons_for(recent) == ("recycling: Segment age: recent segment: fewer cycles of reuse",)
    # A fictional US number (555-01xx): no segment, no vanity pattern, so nothing weighs at all.
    plain = report_with("+12025550147", answers)
    assert plain.verdict is Verdict.LOW_RISK
    cover = plain.coverage
    assert reasons_for(plain) == (f"no risk signal; {cover.definitive} definitive answers ({cover.ratio:.0%} coverage)",)
    assert cover.definitive == 6


def test_a_poorly_covered_number_is_ranked_with_how_many_online_checks_answered() -> None:
    """Poor coverage is a reason of its own, counted over the online checks asked (a skipped one was not asked)."""
    answers = [scripted_finding("shop-0", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED)]
    answers += [scripted_finding(f"shop-{index}", CheckerKind.ACCOUNT, "shopping", Status.BLOCKED) for index in range(1, 4)]
    answers.append(scripted_finding("skipped", CheckerKind.ACCOUNT, "shopping", Status.SKIPPED))
    report = report_with(NUMBER, answers)
    assert not report.coverage.sufficient
    assert "poor coverage: 1 of 4 online checks answered definitively" in reasons_for(report)


def test_a_reason_that_carries_only_its_text_is_ranked_by_that_text() -> None:
    """A report built outside the engine (its reasons with no message id, as in a JSON export) still says why."""
    answers = [scripted_finding("a-lender", CheckerKind.ACCOUNT, "lending", Status.REGISTERED)]
    report = report_with(NUMBER, answers)
    risks = tuple(
        risk.model_copy(update={"reasons": tuple(item.model_copy(update={"message": None}) for item in risk.reasons)})
        for risk in report.risks
    )
    bare = report.model_copy(update={"risks": risks})
    strongest = max((item for risk in bare.risks for item in risk.reasons), key=lambda item: item.points)
    assert any(strongest.text in reason for reason in reasons_for(bare)), reasons_for(bare)


def test_two_clean_lookups_where_three_are_needed_say_bindings_are_unsettled_not_unchecked() -> None:
    """The summary says how far the account lookups got ("2 of 2 ... a low needs 3"), never that none was asked."""
    answers = [scripted_finding(f"shop-{index}", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED) for index in range(2)]
    answers.append(scripted_finding("tags", CheckerKind.REPUTATION, "reputation", Status.NOT_REGISTERED))
    report = report_with(NUMBER, answers)
    assert report.verdict is Verdict.NOT_ENOUGH_DATA
    assert "Bindings not settled: 2 of 2 account lookups answered definitively, all negative; a low needs 3." in report.summary
    assert "Not checked" not in report.summary


def test_a_caution_on_poor_coverage_names_each_risks_reason_and_the_coverage() -> None:
    """Every question answered, adversely, by two of eight services asked: the summary names what each risk rests on
    (the checker and what it said) and that coverage was poor, with both counts."""
    answers = [
        scripted_finding("lender", CheckerKind.ACCOUNT, "lending", Status.REGISTERED),
        scripted_finding("rep", CheckerKind.REPUTATION, "reputation", Status.REGISTERED, "spam"),
        *(scripted_finding(f"down-{index}", CheckerKind.ACCOUNT, "shopping", Status.BLOCKED) for index in range(6)),
    ]
    report = report_with(NUMBER, answers)
    assert report.verdict is Verdict.CAUTION
    assert "bindings: medium (an account is still registered at lender (lending): a lingering binding)." in report.summary
    assert "debt collection: medium (registered at the lending/finance service lender: old loans" in report.summary
    assert "Coverage is poor (2 definitive answers of 8 asked)." in report.summary
    well_covered = report_with(
        NUMBER,
        [*answers[:2], *(scripted_finding(f"shop-{index}", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED) for index in range(3))],
    )
    assert "Coverage is poor" not in well_covered.summary


def test_a_reputation_hit_names_the_tags_it_was_listed_under() -> None:
    """A listing says what the source calls the number, so the buyer can tell a taxi driver's number from a fraudster's."""
    listed = scripted_finding("rep", CheckerKind.REPUTATION, "reputation", Status.REGISTERED, "delivery")
    harassment = report_with(NUMBER, [listed]).risk("harassment")
    assert any(reason.text.startswith("rep lists this number (delivery)") for reason in harassment.reasons), harassment.reasons
    untagged = scripted_finding("rep", CheckerKind.REPUTATION, "reputation", Status.REGISTERED)
    reasons = report_with(NUMBER, [untagged]).risk("harassment").reasons
    assert any(reason.text.startswith("rep lists this number (no tag)") for reason in reasons), reasons


def test_a_reassignment_sources_registered_names_the_source_that_says_the_number_changed_owner() -> None:
    """The recycling reason a bare "registered" of a reassignment source stands for names that source."""
    carrier = scripted_finding("carrier", CheckerKind.CARRIER, "reassignment", Status.REGISTERED)
    reasons = report_with(NUMBER, [carrier]).risk("recycling").reasons
    assert "carrier: the carrier says the number changed owner" in [reason.text for reason in reasons], reasons


def test_half_of_the_caller_tag_sources_answering_settles_harassment() -> None:
    """docs/verdict.md rule 3: "at least half" of the checkers asked about a question: one of two is enough."""
    accounts = [scripted_finding(f"shop-{index}", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED) for index in range(2)]
    accounts.append(scripted_finding("lender", CheckerKind.ACCOUNT, "lending", Status.NOT_REGISTERED))
    tags = [
        scripted_finding("tags-0", CheckerKind.REPUTATION, "caller_tags", Status.NOT_REGISTERED),
        scripted_finding("tags-1", CheckerKind.REPUTATION, "caller_tags", Status.BLOCKED),
    ]
    report = report_with(NUMBER, [*accounts, *tags])
    assert report.risk("harassment").level.value == "low"
    assert report.verdict is Verdict.LOW_RISK
