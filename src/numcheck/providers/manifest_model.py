"""A provider manifest's model: the request it sends, the signals it reads, the examples it ships, and their rules.

A manifest names the service, the request that asks whether a number is known (and an optional
"prime" request that fetches a session cookie or token first), the two positive signals, what
marks a block page, and synthesized example answers for the contract tests and the simulator.
Paths must be plain (no dot segments, no escaped separators) and the base URL must name one host
to every parser. Keys are short names read from the manifest's own namespace (``NUMCHECK_KEY_<ID>_<NAME>``).
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, field_validator, model_validator

from numcheck._model import FrozenModel
from numcheck.checker import RateLimit
from numcheck.policy import url_problem
from numcheck.providers.signals import Signals
from numcheck.report import Provenance, Status

MANIFEST_SCHEMA_VERSION = 1

NumberFormat = Literal["e164", "e164_digits", "national", "national_with_country_code"]


def path_template_problem(path: str) -> str | None:
    """Why a declared path template is not one plain path, or None.

    The template is what the guard compares the sent path with, so it must already be in the form
    requests sends: no dot or empty segments, no escaped separators, no query, nothing parsers read
    differently. Placeholders fill whole parts of one segment (a filled value never adds a segment).
    """
    masked = PLACEHOLDER.sub("x", path)
    if not path.startswith("/"):
        return "must start with /"
    if "\\" in path or any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        return "has a backslash, whitespace or a control character"
    if "?" in masked or "#" in masked:
        return "has a query or fragment (declare query parameters in query)"
    if "//" in masked or _ESCAPED_SEPARATOR.search(masked):
        return "has an empty segment or an escaped separator"
    if any(segment in (".", "..") for segment in unquote(masked).split("/")):
        return "has a dot segment"
    unknown = [name for name in PLACEHOLDER.findall(path) if name not in _SHAPES and not name.startswith("key:")]
    if unknown or "{" in masked or "}" in masked:
        return f"has a placeholder numcheck does not fill ({', '.join(unknown) or 'a stray brace'})"
    return None


def _checked_path(path: str) -> str:
    problem = path_template_problem(path)
    if problem:
        raise ValueError(f"path {path[:80]!r} {problem}")
    return path


class Prime(FrozenModel):
    """A request made first to obtain a session cookie or a token (never a message)."""

    method: Literal["GET", "POST"] = "GET"
    path: str = "/"
    query: dict[str, str] = Field(default_factory=dict)
    form: dict[str, str] = Field(default_factory=dict)
    token_cookie: str | None = None
    token_regex: str | None = None

    @field_validator("path")
    @classmethod
    def _plain_path(cls, value: str) -> str:
        return _checked_path(value)


class Request(FrozenModel):
    """The lookup: templates may use {number}, {e164}, {national}, {region}, {since}, {since_compact}, {token}, {key:NAME}."""

    base_url: str
    base_url_required: bool = False
    method: Literal["GET", "POST"] = "GET"
    path: str
    query: dict[str, str] = Field(default_factory=dict)
    form: dict[str, str] = Field(default_factory=dict)
    json_body: dict[str, Any] | None = None
    headers: dict[str, str] = Field(default_factory=dict)
    basic_auth: tuple[str, str] | None = None
    number_format: NumberFormat = "national"

    @field_validator("path")
    @classmethod
    def _plain_path(cls, value: str) -> str:
        return _checked_path(value)

    @field_validator("base_url")
    @classmethod
    def _one_origin(cls, value: str) -> str:
        problem = url_problem(value)
        parts = urlsplit(value)
        if problem is None and (not parts.hostname or "?" in value or "#" in value or path_template_problem(parts.path or "/")):
            problem = "a query, a fragment, no host or an unusual path"
        if problem:
            raise ValueError(f"base_url {value[:80]!r} must be one plain http(s) origin, without {problem}")
        return value


class TagRule(FrozenModel):
    """Read tag codes at ``path`` and name them in numcheck's tag vocabulary via ``map``."""

    path: str
    map: dict[str, str]


class FactRule(FrozenModel):
    """Copy one scalar at ``path`` into the finding's facts as ``name``."""

    name: str
    path: str


class ScoreRule(FrozenModel):
    """A reputation score read on the source's own scale, with the negative band a public source states (``source``).

    The two signals decide the status, as for every provider; the score adds its facts, and a
    ``registered`` answer whose score lies in the negative band (``>= negative_at_least``) gets the
    ``negative_rating`` tag. A ``registered`` answer whose score the band cannot place (missing,
    not a number, below the band) is ``unknown`` with the ``unmapped`` tag, never a hit of no weight.

    ``lowest`` and ``highest`` are the scale's ends, as the source states them: a score outside them (a -5 on a 1-9
    scale, beside a ``not_registered`` signal that does not look at the score) is off the scale, hence ``unknown``,
    never a clean answer.
    """

    path: str
    scale: str
    lowest: float = Field(allow_inf_nan=False)
    highest: float = Field(allow_inf_nan=False)
    negative_at_least: float = Field(allow_inf_nan=False)
    whole_numbers: bool = False
    source: str

    @model_validator(mode="after")
    def _band_on_the_scale(self) -> ScoreRule:
        if not self.lowest < self.highest:
            raise ValueError(f"the scale's lowest ({self.lowest:g}) must be below its highest ({self.highest:g})")
        if not self.lowest <= self.negative_at_least <= self.highest:
            raise ValueError(f"negative_at_least ({self.negative_at_least:g}) must lie on the scale ({self.lowest:g} to {self.highest:g})")
        return self


