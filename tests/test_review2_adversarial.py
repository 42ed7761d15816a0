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
