"""The pages speak English or Chinese: every template string has a Chinese translation, and Accept-Language picks one."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from jinja2.ext import babel_extract

import numcheck
from numcheck import cli
from numcheck.render.html import render_html
from numcheck.render.i18n import negotiate, translations, word

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
