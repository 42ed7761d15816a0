"""The history database: one SQLite file, its schema and migrations, and the reads and writes numcheck makes."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from numcheck._errors import StoreError, StoreProblem
from numcheck.report import CheckerKind, Finding, Report, Status, Verdict
from numcheck.store.records import Diff, Purchase, StoredCheck, diff_of

DATABASE_NAME = "history.sqlite3"
SCHEMA_VERSION = 1
# Worth reusing: a service's real answer. Blocked, error and skipped findings are retried next time.
REUSABLE = (Status.REGISTERED, Status.NOT_REGISTERED, Status.UNKNOWN, Status.INFO)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS checks (
    id INTEGER PRIMARY KEY,
    e164 TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    offline INTEGER NOT NULL,
    verdict TEXT NOT NULL,
    levels TEXT NOT NULL,
    coverage REAL NOT NULL,
    numcheck_version TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_by_number ON checks (e164, id);
CREATE TABLE IF NOT EXISTS findings (
    check_id INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE,
    checker_id TEXT NOT NULL,
    status TEXT NOT NULL,
    looked_up_at TEXT NOT NULL,
    reused INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (check_id, checker_id)
);
CREATE TABLE IF NOT EXISTS purchases (
    e164 TEXT PRIMARY KEY,
    bought_on TEXT NOT NULL,
    check_id INTEGER NOT NULL REFERENCES checks (id),
    recorded_at TEXT NOT NULL
);
"""
# purchases (numcheck after-buy): created where missing, in any file of schema 1; a numcheck without it ignores it.
# Columns a file written before its schema version was recorded (version 0) may lack, with what old rows get.
# A later version adds its own steps here and raises SCHEMA_VERSION: older files are migrated, never refused.
_ADDED_COLUMNS = (
    ("checks", "numcheck_version", "TEXT NOT NULL DEFAULT 'unknown'"),
    ("findings", "reused", "INTEGER NOT NULL DEFAULT 0"),
)


def _stamp(moment: datetime) -> str:
    """A UTC timestamp in one fixed-width form, so SQLite can compare them as text."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="microseconds")


def _problem(error: sqlite3.Error) -> tuple[StoreProblem, str, str, dict[str, object]]:
    """Which problem SQLite's error is, its English words, and the same as a message id and parameters."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return "locked", "is locked by another numcheck process", "store.locked", {}
    if "full" in text:
        return "full", "cannot be written: the disk is full", "store.full", {}
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return "corrupt", "is corrupt (not a readable SQLite database)", "store.corrupt", {}
    return "unwritable", f"cannot be used: {error}", "store.unusable", {"error": str(error)}


