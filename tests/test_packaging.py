"""What ships: the wheel holds the package and its data, the sdist every file the tests read; the changelog and README fit.

The wheel and the sdist are built here, offline, with ``python -m build --no-isolation`` (the test extra brings
``build`` and ``hatchling``): the sdist first, then the wheel from the sdist, as an installer would.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest

import numcheck
from numcheck import cli

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
# What the test suite reads besides its own files (ROOT / ...): all of it must travel in the sdist.
READ_BY_TESTS = ("src", "tests", "fixtures", "docs", "examples", "tools", "README.md", "mkdocs.yml", "pyproject.toml", "LICENSE",
                 "THIRD_PARTY_NOTICES.md", "CHANGELOG.md", "constraints.txt", ".ci/run")  # fmt: skip


def _tracked() -> list[str]:
    """The files git tracks in this checkout (skips the test when this is not one: an unpacked sdist has no history)."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (an unpacked sdist, say): which files are tracked is known only to git")
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    return [name for name in listed if (ROOT / name).is_file()]


@pytest.fixture(name="built", scope="module")
def _built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    pytest.importorskip("build", reason="the test extra installs build (pip install -e '.[test]')")
    pytest.importorskip("hatchling", reason="the test extra installs hatchling, the build backend, for --no-isolation")
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(ROOT)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel


def test_the_wheel_holds_every_file_of_the_package(built: tuple[Path, Path]) -> None:
    _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = next(archive.read(name).decode() for name in names if name.endswith(".dist-info/entry_points.txt"))
        metadata = next(archive.read(name).decode() for name in names if name.endswith(".dist-info/METADATA"))
    assert f"\nVersion: {numcheck.__version__}\n" in metadata
    assert wheel.name.startswith(f"numcheck-{numcheck.__version__}-")
    package = ROOT / "src" / "numcheck"
    expected = {
        f"numcheck/{path.relative_to(package).as_posix()}"
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert expected - names == set()
    assert {"numcheck/THIRD_PARTY_NOTICES.md", "numcheck/LICENSES/Apache-2.0.txt"} <= names
    assert "numcheck = numcheck.__main__:run" in entry_points


def test_the_wheel_alone_runs_as_the_checkout_does(built: tuple[Path, Path], tmp_path: Path) -> None:
    """Unpacked on its own on the path, the wheel gives the very report, page and checker list the checkout gives."""
    _, wheel = built
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "NUMCHECK_PLUGINS": "", "NUMCHECK_CONFIG": "", "COLUMNS": "100"}

    def run(*argv: str) -> str:
        done = subprocess.run([sys.executable, "-m", "numcheck", *argv], env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    where = subprocess.run([sys.executable, "-c", "import numcheck; print(numcheck.__file__)"], env=env, capture_output=True, text=True)
    assert where.stdout.startswith(str(tmp_path / "site")), "the wheel's numcheck is the one imported"
    argv = ("--offline", "--no-store", "--color", "never", "13800138000")
    assert run(*argv) == _here(*argv)
    assert run("checkers", "--json").replace(str(tmp_path / "site"), "") == _here("checkers", "--json").replace(str(ROOT / "src"), "")
    page = run("--offline", "--no-store", "--format", "html", "13800138000", "19929470516")
    assert page.startswith("<!doctype html>")
    assert "+86 138 0013 8000" in page


def _here(*argv: str) -> str:
    out = io.StringIO()
    assert cli.main(list(argv), out=out, err=io.StringIO()) == cli.EXIT_OK
    return out.getvalue()


def test_the_sdist_holds_every_file_the_tests_read(built: tuple[Path, Path]) -> None:
    sdist, _ = built
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    wanted = [name for name in _tracked() if any(name == top or name.startswith(top + "/") for top in READ_BY_TESTS)]
    assert [name for name in wanted if name not in names] == []
    assert not [name for name in names if "__pycache__" in name or name.startswith(".venv")]


def test_tests_run_from_the_unpacked_sdist(built: tuple[Path, Path], tmp_path: Path) -> None:
    """The tests that read cassettes, docs and data pass in the unpacked sdist, against its own source."""
    sdist, _ = built
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (tree,) = tmp_path.iterdir()
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    modules = ["tests/providers/test_contract.py", "tests/test_doc_links.py", "tests/test_reputation_csv.py", "tests/test_packaging.py"]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-x",
            "-rs",
            *modules,
            "-k",
            "not test_the_wheel and not test_tests_run",
        ],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-4000:]
    assert "passed" in done.stdout
    # Without git history, the check of tracked files skips and says why, rather than failing.
    assert "not a git checkout" in done.stdout


class TestChangelog:
    TEXT = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")

    def test_keep_a_changelog_layout(self) -> None:
        releases = re.findall(r"^## \[(.+?)\](?: - (\d{4}-\d{2}-\d{2}))?$", self.TEXT, re.MULTILINE)
        assert releases[0] == ("Unreleased", "")
        assert all(re.fullmatch(r"\d+\.\d+\.\d+", name) and date for name, date in releases[1:])
        kinds = re.findall(r"^### (.+)$", self.TEXT, re.MULTILINE)
        assert kinds
        assert set(kinds) <= {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
        version = numcheck.__version__
        assert version in [name for name, _ in releases] or f"its first release, {version}" in self.TEXT

    def test_every_commit_it_cites_exists(self) -> None:
        _tracked()  # skips outside a git checkout
        cited = set(re.findall(r"\b[0-9a-f]{7}\b", self.TEXT))
        assert len(cited) > 10
        missing = [sha for sha in sorted(cited) if subprocess.run(["git", "cat-file", "-e", f"{sha}^{{commit}}"], cwd=ROOT).returncode]
        assert missing == []


def test_the_readme_says_how_to_install_from_pypi_and_each_extra_it_names_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m pip install numcheck" in readme
    assert PYPROJECT["project"]["name"] == "numcheck"
    assert PYPROJECT["project"]["scripts"]["numcheck"] == "numcheck.__main__:run"
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    pages = [readme, *(path.read_text(encoding="utf-8") for path in (ROOT / "docs").glob("*.md"))]
    named = {extra for page in pages for group in re.findall(r"numcheck\[([a-z,]+)\]", page) for extra in group.split(",")}
    assert {"regions", "web", "columnar", "aliyun"} <= named
    assert named <= extras
    # The two set-up commands are still the first two shell blocks, exactly.
    blocks = re.findall(r"```sh\n(.*?)```", readme, re.DOTALL)
    assert blocks[:2] == [
        "python3 -m venv .venv && .venv/bin/pip install -e '.[regions]' && .venv/bin/numcheck 13800138000\n",
        "bash .ci/run\n",
    ]
    # The version is written once, in the package: the build reads it there (the wheel's metadata is checked below).
    assert "version" in PYPROJECT["project"]["dynamic"]
    assert PYPROJECT["tool"]["hatch"]["version"]["path"] == "src/numcheck/_version.py"
