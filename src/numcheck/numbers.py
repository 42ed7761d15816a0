"""Parse what people type or paste into one normalised `PhoneNumberInfo`."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType, ValidationResult

from numcheck._errors import InvalidNumber, InvalidReason
from numcheck._model import FrozenModel
from numcheck.messages import MESSAGES, Message, say

DEFAULT_REGION = "CN"

# Longer than any written form of a phone number with punctuation and an extension:
# refusing early keeps megabyte inputs from reaching the regex machinery.
MAX_INPUT_CHARS = 64

_TEL_URI = re.compile(r"^tel:", re.IGNORECASE)
_ALLOWED = re.compile(r"^[0-9+()\-.\s/]*$")
# 13-digit Chinese IoT numbering (14x): phonenumbers does not know it; the segment table says which ranges are open.
_CN_IOT_13 = re.compile(r"^14\d{11}$")
# An 11-digit national number shaped like a mobile number (13x-19x).
_CN_MOBILE_SHAPED = re.compile(r"^1[3-9]\d{9}$")


class LineType(StrEnum):
    """phonenumbers' number type, spelled for JSON."""

    FIXED_LINE = "fixed_line"
    MOBILE = "mobile"
    FIXED_LINE_OR_MOBILE = "fixed_line_or_mobile"
    TOLL_FREE = "toll_free"
    PREMIUM_RATE = "premium_rate"
    SHARED_COST = "shared_cost"
    VOIP = "voip"
    PERSONAL_NUMBER = "personal_number"
    PAGER = "pager"
    UAN = "uan"
    VOICEMAIL = "voicemail"
    IOT = "iot"
    UNKNOWN = "unknown"


_LINE_TYPES = {
    PhoneNumberType.FIXED_LINE: LineType.FIXED_LINE,
    PhoneNumberType.MOBILE: LineType.MOBILE,
    PhoneNumberType.FIXED_LINE_OR_MOBILE: LineType.FIXED_LINE_OR_MOBILE,
    PhoneNumberType.TOLL_FREE: LineType.TOLL_FREE,
    PhoneNumberType.PREMIUM_RATE: LineType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST: LineType.SHARED_COST,
    PhoneNumberType.VOIP: LineType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER: LineType.PERSONAL_NUMBER,
    PhoneNumberType.PAGER: LineType.PAGER,
    PhoneNumberType.UAN: LineType.UAN,
    PhoneNumberType.VOICEMAIL: LineType.VOICEMAIL,
}

_PARSE_REASONS = {
    NumberParseException.INVALID_COUNTRY_CODE: InvalidReason.INVALID_COUNTRY_CODE,
    NumberParseException.NOT_A_NUMBER: InvalidReason.NOT_A_NUMBER,
    NumberParseException.TOO_SHORT_AFTER_IDD: InvalidReason.TOO_SHORT,
    NumberParseException.TOO_SHORT_NSN: InvalidReason.TOO_SHORT,
    NumberParseException.TOO_LONG: InvalidReason.TOO_LONG,
}

_POSSIBILITY_REASONS = {
    ValidationResult.INVALID_COUNTRY_CODE: InvalidReason.INVALID_COUNTRY_CODE,
    ValidationResult.TOO_SHORT: InvalidReason.TOO_SHORT,
    ValidationResult.INVALID_LENGTH: InvalidReason.TOO_SHORT,
    ValidationResult.TOO_LONG: InvalidReason.TOO_LONG,
}


def _invalid(reason: InvalidReason, message_id: str, **params: str | int) -> InvalidNumber:
    # The English comes from the message's own template (plain fields and !r: str.format reads it as the renderer does).
    return InvalidNumber(reason, MESSAGES[message_id].format(**params), message_id=message_id, params=params)


def invalid_message(error: InvalidNumber) -> Message:
    """Why ``error``'s input is not a phone number, as a message (a reason given only as text is shown as written)."""
    if error.message_id in MESSAGES:
        return say(error.message_id, **error.params)
    return say("said.verbatim", text=str(error))


