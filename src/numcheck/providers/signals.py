"""Two-sided classification of a service's answer into a `numcheck.Status`.

A provider declares a positive signal for ``registered`` and one for ``not_registered``;
anything else is ``unknown``. Transport failures are ``error``; captcha, WAF and login walls,
403 and 429, and "too frequent / try later" messages are ``blocked``. Blocked is decided before
anything else, so a block page can never be read as an answer.

A positive signal holds only for the HTTP statuses it names (200 unless it says otherwise): a
404 page whose body happens to read ``true`` is not an answer. Text comparisons on Chinese
words refuse their own negation: ``可以注册`` does not match inside ``不可以注册``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from numcheck._model import FrozenModel
from numcheck.report import Status

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

    from numcheck.net.client import HttpResult

# Words block pages use; numcheck reports them as blocked, it never tries to get past them.
DEFAULT_BLOCK_WORDS = (
    "captcha",
    "验证码",
    "滑块",
    "人机验证",
    "安全验证",
    "access denied",
    "request blocked",
    "are you a robot",
    "unusual traffic",
    "cf-chl",
    "waf",
    # "Too frequent" and "busy, try later" answers arrive inside 200 JSON bodies on Chinese sites.
    "操作太频繁",
    "操作频繁",
    "访问过于频繁",
    "请求过于频繁",
    "稍后再试",
    "稍候再试",
    "系统繁忙",
)
BLOCK_STATUSES = (401, 403, 407, 429, 451)
LOGIN_WORDS = ("login", "signin", "sign-in", "passport/login")
# A callback name is optional: some services wrap JSON in bare parentheses.
_JSONP = re.compile(r"^\s*[\w$.]*\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.DOTALL)
# A character before a Chinese word that turns it into its opposite (不可以注册, 未注册, 没有注册).
_NEGATIONS = frozenset("不未没無无非否")
_CJK = re.compile(r"[\u3400-\u9fff]")
DEFAULT_SIGNAL_STATUSES = (200,)


def affirmed(text: str, word: str) -> bool:
    """Whether ``word`` occurs in ``text`` at least once without a negation right before it.

    Only Chinese words are checked for negation; other words are a plain substring test.
    """
    if not _CJK.match(word):
        return word in text
    start = text.find(word)
    while start >= 0:
        if start == 0 or text[start - 1] not in _NEGATIONS:
            return True
        start = text.find(word, start + 1)
    return False


class JsonMatch(FrozenModel):
    """A value at a dotted JSON path (``a.b[0].c``; ``[*]`` for any element) and how to compare it."""

    path: str
    equals: str | int | float | bool | None = None
    not_equals: str | int | float | bool | None = None
    one_of: tuple[str | int | float | bool, ...] | None = None
    contains: str | None = None
    contains_any: tuple[str, ...] | None = None
    not_contains: str | None = None
    gt: float | None = None
    le: float | None = None
    exists: bool | None = None

    @model_validator(mode="after")
    def _one_comparison(self) -> JsonMatch:
        given = [
            name
            for name in ("equals", "not_equals", "one_of", "contains", "contains_any", "not_contains", "gt", "le", "exists")
            if name in self.model_fields_set
        ]
        if len(given) != 1:
            raise ValueError(f"a json match needs exactly one comparison, got {given or 'none'}")
        return self


class CssMatch(FrozenModel):
    """An element selected in HTML, optionally whose text contains a string."""

    selector: str
    contains: str | None = None


class Signal(FrozenModel):
    """A positive signal: every condition given must hold, and only for the HTTP ``status`` codes named (default 200)."""

    status: tuple[int, ...] = DEFAULT_SIGNAL_STATUSES
    json_: tuple[JsonMatch, ...] = Field(default=(), alias="json")
    regex: str | None = None
    body_equals: str | None = None
    css: CssMatch | None = None
    name: str = ""

    model_config = FrozenModel.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _not_empty(self) -> Signal:
        if not (self.json_ or self.regex or self.body_equals is not None or self.css):
            raise ValueError("a signal needs a condition on the body (json, regex, body_equals or css), not only a status")
        if not self.status:
            raise ValueError("a signal must name the HTTP statuses it holds for")
        if self.regex:
            re.compile(self.regex)
        return self


class BlockSignal(FrozenModel):
    """What marks a block page for this provider (on top of the defaults).

    ``json``: any one of these matches on the parsed body means blocked (a documented
    rate-limit or quota error code, for instance).
    """

    status: tuple[int, ...] = ()
    words: tuple[str, ...] = ()
    css: tuple[str, ...] = ()
    json_: tuple[JsonMatch, ...] = Field(default=(), alias="json")

    model_config = FrozenModel.model_config | {"populate_by_name": True}


class Signals(FrozenModel):
    """The two positive signals, plus the blocked markers. A missing side stays undeclared (unknown).

    ``jsonp``: the JSON arrives wrapped in a callback or in bare parentheses. ``xml``: the body is
    XML, read as nested objects below the root element (``<tellows><score>5</score></tellows>`` is ``score``).
    """

    registered: Signal | None = None
    not_registered: Signal | None = None
    blocked: BlockSignal = BlockSignal()
    jsonp: bool = False
    xml: bool = False


@dataclass(frozen=True)
class Verdict:
    """A classification: status, which signal decided it, and a detail line."""

    status: Status
    signal: str
    detail: str
    retry_after: float | None = None


def walk(data: Any, path: str) -> Iterator[Any]:
    """Every value at a dotted path; ``[*]`` fans out over a list, ``[n]`` indexes it."""
    nodes = [data]
    for part in re.findall(r"[^.\[\]]+|\[\*\]|\[\d+\]", path):
        following = []
        for node in nodes:
            if part == "[*]" and isinstance(node, list):
                following.extend(node)
            elif part.startswith("[") and isinstance(node, list):
                index = int(part[1:-1])
                if index < len(node):
                    following.append(node[index])
            elif isinstance(node, dict) and part in node:
                following.append(node[part])
        nodes = following
    yield from nodes


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _same(found: Any, wanted: Any) -> bool:
    if isinstance(wanted, bool) or isinstance(found, bool):
        return found is wanted
    return found == wanted or str(found) == str(wanted)


def _json_holds(match: JsonMatch, data: Any) -> bool:
    values = list(walk(data, match.path))
    if match.exists is not None:
        return bool(values) is match.exists
    if not values:
        return False
    value = values[0]
    if match.one_of is not None:
        return any(_same(value, option) for option in match.one_of)
    if "equals" in match.model_fields_set:
        return _same(value, match.equals)
    if "not_equals" in match.model_fields_set:
        return not _same(value, match.not_equals)
    if match.contains is not None:
        return isinstance(value, str) and affirmed(value, match.contains)
    if match.contains_any is not None:
        return isinstance(value, str) and any(affirmed(value, word) for word in match.contains_any)
    if match.not_contains is not None:
        return isinstance(value, str) and not affirmed(value, match.not_contains)
    number = _number(value)
    if number is None:
        return False
    if match.gt is not None:
        return number > match.gt
    # The validator leaves `le` as the only comparison left when the others are unset.
    return match.le is not None and number <= match.le


class Body:
    """A response body parsed lazily as JSON (JSONP unwrapped when asked) or HTML."""

    def __init__(self, result: HttpResult, jsonp: bool, xml: bool = False) -> None:
        self.text = result.text
        self._jsonp = jsonp
        self._xml = xml
        self._json: Any = ...
        self._html: BeautifulSoup | None = None

    @property
    def json(self) -> Any:
        if self._json is ... and self._xml:
            self._json = _xml_data(self.text)
        if self._json is ...:
            text = self.text
            if self._jsonp:
                wrapped = _JSONP.match(text)
                text = wrapped.group(1) if wrapped else text
            try:
                self._json = json.loads(text)
            except ValueError:
                self._json = None
        return self._json

    @property
    def html(self) -> BeautifulSoup:
        if self._html is None:
            from bs4 import BeautifulSoup  # imported on first HTML answer: it costs 45 ms at start-up

            self._html = BeautifulSoup(self.text, "html.parser")
        return self._html


def _xml_data(text: str) -> Any:
    """An XML document's root as nested dicts keyed by tag (repeated tags become lists), or None when it is not XML."""
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None

    def convert(element: ElementTree.Element) -> Any:
        children = list(element)
        if not children:
            return (element.text or "").strip()
        converted: dict[str, Any] = {}
        for child in children:
            value = convert(child)
            if child.tag in converted:
                existing = converted[child.tag]
                converted[child.tag] = [*existing, value] if isinstance(existing, list) else [existing, value]
            else:
                converted[child.tag] = value
        return converted

    # The root's name is the service's envelope (sources read its children directly): paths start below it.
    return convert(root)


