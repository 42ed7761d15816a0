"""``numcheck doctor --self-check`` and ``--health-from``: run the self-check or load a health file, print the table.

`numcheck.cli.doctor` parses the options; the work is in `numcheck.selfcheck` and `numcheck.health`.
Exit codes: 0 when every checker asked is healthy (or a health file was loaded), 2 for a usage
mistake or a malformed health file, 3 when any checker asked is not healthy or nothing could be asked.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.cli.lines import error_line, say_line
from numcheck.config import Settings
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_USAGE
from numcheck.frontends.parsing import names
from numcheck.health.model import HealthFile
from numcheck.health.render import render_json
from numcheck.maintenance import KNOWN_ANSWERS_FILE
from numcheck.messages import say
from numcheck.render.doctor import render_self_check, render_self_check_markdown, self_check_summary
from numcheck.render.i18n import DEFAULT_LANGUAGE


def _render(table: HealthFile, args: argparse.Namespace, lang: str = DEFAULT_LANGUAGE) -> str:
    if args.json:
        return render_json(table)
    return render_self_check_markdown(table, lang) if args.markdown else render_self_check(table, lang)


def _write_file(path: str, text: str) -> None:
    from numcheck._atomic import AtomicFile

    output = AtomicFile(path)
    try:
        output.handle.write(text)
        output.commit()
    finally:
        output.discard()


def _load(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO, lang: str) -> int:
    from numcheck.health.published import load_health_file, source_name
    from numcheck.health.store import record_published
    from numcheck.registry import default_registry

    table = load_health_file(args.health_from, settings)
    source = source_name(args.health_from)
    registry = default_registry(settings)
    # Switched-off checkers are installed too: their health is kept for when they are switched on again.
    installed = set(registry.entries) | {entry.checker.meta.id for entry in registry.disabled}
    try:
        path, kept = record_published(settings, table, source, installed)
    except OSError as error:
        say_line(err, lang, "health.cli.unstored", error=str(error.strerror or error))
        return EXIT_USAGE
    false = sorted(row.checker_id for row in kept if row.state.false_answer)
    aside = say("health.cli.aside", ids=", ".join(false)) if false else None
    strangers = sum(row.checker_id not in installed for row in table.checkers)
    ignored = say("health.cli.ignored", count=strangers) if strangers else None
    on = f"{table.generated_at:%Y-%m-%d}"
    say_line(
        err, lang, "health.cli.loaded", on=on, source=source, checkers=len(table.checkers), kept=len(kept), ignored=ignored,
        path=str(path), aside=aside,
    )  # fmt: skip
    if not args.self_check:
        out.write(_render(table, args, lang))
    return EXIT_OK


def _self_check(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO, lang: str) -> int:
    from numcheck.health.canaries import read_canaries
    from numcheck.health.store import record_self_check
    from numcheck.selfcheck import self_check

    known = Path(args.known) if args.known else settings.user_config_dir() / KNOWN_ANSWERS_FILE
    # Without --known, the known-answers file in the config directory is used when there is one (doctor --file's default).
    canaries = read_canaries(known) if args.known or known.is_file() else []
    table = self_check(settings=settings, canaries=canaries, controls=args.controls, only=names(args.only))
    try:
        record_self_check(settings, table)
    except OSError as error:
        say_line(err, lang, "health.cli.not_recorded", error=str(error.strerror or error))
    if args.save:
        try:
            _write_file(args.save, render_json(table))
        except OSError as error:
            say_line(err, lang, "health.cli.cannot_write", path=args.save, error=str(error.strerror or error))
            return EXIT_USAGE
    out.write(_render(table, args, lang))
    if table.nothing_answered:
        err.write(f"numcheck: {self_check_summary(table, lang)}\n")
        return EXIT_INCOMPLETE
    return EXIT_OK if table.all_healthy else EXIT_INCOMPLETE


def run_health(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> int:
    """Load ``--health-from`` (if given), then run ``--self-check`` (if asked); the exit code."""
    if args.json and args.markdown:
        say_line(err, lang, "health.cli.two_formats")
        return EXIT_USAGE
    from numcheck.selfcheck import MAX_CONTROLS

    if not 0 <= args.controls <= MAX_CONTROLS:
        say_line(err, lang, "health.cli.controls", most=MAX_CONTROLS)
        return EXIT_USAGE
    try:
        code = _load(args, settings, out, err, lang) if args.health_from else EXIT_OK
        if code != EXIT_OK or not args.self_check:
            return code
        return _self_check(args, settings, out, err, lang)
    except NumcheckError as error:
        error_line(err, lang, error)
        return EXIT_USAGE
