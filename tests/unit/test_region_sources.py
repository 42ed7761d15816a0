"""The 7-digit prefix data measured against an independent source: libphonenumber's geocoder (phonenumbers.geocoder).

Not against numcheck's own tables: the geocoder is asked number by number, through its public API, and compared
with a normalisation written here (not numcheck's `same_place`), so a bug shared by the table and its check cannot
hide. Measured with phone 0.4.5 (data 2312) and phonenumbers 9.0.43, one number per 7-digit block, every block:

* 499,527 blocks listed; the geocoder names a place (more than the country) for 330,968 of them (66.3%);
* of those, the two name the same province for 96.2% and the same city (or its prefecture) for 91.1%; most of the
  rest is the geocoder placing blocks of other provinces in 北京市;
* where they name the same city, the English city names are equal for 95.7%; every other pair is one of
  numcheck's conventional spellings (Xi'an for XiAn, Urumqi for Urumchi, Shigatse for Xigaze ...).
"""

from __future__ import annotations

import re

import phonenumbers
import pytest
from phonenumbers import geocoder

from numcheck.offline.regions import region_table

pytestmark = pytest.mark.skipif(not region_table().available, reason="the `phone` package's data is not installed")

_SUFFIXES = re.compile(r"(省|市|地区|盟|(?:[\u4e00-\u9fff]{1,6}?族)*自治[州区县]|壮族自治区|回族自治区|维吾尔自治区|特别行政区)$")


def _province_and_rest(zh: str) -> tuple[str, str]:
    for province in sorted(_PROVINCES, key=len, reverse=True):
        if zh.startswith(province):
            return province, re.sub(r"^(省|市|(?:壮族|回族|维吾尔)?自治区)", "", zh[len(province) :])
    return "", zh


_PROVINCES = [
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南",
    "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏", "新疆",
]  # fmt: skip


def _blocks() -> list[tuple[str, str, str, str, str, str]]:
    """(number, province_zh, city_zh, city_en, geocoder zh, geocoder en) for the first number of every listed block."""
    table, rows = region_table(), []
    for first in range(130, 200):
        for offset, region in enumerate(table.block(str(first)) or []):
            if region is None:
                continue
            number = phonenumbers.parse(f"+86{first}{offset:04d}0000")
            rows.append((str(number.national_number), region.province_zh, region.city_zh, region.city_en,
                         geocoder.description_for_number(number, "zh"), geocoder.description_for_number(number, "en")))  # fmt: skip
    return rows


@pytest.fixture(scope="module")
def blocks() -> list[tuple[str, str, str, str, str, str]]:
    return _blocks()


def test_the_two_sources_agree_where_both_name_a_place(blocks: list[tuple[str, str, str, str, str, str]]) -> None:
    named = [row for row in blocks if row[4] not in ("", "中国")]
    assert len(blocks) > 490_000
    assert 0.60 < len(named) / len(blocks) < 0.75
    same_province = same_city = same_english = 0
    for _, province, city, city_en, said_zh, said_en in named:
        said_province, rest = _province_and_rest(said_zh)
        if said_province != province:
            continue
        same_province += 1
        # The geocoder names prefectures (巴音郭楞蒙古自治州), the prefix data sometimes the seat (库尔勒): a city
        # counts as the same when either name holds the other, or the geocoder names several cities (、) and this one.
        parts = [_SUFFIXES.sub("", part) for part in rest.split("、")]
        stem = _SUFFIXES.sub("", city)
        if any(part and (stem in part or part in stem) for part in parts) or (province == city and not rest):
            same_city += 1
            same_english += said_en.split(",")[0].casefold() == city_en.casefold()
    assert same_province / len(named) > 0.95
    assert same_city / len(named) > 0.89
    assert same_english / same_city > 0.94


# libphonenumber's spellings numcheck replaces with the ones English uses; any other English difference is a bug.
RESPELLED = {"urumchi": "urumqi", "hulun": "hulunbuir", "kashi": "kashgar", "xilin": "xilingol", "xigaze": "shigatse", "puer": "pu'er"}


def test_english_names_differ_from_the_geocoder_only_by_conventional_spelling(blocks: list[tuple[str, str, str, str, str, str]]) -> None:
    differing = set()
    for _, province, city, city_en, said_zh, said_en in blocks:
        said_province, rest = _province_and_rest(said_zh)
        if said_province == province and rest and "、" not in rest and _SUFFIXES.sub("", rest) == _SUFFIXES.sub("", city):
            theirs = said_en.split(",")[0].casefold()
            if theirs != city_en.casefold():
                differing.add((theirs, city_en.casefold()))
    assert differing
    for theirs, ours in differing:
        assert RESPELLED.get(theirs, theirs.replace("'", "")) in (ours, ours.replace("'", "")), (theirs, ours)
