"""An adversarial review of --only-hits, diffs, the unreachable hold and input encodings (docs/design-changes.md).

Each test here failed before the fix beside it.
"""

from __future__ import annotations

import io
import json

import pytest
from tests.batch.helpers import Scripted, registry_of

from numcheck import CheckerKind, Status, cli
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


def _offline_csv(path: object, *extra: str) -> tuple[int, str, str]:
    return _run("--offline", "--format", "csv", "--file", str(path), "--lang", "en", *extra)


class TestEncodings:
    def test_a_gbk_file_with_a_line_that_is_utf8_by_chance_is_read_as_gbk(self, tmp_path: object) -> None:
        """一丌 in GBK (D2 BB D8 A2) is also valid UTF-8: that one line must not turn the whole file into skipped lines."""
        from pathlib import Path

        from tests.bulk.test_rows import _reference

        assert "一丌".encode("gbk").decode("utf-8")  # valid UTF-8 by chance (as Latin and Arabic letters)
        rows = ["序号,姓名,号码"] + [f"{i},{'一丌' if i == 1 else '张三'},1391234{i:04d}" for i in range(40)]
        text = "\r\n".join(rows) + "\r\n"
        folder = Path(str(tmp_path))
        gbk, utf8 = folder / "gbk.csv", folder / "utf8.csv"
        gbk.write_bytes(text.encode("gbk"))
        utf8.write_bytes(text.encode("utf-8"))
        for fmt in ("csv", "jsonl"):
            expected = _reference(utf8, fmt, column="号码")
            assert _reference(gbk, fmt, column="号码") == expected  # the per-number path
            code, out, err = _run("--offline", "--format", fmt, "--file", str(gbk), "--column", "号码", "--lang", "en")
            assert code == cli.EXIT_OK, err
            assert out == expected  # the bulk path
            assert "skipped" not in err

    def test_a_gb18030_byte_order_mark_is_not_part_of_the_first_number(self, tmp_path: object) -> None:
        from pathlib import Path

        path = Path(str(tmp_path)) / "list.txt"
        path.write_bytes("\ufeff13800138000\n张三\n13912348888\n".encode("gb18030"))
        code, out, err = _offline_csv(path)
        assert code == cli.EXIT_OK, err
        assert out.splitlines()[1].startswith("1,0,13800138000,+8613800138000,True"), out
        code, out, err = _offline_csv(path, "--encoding", "gb18030")
        assert out.splitlines()[1].startswith("1,0,13800138000,+8613800138000,True"), out


class TestOnlyHitsHidesNoIncompleteCheck:
    """A batch row names the checks that could not complete (its ``incomplete`` cell): hiding the row hid which they were."""

    @pytest.mark.parametrize("status", [Status.BLOCKED, Status.ERROR, Status.UNKNOWN])
    def test_a_low_risk_number_with_a_check_that_gave_no_answer_stays_listed(self, status: Status) -> None:
        from tests.test_honest_batches import _clean_finding_sets, _item
        from tests.unit.test_verdict_properties import clean_answer, report_of

        from numcheck import Verdict
        from numcheck.cli.batch import hits_of
        from numcheck.frontends.hits import known_clean

        silent = clean_answer(CheckerKind.ACCOUNT, "payment", 50).model_copy(update={"status": status})
        report = report_of([*_clean_finding_sets()[0], silent])
        assert report.verdict is Verdict.LOW_RISK  # the verdict stands on the others' answers
        assert report.coverage.sufficient
        assert not known_clean(report)
        assert hits_of(_item(report), single=False)[0] is not None

    def test_the_command_line_lists_it(self, monkeypatch: pytest.MonkeyPatch) -> None:
        shops = [Scripted(f"shop{index}") for index in range(6)]
        reputation = [Scripted(f"tags{index}") for index in range(2)]
        for index, checker in enumerate(reputation):
            checker.meta = checker.meta.model_copy(
                update={"kind": CheckerKind.REPUTATION, "category": ("caller_tags", "collection_calls")[index]}
            )
        broken = Scripted("broken", answers={NUMBER: Status.ERROR})
        _services(monkeypatch, *shops, *reputation, broken)
        code, out, err = _run("--no-store", "--only-hits", "--format", "jsonl", NUMBER, "--lang", "en")
        assert code == cli.EXIT_INCOMPLETE
        rows = [json.loads(line) for line in out.splitlines()]
        assert [row["incomplete"] for row in rows] == [["broken"]], err  # one number: shown, naming what did not complete
        code, out, err = _run("--no-store", "--only-hits", "--format", "jsonl", NUMBER, "13912348888", "--lang", "en")
        assert code == cli.EXIT_INCOMPLETE
        rows = [json.loads(line) for line in out.splitlines()]
        assert [row["incomplete"] for row in rows if row["input"] == NUMBER] == [["broken"]], err


class TestDiffComparesAnswersNotStatuses:
    def _check(self, check_id: int, finding: object) -> object:
        from datetime import UTC, datetime

        from numcheck import Verdict
        from numcheck.store import StoredCheck

        return StoredCheck(
            id=check_id, e164="+8613800138000", checked_at=datetime(2026, 11, check_id, tzinfo=UTC), offline=False,
            verdict=Verdict.CAUTION, levels={}, coverage=1.0, numcheck_version="test", findings={"tags": finding},
        )  # fmt: skip

    def test_a_listing_whose_tags_changed_is_a_change(self) -> None:
        """Listed both times, first as a delivery number, then as a collection caller: not "no checker's answer changed"."""
        from datetime import UTC, datetime

        from tests.unit.test_verdict_properties import clean_answer

        from numcheck.store import diff_of

        listed = clean_answer(CheckerKind.REPUTATION, "reputation", 1).model_copy(update={"status": Status.REGISTERED})
        before = listed.model_copy(update={"tags": ("delivery",), "checked_at": datetime(2026, 11, 1, tzinfo=UTC)})
        after = listed.model_copy(update={"tags": ("collection_calls",), "checked_at": datetime(2026, 11, 2, tzinfo=UTC)})
        diff = diff_of("+8613800138000", self._check(1, before), self._check(2, after))  # type: ignore[arg-type]
        assert diff.unchanged == 0
        assert [change.checker_id for change in diff.changes] == ["tags"]
        assert diff.compared == 1


def test_a_tls_failure_is_not_held_as_unreachable() -> None:
    """A certificate that fails verification (a middlebox, a clock far off) reached the host: not "refused or unreachable"."""
    import requests
    from tests.unit.test_unreachable_hold import _Clock, _NoNetwork

    import numcheck
    from numcheck.net import NEVER_SENT
    from numcheck.net.client import HttpClient
    from numcheck.net.pacing import Politeness

    class _BadCertificate(_NoNetwork):
        def send(self, request: object, **kwargs: object) -> requests.Response:  # type: ignore[override]
            with _NoNetwork.lock:
                _NoNetwork.attempts += 1
            raise requests.exceptions.SSLError(
                "HTTPSConnectionPool(host='example.test', port=443): Max retries exceeded with url: /x (Caused by "
                "SSLError(SSLCertVerificationError(1, '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed')))"
            )

    _NoNetwork.attempts = 0
    with HttpClient(numcheck.Settings(), session_factory=_BadCertificate, politeness=Politeness(_Clock())) as client:
        failures = [client.request("GET", "https://example.test/x").failure for _ in range(2)]
    assert _NoNetwork.attempts == 2
    assert all(failure is not None and failure not in NEVER_SENT and "TLS" in failure for failure in failures), failures
