"""Online batches, side by side in one run: politeness to a rate-limited provider.

A batch through one rate-limited provider on the simulator (which counts every request over the limit), measured
numbers/s beside the limit's bound. Goal (issues #5, #13): >= 90% of the bound, 0 violations. (Offline inventories
through the command line are measured by bench/bench_bulk.py.)

Run: python bench/bench_batch.py [--quick]
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))

from _common import row

import numcheck
from numcheck.providers.manifest import ManifestChecker
from numcheck.testing import ProviderScript, Simulator, isolated_registry, scripts_for, simulator_settings
from numcheck.testing.numbers import batch_number

PROVIDER = "chsi"


class Throughput(NamedTuple):
    numbers_per_second: float
    of_bound: float
    violations: int
    answered: int


def throughput(count: int, rate: numcheck.RateLimit, latency: float) -> Throughput:
    checker = numcheck.default_registry(numcheck.Settings(plugins=())).get(PROVIDER)
    assert isinstance(checker, ManifestChecker)
    base = scripts_for([checker])[PROVIDER]
    script = ProviderScript(base.examples, base.prime, latency, rate)
    numbers = [batch_number(index) for index in range(count)]
    with Simulator({PROVIDER: script}) as simulator, isolated_registry(checker) as registry:
        settings = simulator_settings(simulator, [checker], rate_limit=rate)
        started = time.perf_counter()
        items = list(numcheck.check_many(numbers, registry=registry, settings=settings, workers=8))
        elapsed = time.perf_counter() - started
        arrivals = sorted(hit.at for hit in simulator.hits)
        violations = simulator.violations
    answered = sum(
        1 for item in items if item.report and any(f.checker_id == PROVIDER and f.status.definitive for f in item.report.findings)
    )
    # The fastest schedule the limit allows sends a full window at 0, W, 2W ...: the last one at (ceil(n/N) - 1) * W.
    tightest = (math.ceil(len(arrivals) / rate.requests) - 1) * rate.per_seconds
    return Throughput(count / elapsed, tightest / (arrivals[-1] - arrivals[0]), violations, answered)


def main() -> None:
    quick = "--quick" in sys.argv
    rate = numcheck.RateLimit(requests=20, per_seconds=1)
    count = 100 if quick else 300
    measured = throughput(count, rate, latency=0.02)
    bound = rate.requests / rate.per_seconds
    print(
        f"online: batch of {count} numbers, one provider limited to {rate.requests}/{rate.per_seconds:g}s, 8 workers, simulator latency 20 ms"
    )
    row("rate-limit bound (steady state)", f"{bound:8.2f} numbers/s")
    row("measured, whole batch", f"{measured.numbers_per_second:8.2f} numbers/s")
    row("requests sent vs the fastest schedule the limit allows", f"{measured.of_bound:8.1%}   (goal >= 90%)")
    row("requests over the limit, counted by the simulator", f"{measured.violations:8d}   (goal 0)")
    row("definitive answers", f"{measured.answered:8d} of {count}")


if __name__ == "__main__":
    main()
