"""The options every batch command takes (``numcheck NUMBER...`` and ``numcheck compare``), and their help."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from numcheck.frontends.help import ParagraphFormatter, add_help_option, formatter_for, help_language, said
from numcheck.frontends.parsing import duration
from numcheck.messages.help import EXIT_CODES
from numcheck.numbers import DEFAULT_REGION
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES

RANK_FORMATS = ("text", "json", "html")
# One HTML page holds every report until it is written (the ranking needs them all): 20,000 numbers took 1.4 GB.
# Past this many input lines the page is refused, before anything is checked where the count is known.
HTML_MAX_NUMBERS = 1_000
# Every subcommand, with what `numcheck --help` shows left of its description (``help.command.<name>``); main dispatches
# each, and a test holds the two together.
SUBCOMMANDS = {
    "compare": "compare NUMBER...",
    "history": "history NUMBER",
    "diff": "diff NUMBER",
    "after-buy": "after-buy NUMBER",
    "checkers": "checkers",
    "config": "config",
    "serve": "serve",
    "record": "record PROVIDER",
    "doctor": "doctor",
}
EXIT_EPILOG = EXIT_CODES
__all__ = [
    "EXIT_EPILOG",
    "HTML_MAX_NUMBERS",
    "RANK_FORMATS",
    "SUBCOMMANDS",
    "ParagraphFormatter",
    "add_batch_options",
    "add_help_option",
    "commands_help",
    "formatter_for",
    "help_language",
    "said",
]


def commands_help(lang: str = DEFAULT_LANGUAGE) -> str:
    """The list of commands `numcheck --help` shows, one a line."""
    rows = [("NUMBER...", "check"), *((usage, name) for name, usage in SUBCOMMANDS.items())]
    return said(lang, "help.commands") + "\n" + "\n".join(f"  {usage:<21}{said(lang, f'help.command.{name}')}" for usage, name in rows)


def add_batch_options(parser: argparse.ArgumentParser, *, formats: Sequence[str], lang: str = DEFAULT_LANGUAGE) -> None:
    """The numbers, where to read and write them, which checkers, the history and the output's look."""

    def text(name: str, **params: str | int) -> str:
        return said(lang, f"help.option.{name}", **params)

    parser.add_argument("numbers", nargs="*", metavar="NUMBER", help=text("numbers"))
    parser.add_argument("--file", metavar="PATH", help=text("file"))
    parser.add_argument("--column", metavar="NAME|N", help=text("column"))
    parser.add_argument("--encoding", metavar="NAME", help=text("encoding"))
    parser.add_argument("--json", action="store_true", help=text("json"))
    parser.add_argument("--format", choices=formats, default=None, help=text("format", most=f"{HTML_MAX_NUMBERS:,}"))
    parser.add_argument("-o", "--output", metavar="PATH", help=text("output"))
    parser.add_argument("--offline", action="store_true", default=None, help=text("offline"))
    parser.add_argument("--online", dest="offline", action="store_false", help=text("online"))
    parser.add_argument("--region", default=DEFAULT_REGION, help=text("region"))
    parser.add_argument("--only", action="append", metavar="CHECKER", help=text("only"))
    parser.add_argument("--exclude", action="append", metavar="CHECKER", help=text("exclude"))
    parser.add_argument("--manifests", action="append", metavar="DIR", help=text("manifests"))
    parser.add_argument("--refresh", action="store_true", help=text("refresh"))
    parser.add_argument("--ignore-health", action="store_true", help=text("ignore_health"))
    parser.add_argument("--no-store", action="store_true", help=text("no_store"))
    parser.add_argument("--ttl", type=duration, metavar="DURATION", help=text("ttl"))
    parser.add_argument("--workers", type=int, metavar="N", help=text("workers"))
    parser.add_argument("--max-billed", type=int, metavar="N", help=text("max_billed"))
    parser.add_argument("--timeout", type=duration, metavar="SECONDS", help=text("timeout"))
    parser.add_argument("--only-hits", action="store_true", help=text("only_hits"))
    parser.add_argument("-q", "--quiet", action="store_true", help=text("quiet"))
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help=text("color"))
    parser.add_argument("--lang", choices=LANGUAGES, help=text("lang"))
