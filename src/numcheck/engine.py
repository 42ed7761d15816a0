"""Check numbers: parse, run the checkers (`numcheck.fanout`), assemble the `Report` (`numcheck.assembly`), keep history.

`Runner` holds what one call shares across numbers; `check` is the one-number entry point. The report
always comes back: a checker that raises or does not apply becomes a finding that says so.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from numcheck._errors import StoreError
from numcheck.checker import ANSWER_KEY_FACT, AnswerKeyed, CheckContext
from numcheck.config import Settings
from numcheck.numbers import DEFAULT_REGION, PhoneNumberInfo, parse
from numcheck.offline.enrich import facts_for
from numcheck.offline_checkers import VERDICT_FACT_CHECKERS
from numcheck.registry import Registry, default_registry
from numcheck.report import CheckerKind, Finding, Report, Status

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

    from numcheck.net.client import HttpClient
    from numcheck.store import Store

from numcheck.assembly import build_report, number_notes, numcheck_version, region_info
from numcheck.fanout import MAX_WORKERS, run_checkers

__all__ = [
    "MAX_WORKERS",
    "STORE_RETRY_WAITS",
    "Runner",
    "build_report",
    "check",
    "number_notes",
    "numcheck_version",
    "region_info",
    "run_checkers",
]

# Waits (seconds) before saving again into a history database another process holds locked.
STORE_RETRY_WAITS = (0.2, 0.5, 1.0, 2.0)


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
        selected = [checker for checker in selected if not offline or checker.meta.kind is CheckerKind.OFFLINE]
        # A checker whose last self-check caught a false answer is set aside, and its findings say why (numcheck.health).
        from numcheck.health.gate import HealthGate

        self.health = HealthGate.for_run(selected, self.settings, offline=offline)
        self.checkers = self.health.kept
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

    def abandon_lookups(self) -> None:
        """Cancel the lookups not yet started and refuse new ones, without waiting for those running.

        For a caller that stops early (Ctrl-C in a batch): `close` waits for every running lookup, which can take
        as long as the slowest service's timeout. Whatever still asks afterwards gets the executor's RuntimeError.
        """
        from concurrent.futures import ThreadPoolExecutor

        with self._lock:
            if self._pool is None:
                # A stand-in that refuses work, so a caller still running cannot start a fresh pool of lookups.
                self._pool = ThreadPoolExecutor(max_workers=1)
            lookups = self._pool
        lookups.shutdown(wait=False, cancel_futures=True)

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
            stored = store.reusable(info.e164, self.online_ids)
        except StoreError as error:
            self._store_failed(error)
            return {}
        if self.settings.max_billed > 0:  # --max-billed asks for a number-age search: a stored single answer is not one
            from numcheck.providers.age_search import searched_enough

            stored = {checker_id: item for checker_id, item in stored.items() if searched_enough(item, self.settings)}
        return stored

    def _answer_keys(self) -> dict[str, str | None]:
        """The present `AnswerKeyed.answer_key` of each such checker this runner asks."""
        keys = self.settings.keys
        return {checker.meta.id: checker.answer_key(keys) for checker in self.checkers if isinstance(checker, AnswerKeyed)}

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
        # Answers keyed on their source (a local list's content): reused only from the same source, stamped for next time.
        keyed = self._answer_keys() if self.store is not None else {}
        reuse = {
            cid: stored
            for cid, stored in reuse.items()
            if cid not in keyed or (keyed[cid] is not None and stored.facts.get(ANSWER_KEY_FACT) == keyed[cid])
        }
        needs_http = self.asks_online and any(checker_id not in reuse for checker_id in self.online_ids)
        http, pool = self._shared() if needs_http else (None, None)
        ctx = CheckContext(facts=facts, offline=self.offline, keys=self.settings.keys)
        findings = self.health.apply(
            run_checkers(self.checkers, info, ctx, reuse=reuse, pool=pool, client=http, on_finding=self.health.streamed(on_finding)),
            ctx,
            on_finding,
        )
        if keyed:
            findings = [
                _stamped(item, keyed[item.checker_id]) if item.checker_id in keyed and not item.reused else item for item in findings
            ]
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


def _stamped(item: Finding, key: str | None) -> Finding:
    """``item`` carrying the answer key it was given under (no key: nothing a later run could match)."""
    return item if key is None else item.model_copy(update={"facts": {**item.facts, ANSWER_KEY_FACT: key}})


def _http_client(settings: Settings) -> HttpClient:
    from numcheck.net.client import HttpClient

    return HttpClient(settings)
