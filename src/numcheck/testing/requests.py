"""Whole-request matching: moved to `numcheck.recording.matching` (the library records with it too); this path keeps working."""

from numcheck.recording.matching import (
    ExpectedRequest,
    expected_requests,
    same_request,
)

__all__ = ["ExpectedRequest", "expected_requests", "same_request"]
