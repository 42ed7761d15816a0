"""One reassignment fact for every market: what a carrier's answer says about when the number last changed hands.

Every source numcheck asks (Alibaba Cloud's 二次号 verification and tenure bands, CAMARA
NumberRecycling and KYC Tenure, Twilio Lookup's reassigned_number, the FCC Reassigned Numbers
Database) answers in its own shape; each answer becomes one `Reassignment`:

* ``answer``: ``reassigned`` (the current holder got the number after the date asked),
  ``not_reassigned`` (the current holder had it on that date already), ``cancelled`` (nobody
  holds it in service) or ``no_data`` (the source could not say: "cannot judge", a date outside
  its window, a ported number, no record). ``no_data`` is never safe: it is unknown;
* ``asked``: the date the source was asked about;
* ``bracket``: when the current holder got the number, as far as the answers go ("since after
  X", "since before Y", or both when numcheck searched for the date);
* the source, and the lag the source (or a named public page about it) states for its data.

A long tenure of the current holder says how long the seller has held the number: their
bindings are what a buyer inherits, so the risk engine never reads it as evidence of fewer
(docs/verdict.md). This module sits below the report model, which carries the fact on each
finding; it imports nothing of numcheck but the model base.
"""

import re
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from numcheck._model import FrozenModel
from numcheck.messages import Message, Param, say

REASSIGNMENT_CATEGORY = "reassignment"


class ReassignmentAnswer(StrEnum):
    """What one source said about the date asked."""

    REASSIGNED = "reassigned"
    NOT_REASSIGNED = "not_reassigned"
    CANCELLED = "cancelled"
    NO_DATA = "no_data"


class Bracket(FrozenModel):
    """When the current holder got the number: on or after ``after``, on or before ``before`` (None: open).

    A source's dates are days; whether "after 2019-03-01" includes that day differs between
    sources (Alibaba compares times, CAMARA calendar dates), so a bracket is good to a day.
    """

    after: date | None = None
    before: date | None = None

    @property
    def closed(self) -> bool:
        """Both ends known: numcheck searched for the date."""
        return self.after is not None and self.before is not None

    def describe(self) -> str:
        """``since between 2019-03 and 2019-04``, ``since after 2024-05-01``, ``since before 2016-02-01`` or ``""``."""
        if self.after is not None and self.before is not None:
            left, right = f"{self.after:%Y-%m}", f"{self.before:%Y-%m}"
            return f"since {left}" if left == right else f"since between {left} and {right}"
        if self.after is not None:
            return f"since after {self.after.isoformat()}"
        if self.before is not None:
            return f"since before {self.before.isoformat()}"
        return ""


class Reassignment(FrozenModel):
    """One source's answer about when the number last changed hands, in the one schema every market shares.

    ``calls`` and ``billed`` count the requests behind the fact (a number-age search makes several;
    ``billed`` is None where the source states no billing rule). ``changed_while_asking``: the
    source's answers contradicted each other during a search, so the number changed hands while
    numcheck was asking. ``caveats`` say what the answer does not mean.
    """

    answer: ReassignmentAnswer
    asked: date | None = None
    # Built unvalidated: a default is never validated, and Bracket() here would build its validator at import time.
    bracket: Bracket = Bracket.model_construct()
    source: str
    source_name: str
    lag: str
    lag_days: int | None = None
    caveats: tuple[str, ...] = ()
    ported: bool = False
    calls: int = 1
    billed: int | None = None
    changed_while_asking: bool = False

    @property
    def safe(self) -> bool:
        """Always False: no reassignment answer, of any kind, makes a number clean (the seller's bindings remain)."""
        return False

    def sentence(self) -> str:
        """What a buyer reads: ``held by the current owner since between 2019-03 and 2019-04 (Alibaba Cloud, about 7 days' lag)``."""
        where = f"{self.source_name}, {self.lag}"
        if self.answer is ReassignmentAnswer.CANCELLED:
            return f"the carrier says the number is cancelled: nobody holds it in service ({where})"
        if self.answer is ReassignmentAnswer.NO_DATA:
            why = f": {self.caveats[0]}" if self.caveats else ""
            return f"no data on when the number last changed hands{why} ({where}); unknown, never safe"
        held = self.bracket.describe()
        if self.changed_while_asking:
            return f"the number changed hands while numcheck was asking: held by the current owner {held} ({where})"
        return f"held by the current owner {held} ({where})"


