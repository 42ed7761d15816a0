"""The options every batch command takes (``numcheck NUMBER...`` and ``numcheck compare``), and their help."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from numcheck.frontends.parsing import duration
from numcheck.numbers import DEFAULT_REGION
from numcheck.render.i18n import LANG_HELP, LANGUAGES

RANK_FORMATS = ("text", "json", "html")
# One HTML page holds every report until it is written (the ranking needs them all): 20,000 numbers took 1.4 GB.
# Past this many input lines the page is refused, before anything is checked where the count is known.
HTML_MAX_NUMBERS = 1_000
# Every subcommand, with the line `numcheck --help` shows for it (main dispatches each; a test holds the two together).
SUBCOMMANDS = {
    "compare": "compare NUMBER...    rank candidates, cleanest first (same as numcheck --rank)",
    "history": "history NUMBER       the stored checks of a number",
    "diff": "diff NUMBER          what changed since the previous check",
    "after-buy": "after-buy NUMBER     after buying: a dated plan, and later what changed since the purchase check",
    "checkers": "checkers             every checker numcheck knows, and broken plugins",
    "config": "config               each effective setting and where it came from (config file, environment, flag)",
    "serve": "serve                the web page and JSON API (pip install 'numcheck[web]')",
    "record": "record PROVIDER      maintainers: re-record a provider's cassette live",
    "doctor": "doctor               maintainers: find providers whose answers drifted",
}
EXIT_EPILOG = (
    "Exit codes: 0 report produced, 1 internal error, 2 usage error / unreadable input / invalid number / unusable config, "
    "3 some checks could not complete (blocked/error), 4 history database unusable, 130 interrupted."
)
BATCH_EPILOG = (
    EXIT_EPILOG[:-1] + " (Ctrl-C stops within a second: lookups in flight are abandoned, what was printed is stored; "
    "SIGTERM does the same and ends the process by that signal). An empty NUMBER argument is a usage error. "
    "Exit 3 also when input lines were skipped as unreadable. A history written by a newer numcheck is refused "
    "(exit 4); an older one is upgraded in place. A closed pipe (numcheck ... | head) ends the run quietly with 0."
)


class ParagraphFormatter(argparse.HelpFormatter):
    """argparse's help, with its description and epilog filled paragraph by paragraph, and indented lines kept as written.

    So a list of commands keeps one command a line, and prose still fits the terminal.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for paragraph in text.split("\n\n"):
            lines = paragraph.splitlines()
            if any(line.startswith("  ") for line in lines):
                blocks.append("\n".join(indent + line for line in lines))
            else:
                blocks.append(super()._fill_text(paragraph, width, indent))
        return "\n\n".join(blocks)


def commands_help() -> str:
    """The list of commands `numcheck --help` shows, one a line."""
    return "commands (numcheck COMMAND --help tells more):\n  NUMBER...            check numbers: the options below\n" + "\n".join(
        f"  {line}" for line in SUBCOMMANDS.values()
    )


def add_batch_options(parser: argparse.ArgumentParser, *, formats: Sequence[str]) -> None:
    """The numbers, where to read and write them, which checkers, the history and the output's look."""
    parser.add_argument("numbers", nargs="*", metavar="NUMBER", help="phone numbers in any written form ('-' reads stdin)")
    parser.add_argument(
        "--file",
        metavar="PATH",
        help="read numbers from a file, one per line ('-' for stdin); a line that is not UTF-8 or is over 128 KB "
        "is named on stderr (line, byte offset from 0), skipped and counted, and the batch goes on (exit 3)",
    )
    parser.add_argument("--column", metavar="NAME|N", help="the file is CSV: take numbers from this column (header name or 1-based)")
    parser.add_argument("--json", action="store_true", help="same as --format json")
    parser.add_argument(
        "--format",
        choices=formats,
        default=None,
        help=f"output format (default text; html: one self-contained page of at most {HTML_MAX_NUMBERS:,} numbers, use with -o; "
        "a larger batch is refused with exit 2 before anything is checked: use csv)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write the output to PATH instead of stdout (as .PATH.*.part beside it, renamed when complete; Ctrl-C or "
        "SIGTERM removes the .part, and one left by kill -9 is removed by the next run writing PATH)",
    )
    parser.add_argument("--offline", action="store_true", default=None, help="ask no online service; offline facts only")
    parser.add_argument(
        "--online", dest="offline", action="store_false", help="ask the online services even though the config file says offline = true"
    )
    parser.add_argument("--region", default=DEFAULT_REGION, help="region for numbers written without a country code (default CN)")
    parser.add_argument("--only", action="append", metavar="CHECKER", help="run only these checkers or kinds (repeatable, comma-separated)")
    parser.add_argument("--exclude", action="append", metavar="CHECKER", help="skip these checkers or kinds")
    parser.add_argument("--manifests", action="append", metavar="DIR", help="also load provider manifests from DIR (repeatable)")
    parser.add_argument("--refresh", action="store_true", help="ask every service again, even if a stored answer is fresh")
    parser.add_argument(
        "--ignore-health",
        action="store_true",
        help="also ask checkers a self-check caught giving false answers (numcheck doctor --self-check)",
    )
    parser.add_argument("--no-store", action="store_true", help="keep no history and reuse nothing (nothing is written to disk)")
    parser.add_argument("--ttl", type=duration, metavar="DURATION", help="reuse stored answers younger than this (default 24h; 0 never)")
    parser.add_argument("--workers", type=int, metavar="N", help="numbers checked at once in a batch (default 8)")
    parser.add_argument(
        "--max-billed",
        type=int,
        metavar="N",
        help="number-age search: ask a keyed carrier source (Alibaba Cloud 二次号, CAMARA) for the date the current holder "
        "got the number, in at most N billed calls per number and source (default 0: no search; NUMCHECK_MAX_BILLED); "
        "the calls it may make are printed first",
    )
    parser.add_argument("--timeout", type=duration, metavar="SECONDS", help="seconds to wait for each request (default 10; 30s, 2m)")
    parser.add_argument(
        "--only-hits",
        action="store_true",
        help="show only adverse findings (a binding, a reputation hit, a collection signal...): a report lists only those, "
        "a batch only the numbers that have one (and the lines that are not numbers)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no batch summary on stderr")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text output")
    parser.add_argument("--lang", choices=LANGUAGES, help=LANG_HELP)
