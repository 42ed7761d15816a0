"""``numcheck history`` and ``numcheck diff``: a number's stored checks, and what changed between the last two."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TextIO, cast

from numcheck._errors import InvalidNumber, StoreError, shortened
from numcheck.cli.config import configured
from numcheck.cli.lines import error_line, say_line
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_STORE, EXIT_USAGE
from numcheck.frontends.help import help_language, said
from numcheck.frontends.parsing import StreamParser, colour, command_parser
from numcheck.numbers import DEFAULT_REGION, invalid_message, parse
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES


def history_parser(out: TextIO, err: TextIO, name: str, lang: str = DEFAULT_LANGUAGE) -> StreamParser:
    def text(key: str) -> str:
        return said(lang, f"help.history.{key}")

    description = said(lang, f"help.{name}.description")
    parser = command_parser(
        out, err, prog=f"numcheck {name}", lang=lang, description=description, epilog=said(lang, f"fixes.help.{name}_exit")
    )
    # nargs="+": a number typed without quotes (+86 138 0013 8000) arrives in pieces, joined again here; the usage
    # line says NUMBER all the same, since the pieces must make one number (several are refused, one line).
    parser.add_argument("number", metavar="NUMBER", nargs="+", help=text("number"))
    parser.add_argument("--region", default=DEFAULT_REGION, help=text("region"))
    parser.add_argument("--json", action="store_true", help=text("json"))
    if name == "history":
        parser.add_argument("--limit", type=int, default=20, help=text("limit"))
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help=text("color"))
    parser.add_argument("--lang", choices=LANGUAGES, help=said(lang, "help.option.lang"))
    parser.formatter_class = _one_number(cast(type[argparse.HelpFormatter], parser.formatter_class))
    return parser


def _one_number(base: type[argparse.HelpFormatter]) -> type[argparse.HelpFormatter]:
    """``base``, writing the pieces of a number as the one NUMBER they make (argparse would say NUMBER [NUMBER ...])."""

    class OneNumber(base):  # type: ignore[misc,valid-type]  # a formatter class chosen at run time (the reader's language)
        def _format_args(self, action: argparse.Action, default_metavar: str) -> str:
            if action.dest == "number":
                return "NUMBER"
            return str(super()._format_args(action, default_metavar))

    return OneNumber


def run_history(name: str, argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from numcheck.frontends.output import open_history

    args = history_parser(out, err, name, help_language(argv)).parse_args(argv)
    defaults = configured({"lang": args.lang}, err)
    lang = str(defaults.value("lang"))
    if len(args.number) > 1:
        from numcheck.cli.pieces import AmbiguousPiecesError, join_pieces

        try:
            numbers = join_pieces(args.number, args.region)
        except AmbiguousPiecesError:
            numbers = args.number
        if len(numbers) > 1:
            say_line(err, lang, "fixes.one_number", command=f"numcheck {name}", count=len(numbers))
            return EXIT_USAGE
    args.number = " ".join(args.number)
    try:
        e164 = parse(args.number, args.region).e164
    except InvalidNumber as error:
        say_line(err, lang, "cli.invalid_number", input=shortened(args.number), reason=invalid_message(error))
        return EXIT_USAGE
    settings = defaults.settings_for()
    try:
        with open_history(settings, reuse=False) as store:
            checks = store.history(e164, limit=args.limit) if name == "history" else []
            diff = store.diff(e164) if name == "diff" else None
            stored = len(store.history(e164, limit=2)) if name == "diff" and diff is None else 0
    # Nothing (or too little) stored is not a usage error: the command was right, the history is not there yet (exit 3).
    except StoreError as error:
        error_line(err, lang, error)
        return EXIT_STORE
    coloured = colour(args.color, out)
    if name == "history":
        if not checks:
            say_line(err, lang, "fixes.none_stored", e164=e164)
            return EXIT_INCOMPLETE
        if args.json:
            out.write("[\n" + ",\n".join(check.model_dump_json(indent=2) for check in checks) + "\n]\n")
        else:
            from numcheck.render.batch import render_history

            out.write(render_history(checks, colour=coloured, lang=lang))
        return EXIT_OK
    if diff is None:
        say_line(err, lang, "fixes.one_stored" if stored else "fixes.none_stored", e164=e164)
        return EXIT_INCOMPLETE
    from numcheck.render.batch import render_diff

    out.write(diff.model_dump_json(indent=2) + "\n" if args.json else render_diff(diff, colour=coloured, lang=lang))
    # Answers that were no answer both times cannot say that nothing moved: with none compared, exit as an incomplete check.
    return EXIT_OK if diff.compared else EXIT_INCOMPLETE