class Source(NamedTuple):
    """What numcheck knows of one reassignment source: its name, its stated lag and what its answers do not mean."""

    checker_id: str
    name: str
    lag: str
    lag_days: int | None
    caveats: tuple[str, ...] = ()
    # A dated yes/no question a number-age search may repeat (providers/age_search.py).
    searchable: bool = False


# Carrier data reaches the 二次号 services days late. No Alibaba Cloud page about DescribePhoneTwiceTelVerify states
# a lag; the only public statement numcheck found is an Alibaba Cloud developer-community article about a 二次放号
# marketplace API (https://developer.aliyun.com/article/1775514, section 二、接口能力概述: "数据同步时效:移动 T+7;
# 联通、电信 T+5"): the carriers' own sync, which any service built on their data inherits.
CARRIER_LAG_SOURCE = "https://developer.aliyun.com/article/1775514 (数据同步时效: 移动 T+7, 联通、电信 T+5)"
_CARRIER_LAG_DAYS = {"china_mobile": 7, "china_unicom": 5, "china_telecom": 5, "CMCC": 7, "CUCC": 5, "CTCC": 5}
_NO_LAG = "no data lag stated"
PORTED_CAVEAT = (
    "the number was ported to another carrier (携号转网): Alibaba Cloud does not answer for ported numbers, and the "
    "carrier of record (the segment's) may not be today's carrier"
)

UNSUPPORTED_RANGE_CAVEAT = "the carriers do not answer for this number's range (China Broadnet 192 or a virtual operator)"
NO_TENURE_CAVEAT = "the carrier found no tenure for the number"
NO_ANSWER_CAVEAT = "the source gave no answer"
# A number-age search none of whose dates the source could judge (numcheck.providers.age_search).
UNJUDGED_CAVEAT = "the source could not judge any date asked"

SOURCES: dict[str, Source] = {
    "aliyun-twice-tel": Source(
        "aliyun-twice-tel",
        "Alibaba Cloud",
        "about 5 to 7 days' lag",
        7,
        ("Alibaba Cloud's VerifyResult 1 means the last assignment came after the date asked: a first assignment reads the same",),
        searchable=True,
    ),
    "aliyun-tenure": Source(
        "aliyun-tenure",
        "Alibaba Cloud (在网时长)",
        "about 5 to 7 days' lag",
        7,
        ("a tenure band is the current subscription's age: a new contract on the same number reads as a new holder",),
    ),
    "camara-recycling": Source(
        "camara-recycling",
        "CAMARA NumberRecycling",
        _NO_LAG,
        None,
        ("true means the subscriber changed after the date asked, including a first subscription after it",),
        searchable=True,
    ),
    "camara-tenure": Source(
        "camara-tenure",
        "CAMARA KYC Tenure",
        _NO_LAG,
        None,
        ("false means the subscription is younger than the date asked: a new contract or a number ported in reads the same",),
        searchable=True,
    ),
    "twilio-lookup": Source(
        "twilio-lookup",
        "Twilio Lookup",
        _NO_LAG,
        None,
        ("US numbers only; an answer other than yes or no is no data",),
    ),
    # reassigned.us FAQ (https://www.reassigned.us/resources/faq): providers report monthly, with disconnections at
    # least through the 10th; later ones may wait for the next month's file, so a disconnection can take about five
    # weeks to show.
    "fcc-rnd": Source(
        "fcc-rnd",
        "FCC Reassigned Numbers Database",
        "up to about 5 weeks' lag (monthly reports)",
        35,
        (
            "yes means permanently disconnected on or after the date asked (so possibly reassigned), not certainly reassigned",
            "providers had to keep disconnection records only from 2021-01-27 (FCC DA 21-1649): earlier dates may get no data",
        ),
    ),
}


def source(checker_id: str) -> Source:
    """What numcheck knows of a reassignment source; a checker it does not list gets a plain entry named by its id."""
    return SOURCES.get(checker_id) or Source(checker_id, checker_id, _NO_LAG, None)


def carrier_lag(carrier: str | None) -> tuple[str, int | None]:
    """The stated lag for a Chinese carrier (``CMCC`` or ``china_mobile`` ...): ``about 7 days' lag`` and its days."""
    days = _CARRIER_LAG_DAYS.get(carrier or "")
    if days is None:
        return "about 5 to 7 days' lag", 7
    return f"about {days} days' lag", days


