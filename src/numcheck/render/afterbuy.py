"""``numcheck after-buy``'s plan as text, and its texts in another language (the ``*_localized`` fields of its JSON)."""

from __future__ import annotations

import textwrap
from datetime import date, timedelta

from numcheck.afterbuy import AfterBuyChange, AfterBuyPlan, PlanStep, compared
from numcheck.messages import MESSAGES
from numcheck.render.i18n import DEFAULT_LANGUAGE, action_and_detail, as_said, ui, word
from numcheck.render.width import pad, wide_fill

WRAP = 100


def _step(step: PlanStep, lang: str) -> PlanStep:
    return step.model_copy(update=action_and_detail(lang, step.message, step.action, step.detail))


def _change(change: AfterBuyChange, lang: str) -> AfterBuyChange:
    return change.model_copy(update={"meaning_localized": as_said(lang, change.meaning_message, change.meaning)})


def localize_plan(made: AfterBuyPlan, lang: str) -> AfterBuyPlan:
    """``made`` with every text also in ``lang`` (English adds nothing: its texts are the plan's own)."""
    if lang == DEFAULT_LANGUAGE:
        return made
    return made.model_copy(
        update={
            "lang": lang,
            "carrier_note_localized": as_said(lang, made.carrier_note_message, made.carrier_note),
            "steps": tuple(_step(step, lang) for step in made.steps),
            "changes": tuple(_change(change, lang) for change in made.changes),
        }
    )


def _wrap(text: str, indent: int, lang: str) -> str:
    if lang == DEFAULT_LANGUAGE:
        # Addresses stay whole: a wrapped URL cannot be copied.
        return textwrap.fill(text, WRAP, subsequent_indent=" " * indent, break_long_words=False, break_on_hyphens=False)
    # Chinese has no spaces to break at: cut by display width, never inside a run of Latin letters (an address).
    return wide_fill(text, WRAP, indent)


def render_plan(made: AfterBuyPlan, lang: str = DEFAULT_LANGUAGE, today: date | None = None) -> str:
    """The plan as text, in ``lang``: the dated steps, then what changed since the purchase check (when a later check exists).

    A step dated before ``today`` (a purchase recorded late, with ``--bought``) is not shown as if to come: one due on the
    day of purchase is due now, and a later one (and the re-check) is counted from today, as the steps due now are done now.
    """
    said = localize_plan(made, lang)
    late = (today - made.bought_on) if today is not None and today > made.bought_on else timedelta(0)
    english = lang == DEFAULT_LANGUAGE
    checked = f"{made.purchase_checked_at:%Y-%m-%d %H:%M}"
    head = ui(lang, "afterbuy.head", e164=made.e164, bought=str(made.bought_on), checked=checked, verdict=made.purchase_verdict.value)
    note = made.carrier_note if english else said.carrier_note_localized or made.carrier_note
    carrier = ui(lang, f"afterbuy.name.{made.carrier}" if f"afterbuy.name.{made.carrier}" in MESSAGES else "afterbuy.name.none")
    lines = [head, _wrap(ui(lang, "afterbuy.carrier_line", carrier=carrier, note=note), 2, lang), "", ui(lang, "afterbuy.plan")]
    for step in said.steps:
        action = step.action if english else step.action_localized or step.action
        detail = step.detail if english else step.detail_localized or step.detail
        if late and step.on < made.bought_on + late:
            overdue = step.on == made.bought_on
            when = (
                ui(lang, "fixes.afterbuy.due", date=str(step.on))
                if overdue
                else ui(lang, "fixes.afterbuy.moved", date=str(step.on + late), planned=str(step.on))
            )
            lines.append(f"  {when}")
            lines.append(f"{'':14}{_wrap(action, 14, lang)}")
        else:
            lines.append(f"  {step.on}  {_wrap(action, 14, lang)}")
        lines.append(f"{'':14}{_wrap(detail, 14, lang)}")
        if step.source:
            lines.append(f"{'':14}{_wrap(ui(lang, 'afterbuy.source', source=step.source), 14, lang)}")
    recheck = made.recheck_on + late if late and made.recheck_on < made.bought_on + late else made.recheck_on
    if recheck != made.recheck_on:
        lines += ["", ui(lang, "fixes.afterbuy.recheck_due", date=str(recheck), planned=str(made.recheck_on))]
    else:
        lines += ["", ui(lang, "afterbuy.recheck_on", date=str(made.recheck_on))]
    if made.latest_check_id is None:
        lines.append(ui(lang, "afterbuy.no_later_check", e164=made.e164, date=str(recheck)))
        return "\n".join(lines) + "\n"
    assert made.latest_checked_at is not None
    assert made.latest_verdict is not None
    since = ui(lang, "afterbuy.since", checked=f"{made.latest_checked_at:%Y-%m-%d %H:%M}", verdict=made.latest_verdict.value)
    lines += ["", since]
    for change in said.changes:
        meaning = change.meaning if english else change.meaning_localized or change.meaning
        # A reader of Chinese is shown the checker's name (当当网), a reader of English its id, as elsewhere.
        who = change.checker_id if english else word(lang, "checker", change.checker_name)
        lines.append(f"  {pad(who, 22)} {_wrap(meaning, 25, lang)}")
    if made.unchanged or not made.uncompared:
        unchanged = ui(lang, "afterbuy.unchanged.one") if made.unchanged == 1 else ui(lang, "afterbuy.unchanged.many", count=made.unchanged)
        lines.append(f"  {unchanged}")
    if made.uncompared and compared(made):
        # No answer at the purchase check nor now: not known to be unchanged (unknown is not clean).
        silent = ui(lang, "fixes.uncompared.one") if made.uncompared == 1 else ui(lang, "fixes.uncompared.many", count=made.uncompared)
        lines.append(f"  {silent}")
    if not compared(made):
        lines.append(f"  {ui(lang, 'fixes.nothing_compared', count=made.uncompared + len(made.changes))}")
    return "\n".join(lines) + "\n"
