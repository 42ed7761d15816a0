"""Cassette helpers: vcrpy configuration that scrubs numbers, cookies, tokens and keys on the way in.

``scrubbing_vcr()`` returns a ``vcr.VCR`` whose filters remove Cookie/Set-Cookie/Authorization
headers and key-like query parameters, replace any number you name with a synthetic one, and
remove every configured key by its value wherever it appears (``keys=``).
``find_secrets(text, key_values)`` is what the repository's own test runs over every cassette.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from numcheck.recording.synthetic import all_synthetic_numbers

SECRET_HEADERS = ("authorization", "cookie", "set-cookie", "x-api-key", "proxy-authorization")
# Per-request signing material (a nonce, a signature): random every time, so never worth recording,
# and a random nonce's digits can look like a phone number to the leak scanner.
_SIGNING_HEADER_WORDS = ("nonce", "signature")


def _dropped(header: str) -> bool:
    lowered = header.lower()
    return lowered in SECRET_HEADERS or any(word in lowered for word in _SIGNING_HEADER_WORDS)


SCRUBBED = "SCRUBBED"
# Query or form parameters whose names say they carry a credential (appActionToken, access_key, apikey...).
_SECRET_PARAMETER = re.compile(r"((?:^|[?&])[\w.]*(?:key|token|secret|password|auth|partner)[\w.]*=)[^&]*", re.IGNORECASE)
# Anything with eight or more digits in a row (optionally after +) might be a phone number.
_DIGIT_RUN = re.compile(r"\+?\d[\d\- ]{6,}\d")
_SECRET_LOOKING = re.compile(
    r"(?i)(set-cookie:\s*\n\s*-\s*[^=\n]+=(?!SCRUBBED)|(?<![-\w])cookie:|authorization:|bearer\s+[a-z0-9._\-]{8,}|sk_live|AC[0-9a-f]{32}|[\w.]*(?:key|token|secret|password|auth)=(?!SCRUBBED)[^&\s\"']+)"
)
_ALLOWED_DIGITS = {"20000000", "2000000001", "208000101005"}


# Placeholder values that are not secrets: what scrubbing writes, and the tests' synthetic key.
_NOT_SECRET = (SCRUBBED, "synthetic-key")
# A header whose name says it carries a credential, and its value in a cassette's YAML.
_KEY_HEADER = re.compile(r"(?im)^\s*([\w-]*(?:key|token|secret|passw|auth|signature)[\w-]*):\s*\n\s*-\s*'?([^'\n]+)")
# Shorter values are not keys worth the name, and replacing them would rewrite unrelated text.
MIN_KEY_LENGTH = 6


def key_spellings(value: str) -> set[str]:
    """Every form a key value takes in a request: as is, percent-encoded (both ways), and in HTTP basic auth."""
    import base64
    from urllib.parse import quote, quote_plus

    spellings = {value, quote(value, safe=""), quote_plus(value), quote(value)}
    spellings.add(base64.b64encode(value.encode()).decode().rstrip("="))
    # Fully escaped, as an encoder that escapes every byte would write it.
    spellings.add("".join(f"%{byte:02X}" for byte in value.encode()))
    spellings |= {text.lower() for text in spellings if "%" in text}
    return {text for text in spellings if len(text) >= MIN_KEY_LENGTH}


def _replace_numbers(text: str, replacements: Mapping[str, str]) -> str:
    for real, synthetic in replacements.items():
        text = text.replace(real, synthetic)
    return text


def _escaped_anyhow(value: str) -> re.Pattern[str]:
    # Each character as itself or percent-escaped (any case), so a key escaped in part is matched too.
    parts = []
    for char in value:
        escaped = "".join(f"%{byte:02x}" for byte in char.encode())
        plus = "|\\+" if char == " " else ""
        parts.append(f"(?:{re.escape(char)}|{re.escape(escaped)}{plus})")
    return re.compile("".join(parts), re.IGNORECASE)


def _scrub_keys(text: str, keys: tuple[str, ...]) -> str:
    for value in keys:
        text = _escaped_anyhow(value).sub(SCRUBBED, text)
        for spelling in sorted(key_spellings(value), key=len, reverse=True):
            text = text.replace(spelling, SCRUBBED)
    return text


def _scrub_body(body: Any, replacements: Mapping[str, str], keys: tuple[str, ...] = ()) -> Any:
    if isinstance(body, bytes):
        return _scrub_keys(_replace_numbers(body.decode("utf-8", errors="replace"), replacements), keys).encode("utf-8")
    if isinstance(body, str):
        return _scrub_keys(_replace_numbers(body, replacements), keys)
    return body


_CREDENTIAL_NAME = re.compile(r"key|token|secret|passw|auth|signature", re.IGNORECASE)


def _scrub_header_values(headers: Any, keys: tuple[str, ...], shorts: tuple[str, ...] = ()) -> None:
    # By value, whatever a header is called (Apikey, X-Partner ...); and by name, a header that says it
    # holds a credential keeps its name (a checker may need it present) but never its value. A short key
    # goes when it is the header's whole value.
    def scrubbed(item: object) -> str:
        text = _scrub_keys(str(item), keys)
        return SCRUBBED if text.strip() in shorts else text

    for header in list(headers):
        value = headers[header]
        if _CREDENTIAL_NAME.search(header):
            headers[header] = [SCRUBBED] if isinstance(value, list) else SCRUBBED
        elif isinstance(value, list):
            headers[header] = [scrubbed(item) for item in value]
        else:
            headers[header] = scrubbed(value)


def _key_values(keys: Iterable[str]) -> tuple[str, ...]:
    # Longest first, so a key that contains another is replaced whole.
    return tuple(sorted({value for value in keys if len(value) >= MIN_KEY_LENGTH}, key=len, reverse=True))


def _short_values(keys: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({value for value in keys if 0 < len(value) < MIN_KEY_LENGTH}, key=len, reverse=True))


def _whole_value(value: str) -> re.Pattern[str]:
    """A short key where it is a whole value: a query or form value, a URL path segment, a JSON string.

    Shorter keys are not replaced inside other text (that would rewrite unrelated words), only there.
    """
    from urllib.parse import quote, quote_plus

    spelt = "|".join(re.escape(text) for text in sorted({value, quote(value, safe=""), quote_plus(value)}, key=len, reverse=True))
    return re.compile(rf"(?:(?<=[=/])(?:{spelt})(?=[&;#/?\s'\"]|$)|(?<=\")(?:{spelt})(?=\"))", re.MULTILINE)


def _scrub_short(text: str, shorts: tuple[str, ...]) -> str:
    for value in shorts:
        text = _whole_value(value).sub(SCRUBBED, text)
    return text


def scrub_request(replacements: Mapping[str, str], keys: Iterable[str] = ()) -> Callable[[Any], Any]:
    """A ``before_record_request`` hook: numbers swapped, key-like parameters blanked, every key value in ``keys`` removed.

    A key shorter than `MIN_KEY_LENGTH` is removed where it is a whole value (header, query, form or JSON value,
    path segment), never from inside other text.
    """
    keys = tuple(keys)
    values, shorts = _key_values(keys), _short_values(keys)

    def hook(request: Any) -> Any:
        uri = _scrub_short(_scrub_keys(_replace_numbers(request.uri, replacements), values), shorts)
        uri = _SECRET_PARAMETER.sub(rf"\g<1>{SCRUBBED}", uri)
        request.uri = uri
        request.body = _scrub_body(request.body, replacements, values)
        if isinstance(request.body, bytes | str):
            text = request.body.decode() if isinstance(request.body, bytes) else request.body
            text = _SECRET_PARAMETER.sub(rf"\g<1>{SCRUBBED}", text)
            text = _scrub_short(text, shorts)
            request.body = text.encode() if isinstance(request.body, bytes) else text
        for header in list(request.headers):
            if _dropped(header):
                del request.headers[header]
        _scrub_header_values(request.headers, values, shorts)
        return request

    return hook


def scrub_response(replacements: Mapping[str, str], keys: Iterable[str] = ()) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A ``before_record_response`` hook: Set-Cookie and similar headers dropped, numbers swapped, key values removed."""
    keys = tuple(keys)
    values, shorts = _key_values(keys), _short_values(keys)

    def hook(response: dict[str, Any]) -> dict[str, Any]:
        response = copy.deepcopy(response)
        headers = response.get("headers", {})
        for header in list(headers):
            if header.lower() == "set-cookie":
                # Keep the cookie's name (a checker may need it to be set at all), never its value.
                headers[header] = [re.sub(r"^([^=;]+)=[^;]*", rf"\g<1>={SCRUBBED}", value) for value in headers[header]]
            elif header.lower() in SECRET_HEADERS:
                del headers[header]
        _scrub_header_values(headers, values, shorts)
        body = response.get("body", {})
        if "string" in body:
            body["string"] = _scrub_body(body["string"], replacements, values)
            if isinstance(body["string"], bytes):
                body["string"] = _scrub_short(body["string"].decode("utf-8", errors="replace"), shorts).encode("utf-8")
            elif isinstance(body["string"], str):
                body["string"] = _scrub_short(body["string"], shorts)
        return response

    return hook


