"""check_many: input order, invalid and duplicate lines, laziness, reuse, and a failing store."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.batch.helpers import Scripted, registry_of

import numcheck
from numcheck import BatchItem, Settings, Status, StoreError, check_many, open_store


def test_items_come_in_input_order_with_invalid_and_duplicate_lines() -> None:
    """Each input line gets one item at its index; bad lines say why, duplicates point to the first."""
    items = list(check_many(["13800138000", "garbage", "139 0013 9000", "+86 138-0013-8000"], offline=True))
    assert [item.index for item in items] == [0, 1, 2, 3]
    assert items[0].report is not None
    assert items[0].report.number.e164 == "+8613800138000"
    assert items[1].report is None
    assert items[1].invalid
    assert "character 1 'g' is not a digit" in items[1].invalid
    assert items[2].report is not None
    assert items[2].report.number.e164 == "+8613900139000"
    assert items[3].report is None
    assert items[3].duplicate_of == 0


def test_online_batches_keep_order_under_concurrency() -> None:
    """With workers, every number is still reported once, in input order."""
    checker = Scripted()
    numbers = [f"+86138001{index:05d}" for index in range(60)]
    items = list(check_many(numbers, registry=registry_of(checker), settings=Settings(), workers=6))
    assert [item.report.number.e164 for item in items if item.report] == numbers
    assert checker.calls == dict.fromkeys(numbers, 1)


def test_the_input_is_read_lazily() -> None:
    """An endless input can be consumed item by item: nothing reads ahead of what is needed."""
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for index in itertools.count():
            pulled += 1
            yield f"+86138{index:08d}"

    first = list(itertools.islice(check_many(endless(), offline=True), 5))
    assert [item.index for item in first] == [0, 1, 2, 3, 4]
    assert pulled <= 6
    online = check_many(endless(), registry=registry_of(Scripted()), settings=Settings(), workers=2)
    try:
        assert [item.index for item in itertools.islice(online, 3)] == [0, 1, 2]
    finally:
        online.close()
    assert pulled <= 6 + 3 + 2 * 4 + 2  # bounded window: a few per worker


def test_a_rerun_reuses_what_the_store_holds(tmp_path: Path) -> None:
    """The second run of the same batch asks no service again."""
    checker = Scripted(answers={"+8613800138000": Status.REGISTERED})
    numbers = ["13800138000", "13900139000", "15000150000"]
    with open_store(tmp_path) as store:
        list(check_many(numbers, registry=registry_of(checker), settings=Settings(), store=store))
        again = list(check_many(numbers, registry=registry_of(checker), settings=Settings(), store=store))
    assert set(checker.calls.values()) == {1}
    assert all(any(f.reused for f in item.report.findings) for item in again if item.report)


def test_a_failing_store_goes_on_without_history_when_asked(tmp_path: Path) -> None:
    """on_store_error is called once and every number still gets its report; without it, it raises."""
    store = open_store(tmp_path)
    store.close()  # every later use fails
    told: list[StoreError] = []
    items = list(
        check_many(
            ["13800138000", "13900139000"], registry=registry_of(Scripted()), settings=Settings(), store=store, on_store_error=told.append
        )
    )
    assert len(told) == 1
    assert all(item.report is not None for item in items)
    with pytest.raises(StoreError):
        list(check_many(["13800138000"], registry=registry_of(Scripted()), settings=Settings(), store=store))


def test_items_are_json_round_trippable() -> None:
    """A JSONL line parses back into the same item."""
    item = next(iter(check_many(["13800138000"], offline=True)))
    assert BatchItem.model_validate_json(item.model_dump_json()) == item
    assert isinstance(item.report, numcheck.Report)