def signal_holds(signal: Signal, result: HttpResult, body: Body) -> bool:
    """True when every condition of ``signal`` holds for the response."""
    if result.status not in signal.status:
        return False
    if signal.json_:
        data = body.json
        if data is None or not all(_json_holds(match, data) for match in signal.json_):
            return False
    if signal.regex is not None and not re.search(signal.regex, body.text):
        return False
    if signal.body_equals is not None and body.text.strip() != signal.body_equals:
        return False
    if signal.css is not None:
        elements = body.html.select(signal.css.selector)
        if not elements:
            return False
        if signal.css.contains is not None and not any(affirmed(element.get_text(), signal.css.contains) for element in elements):
            return False
    return True


def _blocked_by(result: HttpResult, body: Body, blocked: BlockSignal) -> str | None:
    if result.status in BLOCK_STATUSES or result.status in blocked.status:
        return f"HTTP {result.status}"
    if result.redirected and any(word in result.final_url.lower() for word in LOGIN_WORDS):
        return "redirected to a login page"
    lowered = body.text[:20000].lower()
    for word in (*DEFAULT_BLOCK_WORDS, *blocked.words):
        if word.lower() in lowered:
            return f"block page ({word!r})"
    for selector in blocked.css:
        if body.html.select(selector):
            return f"block page ({selector})"
    if blocked.json_:
        data = body.json
        for match in blocked.json_:
            if data is not None and _json_holds(match, data):
                return f"the service's own block answer ({match.path})"
    return None


