"""A plugin of kind offline that answers ``registered`` with no tags (docs/writing-a-checker.md's protocol, run through
the registry as any plugin is): what the report says.

An offline checker moves the risk only by its tags (docs/verdict.md, "An offline checker's answer"): its status names
none of the buyer's questions. So the answer is counted in neither the verdict nor the coverage, and the report says
so, in the notes, beside the finding itself: it never reads as if the checker had said nothing. Before, the finding
was listed and nothing else said it (the summary, the notes and the risks were those of a report without it).
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


def test_offline_the_answer_is_shown_and_said_not_counted() -> None:
    plain, listed = _checked(), _checked(InMyList())
    answer = next(item for item in listed.findings if item.checker_id == "my-list")
    assert answer.status is Status.REGISTERED
    # Counted nowhere: the same verdict, risks and coverage as without the plugin.
    assert listed.verdict is plain.verdict is Verdict.NOT_ENOUGH_DATA
    assert listed.risks == plain.risks
    assert listed.coverage == plain.coverage
    # Said: a note, in English and as a message, and the text report's Notes; the finding's own line as before.
    note = "My list, an offline checker, answered registered: an offline checker moves the risk only by its tags"
    assert any(text.startswith(note) for text in listed.notes)
    assert not any("offline checker" in text for text in plain.notes)
    text = render_report(listed)
    assert "registered      my-list" in text
    assert "My list, an offline checker, answered registered" in text.split("Notes", 1)[1]
    chinese = render_report(numcheck.localize(listed, "zh"), lang="zh")
    assert "离线检查器「My list」回答了“已注册”" in chinese


def test_beside_enough_clean_answers_the_verdict_stands_and_the_answer_is_said() -> None:
    """The rule as decided: the answer does not lower a low risk to clean nor raise it (a verdict change is the
    maintainers' call, docs/verdict.md); the report shows it instead of reading as if the list had said nothing."""
    answer = next(item for item in _checked(InMyList()).findings if item.checker_id == "my-list")
    clean = report_with(NUMBER, _clean_online())
    listed = report_with(NUMBER, [*_clean_online(), answer])
    assert clean.verdict is listed.verdict is Verdict.LOW_RISK
    assert listed.coverage == clean.coverage
    assert any(text.startswith("My list, an offline checker, answered registered") for text in listed.notes)
    assert not any("offline checker" in text for text in clean.notes)
