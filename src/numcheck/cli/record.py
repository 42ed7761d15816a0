"""``numcheck record``: re-record a provider's cassette live (maintainers only), scrubbed on the way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.cli.config import configured
from numcheck.cli.lines import error_line, say_line
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE
from numcheck.frontends.help import help_language, said
from numcheck.frontends.parsing import StreamParser, command_parser
from numcheck.registry import default_registry
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES


def record_parser(out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> StreamParser:
    def text(key: str) -> str:
        return said(lang, f"help.record.{key}")

    parser = command_parser(out, err, prog="numcheck record", lang=lang, description=text("description"))
    parser.add_argument("provider", help=text("provider"))
    parser.add_argument("--scenario", required=True, help=text("scenario"))
    parser.add_argument("--number", required=True, help=text("number"))
    parser.add_argument("--out", default="fixtures/cassettes", help=text("out"))
    parser.add_argument("--lang", choices=LANGUAGES, help=said(lang, "help.option.lang"))
    return parser


def run_record(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from numcheck.maintenance import record_cassette

    args = record_parser(out, err, help_language(argv)).parse_args(argv)
    defaults = configured({"lang": args.lang}, err)
    lang = str(defaults.value("lang"))
    try:
        import vcr  # noqa: F401 - only to learn, before anything is created, whether recording can work
    except ImportError:
        say_line(err, lang, "cli.record_needs_vcrpy")
        return EXIT_USAGE
    settings = defaults.settings_for()
    try:
        found, path = record_cassette(default_registry(settings), args.provider, args.scenario, args.number, Path(args.out), settings)
    except NumcheckError as error:
        error_line(err, lang, error)
        return EXIT_USAGE
    out.write(f"{args.provider}/{args.scenario}: {found.status.value}: {found.detail}\nwrote {path}\n")
    return EXIT_OK if found.status.value == args.scenario or args.scenario not in ("registered", "not_registered") else EXIT_INCOMPLETE
