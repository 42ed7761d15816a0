"""Declarative providers: one TOML manifest per service, validated against a shipped JSON Schema.

A manifest names the service, the request that asks whether a number is known (and an optional
"prime" request that fetches a session cookie or token first), the two positive signals, what
marks a block page, and synthesized example answers for the contract tests and the simulator.
The loader refuses any manifest whose endpoints name SMS or verification-code sending.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import timedelta
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, model_validator

from numcheck._errors import ManifestError, SafetyError
from numcheck._model import FrozenModel
from numcheck.checker import CheckContext, CheckerMeta, RateLimit, finding
from numcheck.config import Settings
from numcheck.numbers import PhoneNumberInfo
from numcheck.providers.safety import names_message_sending, request_texts
from numcheck.providers.signals import Signals, Verdict, classify, walk
from numcheck.report import CheckerKind, Evidence, FactValue, Finding, Provenance, Status
from numcheck.tags import UNMAPPED

if TYPE_CHECKING:
    from numcheck.providers.http import HttpResult, ScopedHttp

MANIFEST_SCHEMA_VERSION = 1

NumberFormat = Literal["e164", "e164_digits", "national", "national_with_country_code"]


class Prime(FrozenModel):
    """A request made first to obtain a session cookie or a token (never a message)."""

    method: Literal["GET", "POST"] = "GET"
    path: str = "/"
    query: dict[str, str] = Field(default_factory=dict)
    form: dict[str, str] = Field(default_factory=dict)
    token_cookie: str | None = None
    token_regex: str | None = None


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


def template_pattern(template: str) -> re.Pattern[str]:
    """A regex matching what ``template`` becomes once filled in (literal text exactly, placeholders by shape)."""
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[last : match.start()]))
        name = match.group(1)
        parts.append(r".+" if name.startswith("key:") else _SHAPES.get(name, re.escape(match.group(0))))
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
    needs_key: tuple[str, ...] = ()
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
    """Raise `SafetyError` when a manifest's endpoint or parameters name message sending (decoded, body included)."""
    steps: list[Prime | Request] = [manifest.request] + ([manifest.prime] if manifest.prime else [])
    for step in steps:
        body = step.json_body if isinstance(step, Request) else None
        for text in request_texts(step.path, step.query, step.form, body):
            found = names_message_sending(text)
            if found:
                raise SafetyError(f"{where}: endpoint {text[:80]!r} names message sending ({found!r}); numcheck never sends messages")


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
            needs_key=manifest.needs_key,
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
            return finding(self.meta, ctx, Status.SKIPPED, "no HTTP client: online checks are off")
        base = self.base_url(ctx.http.settings)
        if base is None:
            variable = "NUMCHECK_BASE_URL_" + self.meta.id.upper().replace("-", "_")
            return finding(self.meta, ctx, Status.SKIPPED, f"needs a service address: set {variable}")
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
            # Only the keys this manifest declares: a manifest cannot read another provider's secrets.
            {name: ctx.keys[name] for name in self.manifest.needs_key if name in ctx.keys},
        )
        return self._lookup(number, ctx, ctx.http, base, template)

    def _prime(self, http: ScopedHttp, base: str, template: _Template) -> tuple[HttpResult, str | None]:
        prime = self.manifest.prime
        assert prime is not None
        result = http.request(
            prime.method, base + prime.path, rate=self.manifest.rate_limit, jar=template.jar,
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
            primed, token = self._prime(http, base, template)
            verdict = classify(primed, Signals(blocked=self.manifest.signals.blocked))
            if verdict.status in (Status.BLOCKED, Status.ERROR):
                return self._finding(ctx, verdict, primed, base + self.manifest.prime.path, "session step: ")
            if (self.manifest.prime.token_cookie or self.manifest.prime.token_regex) and not token:
                return finding(self.meta, ctx, Status.UNKNOWN, "the session step gave no token: the site may have changed",
                               evidence=Evidence(signal="no token", http_status=primed.status, url_template=base + self.manifest.prime.path))  # fmt: skip
            template.values["token"] = token or ""
        auth = None
        if request.basic_auth:
            auth = (ctx.keys.get(request.basic_auth[0], ""), ctx.keys.get(request.basic_auth[1], ""))
        result = http.request(
            request.method,
            template.fill(url_template),
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
        return tuple((step.method, template_pattern(prefix + step.path)) for step in steps)

    def _finding(self, ctx: CheckContext, verdict: Verdict, result: HttpResult, url_template: str, prefix: str = "") -> Finding:
        tags: tuple[str, ...] = ()
        facts: dict[str, FactValue] = {}
        detail = verdict.detail
        status = verdict.status
        if self.manifest.score is not None and status.definitive:
            status, tags, detail = self._score(status, result, facts, detail)
        if status.definitive and result.body:
            from numcheck.providers.signals import Body

            data = Body(result, self.manifest.signals.jsonp, self.manifest.signals.xml).json
            if data is not None:
                for rule in self.manifest.tags:
                    tags += tuple(rule.map[str(code)] for code in walk(data, rule.path) if str(code) in rule.map)
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
        return finding(self.meta, ctx, status, prefix + detail, tags=tuple(dict.fromkeys(tags)), facts=facts, evidence=evidence)

    def _score(self, status: Status, result: HttpResult, facts: dict[str, FactValue], detail: str) -> tuple[Status, tuple[str, ...], str]:
        from numcheck.providers.signals import Body

        rule = self.manifest.score
        assert rule is not None
        data = Body(result, self.manifest.signals.jsonp, self.manifest.signals.xml).json if result.body else None
        values = [_as_float(value) for value in walk(data, rule.path)] if data is not None else []
        score = values[0] if values else None
        negative = score is not None and score >= rule.negative_at_least
        if score is None or (status is Status.REGISTERED and not negative) or (status is Status.NOT_REGISTERED and negative):
            # The signals and the band disagree, or there is no score: an answer numcheck cannot place.
            return Status.UNKNOWN, (UNMAPPED,), f"{detail}; a score numcheck cannot place on {rule.scale}"
        facts["score"] = score
        facts["score_scale"] = rule.scale
        facts["score_band"] = "negative" if negative else "not negative"
        return status, ("negative_rating",) if negative else (), f"{detail}; score {score:g} on {rule.scale}: {facts['score_band']}"


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
