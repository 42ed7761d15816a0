"""A carrier's records for the simulator: one number, the date its current holder got it, and how the carrier answers.

`CarrierRecord` answers dated questions the way each source's documentation says it would:

* Alibaba Cloud DescribePhoneTwiceTelVerify (``StartTime`` in the query): VerifyResult 1 when
  the last assignment is not before StartTime, 2 when it is (help.aliyun.com/document_detail/453355.html:
  "如果注册时间在运营商放号时间之后，则表示该号码不是二次号"), 0 for a date the carrier cannot judge,
  3 for a cancelled number, ``PortabilityNumberNotSupported`` for a ported one;
* CAMARA NumberRecycling (``specifiedDate`` in the JSON body): ``phoneNumberRecycled`` true when
  the subscriber changed after the date, false on the contract date itself (r2.2 number-recycling.yaml);
* CAMARA KYC Tenure (``tenureDate``): ``tenureDateCheck`` true when the subscription is at least that old;
* both CAMARA APIs answer 400 ``OUT_OF_RANGE`` outside the dates the operator judges.

It can change mid-search (``reassign_after``: after that many answers, the number is reassigned
on ``reassigned_on``), and it counts what it answered (``answers``) and what Alibaba Cloud would
bill (``billed``: an answer other than 0).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs

from numcheck.providers.manifest import Example, ManifestChecker
from numcheck.report import Status
from numcheck.testing.requests import expected_requests
from numcheck.testing.simulator import Asked, ProviderScript

_REQUEST_ID = "00000000-0000-0000-0000-000000000000"


@dataclass
class CarrierRecord:
    """What the carrier knows of one number (every request its script gets is about that number)."""

    assigned_on: date
    carrier: str = "CMCC"
    judges_from: date | None = None
    judges_until: date | None = None
    cancelled: bool = False
    ported: bool = False
    reassign_after: int | None = None
    reassigned_on: date | None = None
    answers: int = 0
    billed: int = 0
    asked: list[date] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _current(self) -> date:
        if self.reassign_after is not None and self.reassigned_on is not None and self.answers >= self.reassign_after:
            return self.reassigned_on
        return self.assigned_on

    def _judged(self, day: date) -> bool:
        return (self.judges_from is None or day >= self.judges_from) and (self.judges_until is None or day <= self.judges_until)

    def _count(self, day: date, billed: bool) -> date:
        """The assignment date this answer is based on, then count the answer (a change mid-search takes effect after it)."""
        with self._lock:
            current = self._current()
            self.answers += 1
            self.billed += billed
            self.asked.append(day)
            return current

    def aliyun(self, asked: Asked) -> Example:
        """The DescribePhoneTwiceTelVerify answer for the StartTime asked."""
        start = parse_qs(asked.query).get("StartTime", [""])[0]
        day = date.fromisoformat(start[:10])
        if self.ported:
            self._count(day, False)
            return _aliyun("PortabilityNumberNotSupported", None, self.carrier)
        if self.cancelled:
            self._count(day, True)
            return _aliyun("OK", "3", self.carrier)
        if not self._judged(day):
            self._count(day, False)
            return _aliyun("OK", "0", self.carrier)
        assigned = self._count(day, True)
        return _aliyun("OK", "1" if assigned >= day else "2", self.carrier)

    def camara(self, asked: Asked, field_name: str, *, tenure: bool) -> Example:
        """The CAMARA answer for the date in ``field_name`` of the JSON body (NumberRecycling or, with ``tenure``, KYC Tenure)."""
        day = date.fromisoformat(json.loads(asked.body)[field_name])
        if not self._judged(day):
            self._count(day, True)
            return Example(
                status=400,
                body='{"status":400,"code":"OUT_OF_RANGE","message":"Client specified an invalid range."}',
                expect=Status.UNKNOWN,
            )
        assigned = self._count(day, True)
        changed = assigned > day
        body = {"tenureDateCheck": not changed} if tenure else {"phoneNumberRecycled": changed}
        return Example(body=json.dumps(body), expect=Status.REGISTERED if changed else Status.NOT_REGISTERED)

    def aliyun_script(self) -> ProviderScript:
        """A script for the Alibaba Cloud checkers' root endpoint, answering from this record."""
        return ProviderScript({}, respond=self.aliyun)

    def camara_script(self, checker: ManifestChecker) -> ProviderScript:
        """A script for a CAMARA manifest checker (``camara-recycling`` or ``camara-tenure``), answering from this record."""
        tenure = checker.meta.id == "camara-tenure"
        field_name = "tenureDate" if tenure else "specifiedDate"
        return ProviderScript(
            {},
            requests=expected_requests(checker.manifest),
            respond=lambda asked: self.camara(asked, field_name, tenure=tenure),
        )


def _aliyun(code: str, result: str | None, carrier: str) -> Example:
    data = "null" if result is None else json.dumps({"Carrier": carrier, "VerifyResult": result})
    body = f'{{"Code":"{code}","Message":"{code}","RequestId":"{_REQUEST_ID}","Data":{data}}}'
    return Example(body=body, expect=Status.UNKNOWN, source="numcheck.testing.carrier (SDK model shape)")
