"""Cold start, side by side in one run: `import numcheck` and `python -m numcheck --offline N` beside a bare interpreter.

Goals (issues #13, #22): `import numcheck` <= 100 ms; `python -m numcheck --offline N` <= bare Python + 150 ms, and
numcheck's own share, the CLI minus the floor below, <= 30 ms.

Two installs are timed in the same interleaved rounds, and each goal is judged on both:

* **installed**: what a user's ``pip install numcheck`` gives. The wheel is built from this checkout into a
  temporary directory and installed by pip (``--no-index --no-deps``, bytecode compiled by pip as for any install)
  into a fresh virtual environment; numcheck's runtime dependencies, and nothing else, are linked into it from the
  environment running this benchmark (their installed files, as their RECORD lists them), since there is no network
  to fetch them. That environment holds exactly the packages ``pip install numcheck`` would, so pydantic's plugin
  loader, which reads the entry points of every installed distribution when the first model is validated, reads
  the two dozen a user has.
* **dev**: the interpreter running this benchmark (the CI virtualenv: about 150 distributions, editable installs
  and their ``.pth`` files), with the package's bytecode compiled first, as an installed wheel's is.

Every process gets a temporary home (``HOME``; no ``XDG_*`` or ``NUMCHECK_*`` variables), so the platform's own
config, data and cache directories are found as a user's are and nothing of the user's is read or written; "dev"
runs with no plugins (``NUMCHECK_PLUGINS=``), and once more with the installed ones.
The CLI's output is checked against the library's own report for the same number before anything is timed, in each
install; that first run also fills the cache directory (phonenumbers' facts), as the first run after an install does.
Each figure is the median of the runs and, beside it, the fastest run: on a shared machine the other processes
only ever add time, so the fastest run is the least disturbed one. PASS and MISS are judged on the medians.
The floor under the share is timed in the same rounds, in the same install: a program that imports pydantic,
defines one model and validates it once, which any command line that builds a pydantic report pays before it does
anything of its own, and imports phonenumbers, whose metadata decides validity.
Run: python bench/bench_startup.py [--runs N] [--dev-only]
"""

from __future__ import annotations

import argparse
import compileall
import email.parser
import os
import re
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import row

ROOT = Path(__file__).resolve().parents[1]
NUMBER = "13800138000"
ONE_MODEL = "from pydantic import BaseModel\nclass Probe(BaseModel):\n    value: int\nProbe(value=1)"
WITH_PHONENUMBERS = ONE_MODEL + "\nimport phonenumbers"
GOAL_IMPORT_MS = 100.0
GOAL_OVER_BARE_MS = 150.0
GOAL_OVER_FLOOR_MS = 30.0

Case = tuple[list[str], dict[str, str]]


def interleaved(cases: dict[str, Case], runs: int) -> dict[str, list[float]]:
    """Wall times of each case in ms; every round runs each case once, so drift in the machine's speed hits all alike."""
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (argv, env) in cases.items():
            started = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
            samples[name].append((time.perf_counter() - started) * 1000)
    return samples


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def runtime_closure(wheel: Path) -> list[metadata.Distribution]:
    """The installed distributions ``pip install`` of ``wheel`` brings in (no extras), found among this environment's."""
    from packaging.requirements import Requirement  # installed with build and pip

    def needed(requires: list[str]) -> list[str]:
        kept = [Requirement(text) for text in requires]
        return [item.name for item in kept if item.marker is None or item.marker.evaluate({"extra": ""})]

    with zipfile.ZipFile(wheel) as archive:
        (name,) = [entry for entry in archive.namelist() if entry.endswith(".dist-info/METADATA")]
        own = email.parser.BytesParser().parsebytes(archive.read(name)).get_all("Requires-Dist") or []
    found: dict[str, metadata.Distribution] = {}
    wanted = needed(own)
    while wanted:
        current = wanted.pop()
        if _key(current) not in found:
            found[_key(current)] = metadata.distribution(current)
            wanted += needed(found[_key(current)].requires or [])
    return list(found.values())


