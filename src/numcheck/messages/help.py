"""The English source of ``numcheck --help`` and ``numcheck compare --help`` (numcheck.cli.options, numcheck.cli.check).

Plain fields only: an English run formats them with str.format, which reads them as the message renderer does, so
building the parser costs no message rendering (tests/test_zh_first_session.py holds the templates to that).
"""

from __future__ import annotations

# Every command's help ends with these (numcheck.cli.options.EXIT_EPILOG).
EXIT_CODES = (
    "Exit codes: 0 report produced, 1 internal error, 2 usage error / unreadable input / invalid number / unusable config, "
    "3 some checks could not complete (blocked/error), 4 history database unusable, 130 interrupted."
)

HELP: dict[str, str] = {
    # argparse's own words, as numcheck's help shows them.
    "help.usage": "usage: ",
    "help.positional": "positional arguments",
    "help.options": "options",
    "help.help": "show this help message and exit",
    "help.version": "show program's version number and exit",
    "help.description": "What did the previous owner leave attached to a second-hand phone number?",
    "help.compare": "Which of these numbers should I buy? Checks every candidate and ranks them from cleanest to riskiest, with reasons.",
    "help.commands": "commands (numcheck COMMAND --help tells more):",
    "help.command.check": "check numbers: the options below",
    "help.command.compare": "rank candidates, cleanest first (same as numcheck --rank)",
    "help.command.history": "the stored checks of a number",
    "help.command.diff": "what changed since the previous check",
    "help.command.after-buy": "after buying: a dated plan, and later what changed since the purchase check",
    "help.command.checkers": "every checker numcheck knows, and broken plugins",
    "help.command.config": "each effective setting and where it came from (config file, environment, flag)",
    "help.command.serve": "the web page and JSON API (pip install 'numcheck[web]')",
    "help.command.record": "maintainers: re-record a provider's cassette live",
    "help.command.doctor": "maintainers: find providers whose answers drifted",
    "help.option.numbers": "phone numbers in any written form ('-' reads stdin)",
    "help.option.file": (
        "read numbers from a file, one per line ('-' for stdin); a line that is not UTF-8 or is over 128 KB is named on stderr "
        "(line, byte offset from 0), skipped and counted, and the batch goes on (exit 3)"
    ),
    "help.option.column": "the file is CSV: take numbers from this column (header name or 1-based)",
    "help.option.json": "same as --format json",
    "help.option.format": (
        "output format (default text; html: one self-contained page of at most {most} numbers, use with -o; a larger batch is "
        "refused with exit 2 before anything is checked: use csv)"
    ),
    "help.option.output": (
        "write the output to PATH instead of stdout (as .PATH.*.part beside it, renamed when complete; Ctrl-C or SIGTERM removes "
        "the .part, and one left by kill -9 is removed by the next run writing PATH)"
    ),
    "help.option.offline": "ask no online service; offline facts only",
    "help.option.online": "ask the online services even though the config file says offline = true",
    "help.option.region": "region for numbers written without a country code (default CN)",
    "help.option.only": "run only these checkers or kinds (repeatable, comma-separated)",
    "help.option.exclude": "skip these checkers or kinds",
    "help.option.manifests": "also load provider manifests from DIR (repeatable)",
    "help.option.refresh": "ask every service again, even if a stored answer is fresh",
    "help.option.ignore_health": "also ask checkers a self-check caught giving false answers (numcheck doctor --self-check)",
    "help.option.no_store": "keep no history and reuse nothing (nothing is written to disk)",
    "help.option.ttl": "reuse stored answers younger than this (default 24h; 0 never)",
    "help.option.workers": "numbers checked at once in a batch (default 8)",
    "help.option.max_billed": (
        "number-age search: ask a keyed carrier source (Alibaba Cloud 二次号, CAMARA) for the date the current holder got the "
        "number, in at most N billed calls per number and source (default 0: no search; NUMCHECK_MAX_BILLED); the calls it may "
        "make are printed first"
    ),
    "help.option.timeout": "seconds to wait for each request (default 10; 30s, 2m)",
    "help.option.only_hits": (
        "show only adverse findings (a binding, a reputation hit, a collection signal...): a report lists only those; a batch "
        "leaves out only the numbers known to be clean (low risk, sufficient coverage, every dimension low), never one "
        "that could not be checked"
    ),
    "help.option.quiet": "no progress bar and no batch summary on stderr",
    "help.option.color": "colour the text output",
    "help.option.lang": (
        "language of the report: en or zh (default: NUMCHECK_LANG, else the locale: LC_ALL, LC_MESSAGES or LANG starting zh "
        "is Chinese, anything else English)"
    ),
    "help.option.rank": "rank the numbers from cleanest to riskiest (same as 'numcheck compare')",
    "help.option.details": "for a batch in text format: full reports instead of a table",
    "help.exit_codes": EXIT_CODES,
    "help.batch_epilog": (
        EXIT_CODES[:-1] + " (Ctrl-C stops within a second: lookups in flight are abandoned, online results printed are stored; "
        "SIGTERM does the same and ends the process by that signal). An empty NUMBER argument, or an input with no number at all, is a usage error. "
        "Exit 3 also when input lines were skipped as unreadable. A history written by a newer numcheck is refused "
        "(exit 4); an older one is upgraded in place. A closed pipe (numcheck ... | head) ends the run quietly with 0."
    ),
}
