"""Generated docs stay current."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_provider_list_is_current() -> None:
    """docs/providers.md equals what tools/gen_provider_docs.py renders from the registry."""
    assert (ROOT / "docs" / "providers.md").read_text(encoding="utf-8") == _tool("gen_provider_docs").render()


def test_cli_reference_is_current() -> None:
    """docs/cli.md equals what tools/gen_cli_docs.py renders from every subcommand's --help."""
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == _tool("gen_cli_docs").render()


def test_every_page_is_in_the_site_navigation() -> None:
    """A page under docs/ that mkdocs.yml does not list would be built but unreachable."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    pages = sorted(path.name for path in (ROOT / "docs").glob("*.md"))
    assert [page for page in pages if f": {page}" not in nav] == []


def test_verdict_table_is_current() -> None:
    """docs/verdict-table.md equals what tools/gen_verdict_table.py renders from the risk engine (20+ scenarios)."""
    tool = _tool("gen_verdict_table")
    assert len(tool.SCENARIOS) >= 20
    assert (ROOT / "docs" / "verdict-table.md").read_text(encoding="utf-8") == tool.render()


def test_verdict_table_keeps_its_promises() -> None:
    """The semantics the table documents, checked on the engine's own answers, not on the page."""
    from numcheck.risk import assess, verdict

    tool = _tool("gen_verdict_table")
    for name, build in tool.SCENARIOS:
        findings = build()
        risks, _ = assess(findings)
        outcome = verdict(findings).value
        levels = {risk.dimension.value: risk.level.value for risk in risks}
        if any(item.kind.value == "account" and item.status.value == "registered" for item in findings):
            assert outcome != "low_risk", name
            assert levels["bindings"] in ("medium", "high"), name
        recycling_only = all(item.kind.value == "offline" or not item.tags for item in findings) and not any(
            item.status.value == "registered" and item.kind.value in ("account", "reputation") for item in findings
        )
        if recycling_only and all(levels[dimension] in ("low", "unknown") for dimension in ("bindings", "debt_collection", "harassment")):
            assert outcome in ("low_risk", "not_enough_data", "do_not_buy"), f"recycling alone set {outcome}: {name}"
    rows = {name: build for name, build in tool.SCENARIOS}
    bound = verdict(rows["two 139-era numbers: 6 negative, 1 registered (shopping)"]())
    free = verdict(rows["two 139-era numbers: 7 negative accounts"]())
    assert bound != free


def test_risk_model_page_states_every_tag_and_category() -> None:
    """docs/risk-model.md names every tag with its dimension and points, and every category weight the engine uses."""
    from numcheck.risk import CATEGORY_WEIGHTS, REPUTATION_COVERS, TAG_EFFECTS

    page = (ROOT / "docs" / "risk-model.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| `")}
    for tag, effects in TAG_EFFECTS.items():
        row = next((line for names, line in rows.items() if f"`{tag}`" in names), None)
        assert row is not None, f"tag {tag} is not in the risk-model page"
        for effect in effects:
            assert effect.dimension.value.replace("_", " ") in row, tag
            assert f"+{effect.points}" in row, tag
    for category, weight in CATEGORY_WEIGHTS.items():
        assert category in page, category
        assert str(weight) in page, category
    for category in REPUTATION_COVERS:
        assert f"`{category}`" in page, category


def _readme_block(after: str) -> str:
    """The first ```text block of the README after the line holding ``after``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```text\n", readme.index(after)) + len("```text\n")
    return readme[start : readme.index("```", start)]


def test_readme_chinese_example_is_a_real_run(capsys: Any, monkeypatch: Any) -> None:
    """The README's Chinese example is exactly what `numcheck --offline --lang zh 13800138000` prints, and a Chinese locale too."""
    from numcheck import cli

    monkeypatch.setenv("NUMCHECK_PLUGINS", "")
    shown = _readme_block("The same run in Chinese")
    assert cli.main(["--offline", "--no-store", "--color", "never", "--lang", "zh", "13800138000"]) == cli.EXIT_OK
    assert capsys.readouterr().out == shown
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert cli.main(["--offline", "--no-store", "--color", "never", "13800138000"]) == cli.EXIT_OK
    assert capsys.readouterr().out == shown


def test_readme_example_is_a_real_run(capsys: Any, monkeypatch: Any) -> None:
    """The README's example report is exactly what `numcheck --offline 13800138000` prints today (no plugins installed)."""
    from numcheck import cli

    monkeypatch.setenv("NUMCHECK_PLUGINS", "")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```text\n") + len("```text\n")
    shown = readme[start : readme.index("```", start)]
    assert cli.main(["--offline", "--no-store", "--color", "never", "13800138000"]) == cli.EXIT_OK
    assert capsys.readouterr().out == shown


def test_the_two_readme_commands_use_different_virtualenvs() -> None:
    """`bash .ci/run` never installs test extras or the example plugin into the README's install venv."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = re.search(r"python3 -m venv (\S+)", readme)
    ci_venv = re.search(r'venv="\$\{NUMCHECK_VENV:-([^}]+)\}"', ci)
    assert install is not None
    assert ci_venv is not None
    assert install.group(1) != ci_venv.group(1)
    assert "bash .ci/run" in readme


def test_every_page_installs_as_the_readme_does() -> None:
    """A page that gives a from-source install command gives the README's (a bare `-e .` lost the city and area code)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = re.search(r"^python3 -m venv \.venv && .*$", readme, re.MULTILINE)
    assert install is not None
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for page in pages:
        for command in re.findall(r"^python3 -m venv \.venv && .*$", page.read_text(encoding="utf-8"), re.MULTILINE):
            assert command == install.group(0), f"{page.name}: {command}"