def scrubbing_vcr(replacements: Mapping[str, str] | None = None, *, record_mode: str = "none", keys: Iterable[str] = ()) -> Any:
    """A ``vcr.VCR`` that scrubs on record and never reaches the network in mode ``none``.

    ``keys``: the values of every configured key (`numcheck.Settings.key_values`); each is removed by
    value wherever it appears (URL, query, body, any header), in every encoding `key_spellings` names.
    """
    import vcr

    from numcheck.recording.matching import same_request

    replacements = dict(replacements or {})
    keys = tuple(keys)
    recorder = vcr.VCR(
        record_mode=record_mode,
        decode_compressed_response=True,
        filter_headers=[(name, None) for name in SECRET_HEADERS if name != "set-cookie"],
        before_record_request=scrub_request(replacements, keys),
        before_record_response=scrub_response(replacements, keys),
    )
    # The whole request must equal the recorded one: method, host, path, every query parameter,
    # form field and JSON value (a date asked may differ: it changes daily).
    recorder.register_matcher("numcheck_request", same_request)
    recorder.match_on = ("numcheck_request",)
    return recorder


def find_secrets(text: str, key_values: Iterable[str] = ()) -> list[str]:
    """Phone-number-like digit runs that are not synthetic, cookie/token/key-looking strings, and key values.

    ``key_values``: the values of the keys configured where the scan runs (`numcheck.Settings.key_values`);
    any of them, in any spelling `key_spellings` names, is flagged wherever it is, whatever carries it.
    A header whose name says it holds a credential (``Apikey``, ``X-Auth-Token`` ...) is flagged
    unless its value is a placeholder, so a key is caught even when its value is not known here.
    """
    key_values = tuple(key_values)
    allowed = all_synthetic_numbers() | _ALLOWED_DIGITS
    problems = []
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"[\- ]", "", match.group(0))
        if digits not in allowed and digits.lstrip("+") not in allowed and not _is_harmless(digits):
            problems.append(f"number-like {match.group(0)!r}")
    problems += [f"secret-like {match.group(0)!r}" for match in _SECRET_LOOKING.finditer(text)]
    for match in _KEY_HEADER.finditer(text):
        if match.group(2).strip() not in _NOT_SECRET:
            problems.append(f"credential header {match.group(1)!r} holds a value")
    from urllib.parse import unquote_plus

    # Decoded twice as well: an encoder may escape some characters of a key and not others.
    readings = [text.lower(), unquote_plus(text).lower(), unquote_plus(unquote_plus(text)).lower()]
    for value in _key_values(key_values):
        if any(spelling.lower() in reading for spelling in key_spellings(value) for reading in readings):
            problems.append(f"a configured key's value ({len(value)} characters, starting {value[:2]!r})")
    plain_readings = (text, unquote_plus(text), unquote_plus(unquote_plus(text)))
    for value in _short_values(key_values):
        # A short key only where it is a whole value: query/form/JSON value, path segment, a YAML header value line.
        header_line = re.compile(rf"(?m)^\s*-\s*['\"]?{re.escape(value)}['\"]?\s*$")
        if any(_whole_value(value).search(reading) or header_line.search(reading) for reading in plain_readings):
            problems.append(f"a configured key's value ({len(value)} characters, a whole value)")
    return problems


def _is_harmless(digits: str) -> bool:
    # Dates (20241124), lengths and ports are digit runs too; a phone number is 10-15 digits.
    plain = digits.lstrip("+")
    return len(plain) < 10 or len(plain) > 15 or bool(re.fullmatch(r"(19|20)\d{6}", plain))
