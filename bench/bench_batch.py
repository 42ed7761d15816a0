"""Batches, side by side in one run: online politeness, and offline inventories through the command line.

1. Online: a batch through one rate-limited provider on the simulator (which counts every request over the
   limit), measured numbers/s beside the limit's bound. Goal (issues #5, #13): >= 90% of the bound, 0 violations.
2. Offline, file to file: ``numcheck --offline --format csv|jsonl --file IN -o OUT`` on 1,000,000 numbers, each
   run a fresh process (import and table loading included), median of 3; peak resident memory read by the
   process itself. Beside it: the per-number path (check_many and the same writers, the route every offline
   batch took before) on 20,000 of the numbers, and whose output must equal the fast path's on those lines,
   byte for byte, before anything is timed; and the library figures on the same numbers (enrich_many,
   enrich_table). Goals (issue #13): >= 300,000 numbers/s end to end, peak RSS < 300 MB, memory flat with size.
   Then ten times the numbers once (output to /dev/null): peak memory must stay flat as the inventory grows.
   Beside each format: how long the disk alone takes to write the same bytes (its bound on this machine), and
   the same run with its output on a memory file system (/dev/shm), checked byte-equal to the disk's.

Run: python bench/bench_batch.py [--quick]
"""

from __future__ import annotations

import collections
import math
import os
import shutil
import statistics
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
import os, sys, time
from numcheck import cli
started = time.perf_counter()
code = cli.main(sys.argv[1:])
elapsed = time.perf_counter() - started
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(code, elapsed, peak)
"""

# The route every offline batch took before the column path: check_many and the stream writers.
_PER_NUMBER = """
import io, sys, time
import numcheck
from numcheck.inputs import read_numbers
from numcheck.render.stream import open_writer
fmt, source, target = sys.argv[1:4]
started = time.perf_counter()
with open(target, "w", encoding="utf-8", newline="") as out:
    writer = open_writer(fmt, out, single=False)
    for item in numcheck.check_many(read_numbers(source, stdin=io.StringIO()), offline=True):
        writer.write(item)
    writer.close()
print(time.perf_counter() - started)
"""


def disk_alone(source: Path, target: Path) -> float:
    """Seconds the disk takes to take ``source``'s bytes as the command line writes them (8 MB writes, then fsync): its bound."""
    started = time.perf_counter()
    with source.open("rb") as reading, target.open("wb") as writing:
        while chunk := reading.read(8 << 20):
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())
    elapsed = time.perf_counter() - started
    target.unlink()
    return elapsed


def memory_folder() -> Path | None:
    """A folder on a memory file system (tmpfs), to time the command line without the disk; None where there is none."""
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(dir=shm)) if shm.is_dir() and os.access(shm, os.W_OK) else None


class Offline(NamedTuple):
    seconds: float
    wall: float
    peak_mb: float


def offline_cli(fmt: str, source: Path, target: Path, env: dict[str, str]) -> Offline:
    """One fresh process running the command line, file to file: its own timing, the wall clock around it, its peak RSS."""
    argv = ["--offline", "--quiet", "--format", fmt, "--file", str(source), "-o", str(target)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, *argv], env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    code, seconds, peak = done.stdout.split()[-3:]
    assert int(code) == 0, done.stderr
    return Offline(float(seconds), wall, int(peak) / 1024)


def per_number(fmt: str, source: Path, target: Path, env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _PER_NUMBER, fmt, str(source), str(target)], env=env, check=True, capture_output=True, text=True
    )
    return float(done.stdout.split()[-1])


