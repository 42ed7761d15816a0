"""README's count and list of shipped online checkers is what `numcheck checkers` lists (derived, never typed twice)."""

from __future__ import annotations

import re
from pathlib import Path

from numcheck import CheckerKind, Settings
from numcheck.providers.manifest import shipped_manifest_dir
from numcheck.registry import default_registry

README = Path(__file__).resolve().parents[1] / "README.md"
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "twenty-one", "twenty-two", "twenty-three", "twenty-four", "twenty-five"]  # fmt: skip
GROUPS = {"account lookups:": CheckerKind.ACCOUNT, "reputation:": CheckerKind.REPUTATION, "carrier APIs:": CheckerKind.CARRIER}


def _shipped() -> dict[str, CheckerKind]:
    """Online checkers that come with numcheck: built in, or a manifest in the package (no plugin, no user manifest)."""
    registry = default_registry(Settings(manifest_dirs=()))
    shipped = str(shipped_manifest_dir())
    return {
        checker_id: entry.checker.meta.kind
        for checker_id, entry in registry.entries.items()
        if entry.checker.meta.kind is not CheckerKind.OFFLINE and (entry.source == "builtin" or shipped in entry.source)
    }


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    return text.split("## Online checkers", 1)[1].split("\n## ", 1)[0]


def test_the_count_is_the_number_of_shipped_online_checkers() -> None:
    found = re.search(r"\b([A-Z][a-z-]+) ship\b", _section())
    assert found is not None, "README's Online checkers section says how many ship"
    assert WORDS.index(found.group(1).lower()) == len(_shipped())


def test_each_shipped_checker_is_named_by_its_id_under_its_kind() -> None:
    section = " ".join(_section().split())
    listed: dict[str, CheckerKind] = {}
    starts = sorted((section.index(heading), kind) for heading, kind in GROUPS.items())
    for (start, kind), (end, _) in zip(starts, [*starts[1:], (section.index("None could be observed"), None)], strict=True):
        for checker_id in re.findall(r"`([a-z0-9-]+)`", section[start:end]):
            listed[checker_id] = kind
    assert listed == _shipped()
