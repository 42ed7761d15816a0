"""The ``numcheck`` command: parse arguments, call the public API, render. No business logic here.

Exit codes: 0 report produced; 1 internal error; 2 usage error, unreadable input, or an invalid
number (for a batch: only when no line was a usable number; invalid lines are reported, not fatal);
3 report produced but some checks could not complete (blocked or error); 4 the history database is
unusable (locked, corrupt, disk full) and the run did not continue without it; 130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn, Protocol, TextIO

from numcheck._errors import InputError, InvalidNumber, NumcheckError, StoreError, quoted
from numcheck.batch import BatchItem, check_many
from numcheck.config import Settings
from numcheck.engine import numcheck_version
from numcheck.numbers import DEFAULT_REGION, parse
from numcheck.registry import Registry, default_registry
from numcheck.render.stream import FORMATS, open_writer
from numcheck.render.text import render_checkers
from numcheck.report import Report, Status

if TYPE_CHECKING:
    from numcheck.bulk.rows import OfflineRows
    from numcheck.inputs import Unreadable
    from numcheck.store import Store

RANK_FORMATS = ("text", "json", "html")
# One HTML page holds every report until it is written (the ranking needs them all): 20,000 numbers took 1.4 GB.
# Past this many input lines the page is refused, before anything is checked where the count is known.
HTML_MAX_NUMBERS = 1_000
# Unreadable lines named one by one on stderr; past this, only counted (a binary file must not flood the terminal).
UNREADABLE_SHOWN = 20

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3
EXIT_STORE = 4
EXIT_INTERRUPTED = 130

SUBCOMMANDS = ("compare", "history", "diff", "checkers", "record", "doctor")
_EXIT_EPILOG = (
    "Exit codes: 0 report produced, 1 internal error, 2 usage error / unreadable input / invalid number, "
    "3 some checks could not complete (blocked/error), 4 history database unusable, 130 interrupted."
)
_BATCH_EPILOG = (
    _EXIT_EPILOG[:-1] + " (Ctrl-C stops within a second: lookups in flight are abandoned, what was printed is stored; "
    "SIGTERM does the same and ends the process by that signal). An empty NUMBER argument is a usage error. "
    "Exit 3 also when input lines were skipped as unreadable. A history written by a newer numcheck is refused "
    "(exit 4); an older one is upgraded in place."
)


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


def _duration(text: str) -> float:
    """Seconds from '90', '30m', '6h' or '7d' (argparse type)."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    text = text.strip().lower()
    try:
        return float(text[:-1]) * units[text[-1]] if text and text[-1] in units else float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a duration: {text!r} (use seconds, or 30m, 6h, 7d)") from None


def _add_batch_options(parser: argparse.ArgumentParser, *, formats: Sequence[str]) -> None:
    parser.add_argument("numbers", nargs="*", metavar="NUMBER", help="phone numbers in any written form ('-' reads stdin)")
    parser.add_argument(
        "--file",
        metavar="PATH",
        help="read numbers from a file, one per line ('-' for stdin); a line that is not UTF-8 or is over 128 KB "
        "is named on stderr (line, byte offset from 0), skipped and counted, and the batch goes on (exit 3)",
    )
    parser.add_argument("--column", metavar="NAME|N", help="the file is CSV: take numbers from this column (header name or 1-based)")
    parser.add_argument("--json", action="store_true", help="same as --format json")
    parser.add_argument(
        "--format",
        choices=formats,
        default=None,
        help=f"output format (default text; html: one self-contained page of at most {HTML_MAX_NUMBERS:,} numbers, use with -o; "
        "a larger batch is refused with exit 2 before anything is checked: use csv)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        help="write the output to PATH instead of stdout (as .PATH.*.part beside it, renamed when complete; Ctrl-C or "
        "SIGTERM removes the .part, and one left by kill -9 is removed by the next run writing PATH)",
    )
    parser.add_argument("--offline", action="store_true", help="ask no online service; offline facts only")
    parser.add_argument("--region", default=DEFAULT_REGION, help="region for numbers written without a country code (default CN)")
    parser.add_argument("--only", action="append", metavar="CHECKER", help="run only these checkers or kinds (repeatable, comma-separated)")
    parser.add_argument("--exclude", action="append", metavar="CHECKER", help="skip these checkers or kinds")
    parser.add_argument("--manifests", action="append", metavar="DIR", help="also load provider manifests from DIR (repeatable)")
    parser.add_argument("--refresh", action="store_true", help="ask every service again, even if a stored answer is fresh")
    parser.add_argument("--no-store", action="store_true", help="keep no history and reuse nothing (nothing is written to disk)")
    parser.add_argument("--ttl", type=_duration, metavar="DURATION", help="reuse stored answers younger than this (default 24h; 0 never)")
    parser.add_argument("--workers", type=int, metavar="N", help="numbers checked at once in a batch (default 8)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no batch summary on stderr")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the text output")
    parser.add_argument("--lang", choices=("en", "zh"), default="en", help="language of the HTML page's own words (default en)")


def _check_parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
        out=out,
        err=err,
        prog="numcheck",
        description="What did the previous owner leave attached to a second-hand phone number? "
        f"Subcommands: {', '.join(SUBCOMMANDS)} (numcheck SUBCOMMAND --help).",
        epilog=_BATCH_EPILOG,
    )
    _add_batch_options(parser, formats=(*FORMATS, "html"))
    parser.add_argument("--rank", action="store_true", help="rank the numbers from cleanest to riskiest (same as 'numcheck compare')")
    parser.add_argument("--details", action="store_true", help="for a batch in text format: full reports instead of a table")
    parser.add_argument("--version", action="version", version=f"numcheck {numcheck_version()}")
    return parser


