"""Reading one sheet saved three ways, side by side: as UTF-8 CSV, as Excel's "Unicode Text" (UTF-16 LE, tabs, CRLF),
and as the same UTF-16 LE without its byte-order mark (found by the shape of its first bytes, numcheck.widetext.unmarked).

Each side reads every number of the file's second column (``read_chunks(column="2")``, what ``--column 2`` and the
bulk path read through) in a fresh process, which reports its time and its peak resident memory (VmHWM). The UTF-16
side decodes as it reads (numcheck.widetext): its peak memory should stay that of the UTF-8 side, far below the
file's size, and its time a small multiple of it; the side without a mark should read as fast as the marked one
(the shape is judged once, on the first 8,000 bytes). The sides alternate for a few rounds; medians are printed.
Run: python bench/bench_inputs.py [lines]
"""

from __future__ import annotations

import codecs
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import row, synthetic_numbers

_CHILD = """
import io, sys, time
started = time.perf_counter()
from numcheck.inputs import read_chunks
count = sum(len(texts) for _, texts in read_chunks(sys.argv[1], column="2", stdin=io.StringIO()))
elapsed = time.perf_counter() - started
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(count, elapsed, peak)
"""


def write_sheet(folder: Path, lines: int) -> tuple[Path, Path, Path]:
    """The same rows (a name, a synthetic number, a note) as UTF-8 CSV, as Excel's Unicode Text, and that without its mark."""
    rows = ["姓名,手机号,备注"] + [f"客户{index},{number},二次号" for index, number in enumerate(synthetic_numbers(lines))]
    utf8, utf16 = folder / "sheet.csv", folder / "sheet.txt"
    utf8.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with utf16.open("wb") as out:
        out.write(codecs.BOM_UTF16_LE)
        for start in range(0, len(rows), 100_000):
            out.write("".join(line.replace(",", "\t") + "\r\n" for line in rows[start : start + 100_000]).encode("utf-16-le"))
    unmarked = folder / "unmarked.txt"
    unmarked.write_bytes(utf16.read_bytes()[len(codecs.BOM_UTF16_LE) :])
    return utf8, utf16, unmarked


def read_once(path: Path) -> tuple[int, float, float]:
    count, elapsed, peak = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path)], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(count), float(elapsed), int(peak) / 1024


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rounds = 3
    with tempfile.TemporaryDirectory() as folder:
        sides = dict(
            zip(("UTF-8 CSV", "UTF-16 LE Unicode Text", "UTF-16 LE without a mark"), write_sheet(Path(folder), lines), strict=True)
        )
        runs: dict[str, list[tuple[int, float, float]]] = {name: [] for name in sides}
        for _ in range(rounds):
            for name, path in sides.items():
                runs[name].append(read_once(path))
        print(f"reading column 2 of {lines:,} rows (medians of {rounds} alternating runs, each a fresh process)")
        times = {name: statistics.median(run[1] for run in side) for name, side in runs.items()}
        for name, path in sides.items():
            counts = {run[0] for run in runs[name]}
            peak = statistics.median(run[2] for run in runs[name])
            size = path.stat().st_size / 2**20
            row(f"{name} ({size:.0f} MB file)", f"{times[name]:6.2f} s   peak {peak:6.1f} MB   numbers read: {sorted(counts)}")
        utf8, utf16, unmarked = times.values()
        row("UTF-16 / UTF-8 time", f"{utf16 / utf8:6.2f} x")
        row("without a mark / with it, time", f"{unmarked / utf16:6.2f} x")


if __name__ == "__main__":
    main()
