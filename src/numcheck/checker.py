"""The checker contract: what a built-in, an entry-point plugin or a manifest provides.

A checker is any object with a ``meta`` (`CheckerMeta`) and a
``check(number, ctx) -> Finding`` method. Third-party packages expose checkers through the
``numcheck.checkers`` entry-point group: the entry point names either a checker object, a
checker class, or a callable returning an iterable of checkers.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable
from urllib.parse import urlsplit

from pydantic import field_validator, model_validator

from numcheck._model import FrozenModel
from numcheck._text import printable
from numcheck.config import RateLimit
from numcheck.messages import Message, english
from numcheck.numbers import PhoneNumberInfo
from numcheck.offline.enrich import NumberFacts

# The key and URL rules live below the settings and the HTTP client, which judge by them too; checkers and
# plugins have always imported them from here.
from numcheck.policy import BUILTIN_KEY_NAMES, KEY_NAME, KEY_PREFIX, is_key_variable, key_namespace, key_problem, key_variable, url_problem
from numcheck.report import CheckerKind, Evidence, FactValue, Finding, Provenance, Status

if TYPE_CHECKING:
    from numcheck.net.scoped import ScopedHttp

__all__ = [
    "ANSWER_KEY_FACT",
    "BUILTIN_KEY_NAMES",
    "ENTRY_POINT_GROUP",
    "KEY_NAME",
    "KEY_PREFIX",
    "AnswerKeyed",
    "CheckContext",
    "Checker",
    "CheckerMeta",
    "RateLimit",
    "finding",
    "is_key_variable",
    "key_namespace",
    "key_problem",
    "key_variable",
    "url_problem",
]

ENTRY_POINT_GROUP = "numcheck.checkers"
_CHECKER_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    def _namespaced_keys(self) -> "CheckerMeta":
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
    http: "ScopedHttp | None" = None
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


@runtime_checkable
class Checker(Protocol):
    """One question about a number: ``check`` returns exactly one `Finding`."""

    meta: CheckerMeta

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding: ...


# The fact a stored answer carries its `AnswerKeyed.answer_key` in.
ANSWER_KEY_FACT = "answer_key"


@runtime_checkable
class AnswerKeyed(Protocol):
    """A checker whose answers hold only while its source is unchanged (a local file): stored answers are keyed on it.

    ``answer_key`` names the source's present state (``sha256:...`` of a file's content), or None when it cannot be
    read. The engine reuses a stored answer of such a checker only when the key it was given under is the present one,
    so an edit takes effect at once, whatever the history's TTL.
    """

    def answer_key(self, keys: Mapping[str, str]) -> str | None: ...


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
    text = english(detail) if isinstance(detail, Message) else detail
    fields: dict[str, object] = {
        "checker_id": meta.id,
        "checker_name": meta.name,
        "kind": meta.kind,
        "category": meta.category,
        "status": status,
        "detail": text,
        "message": message,
        "tags": tags,
        "facts": facts or {},
        "evidence": evidence or Evidence.model_construct(),  # a default, which validation never checks either
        "provenance": meta.provenance,
        "checked_at": ctx.now,
    }
    # Building Finding's validator costs 1 to 2 ms of every start. Fields of exactly the types declared are cleaned
    # here as Finding's validators clean them (tests/unit/test_constructed.py holds the two equal); any other value
    # goes through pydantic, which converts or refuses it.
    if not _plain_finding(fields):
        return Finding.model_validate(fields)
    fields.update(
        checker_name=printable(meta.name),
        detail=printable(text),
        tags=tuple(printable(tag) for tag in tags),
        facts={key: printable(value) if type(value) is str else value for key, value in (facts or {}).items()},
    )
    return Finding.model_construct(None, **fields)


_EXACT: dict[str, tuple[type, ...]] = {
    "checker_id": (str,),
    "checker_name": (str,),
    "kind": (CheckerKind,),
    "category": (str,),
    "status": (Status,),
    "detail": (str,),
    "message": (Message, type(None)),
    "evidence": (Evidence,),
    "provenance": (Provenance,),
    "checked_at": (datetime,),
}
_FACT_TYPES = (str, int, float, bool, type(None))


def _plain_finding(fields: Mapping[str, object]) -> bool:
    """Whether every field is exactly of a type `Finding` declares, so that validating it would change nothing but text."""
    tags, facts = fields["tags"], fields["facts"]
    return (
        all(type(fields[name]) in kinds for name, kinds in _EXACT.items())
        and type(tags) is tuple
        and all(type(tag) is str for tag in tags)
        and type(facts) is dict
        and all(type(key) is str and type(value) in _FACT_TYPES for key, value in facts.items())
    )
