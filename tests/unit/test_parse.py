"""numcheck.parse: the written forms people use, other countries, and bad input."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import numcheck
from numcheck import InvalidNumber, InvalidReason, LineType


class TestWrittenForms:
    @pytest.mark.parametrize(
        "text",
        [
            "+86 138 0013 8000",
            "0086-138-0013-8000",
            "(+86)13800138000",
            "8613800138000",
            "13800138000",
            "１３８００１３８０００",
            "138.0013.8000",
            "138 0013 8000",
            "tel:+86-138-0013-8000",
            "TEL:+8613800138000",
            "  +86 (138) 0013-8000  ",
            "＋８６ １３８ ００１３ ８０００",
        ],
    )
    def test_every_form_gives_the_same_e164(self, text: str) -> None:
        """Every common way of writing a Chinese mobile number normalises to one E.164."""
        info = numcheck.parse(text)
        assert info.e164 == "+8613800138000"
        assert info.national_number == "13800138000"
        assert info.region_code == "CN"
        assert info.country_code == 86
        assert info.valid is True
        assert info.line_type is LineType.MOBILE

    def test_formats_are_filled(self) -> None:
        """National and international formats come from phonenumbers."""
        info = numcheck.parse("13800138000")
        assert info.national == "138 0013 8000"
        assert info.international == "+86 138 0013 8000"

    @pytest.mark.parametrize(
        ("text", "region", "e164", "region_code"),
        [
            ("+1 650 253 0000", "CN", "+16502530000", "US"),
            ("(650) 253-0000", "US", "+16502530000", "US"),
            ("020 7946 0018", "GB", "+442079460018", "GB"),
            ("+852 5123 4567", "CN", "+85251234567", "HK"),
            ("03-1234-5678", "JP", "+81312345678", "JP"),
        ],
    )
    def test_international_numbers(self, text: str, region: str, e164: str, region_code: str) -> None:
        """Any country phonenumbers knows works; ``region`` reads national forms."""
        info = numcheck.parse(text, region=region)
        assert info.e164 == e164
        assert info.region_code == region_code

    def test_iot_thirteen_digit_numbers_are_not_garbage(self) -> None:
        """13-digit Chinese IoT numbers, unknown to phonenumbers, parse as IoT."""
        info = numcheck.parse("1440012345678")
        assert info.line_type is LineType.IOT
        assert info.valid is True
        assert info.e164 == "+861440012345678"
        assert numcheck.parse("+86 1410 0123 45678").line_type is LineType.IOT

    @pytest.mark.parametrize("text", ["17900001000", "179 0000 1000", "17911001234", "+86 179 0000 1000"])
    def test_a_mobile_shaped_number_is_not_read_as_a_dialling_prefix(self, text: str) -> None:
        """phonenumbers takes 17900/17911 before 00 for CN's IP-dialling prefixes; numcheck reads the number as written."""
        info = numcheck.parse(text)
        assert info.e164 == "+86" + "".join(char for char in text if char.isdigit()).removeprefix("86")
        assert info.country_code == 86

    def test_possible_but_unallocated_number_is_invalid_not_rejected(self) -> None:
        """A number of the right length in an unallocated range parses with valid=False."""
        info = numcheck.parse("12345678901")
        assert info.valid is False
        assert info.line_type is LineType.UNKNOWN


