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


def test_column_vanity_codes_equal_the_checkers_tags() -> None:
    """The column path gives exactly the vanity checker's tags: on 200,000 random tails and every patterned one."""
    import random

    import numpy as np

    from numcheck.bulk.vanity import VANITY_TAGS, vanity_codes
    from numcheck.offline.vanity import find_patterns

    def from_patterns(national: str) -> tuple[str, ...]:
        names = [pattern.name for pattern in find_patterns(national)]
        premium = any(name != "4-heavy" for name in names)
        return (("vanity",) if premium else ()) + (("four_heavy",) if "4-heavy" in names else ())

    rng = random.Random(8)
    tails = [f"{rng.randrange(10**8):08d}" for _ in range(200_000)]
    # Tails built to hold each pattern, and near misses of each, at every position.
    for digits in (
        "0000",
        "1111",
        "112",
        "1122",
        "1212",
        "1221",
        "0123",
        "3210",
        "6789",
        "9876",
        "88",
        "66",
        "444",
        "8888",
        "6666",
        "8080",
    ):
        for position in range(9 - len(digits)):
            for filler in range(10):
                base = [str((filler + index * 3) % 10) for index in range(8)]
                base[position : position + len(digits)] = digits
                tails.append("".join(base))
    codes = vanity_codes(np.array([int("139" + tail) for tail in tails], dtype=np.int64)).tolist()
    mismatches = [tail for tail, code in zip(tails, codes, strict=True) if VANITY_TAGS[code] != from_patterns("139" + tail)]
    assert mismatches == []
    assert sum(bool(code) for code in codes) > 10_000  # the test sees both answers


def test_a_triple_at_the_end_counts_after_an_earlier_triple() -> None:
    from numcheck.offline.vanity import find_patterns

    assert [(pattern.name, pattern.digits) for pattern in find_patterns("13995551222")] == [("AAA tail", "222")]
