"""After buying: check the number again and show what changed since the last check.

Run it after the carrier's unbinding service (and again a few days later):
    python examples/monitor_after_purchase.py 13800138000
Results are kept in numcheck's history (NUMCHECK_DATA_DIR to choose where).
"""

from __future__ import annotations

import sys

import numcheck


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: monitor_after_purchase.py NUMBER", file=sys.stderr)
        return 2
    settings = numcheck.Settings.from_env()
    with numcheck.open_store(settings.user_data_dir(), ttl=settings.cache_ttl) as store:
        report = numcheck.check(argv[0], settings=settings, store=store, refresh=True)
        still = [finding.checker_name for finding in report.findings if finding.status is numcheck.Status.REGISTERED]
        print(f"{report.number.international}: {report.verdict.value}; still registered at: {', '.join(still) or 'none found'}")
        diff = store.diff(report.number.e164)
    if diff is None:
        print("first check stored; run this again after the unbinding service to see what changed")
        return 0
    print(f"since {diff.previous.checked_at:%Y-%m-%d %H:%M} UTC:")
    for change in diff.changes:
        print(f"  {change.checker_name}: {change.meaning}")
    if not diff.changes:
        print("  nothing changed")
    removed = sum(change.meaning == "binding removed" for change in diff.changes)
    print(f"{removed} binding(s) removed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
