"""The carrier's own answer to the second-hand question: Alibaba Cloud 号码百科 (Dytnsapi) 二次号 verification.

Built on Alibaba Cloud's official SDK (``pip install numcheck[aliyun]``, package
``alibabacloud-dytnsapi20200217``). Every field name and code below is the SDK's own (3.4.0,
``models/_describe_phone_twice_tel_verify_request.py`` and ``..._response_body.py``):

* request: ``AuthCode``, ``InputNumber`` (11 digits with ``Mask`` ``NORMAL``), ``StartTime``
  (``yyyy-MM-dd HH:mm:ss``: "the registration time ... if later than the time the carrier assigned
  the number, the number is not a recycled number");
* response: ``Code`` (``OK``; ``PortabilityNumberNotSupported``; ``RequestNumberNotSupported`` for
  China Broadnet 192 and virtual-operator numbers; ``RequestFrequencyLimit``) and ``Data``
  (``Carrier`` CMCC/CUCC/CTCC after porting; ``VerifyResult`` 0 cannot be determined, 1 recycled,
  2 not recycled, 3 deactivated, 4 unknown).

The SDK sends its own HTTP, so the checker takes its address from its scoped handle (declared
reach) and a turn from the process's pacing before each call; the SDK's sessions are kept from
following redirects, and an SDK error's text is shown without the query it quotes or any key.

Every 二次号 and tenure answer also carries its `numcheck.Reassignment` fact. A ported number
(``PortabilityNumberNotSupported``) is reported as such, with its caveat, and not asked again;
ranges numcheck's segment table places outside the three carriers (China Broadnet, virtual
operators, IoT ...) are not asked at all (`numcheck.offline.carrier_scope`), nor is a number outside
the mobile numbering (a landline, a 400 or service number: `numcheck.numbers.cn_mobile_numbering`). With
``max_billed`` set, the 二次号 checker searches for the date the current holder got the number
(`numcheck.providers.age_search`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from numcheck.checker import CheckContext, CheckerMeta, RateLimit, finding
from numcheck.messages import Message, say
from numcheck.net import UNREACHABLE, UNRESOLVABLE
from numcheck.numbers import PhoneNumberInfo, cn_mobile_numbering
from numcheck.offline.carrier_scope import refusal
from numcheck.reassignment import CARRIER_LAG_SOURCE, PORTED, from_aliyun_code, from_tenure_band, from_verify_result
from numcheck.report import CheckerKind, Evidence, FactValue, Finding, Provenance, Status
from numcheck.tags import NOT_REASSIGNED, UNMAPPED

if TYPE_CHECKING:
    from numcheck.providers.age_search import Probe

ENDPOINT = "https://dytnsapi.aliyuncs.com"
KEYS = ("ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "NUMCHECK_ALIYUN_AUTH_CODE")
_SDK = "alibabacloud-dytnsapi20200217 3.4.0 (Alibaba Cloud's official Python SDK)"
# VerifyResult: (status, tags, the message id of what it means for a buyer).
_RESULTS: dict[str, tuple[Status, tuple[str, ...], str]] = {
    "0": (Status.UNKNOWN, (), "aliyun.not_determined"),
    "1": (Status.REGISTERED, ("reassigned",), "aliyun.reassigned"),
    "2": (Status.NOT_REGISTERED, ("not_reassigned",), "aliyun.not_reassigned"),
    "3": (Status.REGISTERED, ("deactivated",), "aliyun.deactivated"),
    # The SDK documents 4 as "Unknown: The number was transferred to a new owner": no answer either way, yet a
    # sign of a new owner, so it raises the recycling prior and is never read as "not reassigned".
    "4": (Status.UNKNOWN, ("reassigned",), "aliyun.transferred"),
}


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


class AliyunTwiceTelVerify(_Dytnsapi):
    """二次号 verification of a Chinese mobile number by its carrier, through Alibaba Cloud (keyed)."""

    meta = CheckerMeta(
        id="aliyun-twice-tel",
        name="Carrier reassignment check (Alibaba Cloud 二次号)",
        kind=CheckerKind.CARRIER,
        category="reassignment",
        countries=("CN",),
        homepage="https://help.aliyun.com/document_detail/154751.html",
        provenance=Provenance(
            level="documented",
            sources=(
                f"{_SDK}: models/_describe_phone_twice_tel_verify_request.py and _response_body.py (field names, codes)",
                "https://help.aliyun.com/document_detail/453355.html (DescribePhoneTwiceTelVerify: billed only when Code is OK and "
                "VerifyResult is not 0; StartTime is compared with the last assignment (最后一次放号时间) and must be after 1970-01-01)",
                f"{CARRIER_LAG_SOURCE}: the carriers' data lag, for the number-age search's bracket",
            ),
            note="Not observed live (no internet here, and the service needs an account); tested against the simulator.",
        ),
        needs_key=KEYS,
        rate_limit=RateLimit(requests=5, per_seconds=1),
        hosts=(ENDPOINT,),
        description="Asks the number's carrier, through Alibaba Cloud's 号码百科 (Dytnsapi) DescribePhoneTwiceTelVerify, "
        "whether the number changed owner after a date (default: two years ago). With --max-billed N it searches for the date "
        "the current holder got the number, in at most N billed calls. Install numcheck[aliyun].",
    )

    action = "DescribePhoneTwiceTelVerify"

    def check(self, number: PhoneNumberInfo, ctx: CheckContext) -> Finding:
        refused = self._refused(number, ctx)
        if refused is not None:
            return refused
        assert ctx.http is not None
        if ctx.http.settings.max_billed > 0:
            return self._search(number, ctx, ctx.http.settings.max_billed)
        return self.answer(number, ctx, lambda client: self.call(client, number, ctx))

    def _search(self, number: PhoneNumberInfo, ctx: CheckContext, cap: int) -> Finding:
        """The number-age search (providers/age_search.py): the date the current holder got the number, within the cap."""
        from numcheck.providers.age_search import plan, result_finding, search, span_for

        low, high = span_for(ctx.facts.segment, ctx.now.date())
        chosen = plan(self.meta.id, low, high, cap)
        result = search(lambda day: self.probe(number, ctx, day), chosen)
        carrier = next((probe.carrier for probe in reversed(result.probes) if probe.carrier), None)
        return result_finding(self.meta, ctx, chosen, result, from_verify_result("0", high, carrier))

    def probe(self, number: PhoneNumberInfo, ctx: CheckContext, day: date) -> Probe:
        """One call asking about ``day`` (StartTime at midnight), as a step of the number-age search."""
        from numcheck.providers.age_search import Outcome, Probe

        start = f"{day.isoformat()} 00:00:00"
        found = self.answer(number, ctx, lambda client: self._ask(client, number, ctx, start), asked=start)
        result = found.facts.get("verify_result")
        carrier = str(found.facts.get("carrier") or "")
        # Billed: Code OK with VerifyResult other than 0 (help.aliyun.com/document_detail/453355.html).
        outcomes = {"1": Outcome.CHANGED, "2": Outcome.HELD, "0": Outcome.NO_DATA, "3": Outcome.CANCELLED}
        if result is None:
            return Probe(day, Outcome.STOP, False, found, carrier)
        return Probe(day, outcomes.get(str(result), Outcome.STOP), result != "0", found, carrier)

    def _ask(self, client: Any, number: PhoneNumberInfo, ctx: CheckContext, start: str) -> Any:
        from alibabacloud_dytnsapi20200217 import models

        request = models.DescribePhoneTwiceTelVerifyRequest(
            auth_code=ctx.keys[KEYS[2]], input_number=number.national_number, mask="NORMAL", start_time=start
        )
        return client.describe_phone_twice_tel_verify(request).body

    def _since(self, ctx: CheckContext) -> str:
        assert ctx.http is not None
        return (ctx.now - timedelta(days=ctx.http.settings.since_days)).strftime("%Y-%m-%d %H:%M:%S")

    def call(self, client: Any, number: PhoneNumberInfo, ctx: CheckContext) -> Any:
        return self._ask(client, number, ctx, self._since(ctx))

    def read(self, data: Any, ctx: CheckContext, evidence: Evidence, *, asked: str | None = None) -> Finding:
        asked = asked or self._since(ctx)
        result = _code(data.verify_result)
        status, tags, text = _answer(_RESULTS, "VerifyResult", result, since=asked[:10])
        facts: dict[str, FactValue] = {
            "since": asked,
            "verify_result": result,
            "carrier": _CARRIERS.get(data.carrier or "", data.carrier or ""),
        }
        found = finding(self.meta, ctx, status, text, tags=tags, facts=facts, evidence=evidence)
        return found.model_copy(update={"reassignment": from_verify_result(result, date.fromisoformat(asked[:10]), data.carrier)})

    def unanswered(self, code: str, ctx: CheckContext, evidence: Evidence, asked: str | None = None) -> Finding:
        day = date.fromisoformat((asked or self._since(ctx))[:10])
        fact = from_aliyun_code(code, day)
        if fact.ported:
            # Never asked again on the wrong premise: the carrier of record is not known to be today's carrier.
            return finding(
                self.meta, ctx, Status.UNKNOWN, say("aliyun.ported_caveat"),
                tags=(PORTED,), evidence=evidence,
            ).model_copy(update={"reassignment": fact})  # fmt: skip
        return super().unanswered(code, ctx, evidence, asked).model_copy(update={"reassignment": fact})


_TENURE: dict[str, tuple[Status, tuple[str, ...], str]] = {
    "-1": (Status.UNKNOWN, (), "aliyun.no_tenure"),
    "0": (Status.NOT_REGISTERED, ("deactivated",), "aliyun.abnormal"),
    "1": (Status.REGISTERED, ("tenure_under_3_months",), "aliyun.tenure_under_3"),
    "2": (Status.REGISTERED, (), "aliyun.tenure_3_6"),
    "3": (Status.REGISTERED, (), "aliyun.tenure_6_12"),
    "4": (Status.REGISTERED, (), "aliyun.tenure_12_24"),
    # 24 months or more is the one band with no change of owner in it: the current holder's tenure ("not reassigned since
    # two years ago"), which the risk engine reports and never reads as a recycling prior, nor as evidence of fewer bindings.
    "5": (Status.NOT_REGISTERED, (NOT_REASSIGNED,), "aliyun.tenure_24_plus"),
}
_STATUS: dict[str, tuple[Status, tuple[str, ...], str]] = {
    "NORMAL": (Status.REGISTERED, (), "aliyun.in_service"),
    "SHUTDOWN": (Status.REGISTERED, ("suspended",), "aliyun.suspended"),
    "POWER_OFF": (Status.REGISTERED, (), "aliyun.powered_off"),
    "SUSPECTED_POWER_OFF": (Status.REGISTERED, (), "aliyun.probably_off"),
    "BUSY": (Status.REGISTERED, (), "aliyun.busy"),
    "NOT_EXIST": (Status.NOT_REGISTERED, ("deactivated",), "aliyun.not_exist"),
    "UNKNOWN": (Status.UNKNOWN, (), "aliyun.status_unknown"),
}


class AliyunTenure(_Dytnsapi):
    """How long the current subscriber has held the number (DescribePhoneNumberOnlineTime), by its carrier."""

    refuses_broadnet_and_mvno = False
    action = "DescribePhoneNumberOnlineTime"
    meta = AliyunTwiceTelVerify.meta.model_copy(update={
        "id": "aliyun-tenure", "name": "Current subscriber's tenure (Alibaba Cloud 在网时长)",
        "provenance": Provenance(level="documented", sources=(f"{_SDK}: models/_describe_phone_number_online_time_request.py and _response_body.py (VerifyResult -1..5 tenure bands, CarrierCode)",
                                                              f"{CARRIER_LAG_SOURCE}: the carriers' data lag stated with the band's bracket"),
                                 note="Not observed live; tested against the simulator."),
        "description": "The current subscriber's tenure band from the number's carrier through Alibaba Cloud. Less than 3 months means the number changed hands recently. Install numcheck[aliyun].",
    })  # fmt: skip

    def call(self, client: Any, number: PhoneNumberInfo, ctx: CheckContext) -> Any:
        from alibabacloud_dytnsapi20200217 import models

        request = models.DescribePhoneNumberOnlineTimeRequest(
            auth_code=ctx.keys[KEYS[2]], input_number=number.national_number, mask="NORMAL"
        )
        return client.describe_phone_number_online_time(request).body

    def read(self, data: Any, ctx: CheckContext, evidence: Evidence, *, asked: str | None = None) -> Finding:
        result = _code(data.verify_result)
        status, tags, text = _answer(_TENURE, "VerifyResult", result)
        fact = from_tenure_band(result, ctx.now.date(), data.carrier_code)
        facts: dict[str, FactValue] = {"tenure_band": result, "carrier": data.carrier_code or ""}
        if fact.asked is not None:
            facts["since"] = fact.asked.isoformat()  # the band's edge, which the report's sentence names
        found = finding(self.meta, ctx, status, text, tags=tags, facts=facts, evidence=evidence)
        return found.model_copy(update={"reassignment": fact})


class AliyunNumberStatus(_Dytnsapi):
    """Whether the number is in service (PhoneNumberStatusForPublic), by its carrier."""

    refuses_broadnet_and_mvno = False
    action = "PhoneNumberStatusForPublic"
    meta = AliyunTwiceTelVerify.meta.model_copy(update={
        "id": "aliyun-status", "name": "Number status (Alibaba Cloud 号码状态)",
        "provenance": Provenance(level="documented", sources=(f"{_SDK}: models/_phone_number_status_for_public_request.py and _response_body.py (Status NORMAL, SHUTDOWN, POWER_OFF, NOT_EXIST, SUSPECTED_POWER_OFF, BUSY, UNKNOWN; Carrier)",),
                                 note="Not observed live; tested against the simulator. The status comes from the carrier's records: nothing reaches the phone."),
        "category": "line",
        "description": "Whether the number is in service, suspended or non-existent, from its carrier through Alibaba Cloud. Install numcheck[aliyun].",
    })  # fmt: skip

    def call(self, client: Any, number: PhoneNumberInfo, ctx: CheckContext) -> Any:
        from alibabacloud_dytnsapi20200217 import models

        request = models.PhoneNumberStatusForPublicRequest(auth_code=ctx.keys[KEYS[2]], input_number=number.national_number, mask="NORMAL")
        return client.phone_number_status_for_public(request).body

    def read(self, data: Any, ctx: CheckContext, evidence: Evidence, *, asked: str | None = None) -> Finding:
        result = _code(data.status)
        status, tags, text = _answer(_STATUS, "Status", result)
        return finding(
            self.meta, ctx, status, text, tags=tags, facts={"number_status": result, "carrier": data.carrier or ""}, evidence=evidence
        )
