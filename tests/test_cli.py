"""The command line: output, exit codes, and no tracebacks for anything a person can type."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from numcheck import cli


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


class TestReport:
    def test_text_report(self) -> None:
        """The text report names the carrier, the segment, the verdict and the unchecked dimensions."""
        code, out, err = _run("--offline", "13800138000")
        assert code == cli.EXIT_OK, err
        assert "China Mobile / 中国移动" in out
        assert "Segment 138" in out
        assert "VERDICT: NOT ENOUGH DATA" in out  # offline: recycling alone never sets caution
        assert "Not checked: bindings" in " ".join(out.split())
        assert "\x1b[" not in out

    def test_json_report(self) -> None:
        """--json prints the same report as JSON."""
        code, out, _ = _run("--offline", "--json", "+86 138 0013 8000")
        assert code == cli.EXIT_OK
        data = json.loads(out)
        assert data["number"]["e164"] == "+8613800138000"
        assert data["segment"]["operator"] == "china_mobile"

    def test_several_numbers_and_file(self, tmp_path: Path) -> None:
        """A batch gives a JSON list of items, each with its line's report; --file and '-' read lines."""
        numbers = tmp_path / "numbers.txt"
        numbers.write_text("13800138000\n\n# a comment\n13900139000\n", encoding="utf-8")
        code, out, _ = _run("--offline", "--json", "--file", str(numbers))
        assert code == cli.EXIT_OK
        assert [item["report"]["number"]["e164"] for item in json.loads(out)] == ["+8613800138000", "+8613900139000"]
        code, out, _ = _run("--offline", "--format", "json", "--file", "-", stdin="18912345678\n")
        assert code == cli.EXIT_OK
        assert [item["report"]["number"]["e164"] for item in json.loads(out)] == ["+8618912345678"]
        code, out, _ = _run("--offline", "--format", "json", "-", stdin="18912345678\n")
        assert [item["input"] for item in json.loads(out)] == ["18912345678"]

    def test_colour_when_asked(self) -> None:
        """--color always colours the text report."""
        _, out, _ = _run("--offline", "--color", "always", "13800138000")
        assert "\x1b[" in out


