"""The pages speak English or Chinese: every template string has a Chinese translation, and Accept-Language picks one."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from jinja2.ext import babel_extract

import numcheck
from numcheck import cli
from numcheck.render.html import render_html
from numcheck.render.i18n import localize, negotiate, resolve_language, translations, word

TEMPLATES = Path(numcheck.__file__).parent / "templates"


def _template_strings() -> set[str]:
    found: set[str] = set()
    for template in TEMPLATES.glob("*.j2"):
        with template.open("rb") as handle:
            for _, _function, message, _ in babel_extract(handle, ("_", "gettext", "ngettext"), [], {}):
                if isinstance(message, str):
                    found.add(message)
                elif isinstance(message, tuple) and message and isinstance(message[0], str):
                    found.add(message[0])
    return found


def test_every_template_string_has_a_chinese_translation() -> None:
    """A string added to a template without a translation fails here (English would show on a Chinese page)."""
    strings = _template_strings()
    assert len(strings) > 25
    chinese = translations("zh")
    missing = sorted(text for text in strings if chinese.gettext(text) == text)
    assert missing == []


def test_dynamic_words_are_in_the_catalog() -> None:
    """Levels, verdicts, statuses and dimensions are shown as words of their space: each has a Chinese word, none is quoted."""
    spaces = {"level": numcheck.Level, "verdict": numcheck.Verdict, "status": numcheck.Status, "dimension": numcheck.Dimension}
    shown = {value.value: word("zh", space, value) for space, values in spaces.items() for value in values}
    assert not [value for value, text in shown.items() if any(char.isascii() for char in text) or "「" in text]


@pytest.mark.parametrize(
    ("header", "expected"),
    [("zh-CN,zh;q=0.9,en;q=0.8", "zh"), ("en-US,en;q=0.9", "en"), ("fr-FR", "en"), ("", "en"), (None, "en"), ("en;q=0.2, zh-Hans;q=0.9", "zh"),
     ("zh;q=0", "en"), ("zh;q=abc,en", "en")],
)  # fmt: skip
def test_accept_language_picks_the_page_language(header: str | None, expected: str) -> None:
    assert negotiate(header) == expected


def test_the_html_report_in_chinese(tmp_path: Path) -> None:
    report = numcheck.check("13800138000", offline=True)
    page = render_html([numcheck.BatchItem(index=0, input="13800138000", report=report)], lang="zh")
    assert '<html lang="zh">' in page
    assert "<h2>风险</h2>" in page
    assert "二次放号" in page
    assert "已检查 1 个号码" in page
    assert re.search(r"<h2>Risk</h2>", page) is None
    english = render_html([numcheck.BatchItem(index=0, input="13800138000", report=report)])
    assert "<h2>Risk</h2>" in english
    assert '<html lang="en">' in english
    target = tmp_path / "report.html"
    assert (
        cli.main(["--offline", "--format", "html", "--lang", "zh", "-o", str(target), "13800138000"], out=io.StringIO(), err=io.StringIO())
        == 0
    )
    assert "覆盖度" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("chosen", "configured", "env", "expected"),
    [
        ("zh", "en", {"LANG": "en_US.UTF-8"}, "zh"),  # --lang wins over everything
        ("en", None, {"LC_ALL": "zh_CN.UTF-8"}, "en"),
        (None, "zh", {"LANG": "en_US.UTF-8"}, "zh"),  # then NUMCHECK_LANG (the configured language)
        (None, None, {"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US"}, "zh"),
        (None, None, {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL overrides LANG, as POSIX says
        (None, None, {"LC_ALL": "", "LC_MESSAGES": "zh_TW.Big5", "LANG": "en_GB"}, "zh"),  # an empty one is skipped
        (None, None, {"LANG": "zh_HK"}, "zh"),
        (None, None, {"LANG": "zh"}, "zh"),
        (None, None, {"LANG": "C.UTF-8"}, "en"),
        (None, None, {"LANG": "fr_FR.UTF-8"}, "en"),
        (None, None, {}, "en"),
    ],
)
def test_one_function_resolves_the_language(chosen: str | None, configured: str | None, env: dict[str, str], expected: str) -> None:
    assert resolve_language(chosen, configured=configured, env=env) == expected


def test_an_unknown_language_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(numcheck.ConfigError):
        resolve_language("fr", env={})
    monkeypatch.setenv("NUMCHECK_LANG", "fr")
    err = io.StringIO()
    assert cli.main(["--offline", "13800138000"], out=io.StringIO(), err=err) == cli.EXIT_USAGE
    assert "NUMCHECK_LANG" in err.getvalue() or "lang" in err.getvalue()


def _text(argv: list[str]) -> str:
    out = io.StringIO()
    assert cli.main(["--offline", "--no-store", *argv], out=out, err=io.StringIO()) == cli.EXIT_OK
    return out.getvalue()


def test_the_locale_picks_the_language_of_the_text_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """LANG=zh_CN.UTF-8 numcheck prints Chinese; --lang en and NUMCHECK_LANG choose otherwise."""
    from tests.test_zh import english_left

    english = _text(["13800138000"])
    assert "VERDICT: NOT ENOUGH DATA" in english
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    chinese = _text(["13800138000"])
    assert "结论：数据不足" in chinese
    assert english_left(chinese) == []
    assert _text(["--lang", "zh", "13800138000"]) == chinese
    assert _text(["--lang", "en", "13800138000"]) == english
    monkeypatch.setenv("NUMCHECK_LANG", "en")
    assert _text(["13800138000"]) == english
    monkeypatch.delenv("LANG")
    monkeypatch.setenv("NUMCHECK_LANG", "zh")
    assert _text(["13800138000"]) == chinese


def test_batch_table_and_ranking_speak_the_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_zh import english_left

    table = _text(["--lang", "zh", "13800138000", "17012345678", "not-a-number"])
    assert "结论" in table
    assert "数据不足" in table
    assert "无效号码" in table
    assert english_left(table.replace("not-a-number", "")) == [], table
    ranking = _text(["--lang", "zh", "--rank", "13800138000", "17012345678"])
    # Offline, nothing is known to be clean: rank 1 is only the least bad, never "cleanest" (tests/test_honest_batches.py).
    assert "没有一个号码已知是干净的：第 1 名只是最不差的" in ranking
    assert english_left(ranking) == [], ranking
    assert "No candidate is known to be clean: rank 1 is only the least bad" in _text(["--rank", "13800138000", "17012345678"])


def test_json_keeps_the_english_and_adds_the_requested_language() -> None:
    """Stable codes and English texts stay; the *_localized fields and lang hold the same in Chinese."""
    english = json.loads(_text(["--json", "13800138000"]))
    chinese = json.loads(_text(["--json", "--lang", "zh", "13800138000"]))
    assert english["lang"] is None
    assert english["summary_localized"] is None
    assert chinese["lang"] == "zh"
    for field in ("verdict", "summary", "notes", "summary_messages", "note_messages"):
        assert chinese[field] == english[field], field
    assert chinese["summary_localized"].startswith("数据不足")
    assert chinese["notes_localized"][0].startswith("自 2019-11-27 起")
    finding = chinese["findings"][0]
    assert finding["detail"] == english["findings"][0]["detail"]
    assert finding["message"]["id"] == "finding.carrier_region"
    assert finding["detail_localized"] == "中国移动；北京（区号 010）；手机号码"
    assert finding["checker_name_localized"] == "运营商与归属地"
    reason = chinese["risks"][0]["reasons"][0]
    assert reason["message"] == {"id": "reason.unasked.bindings", "params": {}}
    assert reason["text_localized"] == "没有账号查询给出明确回答：没有检查遗留的账号绑定"
    advice = chinese["advice"][0]
    assert advice["message"]["id"] == "advice.carrier_unbinding"
    assert "号码焕新" in advice["action_localized"]
    assert "中国移动" in advice["detail_localized"]
    ranked = json.loads(_text(["--rank", "--json", "--lang", "zh", "13800138000", "17012345678"]))["ranked"][0]
    assert ranked["why_localized"]
    assert all(not any(c.isascii() and c.isalpha() for c in line) for line in ranked["why_localized"])


def test_json_of_an_older_schema_still_reads_and_localises() -> None:
    """A 1.4 report (no message ids) is read as it was; localised, its English texts are shown as quoted."""
    report = numcheck.check("13800138000", offline=True)
    data = json.loads(report.model_dump_json())
    data["schema_version"] = "1.4"
    for field in ("summary_messages", "note_messages", "lang", "summary_localized", "notes_localized"):
        del data[field]
    for item in data["findings"]:
        for field in ("message", "detail_localized", "checker_name_localized"):
            del item[field]
    old = numcheck.Report.model_validate(data)
    assert old.summary == report.summary
    assert old.summary_messages == ()
    chinese = localize(old, "zh")
    assert chinese.summary_localized == f"原文「{report.summary}」"
    assert chinese.findings[1].detail_localized == f"原文「{report.findings[1].detail}」"
    assert chinese.risks[0].reasons[0].text_localized == "没有账号查询给出明确回答：没有检查遗留的账号绑定"
