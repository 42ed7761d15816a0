"""The English source of the sentences that keep batches, history and ranking honest about what was not learnt.

``--only-hits`` hides only numbers known to be clean; ``diff`` and ``after-buy`` count the answers they could not
compare; an interrupted batch says what was kept; a ranking calls its leader cleanest only when it is known to be clean.
Kept apart from `numcheck.messages.commands` so that each file stays one kind of text; the Chinese is in ``numcheck.po``.
"""

from __future__ import annotations

FIXES: dict[str, str] = {
    # --only-hits (numcheck.frontends.hits): what a batch left out, and a report left with no finding to show.
    "fixes.tally.hidden_clean": "{count} known to be clean not shown (--only-hits: low risk with sufficient coverage)",
    "fixes.hits_hidden_unanswered": (
        "--only-hits: {count} findings without a hit not shown; {unanswered} of them gave no answer (blocked, error, unknown or skipped)"
    ),
    "fixes.no_hits_not_clean": (
        "no finding tells against the number, but its verdict is {verdict!t:verdict}: unknown is not clean (--only-hits "
        "shows only the findings that do)"
    ),
    # numcheck diff and numcheck after-buy: answers that were no answer in both checks cannot be compared.
    "fixes.uncompared.one": "1 answer could not be compared: no definitive answer in both checks (blocked, error, unknown or skipped) or the same answer reused, not asked again",
    "fixes.uncompared.many": (
        "{count} answers could not be compared: no definitive answer in both checks (blocked, error, unknown or skipped) or the same answer reused, not asked again"
    ),
    "fixes.nothing_compared": "nothing could be compared: none of the {count} checkers gave a definitive answer in both checks",
    "fixes.none_stored": "no stored check of {e164} yet (run 'numcheck {e164}' first)",
    "fixes.one_stored": "only one stored check of {e164}; diff needs two (run 'numcheck {e164} --refresh' again later)",
    "fixes.help.history_exit": (
        "Exit codes: 0 history shown, 1 internal error, 2 usage error or invalid number, 3 no stored check of the number yet, "
        "4 history database unusable."
    ),
    "fixes.help.diff_exit": (
        "Exit codes: 0 changes shown, 1 internal error, 2 usage error or invalid number, 3 fewer than two stored checks, or no "
        "checker gave a definitive answer in both (nothing could be compared), 4 history database unusable."
    ),
    "fixes.help.after_buy_exit": (
        "Exit codes: 0 plan printed, 2 usage error or invalid number, 3 the new check could not complete everywhere, or no "
        "answer could be compared with the purchase check's, 4 history database unusable."
    ),
    "fixes.one_number": "{command} takes one number; these arguments are {count} numbers: run it once for each",
    # numcheck after-buy --bought in the past: a step of the day of purchase is due now; a later one whose day is over
    # is counted from today, as the steps due now are done now.
    "fixes.afterbuy.due": "{date} (due: do it now)",
    "fixes.afterbuy.moved": "{date} (planned for {planned}, which is over: counted from today)",
    "fixes.afterbuy.recheck_due": "Re-check on {date} (planned for {planned}, which is over: counted from today).",
    # Ctrl-C or SIGTERM during a batch: what was kept, as the run really kept it.
    "fixes.stop.interrupted": "interrupted",
    "fixes.stop.terminated": "terminated",
    "fixes.stop.plain": "{how}",
    "fixes.stop.stored": "{how}: every online result printed is stored; run the same command again to resume",
    "fixes.stop.stored_output": (
        "{how}: {path!q} was not written; the online results checked so far are stored, and the same command run again reuses them"
    ),
    "fixes.stop.offline": "{how}: offline results are not stored; running the command again starts from the beginning",
    "fixes.stop.offline_output": "{how}: {path!q} was not written; offline results are not stored, so a new run starts from the beginning",
    "fixes.stop.unstored": "{how}: nothing was stored (no history); running the command again starts from the beginning",
    "fixes.stop.unstored_output": "{how}: {path!q} was not written and nothing was stored (no history); a new run starts from the beginning",
    # A batch whose input held no line at all.
    "fixes.no_input": "the input holds no number (it is empty or blank)",
    # The text report's coverage line when offline mode was not asked for on this command line: where it came from,
    # and the flag that overrides it (numcheck config shows the same).
    "fixes.coverage_offline.environment": "Coverage: offline mode, no online service was asked ({where} is set; --online asks them)",
    "fixes.coverage_offline.config": (
        "Coverage: offline mode, no online service was asked (the config file {where!q} sets offline = true; --online asks them)"
    ),
    # numcheck compare: the sentence under the ranking, which calls rank 1 cleanest only when it is known to be clean.
    "fixes.rank.cleanest": "Rank 1 is the cleanest candidate.",
    "fixes.rank.clean_tie": "Ranks {ranks:and} are equally clean (low risk with sufficient coverage): nothing here prefers one.",
    "fixes.rank.indistinct": "The candidates cannot be told apart: every one's verdict is {verdict!t:verdict}, and none is known to be clean.",
    "fixes.rank.none_clean": (
        "No candidate is known to be clean: rank 1 is only the least bad (verdict {verdict!t:verdict}, coverage {coverage})."
    ),
    "fixes.rank.unknown": "Unknown is not clean: a number nothing is known about ranks below any number known to be clean.",
}
