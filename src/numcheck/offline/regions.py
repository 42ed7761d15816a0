"""Province, city, area code (区号) and block holder of Chinese mobile 7-digit prefixes.

The data is the `phone` package's ``phone.dat`` (on the package index; data version 2312 in phone 0.4.5),
read from the user's own installed copy: numcheck does not ship it, because that file descends from
xluohome/phonedata, whose repository is GPL-3.0 (THIRD_PARTY_NOTICES.md has the evidence). Without
`phone` installed every look-up is None and `RegionTable.available` is False: the region is unknown,
never guessed.

Nothing is read at import. On first use the file is memory-mapped; one look-up is a binary search over its
index, and a whole 3-digit block (10,000 references to shared `Region` records, for the bulk path's table) is
read with NumPy. A prefix the data does not list is None: crowd-sourced data has gaps, so "not listed"
means "location unknown", never "unallocated" (docs/verdict.md: one dataset's gap is no evidence).

English names come from ``data/cn_place_names.tsv`` (libphonenumber's names, conventional spellings where
English has them; see tools/gen_cn_region_table.py).
"""

import mmap
import re
import struct
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

from numcheck.offline.prefixes import read_table

# English names of provinces and autonomous regions as English writes them (Inner Mongolia, Tibet), not in pinyin.
PROVINCES_EN = {
    "北京": "Beijing", "天津": "Tianjin", "上海": "Shanghai", "重庆": "Chongqing", "河北": "Hebei", "山西": "Shanxi",
    "辽宁": "Liaoning", "吉林": "Jilin", "黑龙江": "Heilongjiang", "江苏": "Jiangsu", "浙江": "Zhejiang", "安徽": "Anhui",
    "福建": "Fujian", "江西": "Jiangxi", "山东": "Shandong", "河南": "Henan", "湖北": "Hubei", "湖南": "Hunan",
    "广东": "Guangdong", "海南": "Hainan", "四川": "Sichuan", "贵州": "Guizhou", "云南": "Yunnan", "陕西": "Shaanxi",
    "甘肃": "Gansu", "青海": "Qinghai", "台湾": "Taiwan", "内蒙古": "Inner Mongolia", "广西": "Guangxi", "西藏": "Tibet",
    "宁夏": "Ningxia", "新疆": "Xinjiang", "香港": "Hong Kong", "澳门": "Macau",
}  # fmt: skip
MUNICIPALITIES = frozenset({"北京", "天津", "上海", "重庆"})
COUNTRY_NAMES = frozenset({"中国", "China"})

# Card types of phone.dat as its README defines them (1-6); 7 appears only on the 192 segment (China Broadnet).
HOLDERS = {
    1: ("china_mobile", ""),
    2: ("china_unicom", ""),
    3: ("china_telecom", ""),
    4: ("china_telecom", "mvno"),
    5: ("china_unicom", "mvno"),
    6: ("china_mobile", "mvno"),
    7: ("china_broadnet", ""),
}

# Places one source names by a county-level seat, an old name or a district, and the other by the
# prefecture or municipality it belongs to now: the same place in other words (numcheck's own list).
SAME_PLACE = {
    "库尔勒": ("巴音郭楞",), "巴州": ("巴音郭楞",), "博乐": ("博尔塔拉",), "博州": ("博尔塔拉",), "克州": ("克孜勒苏",),
    "奎屯": ("伊犁",), "临河": ("巴彦淖尔",), "集宁": ("乌兰察布",), "海拉尔": ("呼伦贝尔",), "锡林浩特": ("锡林郭勒",),
    "乌兰浩特": ("兴安",), "西昌": ("凉山",), "吉首": ("湘西",), "凯里": ("黔东南",), "都匀": ("黔南",), "兴义": ("黔西南",),
    "延吉": ("延边",), "珲春": ("延边",), "德宏": ("芒市",), "迪庆": ("香格里拉",), "思茅": ("普洱",), "襄樊": ("襄阳",),
    "襄阳": ("襄樊",), "巢湖": ("合肥",), "莱芜": ("济南",), "潢川": ("信阳",), "商州": ("商洛",), "雄安": ("保定",),
    "江汉": ("仙桃", "潜江", "天门"), "万州": ("重庆",), "涪陵": ("重庆",), "黔江": ("重庆",), "共和": ("海南",),
    "海晏": ("海北",), "德令哈": ("海西",), "格尔木": ("海西",),
}  # fmt: skip

# What a Chinese place name ends with that is not part of the name: 市, 地区, 盟, and 自治州 with the peoples before it.
_PEOPLES = (
    "蒙古|柯尔克孜|哈萨克|回|傣|景颇|傈僳|哈尼|彝|苗|侗|藏|羌|土家|朝鲜|白|壮|布依|维吾尔|纳西|佤|拉祜|瑶|黎|畲|满|锡伯|达斡尔|鄂温克"
)
_SUFFIX = re.compile(rf"(?:(?:(?:{_PEOPLES})族?)*自治[州县]|市|地区|盟|林区)$")
_PROVINCE_SUFFIX = re.compile(r"^(?:省|市|(?:壮族|回族|维吾尔)?自治区|特别行政区)")
_PROVINCES_LONGEST_FIRST = sorted(PROVINCES_EN, key=len, reverse=True)


