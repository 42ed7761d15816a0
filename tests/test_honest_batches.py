"""What batches, history and ranking say when something could not be learnt: never "clean", "unchanged" or "cleanest".

Each test here failed before its fix (the new user's findings: docs/batches.md, docs/after-buying.md, docs/cli.md).
"""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.batch.helpers import Scripted, registry_of
from tests.test_after_buy import _stored
from tests.unit.test_verdict_properties import finding_sets, report_of

import numcheck
from numcheck import Level, Report, Status, Verdict, cli
from numcheck.afterbuy import AfterBuyPlan, compared, plan, with_changes
from numcheck.batch import BatchItem
from numcheck.cli.batch import hits_of
from numcheck.frontends.hits import is_hit, known_clean
from numcheck.messages import english
from numcheck.ranking import rank, ties, verdict_line
from numcheck.render.afterbuy import render_plan
from numcheck.render.batch import render_ranking
from numcheck.store import StoredCheck
from numcheck.testing import synthetic_number

NUMBER = synthetic_number("registered")
ROOT = Path(__file__).resolve().parents[1]


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def _item(report: Report) -> BatchItem:
    return BatchItem(line=1, index=0, input=report.input, report=report)


def _answers(monkeypatch: pytest.MonkeyPatch, status: Status) -> Scripted:
    """The batch's only online checker: an account service answering ``status`` for every number."""
    shop = Scripted("shop", answers={NUMBER: status})
    monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: registry_of(shop))
    monkeypatch.setattr("numcheck.cli.after_buy.default_registry", lambda settings: registry_of(shop))
    return shop


class TestOnlyHits:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(items=finding_sets())
    def test_a_batch_hides_only_a_number_known_to_be_clean(self, items: list[numcheck.Finding]) -> None:
        """The written rule (docs/batches.md): hidden iff low risk, sufficient coverage, every dimension low, no hit."""
        report = report_of(items)
        shown, _ = hits_of(_item(report), single=False)
        rule = (
            report.verdict is Verdict.LOW_RISK
            and report.coverage.sufficient
            and all(risk.level is Level.LOW for risk in report.risks)
            and not any(is_hit(finding) for finding in report.findings)
            and not any(finding.status in (Status.BLOCKED, Status.ERROR, Status.UNKNOWN) for finding in report.findings)
        )
        assert (shown is None) == rule
        if shown is None:
            # Never a number whose verdict is unknown or that could not be checked well enough.
            assert report.verdict is not Verdict.NOT_ENOUGH_DATA
            assert all(risk.level is not Level.UNKNOWN for risk in report.risks)
        else:
            assert shown.report is not None
            assert shown.report.verdict is report.verdict

    def test_an_offline_batch_lists_every_number(self) -> None:
        """Offline, every number is not-enough-data with a high recycling risk: none is clean, none is hidden."""
        code, out, err = _run("--offline", "--only-hits", "--format", "jsonl", "13800138000", "13912348888")
        assert code == cli.EXIT_OK, err
        assert [json.loads(line)["input"] for line in out.splitlines()] == ["13800138000", "13912348888"]
        assert "not shown" not in err

    def test_numbers_nobody_could_check_stay_listed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _answers(monkeypatch, Status.ERROR)
        code, out, err = _run("--no-store", "--only-hits", "--format", "jsonl", NUMBER, "13912348888")
        assert code == cli.EXIT_INCOMPLETE
        assert len(out.splitlines()) == 2
        assert "not shown" not in err

    def test_a_clean_number_is_hidden_and_counted_as_clean(self) -> None:
        report = next(report for report in (report_of(items) for items in _clean_finding_sets()) if known_clean(report))
        assert hits_of(_item(report), single=False)[0] is None
        assert hits_of(_item(report), single=True)[0] is not None  # one number asked for is always shown

    def test_a_single_report_without_hits_does_not_read_as_clean(self) -> None:
        code, out, _ = _run("--offline", "--only-hits", "--lang", "en", "13800138000")
        assert code == cli.EXIT_OK
        assert "but its verdict is not enough data: unknown is not clean" in out
        code, out, _ = _run("--offline", "--only-hits", "--lang", "zh", "13800138000")
        assert "但结论是数据不足：未知不等于干净" in out

    def test_the_summary_counts_hidden_numbers_as_clean_in_chinese(self) -> None:
        from numcheck.cli.tally import Tally

        tally = Tally()
        tally.checked, tally.hidden = 3, 2
        assert "2 个已知干净的号码未显示" in tally.summary("zh")
        assert "2 known to be clean not shown" in tally.summary("en")


