"""One answer per location field on every path, "sources disagree" only for different places, conventional names."""

from __future__ import annotations

import csv
import io
import json
import random

import pytest

import numcheck
from numcheck import enrich_many
from numcheck.bulk.rows import OfflineRows
from numcheck.engine import Runner
from numcheck.offline.enrich import enrich
from numcheck.offline.regions import Region, place_names, region_table, same_place
from numcheck.render.text import carrier_and_place

pytestmark = pytest.mark.skipif(not region_table().available, reason="the `phone` package's data is not installed")


def _numbers(count: int, seed: int) -> list[str]:
    """Numbers all over 130-199, with every block where the two sources name different places or only one names a place."""
    rng = random.Random(seed)
    numbers = [f"{rng.randrange(130, 200)}{rng.randrange(10**8):08d}" for _ in range(count)]
    return [*numbers, "17372170000", "13800138000", "16600000000", "19200000000", "14012345678", "17000000000"]


def _expected(region: Region | None, report_location: tuple[str, str]) -> tuple[str, str]:
    return place_names(region) if region is not None else report_location


def test_every_path_gives_one_answer_per_location_field() -> None:
    """Report (its fields and its header), enrich, enrich_many, enrich_table and the batch CSV and JSON Lines agree, number by number."""
    pytest.importorskip("pyarrow")
    numbers = list(dict.fromkeys(_numbers(300, 7)))
    fast = list(enrich_many(numbers))
    table = numcheck.enrich_table(numbers).to_pylist()
    with Runner(offline=True, store=None) as runner:
        csv_rows = list(
            csv.DictReader(io.StringIO(OfflineRows(runner, "csv").header() + "".join(OfflineRows(runner, "csv").lines(numbers))))
        )
        records = [json.loads(line) for line in OfflineRows(runner, "jsonl").lines(numbers)]
    for number, quick, row, cells, record in zip(numbers, fast, table, csv_rows, records, strict=True):
        report = numcheck.check(number, offline=True)
        full = enrich(f"+86 {number}")
        location = (report.carrier.location_en, report.carrier.location_zh)
        if report.region is not None:
            region = Region(*(getattr(report.region, name) for name in Region._fields))
            assert location == place_names(region), number
            assert quick.region == full.region == region, number
        else:
            assert quick.region is None, number
            assert full.region is None, number
        _, header = carrier_and_place(report)
        assert header.startswith(" / ".join(name for name in location if name)), number
        assert (quick.location_en, quick.location_zh) == (full.location_en, full.location_zh) == location, number
        assert (row["location_en"], row["location_zh"]) == location, number
        assert (cells["region"], record["location"], record["location_zh"]) == (location[0], *location), number
        province_city = (None, None) if report.region is None else (report.region.province_en, report.region.city_en)
        assert (row["province_en"], row["city_en"]) == province_city, number
        assert (cells["province"] or None, cells["city"] or None) == province_city, number


def test_a_block_the_sources_place_apart_says_so_once_and_answers_with_the_prefix_data() -> None:
    report = numcheck.check("17372170000", offline=True)
    assert (report.carrier.location_en, report.carrier.location_zh) == ("Suzhou, Jiangsu", "江苏苏州")
    assert next(enrich_many(["17372170000"])).location_zh == "江苏苏州"
    carrier_region = next(item for item in report.findings if item.checker_id == "carrier-region")
    assert "sources disagree" in carrier_region.detail
    assert "北京市" in carrier_region.detail


def test_a_source_naming_only_the_country_does_not_disagree() -> None:
    """166 blocks: phonenumbers names only China there. Less said is not a different place."""
    number = next(f"166{block:04d}0000" for block in range(10_000) if region_table().lookup(f"166{block:04d}0000") is not None)
    report = numcheck.check(number, offline=True)
    assert not [note for note in report.notes if "disagree on where" in note]
    carrier_region = next(item for item in report.findings if item.checker_id == "carrier-region")
    assert "disagree" not in carrier_region.detail


@pytest.mark.parametrize(
    ("province_zh", "city_zh", "said_en", "said_zh", "same"),
    [
        ("江苏", "苏州", "Suzhou, Jiangsu", "江苏省苏州市", True),
        ("江苏", "苏州", "China", "中国", None),  # only the country: no place named
        ("江苏", "苏州", "", "", None),
        ("江苏", "苏州", "Beijing", "北京市", False),
        ("北京", "北京", "Beijing", "北京市", True),
        ("内蒙古", "呼和浩特", "Hohhot, Inner Mongolia", "内蒙古呼和浩特市", True),
        ("新疆", "乌鲁木齐", "Urumchi, Xinjiang", "新疆乌鲁木齐市", True),
        ("新疆", "库尔勒", "KuErle, Xinjiang", "新疆巴音郭楞蒙古自治州", True),  # the prefecture's seat, named by the other source
        ("湖北", "襄阳", "Xiangfan, Hubei", "湖北省襄樊市", True),  # renamed in 2010
        ("湖北", "天门", "Xiantao/Qianjiang/Tianmen, Hubei", "湖北省仙桃市、潜江市、天门市", True),
        ("安徽", "宿州", "Suzhou, Anhui", "安徽省宿州市", True),
        ("安徽", "宿州", "Suzhou, Jiangsu", "江苏省苏州市", False),  # same English, different place
        ("广东", "深圳", "Guangdong", "广东省", True),  # the province only: less said, not different
        ("广东", "深圳", "Fujian", "福建省", False),
        ("江苏", "苏州", "Suzhou, Jiangsu", "", True),  # only an English name: compared in English
        ("江苏", "苏州", "Wuxi, Jiangsu", "", False),
    ],
)
def test_same_place(province_zh: str, city_zh: str, said_en: str, said_zh: str, same: bool | None) -> None:
    assert same_place(province_zh, city_zh, said_en, said_zh) is same


@pytest.mark.parametrize(
    ("province_zh", "city_zh", "province_en", "city_en"),
    [
        ("黑龙江", "哈尔滨", "Heilongjiang", "Harbin"),
        ("新疆", "乌鲁木齐", "Xinjiang", "Urumqi"),
        ("新疆", "喀什", "Xinjiang", "Kashgar"),
        ("内蒙古", "呼和浩特", "Inner Mongolia", "Hohhot"),
        ("陕西", "西安", "Shaanxi", "Xi'an"),
        ("西藏", "拉萨", "Tibet", "Lhasa"),
        ("西藏", "日喀则", "Tibet", "Shigatse"),
        ("北京", "北京", "Beijing", "Beijing"),
        ("江苏", "苏州", "Jiangsu", "Suzhou"),
    ],
)
def test_conventional_english_names(province_zh: str, city_zh: str, province_en: str, city_en: str) -> None:
    table = region_table()
    region = next(region for first in range(130, 200) for region in table.block(str(first)) or [] if region and region.city_zh == city_zh)
    assert (region.province_zh, region.province_en, region.city_en) == (province_zh, province_en, city_en)


def test_every_place_of_the_data_has_an_english_name() -> None:
    table = region_table()
    names = {
        (region.province_zh, region.city_zh): region.city_en
        for first in range(130, 200)
        for region in table.block(str(first)) or []
        if region
    }
    assert len(names) > 300
    assert not [place for place, english in names.items() if not english]
    # pinyin run together is not how English writes these names
    assert not {"Haerbin", "Wulumuqi", "Huhehaote", "Xian", "Lasa", "Urumchi", "XiAn"} & set(names.values())
