"""`numcheck --max-billed N`: the plan is printed before the first call, the cap holds, the report shows the bracket."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


CHECK_OPTIONS = ("--only", "aliyun-twice-tel", "--no-store", "--color", "never")


def _run(
    argv: list[str], record: CarrierRecord, monkeypatch: pytest.MonkeyPatch, options: tuple[str, ...] = CHECK_OPTIONS
) -> tuple[int, str, str, list[str]]:
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
        code = cli.main([*argv, *options], out=out, err=err, stdin=io.StringIO())
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


# --- Every other way in: NUMCHECK_MAX_BILLED holds everywhere, so every front end says the plan or makes no search ---


def test_the_self_check_asks_each_control_once_whatever_the_cap(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """A never-issued number is one question: NUMCHECK_MAX_BILLED never turns it into a billed search, nor prints a plan."""
    monkeypatch.setenv("NUMCHECK_MAX_BILLED", "8")
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    with Simulator({"aliyun-twice-tel": record.aliyun_script()}, root_provider="aliyun-twice-tel") as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_ALIYUN_TWICE_TEL", simulator.url)
        out, err = io.StringIO(), io.StringIO()
        cli.main(["doctor", "--self-check", "--only", "aliyun-twice-tel", "--controls", "2"], out=out, err=err)
    assert record.answers == 2, out.getvalue()
    assert "number-age search" not in err.getvalue()


def test_after_buy_prints_the_plan_before_its_check_searches(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.batch.helpers import registry_of

    from numcheck.providers.aliyun import AliyunTwiceTelVerify

    monkeypatch.setenv("NUMCHECK_MAX_BILLED", "4")
    monkeypatch.setattr("numcheck.cli.after_buy.default_registry", lambda settings: registry_of(AliyunTwiceTelVerify()))
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    code, _out, err, seen_at_first_call = _run(["after-buy", NUMBER], record, monkeypatch, options=())
    assert code == cli.EXIT_OK, err
    assert record.answers > 1  # it did search
    assert record.billed <= 4
    assert "at most 4 billed calls per number" in seen_at_first_call[0]


def test_the_setting_is_named_when_its_value_is_not_a_number() -> None:
    from numcheck import ConfigError, Settings

    for value in ("abc", "1.5", "0x10", "8 calls"):
        with pytest.raises(ConfigError, match="NUMCHECK_MAX_BILLED"):
            Settings.from_env({"NUMCHECK_MAX_BILLED": value})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_any_value_of_the_setting_is_a_cap_from_0_to_32_or_a_config_error(value: str) -> None:
    """Garbage in NUMCHECK_MAX_BILLED is one usage error, never a crash, a negative cap or one past the hard limit."""
    from numcheck import ConfigError, Settings
    from numcheck.config import MAX_BILLED_CAP

    try:
        chosen = Settings.from_env({"NUMCHECK_MAX_BILLED": value}).max_billed
    except ConfigError:
        return
    assert 0 <= chosen <= MAX_BILLED_CAP


def _plan_lines(before_first_call: str) -> list[str]:
    from tests.test_zh import english_left

    lines = [line for line in before_first_call.splitlines() if "号码年龄查询" in line]
    for line in lines:
        assert not english_left(line.removeprefix("numcheck: ")), (english_left(line), line)
    return lines


def test_the_plan_is_said_in_chinese_before_any_call(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan a buyer must read before billed calls is in the reader's language (it was English under --lang zh)."""
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    code, _, err, before_first_call = _run(["--max-billed", "8", "--lang", "zh", NUMBER], record, monkeypatch)
    assert code == cli.EXIT_OK, err
    (line,) = _plan_lines(before_first_call[0])
    assert line.startswith("numcheck: 号码年龄查询，来源")
    assert "（「aliyun-twice-tel」）：每个号码最多计费 8 次" in line
    _, _, _, before_first_call = _run(
        ["--max-billed", "4", "--lang", "zh", NUMBER, synthetic_number("not_registered")], record, monkeypatch
    )
    assert "numcheck: 号码年龄查询：2 个号码，总共最多计费 8 次" in _plan_lines(before_first_call[0])


def test_after_buy_says_its_plan_in_chinese(keyed: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.batch.helpers import registry_of

    from numcheck.providers.aliyun import AliyunTwiceTelVerify

    monkeypatch.setenv("NUMCHECK_MAX_BILLED", "4")
    monkeypatch.setenv("NUMCHECK_LANG", "zh")
    monkeypatch.setattr("numcheck.cli.after_buy.default_registry", lambda settings: registry_of(AliyunTwiceTelVerify()))
    record = CarrierRecord(assigned_on=datetime.now(UTC).date() - timedelta(days=2450))
    code, _out, err, seen_at_first_call = _run(["after-buy", NUMBER], record, monkeypatch, options=())
    assert code == cli.EXIT_OK, err
    assert "每个号码最多计费 4 次" in _plan_lines(seen_at_first_call[0])[0]
