"""Run checkers for one number (concurrently) and assemble the `Report`.

A checker that raises is turned into a finding with status ``error``; a checker that does not
apply (offline mode, another country, a missing key) gets ``skipped`` with the reason. The report
always comes back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from numcheck._errors import StoreError
from numcheck.checker import CheckContext, Checker, finding
from numcheck.config import Settings
from numcheck.numbers import DEFAULT_REGION, PhoneNumberInfo, parse
from numcheck.offline.checkers import PORTABILITY_CAVEAT, VERDICT_FACT_CHECKERS
from numcheck.offline.enrich import NumberFacts, facts_for
from numcheck.offline.regions import region_table
from numcheck.phonelib import installed_facts
from numcheck.providers import LOOPBACK, NEVER_SENT
from numcheck.registry import Registry, default_registry
from numcheck.report import CarrierInfo, CheckerKind, Finding, RegionInfo, Report, Status
from numcheck.risk import advise, decide, judge, summarize

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from numcheck.providers.http import DeclaredStep, HttpClient
    from numcheck.store import Store

MAX_WORKERS = 16
# Waits (seconds) before saving again into a history database another process holds locked.
STORE_RETRY_WAITS = (0.2, 0.5, 1.0, 2.0)


@cache  # reading package metadata costs as much as checking a number offline
def numcheck_version() -> str:
    """The installed package version (``0+unknown`` when run from a bare source tree)."""
    try:
        return version("numcheck")
    except PackageNotFoundError:
        return "0+unknown"


def _not_applicable(checker: Checker, number: PhoneNumberInfo, ctx: CheckContext) -> Finding | None:
    meta = checker.meta
    if ctx.offline and meta.kind is not CheckerKind.OFFLINE:  # run_checkers called directly with a mixed list
        return finding(meta, ctx, Status.SKIPPED, "offline mode: no online service was asked")
    if meta.countries and number.region_code not in meta.countries:
        return finding(meta, ctx, Status.SKIPPED, f"applies to {', '.join(meta.countries)} numbers only")
    missing = [name for name in meta.needs_key if not ctx.keys.get(name)]
    if missing:
        return finding(meta, ctx, Status.SKIPPED, f"needs a key: set {' and '.join(missing)} to enable this checker")
    return None


def _reach(checker: Checker, settings: Settings) -> tuple[tuple[str, ...], tuple[DeclaredStep, ...] | None]:
    """The origins (and, for manifests, the requests) a checker may reach, as its declaration and the settings say."""
    from numcheck.providers.manifest import ManifestChecker

    if isinstance(checker, ManifestChecker):
        base = checker.base_url(settings)
        return ((base,), checker.declared(base)) if base else ((), None)
    configured = settings.base_urls.get(checker.meta.id) or settings.base_url
    return ((configured,) if configured else checker.meta.hosts), None


def _plain_http_key(meta_keys: tuple[str, ...], origins: tuple[str, ...]) -> str | None:
    if not meta_keys:
        return None
    for url in origins:
        parts = urlsplit(url)
        if parts.scheme == "http" and parts.hostname not in LOOPBACK:
            return parts.hostname
    return None


def _context_for(checker: Checker, ctx: CheckContext, client: HttpClient | None) -> CheckContext | Finding:
    """This checker's own context (its keys, its scoped HTTP handle), or the finding that says why it is skipped."""
    meta = checker.meta
    keys = {name: ctx.keys[name] for name in meta.needs_key if name in ctx.keys}
    if client is None or meta.kind is CheckerKind.OFFLINE:
        return replace(ctx, keys=keys, http=None)
    from numcheck.providers.http import ScopedHttp  # online only: an offline check never loads requests

    origins, declared = _reach(checker, client.settings)
    host = _plain_http_key(meta.needs_key, origins)
    if host is not None:
        return finding(meta, ctx, Status.SKIPPED, f"would send your key over plain HTTP to {host}: configure an https:// address")
    return replace(ctx, keys=keys, http=ScopedHttp(client, origins, declared))


