"""Bulk work on the input people really have, side by side in one run (issue #22).

Input: synthetic inventories where one line in ten is written out (spaces, dashes, +86, 0086, brackets, dots,
full width) and one in fifty is a typo (a digit lost or added, a letter for a digit, a stray sign, a word).

1. ``numcheck.enrich_table`` on 1,000,000 such lines and on 1,000,000 clean ones, beside a minimal NumPy
   reference lookup written here (fold the written forms with Arrow's string kernels, cut the 7-digit block,
   gather its carrier and place): the least any column lookup must do. Before timing, the two are checked to
   give the same E.164, carrier and place on every row numcheck answers. Rounds alternate, medians.
   Goals: >= 0.5x the reference on mixed input, >= 0.7x on clean input.
2. ``numcheck --offline --file IN -o OUT``, file to file on disk, 1,000,000 numbers, each run a fresh process
   (import and tables included), median of 3, peak resident memory of that process: CSV on mixed input, JSON
   Lines on clean input. The outputs are first checked equal, byte for byte, to what the per-number path
   (check_many and the stream writers) writes for the first 20,000 lines. Goals: >= 300,000 numbers/s, < 300 MB.
   Beside each, in the same rounds: the same command writing to /dev/null, and the disk alone writing and
   syncing the bytes the command wrote (a million JSON Lines records are about 775 MB, so the disk's own speed,
   which moves with the minute on a shared machine, bounds that figure).
3. 10,000,000 clean numbers to CSV on disk, one run. Goal: >= 500,000 numbers/s, memory bounded (printed beside
   the 1,000,000-number run's). Beside it, the same two references (1.7 GB of CSV; the disk-alone copy is written
   from memory, so that only the disk is timed).
4. The block table: a fresh process's first ``enrich_table`` call when the table's cache file exists (memory
   mapped) beside the same call when the cache directory is empty (the table is built and written).

Run: python bench/bench_bulk.py [--quick]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from _common import MOBILE_BLOCKS, messy_numbers, row, synthetic_numbers

import numcheck


class Reference:
    """A minimal column lookup: fold written forms with Arrow kernels, cut the 7-digit block, gather its answer."""

    def __init__(self) -> None:
        # The answer of every block the synthetic numbers use, asked once of numcheck's public API (setup, not timed).
        blocks = [f"{head}{four:04d}" for head in MOBILE_BLOCKS for four in range(10_000)]
        facts = list(numcheck.enrich_many([block + "0000" for block in blocks]))
        carriers, places = sorted({f.carrier_en for f in facts}), sorted({f.location_en for f in facts})
        self.carrier_of = np.full(1_000_000, -1, dtype=np.int32)
        self.place_of = np.full(1_000_000, -1, dtype=np.int32)
        where = np.array([int(block) - 1_000_000 for block in blocks])
        self.carrier_of[where] = [carriers.index(f.carrier_en) for f in facts]
        self.place_of[where] = [places.index(f.location_en) for f in facts]
        self.carriers, self.places = pa.array(carriers), pa.array(places)

    def __call__(self, column: pa.StringArray) -> pa.Table:
        bare = pc.and_(pc.and_(pc.equal(pc.binary_length(column), 11), pc.ascii_is_decimal(column)), pc.starts_with(column, "1"))
        digits = column
        if not pc.all(bare).as_py():
            written = pc.invert(bare)
            rest = pc.utf8_normalize(column.filter(written), "NFKC")  # full width to ASCII
            for separator in (" ", "-", ".", "(", ")"):
                rest = pc.replace_substring(rest, separator, "")
            digits = pc.replace_with_mask(column, written, pc.replace_substring_regex(rest, r"^(\+86|0086)", ""))
        ok = pc.and_(pc.and_(pc.equal(pc.binary_length(digits), 11), pc.ascii_is_decimal(digits)), pc.starts_with(digits, "1"))
        national = pc.cast(pc.if_else(ok, digits, "10000000000"), pa.int64()).to_numpy()
        block = national // 10_000 - 1_000_000
        carrier, place = self.carrier_of[block], self.place_of[block]
        return pa.table(
            {
                "e164": pc.if_else(ok, pc.binary_replace_slice(digits, 0, 0, "+86"), None),
                "carrier_en": pa.DictionaryArray.from_arrays(pa.array(carrier, mask=carrier < 0), self.carriers),
                "location_en": pa.DictionaryArray.from_arrays(pa.array(place, mask=place < 0), self.places),
            }
        )


def same_answers(table: pa.Table, reference: pa.Table) -> tuple[int, int]:
    """Rows where numcheck answers: the reference gives the same E.164, carrier and place. (compared, read by the reference only)."""
    answered = pc.is_null(table.column("error")).to_numpy(zero_copy_only=False)
    compared = 0
    for name in ("e164", "carrier_en", "location_en"):
        ours = table.column(name).to_pylist()
        theirs = reference.column(name).to_pylist()
        differing = [index for index in np.flatnonzero(answered).tolist() if ours[index] != theirs[index]]
        assert not differing, (name, [(table.column("input")[i].as_py(), ours[i], theirs[i]) for i in differing[:5]])
        compared = int(answered.sum())
    lenient = int((~answered & pc.is_valid(reference.column("e164")).to_numpy(zero_copy_only=False)).sum())
    return compared, lenient


def alternating(sides: dict[str, Callable[[], object]], rounds: int) -> dict[str, float]:
    """Median seconds of each side, the sides alternating within each round (each warmed once first)."""
    for side in sides.values():
        side()
    times: dict[str, list[float]] = {name: [] for name in sides}
    for _ in range(rounds):
        for name, side in sides.items():
            started = time.perf_counter()
            side()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


# VmHWM of the process that ran the command line, read by that process itself at its end (Linux carries
# ru_maxrss across exec, so a child of this large process would report the parent's peak).
_CHILD = """
import sys, time
started = time.perf_counter()
from numcheck import cli
code = cli.main(sys.argv[1:])
elapsed = time.perf_counter() - started
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(code, elapsed, peak)
"""

# The per-number path: check_many and the stream writers, what the bulk output must equal.
_PER_NUMBER = """
import io, sys
import numcheck
from numcheck.inputs import read_numbers
from numcheck.render.stream import open_writer
fmt, source, target = sys.argv[1:4]
with open(target, "w", encoding="utf-8", newline="") as out:
    writer = open_writer(fmt, out, single=False)
    for item in numcheck.check_many(read_numbers(source, stdin=io.StringIO()), offline=True):
        writer.write(item)
    writer.close()