class TestBadInput:
    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("", InvalidReason.EMPTY),
            ("   ", InvalidReason.EMPTY),
            ("tel:", InvalidReason.EMPTY),
            ("hello", InvalidReason.NOT_A_NUMBER),
            ("138abc00138000", InvalidReason.NOT_A_NUMBER),
            ("📞13800138000", InvalidReason.NOT_A_NUMBER),
            ("---", InvalidReason.NOT_A_NUMBER),
            ("138", InvalidReason.TOO_SHORT),
            ("+86 1", InvalidReason.TOO_SHORT),
            ("+86 138001380001234", InvalidReason.TOO_LONG),
            ("1" * 5000, InvalidReason.TOO_LONG_INPUT),
            ("8" * 2_000_000, InvalidReason.TOO_LONG_INPUT),
            ("138\x000013\x078000", InvalidReason.CONTROL_CHARACTERS),
            ("138\n0013", InvalidReason.CONTROL_CHARACTERS),
            ("+999 1234 5678", InvalidReason.INVALID_COUNTRY_CODE),
        ],
    )
    def test_rejected_with_a_reason(self, text: str, reason: InvalidReason) -> None:
        """Bad input raises InvalidNumber with a reason code and a one-line message."""
        with pytest.raises(InvalidNumber) as caught:
            numcheck.parse(text)
        assert caught.value.reason is reason
        message = str(caught.value)
        assert message
        assert "\n" not in message
        assert len(message) < 200

    def test_unknown_region(self) -> None:
        """An unknown default region is bad input too, not a crash."""
        with pytest.raises(InvalidNumber) as caught:
            numcheck.parse("13800138000", region="XX")
        assert caught.value.reason is InvalidReason.INVALID_REGION

    def test_invalid_number_is_a_value_error_and_numcheck_error(self) -> None:
        """Callers may catch either ValueError or NumcheckError."""
        with pytest.raises(ValueError, match="empty"):
            numcheck.parse("")
        with pytest.raises(numcheck.NumcheckError):
            numcheck.parse("x")

    def test_non_text_input(self) -> None:
        """An int instead of text is rejected as InvalidNumber, not TypeError."""
        with pytest.raises(InvalidNumber):
            numcheck.parse(13800138000)  # type: ignore[arg-type]


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80) | st.from_regex(r"[+(]?[0-9０-９ ()\-.]{0,25}", fullmatch=True))
@example("0110000000000")  # its E.164 form read back as another number (found by hypothesis)
@example("01100000")  # accepted with its trunk prefix, refused as +861100000 (found by hypothesis)
@example("113)８985332-+")  # a + at the end hid a 10-digit mobile number (found by fuzzing)
@example(")８619 )56-８((322")  # 86 taken for the country code left an 8-digit mobile (found by fuzzing)
def test_any_text_parses_or_raises_invalid_number(text: str) -> None:
    """Any string either gives a PhoneNumberInfo whose E.164 re-parses to itself, or raises InvalidNumber."""
    try:
        info = numcheck.parse(text)
    except InvalidNumber as error:
        message = str(error)
        info = None
    if info is None:
        assert "\n" not in message
        return
    assert info.e164.startswith("+")
    assert numcheck.parse(info.e164).e164 == info.e164


def test_the_known_mobile_shortcut_equals_the_full_parse() -> None:
    """Common forms of numbers in blocks phonenumbers holds valid skip its formatter; every field stays the same."""
    import random

    from numcheck.numbers import _known_cn_mobile, _parse_in_full

    rng = random.Random(13)
    numbers = [f"{rng.randrange(130, 200)}{rng.randrange(10**8):08d}" for _ in range(3000)]
    forms = [*numbers, *(f"+86 {n[:3]} {n[3:7]} {n[7:]}" for n in numbers[:300]), *(f"0086-{n}" for n in numbers[300:600])]
    shortcut = 0
    for text in forms:
        known = _known_cn_mobile(text, "CN")
        if known is None:
            continue
        shortcut += 1
        assert known == _parse_in_full(text, "CN"), text
    assert shortcut > 2000


def test_thirteen_digit_iot_numbers_are_valid_only_where_the_segment_table_opens_them() -> None:
    """13-digit IoT numbering: 1410, 1440/1441, 146 and 148 are open; 140 is reserved; 1442 was never allocated."""
    for national in ("1410012345678", "1440012345678", "1441012345678", "1460012345678", "1480012345678"):
        info = numcheck.parse(national)
        assert (info.valid, info.line_type.value) == (True, "iot"), national
    for national in ("1400012345678", "1442012345678", "1411012345678"):
        assert numcheck.parse(national).valid is False, national
