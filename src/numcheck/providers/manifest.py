"""Declarative providers: one TOML manifest per service, validated against a shipped JSON Schema.

A manifest names the service, the request that asks whether a number is known (and an optional
"prime" request that fetches a session cookie or token first), the two positive signals, what
marks a block page, and synthesized example answers for the contract tests and the simulator.
The loader refuses any manifest whose endpoints name SMS or verification-code sending (or a known
sending API), whose paths are not plain (dot segments, escaped separators), or whose base URL could
mean two hosts. Keys are short names read from the manifest's own namespace (``NUMCHECK_KEY_<ID>_<NAME>``).
"""

from __future__ import annotations

import json
import math
import re
import tomllib
from datetime import timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator

from numcheck._errors import ManifestError, SafetyError
from numcheck._model import FrozenModel
from numcheck.checker import CheckContext, CheckerMeta, RateLimit, finding, key_variable, url_problem
from numcheck.config import Settings
from numcheck.messages import Message, say
from numcheck.numbers import PhoneNumberInfo
from numcheck.providers.safety import names_message_sending, request_texts, sending_host, sending_in_request
from numcheck.providers.signals import Signals, Verdict, classify, walk
from numcheck.report import CheckerKind, Evidence, FactValue, Finding, Provenance, Status
from numcheck.tags import UNMAPPED

if TYPE_CHECKING:
    from numcheck.providers.http import HttpResult, ScopedHttp

MANIFEST_SCHEMA_VERSION = 1

NumberFormat = Literal["e164", "e164_digits", "national", "national_with_country_code"]


