"""The command line under abuse: Ctrl-C and kill mid-batch, empty arguments, unreadable lines, huge HTML, missing extras."""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import numcheck
from numcheck import cli
from numcheck.testing import Simulator, scripts_for
from numcheck.testing import simulator as simulator_module
from numcheck.testing.numbers import batch_number

PROVIDER = "chsi"  # one request per lookup, no key, no session step


def _run(*argv: str, stdin: io.TextIOBase | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=stdin or io.StringIO())  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


def _numbers(count: int) -> list[str]:
    """Distinct valid mobile numbers (138 0000 0000 upwards)."""
    return [f"138{index:08d}" for index in range(count)]


# ---------------------------------------------------------------- empty arguments, missing extras


@pytest.mark.parametrize(
    "argv", [("",), ("   ",), ("13800138000", ""), ("compare", "", "13800138000"), ("--offline", "--format", "json", "")]
)
def test_an_empty_number_argument_is_a_usage_error(argv: tuple[str, ...]) -> None:
    """`numcheck ''` (an unset shell variable) used to print nothing and exit 0."""
    code, out, err = _run(*argv)
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert err.count("\n") == 1, err
    assert "empty" in err, err


def test_record_without_vcrpy_names_the_extra_and_creates_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "vcr", None)  # what an install without numcheck[test] looks like to an import
    target = tmp_path / "cassettes"
    code, out, err = _run("record", PROVIDER, "--scenario", "registered", "--number", "13800138000", "--out", str(target))
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert err.count("\n") == 1, err
    assert "pip install 'numcheck[test]'" in err, err
    assert not target.exists()


# ---------------------------------------------------------------- unreadable lines


def _bad_utf8_file(tmp_path: Path, *, lines: int = 6000, bad: int = 5001, header: bytes = b"") -> tuple[Path, int, list[str]]:
    """``lines`` numbers, line ``bad`` (1-based, after the header) holding a Latin-1 byte; the true offset of that byte.

    Each line is padded with spaces (stripped on reading) so that line 5,001 lies past the first 128 KB read.
    """
    numbers = _numbers(lines)
    rows = [number.encode() + b" " * 24 for number in numbers]
    rows[bad - 1] = b"1380\xe9" + rows[bad - 1][5:]
    data = header + b"\n".join(rows) + b"\n"
    path = tmp_path / "numbers.txt"
    path.write_bytes(data)
    offset = len(header) + sum(len(row) + 1 for row in rows[: bad - 1]) + 4
    assert data[offset] == 0xE9
    assert offset > 1 << 17 or lines < 5000
    return path, offset, [number for index, number in enumerate(numbers, 1) if index != bad]


@pytest.mark.parametrize(
    "options",
    [("--offline", "--format", "csv"), ("--offline", "--format", "jsonl", "--details"), ("--offline", "--format", "text")],
    ids=["column-path", "per-number", "text"],
)
def test_invalid_utf8_skips_that_line_only_with_its_true_line_and_byte(tmp_path: Path, options: tuple[str, ...]) -> None:
    """Line 5,001 of 6,000 (past the first 128 KB read) is not UTF-8: it is named (true line number and byte offset), skipped and counted; the rest is answered."""
    path, offset, kept = _bad_utf8_file(tmp_path)
    code, out, err = _run(*options, "--file", str(path))
    assert code == cli.EXIT_INCOMPLETE, err
    assert f"line 5001 (byte {offset})" in err, err
    assert "not UTF-8" in err, err
    assert "1 unreadable line skipped" in err
    answered = out.count("+8613800") if options[-1] != "text" else out.count("\n") - 1
    assert answered == len(kept)


def test_invalid_utf8_in_a_csv_column_and_on_stdin(tmp_path: Path) -> None:
    path, offset, kept = _bad_utf8_file(tmp_path, lines=300, bad=120, header=b"number\n")
    code, out, err = _run("--offline", "--format", "csv", "--file", str(path), "--column", "number")
    assert code == cli.EXIT_INCOMPLETE, err
    assert f"line 121 (byte {offset})" in err
    assert [row["input"] for row in csv.DictReader(io.StringIO(out))] == kept
    # stdin the way a real process has it: bytes under a text wrapper.
    stdin = io.TextIOWrapper(io.BytesIO(path.read_bytes()), encoding="utf-8")
    code, out, err = _run("--offline", "--format", "jsonl", "-", "--column", "number", stdin=stdin)
    assert code == cli.EXIT_INCOMPLETE, err
    assert f"stdin line 121 (byte {offset})" in err
    assert len(out.splitlines()) == len(kept)