def _run_one(checker: Checker, number: PhoneNumberInfo, ctx: CheckContext, client: HttpClient | None = None) -> Finding:
    started = time.perf_counter()
    own = _context_for(checker, ctx, client)
    if isinstance(own, Finding):
        return own
    try:
        result = checker.check(number, own)
        if not isinstance(result, Finding):
            raise TypeError(f"check() returned {type(result).__name__}, not Finding")
    except Exception as error:  # a checker's own crash must become a result, never a lost report
        result = finding(checker.meta, ctx, Status.ERROR, f"checker crashed: {type(error).__name__}: {error}")
    elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    return result.model_copy(update={"evidence": result.evidence.model_copy(update={"elapsed_ms": elapsed_ms})})


def run_checkers(
    checkers: Sequence[Checker],
    number: PhoneNumberInfo,
    ctx: CheckContext,
    *,
    reuse: Mapping[str, Finding] | None = None,
    pool: ThreadPoolExecutor | None = None,
    client: HttpClient | None = None,
    on_finding: Callable[[Finding], None] | None = None,
) -> list[Finding]:
    """One finding per checker, in the checkers' order; online checkers run concurrently.

    ``reuse`` holds stored findings to take instead of asking a service again (the history cache);
    ``pool`` is a shared executor for the online lookups (a batch passes one; None makes a private one);
    ``client`` is the shared HTTP client, of which each checker gets only a handle scoped to its reach;
    ``on_finding`` is called with each finding as soon as it is known (numcheck serve streams them).
    """
    reuse = reuse or {}
    results: dict[int, Finding] = {}
    online: list[tuple[int, Checker]] = []
    for index, checker in enumerate(checkers):
        skipped = _not_applicable(checker, number, ctx)
        stored = reuse.get(checker.meta.id)
        if skipped is not None:
            results[index] = skipped
        elif checker.meta.kind is CheckerKind.OFFLINE:
            results[index] = _run_one(checker, number, ctx)
        elif stored is not None:
            results[index] = stored.model_copy(update={"reused": True})
        else:
            online.append((index, checker))
            continue
        if on_finding is not None:
            on_finding(results[index])
    if online:
        if pool is None:
            from concurrent.futures import ThreadPoolExecutor  # online checks only: an offline run never loads it

            with ThreadPoolExecutor(max_workers=min(MAX_WORKERS, len(online)), thread_name_prefix="numcheck") as private:
                futures = {private.submit(_run_one, checker, number, ctx, client): index for index, checker in online}
                _collect(futures, results, on_finding)
        else:
            futures = {pool.submit(_run_one, checker, number, ctx, client): index for index, checker in online}
            _collect(futures, results, on_finding)
    return [results[index] for index in range(len(checkers))]


def _collect(futures: Mapping[Future[Finding], int], results: dict[int, Finding], on_finding: Callable[[Finding], None] | None) -> None:
    from concurrent.futures import as_completed

    for future in as_completed(futures):
        results[futures[future]] = future.result()
        if on_finding is not None:
            on_finding(results[futures[future]])


def build_report(
    text: str, number: PhoneNumberInfo, facts: NumberFacts, findings: Iterable[Finding], *, offline: bool, elapsed_ms: float
) -> Report:
    """Join findings into a `Report` with risk, coverage, verdict and advice."""
    findings = tuple(findings)
    judgement = judge(findings)
    outcome = decide(judgement)
    chinese = number.country_code == 86
    operator = facts.segment.operator.value if facts.segment is not None else None
    region = region_info(facts)
    notes = number_notes(facts, region, chinese=chinese, valid=number.valid)
    asked = [item for item in findings if item.kind is not CheckerKind.OFFLINE and item.status is not Status.SKIPPED]
    if asked and all(item.status is Status.ERROR and item.detail.endswith(tuple(NEVER_SENT)) for item in asked):
        notes.append("The network was unreachable: no online service could be asked. Nothing was sent; run again when online.")
    return Report(
        numcheck_version=numcheck_version(),
        input=text,
        number=number,
        carrier=CarrierInfo(
            name_en=facts.carrier_en, name_zh=facts.carrier_zh, location_en=facts.location_en, location_zh=facts.location_zh
        ),
        region=region,
        segment=facts.segment,
        offline=offline,
        findings=findings,
        risks=judgement.risks,
        coverage=judgement.coverage,
        verdict=outcome,
        summary=summarize(judgement, outcome, offline),
        advice=advise(judgement, findings, operator, chinese, offline=offline),
        notes=tuple(notes),
        generated_at=datetime.now(UTC),
        elapsed_ms=elapsed_ms,
        data_versions=_data_versions(number),
    )


