"""Every docs page a finding, a checker or the code cites exists, with the section it names."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import numcheck
from numcheck.offline.vanity import find_patterns

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
_LINK = re.compile(r"docs/(?P<page>[A-Za-z0-9_-]+\.md)(?:#(?P<anchor>[A-Za-z0-9_-]+))?")


def _slug(title: str) -> str:
    """A heading's anchor as mkdocs' toc extension makes it (Python-Markdown's default slugify)."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_title).strip().lower())


def _anchors(page: str) -> set[str]:
    text = (DOCS / page).read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # a "# comment" in a code block is no heading
    return {_slug(heading) for heading in re.findall(r"^#{1,6} (.+)$", text, re.MULTILINE)}


def _broken(text: str) -> list[str]:
    problems = []
    for link in _LINK.finditer(text):
        page, anchor = link.group("page"), link.group("anchor")
        if not (DOCS / page).is_file():
            problems.append(f"{link.group(0)}: no such page")
        elif anchor and anchor not in _anchors(page):
            problems.append(f"{link.group(0)}: no such section")
    return problems


def test_the_slug_is_mkdocs_own() -> None:
    pytest.importorskip("markdown", reason="Python-Markdown comes with the docs extra")
    from markdown.extensions.toc import slugify

    for title in ("Vanity numbers", "`numcheck compare`: rank candidate numbers", "Tags and what they mean for you", "号码 Numbers (靓号)"):
        assert _slug(title) == slugify(title, "-")


def test_every_docs_link_in_the_findings_resolves() -> None:
    """The checkers' metadata and the findings of offline reports (vanity, never issued, landline, foreign) cite real pages."""
    texts = [checker.meta.model_dump_json() for checker in numcheck.default_registry(numcheck.Settings(plugins=()))]
    for number in ("13800138888", "13912341234", "19400001234", "01012345678", "+447911123456", "14444444444"):
        texts += [finding.model_dump_json() for finding in numcheck.check(number, offline=True).findings]
    cited = [link.group(0) for text in texts for link in _LINK.finditer(text)]
    assert any(link.startswith("docs/china-data.md#vanity") for link in cited), "the vanity finding cites its page"
    assert [problem for text in texts for problem in _broken(text)] == []


def test_every_docs_link_in_the_source_resolves() -> None:
    """Comments, docstrings, data files and manifests too: a renamed page or section is caught here."""
    problems = []
    for path in sorted((ROOT / "src").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".csv", ".toml", ".json", ".j2", ".tsv") and path.stat().st_size < 2_000_000:
            problems += [f"{path.relative_to(ROOT)}: {problem}" for problem in _broken(path.read_text(encoding="utf-8", errors="replace"))]
    assert problems == []


def test_the_vanity_table_matches_the_rules() -> None:
    """Each example tail in docs/china-data.md#vanity-numbers shows the pattern its row names."""
    section = (DOCS / "china-data.md").read_text(encoding="utf-8").split("## Vanity numbers", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)`.*\| (?:…)?([0-9, …]+) \|$", section, re.MULTILINE)
    assert len(rows) >= 8
    for name, examples in rows:
        for tail in (example.strip().lstrip("…") for example in examples.split(",")):
            number = "138257935791"[: 11 - len(tail)] + tail  # a filler with no pattern of its own
            found = {pattern.name for pattern in find_patterns(number)}
            assert name in found or (name.startswith("AAAA") and any(set(item) == {"A"} for item in found)), (name, number, found)