def path_template_problem(path: str) -> str | None:
    """Why a declared path template is not one plain path, or None.

    The template is what the guard compares the sent path with, so it must already be in the form
    requests sends: no dot or empty segments, no escaped separators, no query, nothing parsers read
    differently. Placeholders fill whole parts of one segment (a filled value never adds a segment).
    """
    masked = _PLACEHOLDER.sub("x", path)
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
    unknown = [name for name in _PLACEHOLDER.findall(path) if name not in _SHAPES and not name.startswith("key:")]
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
    """

    path: str
    scale: str
    negative_at_least: float
    whole_numbers: bool = False
    source: str


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
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*(?::[A-Z0-9_]+)?)\}")
_ESCAPED_SEPARATOR = re.compile(r"%(?:2f|5c|2e|00|25)", re.IGNORECASE)
# What a value filled into a path may never hold: anything that ends, escapes or adds a segment.
_NOT_IN_A_SEGMENT = re.compile(r"[/\\?#%\x00-\x20\x7f]")
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
    for match in _PLACEHOLDER.finditer(template):
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


@cache
def manifest_schema() -> dict[str, Any]:
    """The shipped JSON Schema (draft 2020-12) every manifest is validated against."""
    schema: dict[str, Any] = json.loads(files("numcheck.data").joinpath("manifest.schema.json").read_text(encoding="utf-8"))
    return schema


def generated_schema() -> dict[str, Any]:
    """The schema as the Manifest model defines it (tools/gen_manifest_schema.py writes it to data/)."""
    schema = Manifest.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "numcheck provider manifest"
    return schema


def check_not_sending(manifest: Manifest, where: str) -> None:
    """Raise `SafetyError` when a manifest's endpoint or parameters name message sending (decoded, body included).

    The lint reads each declared template normalised as the client will send it (the base URL's
    path joined, dot segments removed, with and without separators; see `numcheck.providers.safety`).
    """
    host = urlsplit(manifest.request.base_url).hostname or ""
    if sending_host(host):
        raise SafetyError(f"{where}: {host} is a message-sending API's host; numcheck never sends messages")
    prefix = urlsplit(manifest.request.base_url).path.rstrip("/")
    steps: list[Prime | Request] = [manifest.request] + ([manifest.prime] if manifest.prime else [])
    for step in steps:
        body = step.json_body if isinstance(step, Request) else None
        headers = step.headers if isinstance(step, Request) else None
        for text in request_texts(prefix + step.path, step.query, step.form, body, headers):
            found = names_message_sending(text)
            if found:
                raise SafetyError(f"{where}: endpoint {text[:80]!r} names message sending ({found!r}); numcheck never sends messages")
        found = sending_in_request(prefix + step.path, step.query, step.form, body, headers)
        if found:
            raise SafetyError(f"{where}: request {step.path[:80]!r} names message sending ({found!r}); numcheck never sends messages")


def _pointer(path: Any) -> str:
    return "/" + "/".join(str(part) for part in path)


def load_manifest(path: Path, *, shipped: bool = False) -> Manifest:
    """Read, schema-validate and safety-check one manifest file. Raises ManifestError or SafetyError.

    ``shipped`` manifests skip the JSON Schema pass (the tests run it on every one of them): the
    schema is generated from `Manifest`, whose validation and the safety check still run, and the
    pass exists to point at the bad value of a user's file. Skipping it saves 30 ms of start-up.
    """
    where = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ManifestError(where, "", f"cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(where, "", f"not valid TOML: {error}") from None
    if not shipped:
        import jsonschema

        validator = jsonschema.Draft202012Validator(manifest_schema())
        problem = jsonschema.exceptions.best_match(validator.iter_errors(data))
        if problem is not None:
            raise ManifestError(where, _pointer(problem.absolute_path), problem.message)
    try:
        manifest = Manifest.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        raise ManifestError(where, _pointer(first["loc"]), first["msg"]) from None
    check_not_sending(manifest, where)
    return manifest


def _format_number(number: PhoneNumberInfo, style: NumberFormat) -> str:
    if style == "e164":
        return number.e164
    if style == "e164_digits":
        return number.e164.lstrip("+")
    if style == "national_with_country_code":
        return f"{number.country_code}{number.national_number}"
    return number.national_number


class _Template:
    def __init__(self, values: dict[str, str], keys: dict[str, str]) -> None:
        self.values, self.keys = values, keys
        # This lookup's own cookies (a session cookie or xsrf token lives for one lookup only).
        from requests.cookies import RequestsCookieJar  # requests loads only when a lookup really runs

        self.jar = RequestsCookieJar()

    def fill(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name.startswith("key:"):
                return self.keys.get(name[4:], "")
            return self.values.get(name, match.group(0))

        return _PLACEHOLDER.sub(replace, text)

    def fill_path(self, text: str) -> str:
        """``text`` filled, or ValueError when a value would end, escape or add a path segment."""

        def replace(match: re.Match[str]) -> str:
            value = self.fill(match.group(0))
            if _NOT_IN_A_SEGMENT.search(value) or value in (".", ".."):
                raise ValueError(f"the value of {{{match.group(1).split(':')[0]}}} would change the declared path")
            return value

        return _PLACEHOLDER.sub(replace, text)

    def fill_all(self, mapping: dict[str, str]) -> dict[str, str]:
        return {key: self.fill(value) for key, value in mapping.items()}

    def fill_json(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.fill(value)
        if isinstance(value, dict):
            return {key: self.fill_json(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.fill_json(item) for item in value]
        return value


def _scalar(value: Any) -> FactValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, ensure_ascii=False)[:200]


class ManifestChecker:
    """A checker driven entirely by a `Manifest`."""

    def __init__(self, checker_id: str, manifest: Manifest) -> None:
        self.manifest = manifest
        self.meta = CheckerMeta(
            id=checker_id,
            name=manifest.name,
            kind=CheckerKind(manifest.kind),
            category=manifest.category,
            countries=manifest.countries,
            homepage=manifest.homepage,
            provenance=manifest.provenance,
            sends_message=manifest.sends_message,
            needs_key=tuple(key_variable(checker_id, name) for name in manifest.needs_key),
            rate_limit=manifest.rate_limit,
            description=manifest.description,
            contract=manifest.contract,
            hosts=(manifest.request.base_url,),
        )

    def base_url(self, settings: Settings) -> str | None:
        """The host this checker asks: configured override, or the real one (None when one must be configured)."""
        configured = settings.base_urls.get(self.meta.id) or settings.base_url
        if configured:
            return configured.rstrip("/")
        return None if self.manifest.request.base_url_required else self.manifest.request.base_url.rstrip("/")

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        if ctx.http is None:
            return finding(self.meta, ctx, Status.SKIPPED, say("finding.no_http"))
        base = self.base_url(ctx.http.settings)
        if base is None:
            variable = "NUMCHECK_BASE_URL_" + self.meta.id.upper().replace("-", "_")
            return finding(self.meta, ctx, Status.SKIPPED, say("finding.needs_address", variable=variable))
        since = (ctx.now - timedelta(days=ctx.http.settings.since_days)).date()
        template = _Template(
            {
                "number": _format_number(number, self.manifest.request.number_format),
                "e164": number.e164,
                "national": number.national_number,
                "region": number.region_code or "",
                "since": since.isoformat(),
                "since_compact": since.strftime("%Y%m%d"),
            },
            # Only the keys this manifest declares, each from its own namespace: a manifest cannot name an
            # environment variable, so it cannot read another provider's secrets or anything else.
            self._keys(ctx),
        )
        return self._lookup(number, ctx, ctx.http, base, template)

    def _keys(self, ctx: CheckContext) -> dict[str, str]:
        """The manifest's short key names, with the values of their namespaced variables."""
        return {name: ctx.keys[variable] for name in self.manifest.needs_key if (variable := key_variable(self.meta.id, name)) in ctx.keys}

    def _prime(self, http: ScopedHttp, base: str, template: _Template) -> tuple[HttpResult, str | None]:
        prime = self.manifest.prime
        assert prime is not None
        result = http.request(
            prime.method, base + template.fill_path(prime.path), rate=self.manifest.rate_limit, jar=template.jar,
            params=template.fill_all(prime.query) or None, data=template.fill_all(prime.form) or None,
        )  # fmt: skip
        token = None
        if prime.token_cookie:
            token = result.cookies.get(prime.token_cookie)
        elif prime.token_regex:
            found = re.search(prime.token_regex, result.text)
            token = found.group(1) if found else None
        return result, token

    def _lookup(self, number: PhoneNumberInfo, ctx: CheckContext, http: ScopedHttp, base: str, template: _Template) -> Finding:
        request = self.manifest.request
        url_template = base + request.path
        if self.manifest.prime is not None:
            try:
                primed, token = self._prime(http, base, template)
            except ValueError as error:
                return finding(
                    self.meta, ctx, Status.ERROR, say("finding.refused", reason=str(error)), evidence=Evidence(url_template=url_template)
                )
            verdict = classify(primed, Signals(blocked=self.manifest.signals.blocked))
            if verdict.status in (Status.BLOCKED, Status.ERROR):
                return self._finding(ctx, verdict, primed, base + self.manifest.prime.path, session_step=True)
            if (self.manifest.prime.token_cookie or self.manifest.prime.token_regex) and not token:
                return finding(self.meta, ctx, Status.UNKNOWN, say("finding.no_token"),
                               evidence=Evidence(signal="no token", http_status=primed.status, url_template=base + self.manifest.prime.path))  # fmt: skip
            template.values["token"] = token or ""
        auth = None
        if request.basic_auth:
            auth = (template.keys.get(request.basic_auth[0], ""), template.keys.get(request.basic_auth[1], ""))
        try:
            url = base + template.fill_path(request.path)
        except ValueError as error:
            return finding(
                self.meta, ctx, Status.ERROR, say("finding.refused", reason=str(error)), evidence=Evidence(url_template=url_template)
            )
        result = http.request(
            request.method,
            url,
            rate=self.manifest.rate_limit,
            params=template.fill_all(request.query) or None,
            data=template.fill_all(request.form) or None,
            json=template.fill_json(request.json_body) if request.json_body is not None else None,
            headers=template.fill_all(request.headers) or None,
            auth=auth,
            jar=template.jar,
        )
        return self._finding(ctx, classify(result, self.manifest.signals), result, url_template)

    def declared(self, base: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """The (method, path pattern) pairs this checker may send to ``base``: its session step and its lookup."""
        prefix = urlsplit(base).path.rstrip("/")
        steps: list[Prime | Request] = ([self.manifest.prime] if self.manifest.prime else []) + [self.manifest.request]
        return tuple((step.method, template_pattern(prefix + step.path, path=True)) for step in steps)

    def _finding(self, ctx: CheckContext, verdict: Verdict, result: HttpResult, url_template: str, session_step: bool = False) -> Finding:
        tags: tuple[str, ...] = ()
        facts: dict[str, FactValue] = {}
        detail = verdict.message
        status = verdict.status
        if self.manifest.score is not None and status in (Status.REGISTERED, Status.NOT_REGISTERED, Status.UNKNOWN):
            status, tags, detail = self._score(status, result, facts, detail)
        if status in (Status.REGISTERED, Status.NOT_REGISTERED, Status.UNKNOWN) and result.body:
            from numcheck.providers.signals import Body

            data = Body(result, self.manifest.signals.jsonp, self.manifest.signals.xml).json
            if data is not None:
                for rule in self.manifest.tags:
                    codes = [_code_key(code) for code in walk(data, rule.path)]
                    tags += tuple(rule.map[code] for code in codes if code in rule.map)
                    if status is not Status.NOT_REGISTERED and any(code not in rule.map for code in codes):
                        # A code the map does not name, on an answer that is not a clean one, is read but cannot be placed.
                        tags += (UNMAPPED,)
            if data is not None and status.definitive:
                for fact in self.manifest.facts:
                    values = list(walk(data, fact.path))
                    if values:
                        facts[fact.name] = _scalar(values[0])
        if status is Status.REGISTERED:
            tags += self.manifest.registered_tags
        elif status is Status.NOT_REGISTERED:
            tags += self.manifest.not_registered_tags
        evidence = Evidence(
            signal=verdict.signal, http_status=result.status or None, url_template=url_template, retry_after=verdict.retry_after
        )
        if session_step:
            detail = say("finding.session_step", inner=detail)
        return finding(self.meta, ctx, status, detail, tags=tuple(dict.fromkeys(tags)), facts=facts, evidence=evidence)

    def _score(
        self, status: Status, result: HttpResult, facts: dict[str, FactValue], detail: Message
    ) -> tuple[Status, tuple[str, ...], Message]:
        from numcheck.providers.signals import Body

        rule = self.manifest.score
        assert rule is not None
        data = Body(result, self.manifest.signals.jsonp, self.manifest.signals.xml).json if result.body else None
        found = list(walk(data, rule.path)) if data is not None else []
        score = _as_float(found[0]) if found else None
        placed = score is not None and math.isfinite(score) and (not rule.whole_numbers or score.is_integer())
        negative = placed and score is not None and score >= rule.negative_at_least
        if status is Status.UNKNOWN:
            # No signal took the answer: a score that was there is one no band places (off the scale, say), a warning.
            return status, (UNMAPPED,) if found else (), detail
        if not placed or (status is Status.REGISTERED and not negative) or (status is Status.NOT_REGISTERED and negative):
            # The signals and the band disagree, or the score is missing or not on the scale: an answer numcheck cannot place.
            return Status.UNKNOWN, (UNMAPPED,), say("finding.score_unplaced", base=detail, scale=rule.scale)
        assert score is not None
        facts["score"] = score
        facts["score_scale"] = rule.scale
        facts["score_band"] = "negative" if negative else "not negative"
        return status, ("negative_rating",) if negative else (), say("finding.score", base=detail, score=score, scale=rule.scale,
                                                                     band=facts["score_band"])  # fmt: skip


def _code_key(code: Any) -> str:
    # 54.0 and 54 are the same code on the wire.
    if isinstance(code, float) and code.is_integer():
        return str(int(code))
    return str(code)


def _as_float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def shipped_manifest_dir() -> Path:
    """Where the manifests numcheck ships live."""
    return Path(str(files("numcheck.data").joinpath("manifests")))


def manifest_files(directories: tuple[Path, ...]) -> list[Path]:
    """Manifest files in the shipped directory, then in each extra directory (sorted by name)."""
    found = sorted(shipped_manifest_dir().glob("*.toml"))
    for directory in directories:
        found += sorted(Path(directory).expanduser().glob("*.toml"))
    return found
