"""The report numcheck produces: findings of each checker, risk per dimension, coverage, verdict, advice.

Every model is frozen and rejects unknown fields; ``Report.model_dump_json()`` is the stable JSON
form, versioned by ``schema_version``.
"""

from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import Field, field_validator

from numcheck._model import FrozenModel
from numcheck._text import printable
from numcheck.messages import Message
from numcheck.numbers import PhoneNumberInfo
from numcheck.reassignment import Reassignment
from numcheck.segments import Segment

SCHEMA_VERSION = "1.6"  # 1.1: Finding.reused; 1.2: Report.region, Report.data_versions; 1.3: offline reports list no online checker;
# 1.4: Verdict.do_not_buy, Segment.sms; 1.5: Finding.reassignment, message ids (Finding/Reason/Advice.message,
# Report.summary_messages and note_messages) and the *_localized texts with Report.lang; 1.6: Finding.self_checked_on.
# Each is optional: JSON of 1.0-1.5 reads unchanged.

FactValue = str | int | float | bool | None


class Status(StrEnum):
    """The one outcome of one checker for one number (see DESIGN.md, "Status of one online check")."""

    REGISTERED = "registered"
    NOT_REGISTERED = "not_registered"
    UNKNOWN = "unknown"
    BLOCKED = "blocked"
    ERROR = "error"
    SKIPPED = "skipped"
    INFO = "info"

    @property
    def definitive(self) -> bool:
        """True for the two answers a service gave positively; only these count as coverage."""
        return self in (Status.REGISTERED, Status.NOT_REGISTERED)


class CheckerKind(StrEnum):
    """What a checker asks about: offline facts, a service's accounts, a reputation source, a carrier."""

    OFFLINE = "offline"
    ACCOUNT = "account"
    REPUTATION = "reputation"
    CARRIER = "carrier"


class Provenance(FrozenModel):
    """Where a checker's behaviour comes from.

    ``observed``: a person saw the live behaviour on ``observed_on`` and recorded a cassette.
    ``documented``: built from public documentation or other tools' observations (``sources``);
    its cassettes are synthesized.
    """

    level: Literal["observed", "documented"]
    observed_on: date | None = None
    sources: tuple[str, ...] = ()
    note: str = ""


class Evidence(FrozenModel):
    """What a result rests on: never a raw body, never personal data."""

    signal: str | None = None
    http_status: int | None = None
    url_template: str | None = None
    elapsed_ms: float | None = None
    retry_after: float | None = None


