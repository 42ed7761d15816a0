"""The history store: reuse within the TTL, history, diff, file mode, and honest errors."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from tests.batch.helpers import Scripted, registry_of

import numcheck
from numcheck import Settings, Status, StoreError, open_store
from numcheck.store import Store

NUMBER = "+8613800138000"


def _check(store: Store, checker: Scripted, **kwargs: object) -> numcheck.Report:
    return numcheck.check(NUMBER, registry=registry_of(checker), settings=Settings(), store=store, **kwargs)  # type: ignore[arg-type]


def test_a_fresh_answer_is_reused_and_refresh_asks_again(tmp_path: Path) -> None:
    """Within the TTL the service is not asked again; --refresh asks; the reused finding says so."""
    checker = Scripted()
    with open_store(tmp_path) as store:
        first = _check(store, checker)
        second = _check(store, checker)
        assert checker.calls == {NUMBER: 1}
        reused = next(item for item in second.findings if item.checker_id == "scripted")
        assert reused.reused
        assert not next(item for item in first.findings if item.checker_id == "scripted").reused
        assert reused.checked_at == next(item for item in first.findings if item.checker_id == "scripted").checked_at
        assert store.count() == 1, "a check that only reused stored answers adds no history row"
        _check(store, checker, refresh=True)
        assert checker.calls == {NUMBER: 2}
        assert store.count() == 2


def test_an_expired_or_failed_answer_is_asked_again(tmp_path: Path) -> None:
    """TTL 0 reuses nothing; blocked and error answers are never reused."""
    checker = Scripted()
    with open_store(tmp_path, ttl=0) as store:
        _check(store, checker)
        _check(store, checker)
    assert checker.calls == {NUMBER: 2}
    blocked = Scripted(answers={NUMBER: Status.BLOCKED})
    with open_store(tmp_path / "other") as store:
        _check(store, blocked)
        _check(store, blocked)
    assert blocked.calls == {NUMBER: 2}


def test_history_and_diff_follow_a_binding_being_removed(tmp_path: Path) -> None:
    """After the unbinding service: the diff says 'binding removed' and the level drops."""
    checker = Scripted(answers={NUMBER: Status.REGISTERED})
    with open_store(tmp_path) as store:
        assert store.diff(NUMBER) is None
        before = _check(store, checker)
        checker.answers[NUMBER] = Status.NOT_REGISTERED
        after = _check(store, checker, refresh=True)
        history = store.history(NUMBER)
        diff = store.diff(NUMBER)
    assert [item.verdict for item in history] == [after.verdict, before.verdict]
    assert history[1].findings["scripted"].status is Status.REGISTERED
    assert diff is not None
    assert [(change.checker_id, change.before, change.after, change.meaning) for change in diff.changes] == [
        ("scripted", Status.REGISTERED, Status.NOT_REGISTERED, "binding removed")
    ]
    assert diff.level_changes[numcheck.Dimension.BINDINGS][0] != diff.level_changes[numcheck.Dimension.BINDINGS][1]


def test_the_database_is_private(tmp_path: Path) -> None:
    """The file (and its WAL while open) is mode 0600; the directory it creates is 0700."""
    with open_store(tmp_path / "data") as store:
        _check(store, Scripted())
        for path in (store.path, store.path.with_name(store.path.name + "-wal")):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        with sqlite3.connect(store.path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700


def test_a_corrupt_database_is_named_as_such(tmp_path: Path) -> None:
    """A file that is not SQLite raises StoreError(problem='corrupt'), not sqlite3's exception."""
    (tmp_path / "history.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as caught:
        open_store(tmp_path)
    assert caught.value.problem == "corrupt"
    assert "history.sqlite3" in str(caught.value)


def test_a_locked_database_is_named_as_such(tmp_path: Path) -> None:
    """Another process holding an exclusive lock gives StoreError(problem='locked') after the timeout."""
    open_store(tmp_path).close()
    holder = sqlite3.connect(tmp_path / "history.sqlite3", isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            open_store(tmp_path, timeout=0.1)
        assert caught.value.problem == "locked"
    finally:
        holder.close()


def test_a_full_disk_keeps_what_was_written(tmp_path: Path) -> None:
    """When the database cannot grow ('disk full'), earlier results stay and the error is named."""
    store = open_store(tmp_path)
    checker = Scripted()
    try:
        numcheck.check("+8613900139000", registry=registry_of(checker), settings=Settings(), store=store)
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count={pages}")

        def fill() -> None:
            for index in range(200):
                numcheck.check(f"+861390013{index:04d}", registry=registry_of(checker), settings=Settings(), store=store, refresh=True)

        with pytest.raises(StoreError) as caught:
            fill()
        assert caught.value.problem == "full"
    finally:
        store.close()
    with open_store(tmp_path) as reopened:
        assert reopened.history("+8613900139000")


def _lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_a_database_locked_for_a_while_is_waited_for(tmp_path: Path) -> None:
    """Another process holds the history for half a second mid-batch: every result is still stored."""
    import threading

    numbers = [f"+861500015{index:04d}" for index in range(6)]
    with Store(Store.default_path(tmp_path), timeout=0.05) as store:
        holder = _lock(store.path)
        threading.Timer(0.5, holder.commit).start()
        items = list(
            numcheck.check_many(
                numbers, registry=registry_of(Scripted()), settings=Settings(), store=store, on_store_error=lambda error: None
            )
        )
        holder.close()
        assert [item.unsaved for item in items] == [False] * len(numbers)
        assert store.count() == len(numbers)


def test_results_that_cannot_be_stored_are_counted_and_exit_4(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A history that stays locked after the run began: every result is printed, the run says how many were not stored, exit 4."""
    import io

    from numcheck import cli, engine

    def locked(self: Store, report: numcheck.Report) -> int:
        raise StoreError(str(self.path), "locked", "is locked by another numcheck process")

    attempts: list[float] = []
    from tests.batch.helpers import Scripted, registry_of

    monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: registry_of(Scripted()))
    monkeypatch.setattr(Store, "save", locked)
    monkeypatch.setattr(engine, "STORE_RETRY_WAITS", (0.01, 0.02))
    monkeypatch.setattr(engine.time, "sleep", attempts.append)
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--format", "jsonl", "13800138000", "13900139000"], out=out, err=err)
    assert code == cli.EXIT_STORE
    assert len(out.getvalue().splitlines()) == 2, "every result is still printed"
    assert "2 results could not be stored in the history" in err.getvalue()
    assert attempts == [0.01, 0.02, 0.01, 0.02], "each save was retried before it was given up"
