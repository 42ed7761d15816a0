"""Health results kept on this machine, with their dates: ``health.json`` in numcheck's data directory.

Per checker it keeps the latest result from this machine (whatever it was), the latest one that
judged the checker (healthy, a false answer, drift, inconclusive) and the latest judged row loaded
from a published health file. A block or an outage judges nothing, so it never clears a false
positive: the checker stays set aside until a self-check judges it again, or the failure expires.

A published file can set a checker aside; it cannot vouch for one. Its pass never lifts a false
answer found on this machine, nor one another file set aside (only a later file from the same
source can), and never reads as a self-check passed here. Where a result came from is its slot
in the store, never the name of its source: a health file at a path called "this machine" is
still a published file.

A failed result expires after `FAILURE_EXPIRES_DAYS` days: the checker is then asked again at
check time, so a service that fixed itself is not shunned for ever. A file that cannot be read (a
newer format, a broken disk) is treated as empty: health can only set checkers aside, so losing it
never makes a report claim more than its checkers answered.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from numcheck._atomic import AtomicFile
from numcheck._model import FrozenModel
from numcheck.config import Settings
from numcheck.health.model import CheckerHealth, HealthFile

HEALTH_STORE_FILE = "health.json"
FAILURE_EXPIRES_DAYS = 7
LOCAL = "this machine"


class StoredHealth(FrozenModel):
    """One result and where it came from: ``local`` (a self-check on this machine), else the health file's ``source``."""

    health: CheckerHealth
    source: str
    local: bool = False


_LOCAL_SLOTS = {"latest": True, "judged": True, "published": False}


class HealthRecord(FrozenModel):
    """What is known of one checker's health."""

    latest: StoredHealth | None = None
    judged: StoredHealth | None = None
    published: StoredHealth | None = None

    @model_validator(mode="before")
    @classmethod
    def _origin_is_the_slot(cls, data: object) -> object:
        # Read back from the file, a result is local by its slot alone (files from before the field have none).
        if not isinstance(data, dict):
            return data
        fixed = dict(data)
        for slot, local in _LOCAL_SLOTS.items():
            item = fixed.get(slot)
            if isinstance(item, dict):
                fixed[slot] = {**item, "local": local}
            elif isinstance(item, StoredHealth) and item.local is not local:
                fixed[slot] = item.model_copy(update={"local": local})
        return fixed

    def in_force(self, now: datetime) -> StoredHealth | None:
        """The result that decides the checker at check time (None: nothing holds it back or vouches for it).

        A false answer in force holds unless a self-check on this machine passed after it; a published
        pass never lifts one. Failures older than `FAILURE_EXPIRES_DAYS` are out of force.
        """
        held = [item for item in (self.judged, self.published) if item is not None and not _lapsed(item.health, now)]
        local = next((item for item in held if item.local), None)
        false = [item for item in held if item.health.state.false_answer]
        if false:
            newest = max(false, key=lambda item: item.health.checked_at)
            lifted = not newest.local and local is not None and local.health.checked_at > newest.health.checked_at
            return local if lifted else newest
        return local if local is not None else (held[0] if held else None)


def _lapsed(health: CheckerHealth, now: datetime) -> bool:
    return not health.state.healthy and expired(health, now)


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
        stored = StoredHealth(health=row, source=LOCAL, local=True)
        old = records.get(row.checker_id, HealthRecord())
        records[row.checker_id] = old.model_copy(update={"latest": stored, "judged": stored if row.state.judged else old.judged})
    return _save(settings, records)


def record_published(
    settings: Settings, table: HealthFile, source: str, known: Collection[str] | None = None, *, now: datetime | None = None
) -> tuple[Path, list[CheckerHealth]]:
    """Store the judged rows of a published health file; returns the file written and the rows kept.

    A row older than what the store already holds from a health file is not taken: loading yesterday's
    file after today's changes nothing. Nor is a row that would lift a false answer in force that
    another source published, nor one for a checker not in ``known`` (the checkers installed here):
    a file can name any id, and a plugin installed later must not find itself set aside by it.
    """
    now = now or datetime.now(UTC)
    records = load(settings)
    kept: list[CheckerHealth] = []
    for original in table.checkers:
        if not original.state.judged or (known is not None and original.checker_id not in known):
            continue
        # The reader allows a clock a little fast; stored, a row is never dated after it was loaded, so that a file dated
        # ahead cannot outrank this machine's own later self-check, nor hold a checker aside past the documented days.
        row = original if original.checked_at <= now else original.model_copy(update={"checked_at": now})
        old = records.get(row.checker_id, HealthRecord())
        before = old.published
        if before is not None and before.health.checked_at >= row.checked_at:
            continue
        lifts = before is not None and before.health.state.false_answer and not row.state.false_answer and not _lapsed(before.health, now)
        if lifts and before is not None and before.source != source:
            continue  # one publisher cannot vouch for a checker another caught giving false answers
        records[row.checker_id] = old.model_copy(update={"published": StoredHealth(health=row, source=source, local=False)})
        kept.append(row)
    return _save(settings, records), kept