def test_an_oversized_csv_field_is_skipped_and_counted(tmp_path: Path) -> None:
    """A cell over 128 KB (the csv module's limit) used to be an internal error; now it is one skipped line."""
    path = tmp_path / "offer.csv"
    rows = ["id,number,note", "1,13800138000,a", "2,13900139000," + "x" * 200_000, "3,13700137000,c", "4,13600136000,d"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    for options in (("--format", "csv"), ("--format", "jsonl", "--details")):
        code, out, err = _run("--offline", *options, "--file", str(path), "--column", "number")
        assert code == cli.EXIT_INCOMPLETE, err
        assert "internal error" not in err
        assert f"line 3 (byte {len(rows[0]) + len(rows[1]) + 2})" in err, err
        assert "longer than" in err, err
        for number in ("13800138000", "13700137000", "13600136000"):
            assert number in out
        assert "13900139000" not in out


def test_only_unreadable_lines_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("\xe9t\xe9\n".encode("latin-1"))
    code, _, err = _run("--offline", "--file", str(path))
    assert code == cli.EXIT_USAGE
    assert "line 1 (byte 0)" in err


# ---------------------------------------------------------------- HTML size


def test_html_for_a_large_batch_is_refused_before_anything_runs(tmp_path: Path) -> None:
    """20,000 numbers as one HTML page used to peak at 1.4 GB; the page now takes at most HTML_MAX_NUMBERS."""
    path = tmp_path / "numbers.txt"
    path.write_text("\n".join(_numbers(20_000)) + "\n", encoding="utf-8")
    target = tmp_path / "report.html"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "numcheck", "--offline", "--format", "html", "-o", str(target), "--file", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == cli.EXIT_USAGE, result.stderr
    assert time.monotonic() - started < 10
    assert result.stderr.count("\n") == 1, result.stderr
    assert "--format csv" in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == [path], "neither the page nor a .part is left"


def test_html_from_stdin_stops_at_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("numcheck.cli.options.HTML_MAX_NUMBERS", 5)
    code, out, err = _run("--offline", "--format", "html", "-", stdin=io.StringIO("\n".join(_numbers(6)) + "\n"))
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert err.count("\n") == 1
    assert "--format csv" in err
    code, out, _ = _run("--offline", "--format", "html", "-", stdin=io.StringIO("\n".join(_numbers(5)) + "\n"))
    assert code == cli.EXIT_OK
    assert out.count('<article class="report"') == 5


# ---------------------------------------------------------------- Ctrl-C, SIGTERM and kill -9 against the simulator


@contextlib.contextmanager
def _slow_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[list[str], dict[str, str], Simulator]]:
    """A provider answering four numbers at once and every later one after 20 s (the simulator's read_timeout, lengthened)."""
    monkeypatch.setattr(simulator_module, "SLOW_SECONDS", 20.0)
    manifests = tmp_path / "manifests"
    manifests.mkdir()
    source = (Path(numcheck.__file__).parent / "data" / "manifests" / f"{PROVIDER}.toml").read_text(encoding="utf-8")
    (manifests / "sim-slow.toml").write_text(source, encoding="utf-8")
    from numcheck.registry import default_registry

    checker = default_registry(numcheck.Settings(plugins=())).get(PROVIDER)
    script = scripts_for([checker])[PROVIDER]
    numbers = [batch_number(index, "not_registered") for index in range(4)]
    numbers += [batch_number(index, "read_timeout") for index in range(4, 60)]
    (tmp_path / "numbers.txt").write_text("\n".join(numbers) + "\n", encoding="utf-8")
    env = {**os.environ, "NUMCHECK_DATA_DIR": str(tmp_path / "data"), "NUMCHECK_PLUGINS": "", "NUMCHECK_TIMEOUT": "60"}
    env["NUMCHECK_RATE_LIMIT"] = "100/1"  # the provider's own 1 per 3 s would make the four quick answers take 9 s
    with Simulator({"sim-slow": script}) as simulator:
        env["NUMCHECK_BASE_URL_SIM_SLOW"] = simulator.base_url_for("sim-slow")
        yield numbers, env, simulator


