"""The self-check end to end against the simulator's failure scenarios: classification, exit codes, stored health,
set-aside checkers at check time, expiry, --ignore-health, provenance, and a self-check without a network."""

from __future__ import annotations

import io
import json
import random
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import numcheck
from numcheck import cli
from numcheck.health.canaries import Canary
from numcheck.health.model import HealthFile, HealthState
from numcheck.health.store import FAILURE_EXPIRES_DAYS, load, record_self_check
from numcheck.registry import default_registry
from numcheck.report import Status
from numcheck.selfcheck import self_check
from numcheck.testing import Simulator, isolated_registry, scripts_for, simulator_settings, synthetic_number

# chsi declares both answers; pptv only "registered"; tuniu only "not registered".
_IDS = ("chsi", "pptv", "tuniu")
_CHECKERS = [default_registry(numcheck.Settings(plugins=(), config_dir=Path("/nonexistent"))).get(name) for name in _IDS]
_KNOWN_REGISTERED = synthetic_number("registered")


def _canaries(*ids: str) -> list[Canary]:
    return [Canary(name, _KNOWN_REGISTERED, Status.REGISTERED, entry) for entry, name in enumerate(ids, 1)]


@pytest.fixture(name="simulator")
def _simulator() -> Iterator[Simulator]:
    with Simulator(scripts_for(_CHECKERS)) as simulator:
        for name in _IDS:
            simulator.set_mode(name, "honest")
        yield simulator


