"""Running a batch for ``numcheck NUMBER...`` and ``numcheck compare``: settings, checkers, history, output, streaming."""

from __future__ import annotations

import argparse
import contextlib
from typing import TYPE_CHECKING, TextIO

from numcheck._errors import InputError, NumcheckError, StoreError, shortened
from numcheck._text import printable
from numcheck.batch import BatchItem, check_many
from numcheck.cli import options
from numcheck.cli.config import configured
from numcheck.cli.history_store import open_batch_store
from numcheck.cli.inputs import chunks_in, count, named_broken, numbers_in
from numcheck.cli.lines import error_line, error_message, say_line
from numcheck.cli.progress import UnreadableLines, progress_bar
from numcheck.cli.tally import Tally
from numcheck.config import Settings
from numcheck.engine import numcheck_version
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE
from numcheck.frontends.parsing import colour, names
from numcheck.messages import Message, say
from numcheck.registry import Registry, default_registry
from numcheck.render.i18n import DEFAULT_LANGUAGE, say_in, ui
from numcheck.render.stream import open_writer

if TYPE_CHECKING:
    from collections.abc import Iterator

    from numcheck.bulk.rows import OfflineRows
    from numcheck.frontends.config_file import Resolved
    from numcheck.store import Store


def run_batch(args: argparse.Namespace, out: TextIO, err: TextIO, stdin: TextIO, *, ranking: bool) -> int:
    from numcheck.inputs import STDIN

    # Flags over the environment over the config file (numcheck config shows the outcome); read first, so that even a
    # mistake in the command is told in the reader's language.
    defaults = configured({"offline": args.offline, "workers": args.workers, "timeout": args.timeout, "lang": args.lang}, err)
    lang = args.lang = str(defaults.value("lang"))
    if ranking and (args.json or args.format) not in (None, True, *options.RANK_FORMATS):
        say_line(err, lang, "cli.rank_formats", formats=options.RANK_FORMATS)
        return EXIT_USAGE
    if args.column and not args.file and STDIN not in args.numbers:
        say_line(err, lang, "cli.column_needs_file")
        return EXIT_USAGE
    if not args.numbers and not args.file:
        # One line, as every usage error: the options are a --help away, not a ten-line block.
        say_line(err, lang, "cli.no_numbers")
        return EXIT_USAGE
    # An unset shell variable ("$NUMBER") is a mistake in the command, not a line of data: say so instead of printing nothing.
    empty = next((position for position, number in enumerate(args.numbers, 1) if not number.strip()), None)
    if empty is not None:
        say_line(err, lang, "cli.empty_argument", position=empty)
        return EXIT_USAGE
    if len(args.numbers) > 1:
        from numcheck.cli.pieces import AmbiguousPiecesError, join_pieces

        try:
            args.numbers = join_pieces(args.numbers, args.region)
        except AmbiguousPiecesError as error:
            say_line(err, lang, "cli.ambiguous_pieces", pieces=error.shown)
            return EXIT_USAGE
    fmt = "json" if args.json else (args.format or "text")
    if fmt == "html":
        lines = count(args)
        if lines is not None and lines > options.HTML_MAX_NUMBERS:
            say_line(err, lang, "cli.html_too_big", limit=f"{options.HTML_MAX_NUMBERS:,}", lines=f"{lines:,}")
            return EXIT_USAGE
    single = not ranking and len(args.numbers) == 1 and args.numbers[0] != STDIN and not args.file
    args.offline = bool(defaults.value("offline"))
    args.offline_from = offline_origin(defaults) if args.offline else None
    overrides: dict[str, object] = {}
    if args.ttl is not None:
        overrides["cache_ttl"] = args.ttl
    if args.max_billed is not None:
        overrides["max_billed"] = args.max_billed
    if args.ignore_health:
        overrides["ignore_health"] = True
    if args.manifests:
        from pathlib import Path

        overrides["manifest_dirs"] = (*Settings.from_env().manifest_dirs, *(Path(item) for item in args.manifests))
    # Every setting is validated once, here: an unusable one is one line and exit 2 before anything runs.
    settings = defaults.settings_for(None, **overrides)
    try:
        registry = default_registry(settings, online=not args.offline or bool(args.only or args.exclude))
        if named_broken(registry, names(args.only), err, args.lang):
            return EXIT_USAGE
        registry.select(names(args.only), names(args.exclude))
    except NumcheckError as error:
        error_line(err, args.lang, error)
        return EXIT_USAGE
    if settings.max_billed and not args.offline:
        for line in age_search_announcement(args, settings, registry):
            err.write(f"numcheck: {say_in(args.lang, line)}\n")
    # A plugin or manifest that failed to load is skipped, never silently: the user may think it is asking.
    for broken in registry.broken:
        say_line(err, args.lang, "cli.broken", source=broken.source, error=printable(broken.error))
    stdin_is_input = STDIN in (args.file, *args.numbers)
    store, stop = open_batch_store(settings, args, err, stdin, stdin_is_input)
    if stop is not None:
        return stop
    try:
        return write_batch(args, fmt, single, ranking, settings, registry, store, out, err, stdin)
    except KeyboardInterrupt as interrupt:
        from numcheck.cli.signals import Stopped, Terminated, stopped_line

        # What this run kept, told truly: offline answers and a run without history keep nothing, -o writes nothing.
        terminated = isinstance(interrupt, Terminated)
        told = stopped_line(terminated, offline=args.offline, stored=store is not None, output=args.output)
        raise Stopped(terminated, told, args.lang) from interrupt


