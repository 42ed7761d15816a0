"""What the API promises about its requests and refusals: the number's pattern, a batch's shape, the refusal body.

FastAPI turns these into the OpenAPI document (``/openapi.json``); tests/serve/test_contract.py checks the
running server against it.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, field_validator

MAX_BATCH = 1000
# The written forms the API promises to read (a mainland mobile number, +86 optional, grouped 3-4-4 by spaces or
# dashes or not at all): every string matching it is answered 200. The parser reads more (other countries, tel: URIs,
# full-width digits); what it cannot read gets 400 and the command line's reason.
NUMBER_PATTERN = r"^(\+86 ?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4}$"
NUMBER_EXAMPLE = "+86 138 0013 8000"


class Refusal(BaseModel):
    """Why a request was refused: one line; for a number that cannot be read, the reason code and the input too.

    ``error_localized``: the same line in the language of ``Accept-Language`` when it is not English (a number that
    cannot be read).
    """

    error: str
    reason: str | None = None
    input: str | None = None
    error_localized: str | None = None


def _refusal(text: str) -> dict[str, Any]:
    return {"model": Refusal, "description": text}


# What the guard or the app may answer instead of doing the work, on every operation: the contract says so.
REFUSALS: dict[int | str, dict[str, Any]] = {
    400: _refusal("not a phone number (one-line reason), or a Host header that does not name this server"),
    401: _refusal("a token is needed, or the one sent is wrong"),
    403: _refusal("a cross-site caller, a lookup without the page or the token, a missing CSRF token"),
    413: _refusal("the body is over --max-body bytes"),
    429: _refusal("too many requests at once from this client, or too many wrong tokens (see Retry-After)"),
}
NOT_KEPT: dict[int | str, dict[str, Any]] = {404: _refusal("no history on this server (--no-store), or fewer than two stored checks")}
NumberQuery = Annotated[
    str,
    Query(max_length=64, description="a phone number as written", examples=[NUMBER_EXAMPLE], json_schema_extra={"pattern": NUMBER_PATTERN}),
]
NumberPath = Annotated[
    str,
    Path(max_length=64, description="a phone number as written", examples=["13800138000"], json_schema_extra={"pattern": NUMBER_PATTERN}),
]

_SURROGATE = re.compile("[\ud800-\udfff]")


class ManyRequest(BaseModel):
    """Numbers to check, in the order the answers should come back."""

    numbers: list[str] = Field(min_length=1, max_length=MAX_BATCH)
    # Strict: 0, 1 or "true" are not booleans, and reading them as one would hide a client's bug.
    offline: bool = Field(default=False, strict=True)

    @field_validator("numbers")
    @classmethod
    def _encodable(cls, numbers: list[str]) -> list[str]:
        # JSON may spell a lone surrogate ("\\ud800"): no such text can be written back as UTF-8, so the answer
        # echoing it would fail half-way. It becomes U+FFFD, and the item an invalid number like any other.
        return [_SURROGATE.sub("\ufffd", number) for number in numbers]


def strict_offline(request: Request) -> None:
    """The query's ``offline`` as the schema's boolean is written, true or false: not 0, 1, yes or on."""
    raw = request.query_params.getlist("offline")
    if any(value not in ("true", "false") for value in raw):
        raise RequestValidationError(
            [{"type": "bool_parsing", "loc": ("query", "offline"), "msg": "Input should be true or false", "input": raw[-1]}]
        )
