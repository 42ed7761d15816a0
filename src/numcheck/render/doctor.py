"""What ``numcheck doctor`` prints: known answers re-checked, and the false-positive sweep, in English or Chinese."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from numcheck.health.model import CheckerHealth, HealthFile
from numcheck.health.render import render_markdown, render_text, summary_message
from numcheck.maintenance import DoctorRow, SweepRow
from numcheck.render.i18n import DEFAULT_LANGUAGE, as_said, say_in, ui, word
from numcheck.render.width import pad


def _state(lang: str, state: str) -> str:
    return state.upper() if lang == DEFAULT_LANGUAGE else word(lang, "doctor_state", state)


def _status(lang: str, row_status: str) -> str:
    return row_status if lang == DEFAULT_LANGUAGE else word(lang, "status", row_status)


def render_doctor(rows: Sequence[DoctorRow], lang: str = DEFAULT_LANGUAGE) -> str:
    """One line per known answer (its state, what was expected, what came), then how many hold."""
    lines = []
    for row in rows:
        expected, got = pad(_status(lang, row.expected.value), 15), pad(_status(lang, row.got.value), 15)
        detail = as_said(lang, row.message, row.detail)
        state, checker = pad(_state(lang, row.state), 11), pad(row.checker_id, 18)
        lines.append(ui(lang, "ui.doctor.row", state=state, checker=checker, expected=expected, got=got, detail=detail))
    held = sum(row.state == "ok" for row in rows)
    unreachable = sum(row.state == "unreachable" for row in rows)
    tail = ui(lang, "ui.doctor.unreachable", count=unreachable) if unreachable else ""
    lines.append(ui(lang, "ui.doctor.summary", held=held, total=len(rows), tail=tail))
    return "".join(line + "\n" for line in lines)


def render_sweep_start(numbers: Sequence[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """The line printed before the sweep asks anything: how many numbers, and which."""
    return ui(lang, "ui.sweep.asking", count=len(numbers), numbers=", ".join(numbers)) + "\n"


def render_sweep(rows: Sequence[SweepRow], lang: str = DEFAULT_LANGUAGE, *, switched_off_in: Path | None = None) -> str:
    """One line per account provider, what drifted (and where it was switched off), then how many never erred."""
    lines = []
    for row in rows:
        answers = ", ".join(f"{number}: {_status(lang, status.value)}" for number, status in row.answers)
        lines.append(f"{pad(_state(lang, row.state), 11)} {pad(row.checker_id, 18)} {answers}")
    drifting = [row.checker_id for row in rows if row.drifting]
    if drifting and switched_off_in is not None:
        lines.append(ui(lang, "ui.sweep.switched_off", path=str(switched_off_in), ids=", ".join(drifting)))
    elif drifting:
        lines.append(ui(lang, "ui.sweep.drifting", ids=", ".join(drifting)))
    answered = [row for row in rows if row.answered]
    if not answered:
        lines.append(ui(lang, "ui.sweep.none_asked", total=len(rows)))
    else:
        unasked = len(rows) - len(answered)
        tail = ui(lang, "ui.sweep.unasked", count=unasked, total=len(rows)) if unasked else ""
        lines.append(ui(lang, "ui.sweep.summary", good=len(answered) - len(drifting), answered=len(answered), tail=tail))
    return "".join(line + "\n" for line in lines)


def render_self_check(table: HealthFile, lang: str = DEFAULT_LANGUAGE) -> str:
    """``numcheck doctor --self-check``'s table in ``lang`` (a row's reason from its message, where it has one)."""
    return render_text(table) if lang == DEFAULT_LANGUAGE else render_text(table, **_in_language(lang))


def _in_language(lang: str) -> dict[str, Any]:
    """How the health renderers say a message, a word and a stored row's reason in ``lang``."""
    return {
        "said": lambda message: say_in(lang, message),
        "word": lambda space, value: word(lang, space, value),
        "stored": lambda row: _reason(row, lang),
    }


def _reason(row: CheckerHealth, lang: str) -> str:
    # A row from a file written before reasons had messages is shown as its English, quoted.
    return say_in(lang, row.reason_message) if row.reason_message is not None else as_said(lang, None, row.reason)


def render_self_check_markdown(table: HealthFile, lang: str = DEFAULT_LANGUAGE) -> str:
    """``numcheck doctor --self-check --markdown`` in ``lang`` (English: the page the scheduled workflow publishes)."""
    return render_markdown(table) if lang == DEFAULT_LANGUAGE else render_markdown(table, **_in_language(lang))


def self_check_summary(table: HealthFile, lang: str = DEFAULT_LANGUAGE) -> str:
    """The self-check's one-line outcome in ``lang`` (also said on stderr when nothing could be asked)."""
    return say_in(lang, summary_message(table))
