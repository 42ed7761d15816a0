"""A one-off offline check loads only what it uses.

No phonenumbers (its facts are cached), NumPy, jsonschema or pyarrow; nor, since each is a millisecond or more of
every start (issue #22, bench/bench_startup.py), the json and email packages, importlib's resource readers, or the
table, CSV, JSON Lines and ranking code a one-number report does not write, nor importlib.metadata (the version is
`numcheck._version`'s; plugins are looked for through `numcheck._plugin_scan`). Nor does it build any pydantic
validator (each model's costs 0.2 to 2 ms, and the first loads pydantic's plugin loader, importlib.metadata with it).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from numcheck import phonelib

_CHECK = """
import io, sys
from numcheck import cli
out = io.StringIO()
code = cli.main(["--offline", "--color", "never", "13800138000"], out=out)
heavy = {"phonenumbers", "numpy", "jsonschema", "pyarrow", "sqlite3", "json"}
unused = {"email.parser", "email.feedparser", "email.message", "importlib.readers", "importlib.metadata", "importlib.resources", "pydantic.plugin._loader", "difflib", "tempfile", "numcheck.ranking", "numcheck.cli.ranking", "numcheck.frontends.hits", "numcheck.render.batch", "numcheck.render.table"}
loaded = sorted(
    name for name in sys.modules
    if name.split(".")[0] in heavy or name in unused or name.startswith(("numcheck.providers.", "numcheck.bulk"))
)
from pydantic import BaseModel
def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)
built = sorted(model.__qualname__ for model in subclasses(BaseModel) if model.__module__.startswith("numcheck") and model.__pydantic_complete__)
import json  # only now: the check itself must not have needed it
print(json.dumps([code, out.getvalue(), loaded, built]))
"""


def _check(tmp_path: Path) -> tuple[int, str, list[str], list[str]]:
    env = {**os.environ, "NUMCHECK_CACHE_DIR": str(tmp_path / "cache"), "NUMCHECK_PLUGINS": ""}
    done = subprocess.run([sys.executable, "-c", _CHECK], env=env, capture_output=True, text=True, check=True)
    code, shown, loaded, built = json.loads(done.stdout)
    return code, shown, loaded, built


def test_an_offline_check_of_a_mobile_number_loads_no_heavy_module(tmp_path: Path) -> None:
    first = _check(tmp_path)  # reads phonenumbers' facts once, and keeps them
    assert "phonenumbers" in first[2]
    again = _check(tmp_path)
    assert again[:2] == first[:2]
    assert again[0] == 0
    assert again[2] == [], f"loaded without being used: {again[2]}"
    assert "China Mobile" in again[1]


def test_an_offline_check_builds_no_validator(tmp_path: Path) -> None:
    """The report's models, and settings read from the environment alone, are built unvalidated
    (tests/unit/test_constructed.py): their validators, and pydantic's plugin loader with the first, wait for a use."""
    *_, built = _check(tmp_path)
    assert built == []


def test_phonenumbers_facts_are_its_own_and_a_stale_or_broken_file_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import phonenumbers

    monkeypatch.setenv("NUMCHECK_CACHE_DIR", str(tmp_path))
    phonelib.installed_facts.cache_clear()
    facts = phonelib.installed_facts()
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    assert metadata is not None
    assert metadata.mobile is not None
    assert facts == (phonenumbers.__version__, metadata.mobile.national_number_pattern)
    (stored,) = tmp_path.glob("phonenumbers-*.txt")
    key, version, pattern, end = stored.read_text(encoding="utf-8").split("\n")
    assert (version, pattern, end) == (facts.version, facts.cn_mobile_pattern, "")
    another_install = key.replace("phonenumbers", "phonenumbers-elsewhere")
    damaged = [b"", b"\xff\xfe", f"{key}\n{version}\n".encode(), f"{another_install}\n0\nx\n".encode(), f"{key}\n\n\n".encode()]
    for damage in damaged:
        stored.write_bytes(damage)
        phonelib.installed_facts.cache_clear()
        assert phonelib.installed_facts() == facts
        assert stored.read_text(encoding="utf-8").split("\n")[1:] == [facts.version, facts.cn_mobile_pattern, ""], "written again"
    phonelib.installed_facts.cache_clear()