def link_installed(distributions: list[metadata.Distribution], site_packages: Path) -> None:
    """Each distribution's top-level files and folders in ``site_packages``, as symbolic links to the installed ones."""
    for distribution in distributions:
        entries = [Path(str(entry)) for entry in distribution.files or [] if not str(entry).startswith("..")]
        source = Path(str(distribution.locate_file("")))
        # The bytecode of a single-file module sits in site-packages' own __pycache__, shared by every distribution:
        # linked a file at a time, so that nothing this environment compiles is written into the other one.
        for entry in entries:
            if entry.parts[0] == "__pycache__" and (source / entry).is_file():
                (site_packages / "__pycache__").mkdir(exist_ok=True)
                if not (site_packages / entry).exists():
                    (site_packages / entry).symlink_to(source / entry)
        tops = {entry.parts[0] for entry in entries if entry.parts[0] != "__pycache__"}
        for top in sorted(tops):
            target = site_packages / top
            if (source / top).exists() and not target.exists():
                target.symlink_to(source / top)


def installed_python(work: Path) -> Path:
    """A fresh virtual environment holding the wheel built from this checkout and its runtime dependencies."""
    wheels = work / "wheel"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(wheels), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("numcheck-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-index", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
    )
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True
    ).stdout.strip()
    link_installed(runtime_closure(wheel), Path(purelib))
    return python


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user whose home is ``home``: nothing of ours is set, nothing of the real user's is read."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("NUMCHECK_", "XDG_", "PYTHON"))}
    env.update(HOME=str(home), **extra)
    return env


def checked_cli(python: str, env: dict[str, str], home: Path) -> list[str]:
    """The offline one-number command line, its output first checked equal to the library's own report."""
    cli = [python, "-m", "numcheck", "--offline", "--color", "never", NUMBER]
    shown = subprocess.run(cli, check=True, capture_output=True, text=True, env=env).stdout
    expected = subprocess.run(
        [python, "-c", f"import numcheck; from numcheck.render.text import render_report; "
         f"print(render_report(numcheck.check({NUMBER!r}, offline=True)), end='')"],
        check=True, capture_output=True, text=True, env=env,
    ).stdout  # fmt: skip
    assert shown == expected, f"the CLI's report differs from the library's ({python})"
    assert not list(home.rglob("history.sqlite3")), "an offline check wrote a history"
    return cli


