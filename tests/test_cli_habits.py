"""The command line as people type it: unquoted numbers, a table that fits, JSON Lines for jq, pipes, the usual flags."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import numcheck
from numcheck import cli
from numcheck.cli.options import SUBCOMMANDS
from numcheck.providers.manifest import ManifestChecker
from numcheck.render.cells import cut, width
from numcheck.render.table import COLUMNS, layout, row
from numcheck.testing import Simulator, scripts_for, synthetic_keys, synthetic_number

ROOT = Path(__file__).resolve().parents[1]
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
PROVIDERS = [checker for checker in numcheck.default_registry(numcheck.Settings(plugins=())) if isinstance(checker, ManifestChecker)]


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(name="online", scope="module")
def _online() -> Iterator[dict[str, str]]:
    """The environment of an online run whose every provider is the local simulator."""
    with Simulator(scripts_for(PROVIDERS)) as simulator:
        env = {
            f"NUMCHECK_BASE_URL_{checker.meta.id.upper().replace('-', '_')}": simulator.base_url_for(checker.meta.id)
            for checker in PROVIDERS
        }
        env.update(
            synthetic_keys(PROVIDERS), NUMCHECK_BASE_URL=simulator.url + "/p/none", NUMCHECK_RATE_LIMIT="1000/1", NUMCHECK_TIMEOUT="3"
        )
        yield env


@pytest.fixture(name="listed")
def _listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A team reputation list (the local-list checker, no network) holding 13800138000 as a collector's number."""
    path = tmp_path / "list.csv"
    path.write_text("number,tags,source,date\n13800138000,催收,team,2026-01-01\n", encoding="utf-8")
    monkeypatch.setenv("NUMCHECK_REPUTATION_CSV", str(path))
    return str(path)


class TestUnquotedNumbers:
    @pytest.mark.parametrize(
        "pieces", [("+86", "138-0013-8000"), ("+86", "138", "0013", "8000"), ("0086", "13800138000"), ("138", "0013", "8000")]
    )
    def test_pieces_that_only_make_sense_together_are_one_number(self, pieces: tuple[str, ...]) -> None:
        """numcheck +86 138-0013-8000 checks one number (one report, not a batch of two invalid lines)."""
        code, out, err = _run("--offline", "--json", *pieces)
        assert code == cli.EXIT_OK, err
        report = json.loads(out)
        assert report["number"]["e164"] == "+8613800138000"
        assert report["input"] == " ".join(pieces)

    @pytest.mark.parametrize("pieces", [("138", "0013", "8000", "139", "1234", "5678"), ("13800138000", "+86", "139", "1234", "5678")])
    def test_pieces_that_could_be_several_numbers_ask_for_quotes(self, pieces: tuple[str, ...]) -> None:
        code, out, err = _run("--offline", *pieces)
        assert (code, out) == (cli.EXIT_USAGE, "")
        assert err.count("\n") == 1
        assert "could be read as more than one number: quote each number" in err

    def test_whole_numbers_stay_a_batch_and_nonsense_stays_invalid(self) -> None:
        code, out, _ = _run("--offline", "--format", "jsonl", "13800138000", "13912345678")
        assert code == cli.EXIT_OK
        assert [json.loads(line)["e164"] for line in out.splitlines()] == ["+8613800138000", "+8613912345678"]
        code, out, _ = _run("--offline", "--format", "jsonl", "138", "0013", "800")  # joined they are no number either
        assert code == cli.EXIT_USAGE
        assert [json.loads(line)["input"] for line in out.splitlines()] == ["138", "0013", "800"]

    def test_a_long_argument_list_is_read_as_it_is(self) -> None:
        """More than 12 arguments are a list (xargs), never pieces of one number: nothing is parsed twice to join them."""
        pieces = ["+86", "138", "0013", "8000", *(f"139{index:08d}" for index in range(10))]
        code, out, _ = _run("--offline", "--format", "jsonl", *pieces)
        assert code == cli.EXIT_OK
        assert [json.loads(line)["input"] for line in out.splitlines()] == pieces

    def test_stdin_is_never_glued_to_a_piece(self) -> None:
        code, out, _ = _run("--offline", "--format", "jsonl", "+86", "-", "13800138000", stdin="13912345678\n")
        # Arguments come first, then stdin (as always): "+86" and 13800138000 were never one run of pieces.
        assert [json.loads(line)["input"] for line in out.splitlines()] == ["+86", "13800138000", "13912345678"]
        assert code == cli.EXIT_OK

    def test_history_takes_a_number_in_pieces(self) -> None:
        code, _, err = _run("history", "+86", "138", "0013", "8000")
        assert code == cli.EXIT_INCOMPLETE  # nothing stored yet: not a usage error
        assert "no stored check of +8613800138000 yet" in err