class Store:
    """The history database. Thread-safe; use as a context manager or call `close`."""

    def __init__(self, path: Path, *, ttl: float = 24 * 3600.0, timeout: float = 5.0) -> None:
        self.path = path
        self.ttl = ttl
        self._lock = threading.Lock()
        with self._translated():
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not path.exists():
                # Create it private before SQLite opens it: the WAL and SHM files inherit the mode.
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            os.chmod(path, 0o600)
            self._db = sqlite3.connect(path, timeout=timeout, check_same_thread=False, isolation_level=None)
        try:
            with self._translated():
                # Read before anything is written: a newer numcheck's file must be left exactly as it was.
                found = self._schema_version()
                if found > SCHEMA_VERSION:
                    raise StoreError(
                        str(path),
                        "unwritable",
                        f"was written by a newer numcheck (history schema {found}; this numcheck reads up to {SCHEMA_VERSION}): "
                        "upgrade numcheck, or run with --no-store",
                        message_id="store.newer",
                        params={"found": found, "reads": SCHEMA_VERSION},
                    )
                self._db.execute("PRAGMA journal_mode=WAL")
                # NORMAL in WAL mode survives a crash or kill -9 of numcheck (not a power cut) without an fsync per result.
                self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.execute("PRAGMA foreign_keys=ON")
                self._db.executescript(_SCHEMA)
                if found < SCHEMA_VERSION:
                    self._migrate()
        except StoreError:
            self._db.close()
            raise

    def _schema_version(self) -> int:
        """The file's schema version: 0 for a file from before the version was recorded, or a brand-new one."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "meta" not in tables:
            return 0
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        try:
            return int(row[0]) if row is not None else 0
        except ValueError:
            raise sqlite3.DatabaseError(f"database disk image is malformed (schema version {row[0]!r})") from None

    def _migrate(self) -> None:
        """Bring an older (or brand-new) file up to `SCHEMA_VERSION` in one transaction, keeping every stored check."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            # Read again under the write lock: another numcheck may have migrated the file meanwhile.
            if self._schema_version() < SCHEMA_VERSION:
                for table, column, definition in _ADDED_COLUMNS:
                    columns = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
                    if column not in columns:
                        self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {definition}")
                self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            self._db.execute("COMMIT")
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise

    @classmethod
    def default_path(cls, data_dir: Path) -> Path:
        """Where the database lives inside a data directory."""
        return data_dir / DATABASE_NAME

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database (every result is already committed)."""
        with self._lock:
            self._db.close()

    @contextmanager
    def _translated(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            problem, message, message_id, params = _problem(error)
            raise StoreError(str(self.path), problem, message, message_id=message_id, params=params) from error
        except OSError as error:
            reason = str(error.strerror or error)
            raise StoreError(
                str(self.path), "unwritable", f"cannot be created: {reason}", message_id="store.cannot_create", params={"error": reason}
            ) from error

    def reusable(self, e164: str, checker_ids: Iterable[str], now: datetime | None = None) -> dict[str, Finding]:
        """The freshest stored answer of each checker for this number, looked up within the TTL."""
        wanted = set(checker_ids)
        if not wanted or self.ttl <= 0:
            return {}
        since = _stamp((now or datetime.now(UTC)) - timedelta(seconds=self.ttl))
        statuses = tuple(status.value for status in REUSABLE)
        query = (
            "SELECT f.checker_id, f.body FROM findings f JOIN checks c ON c.id = f.check_id "
            f"WHERE c.e164 = ? AND f.looked_up_at >= ? AND f.status IN ({','.join('?' * len(statuses))}) "
            "ORDER BY f.looked_up_at DESC"
        )
        found: dict[str, Finding] = {}
        with self._lock, self._translated():
            rows = self._db.execute(query, (e164, since, *statuses)).fetchall()
        for checker_id, body in rows:
            if checker_id in wanted and checker_id not in found:
                try:
                    found[checker_id] = Finding.model_validate_json(body)
                except ValueError:
                    continue  # an answer this numcheck cannot read is asked again, like one never stored
        return found

    def save(self, report: Report) -> int:
        """Store one report (its online findings, its verdict and levels); returns the check's id."""
        levels = json.dumps({risk.dimension.value: risk.level.value for risk in report.risks})
        rows = [
            (item.checker_id, item.status.value, _stamp(item.checked_at), int(item.reused), item.model_dump_json())
            for item in report.findings
            if item.kind is not CheckerKind.OFFLINE and item.status is not Status.SKIPPED
        ]
        with self._lock, self._translated():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(
                    "INSERT INTO checks (e164, checked_at, offline, verdict, levels, coverage, numcheck_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        report.number.e164,
                        _stamp(report.generated_at),
                        int(report.offline),
                        report.verdict.value,
                        levels,
                        report.coverage.ratio,
                        report.numcheck_version,
                    ),
                )
                check_id = int(cursor.lastrowid or 0)
                self._db.executemany(
                    "INSERT INTO findings (check_id, checker_id, status, looked_up_at, reused, body) VALUES (?, ?, ?, ?, ?, ?)",
                    [(check_id, *row) for row in rows],
                )
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:  # SQLite has already rolled back after some errors (a full disk)
                    self._db.execute("ROLLBACK")
                raise
        return check_id

    def history(self, e164: str, limit: int | None = None) -> list[StoredCheck]:
        """Past checks of a number, newest first."""
        with self._lock, self._translated():
            checks = self._db.execute(
                "SELECT id, e164, checked_at, offline, verdict, levels, coverage, numcheck_version FROM checks "
                "WHERE e164 = ? ORDER BY id DESC LIMIT ?",
                (e164, -1 if limit is None else limit),
            ).fetchall()
            ids = [row[0] for row in checks]
            bodies = self._db.execute(
                f"SELECT check_id, checker_id, body FROM findings WHERE check_id IN ({','.join('?' * len(ids))})", ids
            ).fetchall()
        try:
            by_check: dict[int, dict[str, Finding]] = {check_id: {} for check_id in ids}
            for check_id, checker_id, body in bodies:
                by_check[check_id][checker_id] = Finding.model_validate_json(body)
            return [
                StoredCheck(
                    id=row[0],
                    e164=row[1],
                    checked_at=datetime.fromisoformat(row[2]),
                    offline=bool(row[3]),
                    verdict=Verdict(row[4]),
                    levels=json.loads(row[5]),
                    coverage=row[6],
                    numcheck_version=row[7],
                    findings=by_check[row[0]],
                )
                for row in checks
            ]
        except ValueError as error:  # pydantic's ValidationError, a bad date or bad JSON: a damaged row, not a numcheck bug
            raise StoreError(
                str(self.path),
                "corrupt",
                f"holds a check of {e164} this numcheck cannot read ({type(error).__name__})",
                message_id="store.bad_check",
                params={"e164": e164, "kind": type(error).__name__},
            ) from error

    def diff(self, e164: str) -> Diff | None:
        """What changed between the two latest checks of a number (None with fewer than two)."""
        checks = self.history(e164, limit=2)
        if len(checks) < 2:
            return None
        latest, previous = checks
        return diff_of(e164, previous, latest)

    def record_purchase(self, e164: str, bought_on: date, check_id: int) -> Purchase:
        """Remember that ``e164`` was bought on ``bought_on``, its plan made from check ``check_id`` (kept if already set)."""
        with self._lock, self._translated():
            self._db.execute(
                "INSERT OR IGNORE INTO purchases (e164, bought_on, check_id, recorded_at) VALUES (?, ?, ?, ?)",
                (e164, bought_on.isoformat(), check_id, _stamp(datetime.now(UTC))),
            )
        found = self.purchase(e164)
        assert found is not None
        return found

    def purchase(self, e164: str) -> Purchase | None:
        """The recorded purchase of a number, or None."""
        with self._lock, self._translated():
            row = self._db.execute("SELECT e164, bought_on, check_id, recorded_at FROM purchases WHERE e164 = ?", (e164,)).fetchone()
        if row is None:
            return None
        try:
            return Purchase(e164=row[0], bought_on=date.fromisoformat(row[1]), check_id=row[2], recorded_at=datetime.fromisoformat(row[3]))
        except ValueError as error:
            raise StoreError(
                str(self.path),
                "corrupt",
                f"holds a purchase of {e164} this numcheck cannot read",
                message_id="store.bad_purchase",
                params={"e164": e164},
            ) from error

    def count(self) -> int:
        """How many checks are stored."""
        with self._lock, self._translated():
            return int(self._db.execute("SELECT COUNT(*) FROM checks").fetchone()[0])


def open_store(data_dir: Path, *, ttl: float = 24 * 3600.0, timeout: float = 5.0) -> Store:
    """Open (creating if needed) the history database in ``data_dir``."""
    return Store(Store.default_path(data_dir), ttl=ttl, timeout=timeout)
