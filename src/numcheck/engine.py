"""Run checkers for one number (concurrently) and assemble the :class:`Report`.

A checker that raises is turned into a finding with status ``error``; a checker that does not
apply (offline mode, another country, a missing key) gets ``skipped`` with the reason. The report
always comes back.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

from numcheck.checker import CheckContext, Checker, finding
from numcheck.config import Settings
from numcheck.numbers import DEFAULT_REGION, PhoneNumberInfo, parse
from numcheck.offline.checkers import PORTABILITY_CAVEAT
from numcheck.offline.enrich import NumberFacts, facts_for
from numcheck.registry import Registry, default_registry
from numcheck.report import CarrierInfo, CheckerKind, Finding, Report, Status
from numcheck.risk import advise, assess, summarize, verdict

if TYPE_CHECKING:
    from numcheck.providers.http import HttpClient

MAX_WORKERS = 16


def numcheck_version() -> str:
    """The installed package version (``0+unknown`` when run from a bare source tree)."""
    try:
        return version("numcheck")
    except PackageNotFoundError:
        return "0+unknown"


def _not_applicable(checker: Checker, number: PhoneNumberInfo, ctx: CheckContext) -> Finding | None:
    meta = checker.meta
    if ctx.offline and meta.kind is not CheckerKind.OFFLINE:
        return finding(meta, ctx, Status.SKIPPED, "offline mode: no online service was asked")
    if meta.countries and number.region_code not in meta.countries:
        return finding(meta, ctx, Status.SKIPPED, f"applies to {', '.join(meta.countries)} numbers only")
    missing = [name for name in meta.needs_key if not ctx.keys.get(name)]
    if missing:
        return finding(meta, ctx, Status.SKIPPED, f"needs a key: set {' and '.join(missing)} to enable this checker")
    return None


def _run_one(checker: Checker, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
    started = time.perf_counter()
    try:
        result = checker.check(number, ctx)
        if not isinstance(result, Finding):
            raise TypeError(f"check() returned {type(result).__name__}, not Finding")
    except Exception as error:  # a checker's own crash must become a result, never a lost report
        result = finding(checker.meta, ctx, Status.ERROR, f"checker crashed: {type(error).__name__}: {error}")
    elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    return result.model_copy(update={"evidence": result.evidence.model_copy(update={"elapsed_ms": elapsed_ms})})


def run_checkers(checkers: Sequence[Checker], number: PhoneNumberInfo, ctx: CheckContext) -> list[Finding]:
    """One finding per checker, in the checkers' order; online checkers run concurrently."""
    results: dict[int, Finding] = {}
    online: list[tuple[int, Checker]] = []
    for index, checker in enumerate(checkers):
        skipped = _not_applicable(checker, number, ctx)
        if skipped is not None:
            results[index] = skipped
        elif checker.meta.kind is CheckerKind.OFFLINE:
            results[index] = _run_one(checker, number, ctx)
        else:
            online.append((index, checker))
    if online:
        with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(online)), thread_name_prefix="numcheck") as pool:
            futures = {index: pool.submit(_run_one, checker, number, ctx) for index, checker in online}
            for index, future in futures.items():
                results[index] = future.result()
    return [results[index] for index in range(len(checkers))]


def build_report(
    text: str, number: PhoneNumberInfo, facts: NumberFacts, findings: Iterable[Finding], *, offline: bool, elapsed_ms: float
) -> Report:
    """Join findings into a :class:`Report` with risk, coverage, verdict and advice."""
    findings = tuple(findings)
    risks, cover = assess(findings)
    outcome = verdict(risks, cover)
    chinese = number.country_code == 86
    operator = facts.segment.operator.value if facts.segment is not None else None
    notes = []
    if chinese and (facts.segment is None or facts.segment.portable):
        notes.append(PORTABILITY_CAVEAT)
    if not number.valid:
        notes.append("phonenumbers does not consider this number valid: it may be unallocated or mistyped.")
    return Report(
        numcheck_version=numcheck_version(),
        input=text,
        number=number,
        carrier=CarrierInfo(
            name_en=facts.carrier_en, name_zh=facts.carrier_zh, location_en=facts.location_en, location_zh=facts.location_zh
        ),
        segment=facts.segment,
        offline=offline,
        findings=findings,
        risks=risks,
        coverage=cover,
        verdict=outcome,
        summary=summarize(risks, cover, outcome, offline),
        advice=advise(findings, risks, operator, chinese),
        notes=tuple(notes),
        generated_at=datetime.now(UTC),
        elapsed_ms=elapsed_ms,
    )


def check(
    number: str | PhoneNumberInfo,
    *,
    offline: bool = False,
    region: str = DEFAULT_REGION,
    only: Iterable[str] = (),
    exclude: Iterable[str] = (),
    settings: Settings | None = None,
    registry: Registry | None = None,
) -> Report:
    """Check one number with every enabled checker and return the explained :class:`Report`.

    Raises :class:`numcheck.InvalidNumber` for bad input. Online lookups that fail become
    findings (``blocked``, ``error``, ``unknown``), never exceptions.
    """
    started = time.perf_counter()
    info = number if isinstance(number, PhoneNumberInfo) else parse(number, region)
    text = number if isinstance(number, str) else info.e164
    settings = settings or Settings.from_env()
    registry = registry if registry is not None else default_registry(settings)
    checkers = registry.select(only, exclude)
    facts = facts_for(info, text)
    needs_http = not offline and any(checker.meta.kind is not CheckerKind.OFFLINE for checker in checkers)
    http = _http_client(settings) if needs_http else None
    try:
        ctx = CheckContext(facts=facts, offline=offline, keys=settings.keys, http=http)
        findings = run_checkers(checkers, info, ctx)
    finally:
        if http is not None:
            http.close()
    return build_report(text, info, facts, findings, offline=offline, elapsed_ms=round((time.perf_counter() - started) * 1000, 3))


def _http_client(settings: Settings) -> HttpClient:
    from numcheck.providers.http import HttpClient

    return HttpClient(settings)
