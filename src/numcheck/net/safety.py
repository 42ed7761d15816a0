"""The one definition of a message-sending endpoint, shared by the manifest loader and the HTTP client.

This is the second guard. The first is declared reach: a checker's HTTP handle refuses any host
and (for manifests) any request it did not declare. Here every part of a request is decoded
first (percent-encoding, ``+`` for spaces, JSON keys and values) and read with and without its
separators and dot segments, and folded with Unicode NFKC (full-width ``ｓｅｎｄＳｍｓ`` reads as
``sendSms``), so ``/send%53ms``, ``send__sms``, ``send/./sms``, a body field ``{"action": "sendSms"}``
or a header ``X-TC-Action: SendSms`` is caught like the plain words. JSON keys are read with their
values (``{"channel": "voice"}`` as ``channel=voice``) and ``;`` path parameters like a query. Known
sending APIs (Twilio Messages and Verify, SNS Publish, Infobip 2FA, ``channel=sms``) and sending hosts
(Twilio, Vonage, AWS SMS/SNS, Tencent Cloud SMS, Infobip) are named too. The manifest loader runs it over
declared templates, headers included, at load time; the HTTP client runs it again over what it sends.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, unquote, unquote_plus, urlsplit

# Endpoints that send a code, an SMS or a call. A lookup is acceptable only at the step
# before anything is sent; these names say the step *is* the sending.
MESSAGE_SENDING = re.compile(
    r"send[_\-./]?(?:sms|code|msg|message|otp|captcha|verif|mobile|reg)|sendsms|sms[_\-./]?(?:send|code)|"
    r"(?:get|request)[_\-./]?(?:sms|otp)|captcha/sent|/otp\b|verif(?:y|ication)[_\-]?code|短信|验证码",
    re.IGNORECASE,
)
# The same words with every separator taken out, so ``send__sms``, ``send//sms``, ``send sms`` and
# ``Send-SMS`` read alike: separators are where spellings differ, never what a step does.
_COMPACT_SENDING = re.compile(
    r"send(?:sms|code|msg|message|otp|captcha|verif|mobile|reg)|sms(?:send|code)|(?:get|request)(?:sms|otp)|"
    r"captchasent|verif(?:y|ication)code|短信|验证码"
)
_SEPARATORS = re.compile(r"[\W_]+")
# Known sending APIs, by the shape their own documentation gives them: Twilio Messages and Calls
# (``/2010-04-01/Accounts/{sid}/Messages.json``), Twilio Verify (``/v2/Services/{sid}/Verifications``,
# ``Channel=sms``), AWS SNS (``Action=Publish``, the SMS sandbox's verification), Vonage (``/sms/json``,
# ``/verify``), and any path segment that is just ``send``, ``sms`` or ``otp``.
SENDING_APIS = re.compile(
    r"(?:^|/)(?:messages?|calls|verifications?|verificationchecks?|verify|send|sms|otp)(?:\.json|\.xml)?(?:/|$)|"
    r"(?:^|/)2fa/\d+/pin(?:/|$)|"
    r"(?:^|[?&\s])channel=(?:sms|call|voice|whatsapp|rcs|email|auto|flashcall)\b|"
    r"(?:^|[?&\s])action=(?:publish|sendsms|createsmssandboxphonenumber|verifysmssandboxphonenumber)\b",
    re.IGNORECASE,
)
# Hosts whose every endpoint sends (or belongs to a sending product): nothing numcheck asks lives there.
SENDING_HOSTS = re.compile(
    r"(?:^|\.)(?:verify\.twilio\.com|api\.twilio\.com|rest\.nexmo\.com|sms\.[a-z0-9-]+\.amazonaws\.com|"
    r"sns\.[a-z0-9-]+\.amazonaws\.com|sms-voice\.[a-z0-9.-]+\.amazonaws\.com|sms\.tencentcloudapi\.com|"
    r"api\.infobip\.com)$",
    re.IGNORECASE,
)
# Field pairs that make a message whatever the path is called: a recipient and a text.
_RECIPIENTS = frozenset({"to", "phonenumber", "recipient", "recipients", "destination", "mobile"})
_TEXTS = frozenset({"body", "message", "text", "content", "msg"})


def names_message_sending(text: str) -> str | None:
    """The part of ``text`` that names message sending, or None (separators between words do not hide it)."""
    for form in dict.fromkeys((text, unicodedata.normalize("NFKC", text))):
        found = MESSAGE_SENDING.search(form) or SENDING_APIS.search(form)
        if found:
            return found.group(0)
        compact = _COMPACT_SENDING.search(_SEPARATORS.sub("", form.lower()))
        if compact:
            return compact.group(0)
    return None


def sending_host(host: str) -> str | None:
    """The host, when it belongs to a known sending API; else None."""
    return host if SENDING_HOSTS.search(unicodedata.normalize("NFKC", host).strip("[]").rstrip(".")) else None


def _decoded(text: str) -> str:
    # Twice: a value encoded twice (%2553) still reads as what it would become.
    return unquote_plus(unquote_plus(text))


def _json_texts(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            if item is not None and not isinstance(item, Mapping | list | tuple):
                # A key with its value, as a form field reads: {"channel": "voice"} is channel=voice.
                yield f"{key}={item}"
            yield from _json_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _json_texts(item)
    elif value is not None:
        yield str(value)


def _json_keys(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from _json_keys(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _json_keys(item)


def _without_dot_segments(path: str) -> str:
    # As RFC 3986 removes them (the way urllib3 normalises a path), so ``send/./sms`` reads as sent.
    kept: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if len(kept) > 1:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    return "/".join(kept)


def request_texts(
    url: str,
    params: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    json: Any = None,
    headers: Mapping[str, str] | None = None,
) -> list[str]:
    """Every decoded piece of a request a denylist must see: path, ``;`` parameters, query, form fields, JSON, headers."""
    parts = urlsplit(url)
    path = unquote(unquote(parts.path))
    texts = [path, _without_dot_segments(path), _decoded(parts.query)]
    if ";" in path:
        # Matrix parameters (/lookup;channel=sms) are read like a query's.
        texts += [path.replace(";", "&"), *(_decoded(piece) for segment in path.split("/") for piece in segment.split(";")[1:])]
    texts += [f"{_decoded(key)}={_decoded(value)}" for key, value in parse_qsl(parts.query, keep_blank_values=True)]
    for mapping in (params or {}, data or {}):
        texts += [f"{_decoded(str(key))}={_decoded(str(value))}" for key, value in mapping.items()]
    texts += [_decoded(text) for text in _json_texts(json)]
    # Headers name the action for some APIs (Tencent Cloud's X-TC-Action: SendSms): read name, value and both.
    for name, value in (headers or {}).items():
        texts += [str(name), str(value), f"{name}={value}"]
    return texts


def _field_names(url: str, params: Mapping[str, str] | None, data: Mapping[str, str] | None, json: Any) -> set[str]:
    names = {_decoded(key) for key, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    for mapping in (params or {}, data or {}):
        names |= {_decoded(str(key)) for key in mapping}
    names |= set(_json_keys(json))
    return {_SEPARATORS.sub("", unicodedata.normalize("NFKC", name).lower()) for name in names}


def sending_in_request(
    url: str,
    params: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    json: Any = None,
    headers: Mapping[str, str] | None = None,
) -> str | None:
    """The part of a request that names message sending, or None."""
    for text in request_texts(url, params, data, json, headers):
        found = names_message_sending(text)
        if found:
            return found
    names = _field_names(url, params, data, json)
    if names & _RECIPIENTS and names & _TEXTS:
        return f"a recipient and a text ({', '.join(sorted(names & (_RECIPIENTS | _TEXTS)))})"
    return None
