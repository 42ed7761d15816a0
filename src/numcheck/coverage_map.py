"""How numcheck covers the Chinese apps where a second-hand number's inherited bindings hurt most.

Read from ``data/cn_app_coverage.csv`` (its header cites the sources); docs/coverage.md is generated
from it. Each app is covered by a direct lookup (a checker), or only by the carriers' unbinding
service (二次号码焕新) and the owner's own query (一证通查 2.0), with the reason a lookup is missing.
The HTML report links each binding category no checker answered for to its section of the page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from numcheck.messages.terms import TERMS
from numcheck.report import CheckerKind, Finding

COVERAGE_PAGE = "https://github.com/numcheck/numcheck/blob/main/docs/coverage.md"
# The categories, in the page's order: (anchor id, title).
# (anchor, English title) of each binding category; the titles are vocabulary, translated like every other word.
CATEGORIES = tuple(TERMS["app_category"].items())


@dataclass(frozen=True)
class CoverageSource:
    """A public source the table cites: key, short label, full citation with its address."""

    key: str
    label: str
    citation: str


@dataclass(frozen=True)
class App:
    """One app: how numcheck covers it."""

    id: str
    name: str
    name_zh: str
    category: str
    lookup: str | None
    renewal_named: bool
    owner_query: bool
    why: str
    sources: tuple[CoverageSource, ...]


@dataclass(frozen=True)
class CoverageMap:
    """The apps, in the table's order, and the sources they cite."""

    apps: tuple[App, ...]
    sources: tuple[CoverageSource, ...]

    def in_category(self, category: str) -> list[App]:
        return [app for app in self.apps if app.category == category]


@cache
def coverage_map() -> CoverageMap:
    """The shipped table, read once."""
    text = files("numcheck.data").joinpath("cn_app_coverage.csv").read_text(encoding="utf-8")
    sources = {}
    for line in text.splitlines():
        if line.startswith("#source "):
            key, label, citation = (part.strip() for part in line.removeprefix("#source ").split(" | ", 2))
            sources[key] = CoverageSource(key, label, citation)
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    apps = tuple(
        App(
            id=record["id"],
            name=record["name"],
            name_zh=record["name_zh"],
            category=record["category"],
            lookup=record["lookup"] or None,
            renewal_named=record["renewal"] == "named",
            owner_query=record["owner_query"] == "yes",
            why=record["why"],
            sources=tuple(sources[key] for key in record["source"].split()),  # an undefined key fails loudly here
        )
        for record in csv.DictReader(io.StringIO("\n".join(rows)))
    )
    return CoverageMap(apps, tuple(sources.values()))


def uncovered_categories(findings: Iterable[Finding]) -> list[tuple[str, str, str]]:
    """(anchor, title, link) of each binding category for which no checker gave a definitive answer in these findings."""
    answered = {item.checker_id for item in findings if item.kind is CheckerKind.ACCOUNT and item.status.definitive}
    table = coverage_map()
    return [
        (anchor, title, f"{COVERAGE_PAGE}#{anchor}")
        for anchor, title in CATEGORIES
        if not any(app.lookup in answered for app in table.in_category(anchor) if app.lookup)
    ]
