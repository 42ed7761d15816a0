"""The public surface: ``numcheck.__all__`` is sorted, complete and importable."""

from __future__ import annotations

import importlib
import types

import pytest

import numcheck


@pytest.mark.parametrize("module_name", ["numcheck"])
def test_all_is_sorted_and_equals_public_names(module_name: str) -> None:
    """__all__ is sorted case-sensitively and lists every public, non-module name."""
    module = importlib.import_module(module_name)
    exported = list(module.__all__)
    assert exported == sorted(exported)
    public = {name for name, value in vars(module).items() if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    public -= {"annotations", "Any"}
    assert set(exported) == public


def test_every_exported_name_imports() -> None:
    """``from numcheck import X`` works for every X in __all__."""
    for name in numcheck.__all__:
        assert getattr(numcheck, name) is not None


def test_version_is_exposed() -> None:
    """numcheck.__version__ comes from the package metadata."""
    assert numcheck.__version__.count(".") >= 2


def test_exception_tree() -> None:
    """Every numcheck exception derives from NumcheckError."""
    for error in (numcheck.InvalidNumber, numcheck.ManifestError, numcheck.PluginError, numcheck.SafetyError, numcheck.StoreError):
        assert issubclass(error, numcheck.NumcheckError)
