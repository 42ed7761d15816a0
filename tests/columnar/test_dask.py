"""examples/dask_enrich.py: a dataset enriched partition by partition on a local Dask cluster of one equals one enrich_table call."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pandas as pd

import numcheck

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dask_enrich.py"


def test_a_dask_cluster_of_one_gives_the_single_call_answers(tmp_path: Path) -> None:
    rng = random.Random(9)
    numbers = [f"{rng.randrange(130, 200)}{rng.randrange(10**8):08d}" for _ in range(6000)] + ["+86 138 0013 8000", "nope", "010 1234 5678"]
    source = tmp_path / "in"
    source.mkdir()
    for part in range(3):  # three files, as a dataset arrives
        chunk = numbers[part * 2001 : (part + 1) * 2001]
        pd.DataFrame({"number": pd.Series(chunk, dtype="string")}).to_parquet(source / f"part-{part}.parquet")
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), str(source), str(tmp_path / "out")], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().startswith(f"{len(numbers)} numbers screened")
    written = pd.read_parquet(tmp_path / "out")
    expected = numcheck.enrich_table(numbers).to_pandas()
    for column in ("e164", "province_en", "city_zh", "operator", "tags", "error"):
        assert (
            written[column].astype(object).where(written[column].notna(), None).tolist()
            == expected[column].astype(object).where(expected[column].notna(), None).tolist()
        ), column