"""


class Run(NamedTuple):
    wall: float
    peak_mb: float


def cli_run(fmt: str, source: Path, target: Path, env: dict[str, str]) -> Run:
    """One fresh process running the command line, file to file: wall clock around it, its peak RSS.

    The disk's pending writes are flushed first: a run must not wait for an earlier run's output to reach the disk
    (the command line syncs its own output before it ends).
    """
    argv = ["--offline", "--quiet", "--format", fmt, "--file", str(source), "-o", str(target)]
    os.sync()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _CHILD, *argv], env=env, check=True, capture_output=True, text=True)
    wall = time.perf_counter() - started
    code, _, peak = done.stdout.split()[-3:]
    assert int(code) in (0, 3), done.stderr  # 3: some lines were unreadable (none are here) or checks incomplete
    return Run(wall, int(peak) / 1024)


def disk_alone(written: Path, folder: Path) -> float:
    """Seconds the disk takes to write ``written``'s bytes as the command line writes its output, with no numcheck.

    The reference for the file-to-file figures: a new file beside the target, written a megabyte at a time from
    memory, synced, and renamed over the previous copy (the command line renames over the previous output too).
    """
    data = written.read_bytes()
    part, target = folder / ".disk.part", folder / "disk.copy"
    os.sync()
    started = time.perf_counter()
    with part.open("wb") as handle:
        view = memoryview(data)
        for start in range(0, len(data), 1 << 20):
            handle.write(view[start : start + (1 << 20)])
        handle.flush()
        os.fsync(handle.fileno())
    part.replace(target)
    return time.perf_counter() - started


def same_as_per_number(fmt: str, lines: list[str], folder: Path, env: dict[str, str]) -> float:
    """Check the bulk output equal to the per-number path's on ``lines``; the per-number path's numbers/s (fresh process)."""
    head = folder / f"head.{fmt}.txt"
    head.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", _PER_NUMBER, fmt, str(head), str(folder / "reference")], env=env, check=True)
    rate = len(lines) / (time.perf_counter() - started)
    cli_run(fmt, head, folder / "bulk", env)
    assert (folder / "bulk").read_bytes() == (folder / "reference").read_bytes(), f"{fmt}: bulk output differs from the per-number path"
    return rate


def write_clean(path: Path, count: int, seed: int) -> None:
    """``count`` clean numbers, one a line, generated with NumPy a million at a time (ten million in seconds)."""
    rng = np.random.default_rng(seed)
    heads = np.array([int(block) for block in MOBILE_BLOCKS])
    with path.open("wb") as out:
        for start in range(0, count, 1_000_000):
            size = min(1_000_000, count - start)
            numbers = rng.choice(heads, size) * 10**8 + rng.integers(0, 10**8, size)
            text = np.empty((size, 12), dtype=np.uint8)
            text[:, 11] = ord("\n")
            for position in range(10, -1, -1):
                numbers, text[:, position] = np.divmod(numbers, 10)
            text[:, :11] += ord("0")
            out.write(text.tobytes())


# A fresh process: the modules imported first, then the block table made ready (mapped, or built and written), then
# the first enrich_table call (which also makes its first real report, for the tags).
_FIRST_CALL = """
import time
import numcheck, numcheck.bulk.blocks, numcheck.bulk.table, pyarrow
started = time.perf_counter()
numcheck.bulk.blocks.block_table()
ready = time.perf_counter()
numcheck.enrich_table(["13800138000", "+86 139 0013 9000"])
print(ready - started, time.perf_counter() - ready)
"""


def first_call(env: dict[str, str]) -> tuple[float, float]:
    """Seconds a fresh process takes to make the block table ready, then to answer its first enrich_table call."""
    done = subprocess.run([sys.executable, "-c", _FIRST_CALL], env=env, check=True, capture_output=True, text=True)
    table, call = done.stdout.split()[-2:]
    return float(table), float(call)


def main() -> None:
    quick = "--quick" in sys.argv
    size = 100_000 if quick else 1_000_000
    mixed, clean = messy_numbers(size, seed=22), list(synthetic_numbers(size, seed=23))
    reference = Reference()
    mixed_column, clean_column = pa.array(mixed), pa.array(clean)
    compared, lenient = same_answers(numcheck.enrich_table(mixed_column), reference(mixed_column))
    same_answers(numcheck.enrich_table(clean_column), reference(clean_column))
    seconds = alternating(
        {
            "table mixed": lambda: numcheck.enrich_table(mixed_column),
            "reference mixed": lambda: reference(mixed_column),
            "table clean": lambda: numcheck.enrich_table(clean_column),
            "reference clean": lambda: reference(clean_column),
        },
        rounds=3 if quick else 7,
    )
    rate = {name: size / value for name, value in seconds.items()}
    print(f"enrich_table, {size:,} synthetic lines, one core, medians of alternating rounds")
    print(f"  (same E.164, carrier and place as the reference on the {compared:,} mixed rows numcheck answers;")
    print(f"   the reference also reads {lenient:,} typos numcheck rejects, such as a leading minus)")
    for kind, goal in (("mixed", 0.5), ("clean", 0.7)):
        ratio = rate[f"table {kind}"] / rate[f"reference {kind}"]
        label = "10% written out, 2% typos" if kind == "mixed" else "clean 11-digit strings"
        row(f"enrich_table, {label}", f"{rate[f'table {kind}'] / 1e6:8.2f} M/s")
        row("  NumPy reference lookup, same column", f"{rate[f'reference {kind}'] / 1e6:8.2f} M/s")
        row("  ratio", f"{ratio:8.2f} x   (goal >= {goal})")

    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_DISK_DIR")) as folder_name:
        folder = Path(folder_name)
        env = {key: value for key, value in os.environ.items() if not key.startswith("NUMCHECK_")}
        env.update(
            NUMCHECK_DATA_DIR=str(folder / "data"),
            NUMCHECK_CONFIG_DIR=str(folder / "config"),
            NUMCHECK_CACHE_DIR=str(folder / "cache"),
            NUMCHECK_PLUGINS="",
        )
        sample = 5_000 if quick else 20_000
        per_number = {
            "csv": same_as_per_number("csv", mixed[:sample], folder, env),
            "jsonl": same_as_per_number("jsonl", clean[:sample], folder, env),
        }
        inputs = {"csv": folder / "mixed.txt", "jsonl": folder / "clean.txt"}
        inputs["csv"].write_text("\n".join(mixed) + "\n", encoding="utf-8")
        inputs["jsonl"].write_text("\n".join(clean) + "\n", encoding="utf-8")
        # Each round: the command to a file on disk, the same command writing to /dev/null (no disk), then the disk
        # alone writing the bytes the command wrote. The three interleave, so a slow minute falls on all of them.
        runs: dict[str, list[Run]] = {fmt: [] for fmt in inputs}
        no_disk: dict[str, list[Run]] = {fmt: [] for fmt in inputs}
        disk: dict[str, list[float]] = {fmt: [] for fmt in inputs}
        sizes: dict[str, int] = {}
        for _ in range(3):
            for fmt, source in inputs.items():
                runs[fmt].append(cli_run(fmt, source, folder / f"out.{fmt}", env))
                no_disk[fmt].append(cli_run(fmt, source, Path(os.devnull), env))
                disk[fmt].append(disk_alone(folder / f"out.{fmt}", folder))
                sizes[fmt] = (folder / f"out.{fmt}").stat().st_size
        large_size = 10 * size
        large = folder / "large.txt"
        write_clean(large, large_size, seed=24)
        large_run = cli_run("csv", large, folder / "large.csv", env)
        large_no_disk = cli_run("csv", large, Path(os.devnull), env)
        large_bytes = (folder / "large.csv").stat().st_size
        large_disk = disk_alone(folder / "large.csv", folder)
        (folder / "disk.copy").unlink()
        large.unlink()
        (folder / "large.csv").unlink()
        mapped = [first_call(env) for _ in range(5)]
        empty = {**env, "NUMCHECK_CACHE_DIR": str(folder / "empty-cache")}
        built = []
        for _ in range(3):
            built.append(first_call(empty))
            for leftover in (folder / "empty-cache").glob("*"):
                leftover.unlink()
    print()
    print(f"numcheck --offline --file IN -o OUT on disk, {size:,} lines, fresh process each, median of 3")
    print(f"  (outputs equal to the per-number path's on the first {sample:,} lines, byte for byte)")
    for fmt, label in (("csv", "csv, mixed input"), ("jsonl", "jsonl, clean input")):
        wall = statistics.median(run.wall for run in runs[fmt])
        peak = max(run.peak_mb for run in runs[fmt])
        row(f"--format {label}", f"{size / wall:>10,.0f} numbers/s   ({size / wall / 300_000:.2f} x the goal of 300,000; {wall:.2f} s)")
        row("  peak resident memory", f"{peak:>10.1f} MB          (goal < 300 MB)")
        quiet = statistics.median(run.wall for run in no_disk[fmt])
        row("  the same command to /dev/null (no disk)", f"{size / quiet:>10,.0f} numbers/s   ({quiet:.2f} s)")
        alone = statistics.median(disk[fmt])
        row(
            f"  the disk alone writing its {sizes[fmt] / 1e6:,.0f} MB, synced",
            f"{alone:>10.2f} s          ({sizes[fmt] / alone / 1e6:,.0f} MB/s; {size / alone:,.0f} numbers/s at most)",
        )
        row(
            "  the per-number path, same input, fresh process",
            f"{per_number[fmt]:>10,.0f} numbers/s   ({size / wall / per_number[fmt]:.0f} x slower)",
        )
    row(
        f"--format csv, {large_size:,} clean numbers",
        f"{large_size / large_run.wall:>10,.0f} numbers/s   ({large_size / large_run.wall / 500_000:.2f} x the goal of 500,000)",
    )
    row(
        "  peak resident memory",
        f"{large_run.peak_mb:>10.1f} MB          ({size:,} clean lines: {max(r.peak_mb for r in runs['jsonl']):.1f} MB)",
    )
    row("  the same command to /dev/null (no disk)", f"{large_size / large_no_disk.wall:>10,.0f} numbers/s   ({large_no_disk.wall:.2f} s)")
    row(
        f"  the disk alone writing its {large_bytes / 1e6:,.0f} MB, synced",
        f"{large_disk:>10.2f} s          ({large_bytes / large_disk / 1e6:,.0f} MB/s; {large_size / large_disk:,.0f} numbers/s at most)",
    )
    print()
    print("block table in a fresh process (modules imported first), medians")
    ready_mapped, ready_built = statistics.median(run[0] for run in mapped), statistics.median(run[0] for run in built)
    row("table ready, cache file present (memory-mapped)", f"{ready_mapped * 1000:10.1f} ms")
    row(
        "table ready, cache directory empty (built, written)",
        f"{ready_built * 1000:10.1f} ms   ({ready_built / ready_mapped:.0f} x the mapped file)",
    )
    row("  then the first enrich_table call (a first report)", f"{statistics.median(run[1] for run in mapped) * 1000:10.1f} ms")


if __name__ == "__main__":
    main()
