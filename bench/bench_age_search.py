"""Number-age search: billed calls to bracket the holder's date, binary search vs asking month by month, side by side.

Goal (issue 25): about seven calls bracket ten years to within a month, within --max-billed. Both
strategies answer the same question for the same 2,000 assignment dates spread over ten years:
"since which month has the current holder had the number?". The month-by-month scan asks the
first day of each month, newest first, until the answer turns (the obvious way to ask a dated
yes/no question). Then one search through Alibaba Cloud's real SDK against the simulator, timed.
Run: python bench/bench_age_search.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import row

from numcheck.providers.age_search import Outcome, Probe, plan, search
from numcheck.report import CheckerKind, Status
from numcheck.testing import scripted_finding

_FOUND = scripted_finding("aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.UNKNOWN)


def _months(low: date, high: date) -> list[date]:
    days, year, month = [], high.year, high.month
    while date(year, month, 1) > low:
        days.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days


def monthly_scan(assigned: date, low: date, high: date) -> tuple[int, int]:
    """Calls, and bracket width in days, asking the first of each month from the newest back."""
    previous = high
    for calls, day in enumerate(_months(low, high), 1):
        if assigned > day:  # "changed after the first of this month": the holder got it within this month
            return calls, (previous - day).days
        previous = day
    return len(_months(low, high)), (previous - low).days


def binary(assigned: date, low: date, high: date, cap: int) -> tuple[int, int, int]:
    """Calls, billed calls and bracket width (days) of numcheck's search under ``cap``."""

    def ask(day: date) -> Probe:
        return Probe(day, Outcome.CHANGED if assigned > day else Outcome.HELD, True, _FOUND)

    result = search(ask, plan("aliyun-twice-tel", low, high, cap))
    bracket = result.bracket
    width = ((bracket.before or high) - (bracket.after or low)).days
    return len(result.probes), result.billed, width


def main() -> None:
    high = date(2026, 1, 1)
    low = high - timedelta(days=3652)
    rng = random.Random(25)
    dates = [low + timedelta(days=rng.randrange(1, (high - low).days)) for _ in range(2000)]
    scan = [monthly_scan(day, low, high) for day in dates]
    found = [binary(day, low, high, 8) for day in dates]
    print(f"2,000 assignment dates over ten years ({low} to {high}); --max-billed 8")
    row("month-by-month scan: calls (median / max)", f"{statistics.median(c for c, _ in scan):6.1f} / {max(c for c, _ in scan)}")
    row("binary search: calls (median / max)", f"{statistics.median(c for c, _, _ in found):6.1f} / {max(c for c, _, _ in found)}")
    row("binary search: billed calls (max)", f"{max(b for _, b, _ in found):6d}")
    row("searches that made the confirming 8th call", f"{sum(c == 8 for c, _, _ in found) / len(found):6.0%}")
    row("bracket width, days (scan max / search max)", f"{max(w for _, w in scan):6d} / {max(w for _, _, w in found)}")
    ratio = statistics.mean(c for c, _ in scan) / statistics.mean(c for c, _, _ in found)
    row("calls: scan / search (mean)", f"{ratio:6.1f}x")
    for cap in (3, 5):
        widths = [binary(day, low, high, cap)[2] for day in dates]
        row(f"--max-billed {cap}: bracket width, days (max)", f"{max(widths):6d}")
    _through_the_sdk()


def _through_the_sdk() -> None:
    try:
        import alibabacloud_dytnsapi20200217  # noqa: F401
    except ImportError:
        print("  (Alibaba Cloud's SDK is not installed: the SDK timing is skipped)")
        return
    import numcheck
    from numcheck.providers.aliyun import KEYS, AliyunTwiceTelVerify
    from numcheck.testing import Simulator, isolated_registry, synthetic_number
    from numcheck.testing.carrier import CarrierRecord

    keys = dict(zip(KEYS, ("synthetic-id", "synthetic-secret", "synthetic-auth"), strict=True))
    timings = {0: [], 8: []}
    for _ in range(5):
        for cap in (0, 8):
            record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
            with Simulator({"aliyun-twice-tel": record.aliyun_script()}, root_provider="aliyun-twice-tel") as simulator:
                settings = numcheck.Settings(base_urls={"aliyun-twice-tel": simulator.url}, keys=keys, timeout=2.0, max_billed=cap)
                with isolated_registry(AliyunTwiceTelVerify()) as registry:
                    started = time.perf_counter()
                    numcheck.check(synthetic_number("registered"), registry=registry, settings=settings)
                    timings[cap].append(time.perf_counter() - started)
    print("one number through Alibaba Cloud's SDK on the simulator, median of 5 alternating runs (pacing: 5 requests/s)")
    row("one dated call (no search)", f"{statistics.median(timings[0]) * 1000:8.1f} ms")
    row("number-age search, --max-billed 8", f"{statistics.median(timings[8]) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
