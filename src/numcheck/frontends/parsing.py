"""Argument parsing for numcheck's commands: help and errors go to the streams the command was given."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, NoReturn, TextIO

from numcheck.frontends.help import add_help_option, formatter_for


class StreamParser(argparse.ArgumentParser):
    """argparse, writing help, version and usage errors to ``out`` and ``err`` instead of the process's own streams.

    A usage error is one line in the run's language (`numcheck.frontends.usage_errors`), still with exit status 2.
    """

    def __init__(self, *args: Any, out: TextIO, err: TextIO, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.out, self.err = out, err
        self.argv: list[str] = []

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> tuple[Any, list[str]]:
        # Kept for error(): the language of a usage error is read from the arguments (--lang) when it happens.
        self.argv = [str(arg) for arg in (sys.argv[1:] if args is None else args)]
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        from numcheck.frontends.usage_errors import usage_error

        self.exit(2, usage_error(self, self.argv, message))

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self.out if file is None or file is sys.stdout else self.err).write(message)


def names(values: list[str] | None) -> list[str]:
    """Checker ids or kinds from repeatable, comma-separated options (``--only a,b --only c``)."""
    return [name.strip() for value in values or [] for name in value.split(",") if name.strip()]


def duration(text: str) -> float:
    """Seconds from '90', '30m', '6h' or '7d' (an argparse ``type``)."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip().lower()
    try:
        return float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use seconds, or 30m, 6h, 7d)") from None


def colour(choice: str, stream: TextIO) -> bool:
    """Whether to colour ``stream`` for ``--color auto|always|never`` (auto: a terminal, unless NO_COLOR is set)."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def command_parser(out: TextIO, err: TextIO, *, prog: str, lang: str, description: str, epilog: str | None = None) -> StreamParser:
    """A subcommand's parser whose own words (usage, headings, -h) are in ``lang``, as its help texts must be."""
    parser = StreamParser(
        out=out, err=err, prog=prog, description=description, epilog=epilog, formatter_class=formatter_for(lang), add_help=False
    )
    add_help_option(parser, lang)
    return parser


def argument_parser(lang: str, *, description: str, epilog: str | None = None, prog: str | None = None) -> argparse.ArgumentParser:
    """A parser for a script of one's own (examples/) that speaks ``lang`` as numcheck's commands do.

    Its descriptions and help texts are the caller's (``numcheck.sentence(lang, ...)``); argparse's own words (usage,
    the headings, ``-h``'s help) are in ``lang`` too, and a usage error is one line in the run's language
    (`numcheck.argv_language`), exit status 2. ``lang`` is best `numcheck.argv_language` of the script's arguments:
    the language must be known before the parser is built, and so before they are parsed.
    """
    parser = StreamParser(
        out=sys.stdout,
        err=sys.stderr,
        prog=prog,
        description=description,
        epilog=epilog,
        formatter_class=formatter_for(lang),
        add_help=False,
    )
    add_help_option(parser, lang)
    return parser
