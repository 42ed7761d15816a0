"""Cassette scrubbing: moved to `numcheck.recording.scrub` (the library records with it too); this path keeps working."""

from numcheck.recording.scrub import (
    MIN_KEY_LENGTH,
    SCRUBBED,
    SECRET_HEADERS,
    find_secrets,
    key_spellings,
    scrub_request,
    scrub_response,
    scrubbing_vcr,
)

__all__ = [
    "MIN_KEY_LENGTH",
    "SCRUBBED",
    "SECRET_HEADERS",
    "find_secrets",
    "key_spellings",
    "scrub_request",
    "scrub_response",
    "scrubbing_vcr",
]
