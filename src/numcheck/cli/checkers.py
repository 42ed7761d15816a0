"""``numcheck checkers``: every checker numcheck knows, whether it runs, and the plugins that failed to load."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck.cli.config import configured
from numcheck.frontends import EXIT_OK
from numcheck.frontends.help import help_language, said
from numcheck.frontends.listing import checkers_json
from numcheck.frontends.parsing import StreamParser, colour, command_parser
from numcheck.registry import default_registry
from numcheck.render.checkers import render_checkers
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES


def checkers_parser(out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> StreamParser:
    parser = command_parser(out, err, prog="numcheck checkers", lang=lang, description=said(lang, "help.checkers.description"))
    parser.add_argument("--json", action="store_true", help=said(lang, "help.checkers.json"))
    parser.add_argument("--lang", choices=LANGUAGES, help=said(lang, "help.option.lang"))
    return parser


def run_checkers(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    args = checkers_parser(out, err, help_language(argv)).parse_args(argv)
    defaults = configured({"lang": args.lang}, err)
    settings = defaults.settings_for()
    registry = default_registry(settings)
    if args.json:
        out.write(checkers_json(registry, settings) + "\n")
    else:
        out.write(render_checkers(registry, colour=colour("auto", out), lang=str(defaults.value("lang"))))
    return EXIT_OK