def _command(tmp_path: Path, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "numcheck", "--file", str(tmp_path / "numbers.txt"), "--manifests", str(tmp_path / "manifests")]
    return [*command, "--only", "sim-slow", "--workers", "8", "--format", "jsonl", *extra]


def _parts(directory: Path) -> list[Path]:
    return sorted(directory.glob(".*.part"))


def _wait_for_lines(path_of: object, count: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        path = path_of() if callable(path_of) else None
        if path is not None and path.exists() and path.read_text(encoding="utf-8").count("\n") >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{count} results were not written within {timeout} s")


def test_ctrl_c_stops_an_online_batch_at_once_keeping_what_was_printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight lookups are in flight, each answered in 20 s: Ctrl-C used to wait for them all (75 to 83 s in the review)."""
    with _slow_service(tmp_path, monkeypatch) as (numbers, env, simulator):
        command = _command(tmp_path)
        with subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8") as process:
            assert process.stdout is not None
            assert process.stderr is not None
            try:
                printed = [json.loads(process.stdout.readline()) for _ in range(4)]
                time.sleep(0.5)  # the next eight numbers are now being asked
                asked = len(simulator.hits)
                started = time.monotonic()
                process.send_signal(signal.SIGINT)
                process.wait(timeout=30)
            finally:
                process.kill()
            elapsed = time.monotonic() - started
            rest, err = process.stdout.read(), process.stderr.read()
        time.sleep(0.3)
        assert len(simulator.hits) == asked, "no lookup starts after Ctrl-C"
    assert elapsed < 3.0, f"took {elapsed:.1f} s to stop"  # designed for well under 2 s; CI machines are noisy
    assert process.returncode == cli.EXIT_INTERRUPTED
    assert err.count("\n") == 1, err
    assert "interrupted" in err, err
    assert [item["input"] for item in printed] == numbers[:4]
    assert all(json.loads(line) for line in rest.splitlines())  # whatever else was printed is whole lines
    code, out, _ = _run("history", numbers[0], "--json")
    assert code == cli.EXIT_OK
    assert len(json.loads(out)) == 1, "what was printed is stored"


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupted_output_file_leaves_no_part_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "answers.jsonl"
    with (
        _slow_service(tmp_path, monkeypatch) as (_, env, _),
        subprocess.Popen(_command(tmp_path, "-o", str(target)), env=env, stderr=subprocess.PIPE, text=True) as process,
    ):
        try:
            _wait_for_lines(lambda: next(iter(_parts(out_dir)), None), 4)
            started = time.monotonic()
            process.send_signal(stop)
            process.wait(timeout=30)
        finally:
            process.kill()
        elapsed = time.monotonic() - started
        assert process.stderr is not None
        err = process.stderr.read()
    assert elapsed < 3.0, f"took {elapsed:.1f} s to stop"
    assert process.returncode == (cli.EXIT_INTERRUPTED if stop is signal.SIGINT else -signal.SIGTERM), err
    assert list(out_dir.iterdir()) == [], "neither a .part nor a half-written target"


def test_a_part_left_by_kill_9_is_removed_by_the_next_run_writing_that_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "answers.jsonl"
    with (
        _slow_service(tmp_path, monkeypatch) as (_, env, _),
        subprocess.Popen(_command(tmp_path, "-o", str(target)), env=env, stderr=subprocess.DEVNULL) as process,
    ):
        try:
            _wait_for_lines(lambda: next(iter(_parts(out_dir)), None), 4)
        finally:
            process.kill()  # kill -9
        process.wait(timeout=10)
    (left,) = _parts(out_dir)
    # A .part another run is still writing (it holds the lock) is not touched, nor is another target's.
    live = out_dir / ".answers.jsonl.live1234.part"
    other = out_dir / ".other.jsonl.abcd1234.part"
    other.write_text("", encoding="utf-8")
    with live.open("w", encoding="utf-8") as holder:
        fcntl.flock(holder.fileno(), fcntl.LOCK_EX)
        code, _, err = _run("--offline", "--format", "jsonl", "-o", str(target), "13800138000")
        assert code == cli.EXIT_OK, err
        assert not left.exists(), "the .part kill -9 left is cleaned by the next run writing the same file"
        assert live.exists()
        assert other.exists()
    assert target.read_text(encoding="utf-8").count("\n") == 1
