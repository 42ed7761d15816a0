"""The segment table against sources other than itself, and the offline checkers that read it.

Independent sources used here:

* libphonenumber's metadata as shipped in the installed ``phonenumbers`` package (9.0.43 when this
  was written): the CN mobile national-number pattern of ``resources/PhoneNumberMetadata.xml`` and the
  carrier prefixes of ``resources/carrier/en/86.txt``;
* MIIT's allocation table 《我国公众移动通信网网号及H0分配情况（截至2023年3月底）》 (published
  2023-06-05; text at https://zh.wikisource.org/zh/我国公众移动通信网网号及H₀分配情况（截至2023年3月底）),
  transcribed below by hand from that page, not from the table under test;
* the `phone` package's 7-digit prefix data (version 2312), read from its installed copy (tests that need it
  are skipped without it).
"""

from __future__ import annotations

import re

import phonenumbers
import pytest
from phonenumbers import PhoneNumberType, carrier

import numcheck
from numcheck.offline.regions import region_table
from numcheck.segments import Operator, SegmentKind, SegmentRow, segment_table

PHONENUMBERS_VERSION = phonenumbers.__version__
needs_phone_data = pytest.mark.skipif(not region_table().available, reason="the `phone` package's data is not installed")

_ROWS = segment_table().rows
_ROWS_11 = [row for row in _ROWS if row.digits == 11]


def _findings(number: str) -> dict[str, numcheck.Finding]:
    return {item.checker_id: item for item in numcheck.check(number, offline=True).findings}


def _reachable(row: SegmentRow) -> object:
    return pytest.param(row, id=f"{row.segment.prefix}/{row.digits}")


def _example(row: SegmentRow, fill: str = "0") -> str:
    return row.segment.prefix + fill * (row.digits - len(row.segment.prefix))


def _fives(row: SegmentRow) -> list[str]:
    """The five-digit ranges a row of an 11-digit segment covers (rows are at most five digits long)."""
    prefix = row.segment.prefix
    assert len(prefix) <= 5
    return [prefix + f"{tail:0{5 - len(prefix)}d}" for tail in range(10 ** (5 - len(prefix)))] if len(prefix) < 5 else [prefix]


# ----------------------------------------------------------------------------------------------
# Defect 1: every row cites a public source precisely, never this project's own issue tracker.

_PUBLIC_ADDRESS = re.compile(r"https?://\S+")
_PROJECT_ISSUE = re.compile(r"(?<![\w/.-])(issue|pr|pull request)\s*#\s*\d+", re.IGNORECASE)
_OTHER_PROJECT_ISSUE = re.compile(r"[\w.-]+/[\w.-]+ (issue|pull request) #\d+")


@pytest.mark.parametrize("row", _ROWS, ids=lambda row: f"{row.segment.prefix}/{row.digits}")
def test_every_row_cites_a_public_source(row: SegmentRow) -> None:
    """Each row names at least one public source with its address; none is an issue of this project."""
    assert row.sources, f"{row.segment.prefix} cites no source"
    for source in row.sources:
        assert source.citation.strip()
        assert source.label.strip()
        assert _PUBLIC_ADDRESS.search(source.citation), f"{source.key}: no public address in {source.citation!r}"
        assert "numcheck" not in source.citation.lower()
        assert "/work/" not in source.citation
        # "issue #3" alone is this project's tracker; another project's issue is named with its repository.
        assert not _PROJECT_ISSUE.search(_OTHER_PROJECT_ISSUE.sub("", source.citation)), f"{source.key}: an issue of no named repository"


@pytest.mark.parametrize("row", _ROWS, ids=lambda row: f"{row.segment.prefix}/{row.digits}")
def test_no_note_leans_on_this_projects_issues(row: SegmentRow) -> None:
    assert not re.search(r"issue\s*#\s*\d", row.note + row.disputed, re.IGNORECASE)


