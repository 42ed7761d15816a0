"""Check many numbers: streaming, in input order, with bounded memory and shared politeness.

Numbers are read lazily and at most a few per worker are in flight, so a million-line input costs
little memory. Duplicates are found through a dict that moves to a temporary on-disk SQLite table
past a million numbers, for the same reason. (Offline CSV and JSON Lines batches of the command line take
the bulk path instead, `numcheck.bulk.rows`, with its own duplicate index.) Invalid lines and duplicates come back as items saying so, never as exceptions.
"""

import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import TYPE_CHECKING

from numcheck._errors import InvalidNumber, StoreError
from numcheck._model import FrozenModel
from numcheck.config import Settings
from numcheck.engine import Runner
from numcheck.messages import Message
from numcheck.numbers import DEFAULT_REGION, PhoneNumberInfo, invalid_message
from numcheck.registry import Registry
from numcheck.report import Report

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from numcheck.store import Store

# Results waiting for an earlier, slower number stay bounded: this many per worker.
WINDOW_PER_WORKER = 4


class BatchItem(FrozenModel):
    """The outcome for one input line: a report, or why there is none.

    ``index`` is the 0-based position among the inputs; ``line`` the 1-based line the input came
    from (files: its line in the file, blank lines and comments counted); ``invalid`` says why a line is not a usable
    number, in English, ``invalid_message`` the same as a message and ``invalid_localized`` in the language asked for
    (``--lang``, `numcheck.render.stream.in_language`; null otherwise); ``duplicate_of`` is the index of the first line holding the same number; ``unsaved`` is
    true when the report could not be stored in the history (after retrying a locked database).
    """

    index: int
    input: str
    line: int = 0
    report: Report | None = None
    invalid: str | None = None
    invalid_message: Message | None = None
    invalid_localized: str | None = None
    duplicate_of: int | None = None
    unsaved: bool = False


# Distinct numbers remembered in memory for duplicate detection; past this, they are moved to disk.
MEMORY_SEEN_LIMIT = 1_000_000


