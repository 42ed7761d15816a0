"""The verdict rules of docs/verdict.md, each a property over generated findings.

Hypothesis builds arbitrary reports: every kind x status x category x tag (known, moot,
``unmapped`` and made-up ones) x carrier answer x coverage. Each rule is checked on the verdict,
the dimensions, the summary, the advice and the ranking of full reports built by the engine.
The oracles below restate the rules from the page, not from numcheck.risk's code, so a change
to the engine that breaks a rule fails here whatever case it breaks.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import numcheck
from numcheck import CheckerKind, Dimension, Finding, Level, Provenance, Report, Status, Verdict
from numcheck.engine import build_report
from numcheck.offline.enrich import facts_for
from numcheck.ranking import rank
from numcheck.tags import KNOWN_TAGS, TAG_EFFECTS

_NOW = datetime(2026, 12, 1, tzinfo=UTC)
_SOURCE = Provenance(level="documented", sources=("generated",))
_NUMBER = numcheck.parse("13800138000")
_FACTS = facts_for(_NUMBER, "13800138000")

PERSONAL = (Dimension.BINDINGS, Dimension.DEBT_COLLECTION, Dimension.HARASSMENT)
# Rule 1's facts, as docs/verdict.md names them.
MOOT = frozenset({"never_issued", "no_sms", "deactivated"})
LENDING = frozenset({"finance", "lending", "loan", "loans", "credit", "p2p", "金融", "借贷", "贷款", "网贷"})
# Worse verdicts come later: "never improves" means the index never goes down.
ORDER = [Verdict.LOW_RISK, Verdict.NOT_ENOUGH_DATA, Verdict.CAUTION, Verdict.HIGH_RISK, Verdict.DO_NOT_BUY]
ACCOUNT_CATEGORIES = ("payment", "finance", "Lending ", "loan", "messaging", "social", "shopping", "travel", "jobs", "media")
REPUTATION_CATEGORIES = ("caller_tags", "collection_calls", "reputation", "something_new", "Caller_Tags")
CARRIER_CATEGORIES = ("reassignment", "line")
MADE_UP_TAGS = ("催收", "harasment", "欠费", "unmapped", "spam ", "score_band_x", "Fraud", " NEVER_ISSUED", "")
TAGS = st.sampled_from(sorted(KNOWN_TAGS) + list(MADE_UP_TAGS))
ONLINE_STATUSES = [status for status in Status if status is not Status.INFO]


@st.composite
def findings(draw: st.DrawFn, kind: CheckerKind | None = None) -> Finding:
    """One finding of any kind, status, category and tags, as any checker (built-in or third-party) could report it."""
    kind = kind or draw(st.sampled_from(list(CheckerKind)))
    categories = {
        CheckerKind.ACCOUNT: ACCOUNT_CATEGORIES,
        CheckerKind.REPUTATION: REPUTATION_CATEGORIES,
        CheckerKind.CARRIER: CARRIER_CATEGORIES,
        CheckerKind.OFFLINE: ("offline",),
    }[kind]
    # An offline checker is mostly info; a plugin's may answer anything (docs/verdict.md, "An offline checker's answer").
    offline_status = st.sampled_from([Status.INFO, Status.INFO, *Status])
    status = draw(offline_status if kind is CheckerKind.OFFLINE else st.sampled_from(ONLINE_STATUSES))
    index = draw(st.integers(0, 10_000))
    return Finding(
        checker_id=f"{kind.value}-{index}",
        checker_name=f"Checker {index}",
        kind=kind,
        category=draw(st.sampled_from(categories)),
        status=status,
        detail="generated",
        tags=tuple(draw(st.lists(TAGS, max_size=3, unique=True))),
        facts={"since": "2020-01-01"} if draw(st.booleans()) else {},
        provenance=_SOURCE,
        checked_at=_NOW,
    )


def clean_answer(kind: CheckerKind, category: str, index: int) -> Finding:
    return Finding(
        checker_id=f"clean-{kind.value}-{index}",
        checker_name=f"Clean {index}",
        kind=kind,
        category=category,
        status=Status.NOT_REGISTERED,
        detail="generated",
        provenance=_SOURCE,
        checked_at=_NOW,
    )


@st.composite
def finding_sets(draw: st.DrawFn) -> list[Finding]:
    """A report's findings: some arbitrary ones, often beside enough clean answers to make low risk reachable."""
    mixed = draw(st.lists(findings(), max_size=8))
    clean: list[Finding] = []
    if draw(st.booleans()):
        accounts = draw(st.integers(0, 9))
        clean += [clean_answer(CheckerKind.ACCOUNT, "lending" if index == 0 else "shopping", index) for index in range(accounts)]
        clean += [clean_answer(CheckerKind.REPUTATION, draw(st.sampled_from(REPUTATION_CATEGORIES)), 100)]
    if draw(st.booleans()):
        era = draw(st.sampled_from(["segment_pre_2010", "segment_2010_2016", "segment_since_2017"]))
        clean.append(offline(era))
    return draw(st.permutations(clean + mixed))


