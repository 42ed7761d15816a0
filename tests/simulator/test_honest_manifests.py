"""Every shipped manifest, against the honest simulator (`python -m numcheck.testing.simulator --mode honest`), reads
the answer it declares for a held number and for a free one: registered or not registered where its signal exists, and
on the side its sources never documented, the provider's own answer read as unknown ("no signal"), never an error.

The workflow test (tests/test_workflow.py) runs the same self-check but accepts any state, so pcauto's error (the
simulator answered a JSON service with its HTML session page) passed there; this test names each answer.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

import numcheck
from numcheck.engine import check
from numcheck.health.controls import control_numbers
from numcheck.providers.manifest import ManifestChecker
from numcheck.registry import default_registry
from numcheck.report import Finding, Status
from numcheck.testing import Simulator, isolated_registry, scripts_for, simulator_settings, synthetic_number

_REGISTRY = default_registry(numcheck.Settings(plugins=(), config_dir=Path("/nonexistent")))
_MANIFESTS = [checker for checker in _REGISTRY if isinstance(checker, ManifestChecker)]


@pytest.fixture(name="simulator", scope="module")
def _simulator() -> Iterator[Simulator]:
    with Simulator(scripts_for(_MANIFESTS)) as simulator:
        for checker in _MANIFESTS:
            simulator.set_mode(checker.meta.id, "honest")
        yield simulator


def _asked(simulator: Simulator, checker: ManifestChecker, number: str, tmp_path: Path) -> Finding:
    settings = simulator_settings(simulator, [checker], data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    with isolated_registry(checker) as registry:
        report = check(number, registry=registry, settings=settings)
    assert not simulator.misses, simulator.misses
    return next(found for found in report.findings if found.checker_id == checker.meta.id)


def _country(checker: ManifestChecker) -> str:
    return "US" if checker.meta.countries == ("US",) else "CN"


def _free_numbers(checker: ManifestChecker) -> list[str]:
    """The simulator's free numbers: the not-registered scenario and, for Chinese services, a never-issued number (what
    the self-check asks, with no scenario of its own)."""
    numbers = [synthetic_number("not_registered", _country(checker))]
    if _country(checker) == "CN":
        numbers.append("+86" + control_numbers(1, random.Random(checker.meta.id))[0])
    return numbers


def _assert_answer(found: Finding, declared: bool, status: Status) -> None:
    if declared:
        assert found.status is status, f"{found.checker_id}: {found.status}: {found.detail}"
    else:
        # The side its sources never name: the provider's own answer, read and matched by no signal.
        assert (found.status, found.evidence.signal) == (Status.UNKNOWN, "no signal"), f"{found.checker_id}: {found.detail}"


def test_every_manifest_is_asked() -> None:
    assert len(_MANIFESTS) >= 15
    assert "pcauto" in {checker.meta.id for checker in _MANIFESTS}


@pytest.mark.parametrize("checker", _MANIFESTS, ids=lambda checker: checker.meta.id)
def test_a_held_number_reads_as_registered_where_the_manifest_can_say_so(
    simulator: Simulator, checker: ManifestChecker, tmp_path: Path
) -> None:
    found = _asked(simulator, checker, synthetic_number("registered", _country(checker)), tmp_path)
    _assert_answer(found, checker.manifest.signals.registered is not None, Status.REGISTERED)


@pytest.mark.parametrize("checker", _MANIFESTS, ids=lambda checker: checker.meta.id)
def test_a_free_number_reads_as_not_registered_where_the_manifest_can_say_so(
    simulator: Simulator, checker: ManifestChecker, tmp_path: Path
) -> None:
    for index, number in enumerate(_free_numbers(checker)):
        found = _asked(simulator, checker, number, tmp_path / str(index))
        _assert_answer(found, checker.manifest.signals.not_registered is not None, Status.NOT_REGISTERED)
