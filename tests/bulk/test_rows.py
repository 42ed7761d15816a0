"""The bulk offline batch writer writes exactly what the per-number path writes, line for line."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

import numcheck
from numcheck import cli
from numcheck.bulk.rows import OfflineRows, serves
from numcheck.engine import Runner
from numcheck.inputs import read_numbers
from numcheck.offline_checkers import builtin_offline_checkers
from numcheck.render.stream import open_writer


def _mixed_input(count: int, seed: int) -> list[str]:
    """Every kind of line a reseller's file holds: clean and written-out mobiles, duplicates, typos, landlines, foreign, IoT."""
    rng = random.Random(seed)
    lines = []
    for _ in range(count):
        number = f"{rng.randrange(130, 200)}{rng.randrange(10**8):08d}"
        if rng.random() < 0.05:  # vanity tails, so every vanity tag meets every segment
            number = number[:7] + rng.choice(["8888", "6666", "1234", "4444", "1122", "5656", "9000", "0088", "4143"])
        form = rng.random()
        if form < 0.6:
            lines.append(number)
        elif form < 0.7:
            lines.append(f"+86 {number[:3]} {number[3:7]} {number[7:]}")
        elif form < 0.75:
            lines.append(f"0086-{number}")
        elif form < 0.8:
            lines.append(number.translate(str.maketrans("0123456789", "０１２３４５６７８９")))
        elif form < 0.85 and lines:
            lines.append(rng.choice(lines))  # a duplicate, maybe in another form
        elif form < 0.9:
            lines.append(rng.choice(["nope", "138001380", "1380013800000", "-13800138000", "+86 0138 0013 8000", "=cmd|x", ""]))
        elif form < 0.95:
            lines.append(rng.choice(["010 1234 5678", "+1 650 253 0000", "1440012345678", "# a comment", "  ", "021-6000 0000"]))
        else:
            lines.append(f"(+86) {number[:3]}.{number[3:7]}.{number[7:]}")
    return lines