def write_batch(
    args: argparse.Namespace,
    fmt: str,
    single: bool,
    ranking: bool,
    settings: Settings,
    registry: Registry,
    store: Store | None,
    out: TextIO,
    err: TextIO,
    stdin: TextIO,
) -> int:
    """Check the batch into stdout or the ``-o`` file (written beside it, renamed at the end); the exit code."""
    with contextlib.ExitStack() as cleanup:
        if store is not None:
            cleanup.callback(store.close)
        output = None
        if args.output:
            # Written beside the file and renamed at the end: a failed run leaves the old file as it was.
            from numcheck.frontends.output import cannot_write, open_output, same_file

            if args.file and same_file(args.output, args.file):
                say_line(err, args.lang, "output.is_input", path=args.output)
                return EXIT_USAGE

            try:
                output = open_output(args.output)
            except OSError as error:
                err.write(cannot_write(args.output, error, args.lang) + "\n")
                return EXIT_USAGE
            cleanup.callback(output.discard)
        code = stream(args, fmt, single, ranking, settings, registry, store, output.handle if output else out, err, stdin)
        if output is not None and code in (EXIT_OK, EXIT_INCOMPLETE):
            try:
                output.commit()
            except OSError as error:
                err.write(cannot_write(args.output, error, args.lang, kept=True) + "\n")
                return EXIT_USAGE
        return code


def offline_origin(defaults: Resolved) -> Message | None:
    """Where offline mode came from, as the report's coverage line says it, when not from --offline on this command line."""
    from numcheck.frontends.config_file import Source

    origin = defaults.settings["offline"]
    if origin.source is Source.ENVIRONMENT:
        return say("fixes.coverage_offline.environment", where=origin.where)
    if origin.source is Source.CONFIG_FILE:
        return say("fixes.coverage_offline.config", where=origin.where)
    return None


