"""The English source of what the scripts in examples/ print around a report (the report's own texts are its messages).

The examples are what a developer copies into a shop's tool or a buyer's script: they speak the reader's language
as numcheck does (`numcheck.reader_language`, `numcheck.sentence`), so their lines are messages like numcheck's own.
Indentation stays in the scripts; a line here is only its words.
"""

from __future__ import annotations

EXAMPLES: dict[str, str] = {
    # Any example: an input or a setting numcheck refused (the error's own line, in the reader's language).
    "example.not_checked": "not checked: {error}",
    "example.failed": "{script!q}: {error}",
    # Any example's --help: its description, arguments and exit statuses (numcheck.argument_parser).
    "example.help.lang": "the language (default: as numcheck chooses it)",
    "example.help.offline": "ask no online service",
    "example.help.precheck": "Pre-purchase check of one number: the verdict, why, and what to ask the seller.",
    "example.help.precheck.number": "the number, in any written form",
    "example.help.precheck.exit": (
        "exit status: 0 a report was produced (whatever its verdict), 2 bad input, 3 some checks could not complete"
    ),
    "example.help.decide": "numcheck inside another tool: one function that returns a decision a program can act on.",
    "example.help.decide.numbers": "numbers, in any written form",
    "example.help.decide.exit": "exit status: 0 every number decided, 2 bad input",
    "example.help.compare": "Which of these numbers should I buy? Check every candidate and rank them, cleanest first.",
    "example.help.compare.candidates": "two or more numbers, in any written form",
    "example.help.compare.exit": "exit status: 0 ranked, 2 bad input",
    "example.help.monitor": "After buying: check the number again and show what changed since the last check.",
    "example.help.monitor.number": "the number you bought, in any written form",
    "example.help.monitor.exit": (
        "exit status: 0 compared (or a first check stored), 2 bad input or an unusable setting (one line on stderr, no "
        'traceback), 3 nothing could be compared (no service answered in both checks: unknown is not "nothing changed")'
    ),
    "example.help.dask": ("Screen a dataset too big for one machine: numcheck's column answers inside Dask, partition by partition."),
    "example.help.dask.source": "Parquet files with a number column",
    "example.help.dask.target": "where the answers are written, as Parquet",
    # examples/precheck_one.py
    "example.verdict_line": "{number}: {verdict!t:verdict}",
    "example.dimension": "{dimension!t:dimension}",
    "example.level": "{level!t:level}",
    "example.ask_seller": "Ask the seller: the previous owner's accounts are still bound at {names:words}",
    "example.coverage": "Coverage: {definitive} definitive answers ({ratio:.0%})",
    # examples/decide.py: the decision a program acts on, and the reasons a person reads.
    "example.decision": "{number}: {action}",
    "example.not_decided": "{number!q}: not decided: {error}",
    "example.action.accept": "accept",
    "example.action.review": "review",
    "example.action.reject": "reject",
    # examples/compare_candidates.py
    "example.compare.need_two": "give at least two numbers to compare",
    "example.compare.invalid": "skipping {input!r}: {reason}",
    "example.compare.duplicate": "skipping {input!r}: same as candidate {index}",
    "example.compare.place": "{rank}. {number}  {verdict!t:verdict}",
    # examples/monitor_after_purchase.py
    "example.monitor.still": "{number}: {verdict!t:verdict}; still registered at: {names:words}",
    "example.monitor.still_none": "{number}: {verdict!t:verdict}; still registered at: none found",
    "example.monitor.silent": "{count} services gave no answer",
    "example.monitor.first": "first check stored; run this again after the unbinding service to see what changed",
    "example.monitor.since": "since {when} UTC:",
    "example.checker": "{checker!t:checker}",
    "example.monitor.nothing_compared": "nothing could be compared: none of {count} services answered in both checks",
    "example.monitor.nothing_changed": "nothing changed ({count} answers compared)",
    "example.monitor.uncompared": "{count} answers could not be compared (no answer in both checks)",
    "example.monitor.removed": "{count} binding(s) removed",
    # examples/dask_enrich.py
    "example.dask.done": "{count} numbers screened into {target!q}",
}
