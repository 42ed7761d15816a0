"""The scripts in examples/ run as a user would run them: offline, and against the local simulator."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import numcheck
from numcheck.providers.manifest import ManifestChecker
from numcheck.testing import Simulator, scripts_for, synthetic_keys, synthetic_number

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PROVIDERS = [checker for checker in numcheck.default_registry(numcheck.Settings(plugins=())) if isinstance(checker, ManifestChecker)]
# In the 120 range (allocated to nobody) and outside the simulator's scripted numbers: a test decides its answers.
WATCHED = "12000000999"


@pytest.fixture(name="simulator", scope="module")
def _simulator() -> Iterator[Simulator]:
    with Simulator(scripts_for(PROVIDERS)) as simulator:
        yield simulator


def _env(simulator: Simulator, data_dir: Path) -> dict[str, str]:
    """Every provider pointed at the simulator (a fallback URL too), so no example can reach the internet."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("NUMCHECK_")}
    env["NUMCHECK_CACHE_DIR"] = os.environ["NUMCHECK_CACHE_DIR"]  # the session's block table, never the user's cache
    env.update(synthetic_keys(PROVIDERS))
    env.update(
        {f"NUMCHECK_BASE_URL_{checker.meta.id.upper().replace('-', '_')}": simulator.base_url_for(checker.meta.id) for checker in PROVIDERS}
    )
    env.update(
        NUMCHECK_BASE_URL=simulator.url + "/p/none",
        NUMCHECK_PLUGINS="",
        NUMCHECK_RATE_LIMIT="1000/1",
        NUMCHECK_TIMEOUT="3",
        NUMCHECK_DATA_DIR=str(data_dir),
        NUMCHECK_CONFIG_DIR=str(data_dir / "config"),
    )
    return env


def _run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args], env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False
    )


def test_precheck_one_number(simulator: Simulator, tmp_path: Path) -> None:
    """A registered synthetic number: bindings found and the seller question asked; a risky report is a normal result, exit 0."""
    done = _run("precheck_one.py", synthetic_number("registered"), env=_env(simulator, tmp_path))
    assert done.returncode == 0, done.stderr
    assert "Ask the seller" in done.stdout
    assert "bindings         high" in done.stdout or "bindings         medium" in done.stdout
    offline = _run("precheck_one.py", "13800138000", "--offline", env=_env(simulator, tmp_path))
    assert offline.returncode == 0
    assert "unknown" in offline.stdout
    # A check that could not complete says so, as numcheck itself does (exit 3).
    timed_out = _run("precheck_one.py", synthetic_number("read_timeout"), env={**_env(simulator, tmp_path), "NUMCHECK_TIMEOUT": "1"})
    assert timed_out.returncode == 3, timed_out.stdout + timed_out.stderr
    assert _run("precheck_one.py", "not a number", env=_env(simulator, tmp_path)).returncode == 2


def test_compare_candidates(simulator: Simulator, tmp_path: Path) -> None:
    """The unregistered candidate ranks above the registered one."""
    clean, bound = synthetic_number("not_registered"), synthetic_number("registered")
    done = _run("compare_candidates.py", bound, clean, env=_env(simulator, tmp_path))
    assert done.returncode == 0, done.stderr
    first = next(line for line in done.stdout.splitlines() if line.startswith("1. "))
    second = next(line for line in done.stdout.splitlines() if line.startswith("2. "))
    assert clean[-4:] in first.replace(" ", "")
    assert bound[-4:] in second.replace(" ", "")


def test_decide_returns_a_decision_another_tool_can_use(simulator: Simulator, tmp_path: Path) -> None:
    env = _env(simulator, tmp_path)
    done = _run("decide.py", synthetic_number("registered"), synthetic_number("not_registered"), env=env)
    assert done.returncode == 0, done.stderr
    decisions = [line.split(": ")[1] for line in done.stdout.splitlines() if line.startswith("+")]
    assert decisions[0] in ("reject", "review")
    assert set(decisions) <= {"accept", "review", "reject"}
    offline = _run("decide.py", "13800138000", "--offline", env=env)
    assert "+8613800138000: review" in offline.stdout, "offline knows too little to accept"


