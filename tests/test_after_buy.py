"""`numcheck after-buy`: the dated plan from the purchase check, then what changed since it, end to end on the history."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import sqlite3
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.batch.helpers import Scripted, registry_of

from numcheck import CheckContext, CheckerKind, CheckerMeta, Finding, PhoneNumberInfo, Provenance, Status, Verdict, cli
from numcheck.afterbuy import CARRIER_SERVICE_SOURCE, ONE_ID_SOURCE, changes, plan
from numcheck.checker import finding
from numcheck.reassignment import from_aliyun_code, from_verify_result
from numcheck.store import StoredCheck
from numcheck.testing import synthetic_number

NUMBER = synthetic_number("registered")


class Tagged:
    """A caller-tag source listing the number with ``tags`` (nothing listed when empty)."""

    def __init__(self) -> None:
        self.meta = CheckerMeta(
            id="tags-source",
            name="Tags Source",
            kind=CheckerKind.REPUTATION,
            category="caller_tags",
            provenance=Provenance(level="documented", sources=("test",)),
        )
        self.tags: tuple[str, ...] = ("harassment",)

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        status = Status.REGISTERED if self.tags else Status.NOT_REGISTERED
        return finding(self.meta, ctx, status, "scripted", tags=self.tags)


class Carrier:
    """A reassignment answer from the carrier (Alibaba Cloud's shape): not reassigned since 2024, or a ported number."""

    def __init__(self) -> None:
        self.meta = CheckerMeta(
            id="carrier-source",
            name="Carrier Source",
            kind=CheckerKind.CARRIER,
            category="reassignment",
            provenance=Provenance(level="documented", sources=("test",)),
        )
        self.ported = False
        self.held_since_before = date(2024, 12, 1)
        self._lock = threading.Lock()

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        if self.ported:
            fact = from_aliyun_code("PortabilityNumberNotSupported", date(2024, 12, 1))
            return finding(self.meta, ctx, Status.UNKNOWN, "ported", tags=("ported",)).model_copy(update={"reassignment": fact})
        fact = from_verify_result("2", self.held_since_before, "CUCC")
        found = finding(self.meta, ctx, Status.NOT_REGISTERED, "held", tags=("not_reassigned",), facts={"carrier": "CUCC"})
        return found.model_copy(update={"reassignment": fact})


@pytest.fixture
def sources(monkeypatch: pytest.MonkeyPatch) -> tuple[Scripted, Tagged, Carrier]:
    account = Scripted("shop", answers={NUMBER: Status.REGISTERED})
    tagged, carrier = Tagged(), Carrier()
    monkeypatch.setattr("numcheck.cli.after_buy.default_registry", lambda settings: registry_of(account, tagged, carrier))
    monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: registry_of(account, tagged, carrier))
    return account, tagged, carrier


