"""pytest fixtures numcheck offers to every project that installs it (entry point ``pytest11``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from numcheck.registry import Registry
from numcheck.testing.simulator import Simulator


@pytest.fixture(name="numcheck_registry")
def _numcheck_registry() -> Iterator[Registry]:
    """An empty registry for the test; add your checker with ``.add(checker, "test")``."""
    registry = Registry()
    yield registry
    registry.entries.clear()


@pytest.fixture(name="numcheck_simulator")
def _numcheck_simulator() -> Iterator[Simulator]:
    """A simulator with no provider scripted: build your own with ``Simulator(scripts_for([...]))``, or use this for fault tests."""
    with Simulator({}) as simulator:
        yield simulator


@pytest.fixture(autouse=True)
def _numcheck_fresh_politeness() -> Iterator[None]:
    """Each test starts with a fresh process-wide pacing budget.

    numcheck paces requests per process on purpose; in a test suite, a simulator's Retry-After seen
    by one test must not hold a later test whose simulator happens to reuse the same loopback port.
    """
    from numcheck.net.pacing import process_politeness

    process_politeness.cache_clear()
    yield
    process_politeness.cache_clear()
