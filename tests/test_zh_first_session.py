"""A Chinese reader's first session, as the README leads it: every line the command line says is in Chinese.

The report itself is held to Chinese by tests/test_zh.py. These are the lines around it that a new user met in
English under ``LANG=zh_CN.UTF-8``: why a number is invalid (on stderr, in the batch table, the ranking, JSON and
the page's API), the batch summary, the hint for a CSV file read without ``--column``, the ``--only-hits`` note
and the empty findings section it left, a command given no number or an unquoted number that reads two ways.
"""

from __future__ import annotations

import io
import json
import re
import string
from pathlib import Path

import pytest
from tests.test_zh import english_left

from numcheck import InvalidNumber, InvalidReason, cli, parse
from numcheck.messages import MESSAGES, render
from numcheck.numbers import invalid_message
from numcheck.render.i18n import language

ZH = language("zh")
# One input for each reason the parser can give (the ids it raises are checked against these below).
BAD_INPUTS = {
    "1" * 70: "invalid.too_long_input",
    "138\x00": "invalid.control_characters",
    "  ": "invalid.empty",
    "-13800138000": "invalid.minus",
    "abc": "invalid.character",
    "()": "invalid.no_digits",
    "+86+138": "invalid.plus",
    "1380013800": "invalid.cn_mobile_length",
    "11000138000000": "invalid.cn_one_length",
    "+999 1234": "invalid.parse.invalid_country_code",
    "+1": "invalid.parse.not_a_number",
    "+44 1": "invalid.parse.too_short",
    "+44 123456789012345678": "invalid.parse.too_long",
    "+1 23": "invalid.length.too_short",
    "+1 2345678901234567": "invalid.length.too_long",
}


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def chinese_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")


def _reason(text: str, region: str = "CN") -> InvalidNumber:
    with pytest.raises(InvalidNumber) as caught:
        parse(text, region)
    return caught.value


class TestWhyANumberIsInvalid:
    @pytest.mark.parametrize(("text", "message_id"), sorted(BAD_INPUTS.items()))
    def test_each_reason_is_a_message_whose_english_is_the_error(self, text: str, message_id: str) -> None:
        error = _reason(text)
        said = invalid_message(error)
        assert said.id == message_id
        assert render(said) == str(error)
        chinese = render(said, ZH)
        assert english_left(chinese) == [], chinese

    def test_a_wrong_type_and_a_wrong_region_are_messages_too(self) -> None:
        for error in (_reason(123), _reason("138", "XX")):  # type: ignore[arg-type]
            said = invalid_message(error)
            assert said.id != "said.verbatim"
            assert render(said) == str(error)

    def test_the_parser_renders_its_english_as_the_message_renderer_would(self) -> None:
        # numbers.py (and the English --help) format these with str.format for speed: only plain fields and !r keep the
        # two the same. invalid.character quotes a character from outside (!q): numbers.character_problem renders it with
        # the renderer itself, and test_each_reason_is_a_message_whose_english_is_the_error holds the two equal.
        for message_id, template in MESSAGES.items():
            if message_id.startswith(("invalid.", "help.")) and message_id != "invalid.character":
                fields = [(spec, conversion) for _, name, spec, conversion in string.Formatter().parse(template) if name]
                assert all(conversion in (None, "r") and not spec for spec, conversion in fields), message_id

    def test_a_reason_given_only_as_text_is_shown_as_written(self) -> None:
        said = invalid_message(InvalidNumber(InvalidReason.NOT_A_NUMBER, "a plugin's own words"))
        assert render(said, ZH) == "原文「a plugin's own words」"


