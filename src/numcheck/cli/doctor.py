"""``numcheck doctor``: re-ask known answers, or sweep never-issued numbers, to find providers whose signals drifted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.cli.config import configured
from numcheck.cli.lines import error_line, say_line
from numcheck.config import Settings
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE
from numcheck.frontends.help import help_language, said
from numcheck.frontends.parsing import StreamParser, command_parser
from numcheck.registry import default_registry
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES


def doctor_parser(out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> StreamParser:
    def text(key: str) -> str:
        return said(lang, f"help.doctor.{key}")

    parser = command_parser(out, err, prog="numcheck doctor", lang=lang, description=text("description"))
    parser.add_argument("--file", help=text("file"))
    parser.add_argument("--sweep", action="store_true", help=text("sweep"))
    parser.add_argument("--disable", action="store_true", help=text("disable"))
    parser.add_argument("--lang", choices=LANGUAGES, help=said(lang, "help.option.lang"))
    health = parser.add_argument_group(text("group"))
    health.add_argument("--self-check", action="store_true", help=text("self_check"))
    health.add_argument("--known", metavar="FILE", help=text("known"))
    health.add_argument("--controls", type=int, default=3, metavar="N", help=text("controls"))
    health.add_argument("--only", action="append", metavar="CHECKER", help=text("only"))
    health.add_argument("--json", action="store_true", help=text("json"))
    health.add_argument("--markdown", action="store_true", help=text("markdown"))
    health.add_argument("--save", metavar="PATH", help=text("save"))
    health.add_argument("--health-from", metavar="FILE|URL", help=text("health_from"))
    return parser


def run_sweep(settings: Settings, switch_off: bool, out: TextIO, lang: str) -> int:
    from numcheck.maintenance import disable, never_issued_numbers, run_sweep
    from numcheck.render.doctor import render_sweep, render_sweep_start

    numbers = never_issued_numbers()
    out.write(render_sweep_start(numbers, lang))
    rows = run_sweep(default_registry(settings), settings, numbers)
    drifting = [row.checker_id for row in rows if row.drifting]
    out.write(render_sweep(rows, lang, switched_off_in=disable(settings, drifting) if drifting and switch_off else None))
    # Only a provider that answered can be judged: an unreachable or blocked one is neither right nor wrong.
    answered = [row for row in rows if row.answered]
    return EXIT_INCOMPLETE if not answered or drifting or len(answered) < len(rows) else EXIT_OK


def run_doctor(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from numcheck.maintenance import KNOWN_ANSWERS_FILE, read_known_answers, run_doctor
    from numcheck.render.doctor import render_doctor

    args = doctor_parser(out, err, help_language(argv)).parse_args(argv)
    defaults = configured({"lang": args.lang}, err)
    # Every doctor question is one call: NUMCHECK_MAX_BILLED must not turn a control or a known answer into a billed search.
    settings = defaults.settings_for(max_billed=0)
    lang = str(defaults.value("lang"))
    if args.self_check or args.health_from:
        from numcheck.cli.health import run_health

        return run_health(args, settings, out, err, lang)
    if args.sweep:
        return run_sweep(settings, args.disable, out, lang)
    path = Path(args.file) if args.file else settings.user_config_dir() / KNOWN_ANSWERS_FILE
    if not path.exists():  # the usual first run, or a mistyped --file: say what the file is, and that --self-check needs none
        say_line(err, lang, "known.none", path=str(path))
        return EXIT_USAGE
    try:
        rows = run_doctor(default_registry(settings), read_known_answers(path), settings)
    except NumcheckError as error:
        error_line(err, lang, error)
        return EXIT_USAGE
    out.write(render_doctor(rows, lang))
    return EXIT_OK if all(row.state == "ok" for row in rows) else EXIT_INCOMPLETE