def _compare_parser(out: TextIO, err: TextIO) -> _Parser:
    parser = _Parser(
        out=out,
        err=err,
        prog="numcheck compare",
        description="Which of these numbers should I buy? Checks every candidate and ranks them from cleanest to riskiest, with reasons.",
        epilog=_BATCH_EPILOG,
    )
    _add_batch_options(parser, formats=RANK_FORMATS)
    return parser


def _history_parser(out: TextIO, err: TextIO, name: str) -> _Parser:
    what = {
        "history": "List the stored checks of a number, newest first.",
        "diff": "Show what changed between the two latest checks of a number (e.g. bindings removed after the carrier's unbinding service).",
    }[name]
    parser = _Parser(out=out, err=err, prog=f"numcheck {name}", description=what, epilog=_EXIT_EPILOG)
    parser.add_argument("number", metavar="NUMBER")
    parser.add_argument("--region", default=DEFAULT_REGION, help="region for a number written without a country code (default CN)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    if name == "history":
        parser.add_argument("--limit", type=int, default=20, help="how many checks to list (default 20)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="colour the output")
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
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="false-positive sweep: ask every account provider about numbers from never-opened segments; "
        "a 'registered' answer there means its signals drifted",
    )
    parser.add_argument("--disable", action="store_true", help="with --sweep: switch drifting providers off in your config")
    return parser


def _run_record(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from numcheck.maintenance import record_cassette

    args = _record_parser(out, err).parse_args(argv)
    try:
        import vcr  # noqa: F401 - only to learn, before anything is created, whether recording can work
    except ImportError:
        err.write("numcheck: record needs vcrpy: pip install 'numcheck[test]'\n")
        return EXIT_USAGE
    settings = Settings.from_env()
    try:
        found, path = record_cassette(default_registry(settings), args.provider, args.scenario, args.number, Path(args.out), settings)
    except NumcheckError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    out.write(f"{args.provider}/{args.scenario}: {found.status.value}: {found.detail}\nwrote {path}\n")
    return EXIT_OK if found.status.value == args.scenario or args.scenario not in ("registered", "not_registered") else EXIT_INCOMPLETE


def _run_sweep(settings: Settings, switch_off: bool, out: TextIO) -> int:
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


def _run_doctor(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from numcheck.maintenance import KNOWN_ANSWERS_FILE, read_known_answers, run_doctor

    args = _doctor_parser(out, err).parse_args(argv)
    settings = Settings.from_env()
    if args.sweep:
        return _run_sweep(settings, args.disable, out)
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


def _can_ask(stdin: TextIO, err: TextIO, stdin_is_input: bool) -> bool:
    return not stdin_is_input and stdin.isatty() and err.isatty()


def _open_store(
    settings: Settings, args: argparse.Namespace, err: TextIO, stdin: TextIO, stdin_is_input: bool
) -> tuple[Store | None, int | None]:
    """The history store, or None to go on without it; an exit code when the user would rather stop."""
    if args.no_store or args.offline:  # offline answers are not kept in the history (see engine.Runner)
        return None, None
    from numcheck.store import open_store

    try:
        return open_store(settings.user_data_dir(), ttl=settings.cache_ttl, timeout=settings.store_timeout), None
    except StoreError as error:
        problem = str(error)
    if _can_ask(stdin, err, stdin_is_input):
        err.write(f"numcheck: {problem}\n")
        err.write("Continue without history (nothing stored, nothing reused)? [y/N] ")
        err.flush()
        if stdin.readline().strip().lower() in ("y", "yes"):
            return None, None
    else:
        advice = (
            "" if "--no-store" in problem else "; run again with --no-store to continue without history, or move the database file away"
        )
        err.write(f"numcheck: {problem}{advice}\n")
    return None, EXIT_STORE


def _inputs(args: argparse.Namespace, stdin: TextIO, skipped: _Unreadable, *, counted: bool) -> tuple[Iterator[str], int | None]:
    """Every input number, lazily, and (when ``counted``: only a progress bar needs it) how many there are."""
    from numcheck.inputs import STDIN, read_numbers

    sources: list[Iterable[str]] = []
    plain = [number for number in args.numbers if number != STDIN]
    if plain:
        sources.append(plain)
    if STDIN in args.numbers:
        sources.append(read_numbers(STDIN, column=args.column, stdin=stdin, on_unreadable=skipped))
    if args.file:
        sources.append(read_numbers(args.file, column=args.column, stdin=stdin, on_unreadable=skipped))
    return itertools.chain.from_iterable(sources), _count(args) if counted else None


def _count(args: argparse.Namespace) -> int | None:
    """How many input lines there are, when that is cheap to know (not for stdin)."""
    from numcheck.inputs import STDIN, count_numbers

    if STDIN in args.numbers:
        return None
    known = len(args.numbers)
    in_file = count_numbers(args.file, column=args.column) if args.file else 0
    return None if in_file is None else known + in_file


class _Unreadable:
    """Lines of the input that could not be read: each named on stderr (the first `UNREADABLE_SHOWN`), all counted."""

    def __init__(self, err: TextIO) -> None:
        self.err = err
        self.count = 0
        self.clear: Callable[[], object] = lambda: None

    def __call__(self, problem: Unreadable) -> None:
        self.count += 1
        if self.count <= UNREADABLE_SHOWN:
            self.clear()  # the progress bar, if one is drawn
            self.err.write(f"numcheck: {problem}; skipped\n")
        elif self.count == UNREADABLE_SHOWN + 1:
            self.clear()
            self.err.write("numcheck: more unreadable lines are skipped without being named; the summary counts them\n")


class _Progress(Protocol):
    def update(self, n: float | None = 1) -> bool | None: ...

    def clear(self, nolock: bool = False) -> None: ...

    def write(self, s: str, file: TextIO | None = None) -> None: ...


class _NoBar:
    """What stands in for the bar when none is drawn (and tqdm, 45 ms to import, is not loaded)."""

    def update(self, n: float | None = 1) -> bool | None:
        return None

    def clear(self, nolock: bool = False) -> None:
        return None

    def write(self, s: str, file: TextIO | None = None) -> None:
        (file or sys.stderr).write(s + "\n")


def _progress_bar(show: bool, total: int | None, err: TextIO) -> contextlib.AbstractContextManager[_Progress]:
    if not show:
        return contextlib.nullcontext(_NoBar())
    from tqdm import tqdm

    return tqdm(total=total, file=err, unit="number", dynamic_ncols=True, leave=False)


class _Tally:
    """What the batch summary and the exit code need, counted as items stream by."""

    def __init__(self) -> None:
        self.checked = self.invalid = self.duplicates = self.incomplete = self.reused = self.unsaved = self.unreadable = 0

    def add(self, item: BatchItem) -> None:
        self.unsaved += item.unsaved
        if item.invalid is not None:
            self.invalid += 1
        elif item.duplicate_of is not None:
            self.duplicates += 1
        elif item.report is not None:
            self.checked += 1
            self.incomplete += _incomplete(item.report)
            self.reused += sum(finding.reused for finding in item.report.findings)

    def summary(self) -> str:
        parts = [f"{self.checked} checked", f"{self.invalid} invalid", f"{self.duplicates} duplicate"]
        if self.unreadable:
            parts.append(f"{self.unreadable} unreadable line{'s' if self.unreadable != 1 else ''} skipped")
        if self.incomplete:
            parts.append(f"{self.incomplete} with blocked/error checks")
        if self.reused:
            parts.append(f"{self.reused} answers reused from history (--refresh asks again)")
        if self.unsaved:
            parts.append(f"{self.unsaved} results could not be stored in the history")
        return "numcheck: " + ", ".join(parts) + "\n"

    def exit_code(self, single: bool) -> int:
        if self.unsaved:
            return EXIT_STORE
        if self.invalid and (single or not self.checked):
            return EXIT_USAGE
        if self.unreadable and not (self.checked or self.duplicates):
            return EXIT_USAGE  # not one line of the input could be used
        return EXIT_INCOMPLETE if self.incomplete or self.unreadable else EXIT_OK


def _run_batch(args: argparse.Namespace, parser: _Parser, out: TextIO, err: TextIO, stdin: TextIO, *, ranking: bool) -> int:
    from numcheck.inputs import STDIN

    if args.column and not args.file and STDIN not in args.numbers:
        err.write("numcheck: --column needs --file PATH or '-' (stdin)\n")
        return EXIT_USAGE
    if not args.numbers and not args.file:
        parser.print_usage(err)
        err.write("numcheck: give at least one NUMBER (or --file PATH, or '-' for stdin)\n")
        return EXIT_USAGE
    # An unset shell variable ("$NUMBER") is a mistake in the command, not a line of data: say so instead of printing nothing.
    empty = next((position for position, number in enumerate(args.numbers, 1) if not number.strip()), None)
    if empty is not None:
        err.write(f"numcheck: NUMBER argument {empty} is empty (an unset variable?): give a phone number, --file PATH or '-'\n")
        return EXIT_USAGE
    fmt = "json" if args.json else (args.format or "text")
    if fmt == "html":
        lines = _count(args)
        if lines is not None and lines > HTML_MAX_NUMBERS:
            err.write(_html_refusal(f"this input has {lines:,}"))
            return EXIT_USAGE
    single = not ranking and len(args.numbers) == 1 and args.numbers[0] != STDIN and not args.file
    overrides: dict[str, object] = {}
    if args.ttl is not None:
        overrides["cache_ttl"] = args.ttl
    if args.workers is not None:
        overrides["workers"] = args.workers
    if args.manifests:
        from pathlib import Path

        overrides["manifest_dirs"] = (*Settings.from_env().manifest_dirs, *(Path(item) for item in args.manifests))
    # Every setting is validated once, here: an unusable one is one line and exit 2 before anything runs.
    settings = Settings.from_env(None, **overrides)
    try:
        registry = default_registry(settings, online=not args.offline or bool(args.only or args.exclude))
        registry.select(_names(args.only), _names(args.exclude))
    except NumcheckError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    stdin_is_input = STDIN in (args.file, *args.numbers)
    store, stop = _open_store(settings, args, err, stdin, stdin_is_input)
    if stop is not None:
        return stop
    with contextlib.ExitStack() as cleanup:
        if store is not None:
            cleanup.callback(store.close)
        output = None
        if args.output:
            try:
                # Written beside the file and renamed at the end: a failed run leaves the old file as it was.
                from numcheck._atomic import AtomicFile

                output = AtomicFile(args.output)
            except OSError as error:
                err.write(f"numcheck: cannot write {args.output}: {error.strerror or error}\n")
                return EXIT_USAGE
            cleanup.callback(output.discard)
        code = _stream(args, fmt, single, ranking, settings, registry, store, output.handle if output else out, err, stdin)
        if output is not None and code in (EXIT_OK, EXIT_INCOMPLETE):
            try:
                output.commit()
            except OSError as error:
                err.write(f"numcheck: cannot write {args.output}: {error.strerror or error} (results so far are stored)\n")
                return EXIT_USAGE
        return code


def _html_refusal(size: str) -> str:
    return (
        f"numcheck: --format html makes one page of at most {HTML_MAX_NUMBERS:,} numbers and {size}; "
        "use --format csv (or jsonl) for a large batch\n"
    )


def _stream(
    args: argparse.Namespace,
    fmt: str,
    single: bool,
    ranking: bool,
    settings: Settings,
    registry: Registry,
    store: Store | None,
    target: TextIO,
    err: TextIO,
    stdin: TextIO,
) -> int:
    show = not single and not args.quiet and err.isatty()
    skipped = _Unreadable(err)
    numbers, total = _inputs(args, stdin, skipped, counted=show)
    colour = _colour(args.color, target)
    if args.offline and not single and not ranking and not args.details and fmt in ("csv", "jsonl"):
        from numcheck.bulk.rows import OfflineRows, serves
        from numcheck.engine import Runner

        with Runner(
            offline=True, region=args.region, only=_names(args.only), exclude=_names(args.exclude), settings=settings, registry=registry
        ) as runner:
            if serves(runner, fmt):
                chunks = _input_chunks(args, stdin, skipped)
                return _stream_fast(OfflineRows(runner, fmt), chunks, skipped, target, err, show, total, quiet=args.quiet)
    # Ranking and HTML need every result before they can be written; the other formats stream.
    collecting = ranking or fmt == "html"
    writer = None if collecting else open_writer(fmt, target, single=single, details=args.details, colour=colour, offline=args.offline)
    tally = _Tally()
    collected: list[BatchItem] = []

    def store_failed(error: StoreError) -> None:
        progress.write(f"numcheck: {error}; results that cannot be stored are counted at the end (exit 4)", file=err)

    with _progress_bar(show, total, err) as progress:
        skipped.clear = progress.clear
        items = check_many(
            numbers,
            offline=args.offline,
            region=args.region,
            only=_names(args.only),
            exclude=_names(args.exclude),
            settings=settings,
            registry=registry,
            store=store,
            refresh=args.refresh,
            on_store_error=store_failed,
        )
        try:
            for item in items:
                tally.add(item)
                if single and item.invalid is not None:
                    err.write(f"numcheck: invalid number {quoted(item.input)}: {item.invalid}\n")
                if writer is None:
                    collected.append(item)
                    if fmt == "html" and len(collected) > HTML_MAX_NUMBERS:  # stdin: its size is learnt by reading it
                        err.write(_html_refusal("this input has more"))
                        return EXIT_USAGE
                else:
                    if show:
                        progress.clear()
                    writer.write(item)
                progress.update()
            if writer is not None:
                writer.close()
            elif ranking:
                _write_ranking(collected, fmt, target, colour, args.lang)
            elif tally.checked or not single:
                from numcheck.render.html import render_html  # Jinja2 is loaded only for HTML output

                target.write(render_html(collected, version=numcheck_version(), lang=args.lang))
        except InputError as error:
            err.write(f"numcheck: {error}\n")
            return EXIT_USAGE
        except OSError as error:
            err.write(f"numcheck: cannot write the output: {error.strerror or error} (results so far are stored; re-run to resume)\n")
            return EXIT_USAGE
        except KeyboardInterrupt:
            # Landed here rather than inside the batch: hand it in, so the batch stops without waiting for its lookups.
            with contextlib.suppress(KeyboardInterrupt):
                items.throw(KeyboardInterrupt())
            raise
        finally:
            items.close()
    tally.unreadable = skipped.count
    if (not single and not args.quiet) or tally.unsaved:
        err.write(tally.summary())
    return tally.exit_code(single)


def _input_chunks(args: argparse.Namespace, stdin: TextIO, skipped: _Unreadable) -> Iterator[tuple[list[int], list[str]]]:
    """The inputs of `_inputs`, in the same order and with the same line numbers, a chunk at a time."""
    from numcheck.bulk.rows import chunks_of
    from numcheck.inputs import STDIN, read_chunks

    plain = [number for number in args.numbers if number != STDIN]
    if plain:
        yield from chunks_of(plain)
    if STDIN in args.numbers:
        yield from read_chunks(STDIN, column=args.column, stdin=stdin, on_unreadable=skipped)
    if args.file:
        yield from read_chunks(args.file, column=args.column, stdin=stdin, on_unreadable=skipped)


def _stream_fast(
    rows: OfflineRows,
    chunks: Iterator[tuple[list[int], list[str]]],
    skipped: _Unreadable,
    target: TextIO,
    err: TextIO,
    show: bool,
    total: int | None,
    *,
    quiet: bool,
) -> int:
    """An offline CSV or JSON Lines batch through the bulk path (numcheck.bulk.rows), a chunk at a time."""
    from numcheck.bulk.writeback import WriteBehind

    behind = WriteBehind(target)
    with _progress_bar(show, total, err) as progress:
        skipped.clear = progress.clear
        try:
            target.write(rows.header())
            for pieces, done in rows.blocks_counted(chunks):
                target.writelines(pieces)
                target.flush()
                behind.wrote(sum(map(len, pieces)))
                progress.update(done)
        except InputError as error:
            err.write(f"numcheck: {error}\n")
            return EXIT_USAGE
        except OSError as error:
            err.write(f"numcheck: cannot write the output: {error.strerror or error}\n")
            return EXIT_USAGE
        finally:
            behind.close()
    counts = rows.counts
    tally = _Tally()
    tally.checked, tally.invalid, tally.duplicates = counts["checked"], counts["invalid"], counts["duplicate"]
    tally.unreadable = skipped.count
    if not quiet:
        err.write(tally.summary())
    return tally.exit_code(single=False)


def _write_ranking(items: list[BatchItem], fmt: str, target: TextIO, colour: bool, lang: str = "en") -> None:
    from numcheck.ranking import rank

    ranked = rank(item.report for item in items if item.report is not None)
    # Rejected candidates are listed, never ranked: a typo must not silently drop out of a comparison.
    rejected = [(item.line, item.input, item.invalid) for item in items if item.invalid is not None]
    if fmt == "json":
        payload = {
            "ranked": [place.model_dump(mode="json") for place in ranked],
            "not_ranked": [{"line": line, "input": text, "invalid": why} for line, text, why in rejected],
        }
        target.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "html":
        from numcheck.render.html import render_html

        target.write(render_html(items, ranking=ranked, version=numcheck_version(), lang=lang))
    else:
        from numcheck.render.batch import render_ranking

        target.write(render_ranking(ranked, colour=colour))
        if rejected:
            target.write("\nNot ranked (not usable as phone numbers):\n")
            target.writelines(f"  line {line}: {quoted(text)}: {why}\n" for line, text, why in rejected)


def _run_check(argv: Sequence[str], out: TextIO, err: TextIO, stdin: TextIO) -> int:
    parser = _check_parser(out, err)
    args = parser.parse_args(argv)
    if args.rank and (args.json or args.format) not in (None, True, *RANK_FORMATS):
        err.write(f"numcheck: --rank prints {' or '.join(RANK_FORMATS)}\n")
        return EXIT_USAGE
    return _run_batch(args, parser, out, err, stdin, ranking=args.rank)


def _run_compare(argv: Sequence[str], out: TextIO, err: TextIO, stdin: TextIO) -> int:
    parser = _compare_parser(out, err)
    args = parser.parse_args(argv)
    args.details = False
    return _run_batch(args, parser, out, err, stdin, ranking=True)


def _run_history(name: str, argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    from numcheck.store import open_store

    args = _history_parser(out, err, name).parse_args(argv)
    try:
        e164 = parse(args.number, args.region).e164
    except InvalidNumber as error:
        err.write(f"numcheck: invalid number {args.number!r}: {error}\n")
        return EXIT_USAGE
    settings = Settings.from_env()
    try:
        with open_store(settings.user_data_dir(), timeout=settings.store_timeout) as store:
            checks = store.history(e164, limit=args.limit) if name == "history" else []
            diff = store.diff(e164) if name == "diff" else None
            stored = len(store.history(e164, limit=2)) if name == "diff" and diff is None else 0
    except StoreError as error:
        err.write(f"numcheck: {error}\n")
        return EXIT_STORE
    colour = _colour(args.color, out)
    if name == "history":
        if not checks:
            err.write(f"numcheck: no stored check of {e164} (run 'numcheck {e164}' first)\n")
            return EXIT_USAGE
        if args.json:
            out.write("[\n" + ",\n".join(check.model_dump_json(indent=2) for check in checks) + "\n]\n")
        else:
            from numcheck.render.batch import render_history

            out.write(render_history(checks, colour=colour))
        return EXIT_OK
    if diff is None:
        err.write(f"numcheck: {stored} stored check(s) of {e164}; diff needs two (run 'numcheck {e164} --refresh' again later)\n")
        return EXIT_USAGE
    from numcheck.render.batch import render_diff

    out.write(diff.model_dump_json(indent=2) + "\n" if args.json else render_diff(diff, colour=colour))
    return EXIT_OK


class _Terminated(KeyboardInterrupt):
    """SIGTERM, taken through Ctrl-C's clean-up: the history is closed and an ``-o`` file's .part removed."""


def _stop_on_signals() -> Callable[[], None]:
    """Make SIGINT and SIGTERM stop the run through its clean-up; a second one while it runs leaves at once.

    Returns what puts the previous handlers back. A signal the parent asked us to ignore (nohup, a background job) stays ignored.
    """
    stopping: list[int] = []

    def stop(signum: int, frame: object) -> None:
        if stopping:  # the clean-up itself is stuck, or the user is insistent
            os._exit(EXIT_INTERRUPTED)
        stopping.append(signum)
        raise _Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            previous[signum] = signal.signal(signum, stop)

    def restore() -> None:
        for signum, handler in previous.items():
            signal.signal(signum, handler)

    return restore


def _leave_now(terminated: bool, *streams: TextIO) -> NoReturn:
    """End the process without waiting for lookups still in flight.

    Python joins every worker thread at exit, and a lookup waiting on a slow service or its rate limit holds its
    thread for up to a minute: that wait was why Ctrl-C took 75 s. What was printed is flushed and what was checked
    is committed already, so nothing is lost by not waiting.
    """
    for stream in (*streams, sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    if terminated:  # die of the signal, as whoever sent it expects to see
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
    os._exit(EXIT_INTERRUPTED)


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None, err: TextIO | None = None, stdin: TextIO | None = None) -> int:
    """Run the command line; returns the exit code (tracebacks only with NUMCHECK_DEBUG=1).

    Called as the program (no ``argv``), an interrupted batch ends the process itself (see `_leave_now`).
    """
    as_program = argv is None
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    for stream in (out, err):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    # Batches only: numcheck serve (uvicorn) handles its own signals, and the other subcommands start no threads.
    batch = not argv or argv[0] == "compare" or argv[0] not in (*SUBCOMMANDS, "serve")
    restore = _stop_on_signals() if as_program and batch and threading.current_thread() is threading.main_thread() else None
    terminated: list[bool] = []
    try:
        code = _dispatch(argv, out, err, stdin, terminated)
    finally:
        if restore is not None and not terminated:
            restore()
    if terminated and restore is not None:
        _leave_now(terminated[0], out, err)
    return code


def _dispatch(argv: list[str], out: TextIO, err: TextIO, stdin: TextIO | None, terminated: list[bool]) -> int:
    try:
        if argv and argv[0] == "compare":
            return _run_compare(argv[1:], out, err, stdin or sys.stdin)
        if argv and argv[0] in ("history", "diff"):
            return _run_history(argv[0], argv[1:], out, err)
        if argv and argv[0] == "checkers":
            return _run_checkers(argv[1:], out, err)
        if argv and argv[0] == "record":
            return _run_record(argv[1:], out, err)
        if argv and argv[0] == "doctor":
            return _run_doctor(argv[1:], out, err)
        if argv and argv[0] == "serve":
            from numcheck.serve.command import run as serve

            return serve(argv[1:], out, err)
        return _run_check(argv, out, err, stdin or sys.stdin)
    except SystemExit as exit_:  # argparse: --help, --version and usage errors
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    except KeyboardInterrupt as stop:
        terminated.append(isinstance(stop, _Terminated))
        how = "terminated" if terminated[0] else "interrupted"
        err.write(f"numcheck: {how} (every result printed is stored; run the same command again to resume)\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except NumcheckError as error:  # e.g. an unusable NUMCHECK_* setting: one line, not an internal error
        err.write(f"numcheck: {error}\n")
        return EXIT_USAGE
    except Exception as error:
        if os.environ.get("NUMCHECK_DEBUG"):
            raise
        err.write(f"numcheck: internal error: {type(error).__name__}: {error} (set NUMCHECK_DEBUG=1 for a traceback)\n")
        return EXIT_INTERNAL