def offline(*tags: str) -> Finding:
    return Finding(
        checker_id="segment-age",
        checker_name="Segment age",
        kind=CheckerKind.OFFLINE,
        category="offline",
        status=Status.INFO,
        detail="generated",
        tags=tags,
        provenance=_SOURCE,
        checked_at=_NOW,
    )


def report_of(items: list[Finding]) -> Report:
    return build_report("13800138000", _NUMBER, _FACTS, items, offline=False, elapsed_ms=0.0)


# The oracles: the rules of docs/verdict.md restated.


def personal_dimensions(item: Finding) -> set[Dimension]:
    """What a finding speaks to among the three personal dimensions (docs/risk-model.md, "Dimensions")."""
    category = item.category.strip().lower()
    if item.kind is CheckerKind.ACCOUNT:
        return {Dimension.BINDINGS} | ({Dimension.DEBT_COLLECTION} if category in LENDING else set())
    if item.kind is CheckerKind.REPUTATION:
        return {
            "caller_tags": {Dimension.HARASSMENT},
            "collection_calls": {Dimension.DEBT_COLLECTION},
            "reputation": {Dimension.HARASSMENT, Dimension.DEBT_COLLECTION},
        }.get(category, set())
    return set()


def folded(item: Finding) -> set[str]:
    return {tag.strip().lower() for tag in item.tags}


def is_moot(item: Finding) -> bool:
    return bool(MOOT & folded(item))


def adverse_dimensions(item: Finding) -> set[Dimension] | None:
    """None when the finding states no adverse fact; else the personal dimensions it lifts (maybe none)."""
    lifted: set[Dimension] = set()
    adverse = False
    for tag in folded(item):
        if tag in MOOT or tag == "not_reassigned":
            continue
        if tag in ("iot_line", "data_line", "satellite_line", "special_line"):
            continue
        if tag in ("suspended", "invalid_number"):
            adverse = True
        if tag in TAG_EFFECTS:
            for effect in TAG_EFFECTS[tag]:
                if effect.dimension is not Dimension.RECYCLING:
                    adverse = True
                    lifted.add(effect.dimension)
        elif tag not in KNOWN_TAGS or tag == "unmapped":
            adverse = True
            lifted |= personal_dimensions(item)
    if item.kind is CheckerKind.OFFLINE and item.status is Status.REGISTERED and not adverse and not is_moot(item):
        # An offline "registered" no tag explains (none tells against the number: a prior or a tenure says nothing of
        # why a list holds it) is an answer nothing maps: a warning on none of the three questions.
        adverse = True
    if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED:
        adverse = True
        lifted |= personal_dimensions(item)
    if item.kind is CheckerKind.REPUTATION and item.status is Status.REGISTERED:
        adverse = True
        lifted |= personal_dimensions(item)
    return lifted if adverse else None


def worse_or_same(before: Verdict, after: Verdict) -> bool:
    return ORDER.index(after) >= ORDER.index(before)


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(finding_sets())
def test_rule_1_a_moot_fact_means_do_not_buy_whatever_else_answered(items: list[Finding]) -> None:
    """Rule 1: never issued, deactivated or no ordinary SMS gives do_not_buy, and nothing else does."""
    report = report_of(items)
    moot = any(is_moot(item) for item in items)
    assert (report.verdict is Verdict.DO_NOT_BUY) is moot
    if moot:
        assert report.summary.startswith("Do not buy: ")
        assert report.advice[0].action.startswith("Do not buy: ")


@SETTINGS
@given(finding_sets())
def test_rule_2_any_adverse_fact_is_at_least_caution(items: list[Finding]) -> None:
    """Rule 2: a binding, a reputation hit, a collection signal or an unmappable answer: at least caution, its dimensions medium+."""
    report = report_of(items)
    levels = {risk.dimension: risk.level for risk in report.risks}
    for item in items:
        lifted = adverse_dimensions(item)
        if lifted is None:
            continue
        assert report.verdict in (Verdict.CAUTION, Verdict.HIGH_RISK, Verdict.DO_NOT_BUY), item
        for dimension in lifted:
            assert levels[dimension] in (Level.MEDIUM, Level.HIGH), (dimension, item)


