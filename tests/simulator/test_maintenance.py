"""`numcheck record` and `numcheck doctor`, run against the simulator instead of the internet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import numcheck
from numcheck import cli
from numcheck.providers.manifest import Example, ManifestChecker
from numcheck.registry import default_registry
from numcheck.testing import ProviderScript, Simulator, find_secrets, replay_cassettes, scripts_for

OWNED = "13800138000"  # China Mobile's published example number, standing in for "a number the maintainer owns"


def _chsi() -> ManifestChecker:
    checker = default_registry(numcheck.Settings(plugins=())).get("chsi")
    assert isinstance(checker, ManifestChecker)
    return checker


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return cli.main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_record_scrubs_the_owned_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """record writes a cassette where the owned number is replaced by the scenario's synthetic number, and it replays."""
    chsi = _chsi()
    with Simulator(scripts_for([chsi]), extra_numbers={OWNED: "registered"}) as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_CHSI", simulator.base_url_for("chsi"))
        code, out, err = _run("record", "chsi", "--scenario", "registered", "--number", OWNED, "--out", str(tmp_path))
    assert code == cli.EXIT_OK, out + err
    cassette = tmp_path / "chsi" / "registered.yaml"
    text = cassette.read_text(encoding="utf-8")
    assert OWNED not in text
    assert "12000000101" in text
    assert find_secrets(text) == []
    assert replay_cassettes(chsi, cassette.parent)["cassette:registered"] is numcheck.Status.REGISTERED


def test_record_rejects_unknown_provider_and_scenario(tmp_path: Path) -> None:
    """Usage mistakes are one line and exit 2."""
    assert _run("record", "nope", "--scenario", "registered", "--number", OWNED, "--out", str(tmp_path))[0] == cli.EXIT_USAGE
    assert _run("record", "chsi", "--scenario", "maybe", "--number", OWNED, "--out", str(tmp_path))[0] == cli.EXIT_USAGE


def test_doctor_reports_drift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """doctor passes while answers hold and reports DRIFT (exit 3) when the service's answer changes."""
    chsi = _chsi()
    answers = tmp_path / "known.toml"
    answers.write_text('[chsi]\nregistered = "+86 120 0000 0101"\nnot_registered = "+86 120 0000 0102"\n', encoding="utf-8")
    with Simulator(scripts_for([chsi])) as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_CHSI", simulator.base_url_for("chsi"))
        code, out, _ = _run("doctor", "--file", str(answers))
    assert code == cli.EXIT_OK, out
    assert "2 of 2 known answers hold" in out
    changed = dict(chsi.manifest.examples)
    changed["registered"] = Example(body='"maybe"', expect=numcheck.Status.UNKNOWN)
    with Simulator({"chsi": ProviderScript(changed)}) as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_CHSI", simulator.base_url_for("chsi"))
        code, out, _ = _run("doctor", "--file", str(answers))
    assert code == cli.EXIT_INCOMPLETE
    assert "DRIFT       chsi" in out
    assert "1 of 2 known answers hold" in out


def test_doctor_without_answers_is_a_clear_error(tmp_path: Path) -> None:
    """No known-answer file: one line, exit 2, saying what the file is, its format, and that --self-check needs none."""
    missing = tmp_path / "missing.toml"
    code, _, err = _run("doctor", "--file", str(missing), "--lang", "en")
    assert code == cli.EXIT_USAGE
    assert err.count("\n") == 1
    assert f"no known answers at {missing}" in err
    assert "[checker-id] registered = 'NUMBER'" in err
    assert "docs/self-check.md" in err
    assert "numcheck doctor --self-check, which needs none" in err


def test_doctor_without_the_default_answers_file_says_so_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    code, _, err = _run("doctor", "--lang", "zh")
    assert code == cli.EXIT_USAGE
    assert "没有已知答案" in err
    assert "known-answers.toml" in err
    assert "「numcheck doctor --self-check」，它不需要已知答案" in err


