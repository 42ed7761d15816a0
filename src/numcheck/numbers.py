"""Parse what people type or paste into one normalised `PhoneNumberInfo`.

A Chinese mobile number in a common written form is read without phonenumbers (its mobile pattern comes from
`numcheck.phonelib`, cached per install); anything else is parsed by phonenumbers, imported on first need.
"""

import re
import unicodedata
from enum import StrEnum
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from numcheck._errors import InvalidNumber, InvalidReason
from numcheck._model import FrozenModel
from numcheck.messages import MESSAGES, Message, english, say
from numcheck.phonelib import installed_facts

if TYPE_CHECKING:
    import phonenumbers

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
# The 11-digit "1" numbering less 10 (Beijing's area code and the SMS gateway ports): `cn_mobile_numbering`.
_CN_ONE_NUMBERING = re.compile(r"^1[1-9]\d{9}$")


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


class Problem(NamedTuple):
    """Why `parse` refuses an input: the reason, its one line in English, and the same line as a message's id and
    parameters (`invalid_message`), so that a reader of another language is told why in theirs."""

    reason: InvalidReason
    text: str
    message_id: str
    params: tuple[tuple[str, str | int], ...] = ()


def problem(reason: InvalidReason, message_id: str, **params: str | int) -> Problem:
    """A `Problem` whose English is its message's template (plain fields and !r: str.format reads it as the renderer does)."""
    return Problem(reason, MESSAGES[message_id].format(**params), message_id, tuple(params.items()))


def refusal(found: Problem) -> InvalidNumber:
    """The `InvalidNumber` that says ``found``."""
    return InvalidNumber(found.reason, found.text, message_id=found.message_id, params=dict(found.params))


def invalid_message(error: InvalidNumber) -> Message:
    """Why ``error``'s input is not a phone number, as a message (a reason given only as text is shown as written)."""
    if error.message_id in MESSAGES:
        params: dict[str, str | int] = {key: value for key, value in error.params.items() if isinstance(value, str | int)}
        return say(error.message_id, **params)
    return say("said.verbatim", text=str(error))


# Why `parse` refuses an input, for the checks that need no phonenumbers: each reason and its one line.
# `numcheck.bulk.fold` reads a column's written forms and typos a column at a time, and gives these same lines.
CONTROL_CHARACTERS = problem(InvalidReason.CONTROL_CHARACTERS, "invalid.control_characters")
EMPTY = problem(InvalidReason.EMPTY, "invalid.empty")
MINUS_SIGN = problem(InvalidReason.NOT_A_NUMBER, "invalid.minus")
OTHER_CHARACTERS = problem(InvalidReason.NOT_A_NUMBER, "invalid.characters")
NO_DIGITS = problem(InvalidReason.NOT_A_NUMBER, "invalid.no_digits")
MISPLACED_PLUS = problem(InvalidReason.NOT_A_NUMBER, "invalid.plus")


def refused_character(written: str) -> tuple[int, str] | None:
    """The first character of ``written`` no phone number holds and its place (from 1); None when no single one is.

    Judged a character at a time as `_clean` judges the whole (NFKC, so full-width digits pass; ASCII is its own
    NFKC), after the spaces and ``tel:`` it strips.
    """
    start = len(written) - len(written.lstrip())
    if unicodedata.normalize("NFKC", written[start : start + 4]).lower() == "tel:":
        start += 4
    for index in range(start, len(written)):
        char = written[index]
        if not _ALLOWED.match(char if char.isascii() else unicodedata.normalize("NFKC", char)):
            return index + 1, char
    return None


def character_problem(written: str) -> Problem:
    """`OTHER_CHARACTERS` naming the `refused_character` and its place; the general line when no single one is to blame."""
    found = refused_character(written)
    if found is None:
        return OTHER_CHARACTERS
    position, char = found
    said = say("invalid.character", position=position, char=char)
    return Problem(OTHER_CHARACTERS.reason, english(said), said.id, (("position", position), ("char", char)))


