"""After buying: check the number again and show what changed since the last check.

Run it after the carrier's unbinding service (and again a few days later):
    python examples/monitor_after_purchase.py 13800138000
Results are kept in numcheck's history (NUMCHECK_DATA_DIR to choose where).
"""

from __future__ import annotations

import argparse
import sys

import numcheck

EXIT_CODES = (
    "exit status: 0 compared (or a first check stored), 2 bad input or an unusable setting (one line on "
    'stderr, no traceback), 3 nothing could be compared (no service answered in both checks: unknown is not "nothing '
    'changed")'
)
_NO_ANSWER = (numcheck.Status.BLOCKED, numcheck.Status.ERROR, numcheck.Status.UNKNOWN, numcheck.Status.SKIPPED)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=EXIT_CODES)
    parser.add_argument("number", help="the number you bought, in any written form")
    args = parser.parse_args(argv)
    try:
        settings = numcheck.Settings.from_env()
        with numcheck.open_store(settings.user_data_dir(), ttl=settings.cache_ttl) as store:
            return _watch(args.number, settings, store)
    except numcheck.NumcheckError as error:  # an invalid number, an unusable setting or history: one line, no traceback
        print(f"monitor_after_purchase.py: {error}", file=sys.stderr)
        return 2


def _watch(number: str, settings: numcheck.Settings, store: numcheck.Store) -> int:
    report = numcheck.check(number, settings=settings, store=store, refresh=True)
    still = [finding.checker_name for finding in report.findings if finding.status is numcheck.Status.REGISTERED]
    silent = sum(finding.status in _NO_ANSWER for finding in report.findings if finding.kind is not numcheck.CheckerKind.OFFLINE)
    unasked = f" ({silent} services gave no answer)" if silent else ""
    print(f"{report.number.international}: {report.verdict.value}; still registered at: {', '.join(still) or 'none found'}{unasked}")
    diff = store.diff(report.number.e164)
    if diff is None:
        print("first check stored; run this again after the unbinding service to see what changed")
        return 0
    print(f"since {diff.previous.checked_at:%Y-%m-%d %H:%M} UTC:")
    for change in diff.changes:
        print(f"  {change.checker_name}: {change.meaning}")
    if not diff.compared:
        # An answer that was an error both times says nothing about whether a binding went: never "nothing changed".
        print(f"  nothing could be compared: none of {diff.uncompared + len(diff.changes)} services answered in both checks")
        return 3
    if not diff.changes:
        print(f"  nothing changed ({diff.compared} answers compared)")
    if diff.uncompared:
        print(f"  {diff.uncompared} answers could not be compared (no answer in both checks)")
    removed = sum(change.meaning == "binding removed" for change in diff.changes)
    print(f"{removed} binding(s) removed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
