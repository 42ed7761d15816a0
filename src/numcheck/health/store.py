"""Health results kept on this machine, with their dates: ``health.json`` in numcheck's data directory.

Per checker it keeps the latest result from this machine (whatever it was), the latest one that
judged the checker (healthy, a false answer, drift, inconclusive) and the latest judged row loaded
from a published health file. A block or an outage judges nothing, so it never clears a false
positive: the checker stays set aside until a self-check judges it again, or the failure expires.

A failed result expires after `FAILURE_EXPIRES_DAYS` days: the checker is then asked again at
check time, so a service that fixed itself is not shunned for ever. A file that cannot be read (a
newer format, a broken disk) is treated as empty: health can only set checkers aside, so losing it
never makes a report claim more than its checkers answered.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from numcheck._atomic import AtomicFile
from numcheck._model import FrozenModel
from numcheck.config import Settings
from numcheck.health.model import CheckerHealth, HealthFile

HEALTH_STORE_FILE = "health.json"
FAILURE_EXPIRES_DAYS = 7
LOCAL = "this machine"


class StoredHealth(FrozenModel):
    """One result and where it came from: `LOCAL`, or the health file's path or URL."""

    health: CheckerHealth
    source: str

    @property
    def local(self) -> bool:
        return self.source == LOCAL


class HealthRecord(FrozenModel):
    """What is known of one checker's health."""

    latest: StoredHealth | None = None
    judged: StoredHealth | None = None
    published: StoredHealth | None = None

    def in_force(self, now: datetime) -> StoredHealth | None:
        """The newest judged result, local or published, unless it is a failure older than `FAILURE_EXPIRES_DAYS`."""
        candidates = [item for item in (self.judged, self.published) if item is not None]
        if not candidates:
            return None
        newest = max(candidates, key=lambda item: item.health.checked_at)
        if not newest.health.state.healthy and expired(newest.health, now):
            return None
        return newest


def expired(health: CheckerHealth, now: datetime) -> bool:
    """Whether a failed result is too old to hold a checker back."""
    return now - health.checked_at > timedelta(days=FAILURE_EXPIRES_DAYS)


def expires_on(health: CheckerHealth) -> datetime:
    """When a failed result stops holding its checker back."""
    return health.checked_at + timedelta(days=FAILURE_EXPIRES_DAYS)


class _StoreFile(FrozenModel):
    format: Literal["numcheck-health-store"] = "numcheck-health-store"
    version: Literal[1] = 1
    checkers: dict[str, HealthRecord] = Field(default_factory=dict)


def store_path(settings: Settings) -> Path:
    """Where this machine's health results live."""
    return settings.user_data_dir() / HEALTH_STORE_FILE


def load(settings: Settings) -> dict[str, HealthRecord]:
    """Every checker's record; empty when nothing was stored or the file cannot be read."""
    try:
        text = store_path(settings).read_text(encoding="utf-8")
        return dict(_StoreFile.model_validate_json(text).checkers)
    except (OSError, UnicodeDecodeError, ValidationError, ValueError):
        return {}


def _save(settings: Settings, records: dict[str, HealthRecord]) -> Path:
    path = store_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    output = AtomicFile(path)
    try:
        output.handle.write(json.dumps(_StoreFile(checkers=records).model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
        output.commit()
    finally:
        output.discard()
    return path


def record_self_check(settings: Settings, table: HealthFile) -> Path:
    """Store a self-check run on this machine; returns the file written. Raises OSError when it cannot be written."""
    records = load(settings)
    for row in table.checkers:
        stored = StoredHealth(health=row, source=LOCAL)
        old = records.get(row.checker_id, HealthRecord())
        records[row.checker_id] = old.model_copy(update={"latest": stored, "judged": stored if row.state.judged else old.judged})
    return _save(settings, records)


def record_published(settings: Settings, table: HealthFile, source: str) -> tuple[Path, int]:
    """Store the judged rows of a published health file; returns the file written and how many rows were kept.

    A row older than what the store already holds from a health file is not taken: loading yesterday's
    file after today's changes nothing.
    """
    records = load(settings)
    kept = 0
    for row in table.checkers:
        if not row.state.judged:
            continue
        old = records.get(row.checker_id, HealthRecord())
        if old.published is not None and old.published.health.checked_at >= row.checked_at:
            continue
        records[row.checker_id] = old.model_copy(update={"published": StoredHealth(health=row, source=source)})
        kept += 1
    return _save(settings, records), kept