def library_rates(numbers: list[str]) -> tuple[float, float]:
    """enrich_many and enrich_table on the same numbers (numbers/s, in this process, warmed first)."""
    import pyarrow as pa

    column = pa.array(numbers)
    for _ in range(2):
        started = time.perf_counter()
        collections.deque(numcheck.enrich_many(numbers), maxlen=0)  # consumed in C: enrich_many's own rate
        many = len(numbers) / (time.perf_counter() - started)
        started = time.perf_counter()
        numcheck.enrich_table(column)
        table = len(numbers) / (time.perf_counter() - started)
    return many, table


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

    size = 100_000 if quick else 1_000_000
    sample = 20_000 if not quick else 5_000
    repeats = 3
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        env = {key: value for key, value in os.environ.items() if not key.startswith("NUMCHECK_")}
        env.update(NUMCHECK_DATA_DIR=str(folder / "data"), NUMCHECK_CONFIG_DIR=str(folder / "config"), NUMCHECK_PLUGINS="")
        numbers = list(synthetic_numbers(size, seed=13))
        source = folder / "inventory.txt"
        source.write_text("\n".join(numbers) + "\n", encoding="utf-8")
        head = folder / "head.txt"
        head.write_text("\n".join(numbers[:sample]) + "\n", encoding="utf-8")
        results: dict[str, list[Offline]] = {}
        reference: dict[str, float] = {}
        for fmt in ("csv", "jsonl"):
            # Same answers first: the fast path's output on the sample equals the per-number path's, byte for byte.
            reference[fmt] = per_number(fmt, head, folder / f"reference.{fmt}", env)
            offline_cli(fmt, head, folder / f"fast-head.{fmt}", env)
            assert (folder / f"fast-head.{fmt}").read_bytes() == (folder / f"reference.{fmt}").read_bytes(), f"{fmt}: outputs differ"
            results[fmt] = [offline_cli(fmt, source, folder / f"out.{fmt}", env) for _ in range(repeats)]
        small = offline_cli("jsonl", head, folder / "small.jsonl", env)
        large_size = 10 * size
        large_source = folder / "large.txt"
        with large_source.open("w", encoding="utf-8") as large_file:
            for number in synthetic_numbers(large_size, seed=29):
                large_file.write(number + "\n")
        # Ten times the numbers, one run, output thrown away: memory must not grow with the inventory.
        large = offline_cli("csv", large_source, Path(os.devnull), env)
        large_source.unlink()
        output_bytes = {fmt: (folder / f"out.{fmt}").stat().st_size for fmt in ("csv", "jsonl")}
        disk = {fmt: statistics.median(disk_alone(folder / f"out.{fmt}", folder / "copy") for _ in range(repeats)) for fmt in output_bytes}
        in_memory: dict[str, list[Offline]] = {}
        memory = memory_folder()
        if memory is not None:
            try:
                for fmt in ("csv", "jsonl"):
                    in_memory[fmt] = [offline_cli(fmt, source, memory / f"out.{fmt}", env) for _ in range(repeats)]
                    assert (memory / f"out.{fmt}").read_bytes() == (folder / f"out.{fmt}").read_bytes(), f"{fmt}: tmpfs output differs"
            finally:
                shutil.rmtree(memory, ignore_errors=True)
    many, table = library_rates(numbers)
    print()
    print(f"offline, file to file: {size:,} numbers, fresh process each (import and tables included), median of {repeats}")
    print(f"  (outputs checked equal to the per-number path's on the first {sample:,} lines, byte for byte)")
    for fmt, runs in results.items():
        wall = statistics.median(run.wall for run in runs)
        peak = max(run.peak_mb for run in runs)
        row(f"numcheck --offline --format {fmt} --file -o", f"{size / wall:>11,.0f} numbers/s   (goal >= 300,000; {wall:.2f} s)")
        row("  peak resident memory", f"{peak:>11.1f} MB          (goal < 300 MB; {sample:,} numbers: {small.peak_mb:.1f} MB)")
        row("  output size", f"{output_bytes[fmt] / size:>11.0f} bytes a number")
        row(
            "  the disk alone, writing those bytes (+ fsync)",
            f"{disk[fmt]:>11.2f} s        ({output_bytes[fmt] / disk[fmt] / 1e6:,.0f} MB/s)",
        )
        if fmt in in_memory:
            memory_wall = statistics.median(run.wall for run in in_memory[fmt])
            row("  same run, output on tmpfs (no disk)", f"{size / memory_wall:>11,.0f} numbers/s   ({memory_wall:.2f} s; same bytes)")
        row(
            "  the per-number path, same writer",
            f"{sample / reference[fmt]:>11,.0f} numbers/s   (ratio {size / wall / (sample / reference[fmt]):.0f} x)",
        )
    row(
        f"{large_size:,} numbers, csv to {os.devnull}, one run",
        f"{large_size / large.wall:>11,.0f} numbers/s   (peak RSS {large.peak_mb:.1f} MB: flat with size; {large.wall:.1f} s)",
    )
    row("library, enrich_many on the same numbers", f"{many:>11,.0f} numbers/s")
    row("library, enrich_table on the same numbers", f"{table:>11,.0f} numbers/s")


if __name__ == "__main__":
    main()