class Region(NamedTuple):
    """Where a 7-digit block is registered, and which operator holds it (``mvno``: a virtual operator hosted by it)."""

    province_en: str
    province_zh: str
    city_en: str
    city_zh: str
    area_code: str
    holder: str
    holder_kind: str


def stem(name: str) -> str:
    """A place name without its administrative suffix: 巴音郭楞蒙古自治州 → 巴音郭楞, 苏州市 → 苏州, 兴安盟 → 兴安."""
    stripped = _SUFFIX.sub("", name)
    return stripped or name


def split_province(text: str) -> tuple[str, str]:
    """("江苏", "苏州市") for "江苏省苏州市"; ("", text) when it starts with no province."""
    for province in _PROVINCES_LONGEST_FIRST:
        if text.startswith(province):
            return province, _PROVINCE_SUFFIX.sub("", text[len(province) :])
    return "", text


def _names_of(city_zh: str) -> set[str]:
    city = stem(city_zh)
    return {city, *SAME_PLACE.get(city, ())}


def same_place(province_zh: str, city_zh: str, said_en: str, said_zh: str) -> bool | None:
    """Whether another source's place (``said_*``) is this province and city.

    None when it names no place (empty, or only the country): saying less is not disagreeing. A province
    alone is the same place when it is this province. Names are compared in Chinese (English spellings
    vary, and Suzhou is two cities); a seat, an old name or a district counts as its prefecture.
    """
    if said_zh:
        if said_zh in COUNTRY_NAMES:
            return None
        said_province, rest = split_province(said_zh)
        if not said_province:
            return None  # not a Chinese place name numcheck can read: claim no disagreement
        if said_province != province_zh:
            return False
        rest = stem(rest)
        if not rest or province_zh in MUNICIPALITIES:
            return True
        ours = _names_of(city_zh)
        return any(stem(part) in ours or any(stem(part) in name or name in stem(part) for name in ours) for part in rest.split("、"))
    if not said_en or said_en in COUNTRY_NAMES:
        return None
    city, _, province = (part.strip() for part in said_en.rpartition(","))
    province = province or city
    if province.casefold() != PROVINCES_EN.get(province_zh, "").casefold():
        return False
    if not city or city == province:
        return True
    return _fold(city) in {_fold(name) for name in place_table().english_of(province_zh, city_zh)}


def _fold(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.casefold())


def place_names_of(province_en: str, province_zh: str, city_en: str, city_zh: str) -> tuple[str, str]:
    """("Suzhou, Jiangsu", "江苏苏州"); a municipality is named once: ("Beijing", "北京")."""
    if province_zh in MUNICIPALITIES and city_zh in (province_zh, ""):
        return province_en, province_zh
    english = ", ".join(name for name in (city_en, province_en) if name)
    return english, province_zh + city_zh


def place_names(region: Region) -> tuple[str, str]:
    """The English and Chinese name of a region's place: what every path gives as ``location_en`` and ``location_zh``."""
    return place_names_of(region.province_en, region.province_zh, region.city_en, region.city_zh)


def place_name(province_en: str, province_zh: str, city_en: str, city_zh: str) -> str:
    """ "Suzhou, Jiangsu / 江苏苏州"; a municipality (北京, 上海 ...) is named once."""
    return " / ".join(name for name in place_names_of(province_en, province_zh, city_en, city_zh) if name)


class PlaceTable:
    """English names of Chinese cities, from ``data/cn_place_names.tsv``, by province and name without suffix."""

    def __init__(self, text: str) -> None:
        self.english: dict[tuple[str, str], str] = {}
        # Each row's fields, its spellings read from them when asked: a check wants one city's English, and building
        # every row's set cost it half a millisecond.
        self._fields: dict[tuple[str, str], list[str]] = {}
        for line in text.splitlines():
            if not line or line[0] == "#" or line.isspace():
                continue
            fields = line.split("\t")
            key = (fields[0], fields[1])
            self.english[key] = fields[2]
            self._fields[key] = fields

    def city_en(self, province_zh: str, city_zh: str) -> str:
        """The English name of a city ('' when the table has none)."""
        return self.english.get((province_zh, stem(city_zh)), "")

    def english_of(self, province_zh: str, city_zh: str) -> set[str]:
        """Every English spelling known for a city or the places it counts as."""
        rows = [self._fields[key] for key in ((province_zh, city) for city in _names_of(city_zh)) if key in self._fields]
        return {name for fields in rows for name in (fields[2], *(other for other in fields[3:] if other))}


@cache
def place_table() -> PlaceTable:
    data = read_table("cn_place_names.tsv")
    return PlaceTable(data[:].decode("utf-8"))


# phone.dat's index: 9-byte entries (7-digit prefix, record offset, card type), little-endian, packed, sorted by
# prefix: the `phone` package finds a prefix by binary search over them (phone/phone.py, Phone._lookup_phone).
_ENTRY = struct.Struct("<iiB")


