"""An adversarial review of --only-hits, diffs, the unreachable hold and input encodings (docs/design-changes.md).

Each test here failed before the fix beside it.
"""

from __future__ import annotations

import io
import json

import pytest
from tests.batch.helpers import Scripted, registry_of

from numcheck import Status, cli
from numcheck.testing import synthetic_number

NUMBER = synthetic_number("registered")


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


def _services(monkeypatch: pytest.MonkeyPatch, *checkers: Scripted) -> None:
    monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: registry_of(*checkers))
    monkeypatch.setattr("numcheck.cli.after_buy.default_registry", lambda settings: registry_of(*checkers))


class TestReusedAnswersAreNotCompared:
    """A later check that reused a stored answer (within the TTL) did not ask again: that answer shows no change."""

    def test_diff_does_not_call_a_reused_answer_unchanged(self, monkeypatch: pytest.MonkeyPatch) -> None:
        shop = Scripted("shop", answers={NUMBER: Status.NOT_REGISTERED})
        flaky = Scripted("flaky", answers={NUMBER: Status.ERROR})
        _services(monkeypatch, shop, flaky)
        _run(NUMBER)
        _run(NUMBER)  # shop's answer reused, flaky asked again (an error is never reused): a second check is stored
        assert shop.calls == {NUMBER: 1}
        code, out, _ = _run("diff", NUMBER, "--json")
        diff = json.loads(out)
        assert (diff["compared"], diff["unchanged"], diff["uncompared"]) == (0, 0, 2)
        assert code == cli.EXIT_INCOMPLETE

    def test_after_buy_does_not_call_a_reused_binding_still_bound(self, monkeypatch: pytest.MonkeyPatch) -> None:
        shop = Scripted("shop", answers={NUMBER: Status.REGISTERED})
        flaky = Scripted("flaky", answers={NUMBER: Status.ERROR})
        _services(monkeypatch, shop, flaky)
        _run("after-buy", NUMBER)
        code, out, _ = _run("after-buy", NUMBER, "--json")
        assert shop.calls == {NUMBER: 1}
        made = json.loads(out)
        assert made["latest_check_id"] is not None
        assert [change["meaning"] for change in made["changes"] if change["checker_id"] == "shop"] == []
        assert (made["unchanged"], made["uncompared"]) == (0, 2)
        assert code == cli.EXIT_INCOMPLETE


class TestUnreachableHold:
    def test_a_retry_that_never_went_out_does_not_hold_the_host_for_ever(self) -> None:
        """The one caller let through after the hold met a Retry-After cool-down and sent nothing: others may try later."""
        import time

        from tests.unit.test_unreachable_hold import _Clock, _NoNetwork

        import numcheck
        from numcheck.net import UNRESOLVABLE
        from numcheck.net.client import HttpClient
        from numcheck.net.pacing import UNREACHABLE_HOLD, Politeness

        clock, key = _Clock(), "https://example.test:443"
        politeness = Politeness(clock)
        with HttpClient(numcheck.Settings(honour_retry_after_up_to=0), session_factory=_NoNetwork, politeness=politeness) as client:
            _NoNetwork.attempts = 0
            assert client.request("GET", "https://example.test/a").failure == UNRESOLVABLE
            politeness.cool_down(key, 0.2)  # the service had asked for a pause (a 429 another lookup saw)
            clock.now += UNREACHABLE_HOLD + 1
            waiting = client.request("GET", "https://example.test/b")
            assert (waiting.status, waiting.failure) == (429, None)  # the retry was this one, and it sent nothing
            time.sleep(0.3)  # the pause is over
            clock.now += 10 * UNREACHABLE_HOLD
            client.request("GET", "https://example.test/c")
        assert _NoNetwork.attempts == 2  # the host was asked again, not answered "cannot resolve" for the process's life
