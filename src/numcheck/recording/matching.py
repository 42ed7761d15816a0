"""What a manifest declares it sends, and whether a request that arrived is exactly that.

The simulator answers only requests that match a declared one (method, path, the set of query
parameter names and each value, form fields, JSON body and declared headers); anything else is a
404 and a recorded miss. Cassette replay compares a request with the recorded one the same way.
Values that a template fills in (the number, the date asked, a token, a key) are matched by their
shape, every literal by its text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from numcheck.providers.manifest import Manifest, Prime, Request
from numcheck.providers.manifest import template_pattern as _shape

# Dates and times asked (LastVerifiedDate, specifiedDate, StartTime "2024-11-27 01:21:14") change every day.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2})?|\d{8}")


@dataclass(frozen=True)
class ExpectedRequest:
    """One request a manifest declares: method, path and parameters as templates."""

    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    form: Mapping[str, str] = field(default_factory=dict)
    json_body: Any = None
    headers: Mapping[str, str] = field(default_factory=dict)

    def mismatch(self, method: str, path: str, query: str, body: bytes, headers: Mapping[str, str]) -> str | None:
        """Why the request that arrived is not this one (None when it is)."""
        if method.upper() != self.method:
            return f"method {method} is not {self.method}"
        if not _shape(self.path).fullmatch(unquote(path)):
            return f"path {unquote(path)!r} is not {self.path!r}"
        problem = _compare_fields("query", parse_qs(query, keep_blank_values=True), self.query)
        if problem:
            return problem
        lowered = {name.lower(): value for name, value in headers.items()}
        content_type = lowered.get("content-type", "")
        text = body.decode("utf-8", errors="replace")
        if self.json_body is not None:
            try:
                sent = json.loads(text)
            except ValueError:
                return "the body is not the declared JSON"
            problem = _compare_json(sent, self.json_body, "json")
        elif self.form:
            if "application/x-www-form-urlencoded" not in content_type:
                return "the body is not the declared form"
            problem = _compare_fields("form", parse_qs(text, keep_blank_values=True), self.form)
        elif text.strip():
            problem = "a body was sent where none is declared"
        if problem:
            return problem
        for name, template in self.headers.items():
            value = lowered.get(name.lower())
            if value is None or not _shape(template).fullmatch(value):
                return f"header {name} is missing or not {template!r}"
        return None


def _compare_fields(kind: str, sent: Mapping[str, list[str]], declared: Mapping[str, str]) -> str | None:
    if set(sent) != set(declared):
        return f"{kind} parameters {sorted(sent)} are not the declared {sorted(declared)}"
    for name, template in declared.items():
        values = sent[name]
        if len(values) != 1 or not _shape(template).fullmatch(values[0]):
            return f"{kind} parameter {name}={values!r} is not {template!r}"
    return None


def _compare_json(sent: Any, declared: Any, where: str) -> str | None:
    if isinstance(declared, dict):
        if not isinstance(sent, dict) or set(sent) != set(declared):
            return f"{where}: keys {sorted(sent) if isinstance(sent, dict) else type(sent).__name__} are not {sorted(declared)}"
        for key, value in declared.items():
            problem = _compare_json(sent[key], value, f"{where}.{key}")
            if problem:
                return problem
        return None
    if isinstance(declared, list):
        if not isinstance(sent, list) or len(sent) != len(declared):
            return f"{where}: not the declared list"
        for index, (left, right) in enumerate(zip(sent, declared, strict=True)):
            problem = _compare_json(left, right, f"{where}[{index}]")
            if problem:
                return problem
        return None
    if isinstance(declared, str):
        return None if isinstance(sent, str) and _shape(declared).fullmatch(sent) else f"{where}: {sent!r} is not {declared!r}"
    return None if sent == declared else f"{where}: {sent!r} is not {declared!r}"


def _step(step: Prime | Request, manifest: Manifest) -> ExpectedRequest:
    headers: dict[str, str] = {}
    if isinstance(step, Request):
        headers = dict(step.headers)
        if step.basic_auth:
            headers["Authorization"] = "Basic {token}"
        json_body = step.json_body
    else:
        json_body = None
    return ExpectedRequest(step.method, step.path, dict(step.query), dict(step.form), json_body, headers)


def expected_requests(manifest: Manifest) -> tuple[ExpectedRequest, ...]:
    """The requests a manifest-driven checker may send, in order: the session step (if any), then the lookup."""
    steps: list[Prime | Request] = ([manifest.prime] if manifest.prime else []) + [manifest.request]
    return tuple(_step(step, manifest) for step in steps)


def same_request(sent: Any, recorded: Any) -> None:
    """A vcrpy matcher: the whole request equals the recorded one (dates asked may differ). Raises AssertionError."""
    left, right = urlsplit(sent.uri), urlsplit(recorded.uri)
    assert sent.method == recorded.method, f"method {sent.method} is not the recorded {recorded.method}"
    assert (left.scheme, left.hostname, left.port) == (right.scheme, right.hostname, right.port), f"{sent.uri} is not the recorded host"
    assert unquote(left.path) == unquote(right.path), f"path {left.path} is not the recorded {right.path}"
    _assert_same_fields("query", parse_qs(left.query, keep_blank_values=True), parse_qs(right.query, keep_blank_values=True))
    sent_body, recorded_body = _text(sent.body), _text(recorded.body)
    try:
        assert _undated(json.loads(sent_body)) == _undated(json.loads(recorded_body)), "JSON body differs from the recorded one"
        return
    except ValueError:
        pass
    _assert_same_fields("body", parse_qs(sent_body, keep_blank_values=True), parse_qs(recorded_body, keep_blank_values=True))


def _text(body: Any) -> str:
    if body is None:
        return ""
    return body.decode("utf-8", errors="replace") if isinstance(body, bytes) else str(body)


def _undated(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _undated(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_undated(item) for item in value]
    if isinstance(value, str) and _DATE.fullmatch(value):
        return "<date>"
    return value


def _assert_same_fields(kind: str, sent: Mapping[str, list[str]], recorded: Mapping[str, list[str]]) -> None:
    assert set(sent) == set(recorded), f"{kind} parameters {sorted(sent)} are not the recorded {sorted(recorded)}"
    for name, values in sent.items():
        assert [_undated(value) for value in values] == [_undated(value) for value in recorded[name]], (
            f"{kind} parameter {name}={values!r} is not the recorded {recorded[name]!r}"
        )
