"""numcheck's own licence, and each bundled dataset's licence as its upstream declares it."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_project_has_the_mit_licence_pyproject_declares() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 numcheck developers" in text
    assert 'license = "MIT"' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_every_bundled_data_file_is_in_the_notices() -> None:
    """Each file under numcheck/data that holds third-party data has a section in THIRD_PARTY_NOTICES.md naming its licence."""
    notices = (ROOT / "THIRD_PARTY_NOTICES.md").read_text(encoding="utf-8")
    shipped = sorted(item.name for item in files("numcheck.data").iterdir() if item.name.endswith((".tsv", ".csv")))
    assert shipped
    for name in shipped:
        assert f"`data/{name}`" in notices, name
    assert "Apache License 2.0" in notices  # libphonenumber's data, as phonenumbers declares it


def test_no_data_derived_from_the_phone_package_is_bundled() -> None:
    """phone.dat descends from xluohome/phonedata (GPL-3.0): numcheck reads a user's installed copy, it never ships one."""
    data = files("numcheck.data")
    assert not data.joinpath("cn_region_blocks.tsv").is_file()
    for item in data.iterdir():
        if item.name.endswith((".tsv", ".csv")):
            head = item.read_text(encoding="utf-8")[:4000]
            if "generated" in head.casefold():  # a table made from a source (a hand-compiled one may cite phone.dat)
                assert "phone.dat" not in head, item.name
                assert "lovedboy" not in head, item.name
            # A copyright line must be the upstream's own, word for word: numcheck's tables add none.
            assert not re.search(r"copyright \(c\)", head, re.IGNORECASE), item.name
    notices = (ROOT / "THIRD_PARTY_NOTICES.md").read_text(encoding="utf-8")
    assert "xluohome/phonedata" in notices
    assert "GPL-3.0" in notices


def test_numcheck_works_without_the_phone_package() -> None:
    """No `phone` installed: no region, said so plainly, and every other answer as before."""
    script = (
        "import sys; sys.modules['phone'] = None\n"
        "import numcheck\n"
        "from numcheck.offline.regions import region_table\n"
        "assert not region_table().available and region_table().lookup('17372170000') is None\n"
        "report = numcheck.check('17372170000', offline=True)\n"
        "assert report.region is None, report.region\n"
        "assert report.carrier.location_zh == '北京市', report.carrier\n"
        "found = next(item for item in report.findings if item.checker_id == 'carrier-region')\n"
        "assert 'pip install phone' in found.detail, found.detail\n"
        "assert next(numcheck.enrich_many(['17372170000'])).location_zh == '北京市'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
