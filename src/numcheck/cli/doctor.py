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
    return parser


def run_sweep(settings: Settings, switch_off: bool, out: TextIO) -> int:
    from numcheck.maintenance import disable, never_issued_numbers, run_sweep

    numbers = never_issued_numbers()
    out.write(f"asking every account provider about {len(numbers)} numbers from never-opened segments ({', '.join(numbers)})\n")
    rows = run_sweep(default_registry(settings), settings, numbers)
    for row in rows:
        answers = ", ".join(f"{number}: {status.value}" for number, status in row.answers)
        out.write(f"{row.state.upper():<11} {row.checker_id:<18} {answers}\n")
    drifting = [row.checker_id for row in rows if row.drifting]
    if drifting and switch_off:
        out.write(f"switched off in {disable(settings, drifting)}: {', '.join(drifting)} (delete the line to switch it on again)\n")
    elif drifting:
        out.write(f"drifting: {', '.join(drifting)}; run with --disable to switch them off in your config\n")
    # Only a provider that answered can be judged: an unreachable or blocked one is neither right nor wrong.
    answered = [row for row in rows if row.answered]
    if not answered:
        out.write(f"0 of {len(rows)} account providers could be asked: nothing was judged\n")
        return EXIT_INCOMPLETE
    unasked = len(rows) - len(answered)
    out.write(
        f"{len(answered) - len(drifting)} of {len(answered)} account providers that answered never called a never-issued number registered"
        + (f"; {unasked} of {len(rows)} could not be asked" if unasked else "")
        + "\n"
    )
    return EXIT_INCOMPLETE if drifting or unasked else EXIT_OK


def run_doctor(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from numcheck.maintenance import KNOWN_ANSWERS_FILE, read_known_answers, run_doctor

    args = doctor_parser(out, err).parse_args(argv)
    settings = configured({}, err).settings_for()
    if args.sweep:
        return run_sweep(settings, args.disable, out)
    path = Path(args.file) if args.file else settings.user_config_dir() / KNOWN_ANSWERS_FILE
    try:
        rows = run_doctor(default_registry(settings), read_known_answers(path), settings)
    except NumcheckError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    for row in rows:
        out.write(f"{row.state.upper():<11} {row.checker_id:<18} expected {row.expected.value:<15} got {row.got.value:<15} {row.detail}\n")
    held = sum(row.state == "ok" for row in rows)
    unreachable = sum(row.state == "unreachable" for row in rows)
    tail = f" ({unreachable} could not be asked: unreachable, not drift)" if unreachable else ""
    out.write(f"{held} of {len(rows)} known answers hold{tail}\n")
    return EXIT_OK if held == len(rows) else EXIT_INCOMPLETE