class PhoneNumberInfo(FrozenModel):
    """A phone number in every form numcheck needs, plus what phonenumbers says of it.

    ``valid`` is phonenumbers' verdict, except for 13-digit Chinese IoT numbers (14x), which
    phonenumbers does not know: those are valid, with ``line_type`` ``iot``, where the segment
    table has a 13-digit row for them.
    """

    e164: str
    national: str
    international: str
    national_number: str
    country_code: int
    region_code: str | None
    valid: bool
    line_type: LineType


def _clean(text: str) -> str:
    if len(text) > MAX_INPUT_CHARS:
        raise _invalid(InvalidReason.TOO_LONG_INPUT, "invalid.too_long_input", length=len(text), most=MAX_INPUT_CHARS)
    if any(unicodedata.category(char) == "Cc" and char not in " \t" for char in text):
        raise _invalid(InvalidReason.CONTROL_CHARACTERS, "invalid.control_characters")
    # NFKC folds full-width digits and punctuation (１３８, ＋, －) to ASCII.
    text = unicodedata.normalize("NFKC", text).strip()
    text = _TEL_URI.sub("", text)
    if not text:
        raise _invalid(InvalidReason.EMPTY, "invalid.empty")
    if text.startswith("-"):
        raise _invalid(InvalidReason.NOT_A_NUMBER, "invalid.minus")
    if not _ALLOWED.match(text):
        raise _invalid(InvalidReason.NOT_A_NUMBER, "invalid.characters")
    if not any(char.isdigit() for char in text):
        raise _invalid(InvalidReason.NOT_A_NUMBER, "invalid.no_digits")
    digits_and_plus = "".join(char for char in text if char.isdigit() or char == "+")
    if "+" in digits_and_plus.lstrip("+") or digits_and_plus.startswith("++"):
        raise _invalid(InvalidReason.NOT_A_NUMBER, "invalid.plus")
    if digits_and_plus.startswith("00"):
        digits_and_plus = "+" + digits_and_plus[2:]
    return digits_and_plus


def _iot_info(national: str) -> PhoneNumberInfo:
    from numcheck.offline.segments import segment_table

    return PhoneNumberInfo(
        e164=f"+86{national}",
        national=f"{national[:3]} {national[3:7]} {national[7:]}",
        international=f"+86 {national[:3]} {national[3:7]} {national[7:]}",
        national_number=national,
        country_code=86,
        region_code="CN",
        valid=segment_table().lookup(national) is not None,
        line_type=LineType.IOT,
    )


def _check_cn_length(national: str) -> None:
    """Chinese numbers starting 1 (mobile 13-19, and 11x/12x) are 11 digits long; 10 is Beijing's area code."""
    if national.startswith("1") and not national.startswith("10") and len(national) != 11:
        message_id = "invalid.cn_mobile_length" if national[1:2] in "3456789" else "invalid.cn_one_length"
        raise _invalid(InvalidReason.TOO_SHORT if len(national) < 11 else InvalidReason.TOO_LONG, message_id, digits=len(national))


def parse(text: str, region: str = DEFAULT_REGION) -> PhoneNumberInfo:
    """Parse one written phone number; bare national numbers are read in ``region`` (default CN).

    Accepts spaces, dashes, dots, brackets, ``+`` or ``00`` international prefixes, full-width
    digits and ``tel:`` URIs. Raises `numcheck.InvalidNumber` with a one-line reason for
    anything else; never another exception type.
    """
    if not isinstance(text, str):
        raise _invalid(InvalidReason.NOT_A_NUMBER, "invalid.not_text", type=type(text).__name__)
    region = (region or DEFAULT_REGION).upper()
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise _invalid(InvalidReason.INVALID_REGION, "invalid.region", region=region)
    known = _known_cn_mobile(text, region)
    if known is not None:
        return known
    return _parse_in_full(text, region)


