"""A plugin of kind offline that answers ``registered`` with no tags (docs/writing-a-checker.md's protocol, run through
the registry as any plugin is): what the report says.

An offline checker's status names none of the buyer's questions (docs/verdict.md, "An offline checker's answer"), so it
is no coverage. But a "registered" that no tag explains is an answer nothing maps, and DESIGN's rule for those holds:
at least caution, said in the summary. A "not registered" counts for nothing and is said in the notes. Before, the
finding was listed and nothing else said it: beside enough clean online answers the number was low risk while the
team's own list held it.
"""

from __future__ import annotations

import numcheck
from numcheck import CheckContext, CheckerKind, CheckerMeta, Finding, PhoneNumberInfo, Provenance, Status, Verdict
from numcheck.checker import finding
from numcheck.offline_checkers import builtin_offline_checkers
from numcheck.render.text import render_report
from numcheck.testing import isolated_registry, report_with, scripted_finding

NUMBER = "19929470516"  # a 2017 segment, no vanity: the fewest account answers make bindings low (3)


class InMyList:
    """A team's offline list that answers registered, with no tag, for every number it holds."""

    meta = CheckerMeta(
        id="my-list",
        name="My list",
        kind=CheckerKind.OFFLINE,
        category="offline",
        provenance=Provenance(level="documented", sources=("a test",)),
    )

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        return finding(self.meta, ctx, Status.REGISTERED, "in my list")


def _checked(*extra: object) -> numcheck.Report:
    with isolated_registry(*builtin_offline_checkers(), *extra) as registry:
        return numcheck.check(NUMBER, offline=True, registry=registry)


def _clean_online() -> list[Finding]:
    accounts = [scripted_finding(f"shop-{index}", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED) for index in range(6)]
    lender = scripted_finding("lender", CheckerKind.ACCOUNT, "lending", Status.NOT_REGISTERED)
    tags = scripted_finding("team-list", CheckerKind.REPUTATION, "reputation", Status.NOT_REGISTERED)
    return [*accounts, lender, tags]


class NotInMyList(InMyList):
    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        return finding(self.meta, ctx, Status.NOT_REGISTERED, "not in my list")


def test_offline_a_registered_nothing_maps_is_a_warning() -> None:
    plain, listed = _checked(), _checked(InMyList())
    answer = next(item for item in listed.findings if item.checker_id == "my-list")
    assert answer.status is Status.REGISTERED
    assert plain.verdict is Verdict.NOT_ENOUGH_DATA
    assert listed.verdict is Verdict.CAUTION
    # On none of the three questions: the levels and the coverage are those without the plugin.
    assert listed.risks == plain.risks
    assert listed.coverage == plain.coverage
    assert "My list gave an answer numcheck cannot map: treated as a warning, never as clean" in listed.summary
    assert not any("offline checker" in text for text in listed.notes)
    text = render_report(listed)
    assert "registered      my-list" in text
    chinese = render_report(numcheck.localize(listed, "zh"), lang="zh")
    assert "「My list」" in chinese.split("\n\n")[1]


def test_beside_enough_clean_answers_a_registered_nothing_maps_is_caution_not_low_risk() -> None:
    """The buyer's loss this prevents: six shops, a lender and a tag source said no, the team's own list said yes."""
    answer = next(item for item in _checked(InMyList()).findings if item.checker_id == "my-list")
    clean = report_with(NUMBER, _clean_online())
    listed = report_with(NUMBER, [*_clean_online(), answer])
    assert clean.verdict is Verdict.LOW_RISK
    assert listed.verdict is Verdict.CAUTION
    assert listed.coverage == clean.coverage


def test_a_not_registered_counts_for_nothing_and_is_said() -> None:
    plain, listed = _checked(), _checked(NotInMyList())
    assert listed.verdict is plain.verdict is Verdict.NOT_ENOUGH_DATA
    assert listed.risks == plain.risks
    assert listed.coverage == plain.coverage
    note = "My list, an offline checker, answered not registered: an offline checker moves the risk only by its tags"
    assert any(text.startswith(note) for text in listed.notes)
    answer = next(item for item in _checked(NotInMyList()).findings if item.checker_id == "my-list")
    clean = report_with(NUMBER, _clean_online())
    assert report_with(NUMBER, [*_clean_online(), answer]).verdict is clean.verdict is Verdict.LOW_RISK
