"""Generated docs stay current."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_provider_list_is_current() -> None:
    """docs/providers.md equals what tools/gen_provider_docs.py renders from the registry."""
    assert (ROOT / "docs" / "providers.md").read_text(encoding="utf-8") == _tool("gen_provider_docs").render()


def test_cli_reference_is_current() -> None:
    """docs/cli.md equals what tools/gen_cli_docs.py renders from every subcommand's --help."""
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == _tool("gen_cli_docs").render()


def test_every_page_is_in_the_site_navigation() -> None:
    """A page under docs/ that mkdocs.yml does not list would be built but unreachable."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(path.name for path in (ROOT / "docs").glob("*.md"))
    assert [page for page in pages if f": {page}" not in nav] == []
