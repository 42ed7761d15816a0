"""The English source of what the command line says outside a report: its one-line errors and the batch summary.

Kept apart from `numcheck.messages.catalog` (the report's sentences) so that each file stays one kind of text;
`numcheck.messages.catalog.MESSAGES` holds both, and the Chinese is in the same ``numcheck.po``.
"""

from __future__ import annotations

COMMAND_LINE: dict[str, str] = {
    # One line on stderr, after "numcheck: " (numcheck.cli).
    "cli.invalid_number": "invalid number {input!r}: {reason}",
    "cli.no_numbers": "give at least one NUMBER (or --file PATH, or '-' for stdin); numcheck --help lists the options",
    "cli.empty_argument": "NUMBER argument {position} is empty (an unset variable?): give a phone number, --file PATH or '-'",
    "cli.column_needs_file": "--column needs --file PATH or '-' (stdin)",
    "cli.ambiguous_pieces": (
        "the arguments {pieces} could be read as more than one number: quote each number, as in numcheck '+86 138 0013 8000'"
    ),
    "cli.hits_hidden.one": "--only-hits: 1 finding that tells nothing against the number not shown",
    "cli.hits_hidden.many": "--only-hits: {count} findings that tell nothing against the number not shown",
    # What failed and where to look, when numcheck itself failed (exit 1); the error's own words are quoted.
    "cli.internal_error": "internal error: {kind!q}: {error!q} (set {variable}=1 for a traceback)",
    "cli.broken": "warning: {source!q} skipped: {error!q} (numcheck checkers lists it)",
    # A ranking is text, JSON or one HTML page; an HTML page holds at most so many numbers (numcheck.cli.batch).
    "cli.rank_formats": "--rank prints only these formats: {formats!q:words}",
    "cli.html_too_big": (
        "--format html makes one page of at most {limit} numbers and this input has {lines}; use --format csv (or jsonl) for a large batch"
    ),
    "cli.html_too_big.more": (
        "--format html makes one page of at most {limit} numbers and this input has more; use --format csv (or jsonl) for a large batch"
    ),
    # The history database (numcheck.store) failing during a batch, or before it starts.
    "cli.store_failed": "{error}; results that cannot be stored are counted at the end (exit 4)",
    "cli.store_ask": "Continue without history (nothing stored, nothing reused)? [y/N] ",
    "cli.store_stop": "{error}; run again with --no-store to continue without history, or move the database file away",
    "cli.record_needs_vcrpy": "record needs vcrpy: pip install 'numcheck[test]'",
    # What is wrong with the history database (numcheck.StoreError); SQLite's and the system's own words are quoted.
    "store.locked": "history database {path!q}: is locked by another numcheck process",
    "store.full": "history database {path!q}: cannot be written: the disk is full",
    "store.corrupt": "history database {path!q}: is corrupt (not a readable SQLite database)",
    "store.unusable": "history database {path!q}: cannot be used: {error!q}",
    "store.cannot_create": "history database {path!q}: cannot be created: {error!q}",
    "store.newer": (
        "history database {path!q}: was written by a newer numcheck (history schema {found}; this numcheck reads up to {reads}): "
        "upgrade numcheck, or run with --no-store"
    ),
    "store.bad_check": "history database {path!q}: holds a check of {e164} this numcheck cannot read ({kind!q})",
    "store.bad_purchase": "history database {path!q}: holds a purchase of {e164} this numcheck cannot read",
    "cli.csv_hint": (
        "{count} invalid lines hold commas or tabs: if the input is CSV or tab-separated (Excel's Unicode Text), name the "
        "column that holds the numbers (--column NAME or N)"
    ),
    # The batch summary: its parts, joined as words.
    "cli.summary": "{parts:words}",
    "tally.checked": "{count} checked",
    "tally.invalid": "{count} invalid",
    "tally.duplicate": "{count} duplicate",
    "tally.unreadable.one": "1 unreadable line skipped",
    "tally.unreadable.many": "{count} unreadable lines skipped",
    "tally.incomplete": "{count} with blocked/error checks",
    "tally.reused": "{count} answers reused from history (--refresh asks again)",
    "tally.unsaved": "{count} results could not be stored in the history",
    "tally.hidden": "{count} without a hit not shown (--only-hits)",
    # numcheck history and numcheck diff (numcheck.render.batch): what moved between two checks (numcheck.store).
    "diff.removed": "binding removed",
    "diff.new_binding": "new binding (someone registered the number, or the service changed)",
    "diff.not_asked": "not asked in the latest check",
    "diff.newly_asked": "newly asked",
    "diff.no_answer": "no definitive answer this time ({status!t:status})",
    "diff.status": "{before!t:status} -> {after!t:status}",
    "diff.head": "{e164}: {before} -> {after} UTC",
    "diff.verdict": "verdict: {before!t:verdict} -> {after!t:verdict}",
    "diff.verdict_same": "verdict: {verdict!t:verdict} (unchanged)",
    "diff.level": "{dimension!t:dimension}: {before!t:level} -> {after!t:level}",
    "diff.nothing": "no checker's answer changed ({count} compared)",
    "diff.not_asked_cell": "not asked",
    "diff.counts": "{changed} changed, {unchanged} unchanged",
    "diff.needs_two": "{count} stored check(s) of {e164}; diff needs two (run 'numcheck {e164} --refresh' again later)",
    "history.none": "no stored check of {e164} (run 'numcheck {e164}' first)",
    "history.column.checked": "checked (UTC)",
    "history.column.mode": "mode",
    "history.column.registered_on": "registered on",
    "history.offline": "offline",
    "history.online": "online",
    # numcheck config (numcheck.cli.config): the table's headings, where each value came from, and the file.
    "config.setting": "setting",
    "config.value": "value",
    "config.from": "from",
    "config.source.default": "default",
    "config.source.locale": "locale {where}",
    "config.source.config file": "config file {where!q}",
    "config.source.environment": "environment {where}",
    "config.source.flag": "flag {where}",
    "config.file": "config file: {path!q}",
    "config.file_missing": "config file: {path!q} (not there: numcheck's defaults apply)",
    "config.file_none": "config file: none (NUMCHECK_CONFIG is set empty)",
    # numcheck doctor --self-check's table (numcheck.health.render); a row's reason is the health file's own English.
    "selfcheck.title": (
        "numcheck self-check on {when} UTC: {controls} never-issued numbers per checker (negative controls), plus the known "
        "answers that name it (canaries)"
    ),
    "selfcheck.column.state": "state",
    "selfcheck.column.checker": "checker",
    "selfcheck.column.controls": "controls",
    "selfcheck.column.canaries": "canaries",
    "selfcheck.column.reason": "reason",
    "selfcheck.problems": "{problems:words}",
    "selfcheck.problem.blocked": "{count} blocked",
    "selfcheck.problem.rate_limited": "{count} rate-limited",
    "selfcheck.problem.unreachable": "{count} unreachable",
    "selfcheck.problem.failed": "{count} failed",
    "selfcheck.problem.unmapped": "{count} unmapped",
    "selfcheck.problem.inconclusive": "{count} inconclusive",
    "selfcheck.nothing_asked": "nothing could be asked: no service answered{why}; no checker was judged",
    "selfcheck.no_network": " ({count} unreachable: is there a network?)",
    "selfcheck.summary": "{healthy} of {asked} checkers asked are healthy{tail}",
    "selfcheck.set_aside": "; {count} gave false answers and will be set aside at check time",
    # After the text report's coverage line (numcheck.render.text): the online checks it does not count.
    "ui.coverage_uncounted": " · {count} carrier checks not counted (they answer for no binding, debt or tag)",
    # A report whose findings --only-hits left out entirely: the heading is not left standing alone.
    "ui.no_hits": "none tells against the number (--only-hits shows only the findings that do)",
}