@pytest.mark.usefixtures("chinese_locale")
class TestTheCommandLineInChinese:
    def test_an_invalid_number_is_told_in_chinese(self) -> None:
        code, out, err = _run("--offline", "1380013800")
        assert (code, out) == (2, "")
        assert err == "numcheck: 无效号码「1380013800」：中国手机号码是 11 位；这个有 10 位\n"

    def test_the_batch_table_gives_the_reason_in_chinese_within_80_columns(self, tmp_path: Path) -> None:
        numbers = tmp_path / "numbers.txt"
        numbers.write_text("13800138000\n138*\n", encoding="utf-8")
        code, out, err = _run("--offline", "--file", str(numbers))
        assert code == 0
        invalid = next(line for line in out.splitlines() if "138*" in line)
        # It used to be 无效号码… alone: the English reason, quoted, gave way whole to the width.
        assert "无效号码：第 4 个字符「*」不是数字" in invalid
        assert english_left(out) == []
        assert err == "numcheck: 已检查 1 个、无效 1 个、重复 0 个\n"

    def test_the_summary_names_what_else_happened(self, tmp_path: Path) -> None:
        numbers = tmp_path / "numbers.txt"
        numbers.write_text("13800138000\n13800138000\nabc\n", encoding="utf-8")
        code, _, err = _run("--offline", "--only-hits", "--file", str(numbers))
        assert code == 0
        # Offline, no number is known to be clean: none is left out (unknown is not clean), and nothing says so.
        assert err == "numcheck: 已检查 1 个、无效 1 个、重复 1 个\n"

    def test_a_ranking_lists_the_unranked_input_once_quoted(self) -> None:
        code, out, _ = _run("compare", "--offline", "13800138000", "abc")
        assert code == 0
        line = next(line for line in out.splitlines() if "abc" in line)
        assert line == "  第 2 行：「abc」：第 1 个字符「a」不是数字：电话号码只能含有数字、+、空格、短横线、点和括号"

    def test_a_tie_reads_as_chinese_numbering(self) -> None:
        _, out, _ = _run("compare", "--offline", "13800138000", "18912345678")
        assert "并列：第 1、2 名" in out

    def test_no_number_and_an_empty_one_are_told_in_chinese(self) -> None:
        code, _, err = _run()
        assert code == 2
        assert err == "numcheck: 请至少给出一个号码（或 --file 文件路径，或用 '-' 从标准输入读取）；「numcheck --help」列出所有选项\n"
        code, _, err = _run("--offline", "")
        assert code == 2
        assert err.startswith("numcheck: 第 1 个号码参数是空的")

    def test_pieces_that_read_two_ways_are_told_in_chinese(self) -> None:
        code, out, err = _run("--offline", "138", "0013", "8000", "139", "1234", "8888")
        assert (code, out) == (2, "")
        assert err.startswith("numcheck: 参数 '138' '0013' '8000' '139' '1234' '8888' 可以读成不止一个号码：请给每个号码加上引号")

    def test_only_hits_leaves_no_heading_standing_alone(self) -> None:
        code, out, err = _run("--offline", "--only-hits", "13800138000")
        assert code == 0
        lines = out.splitlines()
        after = lines[lines.index("检查结果") + 1]
        assert after == "  没有不利于此号码的检查结果，但结论是数据不足：未知不等于干净（--only-hits 只显示不利的检查结果）"
        assert err == "numcheck: --only-hits：有 7 项对此号码没有不利信息的检查结果未显示\n"

    def test_a_csv_file_without_column_gets_a_hint(self, tmp_path: Path) -> None:
        offer = tmp_path / "offer.csv"
        offer.write_text("name,number,price\nA,13800138000,100\n", encoding="utf-8")
        code, _, err = _run("--offline", "--file", str(offer))
        assert code == 2
        assert err.splitlines()[-1] == (
            "numcheck: 有 2 行无效的输入含有逗号或制表符：如果输入是 CSV 文件或以制表符分隔的文本（「Excel」的「Unicode 文本」），"
            "请指明号码所在的列（--column 列名或列号）"
        )
        code, _, err = _run("--offline", "--file", str(offer), "--column", "number")
        assert code == 0
        assert "--column" not in err


def test_english_is_unchanged_for_an_english_reader(tmp_path: Path) -> None:
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("13800138000\nabc\n13800138000\n", encoding="utf-8")
    _, out, err = _run("--offline", "--file", str(numbers))
    assert err == "numcheck: 1 checked, 1 invalid, 1 duplicate\n"
    assert "invalid: character 1 'a' is not a digit" in out
    assert _run("--offline", "abc")[2] == (
        "numcheck: invalid number 'abc': character 1 'a' is not a digit: a phone number holds only digits, +, spaces, dashes, "
        "dots and brackets\n"
    )


def test_json_gives_the_reason_as_a_message_and_in_the_language_asked(tmp_path: Path) -> None:
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("abc\n", encoding="utf-8")
    _, out, _ = _run("--offline", "--json", "--lang", "zh", "--file", str(numbers))
    (item,) = json.loads(out)
    assert item["invalid"] == "character 1 'a' is not a digit: a phone number holds only digits, +, spaces, dashes, dots and brackets"
    assert item["invalid_message"] == {"id": "invalid.character", "params": {"position": 1, "char": "a"}}
    assert item["invalid_localized"] == "第 1 个字符「a」不是数字：电话号码只能含有数字、+、空格、短横线、点和括号"
    _, out, _ = _run("--offline", "--json", "--lang", "en", "--file", str(numbers))
    assert json.loads(out)[0]["invalid_localized"] is None


def test_chinese_translations_put_no_space_beside_a_quote() -> None:
    # 「」 are full-width: Chinese sets no space beside them (「x」 不存在 reads as a typo).
    po = (Path(__file__).resolve().parents[1] / "src/numcheck/locale/zh/LC_MESSAGES/numcheck.po").read_text(encoding="utf-8")
    spaced = [line for line in po.splitlines() if line.startswith("msgstr") and re.search(r" \{\w+!q[^}]*\}|\{\w+!q[^}]*\} ", line)]
    assert spaced == []