@SETTINGS
@given(finding_sets())
def test_rule_3_low_risk_exactly_when_covered_clean_and_sufficient(items: list[Finding]) -> None:
    """Rule 3: low_risk if and only if coverage is sufficient, nothing adverse or moot, and all three personal dimensions low."""
    report = report_of(items)
    levels = {risk.dimension: risk.level for risk in report.risks}
    clean = not any(is_moot(item) or adverse_dimensions(item) is not None for item in items)
    expected = clean and report.coverage.sufficient and all(levels[dimension] is Level.LOW for dimension in PERSONAL)
    assert (report.verdict is Verdict.LOW_RISK) is expected
    if report.verdict is Verdict.LOW_RISK:
        assert report.summary.startswith("Low risk")
        assert "Not checked" not in report.summary
    else:
        assert not report.summary.startswith("Low risk")


@SETTINGS
@given(finding_sets(), st.data())
def test_rule_4_an_unmapped_answer_is_never_negative(items: list[Finding], data: st.DataObject) -> None:
    """Rule 4: a tag nothing maps, added to any finding, never improves the verdict and never lowers a level."""
    if not items:
        return
    index = data.draw(st.integers(0, len(items) - 1))
    tag = data.draw(st.sampled_from(["unmapped", "催收?", "not_a_tag"]))
    changed = [*items]
    changed[index] = items[index].model_copy(update={"tags": (*items[index].tags, tag)})
    before, after = report_of(items), report_of(changed)
    assert worse_or_same(before.verdict, after.verdict)
    assert after.verdict is not Verdict.LOW_RISK


@SETTINGS
@given(finding_sets(), st.sampled_from([Status.UNKNOWN, Status.BLOCKED, Status.ERROR]), st.data())
def test_rule_4_unknown_is_not_clean(items: list[Finding], status: Status, data: st.DataObject) -> None:
    """Rule 4: turning a definitive negative answer into unknown, blocked or error never improves the verdict."""
    negatives = [index for index, item in enumerate(items) if item.status is Status.NOT_REGISTERED]
    if not negatives:
        return
    index = data.draw(st.sampled_from(negatives))
    changed = [*items]
    changed[index] = items[index].model_copy(update={"status": status})
    assert worse_or_same(report_of(items).verdict, report_of(changed).verdict)


@SETTINGS
@given(finding_sets(), st.sampled_from(["not_reassigned", "reassigned", "unmapped"]), st.sampled_from(list(Status)))
def test_rule_5_a_carrier_reassignment_answer_never_lowers_the_evidence_needed(items: list[Finding], tag: str, status: Status) -> None:
    """Rule 5: adding any reassignment answer (not reassigned since X included) never improves the verdict or a level."""
    carrier = Finding(
        checker_id="carrier",
        checker_name="Carrier",
        kind=CheckerKind.CARRIER,
        category="reassignment",
        status=status,
        detail="generated",
        tags=(tag,),
        facts={"since": "2019-03-01 00:00:00"},
        provenance=_SOURCE,
        checked_at=_NOW,
    )
    before, after = report_of(items), report_of([*items, carrier])
    assert worse_or_same(before.verdict, after.verdict)
    assert after.coverage == before.coverage
    for old, new in zip(before.risks, after.risks, strict=True):
        if old.dimension in PERSONAL and old.level is not Level.LOW:
            assert new.level is not Level.LOW, old.dimension
    if tag == "not_reassigned":
        assert "did not change owner since 2019-03-01" in after.summary


@SETTINGS
@given(finding_sets())
def test_rule_6_offline_facts_alone_are_never_low_risk(items: list[Finding]) -> None:
    """Rule 6: recycling and other offline facts never make a number clean (and never set caution alone)."""
    only = [item for item in items if item.kind is CheckerKind.OFFLINE]
    report = report_of(only)
    assert report.verdict is not Verdict.LOW_RISK
    if not any(is_moot(item) or adverse_dimensions(item) is not None for item in only):
        assert report.verdict is Verdict.NOT_ENOUGH_DATA


