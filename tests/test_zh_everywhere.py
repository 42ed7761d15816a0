"""The rest of what a Chinese reader meets, held to Chinese with tests/test_zh.py's own check (`english_left`).

Every subcommand's ``--help``, argparse's usage errors, the config file's errors and warnings, ``numcheck checkers``,
the self-check's table and Markdown page, a number-age search's finding, the HTML coverage line and ``numcheck
serve``'s own lines. Each check is shown able to fail: a message whose Chinese is missing (its English changed, so
the catalog no longer holds it) puts English back where the check looks, and the check names it.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from tests.test_zh import english_left, page_text

import numcheck
from numcheck import cli
from numcheck.cli.options import SUBCOMMANDS
from numcheck.frontends.usage_errors import message_of
from numcheck.health.model import HealthFile
from numcheck.messages import MESSAGES
from numcheck.render.cells import width

# argparse's English templates (Python's argparse module), filled as argparse fills them: each must be read back.
ARGPARSE_LINES = (
    "unrecognized arguments: --bogus x",
    "the following arguments are required: --scenario, --number",
    "argument --color: invalid choice: 'purple' (choose from 'auto', 'always', 'never')",
    "argument --workers: invalid int value: 'x'",
    "argument --header-timeout: invalid float value: 'soon'",
    "argument --when: invalid date value: 'x'",
    "argument --file: expected one argument",
    "argument --x: expected at most one argument",
    "argument --x: expected at least one argument",
    "argument --x: expected 2 arguments",
    "argument --json: not allowed with argument --markdown",
    "argument --json: ignored explicit argument 'yes'",
    "ambiguous option: --onl could match --only, --online, --only-hits",
    "one of the arguments --a --b is required",
    "unexpected option string: --x",
    "argument --ttl: not a duration: 'abc' (use seconds, or 30m, 6h, 7d)",
    "argument --bought: not a date: 'x' (use YYYY-MM-DD)",
)


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def _quiet_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # No config file of the machine's, no locale of the machine's: each test says what it reads.
    monkeypatch.setenv("NUMCHECK_CONFIG", "")
    monkeypatch.setenv("NUMCHECK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NUMCHECK_DATA_DIR", str(tmp_path / "data"))
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "NUMCHECK_LANG"):
        monkeypatch.delenv(name, raising=False)


def _forget_chinese(monkeypatch: pytest.MonkeyPatch, message_id: str) -> None:
    """Make ``message_id``'s Chinese missing, as a changed English does (the catalog keys each entry on its English)."""
    monkeypatch.setitem(MESSAGES, message_id, MESSAGES[message_id] + " (planted)")


def help_prose(out: str) -> str:
    """What a ``--help`` gives to read: past the usage lines, everything but the left column (commands, options, metavars)."""
    body = out.split("\n\n", 1)[1].splitlines()
    rows = [re.match(r"^  (?! )(.*?)(?: {2,}(.*))?$", line) for line in body]
    return "\n".join((row.group(2) or "") if row else line for row, line in zip(rows, body, strict=True))


COMMANDS = [[], *([name] for name in SUBCOMMANDS)]


