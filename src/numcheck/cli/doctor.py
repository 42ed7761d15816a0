"""``numcheck doctor``: re-ask known answers, or sweep never-issued numbers, to find providers whose signals drifted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.config import Settings
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE
from numcheck.frontends.parsing import StreamParser
from numcheck.registry import default_registry
from numcheck.render.i18n import LANG_HELP, LANGUAGES, resolve_language


def doctor_parser(out: TextIO, err: TextIO) -> StreamParser:
    parser = StreamParser(
        out=out,
        err=err,
        prog="numcheck doctor",
        description="Re-run known-answer checks and report providers whose answers drifted (exit 3 on drift).",
    )
    parser.add_argument(
        "--file",
        help="known answers (TOML: [checker-id] registered = 'NUMBER', not_registered = 'NUMBER'); "
        "default: known-answers.toml in the config directory",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="false-positive sweep: ask every account provider about numbers from never-opened segments; "
        "a 'registered' answer there means its signals drifted",
    )
    parser.add_argument("--disable", action="store_true", help="with --sweep: switch drifting providers off in your config")
    parser.add_argument("--lang", choices=LANGUAGES, help=LANG_HELP)
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

    args = doctor_parser(out, err).parse_args(argv)
    settings = Settings.from_env()
    lang = resolve_language(args.lang, configured=settings.lang)
    if args.sweep:
        return run_sweep(settings, args.disable, out, lang)
    path = Path(args.file) if args.file else settings.user_config_dir() / KNOWN_ANSWERS_FILE
    try:
        rows = run_doctor(default_registry(settings), read_known_answers(path), settings)
    except NumcheckError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    out.write(render_doctor(rows, lang))
    return EXIT_OK if all(row.state == "ok" for row in rows) else EXIT_INCOMPLETE
