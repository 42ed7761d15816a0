"""``numcheck after-buy NUMBER``: argument parsing and rendering of the after-purchase plan (logic: numcheck.afterbuy).

The first run records the purchase (``--bought``, default today, never a future day) against the
latest stored check made on or before that day (`numcheck.afterbuy.purchase_check`), or against a
check it makes now, and prints the dated plan. A later run
checks the number again (``--no-check``: use the latest stored check) and adds what changed
since the purchase check. Exit codes as for a check: 0, 2 usage or invalid number, 3 the new
check could not complete everywhere, or nothing could be compared with the purchase check, 4 the history is unusable.
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime
from typing import TextIO

from numcheck._errors import InvalidNumber, NumcheckError, StoreError, shortened
from numcheck.afterbuy import compared, plan, purchase_check, with_changes
from numcheck.cli.config import configured
from numcheck.cli.lines import error_line, say_line
from numcheck.engine import check
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_STORE, EXIT_USAGE
from numcheck.frontends.help import help_language, said
from numcheck.frontends.parsing import command_parser
from numcheck.numbers import DEFAULT_REGION, invalid_message, parse
from numcheck.offline.enrich import facts_for
from numcheck.providers.age_search import announcement_messages
from numcheck.registry import default_registry
from numcheck.render.afterbuy import localize_plan, render_plan
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES, say_in
from numcheck.report import Status


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def parser(out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    """The after-buy command's options."""

    def text(key: str) -> str:
        return said(lang, f"help.after_buy.{key}")

    made = command_parser(
        out, err, prog="numcheck after-buy", lang=lang, description=text("description"), epilog=said(lang, "fixes.help.after_buy_exit")
    )
    made.add_argument("number", metavar="NUMBER", help=text("number"))
    made.add_argument("--region", default=DEFAULT_REGION, help=said(lang, "help.history.region"))
    made.add_argument("--bought", type=_day, metavar="YYYY-MM-DD", help=text("bought"))
    made.add_argument("--no-check", action="store_true", help=text("no_check"))
    made.add_argument("--refresh", action="store_true", help=text("refresh"))
    made.add_argument("--json", action="store_true", help=text("json"))
    made.add_argument("--lang", choices=LANGUAGES, help=said(lang, "help.option.lang"))
    return made


def run(argv: list[str], out: TextIO, err: TextIO) -> int:
    """Run ``numcheck after-buy``; returns the exit code."""
    from numcheck.store import open_store

    args = parser(out, err, help_language(argv)).parse_args(argv)
    defaults = configured({"lang": args.lang}, err)
    lang = str(defaults.value("lang"))
    try:
        info = parse(args.number, args.region)
    except InvalidNumber as error:
        say_line(err, lang, "cli.invalid_number", input=shortened(args.number), reason=invalid_message(error))
        return EXIT_USAGE
    settings = defaults.settings_for()
    # The buyer's own calendar may be a day ahead of UTC (China is UTC+8): only a day after both is in the future.
    today = max(date.today(), datetime.now(UTC).date())
    if args.bought is not None and args.bought > today:
        say_line(err, lang, "afterbuy.future", date=str(args.bought))
        return EXIT_USAGE
    incomplete = False
    try:
        with open_store(settings.user_data_dir(), ttl=settings.cache_ttl, timeout=settings.store_timeout) as store:
            bought = store.purchase(info.e164)
            # First run: the plan rests on the check made before buying, if there is one; later runs check again.
            fresh = not args.no_check and (bought is not None or args.refresh or not store.history(info.e164, limit=1))
            if fresh:
                registry = default_registry(settings)
                if settings.max_billed > 0:
                    # As a check does: what the number-age search may spend, said before its first call.
                    segment = facts_for(info, args.number).segment
                    for line in announcement_messages(registry.select(), settings, segment, datetime.now(UTC).date(), 1):
                        err.write(f"numcheck: {say_in(lang, line)}\n")
                report = check(info, settings=settings, store=store, refresh=args.refresh, registry=registry)
                incomplete = any(item.status in (Status.BLOCKED, Status.ERROR) for item in report.findings)
            checks = store.history(info.e164)
            if not checks:
                say_line(err, lang, "afterbuy.no_stored_check", e164=info.e164)
                return EXIT_USAGE
            if bought is None:
                day = args.bought or datetime.now(UTC).date()
                bought = store.record_purchase(info.e164, day, purchase_check(checks, day).id)
            elif args.bought and args.bought != bought.bought_on:
                say_line(err, lang, "afterbuy.purchase_kept", e164=info.e164, date=str(bought.bought_on))
    except StoreError as error:
        error_line(err, lang, error)
        return EXIT_STORE
    except NumcheckError as error:
        error_line(err, lang, error)
        return EXIT_USAGE
    purchase = next((stored for stored in checks if stored.id == bought.check_id), None)
    if purchase is None:
        # A history edited or restored from elsewhere: the plan's check is gone, and no other stands in for it silently.
        say_line(err, lang, "afterbuy.check_gone", e164=info.e164, date=str(bought.bought_on), check=bought.check_id)
        return EXIT_STORE
    segment = facts_for(info, args.number).segment
    made = with_changes(plan(info.e164, bought.bought_on, purchase, segment.operator.value if segment else None), purchase, checks[0])
    out.write(localize_plan(made, lang).model_dump_json(indent=2) + "\n" if args.json else render_plan(made, lang, today))
    # A later run that could compare nothing (no answer at the purchase check nor now) has not shown that nothing moved.
    nothing_compared = made.latest_check_id is not None and not compared(made)
    return EXIT_INCOMPLETE if incomplete or nothing_compared else EXIT_OK
