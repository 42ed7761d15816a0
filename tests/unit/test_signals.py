"""Classification rules that keep a status honest: statuses, negation, block answers inside 200 bodies."""

from __future__ import annotations

import pytest

from numcheck import Status
from numcheck.providers.http import HttpResult
from numcheck.providers.signals import BlockSignal, JsonMatch, Signal, Signals, affirmed, classify


def _result(body: str, status: int = 200, content_type: str = "application/json") -> HttpResult:
    return HttpResult(method="GET", url="https://x.example/", status=status, headers={"content-type": content_type}, body=body.encode())


TRUE_FALSE = Signals(registered=Signal(body_equals="false"), not_registered=Signal(body_equals="true"))


@pytest.mark.parametrize("status", [404, 418, 400, 410])
def test_a_4xx_page_reading_like_an_answer_is_never_one(status: int) -> None:
    """`true`, `false` or `{"result":"0"}` on a 4xx page is unknown, not an answer."""
    assert classify(_result("true", status), TRUE_FALSE).status is Status.UNKNOWN
    assert classify(_result("false", status), TRUE_FALSE).status is Status.UNKNOWN
    result_zero = Signals(not_registered=Signal(json=(JsonMatch(path="result", equals="0"),)))
    assert classify(_result('{"result":"0"}', status), result_zero).status is Status.UNKNOWN
    assert classify(_result('{"result":"0"}'), result_zero).status is Status.NOT_REGISTERED


def test_a_signal_may_name_other_statuses() -> None:
    """A provider whose documented answer comes with another status says so explicitly."""
    signals = Signals(not_registered=Signal(status=(404,), json=(JsonMatch(path="code", equals="NOT_FOUND"),)))
    assert classify(_result('{"code":"NOT_FOUND"}', 404), signals).status is Status.NOT_REGISTERED


def test_a_signal_cannot_be_only_a_status() -> None:
    with pytest.raises(ValueError, match="condition on the body"):
        Signal(status=(200,))


@pytest.mark.parametrize(
    ("text", "word", "holds"),
    [
        ("可以注册", "可以注册", True),
        ("该手机号可以注册", "可以注册", True),
        ("不可以注册", "可以注册", False),
        ("该号码未注册", "注册", False),
        ("没有注册", "有注册", False),
        ("未注册，已注册", "注册", True),
        ("already registered", "registered", True),
    ],
)
def test_chinese_words_refuse_their_negation(text: str, word: str, holds: bool) -> None:
    assert affirmed(text, word) is holds


def test_negation_in_a_json_signal() -> None:
    signals = Signals(not_registered=Signal(json=(JsonMatch(path="errmsg", contains="可以注册"),)))
    assert classify(_result('{"errmsg":"可以注册"}'), signals).status is Status.NOT_REGISTERED
    assert classify(_result('{"errmsg":"不可以注册"}'), signals).status is Status.UNKNOWN


@pytest.mark.parametrize("message", ["操作太频繁，请稍后再试", "请求过于频繁", "系统繁忙", "网络太拥挤，请稍候再试"])
def test_busy_messages_inside_a_200_json_are_blocked(message: str) -> None:
    signals = Signals(not_registered=Signal(json=(JsonMatch(path="errmsg", contains="可以注册"),)))
    assert classify(_result(f'{{"errmsg":"{message}"}}'), signals).status is Status.BLOCKED


def test_a_declared_block_code_is_blocked() -> None:
    """A service's own rate-limit code (status -1 here) is declared as blocked, not read as an answer."""
    signals = Signals(
        registered=Signal(json=(JsonMatch(path="status", not_equals=0),)),
        blocked=BlockSignal(json=(JsonMatch(path="status", equals=-1),)),
    )
    assert classify(_result('{"status":-1}'), signals).status is Status.BLOCKED
    assert classify(_result('{"status":1}'), signals).status is Status.REGISTERED


def test_jsonp_in_bare_parentheses_and_xml() -> None:
    """The 51job shape (JSON in bare parentheses) and tellows' XML are read, not rejected."""
    jsonp = Signals(jsonp=True, not_registered=Signal(json=(JsonMatch(path="result", equals=0),)))
    assert classify(_result('({"result":0})', content_type="text/html"), jsonp).status is Status.NOT_REGISTERED
    xml = Signals(xml=True, registered=Signal(json=(JsonMatch(path="score", gt=0),)))
    assert classify(_result("<tellows><score>7</score></tellows>", content_type="application/xml"), xml).status is Status.REGISTERED


def test_both_signals_matching_is_ambiguous_never_registered() -> None:
    """A body that satisfies both declared signals is unknown: neither answer was given positively."""
    both = Signals(registered=Signal(regex="account"), not_registered=Signal(regex="no account"))
    verdict = classify(_result("no account here", content_type="text/plain"), both)
    assert verdict.status is Status.UNKNOWN
    assert verdict.signal == "ambiguous"
    assert classify(_result("an account", content_type="text/plain"), both).status is Status.REGISTERED
    assert classify(_result("nothing", content_type="text/plain"), both).status is Status.UNKNOWN
