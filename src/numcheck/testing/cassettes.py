"""Cassette helpers: vcrpy configuration that scrubs numbers, cookies, tokens and keys on the way in.

``scrubbing_vcr()`` returns a ``vcr.VCR`` whose filters remove Cookie/Set-Cookie/Authorization
headers and key-like query parameters and replace any number you name with a synthetic one.
``find_secrets(text)`` is what the repository's own test runs over every cassette.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from typing import Any

from numcheck.testing.numbers import all_synthetic_numbers

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


def _replace_numbers(text: str, replacements: Mapping[str, str]) -> str:
    for real, synthetic in replacements.items():
        text = text.replace(real, synthetic)
    return text


def _scrub_body(body: Any, replacements: Mapping[str, str]) -> Any:
    if isinstance(body, bytes):
        return _replace_numbers(body.decode("utf-8", errors="replace"), replacements).encode("utf-8")
    if isinstance(body, str):
        return _replace_numbers(body, replacements)
    return body


def scrub_request(replacements: Mapping[str, str]) -> Callable[[Any], Any]:
    """A ``before_record_request`` hook: numbers swapped, key-like parameters blanked."""

    def hook(request: Any) -> Any:
        uri = _replace_numbers(request.uri, replacements)
        uri = _SECRET_PARAMETER.sub(rf"\g<1>{SCRUBBED}", uri)
        request.uri = uri
        request.body = _scrub_body(request.body, replacements)
        if isinstance(request.body, bytes | str):
            text = request.body.decode() if isinstance(request.body, bytes) else request.body
            text = _SECRET_PARAMETER.sub(rf"\g<1>{SCRUBBED}", text)
            request.body = text.encode() if isinstance(request.body, bytes) else text
        for header in list(request.headers):
            if _dropped(header):
                del request.headers[header]
        return request

    return hook


def scrub_response(replacements: Mapping[str, str]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A ``before_record_response`` hook: Set-Cookie and similar headers dropped, numbers swapped."""

    def hook(response: dict[str, Any]) -> dict[str, Any]:
        response = copy.deepcopy(response)
        headers = response.get("headers", {})
        for header in list(headers):
            if header.lower() == "set-cookie":
                # Keep the cookie's name (a checker may need it to be set at all), never its value.
                headers[header] = [re.sub(r"^([^=;]+)=[^;]*", rf"\g<1>={SCRUBBED}", value) for value in headers[header]]
            elif header.lower() in SECRET_HEADERS:
                del headers[header]
        body = response.get("body", {})
        if "string" in body:
            body["string"] = _scrub_body(body["string"], replacements)
        return response

    return hook


def scrubbing_vcr(replacements: Mapping[str, str] | None = None, *, record_mode: str = "none") -> Any:
    """A ``vcr.VCR`` that scrubs on record and never reaches the network in mode ``none``."""
    import vcr

    from numcheck.testing.requests import same_request

    replacements = dict(replacements or {})
    recorder = vcr.VCR(
        record_mode=record_mode,
        decode_compressed_response=True,
        filter_headers=[(name, None) for name in SECRET_HEADERS if name != "set-cookie"],
        before_record_request=scrub_request(replacements),
        before_record_response=scrub_response(replacements),
    )
    # The whole request must equal the recorded one: method, host, path, every query parameter,
    # form field and JSON value (a date asked may differ: it changes daily).
    recorder.register_matcher("numcheck_request", same_request)
    recorder.match_on = ("numcheck_request",)
    return recorder


def find_secrets(text: str) -> list[str]:
    """Phone-number-like digit runs that are not synthetic, and cookie/token/key-looking strings."""
    allowed = all_synthetic_numbers() | _ALLOWED_DIGITS
    problems = []
    for match in _DIGIT_RUN.finditer(text):
        digits = re.sub(r"[\- ]", "", match.group(0))
        if digits not in allowed and digits.lstrip("+") not in allowed and not _is_harmless(digits):
            problems.append(f"number-like {match.group(0)!r}")
    problems += [f"secret-like {match.group(0)!r}" for match in _SECRET_LOOKING.finditer(text)]
    return problems


def _is_harmless(digits: str) -> bool:
    # Dates (20241124), lengths and ports are digit runs too; a phone number is 10-15 digits.
    plain = digits.lstrip("+")
    return len(plain) < 10 or len(plain) > 15 or bool(re.fullmatch(r"(19|20)\d{6}", plain))
