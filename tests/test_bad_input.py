"""Bad input gets one clear line, and nothing from input or a service reaches a terminal or a spreadsheet as code."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import numcheck
from numcheck import cli
from numcheck._errors import quoted
from numcheck._text import csv_cell, printable


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("1380013800", "a Chinese mobile number has 11 digits; this has 10"),
        ("138001380001", "a Chinese mobile number has 11 digits; this has 12"),
        ("12345", "11 digits; this has 5"),
        ("-13800138000", "minus sign"),
        ("123456789012345", "11 digits; this has 15"),
    ],
)
def test_typos_are_invalid_with_a_reason_a_person_understands(text: str, says: str) -> None:
    with pytest.raises(numcheck.InvalidNumber, match=says):
        numcheck.parse(text)


@pytest.mark.parametrize(
    "text", ["13800138000", "+86 138 0013 8000", "010-12345678", "+86 10 1234 5678", "+1 202 555 0101", "14012345678901"[:13]]
)
def test_real_forms_still_parse(text: str) -> None:
    assert numcheck.parse(text).e164.startswith("+")


def test_error_messages_quote_a_short_escaped_prefix() -> None:
    shown = quoted("1" * 40 + "\x1b[31m")
    assert len(shown) < 30
    assert "\x1b" not in shown
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--offline", "\x1b]0;pwned\x07" + "9" * 50], out=out, err=err) == cli.EXIT_USAGE
    assert "\x1b" not in err.getvalue()
    assert "\x07" not in err.getvalue()
    assert err.getvalue().count("\n") == 1


def test_control_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    """A batch line or a provider's text carrying ESC sequences is shown escaped in text output."""
    listing = tmp_path / "numbers.txt"
    listing.write_text("13800138000\n\x1b[2J\x1b]0;title\x07\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    cli.main(["--offline", "--no-store", "--file", str(listing)], out=out, err=err)
    assert "\x1b" not in out.getvalue()
    assert "\x07" not in out.getvalue()
    assert printable("ok\x1b[31mred\x9b") == "ok\\x1b[31mred\\x9b"


def test_a_finding_from_a_service_is_stored_printable() -> None:
    finding = numcheck.Finding(
        checker_id="x", checker_name="X\x1b[5m", kind=numcheck.CheckerKind.ACCOUNT, category="media", status=numcheck.Status.UNKNOWN,
        detail="answer \x1b]8;;http://evil\x07", facts={"carrier": "\x1b[1mBig"}, provenance=numcheck.Provenance(level="documented"),
        checked_at="2026-01-01T00:00:00Z",
    )  # fmt: skip
    assert "\x1b" not in finding.detail + finding.checker_name + str(finding.facts["carrier"])


@pytest.mark.parametrize(
    ("value", "cell"),
    [("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("@SUM(A1)", "'@SUM(A1)"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
     ("-2+3", "'-2+3"), ("+8613800138000", "+8613800138000"), ("13800138000", "13800138000"), (0.5, 0.5)],
)  # fmt: skip
def test_csv_cells_never_start_a_formula(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


def test_csv_output_escapes_an_input_formula_and_keeps_e164(tmp_path: Path) -> None:
    listing = tmp_path / "numbers.txt"
    listing.write_text("13800138000\n=1+1\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    cli.main(["--offline", "--no-store", "--format", "csv", "--file", str(listing)], out=out, err=err)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["e164"] == "+8613800138000"
    assert rows[1]["input"] == "'=1+1"
    assert [row["line"] for row in rows] == ["1", "2"]


def test_check_many_reads_an_open_file_and_reports_its_line_numbers(tmp_path: Path) -> None:
    """check_many(open(path)) as the quick start shows: endings are not input, blank and # lines are skipped."""
    listing = tmp_path / "numbers.txt"
    listing.write_text("13800138000\r\n\n# shop list\n1380013800\n13900139000\n", encoding="utf-8")
    with listing.open(encoding="utf-8") as handle:
        items = list(numcheck.check_many(handle, offline=True))
    assert [(item.line, item.input, item.invalid is None) for item in items] == [
        (1, "13800138000", True),
        (4, "1380013800", False),
        (5, "13900139000", True),
    ]


@pytest.mark.parametrize(
    ("argv", "env", "says"),
    [
        (["--workers", "0"], {}, "workers"),
        (["--workers", "100000"], {}, "workers"),
        (["--ttl", "-5"], {}, "cache_ttl"),
        (["--manifests", "/nonexistent/manifests"], {}, "does not exist"),
        ([], {"NUMCHECK_TIMEOUT": "inf"}, "timeout"),
        ([], {"NUMCHECK_TIMEOUT": "-1"}, "timeout"),
        ([], {"NUMCHECK_TIMEOUT": "nan"}, "timeout"),
        ([], {"NUMCHECK_RATE_LIMIT": "0/1"}, "rate_limit"),
        ([], {"NUMCHECK_RATE_LIMIT": "5/0"}, "rate_limit"),
        ([], {"NUMCHECK_BASE_URL": "ftp://example.com"}, "http"),
        ([], {"NUMCHECK_BASE_URL_CHSI": "chsi.example"}, "http"),
        ([], {"NUMCHECK_USER_AGENT": "numcheck\r\nX-Injected: 1"}, "control characters"),
        ([], {"NUMCHECK_MANIFESTS": "/nonexistent/manifests"}, "does not exist"),
        ([], {"NUMCHECK_PLUGINS": "no-such-plugin"}, "no installed plugin"),
        ([], {"NUMCHECK_CACHE_TTL": "soon"}, "unusable setting"),
    ],
)
def test_an_unusable_setting_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str], says: str
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--offline", *argv, "13800138000"], out=out, err=err) == cli.EXIT_USAGE
    assert says in err.getvalue()
    assert err.getvalue().count("\n") == 1
    assert out.getvalue() == ""