@needs_phone_data
def test_cited_versions_are_the_installed_ones() -> None:
    """The libphonenumber citation names the phonenumbers release these tests compare with."""
    citations = {source.citation for row in _ROWS for source in row.sources}
    assert any(f"phonenumbers {PHONENUMBERS_VERSION}" in citation for citation in citations)
    assert any(region_table().version.replace("phone ", "") in citation for citation in citations if "lovedboy/phone" in citation)


# ----------------------------------------------------------------------------------------------
# Defect 2: the facts the review found wrong.


def _row(number: str) -> SegmentRow:
    row = segment_table().lookup(number)
    assert row is not None, number
    return row


def test_172_is_ordinary_china_mobile() -> None:
    segment = _row("17212345678").segment
    assert (segment.operator, segment.kind, segment.portable, segment.sms) == (Operator.CHINA_MOBILE, SegmentKind.MOBILE, True, True)


@pytest.mark.parametrize("number", ["17406123456", "17409123456", "17410123456", "17412123456", "17490123456", "17499123456"])
def test_174_special_user_parts_are_allocated_not_never_opened(number: str) -> None:
    """17406-17412 (emergency communications) and 1749 (maritime satellite) are allocated to special users."""
    segment = _row(number).segment
    assert segment.kind is SegmentKind.SPECIAL
    assert segment.operator.value in ("miit_emergency_comms", "beijing_marine_comms")
    found = _findings(number)
    assert "never_issued" not in found["issued"].tags
    assert found["iot-segment"].tags == ("special_line",)


@pytest.mark.parametrize("number", ["17413123456", "17420123456", "17481234567"])
def test_the_rest_of_174_is_not_allocated(number: str) -> None:
    assert segment_table().lookup(number) is None
    assert _findings(number)["issued"].tags == ("never_issued",)


@pytest.mark.parametrize("number", ["14000000000", "14012345678", "1400012345678", "1401234567890"])
def test_140_is_reserved(number: str) -> None:
    assert segment_table().lookup(number) is None


@pytest.mark.parametrize(
    ("number", "operator"),
    [
        ("1410012345678", Operator.CHINA_TELECOM),
        ("1440012345678", Operator.CHINA_MOBILE),
        ("1441012345678", Operator.CHINA_MOBILE),
        ("1460012345678", Operator.CHINA_UNICOM),
        ("1480012345678", Operator.CHINA_MOBILE),
    ],
)
def test_thirteen_digit_iot(number: str, operator: Operator) -> None:
    segment = _row(number).segment
    assert (segment.operator, segment.kind, segment.sms) == (operator, SegmentKind.IOT, False)


@pytest.mark.parametrize("number", ["1411012345678", "1419012345678", "1442012345678", "1449012345678", "14100123456", "14400123456"])
def test_141_is_1410_only_and_144_is_1440_and_1441_only(number: str) -> None:
    assert segment_table().lookup(number) is None


def test_1349_names_the_disagreement() -> None:
    """MIIT lists 1349 for satellite service (China Telecom); the prefix data calls its blocks China Mobile's."""
    row = _row("13491234567")
    assert row.segment.operator is Operator.CHINA_TELECOM
    assert row.segment.kind is SegmentKind.SATELLITE
    assert "china_mobile" in row.disputed.lower().replace(" ", "_")
    finding = _findings("13491234567")["cn-segment"]
    assert "disagree" in finding.detail
    assert "China Mobile" in finding.detail
    disputed = finding.facts["operator_disputed"]
    assert isinstance(disputed, str)
    assert "China Mobile" in disputed


@pytest.mark.parametrize("prefix", ["145", "147", "149"])
def test_data_cards_take_sms(prefix: str) -> None:
    segment = _row(prefix + "12345678").segment
    assert segment.kind is SegmentKind.DATA
    assert segment.sms is True


def test_1619_rests_on_miit() -> None:
    row = _row("16190123456")
    assert row.segment.operator is Operator.CHINA_SATNET
    assert any(source.key == "miit-h0-2023" for source in row.sources)


# ----------------------------------------------------------------------------------------------
# Defect 3: the SMS fact and the no_sms tag.

