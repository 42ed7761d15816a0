"""`numcheck --max-billed N`: the plan is printed before the first call, the cap holds, the report shows the bracket."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest

from numcheck import cli
from numcheck.providers.aliyun import KEYS
from numcheck.providers.manifest import Example
from numcheck.testing import Simulator, synthetic_number
from numcheck.testing.carrier import CarrierRecord
from numcheck.testing.simulator import Asked

pytest.importorskip("alibabacloud_dytnsapi20200217")

NUMBER = synthetic_number("registered")


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in zip(KEYS, ("synthetic-id", "synthetic-secret", "synthetic-auth"), strict=True):
        monkeypatch.setenv(name, value)


def _run(argv: list[str], record: CarrierRecord, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str, str, list[str]]:
    """Run the CLI against the simulator; also what stderr held when the first request arrived."""
    err = io.StringIO()
    seen_at_first_call: list[str] = []

    def respond(asked: Asked) -> Example:
        if not seen_at_first_call:
            seen_at_first_call.append(err.getvalue())
        return record.aliyun(asked)

    script = record.aliyun_script()
    script.respond = respond
    with Simulator({"aliyun-twice-tel": script}, root_provider="aliyun-twice-tel") as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_ALIYUN_TWICE_TEL", simulator.url)
        out = io.StringIO()
        code = cli.main([*argv, "--only", "aliyun-twice-tel", "--no-store", "--color", "never"], out=out, err=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue(), seen_at_first_call


def test_the_plan_is_printed_before_any_call_and_the_report_shows_the_bracket(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    code, out, err, before_first_call = _run(["--max-billed", "8", NUMBER], record, monkeypatch)
    assert code == cli.EXIT_OK, err
    assert "at most 8 billed calls per number" in before_first_call[0]
    assert "aliyun-twice-tel" in before_first_call[0]
    assert record.billed <= 8
    assert "held by the current owner since" in out
    assert "(Alibaba Cloud, about 7 days' lag)" in out


def test_the_setting_in_the_environment_does_the_same(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NUMCHECK_MAX_BILLED", "3")
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    code, _, err, before_first_call = _run([NUMBER], record, monkeypatch)
    assert code == cli.EXIT_OK, err
    assert "at most 3 billed calls per number" in before_first_call[0]
    assert record.billed <= 3
    assert record.answers <= 3


def test_no_search_and_no_plan_by_default(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    code, _, err, _ = _run([NUMBER], record, monkeypatch)
    assert code == cli.EXIT_OK, err
    assert "number-age search" not in err
    assert record.answers == 1


def test_a_batch_is_told_its_total(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    _, _, _, before_first_call = _run(["--max-billed", "4", NUMBER, synthetic_number("not_registered")], record, monkeypatch)
    assert "2 numbers, so at most 8 billed calls in all" in before_first_call[0]
    assert record.billed <= 8


def test_without_keys_nothing_is_announced_or_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    _, _, err, _ = _run(["--max-billed", "8", NUMBER], record, monkeypatch)
    assert "number-age search" not in err
    assert record.answers == 0


@pytest.mark.parametrize("cap", ["-1", "33"])
def test_a_cap_outside_0_to_32_is_a_usage_error(cap: str, keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    record = CarrierRecord(assigned_on=datetime.now(UTC).date())
    code, _, err, _ = _run(["--max-billed", cap, NUMBER], record, monkeypatch)
    assert code == cli.EXIT_USAGE
    assert "max_billed" in err
    assert record.answers == 0


def test_a_stored_single_answer_does_not_stand_in_for_a_search(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked once without the search, then with it: the search runs; a third run reuses the stored search, billing nothing."""
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    script = record.aliyun_script()
    with Simulator({"aliyun-twice-tel": script}, root_provider="aliyun-twice-tel") as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_ALIYUN_TWICE_TEL", simulator.url)

        def run(*argv: str) -> str:
            out, err = io.StringIO(), io.StringIO()
            assert cli.main([*argv, "--only", "aliyun-twice-tel", NUMBER], out=out, err=err, stdin=io.StringIO()) == cli.EXIT_OK
            return out.getvalue()

        run()
        assert record.answers == 1
        searched = run("--max-billed", "8")
        assert record.answers > 1
        assert "held by the current owner since" in searched
        answered = record.answers
        again = run("--max-billed", "8")
        assert record.answers == answered
        assert "stored answer of" in again