@SETTINGS
@given(finding_sets())
def test_the_text_never_contradicts_the_verdict(items: list[Finding]) -> None:
    """Reasons and summary come from the same facts: no 'all negative' beside an adverse fact, every medium+ named."""
    report = report_of(items)
    adverse = {dimension for item in items for dimension in (adverse_dimensions(item) or set())}
    for risk in report.risks:
        texts = [reason.text for reason in risk.reasons]
        if risk.dimension in adverse:
            assert "every definitive answer was negative" not in texts
        if risk.level in (Level.MEDIUM, Level.HIGH) and risk.dimension in PERSONAL:
            assert f"{risk.dimension.value.replace('_', ' ')}: {risk.level.value}" in report.summary
    assert report.summary.split(".")[0].split(":")[0].lower() in {
        "do not buy",
        "high risk",
        "caution",
        "not enough data to call this number clean",
        "low risk",
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(finding_sets(), min_size=2, max_size=5))
def test_ranking_follows_the_verdicts(sets: list[list[Finding]]) -> None:
    """A ranking never puts a worse verdict before a better one; do_not_buy is always last."""
    ranked = rank(report_of(items) for items in sets)
    places = [ORDER.index(place.verdict) for place in ranked]
    assert places == sorted(places)


@SETTINGS
@given(finding_sets(), st.sampled_from([Status.REGISTERED, Status.NOT_REGISTERED]), st.lists(TAGS, max_size=2, unique=True))
def test_an_offline_checkers_answer_counts_only_as_a_warning_when_nothing_maps_it(
    items: list[Finding], status: Status, tags: list[str]
) -> None:
    """An offline checker's status names none of the buyer's questions (docs/verdict.md, "An offline checker's answer"):
    its registered or not registered counts as no coverage, and the levels are those its tags alone make. A registered
    whose tags tell nothing against the number (none, or only priors, tenures and line kinds) is an answer nothing maps:
    at least caution, and said in the summary. Any other such answer is said in the notes. So a registered answer never
    lowers the risk, and a not registered one never makes a number cleaner."""
    from numcheck.risk import Nature, facts_of

    answer = Finding(
        checker_id="plugin-list",
        checker_name="Plugin list",
        kind=CheckerKind.OFFLINE,
        category="offline",
        status=status,
        detail="generated",
        tags=tuple(tags),
        provenance=_SOURCE,
        checked_at=_NOW,
    )
    silent = answer.model_copy(update={"status": Status.INFO})
    without, tags_only = report_of(items), report_of([*items, silent])
    answered = report_of([*items, answer])
    unmapped = status is Status.REGISTERED and not any(fact.nature in (Nature.ADVERSE, Nature.MOOT) for fact in facts_of(silent))
    assert [(risk.dimension, risk.level, risk.score) for risk in answered.risks] == [
        (risk.dimension, risk.level, risk.score) for risk in tags_only.risks
    ]
    assert answered.coverage == tags_only.coverage == without.coverage
    # Against the same finding with no status: what its tags alone do (a prior may lower the evidence needed) is theirs.
    assert worse_or_same(tags_only.verdict, answered.verdict)
    for old, new in zip(tags_only.risks, answered.risks, strict=True):
        if old.dimension in PERSONAL and old.level is not Level.LOW:
            assert new.level is not Level.LOW, old.dimension  # unknown stays unknown: never clean by this answer

    def said(report: Report) -> list[object]:
        return [
            note.params["status"]
            for note in report.note_messages
            if note.id == "note.offline_answer" and note.params["name"] == "Plugin list"
        ]

    if unmapped:
        assert worse_or_same(Verdict.CAUTION, answered.verdict), answered.verdict
        assert "Plugin list gave an answer numcheck cannot map" in answered.summary
        assert said(answered) == []
    else:
        assert answered.verdict is tags_only.verdict
        assert said(answered) == [status.value]
        assert f"Plugin list, an offline checker, answered {status.value.replace('_', ' ')}" in " ".join(answered.notes)
    assert said(tags_only) == []


# Reasons the engine writes itself; every other reason names the checker whose answer it reads.
ENGINE_REASONS = (
    "any adverse fact is at least medium",
    "every definitive answer was negative",
    "account lookups answered definitively",
    "answered definitively; a low needs at least half",
)


@SETTINGS
@given(finding_sets())
def test_every_reason_names_the_checker_it_came_from(items: list[Finding]) -> None:
    """A buyer can trace each reason to a finding: its checker id is one of the report's."""
    report = report_of(items)
    ids = {item.checker_id for item in report.findings}
    for risk in report.risks:
        for reason in risk.reasons:
            if reason.checker_id is None:
                assert (
                    reason.text.startswith("no ")
                    or reason.text.startswith("nothing ")
                    or any(marker in reason.text for marker in ENGINE_REASONS)
                ), reason
            else:
                assert reason.checker_id in ids
