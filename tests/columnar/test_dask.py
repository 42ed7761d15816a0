"""examples/dask_enrich.py: a dataset enriched partition by partition on a local Dask cluster of one equals one enrich_table call."""

from __future__ import annotations

import os
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


def _excerpt() -> str:
    """The code docs/columnar.md quotes from examples/dask_enrich.py."""
    page = (EXAMPLE.parents[1] / "docs" / "columnar.md").read_text(encoding="utf-8")
    return page.split("<!-- excerpt: examples/dask_enrich.py -->", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]


def test_the_documented_excerpt_runs(tmp_path: Path) -> None:
    """The page's excerpt, run as it stands: with Dask, screen() over a small dataset; without, enrich_partition through pandas.

    No stand-in for Dask is used: where it is missing, only the part that needs no Dask is run.
    """
    code = _excerpt()
    numbers = ["13800138000", "+86 173 7217 0000", "nope", "19929470516"]
    frame = pd.DataFrame({"number": pd.Series(numbers, dtype="string")})
    namespace: dict[str, object] = {}
    try:
        import dask.dataframe  # noqa: F401 - only whether it is installed
    except ImportError:
        exec(compile(code.replace("import dask.dataframe as dd\n", ""), "columnar.md", "exec"), namespace)  # the page's own code
        answers = namespace["enrich_partition"](frame)  # type: ignore[operator]
    else:
        exec(compile(code, "columnar.md", "exec"), namespace)  # the page's own code
        source = tmp_path / "in"
        source.mkdir()
        frame.to_parquet(source / "part-0.parquet")
        assert namespace["screen"](str(source), str(tmp_path / "out")) == len(numbers)  # type: ignore[operator]
        answers = pd.read_parquet(tmp_path / "out")
    expected = numcheck.enrich_table(numbers).to_pandas()
    assert (
        answers["e164"].astype(object).where(answers["e164"].notna(), None).tolist()
        == expected["e164"].astype(object).where(expected["e164"].notna(), None).tolist()
    )


def test_the_last_line_is_in_the_readers_language(tmp_path: Path) -> None:
    """The answers are data (stable codes, as CSV's); the line said to the reader follows numcheck's language choice."""
    from tests.test_zh import english_left

    source = tmp_path / "in"
    source.mkdir()
    pd.DataFrame({"number": pd.Series(["13800138000", "nope"], dtype="string")}).to_parquet(source / "part-0.parquet")
    env = {**{key: value for key, value in os.environ.items() if key != "NUMCHECK_LANG"}, "LANG": "zh_CN.UTF-8", "LC_ALL": ""}
    done = subprocess.run(
        [sys.executable, str(EXAMPLE), str(source), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"已筛查 2 个号码，写入「{tmp_path / 'out'}」"
    assert not english_left(done.stdout)
    english = subprocess.run(
        [sys.executable, str(EXAMPLE), str(source), str(tmp_path / "out2"), "--lang", "en"],
        capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip
    assert english.stdout.strip() == f"2 numbers screened into {tmp_path / 'out2'}"
