"""The config file: TOML defaults for the command line, each setting's source, and one clear line when it is broken."""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

from numcheck import cli
from numcheck.frontends.config_file import Source, config_path, configured_language, resolve


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(name="config")
def _config(tmp_path: Path) -> Path:
    """The config file the isolated environment points at (conftest sets NUMCHECK_CONFIG_DIR to tmp_path/config)."""
    directory = tmp_path / "config"
    directory.mkdir(exist_ok=True)
    return directory / "config.toml"


def _settings(*argv: str) -> dict[str, dict[str, object]]:
    code, out, err = _run("config", "--json", *argv)
    assert code == cli.EXIT_OK, err
    settings: dict[str, dict[str, object]] = json.loads(out)["settings"]
    return settings


class TestWhereEachSettingComesFrom:
    def test_the_file_is_in_the_config_directory(self, config: Path) -> None:
        """Without NUMCHECK_CONFIG the file is config.toml in the config directory (NUMCHECK_CONFIG_DIR here)."""
        assert config_path() == config

    def test_defaults_without_a_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """No file: every setting is numcheck's default (lang from the locale), and the path is named as absent."""
        monkeypatch.setenv("LANG", "C.UTF-8")
        monkeypatch.delenv("LC_ALL", raising=False)
        monkeypatch.delenv("LC_MESSAGES", raising=False)
        settings = _settings()
        assert {name: row["source"] for name, row in settings.items()} == {
            "lang": "locale",
            "offline": "default",
            "workers": "default",
            "timeout": "default",
            "key_file": "default",
        }
        assert (settings["workers"]["value"], settings["timeout"]["value"], settings["offline"]["value"]) == (8, 10.0, False)
        code, out, _ = _run("config")
        assert code == 0
        assert "(not there: numcheck's defaults apply)" in out

    def test_flag_over_environment_over_file_over_default(self, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Each layer wins over the ones below it, and `numcheck config` names the layer each value came from."""
        config.write_text('lang = "zh"\noffline = true\nworkers = 3\ntimeout = 20\n', encoding="utf-8")
        monkeypatch.setenv("NUMCHECK_TIMEOUT", "7")
        settings = _settings("--workers", "5")
        assert settings["lang"] == {"value": "zh", "source": "config file", "where": str(config)}
        assert settings["offline"] == {"value": True, "source": "config file", "where": str(config)}
        assert settings["workers"] == {"value": 5, "source": "flag", "where": "--workers"}
        assert settings["timeout"] == {"value": 7.0, "source": "environment", "where": "NUMCHECK_TIMEOUT"}
        assert _settings("--online")["offline"] == {"value": False, "source": "flag", "where": "--online"}
        _, out, _ = _run("config", "--lang", "en")  # the file says zh, and the table would follow it
        assert f"workers   3      config file {config}" in out
        assert "timeout   7      environment NUMCHECK_TIMEOUT" in out

    def test_the_locale_sets_the_language_only_when_nothing_else_does(self, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
        assert resolve().settings["lang"][:3] == ("lang", "zh", Source.LOCALE)
        config.write_text('lang = "en"\n', encoding="utf-8")
        assert resolve().settings["lang"][:3] == ("lang", "en", Source.CONFIG_FILE)

    def test_numcheck_config_names_another_file_or_none(self, tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        config.write_text("workers = 2\n", encoding="utf-8")
        other = tmp_path / "elsewhere.toml"
        other.write_text("workers = 6\n", encoding="utf-8")
        monkeypatch.setenv("NUMCHECK_CONFIG", str(other))
        assert _settings()["workers"]["value"] == 6
        monkeypatch.setenv("NUMCHECK_CONFIG", "")
        assert _settings()["workers"] == {"value": 8, "source": "default", "where": None}
        monkeypatch.setenv("NUMCHECK_CONFIG", str(tmp_path / "missing.toml"))
        code, out, err = _run("--offline", "13800138000")
        assert (code, out) == (cli.EXIT_USAGE, "")
        assert "NUMCHECK_CONFIG names" in err
        assert err.count("\n") == 1


class TestTheFileDecidesARun:
    def test_offline_in_the_file_makes_a_check_offline(self, config: Path) -> None:
        """offline = true: `numcheck NUMBER` asks nothing online; --online asks again."""
        config.write_text("offline = true\n", encoding="utf-8")
        code, out, _ = _run("--json", "--no-store", "13800138000")
        assert code == cli.EXIT_OK
        assert json.loads(out)["offline"] is True
        code, out, _ = _run("--json", "--no-store", "--online", "--only", "offline", "13800138000")
        assert json.loads(out)["offline"] is False

    def test_timeout_and_workers_reach_the_settings(self, config: Path) -> None:
        """The file's timeout and workers are what the run's Settings hold (the flag still wins)."""
        config.write_text("timeout = 2.5\nworkers = 3\n", encoding="utf-8")
        settings = resolve().settings_for()
        assert (settings.timeout, settings.workers) == (2.5, 3)
        flagged = resolve({"timeout": 40.0}).settings_for()
        assert (flagged.timeout, flagged.workers) == (40.0, 3)

    def test_key_file_supplies_keys_the_environment_can_override(
        self, tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        keys = tmp_path / "config" / "keys.env"
        keys.write_text('# my keys\nNUMCHECK_KEY_NUMVERIFY_APIKEY="from-file"\nNUMCHECK_REPUTATION_CSV=/tmp/list.csv\n', encoding="utf-8")
        keys.chmod(0o600)
        config.write_text('key_file = "keys.env"\n', encoding="utf-8")  # relative: beside the config file
        settings = resolve().settings_for()
        assert settings.key("NUMCHECK_KEY_NUMVERIFY_APIKEY") == "from-file"
        assert settings.key("NUMCHECK_REPUTATION_CSV") == "/tmp/list.csv"
        monkeypatch.setenv("NUMCHECK_KEY_NUMVERIFY_APIKEY", "from-env")
        assert resolve().settings_for().key("NUMCHECK_KEY_NUMVERIFY_APIKEY") == "from-env"
        code, out, err = _run("checkers", "--json")
        assert err == ""
        assert code == 0
        assert next(row for row in json.loads(out)["checkers"] if row["id"] == "numverify")["enabled"] is True

    @pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
    def test_a_key_file_others_can_read_gets_a_warning(self, tmp_path: Path, config: Path) -> None:
        keys = tmp_path / "keys.env"
        keys.write_text("NUMCHECK_KEY_NUMVERIFY_APIKEY=x\n", encoding="utf-8")
        keys.chmod(0o644)
        config.write_text(f'key_file = "{keys}"\n', encoding="utf-8")
        code, _, err = _run("--offline", "13800138000")
        assert code == 0
        assert f"numcheck: warning: key file {keys} can be read by other users: chmod 600 {keys}\n" in err

    def test_a_key_file_line_that_is_not_a_key_is_refused(self, tmp_path: Path, config: Path) -> None:
        keys = tmp_path / "keys.env"
        keys.write_text("NUMCHECK_KEY_NUMVERIFY_APIKEY=x\nPATH=/evil\n", encoding="utf-8")
        keys.chmod(0o600)
        config.write_text(f'key_file = "{keys}"\n', encoding="utf-8")
        code, _, err = _run("--offline", "13800138000")
        assert code == cli.EXIT_USAGE
        assert f"key file {keys} line 2: expected NAME=value" in err

    def test_the_language_accessor_reads_the_file(self, config: Path) -> None:
        """configured_language(): what the file says, or None (for the language resolution of the zh work)."""
        assert configured_language() is None
        config.write_text('lang = "zh"\n', encoding="utf-8")
        assert configured_language() == "zh"
        assert configured_language({"NUMCHECK_CONFIG": ""}) is None


class TestABrokenFile:
    @pytest.mark.parametrize(
        ("text", "says"),
        [
            ("workers = \n", "not valid TOML: Invalid value (at line 1, column 11)"),
            ("workers = 0\n", "workers: 0 is below the least allowed, 1"),
            ('offline = "yes"\n', "offline: 'yes' is not true or false"),
            ('lang = "fr"\n', "lang: 'fr' is not a language numcheck speaks (choose en or zh)"),
            ("timeout = 900\n", "timeout: 900 is above the most allowed, 600"),
            ("\xff", "not UTF-8 text"),
        ],
    )
    def test_one_line_and_exit_2(self, config: Path, text: str, says: str) -> None:
        """A malformed file or an unusable value: one line naming the file and the problem, exit 2, nothing checked."""
        config.write_bytes(text.encode("latin-1") if text == "\xff" else text.encode("utf-8"))
        for argv in (("--offline", "13800138000"), ("checkers",), ("config",)):
            code, out, err = _run(*argv)
            assert (code, out) == (cli.EXIT_USAGE, ""), argv
            assert (
                err == f"numcheck: config file {config}: {says} (fix it, or run with NUMCHECK_CONFIG= set empty to read no config file)\n"
            )

    def test_an_unknown_key_is_a_warning_not_silence(self, config: Path) -> None:
        config.write_text("worker = 4\n", encoding="utf-8")
        code, _, err = _run("--offline", "13800138000")
        assert code == cli.EXIT_OK
        assert err == (
            f"numcheck: warning: config file {config}: unknown setting 'worker' ignored (known: lang, offline, workers, timeout, key_file)\n"
        )

    @pytest.mark.parametrize(
        ("variable", "value", "says"),
        [
            ("NUMCHECK_WORKERS", "many", "workers (NUMCHECK_WORKERS): 'many' is not a number"),
            ("NUMCHECK_OFFLINE", "maybe", "offline (NUMCHECK_OFFLINE): 'maybe' is not one of 1, true, yes, on, 0, false, no, off"),
            ("NUMCHECK_TIMEOUT", "0", "timeout (NUMCHECK_TIMEOUT): 0.0 must be more than 0"),
        ],
    )
    def test_an_unusable_environment_value_is_one_line(self, monkeypatch: pytest.MonkeyPatch, variable: str, value: str, says: str) -> None:
        monkeypatch.setenv(variable, value)
        for argv in (("--no-store", "13800138000"), ("config",)):
            code, out, err = _run(*argv)
            assert (code, out) == (cli.EXIT_USAGE, "")
            assert err == f"numcheck: unusable setting {says}\n"
