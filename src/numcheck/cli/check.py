"""``numcheck NUMBER...`` and ``numcheck compare``: check numbers, print reports or a ranking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck.cli.batch import run_batch
from numcheck.cli.options import RANK_FORMATS, add_batch_options, add_help_option, commands_help, formatter_for, help_language, said
from numcheck.engine import numcheck_version
from numcheck.frontends.parsing import StreamParser
from numcheck.render.i18n import DEFAULT_LANGUAGE
from numcheck.render.stream import FORMATS


def check_parser(out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> StreamParser:
    """``numcheck NUMBER...``'s options, their help in ``lang``."""
    parser = StreamParser(
        out=out,
        err=err,
        prog="numcheck",
        description=said(lang, "help.description") + "\n\n" + commands_help(lang),
        epilog=said(lang, "help.batch_epilog"),
        formatter_class=formatter_for(lang),
        add_help=False,
    )
    add_help_option(parser, lang)
    add_batch_options(parser, formats=(*FORMATS, "html"), lang=lang)
    parser.add_argument("--rank", action="store_true", help=said(lang, "help.option.rank"))
    parser.add_argument("--details", action="store_true", help=said(lang, "help.option.details"))
    parser.add_argument("-V", "--version", action="version", version=f"numcheck {numcheck_version()}", help=said(lang, "help.version"))
    return parser


def compare_parser(out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> StreamParser:
    """``numcheck compare``'s options, their help in ``lang``."""
    parser = StreamParser(
        out=out,
        err=err,
        prog="numcheck compare",
        description=said(lang, "help.compare"),
        epilog=said(lang, "help.batch_epilog"),
        formatter_class=formatter_for(lang),
        add_help=False,
    )
    add_help_option(parser, lang)
    add_batch_options(parser, formats=RANK_FORMATS, lang=lang)
    return parser


def run_check(argv: Sequence[str], out: TextIO, err: TextIO, stdin: TextIO) -> int:
    parser = check_parser(out, err, help_language(argv))
    args = parser.parse_args(argv)
    return run_batch(args, out, err, stdin, ranking=args.rank)


def run_compare(argv: Sequence[str], out: TextIO, err: TextIO, stdin: TextIO) -> int:
    parser = compare_parser(out, err, help_language(argv))
    args = parser.parse_args(argv)
    args.details = False
    return run_batch(args, out, err, stdin, ranking=True)