def _run(*argv: str) -> tuple[int, str, str]:
    """The exit code, stdout with its line wrapping undone (or as is, for JSON), and stderr."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO())
    text = out.getvalue()
    return code, text if "--json" in argv else " ".join(text.split()), err.getvalue()


class TestFirstRun:
    def test_without_history_it_checks_then_plans_from_that_check(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        account, _, _ = sources
        code, out, err = _run("after-buy", NUMBER, "--bought", "2026-11-01")
        assert code == cli.EXIT_OK, err
        assert account.calls[NUMBER] == 1
        assert "bought 2026-11-01" in out
        # The carrier today (China Unicom, after porting as the carrier answered), its entry and stated turnaround.
        assert "China Unicom (中国联通)" in out
        assert "服务 > 通用服务 > 二次号码焕新" in out
        assert CARRIER_SERVICE_SOURCE in out
        assert "一证通查 2.0" in out
        assert ONE_ID_SOURCE.split(" ")[0] in out
        assert "Ask Shop to release the old account" in out
        assert "Appeal the number's listing at Tags Source (harassment)" in out
        # The carrier's dated answer at purchase: the seller's own bindings since then are theirs to remove.
        assert "Ask the seller to unbind their own accounts" in out
        assert "held by the current owner since before 2024-12-01" in out
        # China Unicom pushes at once (1 day); 一证通查 answers within 48 h; then a week to settle.
        # Planned from 2026-11-01; once those days are over they are counted from today (tests/test_honest_batches.py).
        assert re.search(
            r"2026-11-04 Query 一证通查 2.0 again|\(planned for 2026-11-04, which is over: counted from today\) Query 一证通查", out
        )
        assert re.search(r"Re-check on (2026-11-09\.|\S+ \(planned for 2026-11-09, which is over)", out)
        assert "No later check yet" in out

    def test_an_earlier_check_is_the_purchase_check_and_nothing_is_asked_again(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        account, _, _ = sources
        assert _run(NUMBER)[0] == cli.EXIT_OK  # the check before buying, stored in the history
        code, out, err = _run("after-buy", NUMBER, "--bought", "2026-11-01", "--json")
        assert code == cli.EXIT_OK, err
        assert account.calls[NUMBER] == 1
        made = json.loads(out)
        assert made["bought_on"] == "2026-11-01"
        assert made["purchase_verdict"] in {verdict.value for verdict in Verdict}
        assert made["purchase_check_id"] == made["latest_check_id"] or made["latest_check_id"] is None
        assert made["changes"] == []

    def test_no_history_and_no_check_is_a_usage_error(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        code, _, err = _run("after-buy", NUMBER, "--no-check")
        assert code == cli.EXIT_USAGE
        assert "no stored check" in err

    def test_an_invalid_number_is_a_usage_error(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        code, _, err = _run("after-buy", "12")
        assert code == cli.EXIT_USAGE
        assert "invalid number" in err

    def test_a_ported_number_is_planned_without_the_wrong_premise(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        sources[2].ported = True
        code, out, _ = _run("after-buy", NUMBER, "--bought", "2026-11-01")
        assert code == cli.EXIT_OK
        assert "ported (携号转网)" in out
        assert "not necessarily the segment's" in out
        assert "二次号码焕新 / 解绑" in out  # no carrier's entry is asserted for a carrier numcheck does not know


class TestLaterRun:
    def test_it_shows_bindings_released_and_tags_cleared_since_the_purchase(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        account, tagged, _ = sources
        assert _run("after-buy", NUMBER, "--bought", "2026-11-01")[0] == cli.EXIT_OK
        account.answers[NUMBER] = Status.NOT_REGISTERED
        tagged.tags = ()
        code, out, err = _run("after-buy", NUMBER, "--refresh")
        assert code == cli.EXIT_OK, err
        assert account.calls[NUMBER] == 2
        assert "Since the purchase check" in out
        assert "binding released" in out
        assert "listing cleared" in out
        assert "bought 2026-11-01" in out  # the purchase date stays as first recorded

    def test_a_binding_still_there_is_said_so(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        assert _run("after-buy", NUMBER, "--bought", "2026-11-01")[0] == cli.EXIT_OK
        code, out, err = _run("after-buy", NUMBER, "--refresh", "--bought", "2026-11-05", "--json")
        assert code == cli.EXIT_OK
        assert "recorded on 2026-11-01; kept" in err
        made = json.loads(out)
        meanings = {change["checker_id"]: change["meaning"] for change in made["changes"]}
        assert meanings == {"shop": "binding still there"}
        assert made["latest_check_id"] != made["purchase_check_id"]

    def test_a_partial_tag_clearing_names_the_tags(self) -> None:
        now = datetime(2026, 11, 1, tzinfo=UTC)

        def stored(check_id: int, tags: tuple[str, ...]) -> StoredCheck:
            item = finding(Tagged().meta, CheckContext(facts=None, now=now), Status.REGISTERED, "x", tags=tags)  # type: ignore[arg-type]
            return StoredCheck(
                id=check_id, e164=NUMBER, checked_at=now, offline=False, verdict=Verdict.CAUTION, levels={}, coverage=1.0,
                numcheck_version="test", findings={"tags-source": item},
            )  # fmt: skip

        moved, unchanged = changes(stored(1, ("harassment", "spam")), stored(2, ("spam",)))
        assert [change.meaning for change in moved] == ["tag harassment cleared"]
        assert unchanged == 0


class TestHostileHistory:
    def test_a_purchase_date_in_the_future_is_a_usage_error_and_records_nothing(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        account, _, _ = sources
        tomorrow_everywhere = max(date.today(), datetime.now(UTC).date()) + timedelta(days=1)
        code, out, err = _run("after-buy", NUMBER, "--bought", tomorrow_everywhere.isoformat())
        assert code == cli.EXIT_USAGE
        assert "in the future" in err
        assert out == ""
        assert account.calls.get(NUMBER, 0) == 0
        code, out, _ = _run("after-buy", NUMBER, "--bought", "2026-11-01")
        assert code == cli.EXIT_OK
        assert "bought 2026-11-01" in out  # nothing was recorded by the refused run

    def test_the_plan_rests_on_the_check_made_before_buying_not_a_later_one(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        """Purchase recorded late: the checks since are "what changed", never the purchase check itself."""
        account, _, _ = sources
        assert _run(NUMBER)[0] == cli.EXIT_OK  # the check before buying (today)
        account.answers[NUMBER] = Status.NOT_REGISTERED
        assert _run(NUMBER, "--refresh")[0] == cli.EXIT_OK  # a later one, after the binding was released
        yesterday = min(date.today(), datetime.now(UTC).date()) - timedelta(days=1)
        code, out, err = _run("after-buy", NUMBER, "--bought", yesterday.isoformat(), "--no-check", "--json")
        assert code == cli.EXIT_OK, err
        made = json.loads(out)
        assert made["purchase_check_id"] < made["latest_check_id"]
        assert {change["checker_id"]: change["meaning"] for change in made["changes"]} == {"shop": "binding released"}

    def test_a_purchase_whose_check_is_gone_is_a_history_error(self, sources: tuple[Scripted, Tagged, Carrier], tmp_path: Path) -> None:
        assert _run("after-buy", NUMBER, "--bought", "2026-11-01")[0] == cli.EXIT_OK
        database = Path(os.environ["NUMCHECK_DATA_DIR"]) / "history.sqlite3"
        with contextlib.closing(sqlite3.connect(database)) as connection:
            connection.execute("UPDATE purchases SET check_id = 999")
            connection.commit()
        code, out, err = _run("after-buy", NUMBER, "--no-check")
        assert code == cli.EXIT_STORE
        assert "check 999, which the history no longer holds" in err
        assert out == ""

    def test_a_carrier_date_that_moved_is_a_change_even_with_the_same_status(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        _, _, carrier = sources
        assert _run("after-buy", NUMBER, "--bought", "2026-11-01")[0] == cli.EXIT_OK
        carrier.held_since_before = date(2026, 11, 20)
        code, out, err = _run("after-buy", NUMBER, "--refresh", "--json")
        assert code == cli.EXIT_OK, err
        meanings = {change["checker_id"]: change["meaning"] for change in json.loads(out)["changes"]}
        assert meanings["carrier-source"] == (
            "then: held by the current owner since before 2024-12-01 (Alibaba Cloud, about 5 days' lag); "
            "now: held by the current owner since before 2026-11-20 (Alibaba Cloud, about 5 days' lag)"
        )


class TestPlan:
    @pytest.mark.parametrize(
        ("operator", "expected", "recheck"),
        [
            ("china_mobile", "search 二次号码焕新", date(2026, 11, 15)),
            ("china_telecom", "search 二次焕新", date(2026, 11, 15)),
            ("china_broadnet", "(10099)", date(2026, 11, 15)),
            (None, "your carrier", date(2026, 11, 15)),
        ],
    )
    def test_each_carrier_s_entry_is_only_what_a_source_states(self, operator: str | None, expected: str, recheck: date) -> None:
        now = datetime(2026, 11, 1, tzinfo=UTC)
        purchase = StoredCheck(
            id=1, e164=NUMBER, checked_at=now, offline=False, verdict=Verdict.NOT_ENOUGH_DATA, levels={}, coverage=0.0,
            numcheck_version="test", findings={},
        )  # fmt: skip
        made = plan(NUMBER, date(2026, 11, 1), purchase, operator)
        first = made.steps[0]
        assert expected in first.action + first.detail
        assert made.recheck_on == recheck
        assert [step.on for step in made.steps] == sorted(step.on for step in made.steps)
        if operator in (None, "china_broadnet"):
            assert first.source == ""
            assert "no public statement" in first.detail


_KINDS = [CheckerKind.ACCOUNT, CheckerKind.REPUTATION, CheckerKind.CARRIER]
_TAGS = ["harassment", "spam", "unmapped", "reassigned", "not_reassigned", "no_data"]


@st.composite
def _stored(draw: st.DrawFn, check_id: int) -> StoredCheck:
    now = datetime(2026, 11, 1, tzinfo=UTC)
    findings = {}
    for index in draw(st.sets(st.integers(0, 3), max_size=4)):
        kind = _KINDS[index % 3]
        meta = CheckerMeta(
            id=f"checker-{index}", name=f"Checker {index}", kind=kind, category="caller_tags" if kind is CheckerKind.REPUTATION else "shopping",
            provenance=Provenance(level="documented", sources=("test",)),
        )  # fmt: skip
        status = draw(st.sampled_from([status for status in Status if status is not Status.INFO]))
        tags = tuple(draw(st.lists(st.sampled_from(_TAGS), max_size=2, unique=True)))
        findings[meta.id] = finding(meta, CheckContext(facts=None, now=now), status, "x", tags=tags)  # type: ignore[arg-type]
    return StoredCheck(
        id=check_id, e164=NUMBER, checked_at=now, offline=False, verdict=Verdict.CAUTION, levels={}, coverage=1.0,
        numcheck_version="test", findings=findings,
    )  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(purchase=_stored(1), latest=_stored(2))
def test_nothing_is_called_released_or_cleared_without_a_definitive_answer_now(purchase: StoredCheck, latest: StoredCheck) -> None:
    """Unknown is not clean, after buying too: only a service's definitive answer today can release a binding or clear a tag."""
    moved, unchanged = changes(purchase, latest)
    for change in moved:
        if change.after not in (Status.REGISTERED, Status.NOT_REGISTERED):
            assert not re.search(r"binding released|listing cleared|tag \S+ cleared", change.meaning), change
    before = {key for key, item in purchase.findings.items() if item.kind is CheckerKind.ACCOUNT and item.status is Status.REGISTERED}
    # A binding the purchase check found is always named again: released, still there, or not known to be cleared.
    assert before <= {change.checker_id for change in moved}
    assert unchanged + len(moved) == len(purchase.findings.keys() | latest.findings.keys())


