"""Calling Alibaba Cloud's number service (Dytnsapi) through its SDK: within a checker's reach and pacing, no redirects
followed, an error's text shown without the query it quotes or any key, an answer code read against a table.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from numcheck.checker import CheckContext, CheckerMeta, finding
from numcheck.messages import Message, say
from numcheck.net import UNREACHABLE, UNRESOLVABLE
from numcheck.numbers import PhoneNumberInfo, cn_mobile_numbering
from numcheck.offline.carrier_scope import refusal
from numcheck.report import Evidence, Finding, Status
from numcheck.tags import UNMAPPED

ENDPOINT = "https://dytnsapi.aliyuncs.com"
KEYS = ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "NUMCHECK_ALIYUN_AUTH_CODE")
_SDK = "alibabacloud-dytnsapi20200217 3.4.0 (Alibaba Cloud's official Python SDK)"


def _code(value: object) -> str:
    # A numeric 0 on the wire is the code "0", not an empty answer.
    return "" if value is None else str(value)


def _unnamed(field: str, value: str) -> tuple[Status, tuple[str, ...], Message]:
    # A code the SDK does not name was read but cannot be placed: unknown, and a warning (docs/verdict.md), never an answer.
    return Status.UNKNOWN, (UNMAPPED,), say("aliyun.unnamed", field=field, value=value)


def _answer(
    table: dict[str, tuple[Status, tuple[str, ...], str]], field: str, code: str, **params: str
) -> tuple[Status, tuple[str, ...], Message]:
    if code not in table:
        return _unnamed(field, code)
    status, tags, message_id = table[code]
    return status, tags, say(message_id, **params)


_CARRIERS = {"CMCC": "china_mobile", "CUCC": "china_unicom", "CTCC": "china_telecom"}
_QUERY = re.compile(r"\?[^\s'\")\]}]*")


def _scrubbed(text: str, keys: Iterable[str]) -> str:
    """An SDK error's text without key material: the request's query (AuthCode, signature) and every key value.

    The SDK's errors quote the URL it asked, query and all; a finding is shown, stored and shared.
    """
    text = _QUERY.sub("?[query removed]", text)
    for value in sorted((value for value in keys if len(value) >= 4), key=len, reverse=True):
        text = text.replace(value, "[key removed]")
    return text


_NO_REDIRECTS = threading.local()
_GUARD_LOCK = threading.Lock()


def _refuse_sdk_redirects() -> bool:
    """Make the SDK's sessions refuse redirects while a numcheck call runs on this thread; False if it cannot be done.

    The SDK sends through ``requests`` with redirects on: a declared host could send the signed call
    on to another host and have its answer trusted. ``max_redirects = 0`` makes requests raise
    before any second request leaves. The SDK keeps one session per endpoint, handed out by
    ``DaraCore._get_session``; that is wrapped once, and only touches sessions used under numcheck.
    """
    try:
        from darabonba.core import DaraCore  # type: ignore[import-untyped]  # the SDK ships no annotations
    except ImportError:
        return False
    with _GUARD_LOCK:
        current = DaraCore.__dict__.get("_get_session")
        original = getattr(current, "__func__", None)
        if original is None:
            return False
        if getattr(original, "_numcheck_no_redirects", False):
            return True

        def get_session(*args: Any, **kwargs: Any) -> Any:
            session = original(*args, **kwargs)
            if getattr(_NO_REDIRECTS, "active", False):
                session.max_redirects = 0
            return session

        get_session._numcheck_no_redirects = True  # type: ignore[attr-defined]
        DaraCore._get_session = staticmethod(get_session)
        return True


class _Dytnsapi:
    """One action of Alibaba Cloud's number service, called through its SDK within the checker's reach and pacing."""

    meta: CheckerMeta
    refuses_broadnet_and_mvno = True

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        refused = self._refused(number, ctx)
        if refused is not None:
            return refused
        return self.answer(number, ctx, lambda client: self.call(client, number, ctx))

    def _refused(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding | None:
        """Why this number is not asked at all (not a mobile number, a range the carriers do not answer for, no network), or None."""
        why = refusal(ctx.facts.segment) if self.refuses_broadnet_and_mvno else None
        if why is not None:
            return finding(self.meta, ctx, Status.SKIPPED, say("aliyun.not_asked", why=why))
        if ctx.facts.segment is None and not cn_mobile_numbering(number):
            # InputNumber is a mobile number (11 digits, Mask NORMAL): a landline, a 400 or a service number is never asked.
            return finding(self.meta, ctx, Status.SKIPPED, say("aliyun.not_mobile"))
        if ctx.http is None or not ctx.http.origins:
            return finding(self.meta, ctx, Status.SKIPPED, say("finding.no_http_handle"))
        return None

    def _evidence(self, ctx: CheckContext) -> Evidence:
        origin = ctx.http.origins[0] if ctx.http is not None and ctx.http.origins else ""
        return Evidence(url_template=f"{origin}/ (x-acs-action {self.action})")

    def answer(self, number: PhoneNumberInfo, ctx: CheckContext, call: Callable[[Any], Any], asked: str | None = None) -> Finding:
        """One call of the action through the SDK (``call`` makes it with a client), read into a finding."""
        body = self._send(ctx, call)
        if isinstance(body, Finding):
            return body
        evidence = self._evidence(ctx)
        code = body.code or ""
        if code == "RequestFrequencyLimit":
            return finding(self.meta, ctx, Status.BLOCKED, say("aliyun.frequency"), evidence=evidence)
        if code != "OK" or body.data is None:
            return self.unanswered(code, ctx, evidence, asked)
        return self.read(body.data, ctx, evidence, asked=asked)

    def _send(self, ctx: CheckContext, call: Callable[[Any], Any]) -> Any:
        """The SDK's response body, or the finding that says why there is none (no SDK, a wait, a failure)."""
        assert ctx.http is not None
        try:
            from alibabacloud_dytnsapi20200217.client import Client
            from alibabacloud_tea_openapi import models as openapi
        except ImportError:
            return finding(self.meta, ctx, Status.SKIPPED, say("aliyun.needs_sdk", command="pip install 'numcheck[aliyun]'"))
        if not _refuse_sdk_redirects():
            return finding(self.meta, ctx, Status.SKIPPED, say("aliyun.sdk_redirects"))
        origin = ctx.http.origins[0]
        # The origin was judged by the settings and the scoped handle (one host, no userinfo): the SDK gets
        # exactly its host and port, never a path or anything else it might parse its own way.
        parts = urlsplit(origin)
        config = openapi.Config(
            access_key_id=ctx.keys[KEYS[0]], access_key_secret=ctx.keys[KEYS[1]], endpoint=parts.netloc, protocol=parts.scheme,
            read_timeout=int(ctx.http.settings.timeout * 1000), connect_timeout=int(ctx.http.settings.timeout * 1000),
        )  # fmt: skip
        evidence = self._evidence(ctx)
        with ctx.http.turn(origin, self.meta.rate_limit) as sent:
            if not sent:
                return finding(self.meta, ctx, Status.BLOCKED, say("aliyun.wait"), evidence=evidence)
            try:
                _NO_REDIRECTS.active = True
                return call(Client(config))
            except Exception as error:  # the SDK raises its own types for HTTP and service errors
                failed = self._failed(ctx, error, evidence)
                sent.arrived = failed.detail not in (UNREACHABLE, UNRESOLVABLE)
                return failed
            finally:
                _NO_REDIRECTS.active = False

    def unanswered(self, code: str, ctx: CheckContext, evidence: Evidence, asked: str | None = None) -> Finding:
        """An answer without data: a ported number, a range the carriers refuse, a code the SDK names no data for."""
        known = {"PortabilityNumberNotSupported": "aliyun.ported", "RequestNumberNotSupported": "aliyun.unsupported"}.get(code)
        detail = say(known) if known else say("aliyun.code", code=code) if code else say("aliyun.nothing")
        return finding(self.meta, ctx, Status.UNKNOWN, detail, evidence=evidence)

    action = ""

    def _failed(self, ctx: CheckContext, error: Exception, evidence: Evidence) -> Finding:
        from numcheck.providers.signals import BLOCK_STATUSES, DEFAULT_BLOCK_WORDS, failure_message

        status_code = getattr(error, "statusCode", None) or getattr(error, "status_code", None)
        message = _scrubbed(str(getattr(error, "message", "") or error), ctx.keys.values())
        lowered = message.lower()
        if "exceeded 0 redirects" in lowered or "toomanyredirects" in lowered:
            return finding(self.meta, ctx, Status.ERROR, say("aliyun.redirect"), evidence=evidence)
        if "name or service not known" in lowered or "nodename" in lowered or "temporary failure in name resolution" in lowered:
            return finding(self.meta, ctx, Status.ERROR, failure_message(UNRESOLVABLE), evidence=evidence)
        if "connection refused" in lowered or "failed to establish a new connection" in lowered or "network is unreachable" in lowered:
            return finding(self.meta, ctx, Status.ERROR, failure_message(UNREACHABLE), evidence=evidence)
        if status_code in BLOCK_STATUSES or any(word in message.lower() for word in DEFAULT_BLOCK_WORDS):
            # A WAF or rate-limit page is not JSON: the SDK reports a parse failure that quotes it.
            return finding(self.meta, ctx, Status.BLOCKED, say("aliyun.refused"), evidence=evidence)
        failed = say("aliyun.failed", error=f"{type(error).__name__}: {message[:120]}")
        return finding(self.meta, ctx, Status.ERROR, failed, evidence=evidence)

    def call(self, client: Any, number: PhoneNumberInfo, ctx: CheckContext) -> Any:
        raise NotImplementedError

    def read(self, data: Any, ctx: CheckContext, evidence: Evidence, *, asked: str | None = None) -> Finding:
        raise NotImplementedError