def stream(
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
    """Check the inputs and write each result as it comes (or all at the end, for a ranking or a page); the exit code."""
    show = not single and not args.quiet and err.isatty()
    skipped = UnreadableLines(err, args.lang)
    numbers, total = numbers_in(args, stdin, skipped, counted=show)
    coloured = colour(args.color, target)
    if args.offline and not single and not ranking and not args.details and not args.only_hits and fmt in ("csv", "jsonl"):
        from numcheck.bulk.rows import OfflineRows, serves
        from numcheck.engine import Runner

        with Runner(
            offline=True, region=args.region, only=names(args.only), exclude=names(args.exclude), settings=settings, registry=registry
        ) as runner:
            if serves(runner, fmt):
                chunks = chunks_in(args, stdin, skipped)
                rows = OfflineRows(runner, fmt)
                return stream_fast(rows, chunks, skipped, target, err, show, total, quiet=args.quiet, lang=args.lang)
    # Ranking and HTML need every result before they can be written; the other formats stream.
    collecting = ranking or fmt == "html"
    writer = None
    if not collecting:
        writer = open_writer(
            fmt, target, single=single, details=args.details, colour=coloured, lang=args.lang, offline_from=args.offline_from
        )
    tally = Tally()
    collected: list[BatchItem] = []

    def store_failed(error: StoreError) -> None:
        line = ui(args.lang, "cli.store_failed", error=error_message(error))
        progress.write(f"numcheck: {line}", file=err)

    with progress_bar(show, total, err) as progress:
        skipped.clear = progress.clear
        items = check_many(
            numbers,
            offline=args.offline,
            region=args.region,
            only=names(args.only),
            exclude=names(args.exclude),
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
                    reason = item.invalid_message or item.invalid
                    say_line(err, args.lang, "cli.invalid_number", input=shortened(item.input), reason=reason)
                if args.only_hits:
                    shown, hidden = hits_of(item, single=single)
                    if single and hidden:
                        message_id, counts = hidden_line(item, hidden)
                        say_line(err, args.lang, message_id, **counts)
                    if shown is None:
                        tally.hidden += item.report is not None  # a duplicate is left out too, but counted as one already
                        progress.update()
                        continue
                    item = shown
                if writer is None:
                    collected.append(item)
                    if fmt == "html" and len(collected) > options.HTML_MAX_NUMBERS:  # stdin: its size is learnt by reading it
                        say_line(err, args.lang, "cli.html_too_big.more", limit=f"{options.HTML_MAX_NUMBERS:,}")
                        return EXIT_USAGE
                else:
                    if show:
                        progress.clear()
                    writer.write(item)
                progress.update()
            if writer is not None:
                writer.close()
            elif ranking:
                from numcheck.cli.ranking import write_ranking

                write_ranking(collected, fmt, target, coloured, args.lang)
            elif tally.checked or not single:
                from numcheck.render.html import render_html  # Jinja2 is loaded only for HTML output

                target.write(render_html(collected, version=numcheck_version(), lang=args.lang))
        except InputError as error:
            error_line(err, args.lang, error)
            return EXIT_USAGE
        except BrokenPipeError:
            # The reader went away (numcheck ... | head): stop the lookups without waiting for them; main ends quietly.
            with contextlib.suppress(KeyboardInterrupt):
                items.throw(KeyboardInterrupt())
            raise
        except OSError as error:
            say_line(err, args.lang, "output.cannot_write_stream", error=str(error.strerror or error))
            return EXIT_USAGE
        except KeyboardInterrupt:
            # Landed here rather than inside the batch: hand it in, so the batch stops without waiting for its lookups.
            with contextlib.suppress(KeyboardInterrupt):
                items.throw(KeyboardInterrupt())
            raise
        finally:
            items.close()
    tally.unreadable = skipped.count
    if tally.empty:
        # One line instead of a summary of zeros; said even with --quiet, or exit 2 would read as a mistake in the command.
        say_line(err, args.lang, "fixes.no_input")
    elif (not single and not args.quiet) or tally.unsaved:
        err.write(tally.summary(args.lang))
    if tally.commas and not args.column and not args.quiet:
        # A CSV file given without --column: every row is "invalid", and the fix is one flag away.
        say_line(err, args.lang, "cli.csv_hint", count=tally.commas)
    return tally.exit_code(single)


def hits_of(item: BatchItem, *, single: bool) -> tuple[BatchItem | None, int]:
    """With --only-hits: the item as shown (None: left out of a batch's output), and how many findings it lost.

    A line that is not a number is still shown (it says why); a duplicate and a number known to be clean
    (`numcheck.frontends.hits.known_clean`) are left out of a batch: a number with no hit that nobody could check
    is not clean, and stays. A report that is shown keeps its verdict with only its hits among the findings.
    """
    if item.report is None:
        return (item if item.invalid is not None else None), 0
    from numcheck.frontends.hits import hits_only, known_clean  # --only-hits only

    report, hidden = hits_only(item.report)
    if not single and known_clean(item.report):
        return None, hidden
    return item.model_copy(update={"report": report}), hidden


def hidden_line(item: BatchItem, hidden: int) -> tuple[str, dict[str, int]]:
    """The message saying how many findings --only-hits left out of one report, naming those that gave no answer."""
    from numcheck.frontends.hits import unanswered

    silent = unanswered(item.report) if item.report is not None else 0
    if silent:
        return "fixes.hits_hidden_unanswered", {"count": hidden, "unanswered": silent}
    return ("cli.hits_hidden.one", {}) if hidden == 1 else ("cli.hits_hidden.many", {"count": hidden})


def stream_fast(
    rows: OfflineRows,
    chunks: Iterator[tuple[list[int], list[str]]],
    skipped: UnreadableLines,
    target: TextIO,
    err: TextIO,
    show: bool,
    total: int | None,
    *,
    quiet: bool,
    lang: str = DEFAULT_LANGUAGE,
) -> int:
    """An offline CSV or JSON Lines batch through the bulk path (numcheck.bulk.rows), a chunk at a time."""
    from numcheck.bulk.writeback import WriteBehind

    behind = WriteBehind(target)
    with progress_bar(show, total, err) as progress:
        skipped.clear = progress.clear
        try:
            header = rows.header()  # written with the first block (or at the end): a failure at once leaves no stray header
            for pieces, done in rows.blocks_counted(chunks):
                target.write(header)
                header = ""
                target.writelines(pieces)
                target.flush()
                behind.wrote(sum(map(len, pieces)))
                progress.update(done)
            target.write(header)
        except InputError as error:
            error_line(err, lang, error)
            return EXIT_USAGE
        except BrokenPipeError:
            raise  # the reader went away: main ends quietly
        except OSError as error:
            say_line(err, lang, "output.cannot_write_stream_offline", error=str(error.strerror or error))
            return EXIT_USAGE
        finally:
            behind.close()
    counts = rows.counts
    tally = Tally()
    tally.checked, tally.invalid, tally.duplicates = counts["checked"], counts["invalid"], counts["duplicate"]
    tally.unreadable = skipped.count
    if tally.empty:
        say_line(err, lang, "fixes.no_input")
    elif not quiet:
        err.write(tally.summary(lang))
    return tally.exit_code(single=False)


def age_search_announcement(args: argparse.Namespace, settings: Settings, registry: Registry) -> list[Message]:
    """What the number-age search may spend, said before any call (the one number's segment sets its range)."""
    from datetime import UTC, datetime

    from numcheck._errors import InvalidNumber
    from numcheck.numbers import parse
    from numcheck.offline.enrich import facts_for
    from numcheck.providers.age_search import announcement_messages

    segment, numbers = None, count(args)
    if numbers == 1 and args.numbers:
        with contextlib.suppress(InvalidNumber):
            segment = facts_for(parse(args.numbers[0], args.region), args.numbers[0]).segment
    checkers = registry.select(names(args.only), names(args.exclude))
    return announcement_messages(checkers, settings, segment, datetime.now(UTC).date(), numbers)