class TestOptions:
    def test_help_lists_every_command(self) -> None:
        """numcheck --help names every subcommand, serve and config included, and each answers --help."""
        code, out, _ = _run("--help")
        assert code == cli.EXIT_OK
        listed = out.split("commands", 1)[1].split("options:", 1)[0]
        assert {"serve", "config", "compare", "history", "diff", "checkers", "record", "doctor"} <= set(SUBCOMMANDS)
        for name in SUBCOMMANDS:
            assert re.search(rf"^  {name}\b", listed, re.MULTILINE), name
            code, sub, err = _run(name, "--help")
            assert code == cli.EXIT_OK, err
            assert sub.startswith(f"usage: numcheck {name}"), name

    def test_dash_v_prints_the_version(self) -> None:
        for flag in ("-V", "--version"):
            assert _run(flag) == (cli.EXIT_OK, f"numcheck {numcheck.__version__}\n", "")

    def test_timeout_is_a_flag(self, online: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
        """--timeout 1: a service answering in 5 s is an error after about a second (NUMCHECK_TIMEOUT here is 3)."""
        for name, value in online.items():
            monkeypatch.setenv(name, value)
        started = time.monotonic()
        code, out, err = _run("--json", "--no-store", "--only", "chsi", "--timeout", "1", synthetic_number("read_timeout"))
        elapsed = time.monotonic() - started
        assert code == cli.EXIT_INCOMPLETE, err
        chsi = next(item for item in json.loads(out)["findings"] if item["checker_id"] == "chsi")
        assert chsi["status"] == "error"
        assert elapsed < 2.8, f"{elapsed:.1f} s: the flag's 1 s did not replace NUMCHECK_TIMEOUT's 3 s"

    def test_only_hits_keeps_the_adverse_findings(self, listed: str) -> None:
        """Like holehe's --only-used: a batch lists only numbers with a hit, a report only its hits."""
        argv = ("--no-store", "--only", "local-list", "--format", "jsonl")
        code, out, err = _run(*argv, "13800138000", "13912345678", "nope", "--only-hits")
        assert code == cli.EXIT_OK, err
        # 13912345678 has no hit, but a local list alone cannot show it clean (unknown is not clean): it stays listed.
        assert [json.loads(line)["input"] for line in out.splitlines()] == ["13800138000", "13912345678", "nope"]
        assert "not shown" not in err
        code, everything, _ = _run(*argv, "13800138000", "13912345678", "nope")
        assert len(everything.splitlines()) == 3
        code, out, err = _run("--no-store", "--only", "local-list", "--json", "--only-hits", "13800138000")
        report = json.loads(out)
        assert [item["checker_id"] for item in report["findings"]] == ["local-list"]
        assert report["verdict"] in ("caution", "high_risk")
        assert "findings that tell nothing against the number not shown" in err


class TestBatchTable:
    NUMBERS = ("13800138000", "+86 173 7217 0000", "19929470516", "nope", "13800138000", "+447911123456")

    def _table(self, columns: int, monkeypatch: pytest.MonkeyPatch, *extra: str) -> list[str]:
        monkeypatch.setenv("COLUMNS", str(columns))
        code, out, err = _run("--offline", "--color", "always", *extra, *self.NUMBERS)
        assert code == cli.EXIT_OK, err
        return [_ANSI.sub("", line) for line in out.splitlines()]

    @pytest.mark.parametrize("columns", [60, 80, 100, 132, 200])
    def test_every_line_fits_columns(self, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
        lines = self._table(columns, monkeypatch)
        assert len(lines) == 1 + len(self.NUMBERS)
        assert max(width(line) for line in lines) <= columns
        header = lines[0]
        start = header.index("verdict")
        for line in lines[1:]:
            if "invalid" not in line and "duplicate" not in line:
                assert line[start:].startswith("not enough data"), line

    def test_carrier_and_province_are_shown(self, monkeypatch: pytest.MonkeyPatch) -> None:
        lines = self._table(80, monkeypatch)
        assert lines[0].split()[:5] == ["line", "number", "carrier", "province", "verdict"]
        assert lines[1].split()[1:5] == ["+8613800138000", "China", "Mobile", "Beijing"]
        assert lines[2].split()[1:5] == ["+8617372170000", "China", "Telecom", "Jiangsu"]

    def test_notes_are_cut_at_a_word_boundary(self, monkeypatch: pytest.MonkeyPatch) -> None:
        whole = {line.split()[0]: line for line in self._table(400, monkeypatch)[1:]}
        note_at = self._table(400, monkeypatch)[0].index("note")
        cut_any = False
        for line in self._table(110, monkeypatch)[1:]:
            full = whole[line.split()[0]]
            if "invalid" in line or "duplicate" in line:
                continue
            note, full_note = line[note_at - (len(whole[line.split()[0]]) - len(full)) :], full[note_at:]
            note = line[self._table(110, monkeypatch)[0].index("note") :]
            if note.endswith("…"):
                cut_any = True
                kept = note[:-1]
                assert full_note.startswith(kept)
                assert full_note[len(kept)] in " ,;:", f"cut inside a word: {note!r} of {full_note!r}"
            else:
                assert note == full_note
        assert cut_any, "at 110 columns some note is long enough to be cut"

    def test_chinese_names_align(self) -> None:
        """中国移动 and 江苏苏州 take two cells a character: the verdict starts in the same cell on every row."""
        plan = layout(120)
        rows = [
            {"line": ("1", None), "number": ("+8613800138000", None), "carrier": ("中国移动", None), "province": ("江苏苏州", None)},
            {"line": ("2", None), "number": ("+8617372170000", None), "carrier": ("China Telecom", None), "province": ("Jiangsu", None)},
            {
                "line": ("3", None),
                "number": ("+8619929470516", None),
                "carrier": ("中国电信", None),
                "province": ("内蒙古自治区呼和浩特", None),
            },
        ]
        lines = [
            row(plan, {**cells, "verdict": ("caution", None)}, ("注意：号码可能仍绑定在多个应用上，请先解绑再使用", None)) for cells in rows
        ]
        starts = {width(line[: line.index("caution")]) for line in lines}
        assert len(starts) == 1, lines
        assert all(width(line.rstrip("\n")) <= 120 for line in lines)
        assert {column.name for column in plan.columns} == {column.name for column in COLUMNS}

    @pytest.mark.parametrize("columns", [60, 80, 100])
    def test_a_chinese_table_gives_its_note_the_room_chinese_names_leave(self, columns: int, monkeypatch: pytest.MonkeyPatch) -> None:
        from numcheck.render.i18n import word
        from numcheck.report import Verdict

        lines = self._table(columns, monkeypatch, "--lang", "zh")
        english = self._table(columns, monkeypatch)
        assert max(width(line) for line in lines) <= columns
        header = lines[0]
        note_at = width(header[: header.index("说明")])
        verdict_at = width(header[: header.index("结论")])
        widest = max(width(word("zh", "verdict", verdict)) for verdict in Verdict)
        # The verdict column is as wide as the widest Chinese verdict, not as "not_enough_data".
        assert header.index("说明") > header.index("结论")
        assert note_at - verdict_at <= widest + 2 + (width("覆盖") + 2 if "覆盖" in header else 0)
        # ... so a Chinese table keeps at least the columns the English one does, and with the same columns a wider note.
        shown, shown_in_english = len(header.split()), len(english[0].split())
        assert shown >= shown_in_english, (header, english[0])
        if shown == shown_in_english:
            assert note_at < english[0].index("note"), (header, english[0])

    def test_cut_never_overflows_and_prefers_word_boundaries(self) -> None:
        assert cut("registered: chsi, cjcp, dangdang", 20) == "registered: chsi…"
        assert cut("short", 10) == "short"
        assert cut("江苏苏州很长的地名", 7) == "江苏苏…"
        # Quoted words (shown as written) give way whole: a cut never leaves 「 open.
        assert cut("无效号码：「input has characters」", 16) == "无效号码…"
        assert cut("无效号码：「ok」 and more words here", 18) == "无效号码：「ok」…"
        for text in ("registered: chsi, cjcp", "江苏苏州 China Mobile 中国移动", "averyveryverylongword and more"):
            for cells in range(0, 30):
                assert width(cut(text, cells)) <= cells


class TestJsonLines:
    NUMBERS = ("13800138000", "13912345678", "nope", "13800138000")

    def test_one_shape_online_and_offline(self, online: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
        """The same keys per line online, offline (the column path) and offline one number at a time."""
        fast = [json.loads(line) for line in _run("--offline", "--format", "jsonl", *self.NUMBERS)[1].splitlines()]
        slow = [json.loads(line) for line in _run("--offline", "--format", "jsonl", "--only", "offline", *self.NUMBERS)[1].splitlines()]
        for name, value in online.items():
            monkeypatch.setenv(name, value)
        code, out, err = _run("--format", "jsonl", "--no-store", *self.NUMBERS)
        assert code in (cli.EXIT_OK, cli.EXIT_INCOMPLETE), err
        live = [json.loads(line) for line in out.splitlines()]
        assert [list(record) for record in live] == [list(record) for record in fast] == [list(record) for record in slow]
        assert "report" not in live[0]
        assert isinstance(live[0]["coverage"], float)
        assert isinstance(live[0]["registered_on"], list)

    def test_the_documented_shape_is_the_shape(self) -> None:
        """docs/batches.md shows a record with exactly the keys a run writes."""
        page = (ROOT / "docs" / "batches.md").read_text(encoding="utf-8")
        example = page.split("<!-- jsonl-record -->", 1)[1].split("```json\n", 1)[1].split("```", 1)[0]
        documented = json.loads(example)
        record = json.loads(_run("--offline", "--format", "jsonl", "13800138000")[1])
        assert list(documented) == list(record)

    def test_the_readme_jq_line_runs_online_and_offline(self, online: dict[str, str], tmp_path: Path) -> None:
        if shutil.which("jq") is None:
            if os.environ.get("CI"):
                pytest.fail("jq is missing: .ci/run installs Debian's jq")
            pytest.skip("jq is not installed (apt-get install jq; .ci/run installs it)")
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        (line,) = [text.split("#")[0].strip() for text in readme.splitlines() if "| jq" in text and text.lstrip().startswith("cat ")]
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        wrapper = bin_dir / "numcheck"
        wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m numcheck "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)
        (tmp_path / "numbers.txt").write_text("13800138000\n13912345678\nnope\n", encoding="utf-8")
        env = {**os.environ, **online, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "NUMCHECK_PLUGINS": ""}
        answers = []
        for command in (line, line.replace("numcheck ", "numcheck --offline ", 1)):
            done = subprocess.run(
                ["bash", "-o", "pipefail", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
            )
            assert done.returncode in (0, 3), done.stderr
            answers.append(done.stdout.split())
        verdicts = {verdict.value for verdict in numcheck.Verdict}
        for answer in answers:
            assert len(answer) == 3
            assert set(answer[:2]) <= verdicts
            assert answer[2] == "null"  # the invalid line has no verdict

    @pytest.mark.parametrize("options", [("--format", "jsonl"), ("--format", "csv"), ("--format", "jsonl", "--details"), ()])
    def test_a_closed_pipe_ends_quietly_with_0(self, options: tuple[str, ...], tmp_path: Path) -> None:
        """numcheck ... | head: the reader goes away after one line; numcheck stops, says nothing, exits 0."""
        numbers = tmp_path / "numbers.txt"
        numbers.write_text("".join(f"138{index:08d}\n" for index in range(20_000)), encoding="utf-8")
        env = {**os.environ, "NUMCHECK_PLUGINS": "", "PYTHONPATH": os.pathsep.join(sys.path)}
        command = [sys.executable, "-m", "numcheck", "--offline", "--file", str(numbers), *options]
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as process:
            assert process.stdout is not None
            assert process.stdout.readline()
            process.stdout.close()
            process.wait(timeout=60)
            assert process.stderr is not None
            err = process.stderr.read().decode()
        assert (process.returncode, err) == (0, "")


class TestFeedback:
    def test_a_broken_user_manifest_is_one_warning_at_check_time(self, tmp_path: Path, listed: str) -> None:
        manifests = tmp_path / "config" / "manifests"
        manifests.mkdir(parents=True)
        (manifests / "mine.toml").write_text('id = "mine"\nname = 3\n', encoding="utf-8")
        code, out, err = _run("--no-store", "--only", "local-list", "13912345678")
        assert code == cli.EXIT_OK
        warnings = [line for line in err.splitlines() if "warning" in line]
        assert len(warnings) == 1
        assert warnings[0].startswith(f"numcheck: warning: manifest {manifests / 'mine.toml'} skipped: ")
        assert warnings[0].endswith("(numcheck checkers lists it)")
        assert "VERDICT" in out

    @pytest.mark.parametrize("options", [("--offline", "--format", "csv"), ("--offline",), ("--offline", "--format", "jsonl")])
    def test_a_column_past_the_last_is_an_error(self, tmp_path: Path, options: tuple[str, ...]) -> None:
        path = tmp_path / "offer.csv"
        path.write_text("name,number,price\nA,13800138000,100\nB,13912345678,200\n", encoding="utf-8")
        code, out, err = _run(*options, "--file", str(path), "--column", "9")
        assert (code, out) == (cli.EXIT_USAGE, "")
        assert (
            err
            == f"numcheck: {path} has 3 columns in its first row; --column 9 is past the last (columns count from 1, or give the header's name)\n"
        )
        code, out, _ = _run(*options, "--file", str(path), "--column", "2")
        assert code == cli.EXIT_OK
        assert "+8613912345678" in out

    def test_compare_says_when_candidates_tie(self) -> None:
        code, out, _ = _run("compare", "--offline", "13800138000", "19929470516", "13900139000")
        assert code == cli.EXIT_OK
        (tie,) = [line for line in out.splitlines() if line.startswith("Tie:")]
        assert "ranks 2 and 3 (+8613800138000, +8613900139000)" in tie
        payload = json.loads(_run("compare", "--offline", "--json", "13800138000", "19929470516", "13900139000")[1])
        assert payload["ties"] == [[2, 3]]
        code, out, _ = _run("compare", "--offline", "13800138000", "19929470516")
        assert "Tie:" not in out

    def test_the_coverage_line_counts_each_checker_once(self) -> None:
        """A checker that reported twice is one checker in the coverage line, and its numbers add up."""
        from numcheck.render.text import render_report
        from numcheck.report import CheckerKind, Status
        from numcheck.testing import report_with, scripted_finding

        answers = [
            scripted_finding("shop", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED),
            scripted_finding("shop", CheckerKind.ACCOUNT, "shopping", Status.BLOCKED),
            scripted_finding("forum", CheckerKind.ACCOUNT, "social", Status.UNKNOWN),
            scripted_finding("tags", CheckerKind.REPUTATION, "caller_tags", Status.SKIPPED),
        ]
        text = render_report(report_with("13800138000", answers))
        line = next(line for line in text.splitlines() if line.startswith("Coverage:"))
        found = re.match(
            r"Coverage: (\d+) of (\d+) online checks answered definitively · blocked (\d+) · error (\d+) · unknown (\d+) · skipped (\d+)",
            line,
        )
        assert found is not None, line
        definitive, asked, blocked, error, unknown, skipped = map(int, found.groups())
        assert (definitive, asked, blocked, unknown, skipped) == (1, 2, 0, 1, 1)
        assert definitive + blocked + error + unknown == asked
        assert asked + skipped == len({item.checker_id for item in answers})


@pytest.mark.parametrize("number", ["13800138000", "+1 202 555 0123", "+44 20 7946 0000", "17012345678", "14400000000", "+8614912345678"])
def test_english_text_says_words_not_codes(number: str) -> None:
    """Line types, operators, segment kinds and verdicts are written as words (JSON and CSV keep the codes)."""
    from numcheck.render.batch import table_row
    from numcheck.render.text import render_report

    report = numcheck.check(number, offline=True)
    head = "\n".join(render_report(report).splitlines()[:4])
    row = table_row(numcheck.BatchItem(index=0, input=number, report=report))
    for text in (head, row):
        assert re.findall(r"\b[a-z]+_[a-z_]+\b", text) == [], text
    assert "区号" not in head, "an English header says area code"