def cases_for(tag: str, python: str, env: dict[str, str], cli: list[str]) -> dict[str, Case]:
    return {
        f"{tag}:bare": ([python, "-c", "pass"], env),
        f"{tag}:imported": ([python, "-c", "import numcheck"], env),
        f"{tag}:first_use": ([python, "-c", f"import numcheck; numcheck.parse({NUMBER!r})"], env),
        # The floor under the share: the report is a pydantic model, so pydantic is imported on every run, and its
        # first model class and first validator load the rest of it.
        f"{tag}:pydantic_only": ([python, "-c", "from pydantic import BaseModel, Field, field_validator"], env),
        f"{tag}:one_model": ([python, "-c", ONE_MODEL], env),
        f"{tag}:with_phonenumbers": ([python, "-c", WITH_PHONENUMBERS], env),
        f"{tag}:offline": (cli, env),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per figure (median)")
    parser.add_argument("--dev-only", action="store_true", help="time this interpreter only (no wheel, no fresh environment)")
    options = parser.parse_args()
    if options.runs < 1:
        parser.error("--runs must be at least 1")
    import numcheck

    # An installed wheel has its bytecode compiled at install time; a source checkout under
    # PYTHONDONTWRITEBYTECODE recompiles every edited module on every start. Time what users run.
    compileall.compile_dir(Path(numcheck.__file__).parent, quiet=1)
    # The dev interpreter imports numcheck as this process does (an editable install, or PYTHONPATH).
    dev_path = {"PYTHONPATH": os.environ["PYTHONPATH"]} if os.environ.get("PYTHONPATH") else {}
    with tempfile.TemporaryDirectory(prefix="numcheck-bench-startup-") as scratch:
        work = Path(scratch)
        installs: dict[str, tuple[str, dict[str, str], Path]] = {}
        if not options.dev_only:
            home = work / "home-installed"
            home.mkdir()
            installs["installed"] = (str(installed_python(work)), user_env(home), home)
        home = work / "home-dev"
        home.mkdir()
        installs["dev"] = (sys.executable, user_env(home, NUMCHECK_PLUGINS="", **dev_path), home)
        cases: dict[str, Case] = {}
        for tag, (python, env, home) in installs.items():
            cli = checked_cli(python, env, home)
            cases.update(cases_for(tag, python, env, cli))
        cases["dev:with_plugins"] = (cases["dev:offline"][0], user_env(installs["dev"][2], **dev_path))
        samples = interleaved(cases, options.runs)
    medians = {name: statistics.median(values) for name, values in samples.items()}
    best = {name: min(values) for name, values in samples.items()}
    print(
        f"cold start, {options.runs} fresh processes each, in interleaved rounds "
        "(temporary home, CLI output checked against the library first)"
    )
    print("  median, then the fastest run in brackets; goals judged on the medians")

    def both(name: str, over: str | None = None) -> str:
        if over is None:
            return f"{medians[name]:8.1f} ms  [{best[name]:6.1f}]"
        return f"{medians[name] - medians[over]:+8.1f} ms  [{best[name] - best[over]:+6.1f}]"

    def verdict(value: float, goal: float) -> str:
        return "PASS" if value <= goal else "MISS"

    for tag in installs:
        print()
        print(
            "installed: the wheel, pip-installed into a fresh environment with its runtime dependencies only"
            if tag == "installed"
            else f"dev: this interpreter ({sys.prefix}), {len(list(metadata.distributions()))} distributions installed"
        )
        imported = medians[f"{tag}:imported"]
        over_bare = medians[f"{tag}:offline"] - medians[f"{tag}:bare"]
        share = medians[f"{tag}:offline"] - medians[f"{tag}:with_phonenumbers"]
        row("python -c pass", both(f"{tag}:bare"))
        row("import numcheck, in all", both(f"{tag}:imported") + f"   goal <= {GOAL_IMPORT_MS:.0f}: {verdict(imported, GOAL_IMPORT_MS)}")
        row("  and numcheck.parse(N), over bare", both(f"{tag}:first_use", f"{tag}:bare"))
        row(
            "python -m numcheck --offline N, over bare",
            both(f"{tag}:offline", f"{tag}:bare") + f"   goal <= +{GOAL_OVER_BARE_MS:.0f}: {verdict(over_bare, GOAL_OVER_BARE_MS)}",
        )
        row("  floor: pydantic imported, over bare", both(f"{tag}:pydantic_only", f"{tag}:bare"))
        row("  floor: one model defined and validated", both(f"{tag}:one_model", f"{tag}:bare"))
        row("  floor: that, and phonenumbers imported", both(f"{tag}:with_phonenumbers", f"{tag}:bare"))
        row(
            "  numcheck's own share: the CLI over that floor",
            both(f"{tag}:offline", f"{tag}:with_phonenumbers")
            + f"   goal <= +{GOAL_OVER_FLOOR_MS:.0f}: {verdict(share, GOAL_OVER_FLOOR_MS)}",
        )
        if tag == "dev":
            row("  the same CLI with the installed plugins, over bare", both("dev:with_plugins", "dev:bare"))
    print(f"\nwheel built from {ROOT}; Python {sysconfig.get_python_version()}")


if __name__ == "__main__":
    main()
