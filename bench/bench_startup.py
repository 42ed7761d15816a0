"""Cold start, side by side in one run: `import numcheck` and `python -m numcheck --offline N` beside a bare interpreter.

Goals (issue #13): `import numcheck` <= 100 ms; `python -m numcheck --offline N` <= bare Python + 150 ms.
The package's bytecode is compiled first, as an installed wheel's is. Every process gets a temporary data and config directory (nothing is read from or written to the user's own
history), and no plugins ("default install"); a second CLI figure is taken with the installed plugins.
The CLI's output is checked against the library's own report for the same number before anything is timed.
Run: python bench/bench_startup.py [runs]
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import row

NUMBER = "13800138000"


def median_ms(argv: list[str], env: dict[str, str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    python = sys.executable
    # An installed wheel has its bytecode compiled at install time; a source checkout under
    # PYTHONDONTWRITEBYTECODE recompiles every edited module on every start. Time what users run.
    import numcheck

    compileall.compile_dir(Path(numcheck.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as home:
        base = {key: value for key, value in os.environ.items() if not key.startswith("NUMCHECK_")}
        base.update(NUMCHECK_DATA_DIR=str(Path(home) / "data"), NUMCHECK_CONFIG_DIR=str(Path(home) / "config"))
        default = {**base, "NUMCHECK_PLUGINS": ""}
        cli = [python, "-m", "numcheck", "--offline", "--color", "never", NUMBER]
        shown = subprocess.run(cli, check=True, capture_output=True, text=True, env=default).stdout
        expected = subprocess.run(
            [python, "-c", f"import numcheck; from numcheck.render.text import render_report; "
             f"print(render_report(numcheck.check({NUMBER!r}, offline=True)), end='')"],
            check=True, capture_output=True, text=True, env=default,
        ).stdout  # fmt: skip
        assert shown == expected, "the CLI's report differs from the library's"
        assert not (Path(home) / "data" / "history.sqlite3").exists(), "an offline check wrote a history"
        bare = median_ms([python, "-c", "pass"], default, runs)
        imported = median_ms([python, "-c", "import numcheck"], default, runs)
        first_use = median_ms([python, "-c", f"import numcheck; numcheck.parse({NUMBER!r})"], default, runs)
        # The floor under the CLI goal: the report is a pydantic model, so pydantic is imported on every run.
        pydantic_only = median_ms([python, "-c", "from pydantic import BaseModel, Field, field_validator"], default, runs)
        offline = median_ms(cli, default, runs)
        with_plugins = median_ms(cli, base, runs)
    print(f"cold start, median of {runs} fresh processes each (temporary data directory, CLI output checked first)")
    row("python -c pass", f"{bare:8.1f} ms")
    row("python -c 'import numcheck'", f"{imported:8.1f} ms   (goal <= 100 ms; {imported - bare:+.1f} ms over bare)")
    row("  ... and numcheck.parse(N) (models, phonenumbers)", f"{first_use:8.1f} ms   ({first_use - bare:+.1f} ms over bare)")
    row("python -m numcheck --offline N (no plugins)", f"{offline:8.1f} ms   (goal <= bare + 150 ms: {offline - bare:+.1f} ms)")
    row("  of which pydantic's import alone", f"{pydantic_only - bare:+8.1f} ms   ({(pydantic_only - bare) / (offline - bare):.0%} of it)")
    row("python -m numcheck --offline N (installed plugins)", f"{with_plugins:8.1f} ms   ({with_plugins - bare:+.1f} ms over bare)")


if __name__ == "__main__":
    main()
