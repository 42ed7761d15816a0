"""The one definition of a message-sending endpoint, shared by the manifest loader and the HTTP client."""

from __future__ import annotations

import re

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
