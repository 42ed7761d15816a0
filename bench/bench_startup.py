"""Cold start, side by side in one run: `import numcheck` and `python -m numcheck --offline N` beside a bare interpreter.

Goals (issue #13): `import numcheck` <= 100 ms; `python -m numcheck --offline N` <= bare Python + 150 ms.
The package's bytecode is compiled first, as an installed wheel's is. Every process gets a temporary data and config directory (nothing is read from or written to the user's own
history), and no plugins ("default install"); a second CLI figure is taken with the installed plugins.
The CLI's output is checked against the library's own report for the same number before anything is timed.
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


def interleaved_medians(cases: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, float]:
    """Median wall time of each case in ms; every round runs each case once, so drift in the machine's speed hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, env) in cases.items():
            started = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


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
        medians = interleaved_medians(
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
    bare, imported, first_use = medians["bare"], medians["imported"], medians["first_use"]
    pydantic_only, one_model, with_phonenumbers = medians["pydantic_only"], medians["one_model"], medians["with_phonenumbers"]
    offline, with_plugins = medians["offline"], medians["with_plugins"]
    print(f"cold start, median of {runs} fresh processes each, in interleaved rounds (temporary data directory, CLI output checked first)")
    row("python -c pass", f"{bare:8.1f} ms")
    row("python -c 'import numcheck'", f"{imported:8.1f} ms   (goal <= 100 ms; {imported - bare:+.1f} ms over bare)")
    row("  ... and numcheck.parse(N) (models, phonenumbers)", f"{first_use:8.1f} ms   ({first_use - bare:+.1f} ms over bare)")
    row(
        "python -m numcheck --offline N (no plugins)",
        f"{offline:8.1f} ms   (goal <= bare + {GOAL_OVER_BARE_MS:.0f} ms: {offline - bare:+.1f} ms)",
    )
    row("  of which pydantic's import alone", f"{pydantic_only - bare:+8.1f} ms   ({(pydantic_only - bare) / (offline - bare):.0%} of it)")
    for label, floor in (
        ("  floor: one pydantic model, validated once", one_model - bare),
        ("  floor: that model, and phonenumbers imported", with_phonenumbers - bare),
    ):
        row(
            label,
            f"{floor:+8.1f} ms   ({floor / (offline - bare):.0%} of it; the goal leaves {GOAL_OVER_BARE_MS - floor:+.1f} ms for the rest)",
        )
    row("python -m numcheck --offline N (installed plugins)", f"{with_plugins:8.1f} ms   ({with_plugins - bare:+.1f} ms over bare)")


if __name__ == "__main__":
    main()