class RegionTable:
    """The `phone` package's data (``phone.dat`` bytes, or None); `lookup` answers for an 11-digit national number.

    One look-up is a binary search over the file's index, as the `phone` package itself does: no NumPy, so a
    single check never loads it. A whole 3-digit block (`block`, for the bulk path's table) is read with NumPy.
    """

    def __init__(self, data: bytes | mmap.mmap | None) -> None:
        self.version = ""
        self._data = data if data is not None else b""
        self._blocks: dict[str, list[Region | None] | None] = {}
        self._shared: dict[tuple[int, int], Region | None] = {}
        self._unique: dict[Region, Region] = {}
        self._first = self._count = 0
        if data is None or len(data) < 8:
            return
        version, first_index = struct.unpack_from("<4si", data, 0)
        if not 8 <= first_index <= len(data) or (len(data) - first_index) % _ENTRY.size:
            return  # not phone.dat's layout: answer nothing rather than misread it
        self._first, self._count = first_index, (len(data) - first_index) // _ENTRY.size
        self.version = f"phone {version.decode('ascii', 'replace')}"

    @property
    def available(self) -> bool:
        """Whether there is prefix data to answer from (the `phone` package is installed and readable)."""
        return self._count > 0

    def lookup(self, national_number: str) -> Region | None:
        """The region of an 11-digit Chinese mobile number, or None when the data does not list its block."""
        if len(national_number) < 7 or not national_number[:7].isdigit() or not self._count:
            return None
        wanted = int(national_number[:7])
        # The last entry with this prefix (a later entry wins, as in `block`).
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            if _ENTRY.unpack_from(self._data, self._first + middle * _ENTRY.size)[0] <= wanted:
                low = middle + 1
            else:
                high = middle
        if not low:
            return None
        prefix, record, card = _ENTRY.unpack_from(self._data, self._first + (low - 1) * _ENTRY.size)
        return self._region(record, card) if prefix == wanted else None

    def block(self, first_three: str) -> list[Region | None] | None:
        """The expanded block for a 3-digit prefix (None entries: prefixes the data does not list), or None."""
        try:
            return self._blocks[first_three]
        except KeyError:
            expanded = self._expand(int(first_three)) if first_three.isdigit() and self._count else None
            self._blocks[first_three] = expanded
            return expanded

    def _expand(self, first_three: int) -> list[Region | None] | None:
        import numpy as np  # a whole block: the bulk path's, which has NumPy loaded anyway

        index = np.frombuffer(
            self._data, dtype=[("prefix", "<i4"), ("record", "<i4"), ("card", "u1")], count=self._count, offset=self._first
        )
        start, stop = np.searchsorted(index["prefix"], [first_three * 10_000, first_three * 10_000 + 10_000], side="left")
        if start == stop:
            return None
        entries = index[start:stop]
        keys, inverse = np.unique(entries["record"].astype(np.int64) * 256 + entries["card"], return_inverse=True)
        regions = np.empty(len(keys), dtype=object)
        for position, key in enumerate(keys.tolist()):
            regions[position] = self._region(key >> 8, key & 0xFF)
        expanded = np.full(10_000, None, dtype=object)
        expanded[entries["prefix"] - first_three * 10_000] = regions[inverse.reshape(-1)]  # a later entry wins
        listed: list[Region | None] = expanded.tolist()
        return listed

    def _place(self, record: int) -> tuple[str, str, str] | None:
        """Province, city and area code of the record starting at ``record`` (None: not the start of a record)."""
        data = self._data
        if not 8 <= record < self._first or (record > 8 and data[record - 1 : record] != b"\0"):
            return None
        end = data.find(b"\0", record, self._first)
        fields = bytes(data[record : end if end >= 0 else self._first]).decode("utf-8", "replace").split("|")
        if len(fields) != 4:
            return None
        province, city, _postcode, area_code = fields
        return province, city, area_code

    def _region(self, record: int, card: int) -> Region | None:
        # One record per (place, holder) across all blocks: fewer distinct objects keep the fast path's working set in cache.
        try:
            return self._shared[(record, card)]
        except KeyError:
            pass
        place = self._place(record)
        region = None
        if place is not None:
            province, city, area_code = place
            holder, kind = HOLDERS.get(card, ("", ""))
            made = Region(PROVINCES_EN.get(province, ""), province, place_table().city_en(province, city), city, area_code, holder, kind)
            region = self._unique.setdefault(made, made)  # records repeated in the file share one Region too
        self._shared[(record, card)] = region
        return region


def phone_data_path() -> Path | None:
    """Where the installed `phone` package keeps ``phone.dat``, or None when it is not installed."""
    try:
        spec = find_spec("phone")
    except (ImportError, ValueError):
        return None
    for location in (spec.submodule_search_locations or []) if spec is not None else []:
        path = Path(location) / "phone.dat"
        if path.is_file():
            return path
    return None


@cache
def region_table() -> RegionTable:
    """The installed `phone` package's data, read once on first use (an empty table when it is not installed)."""
    path = phone_data_path()
    if path is None:
        return RegionTable(None)
    try:
        with path.open("rb") as handle:
            return RegionTable(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # unreadable, or empty (cannot be mapped)
        return RegionTable(None)