def _run(simulator: Simulator, tmp_path: Path, **kwargs: object) -> HealthFile:
    settings = simulator_settings(simulator, _CHECKERS, data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    with isolated_registry(*_CHECKERS) as registry:
        return self_check(registry=registry, settings=settings, rng=random.Random(11), **kwargs)  # type: ignore[arg-type]


def _rows(table: HealthFile) -> dict[str, object]:
    return {row.checker_id: row for row in table.checkers}


def test_healthy_providers_pass(simulator: Simulator, tmp_path: Path) -> None:
    table = _run(simulator, tmp_path, canaries=_canaries("chsi", "pptv"), controls=3)
    rows = {row.checker_id: row for row in table.checkers}
    assert {name: row.state for name, row in rows.items()} == dict.fromkeys(_IDS, HealthState.HEALTHY)
    assert (rows["chsi"].counts.controls, rows["chsi"].counts.controls_passed) == (3, 3)
    assert (rows["pptv"].counts.canaries, rows["pptv"].counts.canaries_passed) == (1, 1)
    assert table.all_healthy
    assert not table.nothing_answered
    # Every request was one the providers declare.
    assert not simulator.misses


def test_a_provider_that_says_registered_for_everything_is_a_false_positive(simulator: Simulator, tmp_path: Path) -> None:
    simulator.set_mode("chsi", "registered_for_all")
    simulator.set_mode("pptv", "registered_for_all")
    rows = {row.checker_id: row for row in _run(simulator, tmp_path, controls=2).checkers}
    for name in ("chsi", "pptv"):
        assert rows[name].state is HealthState.FALSE_POSITIVE
        assert rows[name].counts.controls_passed == 0
        assert rows[name].counts.false_positives == 2
        assert rows[name].reason.startswith("said registered for a never-issued number (1")
    # Tuniu cannot say registered at all: the scenario cannot make it lie.
    assert rows["tuniu"].state is HealthState.HEALTHY


def test_a_provider_that_never_says_registered_is_a_false_negative_against_a_canary(simulator: Simulator, tmp_path: Path) -> None:
    simulator.set_mode("chsi", "never_registered")
    row = {row.checker_id: row for row in _run(simulator, tmp_path, canaries=_canaries("chsi"), controls=2).checkers}["chsi"]
    assert row.state is HealthState.FALSE_NEGATIVE
    # Its controls were right (never-issued numbers are not registered): only the canary can catch this failure.
    assert (row.counts.controls_passed, row.counts.canaries_passed, row.counts.false_negatives) == (2, 0, 1)
    assert row.reason == "said not registered for known answer 1, known to be registered"
    assert _KNOWN_REGISTERED[3:] not in row.reason  # a canary is a real number: never quoted


def test_without_a_canary_a_provider_that_never_says_registered_looks_healthy(simulator: Simulator, tmp_path: Path) -> None:
    """What the controls can and cannot see: a canary is the only way to catch false negatives (docs/self-check.md)."""
    simulator.set_mode("chsi", "never_registered")
    assert _rows(_run(simulator, tmp_path, controls=2))["chsi"].state is HealthState.HEALTHY  # type: ignore[attr-defined]


@pytest.mark.parametrize(("mode", "state"), [("waf", HealthState.BLOCKED), ("format_changed", HealthState.DRIFT)])
def test_blocks_and_changed_formats_are_never_a_pass(simulator: Simulator, tmp_path: Path, mode: str, state: HealthState) -> None:
    for name in _IDS:
        simulator.set_mode(name, mode)
    table = _run(simulator, tmp_path, canaries=_canaries("chsi", "pptv", "tuniu"), controls=2)
    # A one-sided provider's silence is its answer on the side it cannot say, so a changed format passes there; the
    # side it declares catches the change (PPTV: the canary; Tuniu: the controls).
    passed = {"pptv": (2, 0), "tuniu": (0, 1)} if mode == "format_changed" else {}
    for row in table.checkers:
        assert (row.counts.controls_passed, row.counts.canaries_passed) == passed.get(row.checker_id, (0, 0)), row
        assert row.state is state, row
        assert row.reason
    assert not table.all_healthy


def test_a_429_with_retry_after_is_rate_limiting_and_is_honoured(simulator: Simulator, tmp_path: Path) -> None:
    simulator.set_mode("chsi", "rate_limited")
    settings = simulator_settings(simulator, _CHECKERS, data_dir=tmp_path / "data", honour_retry_after_up_to=1.0)
    with isolated_registry(_CHECKERS[0]) as registry:
        table = self_check(registry=registry, settings=settings, controls=3, rng=random.Random(2))
    row = table.checkers[0]
    assert row.state is HealthState.RATE_LIMITED
    assert row.counts.rate_limited == 3
    assert row.counts.controls_passed == 0
    assert row.retry_after is not None
    assert row.retry_after > 60
    # The service asked for 120 s: after its first 429 numcheck sent nothing more (politeness, not a retry storm).
    assert len([hit for hit in simulator.hits if hit.provider == "chsi"]) == 1


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return cli.main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def _point_at(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    for name in _IDS:
        monkeypatch.setenv(f"NUMCHECK_BASE_URL_{name.upper()}", f"{url}/p/{name}")
    monkeypatch.setenv("NUMCHECK_RATE_LIMIT", "1000/1")
    monkeypatch.setenv("NUMCHECK_TIMEOUT", "2")


def test_without_a_network_nothing_could_be_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    _point_at(monkeypatch, f"http://127.0.0.1:{_closed_port()}")
    code, out, err = _cli("doctor", "--self-check", "--only", ",".join(_IDS), "--controls", "1")
    assert code == cli.EXIT_INCOMPLETE
    assert "nothing could be asked: no service answered (3 unreachable" in err
    assert out.count("unreachable") >= 3
    assert "healthy" not in out.replace("are healthy", "")


def test_cli_exit_codes_and_formats(simulator: Simulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _point_at(monkeypatch, simulator.url)
    pptv_known = tmp_path / "pptv-known.toml"
    pptv_known.write_text(f'[pptv]\nregistered = "{_KNOWN_REGISTERED}"\n', encoding="utf-8")
    code, out, _ = _cli("doctor", "--self-check", "--only", "chsi,pptv", "--controls", "2", "--json", "--known", str(pptv_known))
    assert code == cli.EXIT_OK, out
    table = HealthFile.model_validate_json(out)
    assert [row.state for row in table.checkers] == [HealthState.HEALTHY, HealthState.HEALTHY]
    simulator.set_mode("pptv", "registered_for_all")
    saved = tmp_path / "health.json"
    code, out, _ = _cli("doctor", "--self-check", "--only", "chsi,pptv", "--controls", "2", "--markdown", "--save", str(saved))
    assert code == cli.EXIT_INCOMPLETE
    assert "| checker | state | controls passed | canaries passed | checked (UTC) | reason |" in out
    assert "❌ false_positive" in out
    assert json.loads(saved.read_text(encoding="utf-8"))["format"] == "numcheck-health"
    known = tmp_path / "known.toml"
    known.write_text(f'[chsi]\nregistered = "{_KNOWN_REGISTERED}"\n', encoding="utf-8")
    simulator.set_mode("chsi", "never_registered")
    code, out, _ = _cli("doctor", "--self-check", "--only", "chsi", "--known", str(known), "--controls", "1")
    assert code == cli.EXIT_INCOMPLETE
    assert "false_negative" in out
    assert _cli("doctor", "--self-check", "--json", "--markdown")[0] == cli.EXIT_USAGE
    assert _cli("doctor", "--self-check", "--only", "nope")[0] == cli.EXIT_USAGE


def _check(number: str, *extra: str) -> numcheck.Finding:
    code, out, err = _cli(number, "--only", "chsi", "--no-store", "--json", *extra)
    assert code in (cli.EXIT_OK, cli.EXIT_INCOMPLETE), err
    report = numcheck.Report.model_validate_json(out)
    return next(item for item in report.findings if item.checker_id == "chsi")


def test_a_false_positive_sets_the_checker_aside_until_it_passes(simulator: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    _point_at(monkeypatch, simulator.url)
    simulator.set_mode("chsi", "registered_for_all")
    assert _cli("doctor", "--self-check", "--only", "chsi", "--controls", "1")[0] == cli.EXIT_INCOMPLETE
    simulator.set_mode("chsi", None)
    before = len(simulator.hits)
    found = _check(synthetic_number("not_registered"))
    today = datetime.now(UTC).date().isoformat()
    assert found.status is Status.SKIPPED
    assert "said registered for a never-issued number (1" in found.detail
    assert f"on {today}" in found.detail
    assert "--ignore-health" in found.detail
    assert len(simulator.hits) == before  # set aside: not asked at all
    # --ignore-health asks it anyway.
    assert _check(synthetic_number("not_registered"), "--ignore-health").status is Status.NOT_REGISTERED
    # A self-check that is only blocked judges nothing: the checker stays aside.
    simulator.set_mode("chsi", "waf")
    assert _cli("doctor", "--self-check", "--only", "chsi", "--controls", "1")[0] == cli.EXIT_INCOMPLETE
    assert _check(synthetic_number("not_registered")).status is Status.SKIPPED
    # Once a self-check passes, it is asked again, and its provenance says it passed live here, with the date.
    simulator.set_mode("chsi", "honest")
    assert _cli("doctor", "--self-check", "--only", "chsi", "--controls", "1")[0] == cli.EXIT_OK
    found = _check(synthetic_number("not_registered"))
    assert found.status is Status.NOT_REGISTERED
    assert found.self_checked_on is not None
    assert found.self_checked_on.isoformat() == today
    code, out, _ = _cli(synthetic_number("not_registered"), "--only", "chsi", "--no-store")
    assert code == cli.EXIT_OK
    assert f"passed self-check live on this machine on {today}" in " ".join(out.split())  # the text report wraps its lines


def test_a_failure_expires(simulator: Simulator, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _point_at(monkeypatch, simulator.url)
    simulator.set_mode("chsi", "registered_for_all")
    settings = numcheck.Settings.from_env()
    with isolated_registry(_CHECKERS[0]) as registry:
        table = self_check(registry=registry, settings=settings, controls=1)
    old = datetime.now(UTC) - timedelta(days=FAILURE_EXPIRES_DAYS, hours=1)
    aged = table.model_copy(update={"checkers": tuple(row.model_copy(update={"checked_at": old}) for row in table.checkers)})
    record_self_check(settings, aged)
    assert load(settings)["chsi"].judged is not None
    simulator.set_mode("chsi", None)
    assert _check(synthetic_number("not_registered")).status is Status.NOT_REGISTERED
    record_self_check(settings, table)  # the same failure, today: set aside again
    assert _check(synthetic_number("not_registered")).status is Status.SKIPPED


class _Boastful:
    """A plugin that claims a self-check it never passed."""

    meta = numcheck.CheckerMeta(
        id="boastful",
        name="Boastful",
        kind=numcheck.CheckerKind.ACCOUNT,
        category="shopping",
        provenance=numcheck.Provenance(level="documented", sources=("a test",)),
    )

    def check(self, number: numcheck.PhoneNumberInfo, ctx: numcheck.CheckContext) -> numcheck.Finding:
        from numcheck.checker import finding

        made = finding(self.meta, ctx, Status.NOT_REGISTERED, "trust me")
        return made.model_copy(update={"self_checked_on": datetime(2020, 1, 1, tzinfo=UTC).date()})


def test_no_checker_can_claim_a_self_check_it_did_not_pass_here() -> None:
    with isolated_registry(_Boastful()) as registry:
        report = numcheck.check(synthetic_number("not_registered"), registry=registry, only=["boastful"])
    found = next(item for item in report.findings if item.checker_id == "boastful")
    assert found.status is Status.NOT_REGISTERED
    assert found.self_checked_on is None


def test_with_no_question_nothing_is_judged(simulator: Simulator, tmp_path: Path) -> None:
    """--controls 0 and no canary: every checker says why it was not asked, and nothing counts as healthy."""
    table = _run(simulator, tmp_path, controls=0)
    assert {row.state for row in table.checkers} == {HealthState.NOT_ASKED}
    assert all(
        row.reason == "no question applies: no never-issued number was asked (--controls 0) and no known answer names it"
        for row in table.checkers
    )
    assert table.nothing_answered
    assert not table.all_healthy
    assert not simulator.hits


def test_batches_read_the_same_health(simulator: Simulator, tmp_path: Path) -> None:
    """The gate is in the engine: check_many sets the checker aside too, and ignore_health asks it."""
    simulator.set_mode("chsi", "registered_for_all")
    settings = simulator_settings(simulator, _CHECKERS, data_dir=tmp_path / "data")
    with isolated_registry(_CHECKERS[0]) as registry:
        record_self_check(settings, self_check(registry=registry, settings=settings, controls=1))
        simulator.set_mode("chsi", None)
        numbers = [synthetic_number("not_registered"), synthetic_number("registered")]
        for ignore, expected in ((False, {Status.SKIPPED}), (True, {Status.NOT_REGISTERED, Status.REGISTERED})):
            chosen = settings.model_copy(update={"ignore_health": ignore})
            items = list(numcheck.check_many(numbers, registry=registry, settings=chosen))
            statuses = {
                found.status for item in items if item.report is not None for found in item.report.findings if found.checker_id == "chsi"
            }
            assert statuses == expected


@pytest.mark.parametrize("controls", ["21", "3000", "-1"])
def test_the_number_of_controls_is_bounded(simulator: Simulator, monkeypatch: pytest.MonkeyPatch, controls: str) -> None:
    """Each control is a lookup at every online checker (paid ones included): a typo must not become thousands of them."""
    _point_at(monkeypatch, simulator.url)
    code, out, err = _cli("doctor", "--self-check", "--only", ",".join(_IDS), "--controls", controls)
    assert code == cli.EXIT_USAGE
    assert "--controls must be 0 to 20" in err
    assert out == ""
    assert not simulator.hits


def test_the_library_bounds_the_controls_too(simulator: Simulator, tmp_path: Path) -> None:
    with pytest.raises(numcheck.NumcheckError, match="0 to 20"):
        _run(simulator, tmp_path, controls=21)
    assert not simulator.hits


@pytest.mark.parametrize("mode", ["format_changed", "honest"])
def test_silence_alone_is_never_health(simulator: Simulator, monkeypatch: pytest.MonkeyPatch, mode: str) -> None:
    """PPTV declares only "registered": for never-issued numbers it says nothing, honest or not. A changed format reads
    the same as its silence, so without a known answer it is inconclusive: exit 3, and no "passed self-check live"."""
    _point_at(monkeypatch, simulator.url)
    simulator.set_mode("pptv", mode)
    code, out, _ = _cli("doctor", "--self-check", "--only", "pptv", "--controls", "2", "--json")
    assert code == cli.EXIT_INCOMPLETE
    row = HealthFile.model_validate_json(out).checkers[0]
    assert row.state is HealthState.INCONCLUSIVE
    assert row.counts.false_positives == 0  # nothing wrong was seen either
    assert "give it a known answer" in row.reason
    simulator.set_mode("pptv", "honest")
    code, out, _ = _cli(synthetic_number("not_registered"), "--only", "pptv", "--no-store", "--json")
    found = next(item for item in numcheck.Report.model_validate_json(out).findings if item.checker_id == "pptv")
    assert found.self_checked_on is None


class _Echoing:
    """A checker whose unmapped answer quotes the number it was asked about, as a service's error page may."""

    meta = numcheck.CheckerMeta(
        id="echoing",
        name="Echoing",
        kind=numcheck.CheckerKind.ACCOUNT,
        category="shopping",
        provenance=numcheck.Provenance(level="documented", sources=("a test",)),
    )

    def check(self, number: numcheck.PhoneNumberInfo, ctx: numcheck.CheckContext) -> numcheck.Finding:
        from numcheck.checker import finding

        national = number.national_number
        spaced = f"{national[:3]} {national[3:7]} {national[7:]}"
        quoted = f"no account page for {number.e164} (asked as {spaced}, {national})"
        return finding(self.meta, ctx, Status.UNKNOWN, quoted, tags=("unmapped",))


def test_a_canary_is_never_quoted_even_when_the_service_echoes_it() -> None:
    """Canaries are real numbers: the health table, which is published, names them by their place in the file only."""
    canary = Canary("echoing", _KNOWN_REGISTERED, Status.REGISTERED, 1)
    with isolated_registry(_Echoing()) as registry:
        table = self_check(registry=registry, settings=numcheck.Settings(plugins=()), canaries=[canary], controls=0)
    row = table.checkers[0]
    assert row.state is HealthState.DRIFT
    assert row.reason.startswith("gave an answer nothing maps for known answer 1: no account page for [known answer 1]")
    national = _KNOWN_REGISTERED[3:]
    for form in (national, f"{national[:3]} {national[3:7]} {national[7:]}", _KNOWN_REGISTERED, national[-7:]):
        assert form not in row.reason


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    national=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    separator=st.sampled_from(["", " ", "-", "."]),
    prefix=st.sampled_from(["", "+86", "+86 ", "86", "0086"]),
)
def test_no_written_form_of_a_canary_reaches_the_table(national: str, separator: str, prefix: str) -> None:
    written = prefix + separator.join((national[:3], national[3:7], national[7:]))

    class Quoting(_Echoing):
        def check(self, number: numcheck.PhoneNumberInfo, ctx: numcheck.CheckContext) -> numcheck.Finding:
            from numcheck.checker import finding

            return finding(self.meta, ctx, Status.UNKNOWN, f"rejected: {written}!", tags=("unmapped",))

    canary = Canary("echoing", "+86" + national, Status.REGISTERED, 2)
    with isolated_registry(Quoting()) as registry:
        table = self_check(registry=registry, settings=numcheck.Settings(plugins=()), canaries=[canary], controls=0)
    reason = table.checkers[0].reason
    assert national not in reason.replace(" ", "").replace("-", "").replace(".", "")
    assert "[known answer 2]" in reason


def test_without_a_network_a_chinese_reader_is_told_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """--lang zh was accepted and ignored: the table's own words, its states and the outcome line are now Chinese."""
    from tests.test_zh import english_left

    _point_at(monkeypatch, f"http://127.0.0.1:{_closed_port()}")
    code, out, err = _cli("doctor", "--self-check", "--only", ",".join(_IDS), "--controls", "1", "--lang", "zh")
    assert code == cli.EXIT_INCOMPLETE
    assert err == "numcheck: 什么也问不到：没有服务回答（3 个连不上：有网络吗？）；没有评判任何检查项\n"
    lines = out.splitlines()
    assert lines[1].split() == ["状态", "检查项", "对照", "金丝雀", "原因"]
    assert sorted(line.split()[0] for line in lines[2:-1]) == ["连不上"] * 3
    # A row's reason is the stored health file's English, marked as such; the ids are what --only takes.
    assert english_left(out.replace("numcheck", "").replace("chsi", "").replace("pptv", "").replace("tuniu", "")) == []
