"""Generated docs stay current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_provider_list_is_current() -> None:
    """docs/providers.md equals what tools/gen_provider_docs.py renders from the registry."""
    spec = importlib.util.spec_from_file_location("gen_provider_docs", ROOT / "tools" / "gen_provider_docs.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (ROOT / "docs" / "providers.md").read_text(encoding="utf-8") == module.render()
