"""What every request of numcheck serve shares: settings, checkers, history, lookup threads, and the checks in flight."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from numcheck._errors import NumcheckError
from numcheck.batch import BatchItem, check_many
from numcheck.config import Settings
from numcheck.engine import Runner
from numcheck.numbers import DEFAULT_REGION, parse
from numcheck.registry import Registry
from numcheck.report import Finding, Report
from numcheck.serve.guard import Guard
from numcheck.store import Store


@dataclass
class Service:
    """What every request shares: settings, the checkers, the history, the lookup threads, the checks in flight."""

    settings: Settings
    registry: Registry
    store: Store | None
    region: str = DEFAULT_REGION
    pool: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(max_workers=8, thread_name_prefix="numcheck-serve"))
    _flight: dict[tuple[str, bool], Future[Report]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def report(self, text: str, offline: bool, on_finding: Callable[[Finding], None] | None = None) -> Future[Report]:
        """The report for ``text``: a check already in flight for the same number and mode, or a new one."""
        info = parse(text, self.region)
        key = (info.e164, offline)
        with self._lock:
            running = self._flight.get(key)
            if running is not None:
                return running
            future: Future[Report] = self.pool.submit(self._check, text, info, offline, on_finding)
            self._flight[key] = future
        future.add_done_callback(lambda _: self._landed(key))
        return future

    def _landed(self, key: tuple[str, bool]) -> None:
        with self._lock:
            self._flight.pop(key, None)

    def _check(self, text: str, info: Any, offline: bool, on_finding: Callable[[Finding], None] | None) -> Report:
        with Runner(offline=offline, region=self.region, settings=self.settings, registry=self.registry, store=self.store) as runner:
            return runner.run_and_save(text, info, on_finding=on_finding)[0]

    async def batch(self, numbers: list[str], offline: bool, guard: Guard, client: str) -> AsyncIterator[BatchItem | NumcheckError]:
        """The batch's items as they are answered; leaving the loop early stops the lookups not yet begun.

        The work runs on its own thread and counts against ``client`` until it has really stopped, which may be
        after the request ended: a client cannot leave batches running behind its back to get past its cap.
        """
        queue: asyncio.Queue[BatchItem | NumcheckError | None] = asyncio.Queue()
        loop = asyncio.get_running_loop()
        stop = threading.Event()

        def put(entry: BatchItem | NumcheckError | None) -> None:
            with contextlib.suppress(RuntimeError):  # the loop is gone: the server is stopping, nobody is listening
                loop.call_soon_threadsafe(queue.put_nowait, entry)

        def wanted() -> Iterator[str]:
            for number in numbers:
                if stop.is_set():
                    return
                yield number

        def produce() -> None:
            items = check_many(
                wanted(), offline=offline, region=self.region, settings=self.settings, registry=self.registry, store=self.store
            )
            try:
                for item in items:
                    if stop.is_set():
                        break
                    put(item)
            except NumcheckError as error:
                put(error)
            finally:
                items.close()  # cancels the lookups queued, waits for those running
                guard.leave(client)
                put(None)

        guard.hold(client)
        # A daemon thread: a stopping server does not wait for a lookup still blocked on a slow service.
        threading.Thread(target=produce, name="numcheck-serve-batch", daemon=True).start()
        try:
            while (entry := await queue.get()) is not None:
                yield entry
        finally:
            stop.set()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self.store is not None:
            self.store.close()