def _known_cn_mobile(text: str, region: str) -> PhoneNumberInfo | None:
    """A Chinese mobile number in a common written form whose whole block phonenumbers holds valid, else None.

    Its forms follow from the digits alone (3-4-4 grouping, as phonenumbers formats every 1[3-9]
    number), so phonenumbers' formatting rules, some 40 regular expressions compiled on first use,
    are not needed for the commonest input. ``tests/unit/test_parse.py`` holds it equal to the full parse.
    """
    from numcheck.offline.enrich import known_mobile_national  # the fast path's tables import this module

    national = known_mobile_national(text, region)
    if national is None:
        return None
    grouped = f"{national[:3]} {national[3:7]} {national[7:]}"
    return PhoneNumberInfo(
        e164="+86" + national,
        national=grouped,
        international="+86 " + grouped,
        national_number=national,
        country_code=86,
        region_code="CN",
        valid=True,
        line_type=LineType.MOBILE,
    )


def _parse_in_full(text: str, region: str) -> PhoneNumberInfo:
    cleaned = _clean(text)
    national_cn = cleaned.removeprefix("+86") if cleaned.startswith("+86") else (cleaned if region == "CN" else "")
    if national_cn.startswith("86") and len(national_cn) == 15:
        national_cn = national_cn[2:]
    if _CN_IOT_13.match(national_cn):
        return _iot_info(national_cn)
    if national_cn.startswith("0") and not cleaned.startswith("+"):
        # The trunk prefix (010 ..., 0755 ...): the number after it is what E.164 will hold, judged alike.
        national_cn = national_cn[1:]
    # Judged on the digits as typed, and again on what phonenumbers keeps (it may drop a prefix it takes for a code).
    _check_cn_length(national_cn)
    if region == "CN" and not cleaned.startswith("+") and _CN_MOBILE_SHAPED.match(national_cn):
        # phonenumbers reads CN's IP-dialling codes (17900, 17911 ...) before 00 as an international prefix, so
        # 17900001000 would become a call to +1 000: a mobile-shaped national number is read as the number it is.
        cleaned = "+86" + national_cn
    try:
        parsed = phonenumbers.parse(cleaned, region)
    except NumberParseException as error:
        reason = _PARSE_REASONS.get(error.error_type, InvalidReason.NOT_A_NUMBER)
        raise _invalid(reason, f"invalid.parse.{reason.value}") from None
    possibility = phonenumbers.is_possible_number_with_reason(parsed)
    if possibility not in (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        reason = _POSSIBILITY_REASONS.get(possibility, InvalidReason.NOT_A_NUMBER)
        digits = phonenumbers.national_significant_number(parsed)
        message_id = (
            f"invalid.length.{reason.value}" if reason in (InvalidReason.TOO_SHORT, InvalidReason.TOO_LONG) else "invalid.length.other"
        )
        raise _invalid(reason, message_id, digits=len(digits), code=int(parsed.country_code or 0))
    national = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 86:
        _check_cn_length(national)
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    valid = phonenumbers.is_valid_number(parsed)
    if not valid and phonenumbers.format_number(phonenumbers.parse(e164), PhoneNumberFormat.E164) != e164:
        # Some invalid digit strings (e.g. 0110000000000 in CN) give an E.164 form that phonenumbers reads
        # back as another number (a carrier-selection prefix is stripped): no stable identity to check or store.
        raise _invalid(InvalidReason.NOT_A_NUMBER, "invalid.unstable")
    return PhoneNumberInfo(
        e164=e164,
        national=phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL),
        international=phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL),
        national_number=national,
        country_code=int(parsed.country_code or 0),
        region_code=phonenumbers.region_code_for_number(parsed),
        valid=valid,
        line_type=_LINE_TYPES.get(phonenumbers.number_type(parsed), LineType.UNKNOWN),
    )


def to_phonenumber(info: PhoneNumberInfo) -> phonenumbers.PhoneNumber:
    """The phonenumbers object behind ``info`` (for checkers that need phonenumbers' helpers)."""
    return phonenumbers.PhoneNumber(country_code=info.country_code, national_number=int(info.national_number))
