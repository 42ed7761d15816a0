"""Batch politeness and memory, side by side in one run.

1. Throughput against the simulator, which counts every request over the provider's limit:
   a batch through one rate-limited provider, measured numbers/s beside the limit's bound.
   Goal (issue #5): >= 90% of the bound with zero violations.
2. Peak resident memory of ``numcheck --offline --format jsonl`` over 10,000 and 100,000 numbers
   (history store on), beside the process that only starts and checks one: each in a fresh process.
   Goal: the peak does not grow with the batch (streaming).

Run: python bench/bench_batch.py [--quick]
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))

from _common import row, synthetic_numbers

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


# VmHWM, not ru_maxrss: Linux carries ru_maxrss across exec, so a child of this (large) process
# would report the parent's peak.
_CHILD = """
import os, sys
from numcheck import cli
with open(os.devnull, "w", encoding="utf-8") as sink:
    cli.main(sys.argv[1:], out=sink, err=sink)
with open("/proc/self/status", encoding="ascii") as status:
    print(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
"""


def peak_rss_kb(count: int, folder: Path) -> int:
    """The child's own peak resident set (KB), read at its end."""
    numbers = folder / f"numbers-{count}.txt"
    numbers.write_text("\n".join(synthetic_numbers(count, seed=count)) + "\n", encoding="utf-8")
    env = {**os.environ, "NUMCHECK_DATA_DIR": str(folder / f"data-{count}"), "NUMCHECK_PLUGINS": ""}
    argv = ["--offline", "--quiet", "--format", "jsonl", "--file", str(numbers)]
    done = subprocess.run([sys.executable, "-c", _CHILD, *argv], env=env, check=True, capture_output=True, text=True)
    return int(done.stdout.split()[-1])


def main() -> None:
    quick = "--quick" in sys.argv
    rate = numcheck.RateLimit(requests=20, per_seconds=1)
    count = 100 if quick else 300
    measured = throughput(count, rate, latency=0.02)
    bound = rate.requests / rate.per_seconds
    print(f"batch of {count} numbers, one provider limited to {rate.requests}/{rate.per_seconds:g}s, 8 workers, simulator latency 20 ms")
    row("rate-limit bound (steady state)", f"{bound:8.2f} numbers/s")
    row("measured, whole batch", f"{measured.numbers_per_second:8.2f} numbers/s")
    row("requests sent vs the fastest schedule the limit allows", f"{measured.of_bound:8.1%}   (goal >= 90%)")
    row("requests over the limit, counted by the simulator", f"{measured.violations:8d}   (goal 0)")
    row("definitive answers", f"{measured.answered:8d} of {count}")
    sizes = (1, 10_000) if quick else (1, 10_000, 100_000)
    print()
    print("peak resident memory of `numcheck --offline --format jsonl --file` (history store on), fresh process each")
    with tempfile.TemporaryDirectory() as folder:
        peaks = {size: peak_rss_kb(size, Path(folder)) for size in sizes}
    for size, peak in peaks.items():
        label = "one number" if size == 1 else f"{size:,} numbers"
        row(label, f"{peak / 1024:8.1f} MB   ({peak / peaks[1]:.2f} x one number)")


if __name__ == "__main__":
    main()
