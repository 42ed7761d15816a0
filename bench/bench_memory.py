"""Peak RSS while streaming 1,000,000 numbers through enrich_many, beside the process that only imports.

Goal (issue #3): < 200 MB. Each side runs in its own fresh process; ru_maxrss is read at its end. A first process
fills the (temporary) cache directory with the block table, as the first use after an install does.
Run: python bench/bench_memory.py [count]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import row

_CHILD = """
import resource, sys
sys.path.insert(0, {bench!r})
import numcheck
from _common import synthetic_numbers
count = {count}
done = 0
if count:
    for facts in numcheck.enrich_many(synthetic_numbers(count)):
        done += 1
print(done, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_kb(count: int) -> tuple[int, int]:
    code = _CHILD.format(bench=str(Path(__file__).parent), count=count)
    done, peak = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout.split()
    return int(done), int(peak)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    peak_kb(1)  # as after an install's first use: the block table is in the cache directory, mapped, not built
    _, baseline = peak_kb(0)
    done, streamed = peak_kb(count)
    print(f"peak resident memory, streaming {done:,} synthetic numbers through numcheck.enrich_many")
    row("import numcheck only", f"{baseline / 1024:8.1f} MB")
    row(f"enrich_many over {done:,} numbers", f"{streamed / 1024:8.1f} MB   (goal < 200 MB; {streamed / baseline:.2f} x import only)")


if __name__ == "__main__":
    main()
