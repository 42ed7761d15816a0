"""Every rule of `numcheck.providers.signals`, one by one, with the exact verdict each branch gives.

`tests/unit/test_signals.py` holds the honesty rules a review asked for; this file pins the rest of the
module so that a mutation of any comparison, path step or verdict text is caught (docs/verdict.md,
"Mutation testing"). The last test is a property: whatever the body, a blocked marker wins and an
answer is never given for a status its signal does not name.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from numcheck import Status
from numcheck.providers.http import HttpResult
from numcheck.providers.signals import (
    BlockSignal,
    Body,
    CssMatch,
    JsonMatch,
    Signal,
    Signals,
    Verdict,
    affirmed,
    classify,
    signal_holds,
    walk,
)


def _result(
    body: str,
    status: int = 200,
    content_type: str = "text/plain",
    **extra: object,
) -> HttpResult:
    return HttpResult(
        method="GET",
        url="https://x.example/",
        status=status,
        headers={"content-type": content_type},
        body=body.encode(),
        **extra,  # type: ignore[arg-type]
    )


@dataclass(frozen=True, eq=False)
class _Expected:
    """A verdict as the reader sees it: status, deciding signal, its English text and the wait asked for."""

    status: Status
    signal: str
    detail: str
    retry_after: float | None = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Verdict):
            return NotImplemented
        return (other.status, other.signal, other.detail, other.retry_after) == (self.status, self.signal, self.detail, self.retry_after)

    __hash__ = None  # type: ignore[assignment]


def _holds(match: JsonMatch, body: str) -> bool:
    signal = Signal(json=(match,))
    result = _result(body, content_type="application/json")
    return signal_holds(signal, result, Body(result, jsonp=False))


# --- affirmed: every occurrence is tried, not only the first or the last ---


@pytest.mark.parametrize(
    ("text", "word", "holds"),
    [
        ("不注册 注册", "注册", True),  # the first occurrence is negated, the second is not
        ("注册 不注册", "注册", True),  # the last occurrence is negated, the first is not
        ("不注册不注册", "注册", False),
        ("注册注册", "注册", True),
        ("未注册未注册未注册", "注册", False),  # every later occurrence is found, none affirmed
        ("注注册", "注册", True),
        ("x", "注册", False),
        ("不注册注册不注册", "注册", True),  # the middle occurrence is the affirmed one
    ],
)
def test_affirmed_reads_every_occurrence(text: str, word: str, holds: bool) -> None:
    assert affirmed(text, word) is holds


def test_affirmed_steps_past_each_negated_occurrence_exactly() -> None:
    # Overlapping occurrences: "册册" inside "不册册册". The first is negated; the next starts one later.
    assert affirmed("不册册", "册册") is False
    assert affirmed("不册册册", "册册") is True


# --- walk: dotted paths, [n] and [*] ---


def test_walk_follows_keys_indexes_and_fans_out() -> None:
    data = {"a": {"b": [{"c": 1}, {"c": 2}, {"d": 3}]}, "list": [10, 20]}
    assert list(walk(data, "a.b[*].c")) == [1, 2]
    assert list(walk(data, "a.b[1].c")) == [2]
    assert list(walk(data, "a.b[0]")) == [{"c": 1}]
    assert list(walk(data, "a.b[2].d")) == [3]
    assert list(walk(data, "list[1]")) == [20]
    assert list(walk(data, "list[10]")) == []  # past the end is nothing, not an error
    assert list(walk(data, "list[2]")) == []  # exactly the length is past the end too
    assert list(walk(data, "a.missing")) == []
    assert list(walk(data, "a[*]")) == []  # [*] on an object fans out over nothing
    assert list(walk(data, "a[0]")) == []  # an index on an object is nothing
    assert list(walk([1, 2], "x")) == []  # a key on a list is nothing
    assert list(walk("text", "x")) == []  # a key on a string is nothing
    assert list(walk({"k": [[5, 6], [7]]}, "k[*][*]")) == [5, 6, 7]


# --- _json_holds through a signal: each comparison, holding and not ---


@pytest.mark.parametrize(
    ("match", "body", "holds"),
    [
        (JsonMatch(path="a", exists=True), '{"a": 0}', True),
        (JsonMatch(path="a", exists=True), '{"b": 0}', False),
        (JsonMatch(path="a", exists=False), '{"b": 0}', True),
        (JsonMatch(path="a", exists=False), '{"a": null}', False),
        (JsonMatch(path="a", equals=1), '{"b": 1}', False),  # a missing value never equals
        (JsonMatch(path="a", one_of=(1, "x")), '{"a": 1}', True),
        (JsonMatch(path="a", one_of=(1, "x")), '{"a": "x"}', True),
        (JsonMatch(path="a", one_of=(1, "x")), '{"a": 2}', False),
        (JsonMatch(path="a", one_of=(True,)), '{"a": 1}', False),  # a boolean is never a number
        (JsonMatch(path="a", equals="1"), '{"a": 1}', True),  # "1" and 1 are the same answer
        (JsonMatch(path="a", equals=1), '{"a": 1}', True),
        (JsonMatch(path="a", equals=1), '{"a": 2}', False),
        (JsonMatch(path="a", equals=True), '{"a": true}', True),
        (JsonMatch(path="a", equals=True), '{"a": 1}', False),
        (JsonMatch(path="a", equals=1), '{"a": true}', False),
        (JsonMatch(path="a", equals=False), '{"a": false}', True),
        (JsonMatch(path="a", equals=None), '{"a": null}', True),
        (JsonMatch(path="a", equals=None), '{"a": 0}', False),
        (JsonMatch(path="a", not_equals=0), '{"a": 1}', True),
        (JsonMatch(path="a", not_equals=0), '{"a": 0}', False),
        (JsonMatch(path="a", not_equals=0), '{"a": "0"}', False),
        (JsonMatch(path="a", not_equals=None), '{"a": 0}', True),
        (JsonMatch(path="a", not_equals=None), '{"a": null}', False),
        (JsonMatch(path="a", contains="yes"), '{"a": "oh yes"}', True),
        (JsonMatch(path="a", contains="yes"), '{"a": "no"}', False),
        (JsonMatch(path="a", contains="yes"), '{"a": ["yes"]}', False),  # only a string contains
        (JsonMatch(path="a", contains_any=("yes", "ok")), '{"a": "is ok"}', True),
        (JsonMatch(path="a", contains_any=("yes", "ok")), '{"a": "no"}', False),
        (JsonMatch(path="a", contains_any=("注册",)), '{"a": "未注册"}', False),
        (JsonMatch(path="a", contains_any=("yes",)), '{"a": 5}', False),
        (JsonMatch(path="a", not_contains="no"), '{"a": "yes"}', True),
        (JsonMatch(path="a", not_contains="no"), '{"a": "no way"}', False),
        (JsonMatch(path="a", not_contains="注册"), '{"a": "未注册"}', True),  # negated, so not contained
        (JsonMatch(path="a", not_contains="no"), '{"a": 5}', False),  # only a string can lack a word
        (JsonMatch(path="a", gt=5), '{"a": 6}', True),
        (JsonMatch(path="a", gt=5), '{"a": 5}', False),
        (JsonMatch(path="a", gt=5), '{"a": "7.5"}', True),
        (JsonMatch(path="a", gt=5), '{"a": "many"}', False),
        (JsonMatch(path="a", gt=0), '{"a": true}', False),  # true is not a number
        (JsonMatch(path="a", gt=0), '{"a": [1]}', False),
        (JsonMatch(path="a", le=5), '{"a": 5}', True),
        (JsonMatch(path="a", le=5), '{"a": 4.5}', True),
        (JsonMatch(path="a", le=5), '{"a": 6}', False),
        (JsonMatch(path="a[*]", equals=1), '{"a": [2, 1]}', False),  # the first value decides
        (JsonMatch(path="a[*]", equals=2), '{"a": [2, 1]}', True),
    ],
)
def test_each_json_comparison(match: JsonMatch, body: str, holds: bool) -> None:
    assert _holds(match, body) is holds


def test_a_json_signal_on_a_body_that_is_not_json_does_not_hold() -> None:
    assert _holds(JsonMatch(path="a", exists=False), "not json") is False


# --- the other conditions of a signal ---


def test_body_equals_compares_the_stripped_body() -> None:
    signal = Signal(body_equals="true")
    for body, holds in (("true", True), ("  true\n", True), ("false", False), ("truex", False)):
        result = _result(body)
        assert signal_holds(signal, result, Body(result, jsonp=False)) is holds, body


def test_every_condition_of_a_signal_must_hold() -> None:
    signal = Signal(regex="ok", json=(JsonMatch(path="a", equals=1),))
    for body, holds in (('{"a": 1, "m": "ok"}', True), ('{"a": 1}', False), ('{"a": 2, "m": "ok"}', False)):
        result = _result(body, content_type="application/json")
        assert signal_holds(signal, result, Body(result, jsonp=False)) is holds, body


@pytest.mark.parametrize(
    ("css", "body", "holds"),
    [
        (CssMatch(selector="div.taken"), '<div class="taken">x</div>', True),
        (CssMatch(selector="div.taken"), '<div class="free">x</div>', False),
        (CssMatch(selector="p", contains="已注册"), "<p>a</p><p>该号码已注册</p>", True),  # any element may hold it
        (CssMatch(selector="p", contains="注册"), "<p>未注册</p>", False),  # negation is refused here too
        (CssMatch(selector="p", contains="taken"), "<p>free</p><div>taken</div>", False),  # only selected text counts
    ],
)
def test_css_signals(css: CssMatch, body: str, holds: bool) -> None:
    signal = Signal(css=css)
    result = _result(body, content_type="text/html")
    assert signal_holds(signal, result, Body(result, jsonp=False)) is holds


def test_html_is_parsed_once_and_only_when_asked() -> None:
    body = Body(_result("<p>x</p>", content_type="text/html"), jsonp=False)
    assert body.html is body.html
    assert body.html.select("p")[0].get_text() == "x"


# --- XML bodies ---


def test_xml_repeated_tags_become_a_list_and_empty_tags_an_empty_string() -> None:
    xml = "<r><n>1</n><n>2</n><n>3</n><empty/><blank>  </blank><inner><k> v </k></inner></r>"
    body = Body(_result(xml, content_type="application/xml"), jsonp=False, xml=True)
    assert body.json == {"n": ["1", "2", "3"], "empty": "", "blank": "", "inner": {"k": "v"}}
    assert Body(_result("<r><n>10</n><n>20</n></r>"), jsonp=False, xml=True).json == {"n": ["10", "20"]}
    assert Body(_result("<not xml"), jsonp=False, xml=True).json is None


def test_jsonp_with_a_callback_name_and_plain_json_when_unwrapped() -> None:
    assert Body(_result('cb_1.x({"a": 1});'), jsonp=True).json == {"a": 1}
    assert Body(_result('{"a": 1}'), jsonp=True).json == {"a": 1}
    assert Body(_result('cb({"a": 1})'), jsonp=False).json is None


# --- classify: the exact verdict of every branch ---

ANSWERS = Signals(
    registered=Signal(json=(JsonMatch(path="taken", equals=True),)),
    not_registered=Signal(json=(JsonMatch(path="taken", equals=False),)),
)


def test_classify_gives_the_exact_verdict_of_each_branch() -> None:
    assert classify(_result("", failure="timed out"), ANSWERS) == _Expected(Status.ERROR, "transport", "timed out")
    assert classify(_result('{"taken": true}', content_type="application/json"), ANSWERS) == _Expected(
        Status.REGISTERED, "registered signal", "the service answered: registered signal"
    )
    assert classify(_result('{"taken": false}', content_type="application/json"), ANSWERS) == _Expected(
        Status.NOT_REGISTERED, "not_registered signal", "the service answered: not_registered signal"
    )
    named = Signals(registered=Signal(regex="taken", name="account exists"))
    assert classify(_result("taken"), named) == _Expected(Status.REGISTERED, "account exists", "the service answered: account exists")
    assert classify(_result("oops", 500), ANSWERS) == _Expected(Status.ERROR, "server error", "the service failed: HTTP 500")
    assert classify(_result("oops", 503), ANSWERS) == _Expected(Status.ERROR, "server error", "the service failed: HTTP 503")
    assert classify(_result('{"taken": true}', 499, content_type="application/json"), ANSWERS) == _Expected(
        Status.UNKNOWN, "HTTP 499", "the service answered HTTP 499, which is not an answer about the number"
    )
    assert classify(_result("<html>", content_type="text/html"), ANSWERS) == _Expected(
        Status.ERROR, "malformed", "the service sent a body that is not the JSON it answers with"
    )
    assert classify(_result('{"taken": "maybe"}', content_type="application/json"), ANSWERS) == _Expected(
        Status.UNKNOWN, "no signal", "the answer matched no declared signal: the page may have changed"
    )
    one_sided = Signals(registered=Signal(regex="taken"))
    assert classify(_result("free"), one_sided) == _Expected(
        Status.UNKNOWN,
        "no signal",
        "the answer matched no declared signal (not_registered answer not yet documented): the page may have changed",
    )
    assert classify(_result("free"), Signals()) == _Expected(
        Status.UNKNOWN,
        "no signal",
        "the answer matched no declared signal (registered and not_registered answer not yet documented): the page may have changed",
    )
    both = Signals(registered=Signal(regex="a"), not_registered=Signal(regex="b"))
    assert classify(_result("ab"), both) == _Expected(Status.UNKNOWN, "ambiguous", "both signals matched: the answer is ambiguous")


def test_a_5xx_is_an_error_even_when_a_signal_names_it() -> None:
    """A server failure is never an answer, whatever a signal says about its status."""
    signals = Signals(registered=Signal(status=(500, 503), regex="taken"))
    assert classify(_result("taken", 500), signals).status is Status.ERROR
    assert classify(_result("taken", 499), Signals(registered=Signal(status=(499,), regex="taken"))).status is Status.REGISTERED


def test_a_non_200_answer_a_signal_names_is_an_answer_and_otherwise_unknown() -> None:
    signals = Signals(registered=Signal(status=(404,), regex="gone"), not_registered=Signal(regex="free"))
    assert classify(_result("gone", 404), signals).status is Status.REGISTERED
    verdict = classify(_result("free", 404), signals)
    assert (verdict.status, verdict.signal) == (Status.UNKNOWN, "HTTP 404")
    # A 200 that matches nothing is "no signal", not an HTTP complaint.
    assert classify(_result("other"), signals).signal == "no signal"


def test_malformed_needs_a_json_answer_or_a_json_content_type() -> None:
    regex_only = Signals(registered=Signal(regex="taken"))
    assert classify(_result("{broken", content_type="application/json"), regex_only).status is Status.ERROR
    assert classify(_result("{broken", content_type="text/plain"), regex_only).signal == "no signal"
    # No content type at all is read as "not JSON", never as a failure of numcheck.
    bare = HttpResult(method="GET", url="https://x.example/", status=200, body=b"{broken")
    assert classify(bare, regex_only).signal == "no signal"
    # A JSON answer declared, and a body that is JSON but says nothing known: no signal, not malformed.
    assert classify(_result("[]", content_type="text/plain"), ANSWERS).signal == "no signal"


def test_a_block_verdict_carries_the_wait_asked_for() -> None:
    assert classify(_result("", 429, retry_after=30.0), ANSWERS) == _Expected(
        Status.BLOCKED, "blocked", "the service refused the lookup: HTTP 429; retry after 30 s", 30.0
    )
    assert classify(_result("", 429), ANSWERS) == _Expected(Status.BLOCKED, "blocked", "the service refused the lookup: HTTP 429")


# --- blocked: decided before anything else, on each marker ---


@pytest.mark.parametrize(
    ("result", "blocked", "reason"),
    [
        (_result("x", 403), BlockSignal(), "HTTP 403"),
        (_result("x", 418), BlockSignal(status=(418,)), "HTTP 418"),
        (_result("x", redirected=True, final_url="https://x.example/Passport/LOGIN?next=1"), BlockSignal(), "redirected to a login page"),
        (_result("Please solve the CAPTCHA"), BlockSignal(), "block page ('captcha')"),
        (_result("Rate Limited, sorry"), BlockSignal(words=("Rate Limited",)), "block page ('Rate Limited')"),
        (_result('<div id="Slider">x</div>', content_type="text/html"), BlockSignal(css=("#Slider",)), "block page (#Slider)"),
        (
            _result('{"code": 9}', content_type="application/json"),
            BlockSignal(json=(JsonMatch(path="code", equals=1), JsonMatch(path="code", equals=9))),
            "the service's own block answer (code)",
        ),
    ],
)
def test_each_block_marker(result: HttpResult, blocked: BlockSignal, reason: str) -> None:
    signals = Signals(registered=Signal(regex="x"), blocked=blocked)
    assert classify(result, signals).detail == f"the service refused the lookup: {reason}"


@pytest.mark.parametrize(
    "result",
    [
        _result("x", redirected=True, final_url="https://x.example/home"),  # a redirect elsewhere
        _result("x", redirected=False, final_url="https://x.example/login"),  # the URL asked for, not a redirect
        _result('<div id="other">x</div>', content_type="text/html"),
        _result('{"code": 2, "x": 1}', content_type="application/json"),
    ],
)
def test_what_is_not_a_block(result: HttpResult) -> None:
    """Markers another provider declares, redirects elsewhere and other codes are read as answers."""
    signals = Signals(
        registered=Signal(regex="x"),
        blocked=BlockSignal(css=("#Slider",), json=(JsonMatch(path="code", equals=9),)),
    )
    assert classify(result, signals).status is Status.REGISTERED
    # A status no one declared as a block is not an answer either: unknown, never blocked.
    assert classify(_result("x", 418), signals).status is Status.UNKNOWN


def test_block_words_are_read_in_the_first_20000_characters() -> None:
    """Block pages say so at the top; a long answer page that mentions a block word far below is still read."""
    signals = Signals(registered=Signal(regex="taken"))
    assert classify(_result("taken " + "x" * 19991 + "waf"), signals).status is Status.BLOCKED  # ends at 20000
    assert classify(_result("taken " + "x" * 19992 + "waf"), signals).status is Status.REGISTERED  # ends at 20001


def test_a_block_json_on_a_body_that_is_not_json_is_not_a_block() -> None:
    signals = Signals(registered=Signal(regex="taken"), blocked=BlockSignal(json=(JsonMatch(path="code", exists=False),)))
    assert classify(_result("taken"), signals).status is Status.REGISTERED
    assert classify(_result('{"taken": 1}', content_type="application/json"), signals).status is Status.BLOCKED


# --- a property over generated bodies ---

_WORDS = st.sampled_from(["taken", "free", "captcha", "验证码", "未注册", "注册", "{", "}", '"a"', ":", "1", " ", "waf"])


@settings(max_examples=300, deadline=None)
@given(
    body=st.lists(_WORDS, max_size=12).map("".join),
    status=st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 429, 451, 500, 502]),
    failure=st.sampled_from([None, "timed out"]),
)
def test_no_answer_without_its_signal_and_status(body: str, status: int, failure: str | None) -> None:
    signals = Signals(registered=Signal(regex="taken"), not_registered=Signal(regex="free"))
    verdict = classify(_result(body, status, failure=failure), signals)
    lowered = body.lower()
    if failure is not None:
        assert verdict.status is Status.ERROR
    elif status in (401, 403, 429, 451) or any(word in lowered for word in ("captcha", "验证码", "waf")):
        assert verdict.status is Status.BLOCKED
    elif verdict.status is Status.REGISTERED:
        assert status == 200
        assert "taken" in body
        assert "free" not in body
    elif verdict.status is Status.NOT_REGISTERED:
        assert status == 200
        assert "free" in body
        assert "taken" not in body
    else:
        assert verdict.status in (Status.UNKNOWN, Status.ERROR)
        assert not (status == 200 and ("taken" in body) != ("free" in body))
