"""docs/coverage.md: the 30 apps, how each is covered, generated from the data, and linked from every HTML report."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

import numcheck
from numcheck.coverage_map import CATEGORIES, COVERAGE_PAGE, coverage_map, uncovered_categories
from numcheck.registry import default_registry
from numcheck.render.html import render_html
from numcheck.report import CheckerKind, Status
from numcheck.testing import report_with, scripted_finding

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "coverage.md"


def _tool() -> Any:
    spec = importlib.util.spec_from_file_location("gen_coverage_doc", ROOT / "tools" / "gen_coverage_doc.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_page_is_current() -> None:
    """docs/coverage.md equals what tools/gen_coverage_doc.py renders from the data."""
    assert PAGE.read_text(encoding="utf-8") == _tool().render()


def test_thirty_apps_in_the_six_categories() -> None:
    apps = coverage_map().apps
    assert len(apps) == 30
    assert len({app.id for app in apps}) == 30
    assert {app.category for app in apps} == {anchor for anchor, _ in CATEGORIES}
    for app in apps:
        # Every row says how it is covered: a checker, or why there is none; and cites public sources.
        assert bool(app.lookup) != bool(app.why), app.id
        assert app.sources, app.id
        for source in app.sources:
            assert re.search(r"https?://\S+", source.citation), source.key


def test_every_direct_lookup_is_a_shipped_account_checker_with_sources() -> None:
    registry = default_registry(numcheck.Settings(plugins=(), config_dir=Path("/nonexistent")))
    lookups = [app.lookup for app in coverage_map().apps if app.lookup]
    assert lookups
    for checker_id in lookups:
        meta = registry.get(checker_id).meta
        assert meta.kind is CheckerKind.ACCOUNT
        assert meta.sends_message is False
        assert meta.provenance.sources


def test_every_anchor_the_report_links_to_is_on_the_page() -> None:
    page = PAGE.read_text(encoding="utf-8")
    for anchor, _ in CATEGORIES:
        assert f'<a id="{anchor}"></a>' in page
    for app in coverage_map().apps:
        assert f'<a id="app-{app.id}"></a>' in page
    mkdocs = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    repo = re.search(r"^repo_url: (\S+)$", mkdocs, re.MULTILINE)
    assert repo is not None
    assert f"{repo.group(1)}/blob/main/docs/coverage.md" == COVERAGE_PAGE


def test_the_html_report_links_each_uncovered_category_to_its_section() -> None:
    report = numcheck.check("13800138000", offline=True)
    page = render_html([numcheck.BatchItem(index=0, input="13800138000", report=report)])
    for anchor, title in CATEGORIES:
        assert f'<li data-category="{anchor}"><a href="{COVERAGE_PAGE}#{anchor}">{title}</a></li>' in page


def test_a_category_a_checker_answered_for_is_not_listed() -> None:
    answered = report_with("13800138000", [scripted_finding("dangdang", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED)])
    assert "shopping" not in [anchor for anchor, _, _ in uncovered_categories(answered.findings)]
    # An answer that is not definitive covers nothing.
    blocked = report_with("13800138000", [scripted_finding("dangdang", CheckerKind.ACCOUNT, "shopping", Status.BLOCKED)])
    assert "shopping" in [anchor for anchor, _, _ in uncovered_categories(blocked.findings)]
    page = render_html([numcheck.BatchItem(index=0, input="13800138000", report=answered)])
    assert 'data-category="shopping"' not in page
    assert 'data-category="payment"' in page