class Finding(FrozenModel):
    """One checker's result for one number.

    ``tags`` use the vocabulary of `numcheck.risk` (``harassment``, ``debt_collection``,
    ``reassigned``, ``segment_pre_2010`` ...): that is how a new checker moves the risk without
    touching the risk engine. ``facts`` hold small scalar details (a score, a date, a carrier).
    ``reassignment``: a reassignment source's answer in the one schema every market shares (`numcheck.Reassignment`).
    ``self_checked_on``: the date the checker last passed ``numcheck doctor --self-check`` live on
    this machine (observed, beside its documented `Provenance`); set by the engine only
    (numcheck.health.gate), never by a checker.
    """

    checker_id: str
    checker_name: str
    kind: CheckerKind
    category: str
    status: Status
    detail: str
    tags: tuple[str, ...] = ()
    facts: dict[str, FactValue] = Field(default_factory=dict)
    evidence: Evidence = Field(default_factory=Evidence)
    provenance: Provenance
    checked_at: datetime
    reused: bool = False
    reassignment: Reassignment | None = None
    # What ``detail`` says as a message id and parameters (None: a checker that wrote only text, shown as written).
    message: Message | None = None
    # ``detail`` and ``checker_name`` in the report's ``lang``, when the report was localised (numcheck.localize).
    detail_localized: str | None = None
    checker_name_localized: str | None = None
    self_checked_on: date | None = None

    @field_validator("detail", "checker_name")
    @classmethod
    def _printable(cls, value: str) -> str:
        # Details quote services and files: nothing they hold may reach a terminal as a control sequence.
        return printable(value)

    @field_validator("tags")
    @classmethod
    def _printable_tags(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Tags come from files and services too, and reach summaries: the same rule as details.
        return tuple(printable(tag) for tag in value)

    @field_validator("facts")
    @classmethod
    def _printable_facts(cls, value: dict[str, FactValue]) -> dict[str, FactValue]:
        return {key: printable(item) if isinstance(item, str) else item for key, item in value.items()}


class Dimension(StrEnum):
    """The four questions a buyer of a second-hand number asks."""

    BINDINGS = "bindings"
    DEBT_COLLECTION = "debt_collection"
    HARASSMENT = "harassment"
    RECYCLING = "recycling"


class Level(StrEnum):
    """How bad a dimension looks; ``unknown`` means nothing definitive was learnt about it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    UNKNOWN = "unknown"


class Reason(FrozenModel):
    """One reason behind a risk level, naming the checker it came from (None: the risk engine itself)."""

    text: str
    checker_id: str | None = None
    points: int = 0
    message: Message | None = None
    text_localized: str | None = None


class Risk(FrozenModel):
    """The level of one dimension, its 0-100 score and the reasons that led to it."""

    dimension: Dimension
    level: Level
    score: int
    reasons: tuple[Reason, ...]


class Coverage(FrozenModel):
    """How much of the online checking gave a definitive answer (only registered/not_registered count)."""

    online_checkers: int
    definitive: int
    unknown: int
    blocked: int
    error: int
    skipped: int
    ratio: float
    sufficient: bool


class Verdict(StrEnum):
    """The overall answer (rules: docs/verdict.md).

    ``do_not_buy``: a fact makes the purchase moot (never issued, deactivated, no ordinary SMS).
    Never ``low_risk`` unless coverage was sufficient, no adverse fact was found and every
    personal dimension is covered and low.
    """

    DO_NOT_BUY = "do_not_buy"
    HIGH_RISK = "high_risk"
    CAUTION = "caution"
    NOT_ENOUGH_DATA = "not_enough_data"
    LOW_RISK = "low_risk"


class Advice(FrozenModel):
    """One thing to do, tied to the dimension and the findings that call for it."""

    dimension: Dimension | None
    action: str
    detail: str
    url: str | None = None
    because_of: tuple[str, ...] = ()
    # Its id names two catalog entries, ``<id>.action`` and ``<id>.detail``, rendered with the same parameters.
    message: Message | None = None
    action_localized: str | None = None
    detail_localized: str | None = None


class CarrierInfo(FrozenModel):
    """Carrier of record and location, in English and Chinese (empty where unknown)."""

    name_en: str
    name_zh: str
    location_en: str
    location_zh: str


class RegionInfo(FrozenModel):
    """Where a Chinese mobile number's 7-digit block is registered (归属地), and who holds the block.

    From the prefix data named in ``source`` (crowd-sourced); ``holder_kind`` is ``mvno`` for a
    virtual-operator block hosted by ``holder``. The segment table stays the authority on segment facts.
    """

    province_en: str
    province_zh: str
    city_en: str
    city_zh: str
    area_code: str
    holder: str
    holder_kind: str
    source: str


class Report(FrozenModel):
    """Everything numcheck found out about one number, and what it means.

    ``data_versions`` names the data each offline answer came from (phonenumbers, the prefix data).
    ``summary`` and ``notes`` are English, rendered from ``summary_messages`` (one per sentence) and
    ``note_messages``; a localised report (`numcheck.localize`) also holds them in ``lang`` (docs/api.md).
    """

    schema_version: str = SCHEMA_VERSION
    numcheck_version: str
    input: str
    number: PhoneNumberInfo
    carrier: CarrierInfo
    region: RegionInfo | None = None
    segment: Segment | None
    offline: bool
    findings: tuple[Finding, ...]
    risks: tuple[Risk, ...]
    coverage: Coverage
    verdict: Verdict
    summary: str
    advice: tuple[Advice, ...]
    notes: tuple[str, ...]
    generated_at: datetime
    elapsed_ms: float
    data_versions: dict[str, str] = Field(default_factory=dict)
    summary_messages: tuple[Message, ...] = ()
    note_messages: tuple[Message, ...] = ()
    lang: str | None = None
    summary_localized: str | None = None
    notes_localized: tuple[str, ...] | None = None

    def risk(self, dimension: Dimension | str) -> Risk:
        """The risk of one dimension."""
        wanted = Dimension(dimension)
        return next(risk for risk in self.risks if risk.dimension is wanted)