def _clean(text: str) -> str:
    written = text
    if len(text) > MAX_INPUT_CHARS:
        raise refusal(problem(InvalidReason.TOO_LONG_INPUT, "invalid.too_long_input", length=len(text), most=MAX_INPUT_CHARS))
    if any(unicodedata.category(char) == "Cc" and char not in " \t" for char in text):
        raise refusal(CONTROL_CHARACTERS)
    # NFKC folds full-width digits and punctuation (１３８, ＋, －) to ASCII.
    text = unicodedata.normalize("NFKC", text).strip()
    text = _TEL_URI.sub("", text)
    if not text:
        raise refusal(EMPTY)
    if text.startswith("-"):
        raise refusal(MINUS_SIGN)
    if not _ALLOWED.match(text):
        raise refusal(character_problem(written))
    if not any(char.isdigit() for char in text):
        raise refusal(NO_DIGITS)
    digits_and_plus = "".join(char for char in text if char.isdigit() or char == "+")
    if "+" in digits_and_plus.lstrip("+") or digits_and_plus.startswith("++"):
        raise refusal(MISPLACED_PLUS)
    if digits_and_plus.startswith("00"):
        digits_and_plus = "+" + digits_and_plus[2:]
    return digits_and_plus


def _iot_info(national: str) -> PhoneNumberInfo:
    from numcheck.segments import segment_table

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


def cn_length_problem(national: str) -> Problem | None:
    """Chinese numbers starting 1 (mobile 13-19, and 11x/12x) are 11 digits long; 10 is Beijing's area code."""
    if national.startswith("1") and not national.startswith("10") and len(national) != 11:
        message_id = "invalid.cn_mobile_length" if national[1:2] in "3456789" else "invalid.cn_one_length"
        return problem(InvalidReason.TOO_SHORT if len(national) < 11 else InvalidReason.TOO_LONG, message_id, digits=len(national))
    return None


def _check_cn_length(national: str) -> None:
    found = cn_length_problem(national)
    if found is not None:
        raise refusal(found)


def parse(text: str, region: str = DEFAULT_REGION) -> PhoneNumberInfo:
    """Parse one written phone number; bare national numbers are read in ``region`` (default CN).

    Accepts spaces, dashes, dots, brackets, ``+`` or ``00`` international prefixes, full-width
    digits and ``tel:`` URIs. Raises `numcheck.InvalidNumber` with a one-line reason for
    anything else; never another exception type.
    """
    if not isinstance(text, str):
        raise refusal(problem(InvalidReason.NOT_A_NUMBER, "invalid.not_text", type=type(text).__name__))
    region = (region or DEFAULT_REGION).upper()
    if region != DEFAULT_REGION and region not in supported_regions():
        raise refusal(problem(InvalidReason.INVALID_REGION, "invalid.region", region=region))
    known = _known_cn_mobile(text, region)
    if known is not None:
        return known
    return _parse_in_full(text, region)


def _known_cn_mobile(text: str, region: str) -> PhoneNumberInfo | None:
    """A Chinese mobile number in a common written form whose whole five-digit range phonenumbers holds mobile, else None.

    Its forms follow from the digits alone (3-4-4 grouping, as phonenumbers formats every 1[3-9]
    number), so phonenumbers' formatting rules, some 40 regular expressions compiled on first use,
    are not needed for the commonest input. ``tests/unit/test_parse.py`` holds it equal to the full parse.
    """
    national = national_from_written(text, region)
    if national is None or not cn_mobile_range(national[:5]):
        return None
    grouped = f"{national[:3]} {national[3:7]} {national[7:]}"
    # Unvalidated: every field is made right here from 11 checked digits (validation built a schema in every process).
    return PhoneNumberInfo.model_construct(
        e164="+86" + national,
        national=grouped,
        international="+86 " + grouped,
        national_number=national,
        country_code=86,
        region_code="CN",
        valid=True,
        line_type=LineType.MOBILE,
    )


