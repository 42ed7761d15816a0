"""``numcheck doctor``: re-ask known answers, or sweep never-issued numbers, to find providers whose signals drifted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.cli.config import configured
from numcheck.config import Settings
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE
from numcheck.frontends.parsing import StreamParser
from numcheck.registry import default_registry
from numcheck.render.i18n import LANG_HELP, LANGUAGES


def doctor_parser(out: TextIO, err: TextIO) -> StreamParser:
    parser = StreamParser(
        out=out,
        err=err,
        prog="numcheck doctor",
        description="Re-run known-answer checks and report providers whose answers drifted (exit 3 on drift); "
        "--self-check judges every online checker and keeps its health.",
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
    health = parser.add_argument_group("self-check and health (docs/self-check.md)")
    health.add_argument(
        "--self-check",
        action="store_true",
        help="ask every online checker about fresh never-issued numbers (a 'registered' is a false positive) and the known "
        "answers of --known; store the health table (a checker caught giving false answers is set aside at check time); "
        "exit 0 only when every checker asked is healthy, else 3",
    )
    health.add_argument(
        "--known",
        metavar="FILE",
        help="known answers (canaries) for --self-check, in the format of --file (lists allowed); default: known-answers.toml "
        "in the config directory, when there is one",
    )
    health.add_argument("--controls", type=int, default=3, metavar="N", help="never-issued numbers per checker, 0 to 20 (default 3)")
    health.add_argument("--only", action="append", metavar="CHECKER", help="self-check only these checkers (repeatable, comma-separated)")
    health.add_argument("--json", action="store_true", help="print the health table as JSON (the published health file format)")
    health.add_argument("--markdown", action="store_true", help="print the health table as Markdown")
    health.add_argument("--save", metavar="PATH", help="also write the health table as a JSON health file to PATH")
    health.add_argument(
        "--health-from",
        metavar="FILE|URL",
        help="load a published health file (no default: you choose whose); its false answers set checkers aside like your own",
    )
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
    if not path.exists():
        # The usual first run: say what the file is and that the self-check needs none, not just "No such file".
        from numcheck.cli.lines import say_line

        say_line(err, lang, "doctor.no_known_answers", path=str(path))
        return EXIT_USAGE
    try:
        rows = run_doctor(default_registry(settings), read_known_answers(path), settings)
    except NumcheckError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    out.write(render_doctor(rows, lang))
    return EXIT_OK if all(row.state == "ok" for row in rows) else EXIT_INCOMPLETE
