"""The one definition of a message-sending endpoint, shared by the manifest loader and the HTTP client.

This is the second guard. The first is declared reach: a checker's HTTP handle refuses any host
and (for manifests) any request it did not declare. Here every part of a request is decoded
first (percent-encoding, ``+`` for spaces, JSON keys and values), so ``/send%53ms`` or a body
field ``{"action": "sendSms"}`` is caught like the plain words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote, unquote_plus, urlsplit

# Endpoints that send a code, an SMS or a call. A lookup is acceptable only at the step
# before anything is sent; these names say the step *is* the sending.
MESSAGE_SENDING = re.compile(
    r"send[_\-./]?(?:sms|code|msg|message|otp|captcha|verif|mobile|reg)|sendsms|sms[_\-./]?(?:send|code)|"
    r"(?:get|request)[_\-./]?(?:sms|otp)|captcha/sent|/otp\b|verif(?:y|ication)[_\-]?code|短信|验证码",
    re.IGNORECASE,
)


def names_message_sending(text: str) -> str | None:
    """The part of ``text`` that names message sending, or None."""
    found = MESSAGE_SENDING.search(text)
    return found.group(0) if found else None


def _decoded(text: str) -> str:
    # Twice: a value encoded twice (%2553) still reads as what it would become.
    return unquote_plus(unquote_plus(text))


def _json_texts(value: Any) -> Iterator[str]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield str(key)
            yield from _json_texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _json_texts(item)
    elif value is not None:
        yield str(value)


def request_texts(url: str, params: Mapping[str, str] | None = None, data: Mapping[str, str] | None = None, json: Any = None) -> list[str]:
    """Every decoded piece of a request a denylist must see: path, query, form fields, JSON keys and values."""
    parts = urlsplit(url)
    texts = [unquote(unquote(parts.path)), _decoded(parts.query)]
    for mapping in (params or {}, data or {}):
        texts += [f"{_decoded(str(key))}={_decoded(str(value))}" for key, value in mapping.items()]
    texts += [_decoded(text) for text in _json_texts(json)]
    return texts


def sending_in_request(
    url: str, params: Mapping[str, str] | None = None, data: Mapping[str, str] | None = None, json: Any = None
) -> str | None:
    """The part of a request that names message sending, or None."""
    for text in request_texts(url, params, data, json):
        found = names_message_sending(text)
        if found:
            return found
    return None
