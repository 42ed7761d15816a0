"""docs/writing-a-checker.md's self-check walkthrough, run as written: the simulator by hand, then the self-check."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "writing-a-checker.md"


def _block(marker: str) -> str:
    found = re.search(rf"<!-- {re.escape(marker)} -->\n```\w+\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert found is not None, f"no block after <!-- {marker} -->"
    return found.group(1)


def _manifest() -> str:
    found = re.search(r"```toml\n(schema_version.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert found is not None
    return found.group(1)


def _env(home: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NUMCHECK_")}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_DATA_HOME=str(home / ".local" / "share"))
    env.update(NUMCHECK_LANG="en", NUMCHECK_PLUGINS="", PYTHONWARNINGS="default")
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1] / "src"), env.get("PYTHONPATH", "")])
    return env


def test_the_self_check_walkthrough_works_as_written(tmp_path: Path) -> None:
    manifests = tmp_path / ".config" / "numcheck" / "manifests"
    manifests.mkdir(parents=True)
    (manifests / "my-forum.toml").write_text(_manifest(), encoding="utf-8")
    (tmp_path / "known-answers.toml").write_text(_block("walkthrough: self-check known answers"), encoding="utf-8")
    start, doctor = [line for line in _block("walkthrough: self-check commands").splitlines() if line.strip()]
    assert start == "python -m numcheck.testing.simulator &"
    env = _env(tmp_path)
    # As written, but on a free port (8766 may be taken where the tests run): the doctor line gets the same port.
    simulator = subprocess.Popen(
        [sys.executable, *shlex.split(start.rstrip("& "))[1:], "--port", "0"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert simulator.stdout is not None
        first = simulator.stdout.readline()
        url = re.search(r"on (http://127\.0\.0\.1:\d+) \(mode honest\)", first)
        assert url is not None, first
        words = shlex.split(doctor.replace("http://127.0.0.1:8766", url.group(1)))
        assignments = dict(word.split("=", 1) for word in words if "=" in word and word.split("=", 1)[0].isupper())
        command = [word for word in words if word.split("=", 1)[0] not in assignments]
        assert command[0] == "numcheck"
        done = subprocess.run(
            [sys.executable, "-m", "numcheck", *command[1:]], cwd=tmp_path, env={**env, **assignments},
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        simulator.terminate()
        _, simulator_err = simulator.communicate(timeout=10)
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"healthy\s+my-forum\s+3/3\s+2/2", done.stdout), done.stdout
    assert "RuntimeWarning" not in simulator_err, simulator_err


def test_the_simulator_help_shows_its_port_and_modes() -> None:
    shown = subprocess.run(
        [sys.executable, "-m", "numcheck.testing.simulator", "--help"], capture_output=True, text=True, timeout=60, env=_env(Path.cwd())
    )
    assert shown.returncode == 0
    assert "default 8766" in shown.stdout
    assert "8765" not in shown.stdout
    assert "honest" in shown.stdout
    assert "registered_for_all" in shown.stdout
    assert "RuntimeWarning" not in shown.stderr, shown.stderr


def _coded_forum() -> type:
    """The coded checker of the page, as the page writes it (its block is run, not copied)."""
    namespace: dict[str, object] = {}
    exec(compile(_block("walkthrough: coded checker"), "writing-a-checker.md", "exec"), namespace)  # the documentation's own code
    coded = namespace["CodedForum"]
    assert isinstance(coded, type)
    return coded


def _same_api_scripts() -> dict[str, object]:
    """The simulator's scripts for the page's manifest, under the coded checker's id: the same API, played."""
    import tomllib

    from numcheck.providers.manifest import Manifest, ManifestChecker
    from numcheck.testing import scripts_for

    manifest = Manifest.model_validate(tomllib.loads(_manifest()))
    return dict(scripts_for([ManifestChecker("coded-forum", manifest)]))


def test_the_coded_checker_answers_each_scenario_through_the_simulator() -> None:
    from numcheck import Status
    from numcheck.testing import assert_checker_contract

    results = assert_checker_contract(_coded_forum()(), scripts=_same_api_scripts())  # type: ignore[arg-type]
    assert results == {"registered": Status.REGISTERED, "not_registered": Status.NOT_REGISTERED, "blocked": Status.BLOCKED}


def test_the_page_s_contract_test_block_runs() -> None:
    """The second block (a plugin's own test of its coded checker) passes as written, given the page's manifest."""
    import tomllib

    from numcheck.providers.manifest import Manifest, ManifestChecker

    text = DOC.read_text(encoding="utf-8")
    start = text.index("<!-- walkthrough: coded checker -->")
    blocks = re.findall(r"```python\n(.*?)```", text[start:], re.S)
    namespace: dict[str, object] = {}
    exec(compile(blocks[0] + blocks[1], "writing-a-checker.md", "exec"), namespace)  # the documentation's own code
    manifest = ManifestChecker("my-forum", Manifest.model_validate(tomllib.loads(_manifest())))
    test = namespace["test_coded_forum"]
    assert callable(test)
    test(manifest)


def test_a_coded_checker_with_nothing_to_play_is_not_passed_silently() -> None:
    import pytest

    from numcheck.testing import assert_checker_contract

    with pytest.raises(AssertionError, match="coded-forum: a coded checker has no examples to play"):
        assert_checker_contract(_coded_forum()())  # type: ignore[arg-type]


def test_a_coded_checker_must_declare_its_hosts_and_build_its_own_finding() -> None:
    import pytest

    from numcheck import CheckerKind, Finding, Status
    from numcheck.testing import assert_checker_contract, scripted_finding

    coded = _coded_forum()
    homeless = coded()
    homeless.meta = coded.meta.model_copy(update={"hosts": ()})  # type: ignore[attr-defined]
    with pytest.raises(AssertionError, match="must declare the hosts"):
        assert_checker_contract(homeless, scripts=_same_api_scripts())  # type: ignore[arg-type]

    class Borrowed(coded):  # type: ignore[misc, valid-type]
        def check(self, number: object, ctx: object) -> Finding:
            return scripted_finding("someone-else", CheckerKind.ACCOUNT, "social", Status.SKIPPED)

    with pytest.raises(AssertionError, match=r"build it with numcheck\.checker\.finding"):
        assert_checker_contract(Borrowed(), scripts=_same_api_scripts())