_LINE_TAGS = {"iot_line", "data_line", "satellite_line", "special_line", "no_sms"}


@pytest.mark.parametrize(
    ("number", "tags"),
    [
        ("13800138000", ()),
        ("17001234567", ()),
        ("17212345678", ()),
        ("14512345678", ("data_line",)),
        ("14712345678", ("data_line",)),
        ("14912345678", ("data_line",)),
        ("14612345678", ("iot_line", "no_sms")),
        ("14812345678", ("iot_line", "no_sms")),
        ("1410012345678", ("iot_line", "no_sms")),
        ("1440012345678", ("iot_line", "no_sms")),
        ("1460012345678", ("iot_line", "no_sms")),
        ("17400123456", ("satellite_line",)),
        ("13491234567", ("satellite_line",)),
        ("16190123456", ("satellite_line",)),
        ("17406123456", ("special_line",)),
        ("17491234567", ("special_line",)),
    ],
)
def test_line_kind_tags(number: str, tags: tuple[str, ...]) -> None:
    assert _findings(number)["iot-segment"].tags == tags


@pytest.mark.parametrize("row", [_reachable(row) for row in _ROWS], ids=lambda row: f"{row.segment.prefix}/{row.digits}")
def test_no_sms_exactly_when_the_segment_cannot_take_sms(row: SegmentRow) -> None:
    finding = _findings(_example(row, "1"))["iot-segment"]
    assert set(finding.tags) <= _LINE_TAGS
    assert ("no_sms" in finding.tags) is (row.segment.sms is False)
    assert finding.facts["sms"] == row.segment.sms


def test_unknown_sms_is_said_and_not_a_no_sms() -> None:
    finding = _findings("16190123456")["iot-segment"]
    assert _row("16190123456").segment.sms is None
    assert "unknown" in finding.detail
    assert "no_sms" not in finding.tags


def test_a_number_without_a_segment_is_not_called_ordinary() -> None:
    finding = _findings("15400000000")["iot-segment"]
    assert "ordinary" not in finding.detail
    assert finding.tags == ()


# ----------------------------------------------------------------------------------------------
# Defect 4: the issued check, segment by segment.

# 3-digit segments in 13x-19x with no 11-digit allocation at all: MIIT's 2023 table has none of them
# (140-144 are 13-digit IoT numbering, zh.wikipedia "中国内地移动终端通讯号段").
NEVER_OPENED = ("140", "141", "142", "143", "144", "154", "160", "163", "164", "168", "169", "179", "194")


def test_the_never_opened_list_is_what_the_table_says() -> None:
    opened = {row.segment.prefix[:3] for row in _ROWS_11}
    assert sorted(f"{first}" for first in range(130, 200) if str(first) not in opened) == list(NEVER_OPENED)


@pytest.mark.parametrize("first", NEVER_OPENED)
@pytest.mark.parametrize("rest", ["00000000", "12345678", "99999999"])
def test_every_never_opened_segment_is_never_issued(first: str, rest: str) -> None:
    found = _findings(first + rest)["issued"]
    assert found.tags == ("never_issued",)
    assert found.facts["segment_opened"] is False


@pytest.mark.parametrize("first", [str(first) for first in range(130, 200) if str(first) not in NEVER_OPENED])
def test_every_opened_segment_has_issued_numbers(first: str) -> None:
    """Each opened 3-digit segment has numbers the issued check accepts (19x included)."""
    accepted = [
        number
        for number in (f"{first}{fourth}{fifth}123456" for fourth in range(10) for fifth in range(10))
        if "never_issued" not in _findings(number)["issued"].tags
    ]
    assert accepted


@pytest.mark.parametrize(
    ("number", "never"), [("19412345678", True), ("19912345678", False), ("19212345678", False), ("19012345678", False)]
)
def test_19x_is_checked_like_any_other(number: str, never: bool) -> None:
    assert ("never_issued" in _findings(number)["issued"].tags) is never


