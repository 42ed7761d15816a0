"""The checker listing ``numcheck checkers --json`` prints and ``GET /api/v1/checkers`` answers: one source for both."""

from __future__ import annotations

import json

from numcheck.config import Settings
from numcheck.registry import Registry


def checker_listing(registry: Registry, settings: Settings) -> dict[str, list[dict[str, object]]]:
    """Every checker (its meta, where it came from, whether it runs and why not) and every broken plugin."""
    rows: list[dict[str, object]] = []
    for entry in registry.entries.values():
        meta = entry.checker.meta
        missing = [name for name in meta.needs_key if not settings.key(name)]
        rows.append(
            {
                **meta.model_dump(mode="json"),
                "source": entry.source,
                "enabled": not missing,
                "why_not": f"set {' and '.join(missing)}" if missing else None,
            }
        )
    broken: list[dict[str, object]] = [
        {"name": item.name, "source": item.source, "error": item.error, "enabled": False} for item in registry.broken
    ]
    return {"checkers": rows, "broken": broken}


def checkers_json(registry: Registry, settings: Settings) -> str:
    """`checker_listing` as the command line prints it (indented, non-ASCII kept)."""
    return json.dumps(checker_listing(registry, settings), ensure_ascii=False, indent=2)