def classify(result: HttpResult, signals: Signals) -> Verdict:
    """Status of one lookup from its response: error, blocked, then the two positive signals, else unknown."""
    if result.failure is not None:
        return Verdict(Status.ERROR, "transport", result.failure)
    body = Body(result, signals.jsonp, signals.xml)
    block = _blocked_by(result, body, signals.blocked)
    if block is not None:
        wait = f"; retry after {result.retry_after:.0f} s" if result.retry_after else ""
        return Verdict(Status.BLOCKED, "blocked", f"the service refused the lookup: {block}{wait}", result.retry_after)
    if result.status >= 500:
        return Verdict(Status.ERROR, "server error", f"the service failed: HTTP {result.status}")
    checks: list[tuple[Literal["registered", "not_registered"], Signal | None]] = [
        ("registered", signals.registered),
        ("not_registered", signals.not_registered),
    ]
    matched = [(name, signal) for name, signal in checks if signal is not None and signal_holds(signal, result, body)]
    if len(matched) == 1:
        name, signal = matched[0]
        label = signal.name or f"{name} signal"
        status = Status.REGISTERED if name == "registered" else Status.NOT_REGISTERED
        return Verdict(status, label, f"the service answered: {label}")
    if len(matched) == 2:
        return Verdict(Status.UNKNOWN, "ambiguous", "both signals matched: the answer is ambiguous")
    expects_json = any(signal is not None and signal.json_ for _, signal in checks)
    if result.status not in DEFAULT_SIGNAL_STATUSES and not matched:
        return Verdict(
            Status.UNKNOWN, f"HTTP {result.status}", f"the service answered HTTP {result.status}, which is not an answer about the number"
        )
    if body.json is None and (expects_json or "json" in result.headers.get("content-type", "")):
        return Verdict(Status.ERROR, "malformed", "the service sent a body that is not the JSON it answers with")
    undeclared = [name for name, signal in checks if signal is None]
    note = f" ({' and '.join(undeclared)} answer not yet documented)" if undeclared else ""
    return Verdict(Status.UNKNOWN, "no signal", f"the answer matched no declared signal{note}: the page may have changed")
