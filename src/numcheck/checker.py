"""The checker contract: what a built-in, an entry-point plugin or a manifest provides.

A checker is any object with a ``meta`` (`CheckerMeta`) and a
``check(number, ctx) -> Finding`` method. Third-party packages expose checkers through the
``numcheck.checkers`` entry-point group: the entry point names either a checker object, a
checker class, or a callable returning an iterable of checkers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Literal, Protocol, runtime_checkable
from urllib.parse import urlsplit

from pydantic import Field, field_validator

from numcheck._model import FrozenModel
from numcheck.numbers import PhoneNumberInfo
from numcheck.offline.enrich import NumberFacts
from numcheck.report import CheckerKind, Evidence, FactValue, Finding, Provenance, Status

if TYPE_CHECKING:
    from numcheck.providers.http import ScopedHttp

ENTRY_POINT_GROUP = "numcheck.checkers"
_CHECKER_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class RateLimit(FrozenModel):
    """At most ``requests`` requests per ``per_seconds`` seconds to one host."""

    requests: Annotated[int, Field(ge=1)] = 1
    per_seconds: Annotated[float, Field(gt=0, le=86400, allow_inf_nan=False)] = 1.0


class CheckerMeta(FrozenModel):
    """What a checker is, whom it asks, and on what authority.

    ``countries``: ISO region codes the checker applies to (empty: all). ``needs_key``: the
    environment variables (or settings keys) that must be set, else the checker is ``skipped``.
    ``sends_message`` must stay False: the registry refuses any checker that declares otherwise.
    ``contract``: ``published`` when the checker follows the service's own public API or a cited
    tool, ``gateway`` when numcheck designed the request itself for a gateway the user runs.
    ``hosts``: the origins (``https://host[:port]``) the checker may ask. Its HTTP handle refuses
    every other host; a checker that declares none gets no network at all.
    """

    id: str
    name: str
    kind: CheckerKind
    category: str
    countries: tuple[str, ...] = ()
    homepage: str | None = None
    provenance: Provenance
    sends_message: bool = False
    needs_key: tuple[str, ...] = ()
    rate_limit: RateLimit | None = None
    description: str = ""
    contract: Literal["published", "gateway"] = "published"
    hosts: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _lower_kebab(cls, value: str) -> str:
        if not _CHECKER_ID.match(value):
            raise ValueError(f"checker id {value!r} must be lower-kebab-case")
        return value

    @field_validator("hosts")
    @classmethod
    def _absolute_origins(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for host in value:
            parts = urlsplit(host)
            if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
                raise ValueError(f"host {host!r} must be an absolute http(s) URL without credentials")
        return value


@dataclass(frozen=True)
class CheckContext:
    """What a checker may use besides the number: offline facts, its own keys, its scoped HTTP handle, the clock.

    The engine gives each checker its own context: ``keys`` holds only the keys its meta declares
    in ``needs_key``, and ``http`` reaches only the hosts (and, for manifests, the requests) it declares.
    """

    facts: NumberFacts
    offline: bool = False
    keys: Mapping[str, str] = field(default_factory=dict)
    http: ScopedHttp | None = None
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


@runtime_checkable
class Checker(Protocol):
    """One question about a number: ``check`` returns exactly one `Finding`."""

    meta: CheckerMeta

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding: ...


def finding(
    meta: CheckerMeta,
    ctx: CheckContext,
    status: Status,
    detail: str,
    *,
    tags: tuple[str, ...] = (),
    facts: dict[str, FactValue] | None = None,
    evidence: Evidence | None = None,
) -> Finding:
    """Build a `Finding` for ``meta`` (the one way checkers and the engine make results)."""
    return Finding(
        checker_id=meta.id,
        checker_name=meta.name,
        kind=meta.kind,
        category=meta.category,
        status=status,
        detail=detail,
        tags=tags,
        facts=facts or {},
        evidence=evidence or Evidence(),
        provenance=meta.provenance,
        checked_at=ctx.now,
    )