class TestEveryHelp:
    @pytest.mark.parametrize("command", COMMANDS, ids=lambda words: " ".join(words) or "numcheck")
    @pytest.mark.parametrize("how", ["flag", "locale", "environment", "config"])
    def test_every_command_s_help_is_chinese(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, command: list[str], how: str) -> None:
        monkeypatch.setenv("COLUMNS", "100")
        argv = [*command, "--help"]
        if how == "flag":
            argv = ["--lang", "zh", *argv]  # before the command, as a reader types it: moved after it
        elif how == "locale":
            monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        elif how == "environment":
            monkeypatch.setenv("NUMCHECK_LANG", "zh")
        else:
            (tmp_path / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")
            monkeypatch.setenv("NUMCHECK_CONFIG", str(tmp_path / "config.toml"))
        code, out, err = _run(*argv)
        assert (code, err) == (0, "")
        assert out.startswith(f"用法：numcheck{' ' + command[0] if command else ''} ")
        assert "  -h, --help" in out
        assert "显示这段帮助后退出" in out
        assert max(width(line) for line in out.splitlines()) <= 100
        assert english_left(help_prose(out)) == [], out
        # The usage's next lines start under the first option, as they do in English.
        usage = out.split("\n\n", 1)[0].splitlines()
        if len(usage) > 1:
            assert width(usage[1]) - len(usage[1].lstrip()) == width(usage[0].split("[", 1)[0])

    @pytest.mark.parametrize("command", COMMANDS, ids=lambda words: " ".join(words) or "numcheck")
    def test_english_help_is_english(self, command: list[str]) -> None:
        code, out, _ = _run(*command, "--help")
        assert code == 0
        assert out.startswith("usage: numcheck")
        assert not re.search(r"[\u4e00-\u9fff]", help_prose(out).replace("二次号码焕新", "").replace("一证通查", "").replace("二次号", ""))

    def test_a_missing_translation_is_caught(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _forget_chinese(monkeypatch, "help.doctor.markdown")
        _, out, _ = _run("--lang", "zh", "doctor", "--help")
        assert english_left(help_prose(out)) == ["print", "the", "health", "table", "as", "planted"]


class TestUsageErrors:
    @pytest.mark.parametrize("line", ARGPARSE_LINES)
    def test_every_argparse_line_is_read_back(self, line: str) -> None:
        found = message_of(line)
        inner = found.params.get("message", found)
        assert "usage.verbatim" not in (found.id, getattr(inner, "id", "")), line
        # Read back, its English is argparse's line again (the arguments' quotes aside): nothing was lost.
        assert numcheck.messages.english(found).replace("'", "") == line.replace("'", "")

    def test_a_line_no_pattern_knows_is_caught(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from numcheck.frontends import usage_errors

        monkeypatch.setattr(usage_errors, "_PATTERNS", usage_errors._PATTERNS[1:])
        assert message_of(ARGPARSE_LINES[0]).id == "usage.verbatim"

    @pytest.mark.parametrize(
        "argv",
        [
            ["--bogus", "13800138000"],
            ["--color", "purple", "13800138000"],
            ["--workers", "x", "13800138000"],
            ["--ttl", "abc", "13800138000"],
            ["--file"],
            ["--onl", "13800138000"],
            ["record", "dangdang"],
            ["after-buy", "13800138000", "--bought", "x"],
            ["doctor", "--controls", "many"],
            ["history", "--limit"],
            ["serve", "--port", "x"],
            ["config", "--lang", "fr"],
            ["checkers", "--bogus"],
            ["compare", "--format", "csv", "13800138000"],
        ],
    )
    def test_a_usage_error_is_chinese_with_exit_2(self, monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        code, out, err = _run(*argv)
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1, "one line, no usage block"
        last = err.splitlines()[-1]
        assert re.match(r"^numcheck( [a-z-]+)?：错误：", last), last
        assert english_left(last.split("：错误：", 1)[1]) == [], last

    def test_english_usage_errors_are_argparse_s_own(self) -> None:
        code, _, err = _run("--color", "purple", "13800138000")
        assert code == 2
        assert err == (
            "numcheck: error: argument --color: invalid choice: 'purple' (choose from 'auto', 'always', 'never') "
            "(numcheck --help lists the options)\n"
        )

    @pytest.mark.parametrize("lang", ["en", "zh"])
    @pytest.mark.parametrize(
        ("command", "typo", "meant"),
        [
            ([], "--ofline", "--offline"),
            ([], "--only-hist", "--only-hits"),
            ([], "--refesh", "--refresh"),
            (["history"], "--jsn", "--json"),
            (["doctor"], "--self-chek", "--self-check"),
        ],
    )
    def test_a_typo_d_option_is_one_line_naming_the_option_meant(self, lang: str, command: list[str], typo: str, meant: str) -> None:
        code, out, err = _run(*command, "--lang", lang, typo, "13800138000")
        assert (code, out) == (2, "")
        assert len(err.splitlines()) == 1, err
        assert meant in err.replace(typo, ""), err
        assert "--help" in err

    def test_an_option_nothing_is_near_gets_no_guess(self) -> None:
        code, _, err = _run("--zzzzzz", "13800138000")
        assert code == 2
        assert "did you mean" not in err
        assert err.endswith("(numcheck --help lists the options)\n")

    def test_lang_in_the_arguments_decides(self) -> None:
        assert _run("--lang", "zh", "--bogus", "1")[2].splitlines()[-1].startswith("numcheck：错误：")
        assert _run("--lang=zh", "--bogus", "1")[2].splitlines()[-1].startswith("numcheck：错误：")

    def test_a_missing_translation_is_caught(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        _forget_chinese(monkeypatch, "usage.invalid_choice")
        last = _run("--color", "purple", "1")[2].splitlines()[-1]
        assert english_left(last.split("：错误：", 1)[1]) == ["invalid", "choice", "choose", "from", "planted"]


CONFIG_PROBLEMS = [
    "workers = \n",
    "workers = 0\n",
    "workers = 'x'\n",
    'offline = "yes"\n',
    'lang = "fr"\n',
    "timeout = 900\n",
    "key_file = ''\n",
    "\xff",
]


class TestConfigFile:
    @pytest.fixture
    def config(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
        path = tmp_path / "config.toml"
        monkeypatch.setenv("NUMCHECK_CONFIG", str(path))
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        return path

    @pytest.mark.parametrize("text", CONFIG_PROBLEMS)
    def test_an_unusable_file_is_one_chinese_line(self, config: Path, text: str) -> None:
        config.write_bytes(text.encode("latin-1") if text == "\xff" else text.encode("utf-8"))
        for argv in (("--offline", "13800138000"), ("checkers",), ("config",), ("history", "13800138000")):
            code, out, err = _run(*argv)
            assert (code, out) == (2, ""), argv
            assert err.startswith(f"numcheck: 配置文件「{config}」："), err
            assert err.count("\n") == 1
            assert english_left(err.removeprefix("numcheck:")) == [], err

    def test_an_unknown_setting_is_a_chinese_warning(self, config: Path) -> None:
        config.write_text('lang = "zh"\ncolour = true\n', encoding="utf-8")
        code, out, err = _run("--offline", "13800138000")
        assert code == 0
        assert out
        assert (
            err
            == f"numcheck: 警告：配置文件「{config}」：未知设置「colour」，已忽略（已知的设置：lang、offline、workers、timeout、key_file）\n"
        )

    @pytest.mark.parametrize(
        ("variable", "value"), [("NUMCHECK_WORKERS", "many"), ("NUMCHECK_OFFLINE", "maybe"), ("NUMCHECK_TIMEOUT", "0")]
    )
    def test_an_unusable_environment_value_is_chinese(self, monkeypatch: pytest.MonkeyPatch, variable: str, value: str) -> None:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        monkeypatch.setenv(variable, value)
        code, _, err = _run("config")
        assert code == 2
        assert err.startswith("numcheck: 设置「")
        assert english_left(err.removeprefix("numcheck:")) == [], err

    def test_a_key_file_s_problems_are_chinese(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        keys = tmp_path / "keys.env"
        keys.write_text("NOT_A_KEY=1\n", encoding="utf-8")
        keys.chmod(0o600)
        monkeypatch.setenv("NUMCHECK_KEY_FILE", str(keys))
        err = _run("--offline", "13800138000")[2]
        assert err.startswith(f"numcheck: 密钥文件「{keys}」第 1 行：")
        assert english_left(err.removeprefix("numcheck:")) == [], err
        keys.unlink()
        err = _run("--offline", "13800138000")[2]
        assert "（来自环境变量「NUMCHECK_KEY_FILE」）不存在" in err
        assert english_left(err.removeprefix("numcheck:")) == [], err

    def test_english_lines_are_unchanged(self, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("LANG", "C")
        config.write_text("workers = 0\n", encoding="utf-8")
        assert _run("checkers")[2] == (
            f"numcheck: config file {config}: workers: 0 is below the least allowed, 1 (fix it, or run with "
            "NUMCHECK_CONFIG= set empty to read no config file)\n"
        )

    def test_a_missing_translation_is_caught(self, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        _forget_chinese(monkeypatch, "config.not_a_bool")
        config.write_text('offline = "yes"\n', encoding="utf-8")
        assert english_left(_run("checkers")[2].removeprefix("numcheck:")) == ["yes", "is", "not", "true", "or", "false", "planted"]


def _table_prose(out: str) -> str:
    # The first column is the checker's id, which is typed (--only ID); the rest is read.
    return "\n".join(line[22:] for line in out.splitlines())


class TestCheckers:
    def test_the_table_is_chinese(self) -> None:
        code, out, err = _run("--lang", "zh", "checkers")
        assert (code, err) == (0, "")
        assert out.splitlines()[0].split() == ["编号", "种类", "类别", "依据", "接口", "国家", "来源"]
        assert english_left(_table_prose(out)) == [], out
        # Columns line up by display width.
        starts = {width(line[: line.index(line.split()[1])]) for line in out.splitlines()}
        assert starts == {22}

    def test_english_is_unchanged(self) -> None:
        out = _run("checkers")[1]
        assert out.splitlines()[0] == "id                    kind        category      provenance  contract   countries  source"
        assert "\naliyun-twice-tel      carrier     reassignment  documented  published  CN         builtin (needs " in out

    def test_a_missing_translation_is_caught(self, monkeypatch: pytest.MonkeyPatch) -> None:
        _forget_chinese(monkeypatch, "checkers.source.builtin")
        assert set(english_left(_table_prose(_run("--lang", "zh", "checkers")[1]))) == {"builtin", "planted"}


@pytest.fixture
def health_table(tmp_path: Path) -> Iterator[HealthFile]:
    """A self-check against the simulator with a false positive, a block, rate limiting, a changed format and a healthy one."""
    from numcheck.health.canaries import Canary
    from numcheck.registry import default_registry
    from numcheck.report import Status
    from numcheck.selfcheck import self_check
    from numcheck.testing import Simulator, isolated_registry, scripts_for, simulator_settings, synthetic_number

    ids = ("chsi", "pptv", "tuniu", "dangdang", "cjcp")
    modes = ("registered_for_all", "waf", "format_changed", "honest", "never_registered")
    checkers = [default_registry(numcheck.Settings(plugins=(), config_dir=Path("/nonexistent"))).get(name) for name in ids]
    with Simulator(scripts_for(checkers)) as simulator:
        for name, mode in zip(ids, modes, strict=True):
            simulator.set_mode(name, mode)
        settings = simulator_settings(simulator, checkers, data_dir=tmp_path / "data", config_dir=tmp_path / "config")
        canary = Canary("cjcp", synthetic_number("registered"), Status.REGISTERED, 1)
        with isolated_registry(*checkers) as registry:
            yield self_check(registry=registry, settings=settings, canaries=[canary], rng=random.Random(3))


class TestSelfCheck:
    def test_reasons_are_messages_beside_their_english(self, health_table: HealthFile) -> None:
        judged = [row for row in health_table.checkers if row.reason]
        assert len(judged) >= 4
        for row in judged:
            assert row.reason_message is not None
            assert numcheck.messages.english(row.reason_message) == row.reason

    def test_the_table_and_the_page_are_chinese(self, health_table: HealthFile) -> None:
        from numcheck.render.doctor import render_self_check, render_self_check_markdown

        text = render_self_check(health_table, "zh")
        prose = "\n".join(re.sub(r"^(\S+\s+)\S+", r"\1", line) for line in text.splitlines()[2:-1])  # ids are typed
        assert english_left("\n".join([*text.splitlines()[:2], prose, text.splitlines()[-1]])) == [], text
        page = render_self_check_markdown(health_table, "zh")
        assert page.startswith("# numcheck 检查项健康状况\n")
        assert english_left(re.sub(r"`[^`]*`", " ", page)) == [], page

    def test_the_published_file_is_read_by_numcheck_before_reasons_had_messages(self, health_table: HealthFile) -> None:
        import json

        from numcheck.health.render import render_json

        data = json.loads(render_json(health_table))
        for row in data["checkers"]:
            if not row["reason"]:
                assert "reason_message" not in row  # a row without a reason is written as before
            row.pop("reason_message", None)
        old = HealthFile.model_validate(data)  # what an old file holds: no reason_message at all
        assert [row.reason_message for row in old.checkers] == [None] * len(old.checkers)
        from numcheck.render.doctor import render_self_check

        # Its reasons are shown as written, quoted: English a reader is told numcheck did not translate.
        text = render_self_check(old, "zh")
        assert "「said registered for a never-issued number" in text

    def test_english_is_unchanged(self, health_table: HealthFile) -> None:
        from numcheck.health.render import render_markdown
        from numcheck.render.doctor import render_self_check, render_self_check_markdown

        assert render_self_check_markdown(health_table) == render_markdown(health_table)
        assert render_markdown(health_table).startswith("# numcheck checker health\n\nSelf-check of ")
        assert "said registered for a never-issued number (" in render_self_check(health_table)

    def test_a_missing_translation_is_caught(self, health_table: HealthFile, monkeypatch: pytest.MonkeyPatch) -> None:
        from numcheck.render.doctor import render_self_check_markdown

        _forget_chinese(monkeypatch, "selfcheck.md.column.reason")
        page = render_self_check_markdown(health_table, "zh")
        assert english_left(re.sub(r"`[^`]*`", " ", page)) == ["reason", "planted"]


def _searched(offset: int, *, judged: bool = True) -> numcheck.Finding:
    from numcheck.checker import CheckContext
    from numcheck.offline.enrich import facts_for
    from numcheck.providers.age_search import Outcome, Probe, plan, result_finding, search
    from numcheck.providers.aliyun import AliyunTwiceTelVerify
    from numcheck.reassignment import from_verify_result
    from numcheck.report import CheckerKind, Status
    from numcheck.testing import scripted_finding

    ctx = CheckContext(facts=facts_for(numcheck.parse("13800138000"), "13800138000"), now=datetime(2026, 12, 1, tzinfo=UTC))
    today = ctx.now.date()
    probed = scripted_finding("aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.UNKNOWN)

    def ask(day: date) -> Probe:
        if not judged:
            return Probe(day, Outcome.NO_DATA, False, probed)
        return Probe(day, Outcome.CHANGED if today - timedelta(days=offset) > day else Outcome.HELD, True, probed)

    chosen = plan("aliyun-twice-tel", today - timedelta(days=3652), today, 9)
    return result_finding(AliyunTwiceTelVerify.meta, ctx, chosen, search(ask, chosen), from_verify_result("0", today))


class TestNumberAgeSearch:
    @pytest.mark.parametrize(("offset", "judged"), [(40, True), (900, True), (3000, True), (100, False)])
    def test_the_finding_is_chinese_and_its_english_is_the_sentence(self, offset: int, judged: bool) -> None:
        from numcheck.render.i18n import say_in

        found = _searched(offset, judged=judged)
        assert found.message is not None
        assert found.reassignment is not None
        assert found.detail.startswith(found.reassignment.sentence())
        said = say_in("zh", found.message)
        assert english_left(said) == [], said
        assert "次调用" in said

    def test_a_missing_translation_is_caught(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from numcheck.render.i18n import say_in

        _forget_chinese(monkeypatch, "search.calls.many")
        found = _searched(900)
        assert found.message is not None
        assert english_left(say_in("zh", found.message)) == ["calls", "billed", "planted"]


def test_the_html_coverage_line_counts_the_carrier_checks_it_leaves_out() -> None:
    from numcheck import BatchItem
    from numcheck.assembly import build_report
    from numcheck.offline.enrich import facts_for
    from numcheck.render.html import render_html
    from numcheck.report import CheckerKind, Status
    from numcheck.testing import scripted_finding

    info = numcheck.parse("13800138000")
    findings = [
        scripted_finding("aliyun-twice-tel", CheckerKind.CARRIER, "reassignment", Status.SKIPPED),
        scripted_finding("dangdang", CheckerKind.ACCOUNT, "shopping", Status.NOT_REGISTERED),
    ]
    report = build_report("13800138000", info, facts_for(info, "13800138000"), findings, offline=False, elapsed_ms=1.0)
    for lang, expected in (("zh", "另有 1 项运营商检查不计入"), ("en", "1 carrier checks not counted")):
        text = page_text(render_html([BatchItem(index=0, line=1, input="13800138000", report=report)], lang=lang))
        coverage = next(line for line in text.splitlines() if "·" in line and ("在线" in line or "online" in line))
        assert expected in coverage, coverage


def test_serve_s_own_lines_are_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, _, err = _run("serve", "--token", "short")
    assert code == 2
    assert err == "numcheck: 令牌至少要 16 个字符（可以这样生成：「openssl rand -hex 16」）\n"
    code, _, err = _run("serve", "--host", "0.0.0.0")
    assert code == 2
    assert english_left(err.removeprefix("numcheck:")) == [], err


class TestInputAndOutputLines:
    """What a batch says about its input and output files: the file's name and the system's own words are quoted."""

    @pytest.fixture
    def files(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        (tmp_path / "two.csv").write_text("a,b\n1,2\n", encoding="utf-8")
        (tmp_path / "bad.txt").write_bytes(b"13800138000\n\xff\xfe1\n")
        return tmp_path

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (["--offline", "--file", "{tmp}/nope.csv"], "无法读取"),
            (["--offline", "--file", "{tmp}/two.csv", "--column", "phone"], "这一列"),
            (["--offline", "13800138000", "-o", "{tmp}/no/such/dir/out.csv"], "无法写入"),
            (["--only", "nosuch", "13800138000"], "没有这个检查项"),
            (["--offline", "--encoding", "utf-8", "--file", "{tmp}/bad.txt"], "已跳过"),
            (["--offline", "--file", "{tmp}/two.csv", "--column", "9"], "超出了最后一列"),
            (["--offline", "--file", "{tmp}/two.csv", "--encoding", "nonsense"], "没有这种编码"),
            (["--offline", "--file", "{tmp}/two.csv", "--encoding", "cp500"], "另存为"),
            (["--offline", "--file", "{tmp}/two.csv", "--encoding", "utf-16"], "不是「UTF-16」文本"),
            (["--offline", "--workers", "0", "13800138000"], "太小"),
            (["--offline", "--timeout", "-1", "13800138000"], "太小"),
            (["--offline", "--file", "{tmp}/two.csv", "-o", "{tmp}/two.csv"], "覆盖你的号码清单"),
        ],
    )
    def test_each_line_is_chinese(self, files: Path, argv: list[str], expected: str) -> None:
        _, _, err = _run(*(arg.replace("{tmp}", str(files)) for arg in argv))
        line = next(line for line in err.splitlines() if expected in line)
        assert english_left(line.removeprefix("numcheck: ")) == [], line

    def test_the_english_run_keeps_its_words(self, files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("LANG", "C.UTF-8")
        _, _, err = _run("--offline", "--file", str(files / "two.csv"), "--column", "phone")
        assert err == f"numcheck: {files / 'two.csv'} has no column 'phone' (columns: a, b)\n"


def test_o_onto_the_input_file_refuses_and_keeps_the_list(tmp_path: Path) -> None:
    """-o naming the --file (by another spelling too) would replace the buyer's list with the results."""
    listed = tmp_path / "offer.csv"
    listed.write_text("name,number\na,13800138000\n", encoding="utf-8")
    before = listed.read_bytes()
    for spelled in (str(listed), str(tmp_path / "." / "offer.csv")):
        code, _, err = _run("--offline", "--lang", "en", "--file", str(listed), "--column", "number", "--format", "csv", "-o", spelled)
        assert code == cli.EXIT_USAGE
        assert "is the file the numbers are read from" in err
    assert listed.read_bytes() == before


def test_the_shipped_manifests_answers_read_in_chinese() -> None:
    """What numcheck named a shipped manifest's answers is its own text: translated, never quoted English."""
    from numcheck.messages import say
    from numcheck.render.i18n import say_in
    from numcheck.render.vocabulary import shipped_checkers, shipped_signal_words

    names, scales = shipped_signal_words(shipped_checkers())
    assert len(names) >= 20
    assert scales
    for name in names:
        said = say_in("zh", say("finding.answered", label=name))
        assert english_left(said) == [], said
        assert said != f"服务回答：「{name}」", f"quoted as a stranger's words, not translated: {said}"
    for scale in scales:
        said = say_in("zh", say("finding.score", base="x", score=3, scale=scale, band="negative"))
        assert english_left(said.removeprefix("x")) == [], said
        assert f"（「{scale}」）" not in said, said
    # A plugin's own signal name is its author's words: shown as written, quoted.
    assert say_in("zh", say("finding.answered", label="plugin said yes")) == "服务回答：「plugin said yes」"
