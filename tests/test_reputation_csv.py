"""The team reputation list: its documented format is the format read, and an edited file takes effect at once."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from numcheck import cli
from numcheck.providers.local_list import CHINESE_TAGS

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "reputation-csv.md").read_text(encoding="utf-8")


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


def _local_list(*argv: str) -> dict[str, object]:
    code, out, err = _run("--only", "local-list", "--json", *argv)
    assert code == cli.EXIT_OK, err
    found: dict[str, object] = next(item for item in json.loads(out)["findings"] if item["checker_id"] == "local-list")
    return found


@pytest.fixture(name="team_list")
def _team_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "team.csv"
    monkeypatch.setenv("NUMCHECK_REPUTATION_CSV", str(path))
    return path


def test_the_documented_example_reads_as_documented(team_list: Path) -> None:
    """The page's example file: Chinese words become tags, every row of a number counts, an absent number is clean."""
    example = PAGE.split("<!-- reputation-csv -->", 1)[1].split("```csv\n", 1)[1].split("```", 1)[0]
    team_list.write_text(example, encoding="utf-8")
    first = _local_list("--no-store", "13800138000")
    assert (first["status"], first["tags"]) == ("registered", ["collection_calls", "harassment"])
    second = _local_list("--no-store", "+86 139 1234 5678")
    assert (second["status"], second["tags"], second["facts"]["rows"]) == ("registered", ["fraud"], 2)
    assert _local_list("--no-store", "18912345678")["status"] == "not_registered"


def test_every_chinese_word_is_in_the_table() -> None:
    rows = dict(re.findall(r"^\| ([^|`]+) \| `(\w+)` \|$", PAGE, re.MULTILINE))
    documented = {word.strip(): tag for words, tag in rows.items() for word in words.split(",")}
    assert documented == CHINESE_TAGS


def test_an_edit_takes_effect_at_once(team_list: Path) -> None:
    """Stored answers are keyed on the file's content: an unchanged list is reused, an edited one is read again."""
    team_list.write_text("number,tags,source,date\n13800138000,催收,team,2026-01-02\n", encoding="utf-8")
    before = _local_list("13912345678")
    assert (before["status"], before["reused"]) == ("not_registered", False)
    assert before["facts"]["answer_key"].startswith("sha256:")
    again = _local_list("13912345678")
    assert (again["status"], again["reused"]) == ("not_registered", True), "an unchanged list's answer is reused"
    team_list.write_text(team_list.read_text(encoding="utf-8") + "13912345678,骚扰,team,2026-03-01\n", encoding="utf-8")
    after = _local_list("13912345678")
    assert (after["status"], after["reused"], after["tags"]) == ("registered", False, ["harassment"])
    assert _local_list("13912345678")["reused"] is True, "and the new list's answer is reused in turn"


def test_a_vanished_list_is_never_answered_from_the_history(team_list: Path) -> None:
    team_list.write_text("number,tags,source,date\n13800138000,催收,team,2026-01-02\n", encoding="utf-8")
    assert _local_list("13912345678")["status"] == "not_registered"
    team_list.unlink()
    code, out, _ = _run("--only", "local-list", "--json", "13912345678")
    assert code == cli.EXIT_INCOMPLETE
    found = next(item for item in json.loads(out)["findings"] if item["checker_id"] == "local-list")
    assert (found["status"], found["reused"]) == ("error", False)
