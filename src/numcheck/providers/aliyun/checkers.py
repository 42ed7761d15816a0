"""The three Alibaba Cloud checkers: 二次号 verification (with the number-age search), tenure bands and number status."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from numcheck.checker import CheckContext, CheckerMeta, RateLimit, finding
from numcheck.messages import say
from numcheck.numbers import PhoneNumberInfo
from numcheck.reassignment import CARRIER_LAG_SOURCE, PORTED, from_aliyun_code, from_tenure_band, from_verify_result
from numcheck.report import CheckerKind, Evidence, FactValue, Finding, Provenance, Status
from numcheck.tags import NOT_REASSIGNED

if TYPE_CHECKING:
    from numcheck.providers.age_search import Probe
from numcheck.providers.aliyun.sdk import _CARRIERS, _SDK, ENDPOINT, KEYS, _answer, _code, _Dytnsapi

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