class TestInChinese:
    """A Chinese buyer's plan: every line in Chinese, under LANG=zh_CN.UTF-8 as with --lang zh."""

    def test_the_plan_and_what_changed_read_in_chinese(
        self, sources: tuple[Scripted, Tagged, Carrier], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from tests.test_zh import english_left

        account, tagged, _ = sources
        monkeypatch.setenv("LANG", "zh_CN.UTF-8")
        code, out, err = _run("after-buy", NUMBER, "--bought", "2026-11-01")
        assert code == cli.EXIT_OK, err
        assert out.startswith(f"买号之后 {NUMBER}：2026-11-01 购入")
        assert "要联系的运营商：中国联通" in out
        assert "入口：中国联通 App：服务 > 通用服务 > 二次号码焕新（或拨打 10010）" in out
        assert "请卖家解除他自己的账号与此号码的绑定" in out
        assert "当前持有人自 2024-12-01 之前起一直持有" in out
        assert "来源：https://www.itcow.cn/archives/26952（牛新网" in out
        # The names a test checker gives itself are its own words, shown quoted, as a plugin's would be.
        assert english_left(out.replace("「Shop」", "").replace("「Tags Source」", "").replace("「Carrier Source」", "")) == [], out
        account.answers[NUMBER] = Status.NOT_REGISTERED
        tagged.tags = ()
        code, out, _ = _run("after-buy", NUMBER, "--refresh", "--lang", "zh")
        assert code == cli.EXIT_OK
        assert "买号前检查以来的变化" in out
        assert english_left(out.replace("「Shop」", "").replace("「Tags Source」", "").replace("「Carrier Source」", "")) == [], out
        assert "「Shop」 绑定已解除" in out
        assert "「Tags Source」 标记已撤销" in out

    def test_json_keeps_english_and_adds_the_language_asked(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        code, out, _ = _run("after-buy", NUMBER, "--bought", "2026-11-01", "--json", "--lang", "zh")
        assert code == cli.EXIT_OK
        made = json.loads(out)
        assert made["lang"] == "zh"
        assert made["carrier_note"].startswith("the carrier today as Carrier Source answered it")
        assert made["carrier_note_message"] == {"id": "afterbuy.carrier.answered", "params": {"name": "Carrier Source"}}
        first = made["steps"][0]
        assert first["action"] == "Ask China Unicom (中国联通) to release the previous owner's app accounts: 二次号码焕新"
        assert first["action_localized"] == "请中国联通解除前任机主的 App 账号绑定：二次号码焕新"
        assert first["message"]["id"] == "afterbuy.service"

    def test_an_invalid_number_is_told_in_chinese(self, sources: tuple[Scripted, Tagged, Carrier]) -> None:
        code, _, err = _run("after-buy", "12", "--lang", "zh")
        assert code == cli.EXIT_USAGE
        assert err == "numcheck: 无效号码「12」：以 1 开头的中国号码是 11 位；这个有 2 位\n"


def test_a_carrier_answer_as_a_message_reads_as_its_sentence_in_english() -> None:
    """The plan quotes a carrier's dated answer as a message (Chinese for a Chinese reader); its English is the fact's own."""
    from tests.test_zh import english_left

    from numcheck.afterbuy import fact_message
    from numcheck.messages import english, render
    from numcheck.reassignment import Bracket, from_boolean, from_tenure_band
    from numcheck.render.i18n import language

    asked = date(2024, 12, 1)
    facts = [
        from_verify_result("1", asked, "CMCC"),
        from_verify_result("2", asked, "CUCC"),
        from_verify_result("0", asked, "CTCC"),
        from_aliyun_code("PortabilityNumberNotSupported", asked),
        *(from_tenure_band(band, asked, "CMCC") for band in ("0", "-1", "1", "2", "3", "4", "5", "9")),
        from_boolean("camara-recycling", True, asked),
        from_boolean("camara-tenure", None, asked, why="the service gave no answer"),
        from_boolean("fcc-rnd", False, asked),
        from_verify_result("2", asked).model_copy(update={"bracket": Bracket(after=date(2019, 3, 2), before=date(2019, 3, 30))}),
        from_verify_result("1", asked).model_copy(update={"changed_while_asking": True}),
    ]
    for fact in facts:
        said = fact_message(fact)
        assert english(said) == fact.sentence()
        assert english_left(render(said, language("zh")).replace("CAMARA", "")) == [], fact
