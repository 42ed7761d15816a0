"""Where a batch's numbers come from: NUMBER arguments, stdin ('-') and ``--file``, in that order, read lazily."""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TextIO

from numcheck.cli.lines import say_line
from numcheck.cli.progress import UnreadableLines

if TYPE_CHECKING:
    from numcheck.inputs import Decoding, Header, OnDecoding, OnHeader
    from numcheck.registry import Registry


def named_broken(registry: Registry, only: list[str], err: TextIO, lang: str) -> bool:
    """Whether ``--only`` names a checker that could not load; if so, one line says which and why (not "no such checker")."""
    loaded = {checker.meta.id for checker in registry}
    for item in registry.broken:
        if item.name in only and item.name not in loaded:
            say_line(err, lang, "cli.only_broken", name=item.name, source=item.source, error=item.error)
            return True
    return False


def told(skipped: UnreadableLines, lang: str) -> OnDecoding:
    """What reading finds about a file's encoding, as one line on stderr (above the progress bar, as unreadable lines are)."""

    def tell(found: Decoding) -> None:
        skipped.clear()
        say_line(skipped.err, lang, f"inputs.encoding.{found.found}", source=found.source, encoding=found.encoding.upper())

    return tell


def header_told(skipped: UnreadableLines, lang: str) -> OnHeader:
    """A plain list's title line left out, as one line on stderr (above the progress bar, as unreadable lines are)."""

    def tell(header: Header) -> None:
        skipped.clear()
        say_line(skipped.err, lang, "inputs.header", source=header.source, line=header.line, text=header.text)

    return tell


def numbers_in(args: argparse.Namespace, stdin: TextIO, skipped: UnreadableLines, *, counted: bool) -> tuple[Iterator[str], int | None]:
    """Every input number, lazily, and (when ``counted``: only a progress bar needs it) how many there are."""
    from numcheck.inputs import STDIN, read_numbers

    sources: list[Iterable[str]] = []
    plain = [number for number in args.numbers if number != STDIN]
    if plain:
        sources.append(plain)
    if STDIN in args.numbers:
        sources.append(read_numbers(STDIN, **_reading(args, stdin, skipped)))
    if args.file:
        sources.append(read_numbers(args.file, **_reading(args, stdin, skipped)))
    return itertools.chain.from_iterable(sources), count(args) if counted else None


def count(args: argparse.Namespace) -> int | None:
    """How many input lines there are, when that is cheap to know (not for stdin)."""
    from numcheck.inputs import STDIN, count_numbers

    if STDIN in args.numbers:
        return None
    known = len(args.numbers)
    in_file = count_numbers(args.file, column=args.column, encoding=getattr(args, "encoding", None)) if args.file else 0
    return None if in_file is None else known + in_file


def chunks_in(args: argparse.Namespace, stdin: TextIO, skipped: UnreadableLines) -> Iterator[tuple[list[int], list[str]]]:
    """The inputs of `numbers_in`, in the same order and with the same line numbers, a chunk at a time."""
    from numcheck.bulk.rows import chunks_of
    from numcheck.inputs import STDIN, read_chunks

    plain = [number for number in args.numbers if number != STDIN]
    if plain:
        yield from chunks_of(plain)
    if STDIN in args.numbers:
        yield from read_chunks(STDIN, **_reading(args, stdin, skipped))
    if args.file:
        yield from read_chunks(args.file, **_reading(args, stdin, skipped))


def _reading(args: argparse.Namespace, stdin: TextIO, skipped: UnreadableLines) -> dict[str, Any]:
    # One set of reading options for both paths (per number and in bulk), so they read a file alike.
    return {
        "column": args.column,
        "stdin": stdin,
        "on_unreadable": skipped,
        "encoding": getattr(args, "encoding", None),
        "on_decoding": told(skipped, args.lang),
        # A header is said where the reader guesses it (a plain list's title line); a CSV's is expected, left out quietly.
        "on_header": None if args.column else header_told(skipped, args.lang),
    }
