"""--only naming a manifest that could not load says so, and why, naming its file once (not "no such checker")."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from numcheck import PluginError, Settings, cli
from numcheck.registry import default_registry

DOC = Path(__file__).resolve().parents[1] / "docs" / "writing-a-checker.md"


def _manifests(folder: Path) -> Path:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```toml\n(schema_version.*?)```", text, re.S)
    assert block is not None
    manifest = block.group(1)
    (folder / "badkind.toml").write_text(manifest.replace('kind = "account"', 'kind = "acount"'), encoding="utf-8")
    (folder / "sendpath.toml").write_text(manifest.replace("/api/signup/phone-available", "/api/sendSms"), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("name", "why"), [("badkind", "/kind: 'acount' is not one of"), ("sendpath", "names message sending")])
def test_only_a_broken_manifest_says_it_is_broken_and_why(tmp_path: Path, name: str, why: str) -> None:
    folder = _manifests(tmp_path)
    err = io.StringIO()
    argv = ["--manifests", str(folder), "--only", name, "--offline", "--lang", "en", "--no-store", "13800138000"]
    assert cli.main(argv, out=io.StringIO(), err=err) == cli.EXIT_USAGE
    line = err.getvalue().strip()
    assert len(line.splitlines()) == 1
    assert line.startswith(f"numcheck: checker {name} could not be loaded, so it cannot run: manifest ")
    assert why in line
    assert "no such checker" not in line
    assert line.count(str(folder / f"{name}.toml")) == 1


def test_in_chinese(tmp_path: Path) -> None:
    err = io.StringIO()
    argv = ["--manifests", str(_manifests(tmp_path)), "--only", "badkind", "--offline", "--lang", "zh", "--no-store", "13800138000"]
    assert cli.main(argv, out=io.StringIO(), err=err) == cli.EXIT_USAGE
    assert "检查项「badkind」无法加载" in err.getvalue()


def test_the_registry_says_it_too_and_excluding_a_broken_one_is_fine(tmp_path: Path) -> None:
    registry = default_registry(Settings(manifest_dirs=(_manifests(tmp_path),)))
    assert {item.name for item in registry.broken} >= {"badkind", "sendpath"}
    reasons = {item.name: item.error for item in registry.broken}
    assert not reasons["sendpath"].startswith(str(tmp_path))  # the source names the file; the reason does not again
    with pytest.raises(PluginError, match="checker sendpath could not be loaded"):
        registry.select(["sendpath"])
    assert registry.select(exclude=["badkind"])
    with pytest.raises(PluginError, match="no such checker: nosuch"):
        registry.select(["nosuch"])
