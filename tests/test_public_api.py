"""The public surface: ``numcheck.__all__`` is sorted, complete and importable."""

from __future__ import annotations

import importlib
import re
import types

import pytest

import numcheck


@pytest.mark.parametrize("module_name", ["numcheck", "numcheck.testing"])
def test_all_is_sorted(module_name: str) -> None:
    """__all__ is sorted the way ruff (RUF022) keeps it: CONSTANTS, then Classes, then functions; no duplicate."""
    exported = list(importlib.import_module(module_name).__all__)
    assert exported == sorted(exported, key=lambda name: (0 if name.isupper() else 1 if name[0].isupper() else 2, name))
    assert len(exported) == len(set(exported))


def test_numcheck_all_equals_its_public_names() -> None:
    """numcheck.__all__ lists every public, non-module name of the package, and nothing else."""
    eager = {name for name, value in vars(numcheck).items() if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    public = (eager | set(numcheck._LAZY)) - {"annotations", "Any", "TYPE_CHECKING"}
    assert set(numcheck.__all__) == public


def test_import_numcheck_loads_nothing_heavy() -> None:
    """`import numcheck` defers the models, phonenumbers and the tables until a name is used (start-up goal <= 100 ms)."""
    import subprocess
    import sys

    code = "import sys, numcheck; print(sorted(m for m in ('pydantic', 'phonenumbers', 'numcheck.engine', 'numpy', 'requests') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"
    assert numcheck.check.__module__ == "numcheck.engine"  # and a name still resolves on use


def test_testing_all_lists_the_kit() -> None:
    """The plugin authors' kit exports its helpers, replay_cassettes included, each defined inside numcheck."""
    import numcheck.testing as kit

    assert {"assert_checker_contract", "replay_cassettes", "Simulator", "scrubbing_vcr", "find_secrets"} <= set(kit.__all__)
    for name in kit.__all__:
        value = getattr(kit, name)
        assert isinstance(value, dict) or value.__module__.startswith("numcheck."), name


@pytest.mark.parametrize("module_name", ["numcheck", "numcheck.testing"])
def test_every_exported_name_imports(module_name: str) -> None:
    """``from module import X`` works for every X in __all__ (a stale name raises ImportError)."""
    for name in importlib.import_module(module_name).__all__:
        namespace: dict[str, object] = {}
        exec(f"from {module_name} import {name}", namespace)
        assert name in namespace


def test_version_is_exposed() -> None:
    """numcheck.__version__ comes from the package metadata."""
    assert numcheck.__version__.count(".") >= 2


def test_exception_tree() -> None:
    """Every numcheck exception derives from NumcheckError."""
    errors = [value for value in vars(numcheck).values() if isinstance(value, type) and issubclass(value, Exception)]
    assert {numcheck.InputError, numcheck.ConfigError, numcheck.InvalidNumber, numcheck.StoreError} <= set(errors)
    for error in errors:
        assert issubclass(error, numcheck.NumcheckError), error


def test_what_the_docs_say_the_testing_kit_ships_is_there() -> None:
    """Every helper docs/writing-a-checker.md lists under "`numcheck.testing` ships" imports from numcheck.testing."""
    from pathlib import Path

    page = (Path(__file__).resolve().parents[1] / "docs" / "writing-a-checker.md").read_text(encoding="utf-8")
    section = page.split("`numcheck.testing` ships", 1)[1].split("\n\n<!--", 1)[0]
    # Helpers are written as calls (`batch_number(i)`) or head a bullet (* `Simulator`: ...).
    named = set(re.findall(r"`([a-z_]+)\(", section)) | set(re.findall(r"^\* `([A-Za-z_]+)`", section, re.MULTILINE))
    assert {"batch_number", "synthetic_number", "assert_checker_contract", "Simulator", "find_secrets"} <= named
    import numcheck.testing as kit

    for name in named:
        namespace: dict[str, object] = {}
        exec(f"from numcheck.testing import {name}", namespace)  # as the page tells a plugin author to
        assert name in kit.__all__, name
