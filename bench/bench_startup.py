"""Cold start, side by side in one run: `import numcheck` and `python -m numcheck --offline N` beside a bare interpreter.

Goals (issues #13, #22): `import numcheck` <= 100 ms; `python -m numcheck --offline N` <= bare Python + 150 ms, and
numcheck's own share, the CLI minus the floor below, <= 30 ms.
The package's bytecode is compiled first, as an installed wheel's is. Every process gets a temporary data and config directory (nothing is read from or written to the user's own
history), and no plugins ("default install"); a second CLI figure is taken with the installed plugins.
The CLI's output is checked against the library's own report for the same number before anything is timed; that
first run also fills the temporary cache directory (phonenumbers' facts), as the first run after an install does.
Each figure is the median of the runs and, beside it, the fastest run: on a shared machine the other processes
only ever add time, so the fastest run is the least disturbed one.
The floor under the CLI goal is timed in the same run: a program that imports pydantic, defines one
model and validates it once, which any command line that builds a pydantic report pays before it does
anything of its own; and the same program importing phonenumbers too, whose metadata decides validity.
Run: python bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
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
ONE_MODEL = "from pydantic import BaseModel\nclass Probe(BaseModel):\n    value: int\nProbe(value=1)"
WITH_PHONENUMBERS = ONE_MODEL + "\nimport phonenumbers"
GOAL_OVER_BARE_MS = 150.0
GOAL_OVER_FLOOR_MS = 30.0


def interleaved(cases: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, list[float]]:
    """Wall times of each case in ms; every round runs each case once, so drift in the machine's speed hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, env) in cases.items():
            started = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per figure (median)")
    runs = parser.parse_args().runs
    if runs < 1:
        parser.error("--runs must be at least 1")
    python = sys.executable
    # An installed wheel has its bytecode compiled at install time; a source checkout under
    # PYTHONDONTWRITEBYTECODE recompiles every edited module on every start. Time what users run.
    import numcheck

    compileall.compile_dir(Path(numcheck.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as home:
        base = {key: value for key, value in os.environ.items() if not key.startswith("NUMCHECK_")}
        base.update(
            NUMCHECK_DATA_DIR=str(Path(home) / "data"),
            NUMCHECK_CONFIG_DIR=str(Path(home) / "config"),
            NUMCHECK_CACHE_DIR=str(Path(home) / "cache"),
        )
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
        samples = interleaved(
            {
                "bare": ([python, "-c", "pass"], default),
                "imported": ([python, "-c", "import numcheck"], default),
                "first_use": ([python, "-c", f"import numcheck; numcheck.parse({NUMBER!r})"], default),
                # The floor under the CLI goal: the report is a pydantic model, so pydantic is imported on every
                # run, and its first model class and first validator load the rest of it.
                "pydantic_only": ([python, "-c", "from pydantic import BaseModel, Field, field_validator"], default),
                "one_model": ([python, "-c", ONE_MODEL], default),
                "with_phonenumbers": ([python, "-c", WITH_PHONENUMBERS], default),
                "offline": (cli, default),
                "with_plugins": (cli, base),
            },
            runs,
        )
    medians = {name: statistics.median(values) for name, values in samples.items()}
    best = {name: min(values) for name, values in samples.items()}
    print(
        f"cold start, {runs} fresh processes each, in interleaved rounds (temporary data and cache directories, CLI output checked first)"
    )
    print("  median, then the fastest run in brackets")

    def both(name: str, over: str | None = None) -> str:
        if over is None:
            return f"{medians[name]:8.1f} ms  [{best[name]:6.1f}]"
        return f"{medians[name] - medians[over]:+8.1f} ms  [{best[name] - best[over]:+6.1f}]"

    row("python -c pass", both("bare"))
    row("import numcheck, over bare", both("imported", "bare") + "   (goal: <= 100 ms in all)")
    row("  and numcheck.parse(N), over bare", both("first_use", "bare"))
    row("python -m numcheck --offline N, over bare", both("offline", "bare") + f"   (goal: <= +{GOAL_OVER_BARE_MS:.0f})")
    row("  floor: pydantic imported, over bare", both("pydantic_only", "bare"))
    row("  floor: one model defined and validated", both("one_model", "bare"))
    row("  floor: that, and phonenumbers imported", both("with_phonenumbers", "bare"))
    row(
        "  numcheck's own share: the CLI over that floor", both("offline", "with_phonenumbers") + f"   (goal: <= +{GOAL_OVER_FLOOR_MS:.0f})"
    )
    row("  the same with the installed plugins", both("with_plugins", "bare"))


if __name__ == "__main__":
    main()
