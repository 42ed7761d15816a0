"""Write docs/verdict-table.md: what the risk engine decides for named scenarios (a test fails when it is stale).

Each scenario is a set of findings built here and passed through `numcheck.risk` exactly as a
report would be, so a change to a weight or a threshold shows up as a reviewed diff of the page.

Usage: python tools/gen_verdict_table.py
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from numcheck.report import CheckerKind, Dimension, Finding, Status
from numcheck.risk import decide, judge
from numcheck.testing import scripted_finding

OUT = Path(__file__).resolve().parents[1] / "docs" / "verdict-table.md"
ERAS = {"pre-2010": "segment_pre_2010", "2010-2016": "segment_2010_2016", "since 2017": "segment_since_2017"}


def _finding(checker_id: str, kind: CheckerKind, category: str, status: Status, tags: tuple[str, ...] = ()) -> Finding:
    return scripted_finding(checker_id, kind, category, status, *tags)


def segment(era: str) -> Finding:
    return _finding("segment-age", CheckerKind.OFFLINE, "offline", Status.INFO, (ERAS[era],))


def accounts(count: int, status: Status = Status.NOT_REGISTERED, category: str = "media", start: int = 0) -> list[Finding]:
    return [_finding(f"site-{start + index}", CheckerKind.ACCOUNT, category, status) for index in range(count)]


def caller_tags(status: Status = Status.NOT_REGISTERED, tags: tuple[str, ...] = ()) -> Finding:
    return _finding("caller-tags", CheckerKind.REPUTATION, "caller_tags", status, tags)


def team_list(status: Status = Status.NOT_REGISTERED, tags: tuple[str, ...] = ()) -> Finding:
    return _finding("team-list", CheckerKind.REPUTATION, "reputation", status, tags)


def carrier(tag: str) -> Finding:
    return _finding(
        "carrier-reassignment",
        CheckerKind.CARRIER,
        "reassignment",
        Status.REGISTERED if tag == "reassigned" else Status.NOT_REGISTERED,
        (tag,),
    )


def clean(era: str, answers: int) -> list[Finding]:
    """A number every source answered for, with ``answers`` negative account lookups."""
    return [segment(era), *accounts(answers), caller_tags(), team_list()]


REGISTERED = Status.REGISTERED
Scenario = tuple[str, Callable[[], list[Finding]]]
SCENARIOS: list[Scenario] = [
    ("offline only, segment before 2010", lambda: [segment("pre-2010")]),
    ("offline only, segment since 2017", lambda: [segment("since 2017")]),
    ("no findings at all", lambda: []),
    ("all sources negative, 3 accounts, segment since 2017", lambda: clean("since 2017", 3)),
    ("all sources negative, 3 accounts, segment 2010-2016", lambda: clean("2010-2016", 3)),
    ("all sources negative, 5 accounts, segment 2010-2016", lambda: clean("2010-2016", 5)),
    ("all sources negative, 5 accounts, segment before 2010", lambda: clean("pre-2010", 5)),
    ("all sources negative, 7 accounts, segment before 2010", lambda: clean("pre-2010", 7)),
    ("accounts negative but no reputation source answered", lambda: [segment("since 2017"), *accounts(8)]),
    *[
        (
            f"one registration ({category}), 7 others negative",
            lambda category=category: [*clean("since 2017", 7), *accounts(1, REGISTERED, category, 7)],
        )
        for category in ("media", "jobs", "travel", "shopping", "education", "messaging", "payment", "lending")
    ],
    (
        "registrations at payment and messaging services",
        lambda: [*clean("since 2017", 6), *accounts(1, REGISTERED, "payment", 6), *accounts(1, REGISTERED, "messaging", 7)],
    ),
    ("two 139-era numbers: 7 negative accounts", lambda: clean("pre-2010", 7)),
    ("two 139-era numbers: 6 negative, 1 registered (shopping)", lambda: [*clean("pre-2010", 6), *accounts(1, REGISTERED, "shopping", 6)]),
    (
        "every online lookup blocked",
        lambda: [segment("since 2017"), *accounts(8, Status.BLOCKED), caller_tags(Status.BLOCKED), team_list(Status.BLOCKED)],
    ),
    (
        "every online lookup failed (error)",
        lambda: [segment("since 2017"), *accounts(8, Status.ERROR), caller_tags(Status.ERROR), team_list(Status.ERROR)],
    ),
    (
        "mixed: 4 negative, 3 blocked, 1 unknown accounts",
        lambda: [
            segment("since 2017"),
            *accounts(4),
            *accounts(3, Status.BLOCKED, start=4),
            *accounts(1, Status.UNKNOWN, start=7),
            caller_tags(),
            team_list(),
        ],
    ),
    ("caller tag: harassment (骚扰)", lambda: [*clean("since 2017", 7)[:-2], caller_tags(REGISTERED, ("harassment",)), team_list()]),
    ("caller tag: advertising (广告推销)", lambda: [*clean("since 2017", 7)[:-2], caller_tags(REGISTERED, ("advertising",)), team_list()]),
    (
        "caller tag: debt collector (催收) on calls from the number",
        lambda: [*clean("since 2017", 7)[:-2], caller_tags(REGISTERED, ("collector_caller",)), team_list()],
    ),
    ("caller-tag source lists the number with no tag", lambda: [*clean("since 2017", 7)[:-2], caller_tags(REGISTERED), team_list()]),
    ("team list: a tag nothing maps", lambda: [*clean("since 2017", 7)[:-1], team_list(REGISTERED, ("欠费",))]),
    (
        "a carrier code nothing maps",
        lambda: [*clean("since 2017", 7), _finding("carrier", CheckerKind.CARRIER, "reassignment", Status.UNKNOWN, ("unmapped",))],
    ),
    (
        "never issued, every source negative",
        lambda: [*clean("since 2017", 7), _finding("issued", CheckerKind.OFFLINE, "offline", Status.INFO, ("never_issued",))],
    ),
    (
        "carrier: deactivated, every source negative",
        lambda: [*clean("since 2017", 7), _finding("carrier", CheckerKind.CARRIER, "line", Status.NOT_REGISTERED, ("deactivated",))],
    ),
    (
        "IoT number with no ordinary SMS",
        lambda: [*clean("since 2017", 7), _finding("iot-segment", CheckerKind.OFFLINE, "offline", Status.INFO, ("iot_line", "no_sms"))],
    ),
    (
        "reputation score in the negative band",
        lambda: [*clean("since 2017", 7)[:-2], caller_tags(REGISTERED, ("negative_rating",)), team_list()],
    ),
    ("team list: collectors call this number", lambda: [*clean("since 2017", 7)[:-1], team_list(REGISTERED, ("collection_calls",))]),
    ("carrier: reassigned; 3 negative accounts (since 2017)", lambda: [*clean("since 2017", 3), carrier("reassigned")]),
    ("carrier: not reassigned; 3 negative accounts (before 2010)", lambda: [*clean("pre-2010", 3), carrier("not_reassigned")]),
    ("carrier: not reassigned; 7 negative accounts (before 2010)", lambda: [*clean("pre-2010", 7), carrier("not_reassigned")]),
    (
        "line validity only (numverify-style carrier answer)",
        lambda: [segment("since 2017"), _finding("line", CheckerKind.CARRIER, "line", Status.REGISTERED)],
    ),
]


def render() -> str:
    lines = [
        "# Verdict table",
        "",
        "What the risk engine decides for named scenarios, generated by `tools/gen_verdict_table.py` from",
        "`numcheck.risk` itself (a test fails when this page is stale, so a change to a weight is a reviewed diff).",
        'Accounts are `media` services unless named; "all sources" means the account lookups, a caller-tag source',
        "and your team's list. Levels read `level score`.",
        "",
        "| scenario | bindings | debt collection | harassment | recycling | coverage | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, build in SCENARIOS:
        judgement = judge(build())
        risks, cover = judgement.risks, judgement.coverage
        levels = {risk.dimension: f"{risk.level.value} {risk.score}" if risk.level.value != "unknown" else "unknown" for risk in risks}
        row = [name, *(levels[dimension] for dimension in Dimension), f"{cover.definitive}/{cover.online_checkers - cover.skipped}"]
        lines.append("| " + " | ".join([*row, f"**{decide(judgement).value}**"]) + " |")
    return "\n".join(lines) + "\n"


def main() -> int:
    OUT.write_text(render(), encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
