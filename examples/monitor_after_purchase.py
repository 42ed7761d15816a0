"""After buying: check the number again and show what changed since the last check.

Run it after the carrier's unbinding service (and again a few days later):
    python examples/monitor_after_purchase.py 13800138000 [--lang zh]
Results are kept in numcheck's history (NUMCHECK_DATA_DIR to choose where). The language is numcheck's own choice:
--lang, else NUMCHECK_LANG, the config file, the locale.
"""

from __future__ import annotations

import functools
import sys

import numcheck

_NO_ANSWER = (numcheck.Status.BLOCKED, numcheck.Status.ERROR, numcheck.Status.UNKNOWN, numcheck.Status.SKIPPED)


def main(argv: list[str]) -> int:
    # The help speaks the reader's language too, so it is known before the arguments are parsed.
    lang = numcheck.argv_language(argv)
    said = functools.partial(numcheck.sentence, lang)
    parser = numcheck.argument_parser(lang, description=said("example.help.monitor"), epilog=said("example.help.monitor.exit"))
    parser.add_argument("number", help=said("example.help.monitor.number"))
    parser.add_argument("--lang", choices=("en", "zh"), help=said("example.help.lang"))
    args = parser.parse_args(argv)
    lang = args.lang or "en"
    try:
        lang = numcheck.reader_language(args.lang)
        settings = numcheck.Settings.from_env()
        with numcheck.open_store(settings.user_data_dir(), ttl=settings.cache_ttl) as store:
            return _watch(args.number, settings, store, lang)
    except numcheck.NumcheckError as error:  # an invalid number, an unusable setting or history: one line, no traceback
        print(
            numcheck.sentence(lang, "example.failed", script="monitor_after_purchase.py", error=numcheck.sentence(lang, error)),
            file=sys.stderr,
        )
        return 2


def _watch(number: str, settings: numcheck.Settings, store: numcheck.Store, lang: str) -> int:
    def say(message_id: str, **params: object) -> str:
        return numcheck.sentence(lang, message_id, **params)  # type: ignore[arg-type]

    report = numcheck.localize(numcheck.check(number, settings=settings, store=store, refresh=True), lang)
    still = tuple(item.checker_name_localized for item in report.findings if item.status is numcheck.Status.REGISTERED)
    head = {"number": report.number.international, "verdict": report.verdict}
    print(say("example.monitor.still", names=still, **head) if still else say("example.monitor.still_none", **head))
    silent = sum(finding.status in _NO_ANSWER for finding in report.findings if finding.kind is not numcheck.CheckerKind.OFFLINE)
    if silent:
        print("  " + say("example.monitor.silent", count=silent))
    diff = store.diff(report.number.e164)
    if diff is None:
        print(say("example.monitor.first"))
        return 0
    print(say("example.monitor.since", when=f"{diff.previous.checked_at:%Y-%m-%d %H:%M}"))
    for change in diff.changes:
        meaning = numcheck.sentence(lang, change.meaning_message) if change.meaning_message else change.meaning
        print(f"  {numcheck.sentence(lang, 'example.checker', checker=change.checker_name)}: {meaning}")
    if not diff.compared:
        # An answer that was an error both times says nothing about whether a binding went: never "nothing changed".
        print("  " + say("example.monitor.nothing_compared", count=diff.uncompared + len(diff.changes)))
        return 3
    if not diff.changes:
        print("  " + say("example.monitor.nothing_changed", count=diff.compared))
    if diff.uncompared:
        print("  " + say("example.monitor.uncompared", count=diff.uncompared))
    removed = sum(change.meaning == "binding removed" for change in diff.changes)
    print(say("example.monitor.removed", count=removed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
