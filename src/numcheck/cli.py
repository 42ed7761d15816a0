"""The ``numcheck`` command: parse arguments, call the public API, render. No business logic here.

Exit codes: 0 report produced; 1 internal error; 2 usage error or invalid number;
3 report produced but some checks could not complete (blocked or error).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from numcheck._errors import InvalidNumber, NumcheckError
from numcheck.config import Settings
from numcheck.engine import check, numcheck_version
from numcheck.numbers import DEFAULT_REGION
from numcheck.registry import Registry, default_registry
from numcheck.render.text import render_checkers, render_report
from numcheck.report import Report, Status

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3

SUBCOMMANDS = ("checkers", "record", "doctor")


def _names(values: list[str] | None) -> list[str]:
    return [name.strip() for value in values or [] for name in value.split(",") if name.strip()]


class _Parser(argparse.ArgumentParser):
    """argparse, writing help, version and usage errors to the streams main() was given."""

    def __init__(self, *args: Any, out: TextIO, err: TextIO, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.out, self.err = out, err

    def _print_message(self, message: str, file: Any = None) -> None:
        if message:
            (self.out if file is None or file is sys.stdout else self.err).write(message)


def _check_parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
        out=out,
        err=err,
        prog="numcheck",
        description="What did the previous owner leave attached to a second-hand phone number? "
        f"Subcommands: {', '.join(SUBCOMMANDS)} (numcheck SUBCOMMAND --help).",
        epilog="Exit codes: 0 report produced, 1 internal error, 2 usage error or invalid number, "
        "3 some checks could not complete (blocked/error).",
    )
    parser.add_argument("numbers", nargs="*", metavar="NUMBER", help="phone numbers in any written form")
    parser.add_argument("--file", metavar="PATH", help="read numbers from a file, one per line ('-' for stdin)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON (same as --format json)")
    parser.add_argument("--format", choices=("text", "json"), default=None, help="output format (default text)")
    parser.add_argument("--offline", action="store_true", help="ask no online service; offline facts only")
    parser.add_argument("--region", default=DEFAULT_REGION, help="region for numbers written without a country code (default CN)")
    parser.add_argument("--only", action="append", metavar="CHECKER", help="run only these checkers or kinds (repeatable, comma-separated)")
    parser.add_argument("--exclude", action="append", metavar="CHECKER", help="skip these checkers or kinds")
    parser.add_argument("--manifests", action="append", metavar="DIR", help="also load provider manifests from DIR (repeatable)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text report")
    parser.add_argument("--version", action="version", version=f"numcheck {numcheck_version()}")
    return parser


def _checkers_parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(out=out, err=err, prog="numcheck checkers", description="List every checker numcheck knows, and broken plugins.")
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    return parser


def _record_parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
        out=out,
        err=err,
        prog="numcheck record",
        description="Re-record a provider's cassette LIVE (maintainers, with internet and a number you own); scrubbed on the way.",
    )
    parser.add_argument("provider", help="checker id")
    parser.add_argument("--scenario", required=True, help="registered, not_registered, blocked, drift or no_data")
    parser.add_argument("--number", required=True, help="a number you own whose answer is that scenario")
    parser.add_argument("--out", default="fixtures/cassettes", help="cassette directory (default fixtures/cassettes)")
    return parser


def _doctor_parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
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
    return parser


def _run_record(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from numcheck.maintenance import record_cassette

    args = _record_parser(out, err).parse_args(argv)
    settings = Settings.from_env()
    try:
        found, path = record_cassette(default_registry(settings), args.provider, args.scenario, args.number, Path(args.out), settings)
    except NumcheckError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    out.write(f"{args.provider}/{args.scenario}: {found.status.value}: {found.detail}\nwrote {path}\n")
    return EXIT_OK if found.status.value == args.scenario or args.scenario not in ("registered", "not_registered") else EXIT_INCOMPLETE


def _run_doctor(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from numcheck.maintenance import KNOWN_ANSWERS_FILE, read_known_answers, run_doctor

    args = _doctor_parser(out, err).parse_args(argv)
    settings = Settings.from_env()
    path = Path(args.file) if args.file else settings.user_config_dir() / KNOWN_ANSWERS_FILE
    try:
        rows = run_doctor(default_registry(settings), read_known_answers(path), settings)
    except NumcheckError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    for row in rows:
        verdict = "OK   " if row.ok else "DRIFT"
        out.write(f"{verdict} {row.checker_id:<18} expected {row.expected.value:<15} got {row.got.value:<15} {row.detail}\n")
    drifted = sum(not row.ok for row in rows)
    out.write(f"{len(rows) - drifted} of {len(rows)} known answers hold\n")
    return EXIT_INCOMPLETE if drifted else EXIT_OK


def _checkers_json(registry: Registry, settings: Settings) -> str:
    rows: list[dict[str, object]] = []
    for entry in registry.entries.values():
        meta = entry.checker.meta
        missing = [name for name in meta.needs_key if not settings.key(name)]
        rows.append(
            {
                **meta.model_dump(mode="json"),
                "source": entry.source,
                "enabled": not missing,
                "why_not": f"set {' and '.join(missing)}" if missing else None,
            }
        )
    broken = [{"name": item.name, "source": item.source, "error": item.error, "enabled": False} for item in registry.broken]
    return json.dumps({"checkers": rows, "broken": broken}, ensure_ascii=False, indent=2)


def _read_numbers(path: str, stdin: TextIO) -> list[str]:
    if path == "-":
        return [line.strip() for line in stdin if line.strip()]
    with open(path, encoding="utf-8-sig") as handle:
        return [line.strip() for line in handle if line.strip()]


def _colour(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def _incomplete(report: Report) -> bool:
    return any(item.status in (Status.BLOCKED, Status.ERROR) for item in report.findings)


def _run_checkers(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    args = _checkers_parser(out, err).parse_args(argv)
    settings = Settings.from_env()
    registry = default_registry(settings)
    out.write(_checkers_json(registry, settings) + "\n" if args.json else render_checkers(registry, colour=_colour("auto", out)))
    return EXIT_OK


def _run_check(argv: Sequence[str], out: TextIO, err: TextIO, stdin: TextIO) -> int:
    parser = _check_parser(out, err)
    args = parser.parse_args(argv)
    numbers = list(args.numbers)
    if args.file:
        try:
            numbers += _read_numbers(args.file, stdin)
        except OSError as error:
            err.write(f"numcheck: cannot read {args.file}: {error.strerror or error}\n")
            return EXIT_USAGE
    if not numbers:
        parser.print_usage(err)
        err.write("numcheck: give at least one NUMBER (or --file PATH)\n")
        return EXIT_USAGE
    settings = Settings.from_env()
    if args.manifests:
        from pathlib import Path

        settings = settings.model_copy(update={"manifest_dirs": (*settings.manifest_dirs, *(Path(item) for item in args.manifests))})
    try:
        registry = default_registry(settings)
        registry.select(_names(args.only), _names(args.exclude))
    except NumcheckError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    as_json = args.json or args.format == "json"
    reports: list[Report] = []
    invalid = 0
    for number in numbers:
        try:
            report = check(
                number,
                offline=args.offline,
                region=args.region,
                only=_names(args.only),
                exclude=_names(args.exclude),
                settings=settings,
                registry=registry,
            )
        except InvalidNumber as error:
            invalid += 1
            err.write(f"numcheck: invalid number {number!r}: {error}\n")
            continue
        reports.append(report)
        if not as_json:
            if len(reports) > 1:
                out.write("\n" + "─" * 60 + "\n\n")
            out.write(render_report(report, colour=_colour(args.color, out)))
            out.flush()
    if as_json and reports:
        if len(numbers) == 1:
            out.write(reports[0].model_dump_json(indent=2) + "\n")
        else:
            out.write("[\n" + ",\n".join(report.model_dump_json(indent=2) for report in reports) + "\n]\n")
    if invalid:
        return EXIT_USAGE
    return EXIT_INCOMPLETE if any(_incomplete(report) for report in reports) else EXIT_OK


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (tracebacks only with NUMCHECK_DEBUG=1)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (out, err):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    try:
        if argv and argv[0] == "checkers":
            return _run_checkers(argv[1:], out, err)
        if argv and argv[0] == "record":
            return _run_record(argv[1:], out, err)
        if argv and argv[0] == "doctor":
            return _run_doctor(argv[1:], out, err)
        return _run_check(argv, out, err, stdin or sys.stdin)
    except SystemExit as exit_:  # argparse: --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except KeyboardInterrupt:
        err.write("numcheck: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:
        if os.environ.get("NUMCHECK_DEBUG"):
            raise
        err.write(f"numcheck: internal error: {type(error).__name__}: {error} (set NUMCHECK_DEBUG=1 for a traceback)\n")
        return EXIT_INTERNAL