@cache
def cn_mobile_pattern() -> re.Pattern[str]:
    """phonenumbers' pattern of Chinese mobile national numbers (read without importing it: `numcheck.phonelib`)."""
    return re.compile(installed_facts().cn_mobile_pattern)


@cache
def supported_regions() -> frozenset[str]:
    """The two-letter regions phonenumbers knows (CN among them)."""
    import phonenumbers

    return frozenset(phonenumbers.SUPPORTED_REGIONS)


@cache
def cn_mobile_range(five: str) -> bool:
    """Whether phonenumbers holds every 11-digit number starting with these five digits a valid mobile number.

    Validity of an 11-digit Chinese mobile number depends only on its first five digits in phonenumbers'
    pattern, so its two extremes answer for the whole range (``tests/unit/test_parse.py`` checks every range).
    """
    mobile = cn_mobile_pattern()
    return bool(mobile.fullmatch(five + "000000") and mobile.fullmatch(five + "999999"))


# What people paste around the digits, folded the way `parse` reads it (NFKC, then digits and '+' kept):
# full-width digits and plus become ASCII; spaces, dashes, dots and brackets, in either width, go. Anything
# else (letters, other scripts' digits, 'tel:') is left for the full parser to judge.
WRITTEN_FOLD = str.maketrans(
    {**{chr(0xFF10 + digit): str(digit) for digit in range(10)}, "\uff0b": "+"}
    | dict.fromkeys(" -.()\t\u3000\u00a0\uff0d\uff0e\uff08\uff09", None)
)
# A folded written form: an optional +86 or 0086, then 11 ASCII digits starting with 1.
_FOLDED = re.compile(r"(\+86|0086)?(1[0-9]{10})")


def national_from_written(text: str, region: str = DEFAULT_REGION) -> str | None:
    """The 11 national digits of a Chinese mobile number written in a common form, or None.

    Common forms: bare digits (in ``region`` CN), ``+86`` or ``0086`` before them, with spaces,
    dashes, dots or brackets between, in ASCII or full width. None means "ask the full parser",
    never "invalid": only forms whose reading by `parse` is certain are folded here.
    """
    if len(text) > MAX_INPUT_CHARS or (("-" in text or "\uff0d" in text) and text.lstrip()[:1] in ("-", "\uff0d")):
        return None  # the parser's own one-line reasons cover these (too long, a leading minus)
    # Spaces and dashes are most of what people type; two replaces in C cost a third of the full fold.
    folded = text.replace(" ", "").replace("-", "")
    if folded.isascii() and folded.isdigit():  # bare digits, or 0086 and digits: no expression needed
        national, bare = (folded[4:], False) if folded.startswith("0086") else (folded, True)
    elif folded.startswith("+86") and folded.isascii() and folded[3:].isdigit():
        national, bare = folded[3:], False
    else:  # full width, dots, brackets, tabs: the whole fold, then the expression
        found = _FOLDED.fullmatch(folded.translate(WRITTEN_FOLD))
        if found is None:
            return None
        national, bare = found[2], found[1] is None
    if len(national) != 11 or national[0] != "1" or (bare and region != "CN" and region.upper() != "CN"):
        return None  # not a mobile number's 11 digits; or bare digits, a national number only in CN
    return national