class TestExitCodes:
    def test_invalid_number_is_one_line_and_exit_2(self) -> None:
        """A bad number prints one line on stderr and exits 2."""
        code, out, err = _run("--offline", "hello")
        assert code == cli.EXIT_USAGE
        assert out == ""
        assert err.count("\n") == 1
        assert "invalid number 'hello'" in err

    def test_some_invalid_lines_are_reported_not_fatal(self) -> None:
        """Bad lines in a batch are reported in the output and the summary; only an all-bad batch exits 2."""
        code, out, err = _run("--offline", "13800138000", "nope")
        assert code == cli.EXIT_OK
        assert "+8613800138000" in out
        assert "invalid:" in out.splitlines()[2]
        assert "1 checked, 1 invalid" in err
        code, out, err = _run("--offline", "--details", "13800138000", "nope")
        assert "Segment 138" in out
        assert _run("--offline", "nope", "nada")[0] == cli.EXIT_USAGE

    def test_usage_errors_exit_2(self) -> None:
        """No number, an unknown option or an unknown checker exit 2."""
        assert _run()[0] == cli.EXIT_USAGE
        assert _run("--bogus")[0] == cli.EXIT_USAGE
        code, _, err = _run("--only", "no-such-checker", "13800138000")
        assert code == cli.EXIT_USAGE
        assert "no such checker" in err
        code, _, err = _run("--file", "/no/such/file")
        assert code == cli.EXIT_USAGE
        assert "cannot read" in err

    def test_incomplete_checks_exit_3(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A report with a blocked or error finding exits 3."""
        from tests.unit.test_engine import Crashing, _registry

        monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: _registry(Crashing()))
        code, out, _ = _run("13800138000")
        assert code == cli.EXIT_INCOMPLETE
        assert "checker crashed" in out

    def test_internal_error_exits_1_without_traceback(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """An unexpected failure is one line and exit 1."""

        def explode(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk on fire")

        monkeypatch.setattr("numcheck.cli.batch.check_many", explode)
        code, _, err = _run("--offline", "13800138000")
        assert code == cli.EXIT_INTERNAL
        assert "internal error: RuntimeError: disk on fire" in err
        assert "Traceback" not in err
        code, _, err = _run("--offline", "--lang", "zh", "13800138000")
        assert code == cli.EXIT_INTERNAL
        assert err == "numcheck: 内部错误：「RuntimeError」：「disk on fire」（设置 NUMCHECK_DEBUG=1 可看到回溯信息）\n"

    def test_an_unusable_setting_is_one_line_and_exit_2(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """NUMCHECK_TIMEOUT=soon names the setting instead of an internal error."""
        monkeypatch.setenv("NUMCHECK_TIMEOUT", "soon")
        code, _, err = _run("--offline", "13800138000")
        assert code == cli.EXIT_USAGE
        assert "unusable setting" in err
        assert err.count("\n") == 1

    def test_version_and_help(self) -> None:
        """--version and --help exit 0."""
        code, out, _ = _run("--version")
        assert code == cli.EXIT_OK
        assert out.startswith("numcheck ")
        assert _run("--help")[0] == cli.EXIT_OK


class TestCheckersCommand:
    def test_text_and_json(self) -> None:
        """'checkers' lists every checker with kind and provenance; --json too."""
        code, out, _ = _run("checkers")
        assert code == cli.EXIT_OK
        assert "cn-segment" in out
        code, out, _ = _run("checkers", "--json")
        data = json.loads(out)
        ids = {item["id"] for item in data["checkers"]}
        assert {"carrier-region", "cn-segment", "vanity"} <= ids
        assert all(
            {"kind", "category", "countries", "provenance", "enabled", "why_not", "source"} <= set(item) for item in data["checkers"]
        )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=30), min_size=1, max_size=3))
def test_any_text_exits_0_or_2_without_traceback(argv: list[str]) -> None:
    """Whatever a person types, the CLI exits 0 or 2 and never prints a traceback."""
    code, _, err = _run("--offline", *argv)
    assert code in (cli.EXIT_OK, cli.EXIT_USAGE), err
    assert "Traceback" not in err


def test_python_dash_m_runs() -> None:
    """``python -m numcheck`` works as a real process, with the documented exit codes."""
    done = subprocess.run(
        [sys.executable, "-m", "numcheck", "--offline", "13800138000"], capture_output=True, text=True, check=False, encoding="utf-8"
    )
    assert done.returncode == 0, done.stderr
    assert "China Mobile" in done.stdout
    bad = subprocess.run([sys.executable, "-m", "numcheck", "--offline", "x"], capture_output=True, text=True, check=False)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr


def test_output_file_survives_a_failed_run(tmp_path: Path) -> None:
    """-o writes beside the file and renames at the end: bad input leaves the old file exactly as it was."""
    target = tmp_path / "report.json"
    target.write_text('{"precious": true}\n', encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["--offline", "--json", "-o", str(target), "not-a-number"], out=out, err=err) == cli.EXIT_USAGE
    assert target.read_text(encoding="utf-8") == '{"precious": true}\n'
    assert sorted(path.name for path in tmp_path.glob("*report.json*")) == ["report.json"]
    assert cli.main(["--offline", "--json", "-o", str(target), "13800138000"], out=out, err=err) == cli.EXIT_OK
    assert json.loads(target.read_text(encoding="utf-8"))["number"]["e164"] == "+8613800138000"
    assert sorted(path.name for path in tmp_path.glob("*report.json*")) == ["report.json"]


def test_an_offline_check_never_loads_the_http_stack() -> None:
    """Offline means no network code at all: requests (and the HTTP client) stay unloaded, in a fresh process."""
    code = (
        "import io, sys\n"
        "from numcheck import cli\n"
        "assert cli.main(['--offline', '--no-store', '13800138000'], out=io.StringIO()) == 0\n"
        "print(sorted(name for name in ('requests', 'urllib3', 'numcheck.net.client', 'numcheck.providers.http') if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, env={**os.environ, "NUMCHECK_PLUGINS": ""}
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
