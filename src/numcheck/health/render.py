"""The health table as text (a terminal), JSON (the published health file) and Markdown (a published page).

The table's own words are messages (``selfcheck.*``, the ``health_state`` vocabulary): English here, another
language through `numcheck.render.doctor`. A row's reason is its message (``health.reason.*``) where the row has one;
a row from a file written before reasons had messages shows its English as stored.
"""

from __future__ import annotations

from collections.abc import Callable

from numcheck.health.model import CheckerHealth, HealthFile, HealthState
from numcheck.messages import Message, english, say, term

# How a text is said: a message in the reader's language, a vocabulary word, a stored English text.
Said = Callable[[Message], str]
Word = Callable[[str, str], str]
Stored = Callable[[CheckerHealth], str]


def _english_word(space: str, value: str) -> str:
    return term(space, value)


def _as_stored(row: CheckerHealth) -> str:
    # The English as stored: also where the message's English was cut at the reason's length limit.
    return row.reason


def _raw_word(_space: str, value: str) -> str:
    return value


_MARKS = {
    HealthState.HEALTHY: "✅",
    HealthState.FALSE_POSITIVE: "❌",
    HealthState.FALSE_NEGATIVE: "❌",
    HealthState.DRIFT: "⚠️",
    HealthState.INCONCLUSIVE: "⚠️",
}


def _ratio(passed: int, asked: int) -> str:
    return f"{passed}/{asked}" if asked else "-"


def _problem_messages(row: CheckerHealth) -> list[Message]:
    counts = row.counts
    parts = [
        (counts.blocked, "blocked"),
        (counts.rate_limited, "rate_limited"),
        (counts.unreachable, "unreachable"),
        (counts.errors, "failed"),
        (counts.drift, "unmapped"),
        (counts.inconclusive, "inconclusive"),
    ]
    return [say(f"selfcheck.problem.{word}", count=number) for number, word in parts if number]


def _problems(row: CheckerHealth, said: Said = english) -> str:
    found = _problem_messages(row)
    return said(say("selfcheck.problems", problems=found)) if found else ""


def summary_message(table: HealthFile) -> Message:
    """One line: how many checkers were asked and how many are healthy, or that nothing could be asked."""
    asked = [row for row in table.checkers if row.state is not HealthState.NOT_ASKED]
    if table.nothing_answered:
        unreachable = sum(row.state is HealthState.UNREACHABLE for row in table.checkers)
        why = say("selfcheck.no_network", count=unreachable) if unreachable else None
        return say("selfcheck.nothing_asked", why=why)
    healthy = sum(row.state is HealthState.HEALTHY for row in asked)
    false = sum(row.state.false_answer for row in asked)
    tail = say("selfcheck.set_aside", count=false) if false else None
    return say("selfcheck.summary", healthy=healthy, asked=len(asked), tail=tail)


def summary(table: HealthFile) -> str:
    """`summary_message` in English (the Markdown page and the published file speak English)."""
    return english(summary_message(table))


def render_text(table: HealthFile, said: Said = english, word: Word = _english_word, stored: Stored = _as_stored) -> str:
    """A table for the terminal, worst state first, then the summary line (``said``, ``word``: the reader's language)."""
    when = f"{table.generated_at:%Y-%m-%d %H:%M}"
    headings = [said(say(f"selfcheck.column.{name}")) for name in ("state", "checker", "controls", "canaries", "reason")]
    widths = (15, 20, 9, 9)
    lines = [
        said(say("selfcheck.title", when=when, controls=table.controls_per_checker)),
        " ".join(_pad(heading, size) for heading, size in zip(headings, widths, strict=False)) + " " + headings[-1],
    ]
    for row in _ordered(table):
        counts = row.counts
        reason = stored(row) if row.reason else ""
        problems = _problems(row, said)
        if problems and row.state is not HealthState.HEALTHY:
            reason = f"{reason} [{problems}]" if reason else problems
        cells = [word("health_state", row.state.value), row.checker_id]
        cells += [_ratio(counts.controls_passed, counts.controls), _ratio(counts.canaries_passed, counts.canaries)]
        lines.append((" ".join(_pad(cell, size) for cell, size in zip(cells, widths, strict=True)) + f" {reason}").rstrip())
    lines.append(said(summary_message(table)))
    return "\n".join(lines) + "\n"


def _pad(text: str, cells: int) -> str:
    # East Asian wide characters take two cells (as numcheck.render.cells counts them; this package sits below render).
    from unicodedata import east_asian_width

    used = sum(2 if east_asian_width(char) in ("W", "F") else 1 for char in text)
    return text + " " * max(0, cells - used)


def render_json(table: HealthFile) -> str:
    """The published health file (docs/self-check.md)."""
    return table.model_dump_json(indent=2) + "\n"


def _cell(text: str) -> str:
    # A reason quotes services: a pipe or a newline in it must not break the table.
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(table: HealthFile, said: Said = english, word: Word = _raw_word, stored: Stored = _as_stored) -> str:
    """The table as a Markdown page, like the enabled-site lists username checkers publish (``said``, ``word``, ``stored``:
    the reader's language; English by default, with the states as the health file writes them)."""
    when = f"{table.generated_at:%Y-%m-%d %H:%M}"
    columns = ("checker", "state", "controls_passed", "canaries_passed", "checked", "reason")
    lines = [
        "# " + said(say("selfcheck.md.title")),
        "",
        said(say("selfcheck.md.intro", when=when, version=table.numcheck_version, controls=table.controls_per_checker)),
        "",
        f"**{_cell(said(summary_message(table)))}**",
        "",
        "| " + " | ".join(said(say(f"selfcheck.md.column.{name}")) for name in columns) + " |",
        "|---|---|---|---|---|---|",
    ]
    for row in _ordered(table):
        counts = row.counts
        mark = _MARKS.get(row.state, "")
        state = f"{mark} {word('health_state', row.state.value)}".strip()
        problems = _problems(row, said)
        reason = " ".join(
            part
            for part in (stored(row) if row.reason else "", said(say("selfcheck.md.problems", problems=problems)) if problems else "")
            if part
        )
        lines.append(
            f"| `{row.checker_id}` {_cell(word('checker', row.checker_name))} | {state} | {_ratio(counts.controls_passed, counts.controls)} | "
            f"{_ratio(counts.canaries_passed, counts.canaries)} | {row.checked_at:%Y-%m-%d %H:%M} | {_cell(reason)} |"
        )
    return "\n".join(lines) + "\n"


def _ordered(table: HealthFile) -> list[CheckerHealth]:
    # Worst first, so the rows that need a maintainer lead; then the healthy ones, then those not asked.
    order = [state for state in HealthState if state not in (HealthState.HEALTHY, HealthState.NOT_ASKED)]
    rank = {state: position for position, state in enumerate([*order, HealthState.HEALTHY, HealthState.NOT_ASKED])}
    return sorted(table.checkers, key=lambda row: (rank[row.state], row.checker_id))