def number_notes(facts: NumberFacts, region: RegionInfo | None, *, chinese: bool, valid: bool) -> list[str]:
    """The report's notes about the number itself: portability, validity, and where the sources disagree."""
    notes = []
    if chinese and (facts.segment is None or facts.segment.portable):
        notes.append(PORTABILITY_CAVEAT)
    if not valid:
        notes.append("phonenumbers does not consider this number valid: it may be unallocated or mistyped.")
    return notes + _disagreements(facts, region)


def region_info(facts: NumberFacts) -> RegionInfo | None:
    """The report's region block for ``facts`` (None where the prefix data lists no block)."""
    region = facts.region
    if region is None:
        return None
    return RegionInfo(**region._asdict(), source=region_table().version)


def _disagreements(facts: NumberFacts, region: RegionInfo | None) -> list[str]:
    """Where the segment table and the prefix data disagree on the operator, say which source said what.

    Where the prefix data and phonenumbers place a block differently, the ``carrier-region`` finding says so (only
    when both name a place and the places differ): the report's location fields give the prefix data's place.
    """
    segment = facts.segment
    if region is None or segment is None or segment.operator.value == region.holder or region.holder_kind == "mvno":
        return []
    return [
        f"Sources disagree on the operator: the segment table says {segment.operator.value} (it is the authority on "
        f"segments); the prefix data ({region.source}) says the block is held by {region.holder}."
    ]


def _data_versions(number: PhoneNumberInfo) -> dict[str, str]:
    return dict(_versions_for(number.country_code))


@cache
def _versions_for(country_code: int) -> tuple[tuple[str, str], ...]:
    versions = {"phonenumbers": installed_facts().version}  # read without importing phonenumbers (numcheck.phonelib)
    if country_code == 86:
        versions["cn_region_blocks"] = region_table().version
        versions["cn_segments"] = "data/cn_segments.csv (MIIT notices, see its header)"
    return tuple(versions.items())


