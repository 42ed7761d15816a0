"""Run the checkers for one number: offline ones in turn, online ones at once, each with only its own keys and reach.

A checker that raises is turned into a finding with status ``error``; a checker that does not
apply (offline mode, another country, a missing key) gets ``skipped`` with the reason.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from numcheck.checker import CheckContext, Checker, finding
from numcheck.config import Settings
from numcheck.messages import say
from numcheck.net import LOOPBACK
from numcheck.numbers import PhoneNumberInfo
from numcheck.report import CheckerKind, Finding, Status

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from numcheck.net.client import HttpClient
    from numcheck.net.wire import DeclaredStep


MAX_WORKERS = 16


def _not_applicable(checker: Checker, number: PhoneNumberInfo, ctx: CheckContext) -> Finding | None:
    meta = checker.meta
    if ctx.offline and meta.kind is not CheckerKind.OFFLINE:  # run_checkers called directly with a mixed list
        return finding(meta, ctx, Status.SKIPPED, say("finding.offline"))
    if meta.countries and number.region_code not in meta.countries:
        return finding(meta, ctx, Status.SKIPPED, say("finding.countries", countries=meta.countries))
    missing = [name for name in meta.needs_key if not ctx.keys.get(name)]
    if missing:
        return finding(meta, ctx, Status.SKIPPED, say("finding.needs_key", variables=missing))
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
    from numcheck.net.scoped import ScopedHttp  # online only: an offline check never loads requests

    origins, declared = _reach(checker, client.settings)
    host = _plain_http_key(meta.needs_key, origins)
    if host is not None:
        return finding(meta, ctx, Status.SKIPPED, say("finding.plain_http", host=host))
    return replace(ctx, keys=keys, http=ScopedHttp(client, origins, declared))


def run_one(checker: Checker, number: PhoneNumberInfo, ctx: CheckContext, client: HttpClient | None = None) -> Finding:
    started = time.perf_counter()
    own = _context_for(checker, ctx, client)
    if isinstance(own, Finding):
        return own
    try:
        result = checker.check(number, own)
        if not isinstance(result, Finding):
            raise TypeError(f"check() returned {type(result).__name__}, not Finding")
    except Exception as error:  # a checker's own crash must become a result, never a lost report
        result = finding(checker.meta, ctx, Status.ERROR, say("finding.crashed", error=f"{type(error).__name__}: {error}"))
    elapsed_ms = round((time.perf_counter() - started) * 1000, 3)
    meta = checker.meta
    # What an answer can move is the kind its checker declared (docs/verdict.md): the declaration decided whether it ran
    # offline and with which reach, so a finding built by hand never speaks as another kind, category or checker (an
    # offline plugin's "account" answers made an --offline check low risk).
    return result.model_copy(
        update={
            "checker_id": meta.id,
            "kind": meta.kind,
            "category": meta.category,
            # Where the checker's behaviour comes from is its declaration too: a finding that wrote "observed" into
            # itself would show a synthesized checker's answer as seen live.
            "provenance": meta.provenance,
            "evidence": result.evidence.model_copy(update={"elapsed_ms": elapsed_ms}),
        }
    )


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
            results[index] = run_one(checker, number, ctx)
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
                futures = {private.submit(run_one, checker, number, ctx, client): index for index, checker in online}
                _collect(futures, results, on_finding)
        else:
            futures = {pool.submit(run_one, checker, number, ctx, client): index for index, checker in online}
            _collect(futures, results, on_finding)
    return [results[index] for index in range(len(checkers))]


def _collect(futures: Mapping[Future[Finding], int], results: dict[int, Finding], on_finding: Callable[[Finding], None] | None) -> None:
    from concurrent.futures import as_completed

    for future in as_completed(futures):
        results[futures[future]] = future.result()
        if on_finding is not None:
            on_finding(results[futures[future]])