class _DiskSeen:
    """Number (E.164 digits as an integer) -> the index where it was first met, in a private temporary SQLite table."""

    def __init__(self) -> None:
        import sqlite3  # only past a memory limit: a one-off check never loads it

        # An empty filename is SQLite's private temporary database: paged to a temp file, deleted on close.
        self._db = sqlite3.connect("")
        self._db.execute("CREATE TABLE seen (e164 INTEGER PRIMARY KEY, first INTEGER NOT NULL)")

    def add(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Remember (number, first index) pairs; none of the numbers may be here already."""
        self._db.executemany("INSERT INTO seen VALUES (?, ?)", pairs)

    def first(self, number: int) -> int | None:
        found = self._db.execute("SELECT first FROM seen WHERE e164 = ?", (number,)).fetchone()
        return None if found is None else int(found[0])

    def close(self) -> None:
        self._db.close()


class Seen:
    """Numbers already met in a batch (E.164 digits as integers) and the index where each was first met.

    Up to `MEMORY_SEEN_LIMIT` of them sit in a dict (about 100 bytes each); then they are moved to a
    private temporary SQLite table, so ten million numbers cost no more memory than one million.
    """

    def __init__(self) -> None:
        self._recent: dict[int, int] = {}
        self._disk: _DiskSeen | None = None

    def first_index(self, e164: str, index: int) -> int | None:
        """None the first time a number is met; afterwards the index where it was first met."""
        digits = int(e164[1:])
        first = self._recent.get(digits)
        if first is None and self._disk is not None:
            first = self._disk.first(digits)
        if first is not None:
            return first
        self._recent[digits] = index
        if len(self._recent) >= MEMORY_SEEN_LIMIT:
            self._disk = self._disk or _DiskSeen()
            self._disk.add(self._recent.items())
            self._recent.clear()
        return None

    def close(self) -> None:
        if self._disk is not None:
            self._disk.close()


def _prepared(runner: Runner, numbers: Iterable[str | PhoneNumberInfo], seen: Seen) -> Iterator[tuple[BatchItem, PhoneNumberInfo | None]]:
    """Each input as an item; the parsed number when it still needs checking."""
    index = 0
    for position, number in enumerate(numbers, 1):
        line = getattr(number, "line", position)
        if isinstance(number, str):
            # Lines read from a file carry their endings (check_many(open(path))); those are not input.
            number = number.rstrip("\r\n")
            if not number.strip() or number.lstrip().startswith("#"):
                continue
        text = number if isinstance(number, str) else number.e164
        # Items are built unvalidated: every field is an int or a str made here (validating the first one built the
        # schema of a batch item and its whole report, in every process, before any report existed to reuse).
        try:
            text, info = runner.parse(number)
        except InvalidNumber as error:
            said = invalid_message(error)
            yield BatchItem.model_construct(index=index, input=text, line=line, invalid=str(error), invalid_message=said), None
            index += 1
            continue
        first = seen.first_index(info.e164, index)
        if first is not None:
            yield BatchItem.model_construct(index=index, input=text, line=line, duplicate_of=first), None
        else:
            yield BatchItem.model_construct(index=index, input=text, line=line), info
        index += 1


def _checked(runner: Runner, item: BatchItem, info: PhoneNumberInfo) -> BatchItem:
    report, saved = runner.run_and_save(item.input, info)
    return item.model_copy(update={"report": report, "unsaved": not saved})


def check_many(
    numbers: Iterable[str | PhoneNumberInfo],
    *,
    offline: bool = False,
    region: str = DEFAULT_REGION,
    only: Iterable[str] = (),
    exclude: Iterable[str] = (),
    settings: Settings | None = None,
    registry: Registry | None = None,
    store: "Store | None" = None,
    refresh: bool = False,
    workers: int | None = None,
    on_store_error: Callable[[StoreError], None] | None = None,
) -> Generator[BatchItem, None, None]:
    """Check many numbers; yields one `BatchItem` per input, in input order, as results arrive.

    ``numbers`` may be any iterable (a generator over a file is read lazily). Online checks of
    different numbers run on ``workers`` threads (default ``Settings.workers``) sharing one HTTP
    client, so per-host rate limits and ``Retry-After`` hold for the whole batch. With a ``store``
    (online batches only: offline answers are not kept) each report is saved before it is yielded, and answers stored within the TTL are reused: that
    is what lets a re-run of an interrupted batch skip the work already done. A store that fails
    mid-batch raises `numcheck.StoreError`, unless ``on_store_error`` is given: then it is
    called once per kind of problem, a locked database is waited for and retried, and each
    report that still could not be stored comes back with ``unsaved`` set.

    Closing the generator early cancels the numbers not yet started and waits for those running (their
    reports are stored). A ``KeyboardInterrupt`` raised in it, or thrown into it, stops it without waiting:
    the lookups in flight finish in the background and are neither yielded nor stored.
    """
    runner = Runner(
        offline=offline,
        region=region,
        only=only,
        exclude=exclude,
        settings=settings,
        registry=registry,
        store=store,
        refresh=refresh,
        on_store_error=on_store_error,
    )
    seen = Seen()
    abandoned = False
    try:
        prepared = _prepared(runner, numbers, seen)
        if not runner.asks_online:
            # Offline work is CPU-bound: threads would only add overhead under the GIL.
            for item, info in prepared:
                yield item if info is None else _checked(runner, item, info)
            return
        from concurrent.futures import ThreadPoolExecutor  # online batches only

        count = max(1, workers or runner.settings.workers)
        pool = ThreadPoolExecutor(max_workers=count, thread_name_prefix="numcheck-batch")
        pending: deque[BatchItem | Future[BatchItem]] = deque()
        try:
            for item, info in prepared:
                pending.append(item if info is None else pool.submit(_checked, runner, item, info))
                while len(pending) > count * WINDOW_PER_WORKER or (pending and _ready(pending[0])):
                    yield _result(pending.popleft())
            while pending:
                yield _result(pending.popleft())
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM (the command line throws it in here wherever it landed): stop now, not when the
            # services answer. A consumer that merely stops reading gets GeneratorExit instead, and the wait below.
            abandoned = True
            _abandon(runner, pool)
            raise
        finally:
            for waiting in pending:
                if not isinstance(waiting, BatchItem):
                    waiting.cancel()
            if not abandoned:
                # What is running finishes and is stored (numcheck serve counts it against its client until then).
                pool.shutdown(wait=True)
    finally:
        seen.close()
        if not abandoned:
            runner.close()


def _abandon(runner: Runner, pool: "ThreadPoolExecutor") -> None:
    """Stop a batch without waiting for the lookups in flight: nothing new starts, nothing more is stored.

    Waiting was what made Ctrl-C take over a minute: every running lookup held on until its service answered or
    timed out, and those queued behind a rate limit each waited their turn. The lookups in flight finish in
    the background, and their results are dropped (never yielded, so never stored: what was yielded is stored).
    (A process that then exits normally still waits for them: Python joins executor threads; numcheck's command
    line ends with os._exit instead.)
    """
    runner.store = None
    pool.shutdown(wait=False, cancel_futures=True)
    runner.abandon_lookups()

    def close_when_done() -> None:
        pool.shutdown(wait=True)  # the batch workers first: then none of them can ask the runner for anything
        runner.close()

    threading.Thread(target=close_when_done, name="numcheck-batch-close", daemon=True).start()


def _ready(entry: "BatchItem | Future[BatchItem]") -> bool:
    return isinstance(entry, BatchItem) or entry.done()


def _result(entry: "BatchItem | Future[BatchItem]") -> BatchItem:
    return entry if isinstance(entry, BatchItem) else entry.result()
