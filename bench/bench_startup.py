"""Cold start: `import numcheck` and `python -m numcheck --offline N`, beside a bare interpreter.

Goal (issue #3): the CLI's offline report in <= 300 ms from a cold process.
Run: python bench/bench_startup.py [runs]
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import row


def median_ms(argv: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    python = sys.executable
    bare = median_ms([python, "-c", "pass"], runs)
    imported = median_ms([python, "-c", "import numcheck"], runs)
    cli = median_ms([python, "-m", "numcheck", "--offline", "13800138000"], runs)
    print(f"cold start, median of {runs} fresh processes")
    row("python -c pass", f"{bare:8.1f} ms")
    row("python -c 'import numcheck'", f"{imported:8.1f} ms   ({imported / bare:.1f} x bare; import alone {imported - bare:.1f} ms)")
    row("python -m numcheck --offline 13800138000", f"{cli:8.1f} ms   (goal <= 300 ms; {cli / bare:.1f} x bare)")


if __name__ == "__main__":
    main()