class TestHelpInChinese:
    def test_help_follows_the_locale_and_fits_the_terminal(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from numcheck.render.cells import width

        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        monkeypatch.setenv("COLUMNS", "100")
        for argv in (["--help"], ["compare", "--help"]):
            code, out, _ = _run(*argv)
            assert code == 0
            assert out.startswith("用法：numcheck")
            assert "\n选项：\n" in out
            assert "  -h, --help            显示这段帮助后退出" in out
            assert max(width(line) for line in out.splitlines()) <= 100
            # Past the usage lines, the left column (commands, options and their metavars) is what is typed; the rest is
            # read, and what it quotes to be typed is marked 「」.
            body = out.split("\n\n", 1)[1].splitlines()
            rows = [re.match(r"^  (?! )(.*?)(?: {2,}(.*))?$", line) for line in body]
            prose = [(row.group(2) or "") if row else line for row, line in zip(rows, body, strict=True)]
            assert english_left("\n".join(prose)) == [], prose
        _, out, _ = _run("--help")
        assert "  after-buy NUMBER     买号之后：一份带日期的计划，之后显示买号前检查以来的变化" in out

    def test_lang_on_the_command_line_wins(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        assert _run("--lang", "en", "--help")[1].startswith("usage: numcheck")
        monkeypatch.setenv("LANG", "C")
        assert _run("--help", "--lang=zh")[1].startswith("用法：numcheck")

    def test_a_broken_config_file_still_gives_help(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        config = tmp_path / "config.toml"
        config.write_text("lang = \n", encoding="utf-8")
        monkeypatch.setenv("NUMCHECK_CONFIG", str(config))
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        code, out, _ = _run("--help")
        assert code == 0
        assert out.startswith("用法：numcheck")


def test_chinese_lines_never_end_with_an_opening_mark() -> None:
    from numcheck.render.width import wide_fill

    text = "有输入行因无法读取而被跳过时也返回 3。管道被关闭（numcheck ... | head）时安静结束，返回 0。"
    for columns in range(20, 60):
        lines = wide_fill(text, columns, 0).splitlines()
        assert not any(line.endswith(("（", "「", "“")) for line in lines), (columns, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_the_coverage_line_accounts_for_every_online_checker_listed() -> None:
    """The report lists carrier checks (skipped for want of a key); the coverage line says it does not count them."""
    from numcheck.render.text import render_report
    from numcheck.report import CheckerKind, Status
    from numcheck.testing import report_with, scripted_finding

    answers = [
        scripted_finding("shop", CheckerKind.ACCOUNT, "shopping", Status.ERROR),
        scripted_finding("tags", CheckerKind.REPUTATION, "caller_tags", Status.SKIPPED),
        scripted_finding("carrier-a", CheckerKind.CARRIER, "reassignment", Status.SKIPPED),
        scripted_finding("carrier-b", CheckerKind.CARRIER, "reassignment", Status.SKIPPED),
    ]
    report = report_with("13800138000", answers)
    line = next(line for line in render_report(report).splitlines() if line.startswith("Coverage:"))
    assert line.endswith("· skipped 1 · 2 carrier checks not counted (they answer for no binding, debt or tag)")
    # The Chinese line is cut by display width: read it as one paragraph.
    text = render_report(report, lang="zh")
    paragraph = "".join(text[text.index("覆盖度") :].split("\n\n", 1)[0].splitlines())
    assert paragraph.endswith("· 跳过 1 · 另有 2 项运营商检查不计入（它们不涉及账号绑定、催收或骚扰标记）")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "numcheck: warning: manifest {path} skipped: not valid TOML: "),
        ("zh", "numcheck: 警告：已跳过「manifest {path}」：「not valid TOML: "),
    ],
)
def test_a_broken_manifest_is_one_warning_naming_its_file_once(tmp_path: Path, lang: str, expected: str) -> None:
    mine = tmp_path / "manifests"
    mine.mkdir()
    broken = mine / "mine.toml"
    broken.write_text("x = [\n", encoding="utf-8")
    code, _, err = _run("--lang", lang, "--manifests", str(mine), "--only", "carrier-region", "13800138000")
    assert code == 0
    (line,) = err.splitlines()
    assert line.startswith(expected.format(path=broken))
    assert line.count(str(broken)) == 1


def test_numcheck_config_speaks_chinese(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.setenv("NUMCHECK_TIMEOUT", "5")
    code, out, _ = _run("config", "--workers", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["设置", "值", "来源"]
    assert lines[1].split() == ["lang", "zh", "系统语言环境「LANG」"]
    assert lines[3].split() == ["workers", "3", "命令行参数", "--workers"]
    assert lines[4].split() == ["timeout", "5", "环境变量「NUMCHECK_TIMEOUT」"]
    assert lines[-1] == f"配置文件：「{tmp_path / 'config' / 'config.toml'}」（不存在：使用 numcheck 的默认值）"