def _clean_finding_sets() -> list[list[numcheck.Finding]]:
    """Findings of a number every service answered as clean, on a recent segment (recycling low)."""
    from tests.unit.test_verdict_properties import clean_answer, offline

    from numcheck import CheckerKind

    accounts = [clean_answer(CheckerKind.ACCOUNT, "lending" if index == 0 else "shopping", index) for index in range(9)]
    reputation = [
        clean_answer(CheckerKind.REPUTATION, category, 100 + index) for index, category in enumerate(("caller_tags", "collection_calls"))
    ]
    return [[*accounts, *reputation, offline(era)] for era in ("segment_since_2017", "segment_2010_2016", "segment_pre_2010")]


class TestDiff:
    def test_errors_both_times_are_not_nothing_changed(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _answers(monkeypatch, Status.ERROR)
        assert _run(NUMBER)[0] == cli.EXIT_INCOMPLETE
        assert _run(NUMBER, "--refresh")[0] == cli.EXIT_INCOMPLETE
        code, out, err = _run("diff", NUMBER, "--lang", "en")
        assert code == cli.EXIT_INCOMPLETE, err
        assert "nothing could be compared: none of the 1 checkers gave a definitive answer in both checks" in out
        assert "no checker's answer changed" not in out
        code, out, _ = _run("diff", NUMBER, "--json")
        assert (json.loads(out)["compared"], json.loads(out)["uncompared"]) == (0, 1)
        code, out, _ = _run("diff", NUMBER, "--lang", "zh")
        assert "无法比较：1 个检查项没有一个在两次检查中都给出确定的回答" in out

    def test_answers_both_times_are_compared(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _answers(monkeypatch, Status.NOT_REGISTERED)
        _run(NUMBER)
        _run(NUMBER, "--refresh")
        code, out, _ = _run("diff", NUMBER, "--lang", "en")
        assert code == cli.EXIT_OK
        assert "no checker's answer changed (1 compared)" in out
        assert "could not be compared" not in out

    def test_nothing_stored_is_not_a_usage_error(self) -> None:
        for command in ("history", "diff"):
            code, _, err = _run(command, "15000000000", "--lang", "zh")
            assert code == cli.EXIT_INCOMPLETE
            assert err == "numcheck: 还没有 +8615000000000 的检查记录（请先运行「numcheck +8615000000000」）\n"
        code, out, _ = _run("diff", "--help")
        assert "3 fewer than two stored checks" in " ".join(out.split())

    def test_one_stored_check_says_one(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _answers(monkeypatch, Status.NOT_REGISTERED)
        _run(NUMBER)
        code, _, err = _run("diff", NUMBER, "--lang", "en")
        assert code == cli.EXIT_INCOMPLETE
        assert "only one stored check of" in err

    def test_usage_names_one_number_and_several_are_refused(self) -> None:
        for command in ("history", "diff"):
            code, out, _ = _run(command, "--help")
            assert code == cli.EXIT_OK
            usage = " ".join(out.split("\n\n")[0].split())
            assert usage.endswith("NUMBER")
            assert "[NUMBER ...]" not in usage
            code, _, err = _run(command, "13800138000", "13912348888", "--lang", "zh")
            assert code == cli.EXIT_USAGE
            assert err == f"numcheck: numcheck {command} 一次只能查一个号码；这些参数是 2 个号码：请每个号码分别运行一次\n"


@settings(max_examples=300, deadline=None)
@given(purchase=_stored(1), latest=_stored(2))
def test_after_buy_counts_no_answer_twice_as_uncompared(purchase: StoredCheck, latest: StoredCheck) -> None:
    """Every checker is a change, an unchanged answer or an uncompared one; an uncompared one had no answer either time."""
    made = with_changes(plan(NUMBER, date(2026, 11, 1), purchase, "china_mobile"), purchase, latest)
    every = purchase.findings.keys() | latest.findings.keys()
    assert len(made.changes) + made.unchanged + made.uncompared == len(every)
    silent = (Status.BLOCKED, Status.ERROR, Status.UNKNOWN, Status.SKIPPED)
    both = purchase.findings.keys() & latest.findings.keys()
    assert made.uncompared <= sum(purchase.findings[key].status in silent and latest.findings[key].status in silent for key in both)
    if compared(made) == 0:
        assert "nothing could be compared" in render_plan(made, "en")


class TestAfterBuy:
    def test_a_later_run_with_no_answer_either_time_exits_3(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _answers(monkeypatch, Status.ERROR)
        _run("after-buy", NUMBER, "--bought", "2026-11-01")
        code, out, _ = _run("after-buy", NUMBER, "--no-check", "--lang", "en")
        assert code == cli.EXIT_OK  # the same check: nothing to compare yet, and nothing said about changes
        _run(NUMBER, "--refresh")
        code, out, _ = _run("after-buy", NUMBER, "--no-check", "--lang", "en")
        assert code == cli.EXIT_INCOMPLETE
        assert "nothing could be compared: none of the 1 checkers gave a definitive answer in both checks" in out
        assert "other answers unchanged" not in out

    def test_steps_already_due_say_so(self) -> None:
        now = datetime(2026, 11, 1, tzinfo=UTC)
        purchase = StoredCheck(
            id=1, e164=NUMBER, checked_at=now, offline=False, verdict=Verdict.NOT_ENOUGH_DATA, levels={}, coverage=0.0,
            numcheck_version="test", findings={},
        )  # fmt: skip
        made: AfterBuyPlan = plan(NUMBER, date(2026, 11, 1), purchase, "china_mobile")
        text = render_plan(made, "zh", today=date(2026, 12, 6))
        assert "2026-11-01（已到期，现在就做）" in text
        # The later steps and the re-check are counted from today: the steps due now are done now.
        late = date(2026, 12, 6) - date(2026, 11, 1)
        assert f"在 {made.recheck_on + late} 再检查一次（原定 {made.recheck_on}，已过：从今天重新算起）。" in text
        assert f"请在 {made.recheck_on + late} 或之后再运行一次" in text
        assert str(made.recheck_on) + "  " not in text  # no past day stands as a step to come
        on_time = render_plan(made, "en", today=date(2026, 11, 1))
        assert "due: do it now" not in on_time
        assert f"Re-check on {made.recheck_on}." in on_time


class TestInterrupt:
    @pytest.mark.parametrize(
        ("argv", "said"),
        [
            (["--offline", "--lang", "zh"], "已中断：离线结果不保存，重新运行会从头开始"),
            (["--offline", "--lang", "en", "--format", "csv", "-o", "{out}"], "interrupted: {out} was not written; offline results"),
            # Online, but asking only the local list (no network): without a history nothing is kept.
            (["--no-store", "--only", "local-list", "--lang", "en"], "interrupted: nothing was stored (no history)"),
        ],
    )
    def test_the_line_says_what_was_kept(self, argv: list[str], said: str, tmp_path: Path) -> None:
        numbers = tmp_path / "numbers.txt"
        # Far more than it can check before the signal: on a loaded machine 50,000 were once all checked first.
        numbers.write_text("".join(f"138{index:08d}\n" for index in range(1_000_000)), encoding="utf-8")
        out = tmp_path / "answers.csv"
        argv = [part.format(out=out) for part in argv]
        child = subprocess.Popen(
            [sys.executable, "-m", "numcheck", *argv, "--details", "--file", str(numbers)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # bytes: the rest of stdout past the line read may start inside a character, which text mode fails to decode
        assert child.stdout is not None
        if "-o" in argv:
            # Its .part file holds rows: it has started checking.
            while child.poll() is None and not any(part.read_text(encoding="utf-8").count("\n") > 1 for part in tmp_path.glob(".*.part")):
                time.sleep(0.05)
        else:
            child.stdout.readline()  # it has started checking
        child.send_signal(signal.SIGINT)
        err = child.communicate(timeout=60)[1].decode("utf-8")
        assert child.returncode == cli.EXIT_INTERRUPTED, err
        assert err.splitlines()[-1] == "numcheck: " + said.format(out=out) + err.splitlines()[-1].partition(said.format(out=out))[2]
        assert "every result printed is stored" not in err
        assert not out.exists()


class TestRanking:
    def test_all_not_enough_data_is_not_cleanest(self) -> None:
        code, out, _ = _run("compare", "--offline", "--lang", "zh", "13800138000", "18912345678", "13912348888")
        assert code == cli.EXIT_OK
        assert "最干净" not in out
        assert "无法区分这些号码：结论都是数据不足，没有一个已知是干净的。" in out
        code, out, _ = _run("compare", "--offline", "--lang", "en", "13800138000", "17012345678")
        assert "cleanest" not in out
        assert "Unknown is not clean: a number nothing is known about ranks below any number known to be clean." in out

    def test_a_clean_leader_alone_is_cleanest(self) -> None:
        clean = [report_of(items) for items in _clean_finding_sets()]
        assert clean[0].verdict is Verdict.LOW_RISK
        dirty = report_of([])
        ranked = rank([dirty, clean[0]])
        assert verdict_line(ranked)[0].id == "fixes.rank.cleanest"
        assert "Rank 1 is the cleanest candidate." in render_ranking(ranked)
        tied = rank([clean[0], clean[0]])
        assert verdict_line(tied)[0].id == "fixes.rank.clean_tie"

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(finding_sets(), min_size=1, max_size=4))
    def test_cleanest_only_for_a_clean_untied_leader(self, sets: list[list[numcheck.Finding]]) -> None:
        ranked = rank([report_of(items) for items in sets])
        lead, rule = verdict_line(ranked)
        assert rule.id == "fixes.rank.unknown"
        clean = ranked[0].verdict is Verdict.LOW_RISK and ranked[0].report.coverage.sufficient
        tied = any(ranked[0] in run for run in ties(ranked))
        assert (lead.id == "fixes.rank.cleanest") == (clean and not tied)
        if not clean:
            assert "clean" not in english(lead).replace("known to be clean", "")


class TestEmptyInput:
    @pytest.mark.parametrize("argv", [["-"], ["--file", "/dev/null"], ["--format", "csv", "-"]])
    @pytest.mark.parametrize("stdin", ["", "\n\n"])
    def test_no_number_at_all_exits_2_with_one_line(self, argv: list[str], stdin: str) -> None:
        code, _, err = _run("--offline", "--lang", "en", *argv, stdin=stdin)
        assert code == cli.EXIT_USAGE
        assert err == "numcheck: the input holds no number (it is empty or blank)\n"


class TestOfflineOrigin:
    def test_the_hint_names_the_config_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        config = tmp_path / "config.toml"
        config.write_text("offline = true\n", encoding="utf-8")
        monkeypatch.setenv("NUMCHECK_CONFIG", str(config))
        code, out, _ = _run("--lang", "zh", "13800138000")
        assert code == cli.EXIT_OK
        # A Chinese line is wrapped by display width (a break may take a space): compare without whitespace.
        hint = f"配置文件「{config}」设置了「offline = true」；加 --online 即可询问"
        assert "".join(hint.split()) in "".join(out.split())
        assert "去掉 --offline" not in out
        assert "不加 --offline" not in out

    def test_the_hint_names_the_variable(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("NUMCHECK_OFFLINE", "1")
        _, out, _ = _run("--lang", "en", "13800138000")
        assert "(NUMCHECK_OFFLINE is set; --online asks them)" in " ".join(out.split())

    def test_the_flag_keeps_its_own_hint(self) -> None:
        _, out, _ = _run("--offline", "--lang", "en", "13800138000")
        assert "run without --offline to ask them" in " ".join(out.split())


def test_the_readme_runs_diff_after_a_refresh_that_may_exit_3() -> None:
    """A check whose scrapers were blocked exits 3: chained with &&, the documented diff would never run."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "numcheck 13800138000 --refresh; numcheck diff 13800138000" in readme
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for line in page.read_text(encoding="utf-8").splitlines():
            head, sep, _ = line.partition("&&")
            assert not (sep and head.strip().startswith("numcheck")), f"{page.name}: {line}"