def _fact(
    checker_id: str,
    answer: ReassignmentAnswer,
    asked: date | None,
    bracket: Bracket,
    *,
    lag: tuple[str, int | None] | None = None,
    caveats: tuple[str, ...] = (),
    ported: bool = False,
    billed: int | None = None,
) -> Reassignment:
    spec = source(checker_id)
    text, days = lag if lag is not None else (spec.lag, spec.lag_days)
    return Reassignment(
        answer=answer,
        asked=asked,
        bracket=bracket,
        source=checker_id,
        source_name=spec.name,
        lag=text,
        lag_days=days,
        caveats=(*caveats, *spec.caveats),
        ported=ported,
        billed=billed,
    )


def dated(answer: ReassignmentAnswer, asked: date | None) -> Bracket:
    """The bracket one dated answer implies: reassigned after the date, or held since before it."""
    if asked is None:
        return Bracket()
    if answer is ReassignmentAnswer.REASSIGNED:
        return Bracket(after=asked)
    if answer is ReassignmentAnswer.NOT_REASSIGNED:
        return Bracket(before=asked)
    return Bracket()


# Alibaba Cloud DescribePhoneTwiceTelVerify VerifyResult (SDK 3.4.0 _describe_phone_twice_tel_verify_response_body.py):
# 0 cannot be determined, 1 recycled, 2 not recycled, 3 deactivated, 4 unknown (transferred to a new owner).
_VERIFY_RESULTS = {
    "1": ReassignmentAnswer.REASSIGNED,
    "2": ReassignmentAnswer.NOT_REASSIGNED,
    "3": ReassignmentAnswer.CANCELLED,
}
_VERIFY_NO_DATA = {
    "0": "the carrier cannot determine it (VerifyResult 0)",
    "4": "the carrier's answer is 'unknown: transferred to a new owner' (VerifyResult 4)",
}


def from_verify_result(result: str, asked: date, carrier: str | None = None) -> Reassignment:
    """Alibaba Cloud's VerifyResult for StartTime ``asked`` (``carrier``: Data.Carrier, the carrier after porting)."""
    answer = _VERIFY_RESULTS.get(result, ReassignmentAnswer.NO_DATA)
    why = (
        ()
        if answer is not ReassignmentAnswer.NO_DATA
        else (_VERIFY_NO_DATA.get(result, f"VerifyResult {result!r}, which the SDK does not name"),)
    )
    # Alibaba Cloud bills an answer with Code OK and VerifyResult other than 0 (help.aliyun.com/document_detail/453355.html).
    return _fact("aliyun-twice-tel", answer, asked, dated(answer, asked), lag=carrier_lag(carrier), caveats=why, billed=int(result != "0"))


def from_aliyun_code(code: str, asked: date, carrier: str | None = None) -> Reassignment:
    """Alibaba Cloud's answer without a VerifyResult: a ported number, an unsupported range, a refusal."""
    if code == "PortabilityNumberNotSupported":
        return _fact(
            "aliyun-twice-tel", ReassignmentAnswer.NO_DATA, asked, Bracket(), lag=carrier_lag(carrier),
            caveats=(PORTED_CAVEAT,), ported=True, billed=0,
        )  # fmt: skip
    why = UNSUPPORTED_RANGE_CAVEAT if code == "RequestNumberNotSupported" else f"the service answered {code or 'nothing'}"
    return _fact("aliyun-twice-tel", ReassignmentAnswer.NO_DATA, asked, Bracket(), lag=carrier_lag(carrier), caveats=(why,), billed=0)


# Alibaba Cloud DescribePhoneNumberOnlineTime VerifyResult: the current subscription's age band, in months
# (SDK 3.4.0 _describe_phone_number_online_time_response_body.py): 1 under 3, 2 3-6, 3 6-12, 4 12-24, 5 24 or more.
_TENURE_MONTHS: dict[str, tuple[int | None, int | None]] = {"1": (None, 3), "2": (3, 6), "3": (6, 12), "4": (12, 24), "5": (24, None)}


def _months_ago(today: date, months: int) -> date:
    # Calendar months, clamped to the month's last day (a band edge need be no finer than a day).
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month + 1, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def from_tenure_band(band: str, today: date, carrier: str | None = None) -> Reassignment:
    """Alibaba Cloud's tenure band, as a bracket: band 2 (3 to 6 months) is "since between 6 and 3 months ago"."""
    lag = carrier_lag(carrier)
    if band == "0":
        return _fact("aliyun-tenure", ReassignmentAnswer.CANCELLED, None, Bracket(), lag=lag)
    if band not in _TENURE_MONTHS:
        why = NO_TENURE_CAVEAT if band == "-1" else f"tenure band {band!r}, which the SDK does not name"
        return _fact("aliyun-tenure", ReassignmentAnswer.NO_DATA, None, Bracket(), lag=lag, caveats=(why,))
    at_least, under = _TENURE_MONTHS[band]
    before = _months_ago(today, at_least) if at_least is not None else None
    after = _months_ago(today, under) if under is not None else None
    # Asked relative to the band's older edge: "reassigned after it" when the band has one, else "held since before".
    if after is not None:
        return _fact("aliyun-tenure", ReassignmentAnswer.REASSIGNED, after, Bracket(after=after, before=before), lag=lag)
    return _fact("aliyun-tenure", ReassignmentAnswer.NOT_REASSIGNED, before, Bracket(before=before), lag=lag)


