"""The options every batch command takes (``numcheck NUMBER...`` and ``numcheck compare``), and their help."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from typing import Any

from numcheck._errors import NumcheckError
from numcheck.frontends.parsing import duration
from numcheck.messages import MESSAGES
from numcheck.messages.help import EXIT_CODES
from numcheck.numbers import DEFAULT_REGION
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES, resolve_language, ui
from numcheck.render.width import wide_fill

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
_HELP_FLAGS = ("-h", "--help")


def said(lang: str, message_id: str, /, **params: str | int) -> str:
    """A help text in ``lang``; English straight from the template (plain fields), so a run that shows no help pays nothing."""
    return MESSAGES[message_id].format(**params) if lang == DEFAULT_LANGUAGE else ui(lang, message_id, **params)


def help_language(argv: Sequence[str]) -> str:
    """The language ``--help`` is shown in: ``--lang`` among ``argv``, else the configured one or the locale's.

    Only a run that asks for help pays for reading the config file here; every other run builds its parser in English,
    which it never shows (argparse's own error lines are English whatever the language).
    """
    if not any(word in _HELP_FLAGS for word in argv):
        return DEFAULT_LANGUAGE
    chosen = None
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif word.startswith("--lang="):
            chosen = word.partition("=")[2]
    if chosen in LANGUAGES:
        return chosen
    from numcheck.frontends.config_file import resolve

    try:
        return str(resolve({}).value("lang"))
    except NumcheckError:  # an unusable config file is reported by the run itself, once it is parsed
        return resolve_language()


def formatter_for(lang: str) -> type[argparse.HelpFormatter]:
    """`ParagraphFormatter`, with argparse's own words (usage, the section headings) in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return ParagraphFormatter

    headings = {"positional arguments": ui(lang, "help.positional"), "options": ui(lang, "help.options")}

    class Localized(ParagraphFormatter):
        def start_section(self, heading: str | None) -> None:
            super().start_section(headings.get(heading or "", heading))

        def add_usage(
            self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any], prefix: str | None = None
        ) -> None:
            super().add_usage(usage, actions, groups, ui(lang, "help.usage") if prefix is None else prefix)

        def format_help(self) -> str:
            # argparse ends a heading with an ASCII colon; Chinese ends it with a full-width one.
            text = super().format_help()
            for heading in headings.values():
                text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
            return text

        def _split_lines(self, text: str, width: int) -> list[str]:
            # argparse counts characters; a Chinese character takes two columns, so lines are cut by display width.
            return wide_fill(" ".join(text.split()), width, 0).splitlines()

        def _fill_text(self, text: str, width: int, indent: str) -> str:
            blocks = []
            for paragraph in text.split("\n\n"):
                lines = paragraph.splitlines()
                if any(line.startswith("  ") for line in lines):
                    blocks.append("\n".join(indent + line for line in lines))
                else:
                    filled = wide_fill(" ".join(paragraph.split()), width - len(indent), 0)
                    blocks.append("\n".join(indent + line for line in filled.splitlines()))
            return "\n\n".join(blocks)

    return Localized


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


def commands_help(lang: str = DEFAULT_LANGUAGE) -> str:
    """The list of commands `numcheck --help` shows, one a line."""
    rows = [("NUMBER...", "check"), *((usage, name) for name, usage in SUBCOMMANDS.items())]
    return said(lang, "help.commands") + "\n" + "\n".join(f"  {usage:<21}{said(lang, f'help.command.{name}')}" for usage, name in rows)


def add_help_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """-h/--help with its help in ``lang`` (the parser is made with ``add_help=False``)."""
    parser.add_argument("-h", "--help", action="help", help=said(lang, "help.help"))


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
