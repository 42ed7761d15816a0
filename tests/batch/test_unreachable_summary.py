"""Without a network, a batch's summary says so, as a single check's report does."""

from __future__ import annotations

import io

import pytest
from tests.batch.helpers import Scripted, registry_of

from numcheck import CheckContext, Finding, PhoneNumberInfo, Status, cli
from numcheck.checker import finding
from numcheck.net import UNRESOLVABLE


class _Offline(Scripted):
    """An account checker on a machine without a network: every look-up fails before it is sent."""

    def __init__(self, down: set[str] | None = None) -> None:
        super().__init__("nonet")
        self.down = down

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        if self.down is None or number.e164 in self.down:
            return finding(self.meta, ctx, Status.ERROR, UNRESOLVABLE)
        return super().check(number, ctx)


def _batch(monkeypatch: pytest.MonkeyPatch, checker: Scripted, lang: str) -> tuple[int, str]:
    monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: registry_of(checker))
    err = io.StringIO()
    code = cli.main(["--no-store", "--lang", lang, "--format", "csv", "13800138000", "13900139000"], out=io.StringIO(), err=err)
    return code, err.getvalue()


def test_every_number_unreachable_is_said_in_the_summary(monkeypatch: pytest.MonkeyPatch) -> None:
    code, err = _batch(monkeypatch, _Offline(), "en")
    assert code == cli.EXIT_INCOMPLETE
    summary = err.strip().splitlines()[-1]
    assert "2 checked" in summary
    assert "the network was unreachable: no online service could be asked and nothing was sent" in summary


def test_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    _, err = _batch(monkeypatch, _Offline(), "zh")
    assert "网络不通" in err.strip().splitlines()[-1]


def test_some_numbers_unreachable_are_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    _, err = _batch(monkeypatch, _Offline(down={"+8613800138000"}), "en")
    assert "the network was unreachable for 1: nothing was sent for them" in err


def test_a_batch_that_reached_its_services_says_nothing_of_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    _, err = _batch(monkeypatch, _Offline(down=set()), "en")
    assert "unreachable" not in err
