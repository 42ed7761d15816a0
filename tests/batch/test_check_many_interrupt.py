"""check_many under Ctrl-C: a KeyboardInterrupt stops it at once; a consumer that merely stops reading still waits."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from tests.batch.helpers import Scripted, registry_of

from numcheck import CheckContext, Finding, PhoneNumberInfo, Settings, check_many, open_store

NUMBERS = [f"139{index:08d}" for index in range(40)]


class Held(Scripted):
    """Answers the first number at once; every other lookup waits at a gate the test opens."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()
        self.started = 0

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        with self._lock:
            self.started += 1
        if number.e164 != "+86" + NUMBERS[0]:
            self.gate.wait(20)
        return super().check(number, ctx)


def test_a_keyboard_interrupt_stops_the_batch_without_waiting_for_its_lookups(tmp_path: Path) -> None:
    held = Held()
    with open_store(tmp_path) as store:
        items = check_many(NUMBERS, registry=registry_of(held), settings=Settings(), store=store, workers=2)
        first = next(items)
        assert first.report is not None
        time.sleep(0.2)  # two lookups are now held at the gate
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            items.throw(KeyboardInterrupt())
        assert time.monotonic() - started < 1.0, "Ctrl-C waited for the lookups in flight"
        asked = held.started
        held.gate.set()
        time.sleep(0.5)
        assert held.started == asked, "no lookup starts after the interrupt"
        assert store.count() == 1, "what was yielded is stored; what was abandoned is not"


def test_closing_early_still_waits_for_what_is_running_and_stores_it(tmp_path: Path) -> None:
    held = Held()
    with open_store(tmp_path) as store:
        items = check_many(NUMBERS, registry=registry_of(held), settings=Settings(), store=store, workers=2)
        next(items)
        time.sleep(0.2)
        threading.Timer(0.5, held.gate.set).start()
        started = time.monotonic()
        items.close()
        assert time.monotonic() - started >= 0.4, "close() returned before the running lookups ended"
        assert store.count() > 1, "the reports of the lookups that were running are stored"
        assert held.started < len(NUMBERS), "what was queued was cancelled"


def test_a_runner_that_abandoned_its_lookups_starts_no_new_one() -> None:
    from numcheck.engine import Runner

    scripted = Held()
    with Runner(registry=registry_of(scripted), settings=Settings()) as runner:
        text, info = runner.parse(NUMBERS[0])
        assert runner.run(text, info).findings, "the runner asks before it is told to stop"
        asked = scripted.started
        runner.abandon_lookups()
        with pytest.raises(RuntimeError):
            runner.run(text, info)
        assert scripted.started == asked, "an abandoned runner starts no lookup"
