"""The import layers hold, and each contract in pyproject's [tool.importlinter] is able to fail.

`.ci/run` runs ``lint-imports`` on the real package; here the same contracts run on a copy of it with one
deliberate fault each (an upward import inside a function, the CLI imported under TYPE_CHECKING, ...), so a
contract that could never break would be noticed. Private names, which import-linter does not see, are checked
by walking the source.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "numcheck"


def _lint_imports() -> Path:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    if found is None:
        pytest.fail("lint-imports is not installed: it comes with the test extra (pip install -e '.[test]')")
    return Path(found)


def _copy_package(tmp_path: Path) -> Path:
    """The package's Python files (no data) and the project's import contracts, in ``tmp_path``."""
    for source in SOURCE.rglob("*.py"):
        target = tmp_path / "numcheck" / source.relative_to(SOURCE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (tmp_path / ".importlinter.toml").write_text(_as_toml(contracts), encoding="utf-8")
    return tmp_path


def _as_toml(contracts: dict[str, object]) -> str:
    """``[tool.importlinter]`` written back (strings, booleans and lists of strings are all it holds)."""

    def value(item: object) -> str:
        if isinstance(item, bool):
            return "true" if item else "false"
        if isinstance(item, list):
            return "[" + ", ".join(value(part) for part in item) + "]"
        return '"' + str(item).replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = ["[tool.importlinter]"]
    lines += [f"{key} = {value(item)}" for key, item in contracts.items() if key != "contracts"]
    for contract in contracts["contracts"]:  # type: ignore[attr-defined]
        lines += ["", "[[tool.importlinter.contracts]]"]
        lines += [f"{key} = {value(item)}" for key, item in contract.items()]
    return "\n".join(lines) + "\n"


def _run(tree: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    only = [option for contract in contracts for option in ("--contract", contract)]
    return subprocess.run(
        [str(_lint_imports()), "--no-cache", "--no-logo", *only, str(tree / ".importlinter.toml")],
        cwd=tree,
        env={"PATH": str(Path(sys.executable).parent), "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _append(tree: Path, module: str, code: str) -> None:
    path = tree / "numcheck" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + code + "\n", encoding="utf-8")


def test_the_unchanged_copy_keeps_every_contract(tmp_path: Path) -> None:
    """The baseline for the faults below: the copy itself breaks nothing, so each failure is its fault's doing."""
    done = _run(_copy_package(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


# (contract id, module changed, code appended, what the report must name)
FAULTS = [
    pytest.param(
        "layers",
        "report.py",
        "def _upward() -> None:\n    from numcheck.engine import Runner  # noqa: F401",
        "numcheck.report -> numcheck.engine",
        id="an-upward-import-inside-a-function",
    ),
    pytest.param(
        "layers",
        "net/client.py",
        "import typing\nif typing.TYPE_CHECKING:\n    from numcheck.providers.manifest import ManifestChecker",
        "numcheck.net.client -> numcheck.providers.manifest",
        id="an-upward-import-under-type-checking",
    ),
    pytest.param(
        "cli-is-a-face",
        "serve/app.py",
        "def _parser() -> None:\n    from numcheck.cli.options import add_batch_options  # noqa: F401",
        "numcheck.serve.app -> numcheck.cli.options",
        id="serve-importing-the-cli",
    ),
    pytest.param(
        "testing-is-for-tests",
        "engine.py",
        "def _kit() -> None:\n    import numcheck.testing  # noqa: F401",
        "numcheck.engine -> numcheck.testing",
        id="the-library-importing-the-test-kit",
    ),
    pytest.param(
        "no-circles",
        "tags.py",
        "def _back() -> None:\n    from numcheck.risk import coverage  # noqa: F401",
        ".tags -> .risk",
        id="a-circle-inside-one-layer",
    ),
    pytest.param(
        "no-circles",
        "numbers.py",
        "def _enriched() -> None:\n    from numcheck.offline.enrich import facts_for  # noqa: F401",
        # The contract names the circle by the one edge whose removal breaks it with the fewest imports.
        ".offline -> .numbers",
        id="the-parser-climbing-into-the-facts-built-on-it",
    ),
    pytest.param(
        "private-modules",
        "engine.py",
        "def _private() -> None:\n    from numcheck.offline import _hidden  # noqa: F401",
        "numcheck.engine -> numcheck.offline._hidden",
        id="a-private-module-from-another-package",
    ),
]


@pytest.mark.parametrize(("contract", "module", "code", "named"), FAULTS)
def test_a_fault_breaks_its_contract(tmp_path: Path, contract: str, module: str, code: str, named: str) -> None:
    tree = _copy_package(tmp_path)
    (tree / "numcheck" / "offline" / "_hidden.py").write_text('"""A private module, for the private-modules fault."""\n', encoding="utf-8")
    assert _run(tree, contract).returncode == 0, f"{contract} is broken before the fault"
    _append(tree, module, code)
    done = _run(tree, contract)
    assert done.returncode != 0, done.stdout
    assert "1 broken" in done.stdout
    assert named in done.stdout


def private_imports(root: Path, package: str = "numcheck") -> list[str]:
    """Imports of a private name (``_name``) from a module of another package, as ``importer:line: what``.

    A private name belongs to the package that holds its module, subpackages included: `numcheck._errors` is for all
    of numcheck, a ``_name`` in `numcheck.cli.options` only for `numcheck.cli`.
    """
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = (package, *path.relative_to(root).with_suffix("").parts)
        importer = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        importer_package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or node.module is None:
                continue
            module = node.module
            if node.level:
                base = importer_package.split(".")
                module = ".".join([*base[: len(base) - node.level + 1], node.module])
            if module != package and not module.startswith(package + "."):
                continue
            is_package = (root.parent / module.replace(".", "/") / "__init__.py").is_file()
            owner = module if is_package else module.rpartition(".")[0]
            for alias in node.names:
                private = alias.name.startswith("_") and not alias.name.startswith("__")
                if private and importer != owner and not importer.startswith(owner + "."):
                    found.append(f"{importer}:{node.lineno}: from {module} import {alias.name}")
    return found


def test_no_module_imports_a_private_name_from_another_package() -> None:
    assert private_imports(SOURCE) == []


def test_the_private_name_check_can_fail(tmp_path: Path) -> None:
    tree = _copy_package(tmp_path)
    _append(tree, "serve/command.py", "from numcheck.cli.options import _hidden")
    _append(tree, "cli/check.py", "from numcheck.cli.options import _fine")  # inside its own package: allowed
    line = _last_line(tree / "numcheck" / "serve" / "command.py")
    assert private_imports(tree / "numcheck") == [f"numcheck.serve.command:{line}: from numcheck.cli.options import _hidden"]


def _last_line(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_circle_lister_finds_circles_and_only_circles() -> None:
    """tools/import_cycles.py, which prints the circles the no-circles contract counts."""
    spec = importlib.util.spec_from_file_location("import_cycles", ROOT / "tools" / "import_cycles.py")
    assert spec is not None
    assert spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    strongly_connected = tool.strongly_connected
    chain = {"a": {"b"}, "b": {"c"}, "c": set()}
    assert strongly_connected(chain) == []
    looped = {"a": {"b"}, "b": {"c", "d"}, "c": {"a"}, "d": {"e"}, "e": {"d"}, "f": {"a"}}
    assert sorted(strongly_connected(looped)) == [["a", "b", "c"], ["d", "e"]]
