"""The contract can fail: a manifest that asks the wrong path, parameter or method is caught by its cassettes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import numcheck
from numcheck.providers.manifest import Manifest, ManifestChecker
from numcheck.registry import default_registry
from numcheck.testing import assert_checker_contract

CASSETTES = Path(__file__).resolve().parents[2] / "fixtures" / "cassettes"
_PROVIDERS = [checker for checker in default_registry(numcheck.Settings(plugins=())) if isinstance(checker, ManifestChecker)]


def _with_request(manifest: Manifest, **changes: Any) -> Manifest:
    return manifest.model_copy(update={"request": manifest.request.model_copy(update=changes)})


def _wrong_path(manifest: Manifest) -> Manifest:
    return _with_request(manifest, path=manifest.request.path.rstrip("/") + "-renamed")


def _wrong_method(manifest: Manifest) -> Manifest:
    return _with_request(manifest, method="GET" if manifest.request.method == "POST" else "POST")


def _wrong_parameter(manifest: Manifest) -> Manifest:
    request = manifest.request
    for field in ("query", "form"):
        values = dict(getattr(request, field))
        if values:
            name = next(iter(values))
            values[name + "_x"] = values.pop(name)
            return _with_request(manifest, **{field: values})
    if request.json_body:
        body = dict(request.json_body)
        name = next(iter(body))
        body[name + "_x"] = body.pop(name)
        return _with_request(manifest, json_body=body)
    pytest.skip("the request has no parameter to rename")


MUTATIONS: dict[str, Callable[[Manifest], Manifest]] = {
    "wrong_path": _wrong_path,
    "wrong_method": _wrong_method,
    "wrong_parameter": _wrong_parameter,
}


@pytest.mark.parametrize("mutation", list(MUTATIONS))
@pytest.mark.parametrize("provider", _PROVIDERS, ids=[checker.meta.id for checker in _PROVIDERS])
def test_a_mutated_manifest_fails_its_contract(provider: ManifestChecker, mutation: str) -> None:
    """Every shipped manifest, mutated one way, fails assert_checker_contract against its own cassettes."""
    mutated = ManifestChecker(provider.meta.id, MUTATIONS[mutation](provider.manifest))
    with pytest.raises(AssertionError):
        assert_checker_contract(mutated, cassette_dir=CASSETTES / provider.meta.id)


def test_the_original_passes() -> None:
    """The same call on an unmutated manifest passes, so the failures above are the mutation's."""
    for provider in _PROVIDERS:
        assert_checker_contract(provider, cassette_dir=CASSETTES / provider.meta.id)