class Example(FrozenModel):
    """A synthesized answer for one scenario, the status numcheck must read from it, and where its shape comes from.

    ``source`` names the public source the answer's fields and values come from; an example
    that only exercises numcheck (a drifted answer, say) says so instead.
    """

    status: int = 200
    body: str
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] = Field(default_factory=dict)
    expect: Status
    source: str = ""


_KEY_REFERENCE = re.compile(r"\{key:([A-Z0-9_]+)\}")
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*(?::[A-Z0-9_]+)?)\}")
_ESCAPED_SEPARATOR = re.compile(r"%(?:2f|5c|2e|00|25)", re.IGNORECASE)
# What a value filled into a path may never hold: anything that ends, escapes or adds a segment.
NOT_IN_A_SEGMENT = re.compile(r"[/\\?#%\x00-\x20\x7f]")
# What each template placeholder becomes once filled in.
_SHAPES = {
    "number": r"\+?\d{5,15}",
    "e164": r"\+\d{6,15}",
    "national": r"\d{5,15}",
    "region": r"[A-Z]{2}",
    "since": r"\d{4}-\d{2}-\d{2}",
    "since_compact": r"\d{8}",
    "token": r".+",
}


def template_pattern(template: str, *, path: bool = False) -> re.Pattern[str]:
    """A regex matching what ``template`` becomes once filled in (literal text exactly, placeholders by shape).

    ``path``: the template is a path, and a filled value matches within one segment only (no ``/``).
    """
    parts, last = [], 0
    free = r"[^/]+" if path else r".+"
    for match in PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        name = match.group(1)
        shape = free if name.startswith("key:") else _SHAPES.get(name, re.escape(match.group(0)))
        parts.append(free if shape == r".+" else shape)
        last = match.end()
    parts.append(re.escape(template[last:]))
    return re.compile("".join(parts), re.DOTALL)


class Manifest(FrozenModel):
    """One provider, declared. ``sends_message`` must be present and false.

    ``contract``: ``published`` when the request and answer follow the service's own public
    API or a cited tool; ``gateway`` when numcheck designed the request envelope itself (a
    gateway you run holds the vendor's credentials and signs its calls).
    """

    schema_version: Literal[1]
    name: str
    kind: Literal["account", "reputation", "carrier"]
    category: str
    countries: tuple[str, ...] = ()
    homepage: str
    description: str
    sends_message: Literal[False]
    # Short names: key NAME of a manifest with id ID is read from NUMCHECK_KEY_<ID>_<NAME>, and only from there.
    needs_key: tuple[Annotated[str, Field(pattern=r"^[A-Z0-9]+(?:_[A-Z0-9]+)*$", max_length=64)], ...] = ()
    provenance: Provenance
    contract: Literal["published", "gateway"] = "published"
    rate_limit: RateLimit = RateLimit(requests=1, per_seconds=1.0)
    prime: Prime | None = None
    request: Request
    signals: Signals
    tags: tuple[TagRule, ...] = ()
    facts: tuple[FactRule, ...] = ()
    score: ScoreRule | None = None
    registered_tags: tuple[str, ...] = ()
    not_registered_tags: tuple[str, ...] = ()
    examples: dict[str, Example]

    @model_validator(mode="after")
    def _examples_cover_signals(self) -> Manifest:
        declared = {"registered": self.signals.registered, "not_registered": self.signals.not_registered}
        wanted = {name for name, signal in declared.items() if signal is not None}
        block = self.signals.blocked
        if block.status or block.words or block.css or block.json_:
            wanted.add("blocked")
        from numcheck._scenarios import SCENARIOS

        unplayable = sorted(set(self.examples) - set(SCENARIOS) - {"prime"})
        if unplayable:
            raise ValueError(f"examples {unplayable} name no scenario the simulator can play (use {', '.join(SCENARIOS)})")
        missing = wanted - set(self.examples)
        if missing:
            raise ValueError(f"examples must show every declared signal; missing {sorted(missing)}")
        if not wanted - {"blocked"}:
            raise ValueError("a manifest must declare at least one positive signal (registered or not_registered)")
        return self

    @model_validator(mode="after")
    def _reads_only_declared_keys(self) -> Manifest:
        steps: list[Prime | Request] = [self.request] + ([self.prime] if self.prime else [])
        texts = [self.request.base_url, json.dumps(self.request.json_body or {})]
        for step in steps:
            texts += [step.path, *step.query.values(), *step.form.values()]
        texts += list(self.request.headers.values())
        named = {match for text in texts for match in _KEY_REFERENCE.findall(text)}
        named |= set(self.request.basic_auth or ())
        undeclared = sorted(named - set(self.needs_key))
        if undeclared:
            raise ValueError(f"the request reads keys it does not declare in needs_key: {', '.join(undeclared)}")
        return self