@cache
def _phonenumbers_meanings() -> tuple[dict[object, LineType], dict[object, InvalidReason], dict[object, InvalidReason]]:
    """phonenumbers' number types, parse errors and possibility results, as numcheck names them."""
    from phonenumbers import NumberParseException, PhoneNumberType, ValidationResult

    line_types = {
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
    parse_reasons = {
        NumberParseException.INVALID_COUNTRY_CODE: InvalidReason.INVALID_COUNTRY_CODE,
        NumberParseException.NOT_A_NUMBER: InvalidReason.NOT_A_NUMBER,
        NumberParseException.TOO_SHORT_AFTER_IDD: InvalidReason.TOO_SHORT,
        NumberParseException.TOO_SHORT_NSN: InvalidReason.TOO_SHORT,
        NumberParseException.TOO_LONG: InvalidReason.TOO_LONG,
    }
    possibility_reasons = {
        ValidationResult.INVALID_COUNTRY_CODE: InvalidReason.INVALID_COUNTRY_CODE,
        ValidationResult.TOO_SHORT: InvalidReason.TOO_SHORT,
        ValidationResult.INVALID_LENGTH: InvalidReason.TOO_SHORT,
        ValidationResult.TOO_LONG: InvalidReason.TOO_LONG,
    }
    return line_types, parse_reasons, possibility_reasons  # type: ignore[return-value]


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
    import phonenumbers
    from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

    line_types, parse_reasons, possibility_reasons = _phonenumbers_meanings()
    try:
        parsed = phonenumbers.parse(cleaned, region)
    except NumberParseException as error:
        reason = parse_reasons.get(error.error_type, InvalidReason.NOT_A_NUMBER)
        raise refusal(problem(reason, f"invalid.parse.{reason.value}")) from None
    possibility = phonenumbers.is_possible_number_with_reason(parsed)
    if possibility not in (ValidationResult.IS_POSSIBLE, ValidationResult.IS_POSSIBLE_LOCAL_ONLY):
        reason = possibility_reasons.get(possibility, InvalidReason.NOT_A_NUMBER)
        digits = phonenumbers.national_significant_number(parsed)
        message_id = (
            f"invalid.length.{reason.value}" if reason in (InvalidReason.TOO_SHORT, InvalidReason.TOO_LONG) else "invalid.length.other"
        )
        raise refusal(problem(reason, message_id, digits=len(digits), code=int(parsed.country_code or 0)))
    national = phonenumbers.national_significant_number(parsed)
    if parsed.country_code == 86:
        _check_cn_length(national)
    e164 = phonenumbers.format_number(parsed, PhoneNumberFormat.E164)
    valid = phonenumbers.is_valid_number(parsed)
    if not valid and phonenumbers.format_number(phonenumbers.parse(e164), PhoneNumberFormat.E164) != e164:
        # Some invalid digit strings (e.g. 0110000000000 in CN) give an E.164 form that phonenumbers reads
        # back as another number (a carrier-selection prefix is stripped): no stable identity to check or store.
        raise refusal(problem(InvalidReason.NOT_A_NUMBER, "invalid.unstable"))
    return PhoneNumberInfo(
        e164=e164,
        national=phonenumbers.format_number(parsed, PhoneNumberFormat.NATIONAL),
        international=phonenumbers.format_number(parsed, PhoneNumberFormat.INTERNATIONAL),
        national_number=national,
        country_code=int(parsed.country_code or 0),
        region_code=phonenumbers.region_code_for_number(parsed),
        valid=valid,
        line_type=line_types.get(phonenumbers.number_type(parsed), LineType.UNKNOWN),
    )


def cn_mobile_numbering(info: PhoneNumberInfo) -> bool:
    """Whether ``info`` lies in China's 11-digit ``1`` numbering, where mobile subscribers live, opened or not.

    13x-19x hold the mobile segments (and the never-opened ones the self-check asks about); 11x and 12x
    hold no subscriber and serve as the test suite's synthetic numbers. Outside it: ``10`` (Beijing
    landlines, SMS gateway ports 106...), every other landline (an 11-digit one too: 0755 1234 5678),
    400 numbers and service numbers (95588). A service that answers for mobile subscribers is not
    asked about those.
    """
    return info.country_code == 86 and _CN_ONE_NUMBERING.match(info.national_number) is not None


def to_phonenumber(info: PhoneNumberInfo) -> "phonenumbers.PhoneNumber":
    """The phonenumbers object behind ``info`` (for checkers that need phonenumbers' helpers)."""
    import phonenumbers

    return phonenumbers.PhoneNumber(country_code=info.country_code, national_number=int(info.national_number))
