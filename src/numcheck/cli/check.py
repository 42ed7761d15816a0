"""``numcheck NUMBER...`` and ``numcheck compare``: check numbers, print reports or a ranking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck.cli.batch import run_batch
from numcheck.cli.options import BATCH_EPILOG, RANK_FORMATS, ParagraphFormatter, add_batch_options, commands_help
from numcheck.engine import numcheck_version
from numcheck.frontends import EXIT_USAGE
from numcheck.frontends.parsing import StreamParser
from numcheck.render.stream import FORMATS


def check_parser(out: TextIO, err: TextIO) -> StreamParser:
    parser = StreamParser(
        out=out,
        err=err,
        prog="numcheck",
        description="What did the previous owner leave attached to a second-hand phone number?\n\n" + commands_help(),
        epilog=BATCH_EPILOG,
        formatter_class=ParagraphFormatter,
    )
    add_batch_options(parser, formats=(*FORMATS, "html"))
    parser.add_argument("--rank", action="store_true", help="rank the numbers from cleanest to riskiest (same as 'numcheck compare')")
    parser.add_argument("--details", action="store_true", help="for a batch in text format: full reports instead of a table")
    parser.add_argument("-V", "--version", action="version", version=f"numcheck {numcheck_version()}")
    return parser


def compare_parser(out: TextIO, err: TextIO) -> StreamParser:
    parser = StreamParser(
        out=out,
        err=err,
        prog="numcheck compare",
        description="Which of these numbers should I buy? Checks every candidate and ranks them from cleanest to riskiest, with reasons.",
        epilog=BATCH_EPILOG,
    )
    add_batch_options(parser, formats=RANK_FORMATS)
    return parser


def run_check(argv: Sequence[str], out: TextIO, err: TextIO, stdin: TextIO) -> int:
    parser = check_parser(out, err)
    args = parser.parse_args(argv)
    if args.rank and (args.json or args.format) not in (None, True, *RANK_FORMATS):
        err.write(f"numcheck: --rank prints {' or '.join(RANK_FORMATS)}\n")
        return EXIT_USAGE
    return run_batch(args, parser, out, err, stdin, ranking=args.rank)


def run_compare(argv: Sequence[str], out: TextIO, err: TextIO, stdin: TextIO) -> int:
    parser = compare_parser(out, err)
    args = parser.parse_args(argv)
    args.details = False
    return run_batch(args, parser, out, err, stdin, ranking=True)
