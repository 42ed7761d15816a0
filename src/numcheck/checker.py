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

from pydantic import Field, field_validator, model_validator

from numcheck._model import FrozenModel
from numcheck.messages import Message, english
from numcheck.numbers import PhoneNumberInfo
from numcheck.offline.enrich import NumberFacts
from numcheck.report import CheckerKind, Evidence, FactValue, Finding, Provenance, Status

if TYPE_CHECKING:
    from numcheck.providers.http import ScopedHttp

ENTRY_POINT_GROUP = "numcheck.checkers"
_CHECKER_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

KEY_PREFIX = "NUMCHECK_KEY_"
KEY_NAME = re.compile(r"^[A-Z0-9]+(?:_[A-Z0-9]+)*$")
_ALIYUN_KEYS = frozenset({"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "NUMCHECK_ALIYUN_AUTH_CODE"})
# The only keys outside a checker's namespace: the names Alibaba Cloud's SDK documents for its
# credentials (a user who has them set for the SDK keeps them), and the local list's file path
# (not a secret). Each belongs to the named built-in ids only, which load before any plugin.
BUILTIN_KEY_NAMES: dict[str, frozenset[str]] = {
    "aliyun-twice-tel": _ALIYUN_KEYS,
    "aliyun-tenure": _ALIYUN_KEYS,
    "aliyun-status": _ALIYUN_KEYS,
    "local-list": frozenset({"NUMCHECK_REPUTATION_CSV"}),
}


def key_namespace(checker_id: str) -> str:
    """The prefix every key of ``checker_id`` carries: ``NUMCHECK_KEY_<ID>_`` (``-`` written ``_``)."""
    return f"{KEY_PREFIX}{checker_id.upper().replace('-', '_')}_"


def key_variable(checker_id: str, name: str) -> str:
    """The environment variable that holds key ``name`` of ``checker_id`` (``NUMCHECK_KEY_<ID>_<NAME>``)."""
    return key_namespace(checker_id) + name


def key_problem(checker_id: str, variable: str) -> str | None:
    """Why ``checker_id`` may not read ``variable``, or None."""
    if variable in BUILTIN_KEY_NAMES.get(checker_id, ()):
        return None
    namespace = key_namespace(checker_id)
    if variable.startswith(namespace) and KEY_NAME.match(variable[len(namespace) :]):
        return None
    return f"checker {checker_id!r} may read keys only in its own namespace: {variable!r} must be named {namespace}<NAME>"


def is_key_variable(name: str) -> bool:
    """Whether an environment variable holds some checker's key (a namespaced key or a built-in one)."""
    return name.startswith(KEY_PREFIX) or any(name in names for names in BUILTIN_KEY_NAMES.values())


def url_problem(url: str) -> str | None:
    """Why ``url`` could mean two things to two parsers, or None (the guard then judges it as requests sends it).

    Backslashes, whitespace, control characters and userinfo are where parsers disagree about the
    host (``http://evil\\@good/`` is host good to urlsplit and host evil to requests), and no
    address numcheck uses needs them; a host written in non-ASCII or percent-escapes is normalised
    differently by different libraries, so it is refused too.
    """
    if "\\" in url:
        return "a backslash"
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        return "whitespace or a control character"
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return "no http:// or https:// scheme"
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return "userinfo (user@host)"
    if not authority or authority.startswith(":"):
        return "no host"
    if "%" in authority or not authority.isascii():
        return "an encoded or non-ASCII host (write it in ASCII, punycode for IDNs)"
    return None


class RateLimit(FrozenModel):
    """At most ``requests`` requests per ``per_seconds`` seconds to one host."""

    requests: Annotated[int, Field(ge=1)] = 1
    per_seconds: Annotated[float, Field(gt=0, le=86400, allow_inf_nan=False)] = 1.0


class CheckerMeta(FrozenModel):
    """What a checker is, whom it asks, and on what authority.

    ``countries``: ISO region codes the checker applies to (empty: all). ``needs_key``: the
    environment variables (or settings keys) that must be set, else the checker is ``skipped``;
    each lives in the checker's own namespace, ``NUMCHECK_KEY_<ID>_<NAME>`` (`key_variable`), save
    the few documented built-in names in `BUILTIN_KEY_NAMES`.
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
            problem = url_problem(host)
            parts = urlsplit(host)
            if problem or not parts.hostname:
                raise ValueError(f"host {host[:80]!r} must be an absolute http(s) URL without credentials ({problem or 'no host'})")
        return value

    @model_validator(mode="after")
    def _namespaced_keys(self) -> CheckerMeta:
        for name in self.needs_key:
            problem = key_problem(self.id, name)
            if problem:
                raise ValueError(problem)
        return self


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
    detail: str | Message,
    *,
    tags: tuple[str, ...] = (),
    facts: dict[str, FactValue] | None = None,
    evidence: Evidence | None = None,
) -> Finding:
    """Build a `Finding` for ``meta`` (the one way checkers and the engine make results).

    ``detail`` is a `numcheck.messages.Message` (its English text becomes ``Finding.detail`` and every
    renderer shows it in the reader's language) or plain text, shown as written in every language.
    """
    message = detail if isinstance(detail, Message) else None
    return Finding(
        checker_id=meta.id,
        checker_name=meta.name,
        kind=meta.kind,
        category=meta.category,
        status=status,
        detail=english(detail) if isinstance(detail, Message) else detail,
        message=message,
        tags=tags,
        facts=facts or {},
        evidence=evidence or Evidence(),
        provenance=meta.provenance,
        checked_at=ctx.now,
    )