def from_boolean(checker_id: str, changed: bool | None, asked: date, *, why: str = "") -> Reassignment:
    """A dated yes/no source: ``changed`` True when the holder changed after ``asked`` (None: no answer, ``why``).

    CAMARA NumberRecycling's ``phoneNumberRecycled`` is ``changed``; KYC Tenure's ``tenureDateCheck`` is its
    negation (tenure since the date means no change); Twilio's and the FCC's ``yes``/``no`` are True/False.
    """
    if changed is None:
        return _fact(checker_id, ReassignmentAnswer.NO_DATA, asked, Bracket(), caveats=(why or NO_ANSWER_CAVEAT,))
    answer = ReassignmentAnswer.REASSIGNED if changed else ReassignmentAnswer.NOT_REASSIGNED
    return _fact(checker_id, answer, asked, dated(answer, asked))


# Tags a manifest's tag rules set on a source's documented "cannot say" answers (data/manifests/*.toml).
OUT_OF_RANGE = "out_of_range"
NO_DATA = "no_data"
PORTED = "ported"


# What a buyer reads of a fact, as a message (numcheck.afterbuy's plan and a number-age search's finding say it).
def _held(bracket: Bracket) -> Message:
    # The same days Bracket.describe gives, as a message (a bracket inside one month reads as that month).
    after, before = bracket.after, bracket.before
    if after is not None and before is not None:
        if f"{after:%Y-%m}" == f"{before:%Y-%m}":
            return say("afterbuy.held.month", month=f"{after:%Y-%m}")
        return say("afterbuy.held.between", after=f"{after:%Y-%m}", before=f"{before:%Y-%m}")
    if after is not None:
        return say("afterbuy.held.after", after=after.isoformat())
    if before is not None:
        return say("afterbuy.held.before", before=before.isoformat())
    return say("afterbuy.held.unknown")


# The lags numcheck.reassignment states for its sources, as messages; a lag it does not know is shown as written.
_LAGS = {
    "about 5 to 7 days' lag": "afterbuy.lag.carriers",
    "no data lag stated": "afterbuy.lag.none",
    "up to about 5 weeks' lag (monthly reports)": "afterbuy.lag.monthly",
}
_LAG_DAYS = re.compile(r"about (\d+) days' lag")


def _lag(text: str) -> Message:
    days = _LAG_DAYS.fullmatch(text)
    if days is not None:
        return say("afterbuy.lag.days", days=int(days[1]))
    return say(_LAGS[text]) if text in _LAGS else say("said.verbatim", text=text)


def fact_message(fact: Reassignment) -> Message:
    """A carrier's answer about when the number last changed hands, as `Reassignment.sentence` says it, as a message."""
    where: dict[str, Param] = {"source": fact.source_name, "lag": _lag(fact.lag)}
    if fact.answer is ReassignmentAnswer.CANCELLED:
        return say("afterbuy.fact.cancelled", **where)
    if fact.answer is ReassignmentAnswer.NO_DATA:
        why = say("afterbuy.fact.caveat", caveat=fact.caveats[0]) if fact.caveats else None
        return say("afterbuy.fact.no_data", why=why, **where)
    fact_id = "afterbuy.fact.changed" if fact.changed_while_asking else "afterbuy.fact.held"
    return say(fact_id, held=_held(fact.bracket), **where)


def fixed_caveats() -> set[str]:
    """Every caveat numcheck writes in fixed words (the ``caveat`` vocabulary a reader gets translated); a caveat that
    names a service's own code (``the service answered X``) is shown as written."""
    return {
        PORTED_CAVEAT,
        UNSUPPORTED_RANGE_CAVEAT,
        NO_TENURE_CAVEAT,
        NO_ANSWER_CAVEAT,
        UNJUDGED_CAVEAT,
        *_VERIFY_NO_DATA.values(),
        *(caveat for known in SOURCES.values() for caveat in known.caveats),
    }