def _dead_url() -> str:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_a_failed_recording_keeps_the_cassette(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Network down: record says so (exit 2) and the cassette the tests use is byte for byte what it was."""
    cassette = tmp_path / "chsi" / "registered.yaml"
    cassette.parent.mkdir()
    cassette.write_text("# the shipped cassette\ninteractions: []\n", encoding="utf-8")
    before = cassette.read_bytes()
    monkeypatch.setenv("NUMCHECK_BASE_URL_CHSI", _dead_url())
    code, _, err = _run("record", "chsi", "--scenario", "registered", "--number", OWNED, "--out", str(tmp_path))
    assert code == cli.EXIT_USAGE
    assert "recording failed" in err
    assert "kept as it was" in err
    assert cassette.read_bytes() == before
    assert sorted(path.name for path in cassette.parent.iterdir()) == ["registered.yaml"]


def test_a_failed_first_recording_leaves_no_empty_folders_and_claims_no_kept_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Network down, no cassette yet: no folder is left behind, and nothing is said to be "kept" that never existed."""
    out = tmp_path / "fixtures" / "cassettes"
    monkeypatch.setenv("NUMCHECK_BASE_URL_CHSI", _dead_url())
    code, _, err = _run("record", "chsi", "--scenario", "registered", "--number", OWNED, "--out", str(out))
    assert code == cli.EXIT_USAGE
    assert "recording failed" in err
    assert "kept as it was" not in err
    assert f"nothing was written ({out / 'chsi' / 'registered.yaml'} does not exist)" in err
    assert list(tmp_path.iterdir()) == []


def test_doctor_calls_an_unreachable_service_unreachable_not_drift(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = tmp_path / "known.toml"
    answers.write_text('[chsi]\nregistered = "+86 120 0000 0101"\n', encoding="utf-8")
    monkeypatch.setenv("NUMCHECK_BASE_URL_CHSI", _dead_url())
    code, out, _ = _run("doctor", "--file", str(answers))
    assert code == cli.EXIT_INCOMPLETE
    assert "UNREACHABLE chsi" in out
    assert "DRIFT" not in out
    assert "unreachable, not drift" in out


def test_doctor_sweep_finds_a_provider_that_calls_a_never_issued_number_registered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The phone counterpart of a username checker's false-positive run: one provider drifts, --disable switches it off."""
    from numcheck.maintenance import never_issued_numbers
    from numcheck.report import CheckerKind

    registry = default_registry(numcheck.Settings(plugins=()))
    accounts = [checker for checker in registry if checker.meta.kind is CheckerKind.ACCOUNT and isinstance(checker, ManifestChecker)]
    numbers = never_issued_numbers()
    assert len(numbers) >= 5
    assert all(len(number) == 11 and numcheck.parse(number).e164 for number in numbers)
    scripts = scripts_for(accounts)
    # Only chsi can answer "registered"; every other provider answers a never-issued number as it should.
    for name, script in scripts.items():
        if name != "chsi":
            examples = {key: value for key, value in script.examples.items() if key != "registered"}
            scripts[name] = ProviderScript(examples, script.prime, requests=script.requests)
    with Simulator(scripts) as simulator:
        for checker in accounts:
            monkeypatch.setenv("NUMCHECK_BASE_URL_" + checker.meta.id.upper().replace("-", "_"), simulator.base_url_for(checker.meta.id))
        monkeypatch.setenv("NUMCHECK_RATE_LIMIT", "1000/1")
        for number in numbers[1:]:
            simulator.assign(number, "not_registered")
        simulator.assign(numbers[0], "registered")
        code, out, _ = _run("doctor", "--sweep", "--disable")
        asked = {hit.provider for hit in simulator.hits}
    assert code == cli.EXIT_INCOMPLETE
    assert [line.split()[1] for line in out.splitlines() if line.startswith("DRIFT")] == ["chsi"]
    assert asked == {checker.meta.id for checker in accounts if checker.meta.countries in ((), ("CN",))}
    assert f"{len(accounts) - 1} of {len(accounts)} account providers that answered never called a never-issued number registered" in out
    assert (tmp_path / "config" / "disabled-checkers.txt").read_text(encoding="utf-8").split() == ["chsi"]
    assert "chsi" not in default_registry(numcheck.Settings.from_env()).entries
    code, out, _ = _run("checkers")
    assert "chsi" in out
    assert "DISABLED" in out


def test_doctor_sweep_with_nothing_reachable_judges_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every provider unreachable: the sweep says that none could be asked and exits 3, never "8 of 8 correct"."""
    from numcheck.report import CheckerKind

    registry = default_registry(numcheck.Settings(plugins=()))
    accounts = [checker for checker in registry if checker.meta.kind is CheckerKind.ACCOUNT and isinstance(checker, ManifestChecker)]
    dead = _dead_url()
    for checker in accounts:
        monkeypatch.setenv("NUMCHECK_BASE_URL_" + checker.meta.id.upper().replace("-", "_"), dead)
    code, out, _ = _run("doctor", "--sweep")
    assert code == cli.EXIT_INCOMPLETE
    asked = [line for line in out.splitlines() if line.split()[:1] == ["UNREACHABLE"]]
    assert len(asked) == len([checker for checker in accounts if checker.meta.countries in ((), ("CN",))])
    assert f"0 of {len(asked)} account providers could be asked" in out
    assert "correctly" not in out
    assert "OK " not in out


def test_doctor_speaks_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """doctor --lang zh (and a Chinese locale) says the same in Chinese: states, statuses, details and the count."""
    from tests.test_zh import english_left

    chsi = _chsi()
    answers = tmp_path / "known.toml"
    answers.write_text('[chsi]\nregistered = "+86 120 0000 0101"\nnot_registered = "+86 120 0000 0102"\n', encoding="utf-8")
    with Simulator(scripts_for([chsi])) as simulator:
        monkeypatch.setenv("NUMCHECK_BASE_URL_CHSI", simulator.base_url_for("chsi"))
        code, out, _ = _run("doctor", "--file", str(answers), "--lang", "zh")
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        assert _run("doctor", "--file", str(answers)) == (code, out, "")
    assert code == cli.EXIT_OK, out
    assert "2 个已知回答中有 2 个依然成立" in out
    assert "正常" in out
    assert "预期 已注册" in out
    assert english_left(out.replace("chsi", "")) == [], out
