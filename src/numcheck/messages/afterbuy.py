"""The English source of ``numcheck after-buy``'s plan and what-changed lines (numcheck.afterbuy, numcheck.cli.after_buy).

A plan step's message id names ``<id>.action`` and ``<id>.detail``, as advice does. The carriers' entries and
turnarounds are those the cited public report states (numcheck.afterbuy.CARRIER_SERVICE_SOURCE).
"""

from __future__ import annotations

_RELEASED_ONLY = "only accounts from before the number was reissued are released."
_NO_STATEMENT = "numcheck knows of no public statement of this carrier's entry or turnaround, so it gives none."

AFTER_BUY: dict[str, str] = {
    # The number-age search's plan, said before any billed call (numcheck.providers.age_search).
    "agesearch.plan": (
        "number-age search with {source!t:checker} ({id!q}): at most {billed} billed calls per number ({bisect} to bracket the "
        "last change of owner between {low} and {high} to about {days} days; --max-billed {cap}), at most {ceiling} calls in all"
    ),
    "agesearch.plan_confirm": (
        "number-age search with {source!t:checker} ({id!q}): at most {billed} billed calls per number ({bisect} to bracket the "
        "last change of owner between {low} and {high} to about {days} days and 1 more only if the answers must be "
        "confirmed; --max-billed {cap}), at most {ceiling} calls in all"
    ),
    "agesearch.batch_total": "number-age search: {numbers} numbers, so at most {total} billed calls in all",
    "agesearch.batch_each": (
        "number-age search: at most {each} billed calls for each number read (a number's range starts at its segment's opening)"
    ),
    # Which carrier to ask, and why that one.
    "afterbuy.carrier.ported": "the number was ported (携号转网): ask the carrier you bought the SIM from, not necessarily the segment's",
    "afterbuy.carrier.answered": "the carrier today as {name!t:checker} answered it, after any porting",
    "afterbuy.carrier.segment": (
        "the segment's original carrier: since 2019-11-27 a number may have moved (携号转网); ask the one you bought from"
    ),
    "afterbuy.carrier.unknown": "numcheck does not know the carrier: ask the one you bought the SIM from",
    "afterbuy.name.china_mobile": "China Mobile (中国移动)",
    "afterbuy.name.china_unicom": "China Unicom (中国联通)",
    "afterbuy.name.china_telecom": "China Telecom (中国电信)",
    "afterbuy.name.china_broadnet": "China Broadnet (中国广电)",
    "afterbuy.name.unknown": "your carrier",
    "afterbuy.name.none": "unknown",
    "afterbuy.entry.china_mobile": "the China Mobile app: search 二次号码焕新",
    "afterbuy.entry.china_unicom": "the China Unicom app: 服务 > 通用服务 > 二次号码焕新",
    "afterbuy.entry.china_telecom": "the China Telecom app: search 二次焕新 (not in its mini-program)",
    "afterbuy.turnaround.china_mobile": "within 5 working days",
    "afterbuy.turnaround.china_unicom": "pushed to the apps at once (实时推送)",
    "afterbuy.turnaround.china_telecom": "within 5 working days",
    # The steps.
    "afterbuy.service.action": "Ask {name} to release the previous owner's app accounts: 二次号码焕新",
    "afterbuy.service.detail": "Entry: {entry} (or {hotline}). Stated processing time: {turnaround}; " + _RELEASED_ONLY,
    "afterbuy.ask_service.action": "Ask {name} whether it offers a second-hand number service (二次号码焕新 / 解绑)",
    "afterbuy.ask_service.detail": _NO_STATEMENT,
    "afterbuy.ask_service_call.action": "Ask {name} ({hotline}) whether it offers a second-hand number service (二次号码焕新 / 解绑)",
    "afterbuy.ask_service_call.detail": _NO_STATEMENT,
    "afterbuy.one_id.action": "Query 一证通查 2.0 for the number (owner only: number, last six digits of your ID, an SMS code)",
    "afterbuy.one_id.detail": (
        "MIIT's service answers with the count of internet accounts linked to the number, by SMS from 10699000 within 48 hours; "
        "numcheck cannot and does not do it for you. Keep the count: it is your baseline."
    ),
    "afterbuy.seller.action": "Ask the seller to unbind their own accounts from the number",
    "afterbuy.seller.detail": (
        "At the purchase check the carrier's answer was: {fact}. The carriers' service releases only accounts from before the "
        "number was last reissued, so a holder's own bindings since then are theirs to remove."
    ),
    "afterbuy.release.action": "Ask {name!t:checker} to release the old account from this number",
    "afterbuy.release.detail": "Its account appeal (申诉) or change-of-number (换绑) route; never log in to the previous owner's account.",
    "afterbuy.appeal.action": "Appeal the number's listing at {name!t:checker} ({tags})",
    "afterbuy.appeal.detail": "Caller-ID and reputation sources take corrections from the number's new owner.",
    "afterbuy.tags": "{tags!t:tag}",
    "afterbuy.a_listing": "a listing",
    "afterbuy.one_id_again.action": "Query 一证通查 2.0 again and compare with your baseline",
    "afterbuy.one_id_again.detail": "After the carrier's stated processing time; the count should have dropped for every app that let go.",
    "afterbuy.recheck.action": "Run 'numcheck after-buy {e164}' again",
    "afterbuy.recheck.detail": (
        "It checks the number again and shows what changed since the purchase check: bindings released, tags cleared. (The "
        "carrier's processing time plus {days} days for the apps, and for carrier data that runs 5 to 7 days late.)"
    ),
    # A carrier's answer about the date the number last changed hands, as a plan step or a change quotes it.
    "afterbuy.fact.cancelled": "the carrier says the number is cancelled: nobody holds it in service ({source!t:reassignment_source}, {lag})",
    "afterbuy.fact.no_data": (
        "no data on when the number last changed hands{why} ({source!t:reassignment_source}, {lag}); unknown, never safe"
    ),
    "afterbuy.fact.caveat": ": {caveat!t:caveat}",
    "afterbuy.fact.held": "held by the current owner {held} ({source!t:reassignment_source}, {lag})",
    "afterbuy.fact.changed": (
        "the number changed hands while numcheck was asking: held by the current owner {held} ({source!t:reassignment_source}, {lag})"
    ),
    "afterbuy.lag.days": "about {days} days' lag",
    "afterbuy.lag.carriers": "about 5 to 7 days' lag",
    "afterbuy.lag.none": "no data lag stated",
    "afterbuy.lag.monthly": "up to about 5 weeks' lag (monthly reports)",
    "afterbuy.held.between": "since between {after} and {before}",
    "afterbuy.held.month": "since {month}",
    "afterbuy.held.after": "since after {after}",
    "afterbuy.held.before": "since before {before}",
    "afterbuy.held.unknown": "since a date no answer gives",
    # How an answer moved between the purchase check and the latest one.
    "afterbuy.move.released": "binding released",
    "afterbuy.move.still_bound": "binding still there",
    "afterbuy.move.new_binding": "new binding (yours, or the service changed)",
    "afterbuy.move.not_asked": "not asked in the latest check",
    "afterbuy.move.newly_asked": "newly asked",
    "afterbuy.move.no_answer": "no definitive answer this time ({status!t:status}): not known to be cleared",
    "afterbuy.move.status": "{before!t:status} -> {after!t:status}",
    "afterbuy.move.listing_cleared": "listing cleared",
    "afterbuy.move.still_listed": "still listed",
    "afterbuy.move.tag_cleared": "tag {tag!t:tag} cleared",
    "afterbuy.move.tag_added": "tag {tag!t:tag} added",
    "afterbuy.move.tags": "{moves}",
    "afterbuy.move.unchanged": "unchanged",
    "afterbuy.move.then_now": "then: {then}; now: {now}",
    # The text rendering (numcheck.cli.after_buy).
    "afterbuy.head": ("After buying {e164}: bought {bought}; plan from the check of {checked} UTC (verdict {verdict!t:verdict})"),
    "afterbuy.carrier_line": "Carrier to ask: {carrier}; {note}",
    "afterbuy.plan": "Plan",
    "afterbuy.source": "Source: {source!t:source}",
    "afterbuy.recheck_on": "Re-check on {date}.",
    "afterbuy.no_later_check": "No later check yet: run 'numcheck after-buy {e164}' again on or after {date}.",
    "afterbuy.since": "Since the purchase check (latest check {checked} UTC, verdict {verdict!t:verdict})",
    "afterbuy.unchanged.one": "1 other answer unchanged",
    "afterbuy.unchanged.many": "{count} other answers unchanged",
    # One-line errors on stderr.
    "afterbuy.no_stored_check": "no stored check of {e164}: the plan needs one (run without --no-check, online)",
    "afterbuy.purchase_kept": "the purchase of {e164} is recorded on {date}; kept",
    "afterbuy.future": "--bought {date} is in the future: give the day you bought the number (default today)",
    "afterbuy.check_gone": "the purchase of {e164} on {date} was planned from check {check}, which the history no longer holds",
}
