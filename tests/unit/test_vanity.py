"""Vanity patterns."""

from __future__ import annotations

import pytest

from numcheck.offline.vanity import find_patterns


def _names(number: str) -> set[str]:
    return {pattern.name for pattern in find_patterns(number)}


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("13912348888", {"AAAA", "ABCD", "lucky 8s"}),
        ("13900007777", {"AAAA"}),
        ("13966666666", {"AAAAAAAA", "lucky 6s"}),
        ("13912345566", {"AABB", "ABCD", "lucky 6s"}),
        ("13912341212", {"ABAB", "ABCD"}),
        ("13956781234", {"ABCD"}),
        ("13998765012", {"ABCD"}),
        ("13910293000", {"AAA tail"}),
        ("13914414423", {"4-heavy"}),
        ("13912341221", {"ABBA", "ABCD"}),
    ],
)
def test_patterns(number: str, expected: set[str]) -> None:
    """Exactly the patterns that appear are found: a spurious extra pattern fails too."""
    assert _names(number) == expected


def test_plain_number_has_no_pattern() -> None:
    """An unremarkable number has none."""
    assert find_patterns("13902951738") == []


def test_vanity_checker_tags() -> None:
    """The vanity checker tags premium patterns 'vanity' and 4-heavy ones 'four_heavy'."""
    import numcheck

    report = numcheck.check("13912348888", offline=True)
    vanity = next(item for item in report.findings if item.checker_id == "vanity")
    assert vanity.tags == ("vanity",)
    unlucky = next(item for item in numcheck.check("13914414423", offline=True).findings if item.checker_id == "vanity")
    assert unlucky.tags == ("four_heavy",)