@pytest.mark.parametrize("first", [str(first) for first in range(130, 200)])
def test_issued_follows_the_table_for_every_four_digit_range(first: str) -> None:
    for fourth in range(10):
        number = f"{first}{fourth}1234567"
        assert ("never_issued" in _findings(number)["issued"].tags) is (segment_table().lookup(number) is None), number


def _unlisted_in(first: str) -> str:
    blocks = region_table().block(first)
    assert blocks is not None
    return next(f"{first}{index:04d}5678" for index, region in enumerate(blocks) if region is None)


@needs_phone_data
@pytest.mark.parametrize("first", ["165", "167", "170", "190", "196", "197"])
def test_an_unlisted_block_only_means_an_unknown_location(first: str) -> None:
    """A block missing from crowd-sourced prefix data is no evidence that it was never allocated."""
    number = _unlisted_in(first)
    found = _findings(number)["issued"]
    assert found.tags == ()
    assert "归属地" in found.detail
    assert "unknown" in found.detail
    assert "unallocated" not in found.detail
    assert found.facts == {"segment_opened": True, "block_listed": False}


@needs_phone_data
def test_possibly_unallocated_is_gone() -> None:
    """No offline checker emits the old claim, for an unlisted block of any opened 3-digit segment."""
    for row in _ROWS_11:
        first = row.segment.prefix[:3]
        blocks = region_table().block(first) or []
        unlisted = (f"{first}{index:04d}5678" for index, region in enumerate(blocks) if region is None)
        number = next((number for number in unlisted if segment_table().lookup(number) is not None), None)
        if number is not None:
            assert all("possibly_unallocated" not in item.tags for item in numcheck.check(number, offline=True).findings)


# ----------------------------------------------------------------------------------------------
# Defect 5: the table against libphonenumber (phonenumbers), MIIT's 2023 table and the phone data.

_MOBILE = phonenumbers.PhoneMetadata.metadata_for_region("CN").mobile.national_number_pattern  # type: ignore[union-attr]


def _valid_mobile(national: str) -> bool:
    number = phonenumbers.parse("+86" + national)
    return phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) is PhoneNumberType.MOBILE


# Segments the table keeps although libphonenumber's CN mobile pattern rejects them, each with its source.
NOT_IN_LIBPHONENUMBER = {
    "146": "IoT; MIIT 2023 table 146(0-9), China Unicom",
    "148": "IoT; MIIT 2023 table 148(0-9), China Mobile",
    "149": "data cards; MIIT 2023 table 149(0-9), China Telecom",
    "1619": "satellite; MIIT 2023 table 1619, China SatNet",
    **{f"174{tail:02d}": "special user; MIIT 2023 table 1740(6-9) 1741(0-2), 其他单位" for tail in range(6, 13)},
    "1749": "special user; MIIT 2023 table 1749, 其他单位",
}


@pytest.mark.parametrize("row", [row for row in _ROWS_11 if row.segment.kind in (SegmentKind.MOBILE, SegmentKind.MVNO)], ids=str)
def test_every_ordinary_segment_is_valid_mobile_in_phonenumbers(row: SegmentRow) -> None:
    """Every five-digit range of an opened ordinary or MVNO segment is a valid mobile range in phonenumbers."""
    for five in _fives(row):
        assert _valid_mobile(five + "000000"), five
        assert _valid_mobile(five + "999999"), five


@pytest.mark.parametrize("row", _ROWS_11, ids=lambda row: row.segment.prefix)
def test_every_row_is_valid_in_phonenumbers_or_a_sourced_exception(row: SegmentRow) -> None:
    prefix = row.segment.prefix
    if prefix in NOT_IN_LIBPHONENUMBER:
        assert not _valid_mobile(_example(row)), f"{prefix} is valid in phonenumbers now: drop the exception"
        return
    for five in _fives(row):
        assert _valid_mobile(five + "123456"), five