def _reference(path: Path, fmt: str, column: str | None = None) -> str:
    """What the per-number path writes: check_many, then the stream writer for the format."""
    out = io.StringIO()
    writer = open_writer(fmt, out, single=False)
    for item in numcheck.check_many(read_numbers(str(path), column=column, stdin=io.StringIO()), offline=True, store=None):
        writer.write(item)
    writer.close()
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_the_fast_path_writes_what_the_per_number_path_writes(tmp_path: Path, fmt: str) -> None:
    """6,000 mixed lines: the CLI's output equals the per-number writers' byte for byte, and its summary counts agree."""
    path = tmp_path / "inventory.txt"
    path.write_text("\n".join(_mixed_input(6000, seed=5)) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--offline", "--format", fmt, "--file", str(path)], out=out, err=err) == cli.EXIT_OK
    expected = _reference(path, fmt)
    assert out.getvalue().splitlines() == expected.splitlines()
    assert out.getvalue() == expected
    lines = expected.splitlines()
    problems = [line for line in lines if "duplicate of input" in line or "invalid:" in line]
    assert 300 < len(problems) < len(lines) // 2, "the sample holds both kinds of line"
    checked = len(lines) - (fmt == "csv") - len(problems)
    assert f"numcheck: {checked} checked" in err.getvalue()


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_a_gbk_csv_reads_on_both_paths_as_its_utf8_twin(tmp_path: Path, fmt: str) -> None:
    """A shop's list as Excel saves it on Chinese Windows (GBK): both paths read it, byte for byte as the UTF-8 file."""
    rows = ["序号,姓名,号码,备注"] + [f"{i},张三{i},{number},二次号·靓号" for i, number in enumerate(_mixed_input(3000, seed=7))]
    text = "\r\n".join(rows) + "\r\n"
    gbk, utf8 = tmp_path / "gbk.csv", tmp_path / "utf8.csv"
    gbk.write_bytes(text.encode("gbk"))
    utf8.write_bytes(text.encode("utf-8"))
    expected = _reference(utf8, fmt, column="号码")
    assert _reference(gbk, fmt, column="号码") == expected
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--offline", "--format", fmt, "--file", str(gbk), "--column", "号码", "--lang", "en"], out=out, err=err)
    assert code == cli.EXIT_OK, err.getvalue()
    assert out.getvalue() == expected
    assert err.getvalue().splitlines()[0] == (
        f"numcheck: {gbk} is not UTF-8 text: read as GB18030 (as Excel saves a CSV on Chinese Windows); --encoding NAME reads it as another"
    )
    assert "skipped" not in err.getvalue()


def test_the_fast_path_is_taken_only_when_it_can_be_exact() -> None:
    """Offline CSV/JSONL with the built-in offline checkers only; anything else goes the per-number way."""
    with Runner(offline=True, settings=numcheck.Settings()) as runner:
        assert serves(runner, "jsonl")
        assert serves(runner, "csv")
        assert not serves(runner, "json")
        rows = OfflineRows(runner, "jsonl")
        assert len(list(rows.lines(["13800138000", "13900139000", "13800138000"]))) == 3
        assert rows.counts == {"checked": 2, "invalid": 0, "duplicate": 1}
    with Runner(offline=True, exclude=["vanity"], settings=numcheck.Settings()) as runner:
        # The verdict's offline facts still run, but the findings' order is no longer the fast path's.
        assert {checker.meta.id for checker in runner.checkers} == {checker.meta.id for checker in builtin_offline_checkers()}
        assert not serves(runner, "jsonl")
    partial = numcheck.Registry()
    for checker in builtin_offline_checkers()[:-1]:
        partial.add(checker, source="test")
    with Runner(offline=True, registry=partial, settings=numcheck.Settings()) as runner:
        assert not serves(runner, "jsonl")
        with pytest.raises(ValueError, match="fast offline path"):
            OfflineRows(runner, "jsonl")
    with Runner(offline=False, settings=numcheck.Settings()) as runner:
        assert not serves(runner, "jsonl")


def test_offline_json_lines_records_stay_under_2_kb(tmp_path: Path) -> None:
    """An offline record is at most 2 KB (UTF-8), even with both source disagreements, vanity and never-issued notes."""
    rng = random.Random(21)
    numbers = [f"{prefix}{rng.randrange(10**8):08d}" for prefix in range(130, 200) for _ in range(40)]
    numbers += ["17372170000", "19288888888", "16288888888", "14012345678", "17000000000", "13444444444"]
    out = io.StringIO()
    assert cli.main(["--offline", "--format", "jsonl", *numbers], out=out, err=io.StringIO()) == cli.EXIT_OK
    records = out.getvalue().splitlines()
    assert len(records) == len(numbers)
    sizes = [len(record.encode("utf-8")) for record in records]
    assert max(sizes) <= 2048, max(zip(sizes, records, strict=True))
    assert all("skipped" not in record for record in records)
    full = io.StringIO()
    cli.main(["--offline", "--format", "jsonl", "--details", "13800138000"], out=full, err=io.StringIO())
    assert json.loads(full.getvalue())["report"]["findings"], "--details keeps the whole report"


@pytest.mark.parametrize(("limit", "filter_bits"), [(10**9, 28), (300, 28), (300, 6), (50, 3)])
def test_the_duplicate_index_finds_first_indices_as_a_dict_would(limit: int, filter_bits: int) -> None:
    """The bulk duplicate index, through many merges and moves to disk, with a filter from roomy to saturated, against a dict."""
    import numpy as np

    from numcheck.bulk.seen import SeenIndex

    rng = random.Random(17)
    seen, reference, index = SeenIndex(limit=limit, filter_bits=filter_bits), {}, 0
    for _ in range(60):
        known = list(reference)
        keys = [rng.randrange(10**12) if rng.random() < 0.7 or not known else rng.choice(known) for _ in range(rng.randrange(1, 400))]
        keys += keys[: len(keys) // 10]  # and some twice within one column
        expected = [reference.setdefault(key, index + offset) for offset, key in enumerate(keys)]
        got = seen.first_indices(np.array(keys, dtype=np.int64), np.arange(index, index + len(keys), dtype=np.int64))
        assert got.tolist() == expected
        index += len(keys)
    assert len(seen) == len(reference) > 1000
    runs_on_disk = seen._disk
    assert (len(runs_on_disk) > 0) == (limit < len(reference))
    folder = seen._folder
    seen.close()
    assert folder is None or not folder.exists()  # the runs on disk go with the batch


def test_the_per_number_seen_index_moves_to_disk_past_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """check_many's duplicate index: past MEMORY_SEEN_LIMIT distinct numbers, earlier ones are still recognised."""
    from numcheck import batch

    monkeypatch.setattr(batch, "MEMORY_SEEN_LIMIT", 10)
    seen = batch.Seen()
    assert [seen.first_index(f"+86138{index:08d}", index) for index in range(25)] == [None] * 25
    assert seen.first_index("+8613800000003", 25) == 3
    assert seen.first_index("+8613800000021", 26) == 21
    seen.close()


def test_json_lines_stay_ascii_whatever_the_input_held(tmp_path: Path) -> None:
    """A hostile line (terminal escape, bidi override) is escaped in the record, on both paths; Chinese names too."""
    source = tmp_path / "in.txt"
    source.write_text("13800138000\n\x1b[31m138\u202e00138001\n１３８００１３８００２\n", encoding="utf-8")
    fast = io.StringIO()
    assert cli.main(["--offline", "--format", "jsonl", "--file", str(source)], out=fast, err=io.StringIO()) == 0
    assert fast.getvalue() == _reference(source, "jsonl")
    assert fast.getvalue().isascii()
    records = [json.loads(line) for line in fast.getvalue().splitlines()]
    assert records[1]["input"] == "\x1b[31m138\u202e00138001"
    assert records[0]["carrier_zh"] == "中国移动"


def test_a_chunk_without_a_valid_number_between_others_is_no_empty_run() -> None:
    """A CSV batch comes a row at a time: an invalid row between valid ones once left an empty run that broke look-ups."""
    import numpy as np

    from numcheck.bulk.seen import SeenIndex

    seen = SeenIndex()
    assert seen.first_indices(np.array([8613800138000], dtype=np.int64), np.array([0], dtype=np.int64)).tolist() == [0]
    assert seen.first_indices(np.array([], dtype=np.int64), np.array([], dtype=np.int64)).tolist() == []
    assert seen.first_indices(np.array([8613800138000], dtype=np.int64), np.array([2], dtype=np.int64)).tolist() == [0]
    assert seen.first_indices(np.array([8613900139000], dtype=np.int64), np.array([3], dtype=np.int64)).tolist() == [3]
    seen.close()
