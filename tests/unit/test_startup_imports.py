"""A one-off offline check loads only what it uses: no phonenumbers (its facts are cached), NumPy, jsonschema or pyarrow."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from numcheck import phonelib

_CHECK = """
import io, json, sys
from numcheck import cli
out = io.StringIO()
code = cli.main(["--offline", "--color", "never", "13800138000"], out=out)
print(json.dumps([code, out.getvalue(), sorted(name for name in sys.modules if name.split(".")[0] in {"phonenumbers", "numpy", "jsonschema", "pyarrow", "sqlite3"} or name.startswith("numcheck.providers.") or name.startswith("numcheck.bulk"))]))
"""


def _check(tmp_path: Path) -> tuple[int, str, list[str]]:
    env = {**os.environ, "NUMCHECK_CACHE_DIR": str(tmp_path / "cache"), "NUMCHECK_PLUGINS": ""}
    done = subprocess.run([sys.executable, "-c", _CHECK], env=env, capture_output=True, text=True, check=True)
    code, shown, loaded = json.loads(done.stdout)
    return code, shown, loaded


def test_an_offline_check_of_a_mobile_number_loads_no_heavy_module(tmp_path: Path) -> None:
    first = _check(tmp_path)  # reads phonenumbers' facts once, and keeps them
    assert "phonenumbers" in first[2]
    again = _check(tmp_path)
    assert again[:2] == first[:2]
    assert again[0] == 0
    assert again[2] == [], f"loaded without being used: {again[2]}"
    assert "China Mobile" in again[1]


def test_phonenumbers_facts_are_its_own_and_a_stale_or_broken_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import phonenumbers

    monkeypatch.setenv("NUMCHECK_CACHE_DIR", str(tmp_path))
    phonelib.installed_facts.cache_clear()
    facts = phonelib.installed_facts()
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None
    assert metadata.mobile is not None
    assert facts == (phonenumbers.__version__, metadata.mobile.national_number_pattern)
    (stored,) = tmp_path.glob("phonenumbers-*.json")
    for damage in (b"", b"{not json", json.dumps({"stamp": ["another install"], "version": "0", "cn_mobile_pattern": "x"}).encode()):
        stored.write_bytes(damage)
        phonelib.installed_facts.cache_clear()
        assert phonelib.installed_facts() == facts
        assert json.loads(stored.read_bytes())["version"] == facts.version, "written again"
    phonelib.installed_facts.cache_clear()
