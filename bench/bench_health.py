"""What checker health costs, side by side in one run.

1. Check time: the same online checks (three providers on the simulator) with the health gate reading a stored
   health file of every checker, and with ``ignore_health`` (the gate off); interleaved rounds, each side first in
   half of them, the median of the rounds' ratios; then the gate's own work timed alone (on a shared machine the
   checks' spread is wider than the gate's cost). Goal: the gate costs a check under 5%.
2. Offline check time with the gate's per-report pass and without it (the pass replaced by a no-op), interleaved,
   and the pass timed alone. Goal: under 3%.
3. A whole self-check on the simulator: every shipped provider, 3 controls each (informational: wall time and
   requests sent, against the requests the questions need).

Run: python bench/bench_health.py
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import row, synthetic_numbers

import numcheck
from numcheck.checker import CheckContext
from numcheck.health import gate
from numcheck.health.store import record_self_check
from numcheck.offline.enrich import facts_for
from numcheck.providers.manifest import ManifestChecker
from numcheck.registry import default_registry
from numcheck.selfcheck import self_check
from numcheck.testing import Simulator, isolated_registry, scripts_for, simulator_settings, synthetic_number

ROUNDS = 20


def main() -> None:
    registry = default_registry(numcheck.Settings(plugins=(), config_dir=Path("/nonexistent")))
    manifests = [checker for checker in registry if isinstance(checker, ManifestChecker)]
    three = [registry.get(name) for name in ("chsi", "pptv", "tuniu")]
    with tempfile.TemporaryDirectory() as home, Simulator(scripts_for(manifests)) as simulator:
        for checker in manifests:
            simulator.set_mode(checker.meta.id, "honest")
        settings = simulator_settings(simulator, manifests, data_dir=Path(home) / "data", config_dir=Path(home) / "config")

        print("3. a whole self-check on the simulator (every shipped provider, 3 controls each)")
        with isolated_registry(*manifests) as everyone:
            before = len(simulator.hits)
            started = time.perf_counter()
            table = self_check(registry=everyone, settings=settings, controls=3, rng=random.Random(1))
            took = time.perf_counter() - started
        asked = [item for item in table.checkers if item.counts.controls]
        row("checkers asked / in the table", f"{len(asked)} / {len(table.checkers)}")
        row("wall time", f"{took:.2f} s")
        row("requests sent / questions asked", f"{len(simulator.hits) - before} / {sum(item.counts.controls for item in asked)}")
        record_self_check(settings, table)  # the gate now reads a health file holding every checker

        print("1. online checks: health gate on (stored health of every checker) vs off (ignore_health)")
        numbers = [synthetic_number("not_registered"), synthetic_number("registered")]
        off = settings.model_copy(update={"ignore_health": True})
        on_times: list[float] = []
        off_times: list[float] = []
        with isolated_registry(*three) as some:
            for candidate in (settings, off):  # warm both paths
                numcheck.check(numbers[0], registry=some, settings=candidate)
            for round_ in range(ROUNDS):
                pairs = [(settings, on_times), (off, off_times)]
                for candidate, times in pairs if round_ % 2 else pairs[::-1]:  # each side goes first in half the rounds
                    started = time.perf_counter()
                    for number in numbers * 5:
                        numcheck.check(number, registry=some, settings=candidate)
                    times.append(time.perf_counter() - started)
            # The gate's own work, alone: reading the stored health for a run, and its pass over one report's findings.
            report = numcheck.check(numbers[0], registry=some, settings=off)
            ctx = CheckContext(facts=facts_for(numcheck.parse(numbers[0]), numbers[0]))
            started = time.perf_counter()
            for _ in range(200):
                gate.HealthGate.for_run(three, settings, offline=False).apply(report.findings, ctx)
            gate_alone = (time.perf_counter() - started) / 200
        ratios = [on / off for on, off in zip(on_times, off_times, strict=True)]
        row("10 checks, gate on (median)", f"{statistics.median(on_times) * 1000:.1f} ms")
        row("10 checks, gate off (median)", f"{statistics.median(off_times) * 1000:.1f} ms")
        row("on / off, median of the rounds' ratios", f"{statistics.median(ratios):.3f}x (spread {min(ratios):.2f}-{max(ratios):.2f})")
        row("the gate alone, per check (read + pass)", f"{gate_alone * 1e6:.0f} µs")
        row("the gate alone / one check with the gate off", f"{gate_alone / (statistics.median(off_times) / 10) * 100:.2f}% (goal < 5%)")

    print("2. offline checks: the gate's per-report pass vs none")
    offline_numbers = list(synthetic_numbers(2000))
    real_apply = gate.HealthGate.apply
    with_times: list[float] = []
    without_times: list[float] = []
    with numcheck.engine.Runner(offline=True) as runner:
        for round_ in range(ROUNDS):
            sides = [(False, with_times), (True, without_times)]
            for patched, times in sides if round_ % 2 else sides[::-1]:
                gate.HealthGate.apply = (lambda self, findings, ctx, on_finding=None: list(findings)) if patched else real_apply  # type: ignore[method-assign]
                started = time.perf_counter()
                for text in offline_numbers:
                    runner.run(*runner.parse(text))
                times.append(time.perf_counter() - started)
        gate.HealthGate.apply = real_apply  # type: ignore[method-assign]
        text, info = runner.parse(offline_numbers[0])
        report = runner.run(text, info)
        ctx = CheckContext(facts=facts_for(info, text))
        started = time.perf_counter()
        for _ in range(100_000):
            runner.health.apply(report.findings, ctx)
        pass_alone = (time.perf_counter() - started) / 100_000
    row("2,000 offline checks with the pass (median)", f"{statistics.median(with_times) * 1000:.1f} ms")
    row("2,000 offline checks without it (median)", f"{statistics.median(without_times) * 1000:.1f} ms")
    row("the pass alone, per report", f"{pass_alone * 1e6:.1f} µs")
    row("the pass alone / one offline check without it", f"{pass_alone / (statistics.median(without_times) / 2000) * 100:.2f}% (goal < 3%)")
    ratios = [first / second for first, second in zip(with_times, without_times, strict=True)]
    row(
        "with / without, median of the rounds' ratios",
        f"{statistics.median(ratios):.3f}x (spread {min(ratios):.2f}-{max(ratios):.2f}; goal < 1.03x)",
    )


if __name__ == "__main__":
    main()