def test_monitor_after_purchase_sees_bindings_removed(simulator: Simulator, tmp_path: Path) -> None:
    """First run stores; after 'unbinding' (the simulator now says not registered) the second run reports removals."""
    env = _env(simulator, tmp_path)
    simulator.assign(WATCHED, "registered")
    first = _run("monitor_after_purchase.py", "+86" + WATCHED, env=env)
    assert first.returncode == 0, first.stderr
    assert "first check stored" in first.stdout
    simulator.assign(WATCHED, "not_registered")
    second = _run("monitor_after_purchase.py", "+86" + WATCHED, env=env)
    assert second.returncode == 0, second.stderr
    assert "binding removed" in second.stdout
    removed = int(second.stdout.strip().splitlines()[-1].split()[0])
    assert removed >= 3


@pytest.mark.parametrize("script", ["monitor_after_purchase.py", "precheck_one.py", "decide.py", "compare_candidates.py"])
def test_each_example_answers_help_and_says_bad_input_in_one_line(script: str, simulator: Simulator, tmp_path: Path) -> None:
    """What a developer copies handles a typo as the command line does: one line, exit 2, never a traceback."""
    env = _env(simulator, tmp_path)
    helped = _run(script, "--help", env=env)
    assert helped.returncode == 0, helped.stderr
    assert helped.stdout.startswith("usage:")
    assert "exit status: 0" in helped.stdout
    bad = ["abc", "13800138000"] if script == "compare_candidates.py" else ["abc"]
    refused = _run(script, *bad, "--offline" if script != "monitor_after_purchase.py" else "--", env=env)
    assert "Traceback" not in refused.stderr
    if script == "compare_candidates.py":  # an invalid candidate is left out and named; the rest is still ranked
        assert refused.returncode == 0
        assert "skipping 'abc'" in refused.stderr
    else:
        assert refused.returncode == 2, refused.stdout + refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert "character 1 'a' is not a digit" in refused.stderr


def _chinese(done: subprocess.CompletedProcess[str]) -> str:
    """What an example printed, which must hold no English a Chinese reader would meet (names and codes aside)."""
    from tests.test_zh import english_left

    text = done.stdout + done.stderr
    assert "Traceback" not in text, text
    assert not english_left(text), (english_left(text), text)
    return text


@pytest.mark.parametrize("how", ["flag", "NUMCHECK_LANG", "locale"])
def test_precheck_one_speaks_chinese(simulator: Simulator, tmp_path: Path, how: str) -> None:
    """--lang zh, else NUMCHECK_LANG, else the locale: the same choice numcheck makes."""
    env = _env(simulator, tmp_path)
    args = [synthetic_number("registered")]
    if how == "flag":
        args.append("--lang=zh")
    elif how == "NUMCHECK_LANG":
        env["NUMCHECK_LANG"] = "zh"
    else:
        env.update(LANG="zh_CN.UTF-8", LC_ALL="", LC_MESSAGES="")
    done = _run("precheck_one.py", *args, env=env)
    assert done.returncode == 0, done.stderr
    text = _chinese(done)
    assert "请问卖家：前任机主的账号仍绑定在" in text
    assert "  账号绑定         高" in text or "  账号绑定         中" in text
    assert "覆盖度：" in text
    refused = _run("precheck_one.py", "abc", "--offline", "--lang", "zh", env=env)
    assert refused.returncode == 2
    assert _chinese(refused).startswith("未检查：第 1 个字符「a」不是数字")


def test_an_english_locale_loses_to_numcheck_lang(simulator: Simulator, tmp_path: Path) -> None:
    env = {**_env(simulator, tmp_path), "LANG": "en_US.UTF-8", "NUMCHECK_LANG": "zh"}
    done = _run("precheck_one.py", "13800138000", "--offline", env=env)
    assert "数据不足" in _chinese(done)
    done = _run("precheck_one.py", "13800138000", "--offline", "--lang", "en", env=env)
    assert "not enough data" in done.stdout


