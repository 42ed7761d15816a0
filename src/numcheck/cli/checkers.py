"""``numcheck checkers``: every checker numcheck knows, whether it runs, and the plugins that failed to load."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck.cli.config import configured
from numcheck.frontends import EXIT_OK
from numcheck.frontends.listing import checkers_json
from numcheck.frontends.parsing import StreamParser, colour
from numcheck.registry import default_registry
from numcheck.render.text import render_checkers


def checkers_parser(out: TextIO, err: TextIO) -> StreamParser:
    parser = StreamParser(out=out, err=err, prog="numcheck checkers", description="List every checker numcheck knows, and broken plugins.")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    return parser


def run_checkers(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    args = checkers_parser(out, err).parse_args(argv)
    settings = configured({}, err).settings_for()
    registry = default_registry(settings)
    out.write(checkers_json(registry, settings) + "\n" if args.json else render_checkers(registry, colour=colour("auto", out)))
    return EXIT_OK
