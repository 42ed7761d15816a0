"""Declarative providers: one TOML manifest per service, run as a checker.

The manifest's model is `numcheck.providers.manifest_model`, its loading and safety checks
`numcheck.providers.manifest_files`; this module runs one (`ManifestChecker`) and, for the plugins,
examples and tools that import them from here, re-exports their public names.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from numcheck.checker import CheckContext, CheckerMeta, finding
from numcheck.config import Settings
from numcheck.messages import Message, say
from numcheck.numbers import PhoneNumberInfo
from numcheck.policy import key_variable
from numcheck.providers.manifest_files import (
    check_not_sending,
    generated_schema,
    load_manifest,
    manifest_files,
    manifest_schema,
    shipped_manifest_dir,
)
from numcheck.providers.manifest_model import (
    MANIFEST_SCHEMA_VERSION,
    NOT_IN_A_SEGMENT,
    PLACEHOLDER,
    Example,
    FactRule,
    Manifest,
    NumberFormat,
    Prime,
    Request,
    ScoreRule,
    TagRule,
    path_template_problem,
    template_pattern,
)
from numcheck.providers.reassigned import attach
from numcheck.providers.signals import Signals, Verdict, classify, walk
from numcheck.reassignment import source
from numcheck.report import CheckerKind, Evidence, FactValue, Finding, Status
from numcheck.tags import UNMAPPED

if TYPE_CHECKING:
    from numcheck.net.client import HttpResult
    from numcheck.net.scoped import ScopedHttp

__all__ = [
    "MANIFEST_SCHEMA_VERSION",
    "Example",
    "FactRule",
    "Manifest",
    "ManifestChecker",
    "NumberFormat",
    "Prime",
    "Request",
    "ScoreRule",
    "TagRule",
    "check_not_sending",
    "generated_schema",
    "load_manifest",
    "manifest_files",
    "manifest_schema",
    "path_template_problem",
    "shipped_manifest_dir",
    "template_pattern",
]


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

        return PLACEHOLDER.sub(replace, text)

    def fill_path(self, text: str) -> str:
        """``text`` filled, or ValueError when a value would end, escape or add a path segment."""

        def replace(match: re.Match[str]) -> str:
            value = self.fill(match.group(0))
            if NOT_IN_A_SEGMENT.search(value) or value in (".", ".."):
                raise ValueError(f"the value of {{{match.group(1).split(':')[0]}}} would change the declared path")
            return value

        return PLACEHOLDER.sub(replace, text)

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
        settings = ctx.http.settings
        if settings.max_billed > 0 and source(self.meta.id).searchable and self.base_url(settings) is not None:
            from numcheck.providers.age_search import search_manifest  # the number-age search, opt-in and capped

            return search_manifest(self, number, ctx, settings)
        return self.check_on(number, ctx, (ctx.now - timedelta(days=settings.since_days)).date())

    def check_on(self, number: PhoneNumberInfo, ctx: CheckContext, since: date) -> Finding:
        """One lookup asking about ``since`` (the ``{since}`` of the request); a reassignment answer carries its fact."""
        if ctx.http is None:
            return finding(self.meta, ctx, Status.SKIPPED, say("finding.no_http"))
        base = self.base_url(ctx.http.settings)
        if base is None:
            variable = "NUMCHECK_BASE_URL_" + self.meta.id.upper().replace("-", "_")
            return finding(self.meta, ctx, Status.SKIPPED, say("finding.needs_address", variable=variable))
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
        return attach(self._lookup(number, ctx, ctx.http, base, template), since)

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
        placed = (
            score is not None
            and math.isfinite(score)
            and rule.lowest <= score <= rule.highest
            and (not rule.whole_numbers or score.is_integer())
        )
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