def test_every_range_phonenumbers_calls_valid_mobile_is_in_the_table() -> None:
    """Each five-digit 13x-19x range phonenumbers accepts as mobile has a row, of a kind that takes calls and SMS."""
    pattern = re.compile(_MOBILE)
    missing, wrong_kind = [], []
    for five in range(13000, 20000):
        national = f"{five}000000"
        if not (pattern.fullmatch(national) and pattern.fullmatch(f"{five}999999")):
            continue
        row = segment_table().lookup(national)
        if row is None:
            missing.append(five)
        elif row.segment.kind is SegmentKind.IOT or row.segment.sms is False:
            wrong_kind.append(five)
    assert missing == []
    assert wrong_kind == []


# Where libphonenumber's carrier prefixes name another operator than the table, and why the table is kept.
CARRIER_DISAGREEMENTS = {
    # MIIT's 2023 table puts these under 其他单位; libphonenumber's 86174 prefix names China Telecom for all of 174.
    **{f"174{tail:02d}": "MIIT 2023 table: 1740(6-9), 1741(0-2) held by another unit" for tail in range(6, 13)},
    "1749": "MIIT 2023 table: 1749 held by another unit",
    # libphonenumber's 86161 prefix names China Broadnet for all of 161; MIIT's 2023 table gives 1619 to China SatNet.
    "1619": "MIIT 2023 table: 1619 China SatNet (中国星网)",
}
_NAMES = {
    "China Mobile": Operator.CHINA_MOBILE,
    "China Unicom": Operator.CHINA_UNICOM,
    "China Telecom": Operator.CHINA_TELECOM,
    "China Broadnet": Operator.CHINA_BROADNET,
}


@pytest.mark.parametrize("row", _ROWS_11, ids=lambda row: row.segment.prefix)
def test_operators_agree_with_phonenumbers_carrier_data(row: SegmentRow) -> None:
    """Across every five-digit range, the operator is libphonenumber's carrier, save a sourced list of disagreements."""
    names = {carrier.name_for_valid_number(phonenumbers.parse(f"+86{five}123456"), "en") for five in _fives(row)}
    named = {name for name in names if name}
    if row.segment.prefix in CARRIER_DISAGREEMENTS:
        assert named
        assert {_NAMES[name] for name in named} != {row.segment.operator}
        return
    assert {_NAMES[name] for name in named} <= {row.segment.operator}, named


def test_133_and_153_follow_the_cdma_transfer() -> None:
    """133 and 153 opened as Unicom CDMA segments and moved to China Telecom with the network (2008)."""
    for prefix in ("133", "153"):
        assert _row(prefix + "12345678").segment.operator is Operator.CHINA_TELECOM
        assert carrier.name_for_valid_number(phonenumbers.parse(f"+86{prefix}12345678"), "en") == "China Telecom"


def test_1349_is_where_phonenumbers_names_no_carrier() -> None:
    """phonenumbers names China Mobile for 1340-1348 and nobody for 1349: the table does not invent an answer."""
    assert carrier.name_for_valid_number(phonenumbers.parse("+8613481234567"), "en") == "China Mobile"
    assert carrier.name_for_valid_number(phonenumbers.parse("+8613491234567"), "en") == ""


# MIIT, 我国公众移动通信网网号及H0分配情况（截至2023年3月底）, transcribed column by column: 3-digit codes
# with H0 0-9, or a 4-/5-digit code where the table lists only some H0 (H1) digits.
MIIT_2023 = {
    "china_telecom": "133 1349 149 153 162 1700 1701 1702 173 17400 17401 17402 17403 17404 17405 177 180 181 189 190 191 193 199",
    "china_mobile": "134 135 136 137 138 139 147 148 150 151 152 157 158 159 165 1703 1705 1706 172 178 182 183 184 187 188 195 197 198",
    "china_unicom": "130 131 132 145 146 155 156 166 167 1704 1707 1708 1709 171 175 176 185 186 196",
    "china_broadnet": "192",
    "china_satnet": "1619",
    # 其他单位 (other units): which unit holds which part is named by the VincentSit list cited in the table.
    "miit_emergency_comms": "17406 17407 17408 17409 17410 17411 17412",
    "beijing_marine_comms": "1749",
}
# The table's 11-digit rows MIIT's March 2023 table does not list, with their source.
NOT_IN_MIIT_2023 = {"1610": "libphonenumber pull request #3970 (2026), after the MIIT table's date"}


