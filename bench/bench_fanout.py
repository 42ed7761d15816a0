"""Checks of one number fan out across providers: wall time vs the slowest provider alone, side by side.

Goal (issue #4): all providers together take <= 1.15x the slowest one alone. Runs against the local
simulator with a latency per provider (0.1 s to 0.4 s). Run: python bench/bench_fanout.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import row

import numcheck
from numcheck.providers.manifest import ManifestChecker
from numcheck.registry import default_registry
from numcheck.testing import ProviderScript, Simulator, isolated_registry, scripts_for, simulator_settings, synthetic_number


def main() -> None:
    checkers = [checker for checker in default_registry(numcheck.Settings(plugins=())) if isinstance(checker, ManifestChecker)]
    checkers = [checker for checker in checkers if checker.meta.countries != ("US",)]
    scripts = scripts_for(checkers)
    latencies = {checker_id: 0.1 + 0.3 * index / max(len(scripts) - 1, 1) for index, checker_id in enumerate(sorted(scripts))}
    scripts = {checker_id: ProviderScript(script.examples, script.prime, latencies[checker_id]) for checker_id, script in scripts.items()}
    number = synthetic_number("registered")
    with Simulator(scripts) as simulator:
        settings = simulator_settings(simulator, checkers)
        # Warm every provider first (connections, imports), then measure each alone three times:
        # "the slowest provider" is the one with the highest median, measured, not assumed.
        with isolated_registry(*checkers) as everyone:
            numcheck.check(number, registry=everyone, settings=settings)
        alone: dict[str, float] = {}
        for checker in checkers:
            runs = []
            for _ in range(3):
                with isolated_registry(checker) as single:
                    started = time.perf_counter()
                    numcheck.check(number, registry=single, settings=settings)
                    runs.append(time.perf_counter() - started)
            alone[checker.meta.id] = statistics.median(runs)
        slowest_id = max(alone, key=alone.__getitem__)
        slowest = next(checker for checker in checkers if checker.meta.id == slowest_id)
        timings: dict[str, list[float]] = {"slowest": [], "all": []}
        for _ in range(5):
            with isolated_registry(slowest) as single:
                started = time.perf_counter()
                numcheck.check(number, registry=single, settings=settings)
                timings["slowest"].append(time.perf_counter() - started)
            with isolated_registry(*checkers) as everyone:
                started = time.perf_counter()
                numcheck.check(number, registry=everyone, settings=settings)
                timings["all"].append(time.perf_counter() - started)
    alone_s, all_s = statistics.median(timings["slowest"]), statistics.median(timings["all"])
    print(f"one number, {len(checkers)} providers on the simulator (latency 0.1-0.4 s each), median of 5 alternating runs")
    row(f"slowest provider alone ({slowest_id})", f"{alone_s * 1000:8.1f} ms")
    row(f"all {len(checkers)} providers concurrently", f"{all_s * 1000:8.1f} ms")
    row("ratio all / slowest", f"{all_s / alone_s:8.2f} x   (goal <= 1.15)")


if __name__ == "__main__":
    main()
