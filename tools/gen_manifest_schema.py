"""Write src/numcheck/data/manifest.schema.json from the Manifest model (tests fail when it is stale)."""

from __future__ import annotations

import json
from pathlib import Path

from numcheck.providers.manifest import generated_schema

OUT = Path(__file__).resolve().parents[1] / "src" / "numcheck" / "data" / "manifest.schema.json"

if __name__ == "__main__":
    OUT.write_text(json.dumps(generated_schema(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
