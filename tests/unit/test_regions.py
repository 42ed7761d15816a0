"""The 7-digit prefix table (province, city, area code, block holder) against phonenumbers and known facts."""

from __future__ import annotations

from pathlib import Path

import pytest

import numcheck
from numcheck.offline.enrich import enrich, enrich_many
from numcheck.offline.prefixes import prefix_table
from numcheck.offline.regions import region_table


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


def test_the_table_covers_about_half_a_million_blocks_of_data_2312() -> None:
    table = region_table()
    assert table.version == "phone 2312"
    listed = sum(1 for first in range(130, 200) for region in (table.block(str(first)) or []) if region is not None)
    assert 490_000 <= listed <= 510_000


def test_disagreement_with_phonenumbers_is_measured_and_small() -> None:
    """On every block both sources know: where phonenumbers names a province, the prefix data agrees 96% of the time.

    Measured with phonenumbers 9.0.43 and phone data 2312: 499,527 blocks in both; phonenumbers names only the
    country for 33.7% of them (the gap the prefix table fills); they name different places for 2.5%, which the
    report states source by source.
    """
    regions, prefixes = region_table(), prefix_table()
    both = country_only = disagree = 0
    for first in range(130, 200):
        ours, theirs = regions.block(str(first)), prefixes.block(str(first))
        if ours is None or theirs is None:
            continue
        for region, facts in zip(ours, theirs, strict=True):
            if region is None or facts is None:
                continue
            both += 1
            if facts.location_zh in ("", "中国"):
                country_only += 1
            elif region.province_zh not in facts.location_zh and region.city_zh not in facts.location_zh:
                disagree += 1
    assert both > 490_000
    assert 0.30 < country_only / both < 0.40
    assert disagree / (both - country_only) < 0.05


def test_reports_name_the_city_and_say_which_source_said_what() -> None:
    report = numcheck.check("17372170000", offline=True)
    assert report.region is not None
    assert (report.region.city_en, report.region.province_en, report.region.area_code) == ("Suzhou", "Jiangsu", "0512")
    assert report.carrier.location_zh == "北京市"  # phonenumbers' answer, kept as it is
    assert any("phonenumbers says 北京市" in note and "苏州" in note for note in report.notes)
    assert report.data_versions["cn_region_blocks"] == "phone 2312"


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
    assert report.summary.startswith("Never issued")
    assert report.advice[0].action.startswith("Do not buy")


def test_an_unlisted_block_in_an_open_segment_is_only_possibly_unallocated() -> None:
    report = numcheck.check("16512345678", offline=True)
    issued = next(item for item in report.findings if item.checker_id == "issued")
    assert region_table().lookup("16512345678") is None or "possibly_unallocated" not in issued.tags
    unlisted = next(
        f"{first}{block:04d}0000"
        for first in (165, 167, 170)
        for block in range(10_000)
        if (region_table().block(str(first)) or [None] * 10_000)[block] is None
    )
    found = next(item for item in numcheck.check(unlisted, offline=True).findings if item.checker_id == "issued")
    assert "possibly_unallocated" in found.tags
    assert "crowd-sourced" in found.detail


def test_tables_read_from_bytes_answer_as_the_memory_mapped_ones() -> None:
    """A zipped install has no file to map: the tables then read the bytes, with the same answers."""
    import mmap
    from importlib.resources import files

    from numcheck.offline.prefixes import PrefixTable
    from numcheck.offline.regions import RegionTable

    assert isinstance(region_table()._data, mmap.mmap)  # an installed package: mapped, decoded only where asked
    data = files("numcheck.data")
    regions = RegionTable(data.joinpath("cn_region_blocks.tsv").read_bytes())
    prefixes = PrefixTable(data.joinpath("cn_mobile_prefixes.tsv").read_bytes())
    for number in ("13800138000", "17372171234", "19012345678", "14012345678"):
        assert regions.lookup(number) == region_table().lookup(number)
        assert prefixes.lookup(number) == prefix_table().lookup(number)
    assert (regions.version, prefixes.country, prefixes.source_version) == (
        region_table().version, prefix_table().country, prefix_table().source_version,
    )  # fmt: skip


def test_a_table_without_sections_answers_nothing() -> None:
    """A truncated data file (header only) has no block: every look-up is None, never an error or a wrong block."""
    from numcheck.offline.regions import RegionTable

    header_only = b"#version\tphone 2312\n#holder\t1\tchina_mobile\t\n"
    table = RegionTable(header_only)
    assert table.version == "phone 2312"
    assert table.lookup("13800138000") is None


def test_an_empty_table_file_reads_as_an_empty_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken install with an empty data file: no block is known (the full parser answers), never a crash on mapping it."""
    from numcheck.offline import prefixes
    from numcheck.offline.regions import RegionTable

    (tmp_path / "cn_region_blocks.tsv").write_bytes(b"")
    monkeypatch.setattr(prefixes, "files", lambda _package: tmp_path)
    table = RegionTable(prefixes.read_table("cn_region_blocks.tsv"))
    assert table.version == ""
    assert table.lookup("13800138000") is None
