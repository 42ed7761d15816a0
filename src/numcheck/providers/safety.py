"""Moved to `numcheck.net.safety`; this path keeps working for code that imports it from here."""

from numcheck.net.safety import (
    MESSAGE_SENDING,
    SENDING_APIS,
    SENDING_HOSTS,
    names_message_sending,
    request_texts,
    sending_host,
    sending_in_request,
)

__all__ = [
    "MESSAGE_SENDING",
    "SENDING_APIS",
    "SENDING_HOSTS",
    "names_message_sending",
    "request_texts",
    "sending_host",
    "sending_in_request",
]