def test_every_miit_allocation_is_in_the_table() -> None:
    for operator, codes in MIIT_2023.items():
        for code in codes.split():
            row = segment_table().lookup(code + "0" * (11 - len(code)))
            assert row is not None, code
            assert row.segment.operator.value == operator, code


def test_every_row_is_in_miit_2023_or_a_sourced_exception() -> None:
    listed = {code for codes in MIIT_2023.values() for code in codes.split()}
    for row in _ROWS_11:
        prefix = row.segment.prefix
        covered = any(prefix.startswith(code) for code in listed) or prefix in NOT_IN_MIIT_2023
        assert covered, prefix


def test_miit_lists_the_special_segments_the_table_marks() -> None:
    """MIIT's note: 170, 171, 162, 165, 167 are MVNO segments; 174, 1349, 1619 are satellite mobile segments."""
    for prefix in ("162", "165", "167", "171", "1700", "1705", "1709"):
        assert _row(prefix + "0" * (11 - len(prefix))).segment.kind is SegmentKind.MVNO
    for prefix in ("1349", "1619", "17400", "17405"):
        assert _row(prefix + "0" * (11 - len(prefix))).segment.kind is SegmentKind.SATELLITE
    for prefix in ("17406", "17412", "1749"):
        assert _row(prefix + "0" * (11 - len(prefix))).segment.kind is SegmentKind.SPECIAL


# The phone package's data (a second, crowd-sourced dataset): where it lists blocks at scale, a segment
# was allocated; a never-opened segment has only a scatter of stray entries.
def _listed(prefix: str) -> int:
    blocks = region_table().block(prefix[:3])
    if blocks is None:
        return 0
    first = int(prefix[3:].ljust(4, "0")) if len(prefix) > 3 else 0
    span = 10 ** (7 - len(prefix))
    return sum(region is not None for region in blocks[first : first + span])


# Rows the phone data (version 2312, December 2023) could not list: opened later, or not in it at all.
NOT_IN_PHONE_DATA = {
    "1610": "opened after phone 2312 (libphonenumber added it in 2026)",
    "1619": "satellite; not in the crowd-sourced data",
    "1749": "maritime satellite; not in the crowd-sourced data",
}


@needs_phone_data
@pytest.mark.parametrize("row", _ROWS_11, ids=lambda row: row.segment.prefix)
def test_every_opened_row_has_blocks_in_the_phone_data(row: SegmentRow) -> None:
    prefix = row.segment.prefix
    listed, span = _listed(prefix), 10 ** (7 - len(prefix))
    if prefix in NOT_IN_PHONE_DATA:
        assert listed < span // 10, f"{prefix} is in the phone data now: drop the exception"
        return
    assert listed >= span // 10, (prefix, listed)


@needs_phone_data
@pytest.mark.parametrize("first", NEVER_OPENED)
def test_never_opened_segments_have_only_stray_blocks_in_the_phone_data(first: str) -> None:
    """Under 0.5% of the 10,000 blocks, outside 13-digit IoT prefixes (whose first 7 digits some entries are)."""
    thirteen = [row.segment.prefix for row in _ROWS if row.digits == 13]
    blocks = region_table().block(first) or []
    stray = [
        index
        for index, region in enumerate(blocks)
        if region is not None and not any(f"{first}{index:04d}".startswith(p) for p in thirteen)
    ]
    assert len(stray) < 50


@needs_phone_data
def test_every_three_digit_segment_the_phone_data_fills_is_opened() -> None:
    for first in range(130, 200):
        if _listed(str(first)) >= 1_000:
            assert str(first) not in NEVER_OPENED
