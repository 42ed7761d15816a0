"""The plugin's own CI: numcheck's contract helper over the simulator and the recorded cassettes."""

from __future__ import annotations

from pathlib import Path

from numcheck_plugin_example import checkers

import numcheck
from numcheck.testing import assert_checker_contract


def test_contract_and_cassettes() -> None:
    """Examples and cassettes give registered / not_registered / blocked as declared."""
    [checker] = checkers()
    results = assert_checker_contract(checker, cassette_dir=Path(__file__).parent / "cassettes" / "example-forum")
    assert results["registered"] is numcheck.Status.REGISTERED
    assert results["cassette:blocked"] is numcheck.Status.BLOCKED


def test_numcheck_finds_the_entry_point(monkeypatch: object) -> None:
    """Installed, the checker shows up in numcheck's default registry with its distribution."""
    registry = numcheck.default_registry(numcheck.Settings(plugins=None))
    assert "example-forum" in registry.entries
    assert "numcheck-plugin-example" in registry.entries["example-forum"].source
