"""The 7-digit prefix data (province, city, area code, block holder), read from the installed `phone` package, against known facts.

Its agreement with an independent source (libphonenumber's geocoder) is measured in test_region_sources.py.
"""

from __future__ import annotations

import pytest

import numcheck
from numcheck import enrich_many
from numcheck.offline.enrich import enrich
from numcheck.offline.regions import phone_data_path, region_table

needs_data = pytest.mark.skipif(not region_table().available, reason="the `phone` package's data is not installed")


@needs_data
@pytest.mark.parametrize(
    ("prefix", "province", "city", "area_code", "holder"),
    [
        ("1380013", "北京", "北京", "010", "china_mobile"),
        ("1390118", "北京", "北京", "010", "china_mobile"),
        ("1737217", "江苏", "苏州", "0512", "china_telecom"),
        ("1920000", "广东", "佛山", "0757", "china_broadnet"),
    ],
)
def test_well_known_blocks(prefix: str, province: str, city: str, area_code: str, holder: str) -> None:
    region = region_table().lookup(prefix + "0000")
    assert region is not None
    assert (region.province_zh, region.city_zh, region.area_code, region.holder) == (province, city, area_code, holder)
    assert region.province_en
    assert region.city_en


@needs_data
def test_the_table_covers_about_half_a_million_blocks_of_data_2312() -> None:
    table = region_table()
    assert table.version == "phone 2312"
    listed = sum(1 for first in range(130, 200) for region in (table.block(str(first)) or []) if region is not None)
    assert 490_000 <= listed <= 510_000


@needs_data
def test_reports_name_the_city_and_say_which_source_said_what() -> None:
    report = numcheck.check("17372170000", offline=True)
    assert report.region is not None
    assert (report.region.city_en, report.region.province_en, report.region.area_code) == ("Suzhou", "Jiangsu", "0512")
    assert report.carrier.location_zh == "江苏苏州"  # one answer: the prefix data's city
    found = next(item for item in report.findings if item.checker_id == "carrier-region")
    assert "sources disagree: phonenumbers places the block in 北京市 (Beijing)" in found.detail
    assert report.data_versions["cn_region_blocks"] == "phone 2312"


@needs_data
def test_enrich_many_carries_the_region_on_both_paths() -> None:
    fast = next(enrich_many(["17372170000"]))
    full = enrich("+86 173 7217 0000")
    assert fast.region == full.region
    assert fast.region is not None
    assert fast.region.city_zh == "苏州"


def test_a_number_from_a_never_opened_segment_is_flagged() -> None:
    report = numcheck.check("15400000000", offline=True)
    issued = next(item for item in report.findings if item.checker_id == "issued")
    assert "never_issued" in issued.tags
    assert report.summary.startswith("Do not buy: this number's segment was never opened")
    assert report.verdict is numcheck.Verdict.DO_NOT_BUY
    assert report.advice[0].action.startswith("Do not buy")


@needs_data
def test_an_unlisted_block_in_an_open_segment_only_has_an_unknown_location() -> None:
    """A block the crowd-sourced prefix data misses is no evidence of non-allocation (tests/unit/test_segment_sources.py)."""
    unlisted = next(
        f"{first}{block:04d}0000"
        for first in (165, 167, 170)
        for block in range(10_000)
        if (region_table().block(str(first)) or [None] * 10_000)[block] is None
    )
    found = next(item for item in numcheck.check(unlisted, offline=True).findings if item.checker_id == "issued")
    assert found.tags == ()
    assert "归属地" in found.detail


def test_the_data_read_from_bytes_answers_as_the_memory_mapped_file() -> None:
    """The installed phone.dat is mapped (decoded only where asked); its bytes read into memory give the same answers."""
    import mmap

    from numcheck.offline.regions import RegionTable

    assert isinstance(region_table()._data, mmap.mmap)
    path = phone_data_path()
    assert path is not None
    regions = RegionTable(path.read_bytes())
    for number in ("13800138000", "17372171234", "19012345678", "14012345678", "19200000000"):
        assert regions.lookup(number) == region_table().lookup(number)
    assert regions.version == region_table().version == "phone 2312"


def test_a_data_file_without_entries_answers_nothing() -> None:
    """A truncated phone.dat (its header only) has no block: every look-up is None, never an error or a wrong block."""
    from numcheck.offline.regions import RegionTable

    table = RegionTable(b"2312" + (8).to_bytes(4, "little"))
    assert table.version == "phone 2312"
    assert not table.available
    assert table.lookup("13800138000") is None


@pytest.mark.parametrize(
    "data", [None, b"", b"2312", b"2312" + (99).to_bytes(4, "little") + b"x" * 20, b"\xff" * 4 + (8).to_bytes(4, "little") + b"x" * 10]
)
def test_missing_or_malformed_data_reads_as_no_data(data: bytes | None) -> None:
    """Not installed, empty, or not phone.dat's layout: no version, no block, never a crash or a misread block."""
    from numcheck.offline.regions import RegionTable

    table = RegionTable(data)
    assert not table.available
    assert table.lookup("13800138000") is None
    assert table.block("138") is None


def test_one_look_up_answers_as_the_expanded_block() -> None:
    """A single look-up (binary search, no NumPy) and a whole expanded block (the bulk path's) give one answer."""
    import random

    from numcheck.offline.prefixes import PrefixTable, prefix_table, read_table
    from numcheck.offline.regions import RegionTable

    regions, prefixes = RegionTable(region_table()._data), PrefixTable(read_table("cn_mobile_prefixes.tsv"))
    rng = random.Random(11)
    numbers = [f"{rng.randrange(100, 200)}{rng.randrange(10**8):08d}" for _ in range(20_000)]
    numbers += ["13800000000", "13899999999", "19999999999", "10000000000"]
    for number in numbers:  # looked up one by one first: no block of these fresh tables is expanded yet
        expected_region = region_table().block(number[:3])
        expected_facts = prefix_table().block(number[:3])
        assert regions.lookup(number) == (None if expected_region is None else expected_region[int(number[3:7])]), number
        assert prefixes.lookup(number) == (None if expected_facts is None else expected_facts[int(number[3:7])]), number