class Runner:
    """What one call of `check` or `numcheck.check_many` shares across numbers.

    The selected checkers, one HTTP client (so per-host rate limits hold across a whole batch),
    one executor for online lookups, and the history store. Close it when done.
    """

    def __init__(
        self,
        *,
        offline: bool = False,
        region: str = DEFAULT_REGION,
        only: Iterable[str] = (),
        exclude: Iterable[str] = (),
        settings: Settings | None = None,
        registry: Registry | None = None,
        store: Store | None = None,
        refresh: bool = False,
        on_store_error: Callable[[StoreError], None] | None = None,
    ) -> None:
        self.offline = offline
        self.region = region
        self.settings = settings or Settings.from_env()
        only, exclude = tuple(only), tuple(exclude)
        if registry is None:
            # Names in --only/--exclude may be online checkers: those are checked against the full registry.
            registry = default_registry(self.settings, online=not offline or bool(only or exclude))
        chosen = {checker.meta.id for checker in registry.select(only, exclude)}
        # --only and --exclude choose which services to ask, never which facts the verdict may ignore: the built-in
        # offline facts (never issued, no SMS, the recycling prior) are always read (docs/verdict.md).
        # The ones asked for come first, as asked; the facts the verdict needs follow.
        selected = [checker for checker in registry if checker.meta.id in chosen]
        selected += [checker for checker in registry if checker.meta.id in VERDICT_FACT_CHECKERS and checker.meta.id not in chosen]
        # Offline, a report carries what was asked: the online checkers are not run, not even as "skipped".
        self.checkers = [checker for checker in selected if not offline or checker.meta.kind is CheckerKind.OFFLINE]
        self.online_ids = [checker.meta.id for checker in self.checkers if checker.meta.kind is not CheckerKind.OFFLINE]
        self.asks_online = not offline and bool(self.online_ids)
        # Offline answers are a pure function of the number and the shipped data: the history keeps what services said.
        self.store = None if offline else store
        self.refresh = refresh
        self._on_store_error = on_store_error
        self._lock = threading.Lock()
        self._store_problems: set[str] = set()
        # Reports that could not be stored after retrying; the caller says how many and exits non-zero.
        self.unsaved = 0
        self._http: HttpClient | None = None
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the lookup executor and close HTTP sessions (the store belongs to the caller)."""
        with self._lock:
            pool, http = self._pool, self._http
            self._pool = self._http = None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if http is not None:
            http.close()

    def _shared(self) -> tuple[HttpClient, ThreadPoolExecutor]:
        with self._lock:
            if self._http is None:
                self._http = _http_client(self.settings)
            if self._pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._pool = ThreadPoolExecutor(max_workers=MAX_WORKERS * max(1, self.settings.workers), thread_name_prefix="numcheck")
            return self._http, self._pool

    def _reusable(self, info: PhoneNumberInfo) -> dict[str, Finding]:
        store = self.store
        if store is None or self.refresh or not self.asks_online:
            return {}
        try:
            return store.reusable(info.e164, self.online_ids)
        except StoreError as error:
            self._store_failed(error)
            return {}

    def _store_failed(self, error: StoreError) -> None:
        if self._on_store_error is None:
            raise error
        with self._lock:  # workers may fail at once: the caller hears of each kind of problem once
            first = error.problem not in self._store_problems
            self._store_problems.add(error.problem)
        if first:
            self._on_store_error(error)

    def _save(self, report: Report) -> bool:
        """Store a report; a locked database is waited for and retried, never dropped for the rest of the run."""
        store = self.store
        if store is None:
            return True
        for wait in (*STORE_RETRY_WAITS, None):
            try:
                store.save(report)
                return True
            except StoreError as error:
                if error.problem == "locked" and wait is not None:
                    time.sleep(wait)
                    continue
                with self._lock:
                    self.unsaved += 1
                self._store_failed(error)
                return False
        return False

    def parse(self, number: str | PhoneNumberInfo) -> tuple[str, PhoneNumberInfo]:
        """The input text and the parsed number (raises `InvalidNumber`)."""
        if isinstance(number, PhoneNumberInfo):
            return number.e164, number
        return number, parse(number, self.region)

    def run(self, text: str, info: PhoneNumberInfo) -> Report:
        """Check one parsed number, store the report, return it."""
        return self.run_and_save(text, info)[0]

    def run_and_save(self, text: str, info: PhoneNumberInfo, on_finding: Callable[[Finding], None] | None = None) -> tuple[Report, bool]:
        """Check one parsed number, store the report; the report and whether it is in the history (True without a store).

        ``on_finding`` sees each finding as soon as it is known, before the report is put together.
        """
        started = time.perf_counter()
        facts = facts_for(info, text)
        reuse = self._reusable(info)
        needs_http = self.asks_online and any(checker_id not in reuse for checker_id in self.online_ids)
        http, pool = self._shared() if needs_http else (None, None)
        ctx = CheckContext(facts=facts, offline=self.offline, keys=self.settings.keys)
        findings = run_checkers(self.checkers, info, ctx, reuse=reuse, pool=pool, client=http, on_finding=on_finding)
        elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
        report = build_report(text, info, facts, findings, offline=self.offline, elapsed_ms=elapsed_ms)
        online = [item for item in findings if item.kind is not CheckerKind.OFFLINE and item.status is not Status.SKIPPED]
        # A check that only reused stored answers adds nothing new: a resumed or repeated batch adds no duplicate row.
        if online and all(item.reused for item in online):
            return report, True
        return report, self._save(report)


def check(
    number: str | PhoneNumberInfo,
    *,
    offline: bool = False,
    region: str = DEFAULT_REGION,
    only: Iterable[str] = (),
    exclude: Iterable[str] = (),
    settings: Settings | None = None,
    registry: Registry | None = None,
    store: Store | None = None,
    refresh: bool = False,
) -> Report:
    """Check one number with every enabled checker and return the explained `Report`.

    Raises `numcheck.InvalidNumber` for bad input. Online lookups that fail become
    findings (``blocked``, ``error``, ``unknown``), never exceptions. With a ``store``, answers
    stored within its TTL are reused (unless ``refresh``) and the report is saved to its history;
    a store that cannot be written raises `numcheck.StoreError`. An ``offline`` check uses no
    store: its answers follow from the number and the shipped data.
    """
    with Runner(
        offline=offline, region=region, only=only, exclude=exclude, settings=settings, registry=registry, store=store, refresh=refresh
    ) as runner:
        text, info = runner.parse(number)
        return runner.run(text, info)


def _http_client(settings: Settings) -> HttpClient:
    from numcheck.providers.http import HttpClient

    return HttpClient(settings)
