"""Which stored health result is in force: a published file can set a checker aside, never vouch for one.

The rules (numcheck.health.store): a false answer in force holds until a self-check on this
machine passes after it; a published pass lifts nothing found here and nothing another source
published; only a local pass is a pass "live on this machine"; failures lapse after
FAILURE_EXPIRES_DAYS. Checked over every combination of states, ages and sources.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from numcheck.config import Settings
from numcheck.health.model import CheckerHealth, Counts, HealthFile, HealthState
from numcheck.health.store import (
    FAILURE_EXPIRES_DAYS,
    LOCAL,
    HealthRecord,
    StoredHealth,
    load,
    record_published,
    record_self_check,
    store_path,
)

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
JUDGED = [state for state in HealthState if state.judged]


def _row(state: HealthState, hours_ago: float, checker_id: str = "chsi") -> CheckerHealth:
    return CheckerHealth(
        checker_id=checker_id, checker_name="CHSI", state=state, checked_at=NOW - timedelta(hours=hours_ago), counts=Counts(controls=1)
    )


ages = st.floats(min_value=-20, max_value=24 * (FAILURE_EXPIRES_DAYS + 2), allow_nan=False)


@settings(max_examples=400, deadline=None)
@given(
    local=st.none() | st.tuples(st.sampled_from(JUDGED), ages),
    published=st.none() | st.tuples(st.sampled_from(JUDGED), ages),
    source=st.sampled_from([LOCAL, "/tmp/health.json", "https://example.org/health.json"]),
)
def test_a_published_file_sets_aside_and_never_vouches(
    local: tuple[HealthState, float] | None, published: tuple[HealthState, float] | None, source: str
) -> None:
    mine = StoredHealth(health=_row(*local), source=LOCAL, local=True) if local else None
    theirs = StoredHealth(health=_row(*published), source=source) if published else None
    # As the store reads it back: a result's origin is its slot, whatever its source is called.
    record = HealthRecord.model_validate_json(HealthRecord(judged=mine, published=theirs).model_dump_json())
    chosen = record.in_force(NOW)

    def holds(item: StoredHealth | None) -> bool:
        return item is not None and (item.health.state.healthy or NOW - item.health.checked_at <= timedelta(days=FAILURE_EXPIRES_DAYS))

    # What the gate does with it (numcheck.health.gate): set the checker aside, or stamp "passed self-check live here".
    aside = chosen is not None and chosen.health.state.false_answer
    stamped = chosen is not None and chosen.local and chosen.health.state.healthy
    if stamped:
        assert mine is not None
        assert chosen == record.judged
    if holds(mine) and mine is not None and mine.health.state.false_answer:
        assert aside  # only a later self-check here lifts what a self-check here found
    if holds(theirs) and theirs is not None and theirs.health.state.false_answer:
        lifted = (
            holds(mine) and mine is not None and not mine.health.state.false_answer and mine.health.checked_at > theirs.health.checked_at
        )
        assert aside or lifted
    if chosen is not None:
        assert holds(chosen)


def _file(*rows: CheckerHealth) -> HealthFile:
    return HealthFile(generated_at=NOW, numcheck_version="0.1.0", controls_per_checker=1, checkers=rows)


def test_only_the_source_that_set_a_checker_aside_can_lift_it(tmp_path: Path) -> None:
    settings_ = Settings(data_dir=tmp_path, plugins=())
    _, kept = record_published(settings_, _file(_row(HealthState.FALSE_POSITIVE, 5)), "https://a.example/health.json", now=NOW)
    assert [row.state for row in kept] == [HealthState.FALSE_POSITIVE]
    _, kept = record_published(settings_, _file(_row(HealthState.HEALTHY, 1)), "https://b.example/health.json", now=NOW)
    assert kept == []
    assert load(settings_)["chsi"].in_force(NOW) is not None
    assert load(settings_)["chsi"].in_force(NOW).health.state is HealthState.FALSE_POSITIVE  # type: ignore[union-attr]
    # Another source's false answer does replace it (both set the checker aside); the first source's pass lifts its own.
    _, kept = record_published(settings_, _file(_row(HealthState.HEALTHY, 1)), "https://a.example/health.json", now=NOW)
    assert [row.state for row in kept] == [HealthState.HEALTHY]
    assert load(settings_)["chsi"].in_force(NOW).health.state is HealthState.HEALTHY  # type: ignore[union-attr]
    # Once another source's failure has lapsed, it holds nothing back, so any pass may replace it.
    _, kept = record_published(settings_, _file(_row(HealthState.FALSE_NEGATIVE, 0.5)), "https://b.example/health.json", now=NOW)
    later = NOW + timedelta(days=FAILURE_EXPIRES_DAYS, hours=1)
    _, kept = record_published(settings_, _file(_row(HealthState.HEALTHY, 0.1)), "https://a.example/health.json", now=later)
    assert len(kept) == 1


def test_rows_for_checkers_not_installed_are_not_stored(tmp_path: Path) -> None:
    settings_ = Settings(data_dir=tmp_path, plugins=())
    table = _file(_row(HealthState.FALSE_POSITIVE, 1), _row(HealthState.FALSE_POSITIVE, 1, "someone-else"))
    _, kept = record_published(settings_, table, "/tmp/h.json", known={"chsi"}, now=NOW)
    assert [row.checker_id for row in kept] == ["chsi"]
    assert set(load(settings_)) == {"chsi"}


def test_a_store_written_before_results_said_where_they_ran_reads_by_slot(tmp_path: Path) -> None:
    """An older health.json (no ``local`` field): its own results stay local, a published one stays published, whatever its name."""
    settings_ = Settings(data_dir=tmp_path, plugins=())
    record_self_check(settings_, _file(_row(HealthState.HEALTHY, 1)))
    record_published(settings_, _file(_row(HealthState.HEALTHY, 0.5, "dangdang")), LOCAL, now=NOW)
    path = store_path(settings_)
    document = json.loads(path.read_text(encoding="utf-8"))
    for record in document["checkers"].values():
        for slot in record.values():
            if slot is not None:
                slot.pop("local")
    document["checkers"]["dangdang"]["published"]["local"] = True  # and one that claims it, hand-edited
    path.write_text(json.dumps(document), encoding="utf-8")
    records = load(settings_)
    assert records["chsi"].in_force(NOW).local  # type: ignore[union-attr]
    assert not records["dangdang"].in_force(NOW).local  # type: ignore[union-attr]


def test_a_row_dated_ahead_never_outranks_a_later_self_check_here(tmp_path: Path) -> None:
    """The reader allows a day of clock skew; a false answer dated 20 hours ahead must not outlive this machine's next pass."""
    settings_ = Settings(data_dir=tmp_path, plugins=())
    ahead = CheckerHealth(
        checker_id="chsi", checker_name="CHSI", state=HealthState.FALSE_POSITIVE, checked_at=NOW + timedelta(hours=20), counts=Counts()
    )
    record_published(settings_, _file(ahead), "/tmp/ahead.json", now=NOW)
    passed = CheckerHealth(
        checker_id="chsi", checker_name="CHSI", state=HealthState.HEALTHY, checked_at=NOW + timedelta(minutes=5), counts=Counts()
    )
    record_self_check(settings_, _file(passed))
    chosen = load(settings_)["chsi"].in_force(NOW + timedelta(minutes=6))
    assert chosen is not None
    assert chosen.local
    assert chosen.health.state is HealthState.HEALTHY