def test_decide_speaks_chinese_and_keeps_its_codes(simulator: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    env = _env(simulator, tmp_path)
    done = _run("decide.py", synthetic_number("registered"), "abc", "--lang", "zh", env=env)
    assert done.returncode == 2
    text = _chinese(done)
    assert text.splitlines()[0] in (f"{synthetic_number('registered')}：拒绝", f"{synthetic_number('registered')}：人工复核")
    assert "「abc」：未作决定：" in done.stderr
    # The function another program calls still returns the code, whatever the language of its reasons.
    spec = importlib.util.spec_from_file_location("decide_example", EXAMPLES / "decide.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclass looks its module up there
    spec.loader.exec_module(module)
    decision = module.decide("13800138000", offline=True, lang="zh")
    assert decision.action == "review"
    assert any("仅离线" in reason for reason in decision.reasons)


def test_compare_candidates_speaks_chinese(simulator: Simulator, tmp_path: Path) -> None:
    clean, bound = synthetic_number("not_registered"), synthetic_number("registered")
    done = _run("compare_candidates.py", bound, clean, "abc", bound, "--lang", "zh", env=_env(simulator, tmp_path))
    assert done.returncode == 0, done.stderr
    text = _chinese(done)
    assert next(line for line in done.stdout.splitlines() if line.startswith("1. ")).replace(" ", "").find(clean[-4:]) > 0
    assert "跳过「abc」：第 1 个字符「a」不是数字" in text
    assert "与第 1 个候选号码相同" in text
    assert _chinese(_run("compare_candidates.py", bound, "--lang", "zh", env=_env(simulator, tmp_path))).startswith(
        "「compare_candidates.py」：请至少给出两个号码来比较"
    )


def test_monitor_after_purchase_speaks_chinese(simulator: Simulator, tmp_path: Path) -> None:
    env = {**_env(simulator, tmp_path), "NUMCHECK_LANG": "zh"}
    watched = "12000000998"
    simulator.assign(watched, "registered")
    first = _run("monitor_after_purchase.py", "+86" + watched, env=env)
    assert first.returncode == 0, first.stderr
    assert "仍注册于：" in _chinese(first)
    assert "首次检查已保存" in first.stdout
    simulator.assign(watched, "not_registered")
    second = _run("monitor_after_purchase.py", "+86" + watched, env=env)
    assert second.returncode == 0, second.stderr
    text = _chinese(second)
    assert "：绑定已解除" in text or "绑定已解除" in text
    assert int(second.stdout.strip().splitlines()[-1].split()[0]) >= 3


HELPS = {
    "precheck_one.py": "precheck",
    "decide.py": "decide",
    "compare_candidates.py": "compare",
    "monitor_after_purchase.py": "monitor",
    "dask_enrich.py": "dask",
}


@pytest.mark.parametrize("how", ["flag", "NUMCHECK_LANG"])
@pytest.mark.parametrize("script", sorted(HELPS))
def test_each_examples_help_speaks_the_readers_language(simulator: Simulator, tmp_path: Path, script: str, how: str) -> None:
    """--help follows numcheck.reader_language as the rest of the script does: argparse's own words too."""
    env = _env(simulator, tmp_path)
    args = ["--help"]
    if how == "flag":
        args += ["--lang", "zh"]
    else:
        env["NUMCHECK_LANG"] = "zh"
    helped = _run(script, *args, env=env)
    assert (helped.returncode, helped.stderr) == (0, "")
    assert helped.stdout.startswith(f"用法：{script} ")
    from tests.test_zh import english_left
    from tests.test_zh_everywhere import help_prose

    prose = help_prose(helped.stdout)  # the usage lines and the left column are names and options, not prose
    assert english_left(prose) == [], prose
    assert "".join(numcheck.sentence("zh", f"example.help.{HELPS[script]}").split()) in "".join(prose.split())
    english = _run(script, "--help", env=_env(simulator, tmp_path))
    assert english.stdout.startswith("usage:")
    assert numcheck.sentence("en", f"example.help.{HELPS[script]}") in " ".join(english.stdout.split())


@pytest.mark.parametrize("script", sorted(HELPS))
def test_each_examples_usage_error_is_one_line_in_the_readers_language(simulator: Simulator, tmp_path: Path, script: str) -> None:
    env = _env(simulator, tmp_path)
    env["NUMCHECK_LANG"] = "zh"
    missing = _run(script, env=env)  # every example needs a number (or a folder): argparse's error, as numcheck's own
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr.startswith(f"{script}：错误："), missing.stderr
    assert len(missing.stderr.splitlines()) == 1, missing.stderr
