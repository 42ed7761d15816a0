"""What the engine builds without validation is exactly what validation would have built.

A report's models (`Report`, `Risk`, `Reason`, `Coverage`, `Advice`, `CarrierInfo`, `RegionInfo`) are assembled with
``model_construct``, and `numcheck.checker.finding` and `numcheck.messages.say` take that path for fields of exactly
the declared types, cleaning text as the models' validators do: building those validators cost about 5 ms of every
start (issue #22, bench/bench_startup.py). Here generated numbers, findings and message parameters (control
characters, enums, nested messages, every scalar type) go through both paths, and the results must be equal field by
field *and of the same types*: ``0 == 0.0`` and ``"low" == Level.LOW`` hold in Python, but would write different JSON.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from enum import IntEnum
from pathlib import Path
from typing import Any

import pydantic
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import numcheck
from numcheck._text import printable
from numcheck.checker import CheckContext, CheckerMeta, finding
from numcheck.engine import build_report
from numcheck.messages import MESSAGES, Message, say
from numcheck.offline.enrich import facts_for
from numcheck.report import CheckerKind, Dimension, Evidence, Finding, Level, Provenance, Report, Status
from numcheck.tags import KNOWN_TAGS

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def same(built: Any, validated: Any, where: str = "") -> None:
    """Equal, and of the same type, all the way down (a model's fields, a tuple's items, a dict's keys and values)."""
    assert type(built) is type(validated), f"{where or 'value'}: {type(built).__name__} built, {type(validated).__name__} validated"
    if isinstance(built, pydantic.BaseModel):
        for name in type(built).model_fields:
            same(getattr(built, name), getattr(validated, name), f"{where}.{name}")
    elif isinstance(built, tuple | list):
        assert len(built) == len(validated), where
        for index, (left, right) in enumerate(zip(built, validated, strict=True)):
            same(left, right, f"{where}[{index}]")
    elif isinstance(built, dict):
        assert list(built) == list(validated), where
        for key in built:
            same(key, next(other for other in validated if other == key), f"{where} key {key!r}")
            same(built[key], validated[key], f"{where}[{key!r}]")
    else:
        assert built == validated, where


# Text of every kind: terminal control characters, C1 codes, line separators, CJK.
TEXT = st.text(max_size=12) | st.sampled_from(["\x1b[31mred", "a\x07b", "\u2028", "\x9b1m", "中国移动", ""])
SCALARS = TEXT | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False) | st.booleans() | st.none()
ENUMS = st.sampled_from([*Dimension, *Level, *Status])
PLAIN_ITEMS = SCALARS | ENUMS
MESSAGE_IDS = st.sampled_from(sorted(MESSAGES))


@st.composite
def messages(draw: st.DrawFn, depth: int = 1) -> Message:
    """A message of any id with parameters of every type `say` takes, nested messages among them."""
    item = PLAIN_ITEMS | (messages(depth=depth - 1) if depth > 0 else st.nothing())
    value = item | st.lists(item, max_size=3) | st.lists(item, max_size=3).map(tuple)
    params = draw(st.dictionaries(st.sampled_from(["a", "b", "name", "what", "dimensions"]), value, max_size=3))
    return say(draw(MESSAGE_IDS), **params)


@SETTINGS
@given(MESSAGE_IDS, st.dictionaries(st.text(min_size=1, max_size=5), PLAIN_ITEMS | st.lists(PLAIN_ITEMS, max_size=3), max_size=4))
def test_say_builds_what_validation_builds(message_id: str, params: dict[str, Any]) -> None:
    built = say(message_id, **params)
    validated = Message(id=message_id, params={key: tuple(value) if isinstance(value, list) else value for key, value in params.items()})
    same(built, validated)
    assert built.model_fields_set == validated.model_fields_set
    same(built, Message.model_validate(built.model_dump()))
    assert all(printable(text) == text for text in _texts(built.params)), "a control character kept"


@SETTINGS
@given(messages(depth=2))
def test_nested_messages_survive_a_validation_round_trip(message: Message) -> None:
    same(message, Message.model_validate(message.model_dump()))


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, tuple):
        return [text for item in value for text in _texts(item)]
    if isinstance(value, Message):
        return _texts(value.params)
    return []


class _Rank(IntEnum):
    FIRST = 1


class _Word(str):
    """A str subclass: validation makes it a plain str."""


def test_say_leaves_every_other_type_to_pydantic() -> None:
    """Types `say` does not know go through validation: converted as before, or refused as before."""
    same(say("reason.named", name=_Rank.FIRST, what="x"), Message(id="reason.named", params={"name": _Rank.FIRST, "what": "x"}))
    same(say("reason.named", name=_Word("y"), what="x"), Message(id="reason.named", params={"name": "y", "what": "x"}))
    with pytest.raises(pydantic.ValidationError):
        say("reason.named", name=[Path("/tmp")], what="x")  # type: ignore[list-item]
    with pytest.raises(pydantic.ValidationError):
        say("reason.named", name=[("nested", "tuple")], what="x")  # type: ignore[list-item]


_PROVENANCE = Provenance(level="documented", sources=("generated",))
_NUMBER = numcheck.parse("13800138000")
_CONTEXT = CheckContext(facts=facts_for(_NUMBER, "13800138000"), offline=True)
CATEGORIES = st.sampled_from(["offline", "caller_tags", "collection_calls", "reputation", "lending", "shopping", "reassignment", "line"])
TAGS = st.sampled_from(sorted(KNOWN_TAGS)) | TEXT
FACTS = st.dictionaries(st.text(max_size=6), SCALARS, max_size=4)
# Details as checkers say them: a service's or a file's words quoted in a message, or plain text.
DETAILS = (
    st.builds(lambda text: say("finding.crashed", error=text), TEXT)
    | st.builds(lambda text: say("finding.refused", reason=text), TEXT)
    | st.builds(
        lambda name, what: say("reason.named", name=name, what=what),
        TEXT | ENUMS,
        TEXT | st.builds(lambda text: say("said.verbatim", text=text), TEXT),
    )
)
NOW = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.sampled_from([UTC, timezone(timedelta(hours=8))])
)


@st.composite
def metas(draw: st.DrawFn) -> CheckerMeta:
    index = draw(st.integers(0, 999))
    return CheckerMeta(
        id=f"checker-{index}",
        name=draw(TEXT),
        kind=draw(st.sampled_from(list(CheckerKind))),
        category=draw(CATEGORIES),
        provenance=_PROVENANCE,
    )


@st.composite
def finding_parts(draw: st.DrawFn) -> dict[str, Any]:
    """Everything `finding` takes, as checkers pass it."""
    return {
        "meta": draw(metas()),
        "now": draw(NOW),
        "status": draw(st.sampled_from(list(Status))),
        "detail": draw(TEXT | DETAILS),
        "tags": tuple(draw(st.lists(TAGS, max_size=4))),
        "facts": draw(st.none() | FACTS),
        "evidence": draw(st.none() | st.builds(Evidence, signal=st.none() | TEXT, http_status=st.none() | st.integers(100, 599))),
    }


def _found(parts: dict[str, Any]) -> Finding:
    ctx = CheckContext(facts=_CONTEXT.facts, offline=True, now=parts["now"])
    return finding(
        parts["meta"], ctx, parts["status"], parts["detail"], tags=parts["tags"], facts=parts["facts"], evidence=parts["evidence"]
    )


def _validated(parts: dict[str, Any]) -> Finding:
    meta, detail = parts["meta"], parts["detail"]
    return Finding(
        checker_id=meta.id,
        checker_name=meta.name,
        kind=meta.kind,
        category=meta.category,
        status=parts["status"],
        detail=numcheck.messages.english(detail) if isinstance(detail, Message) else detail,
        message=detail if isinstance(detail, Message) else None,
        tags=parts["tags"],
        facts=parts["facts"] or {},
        evidence=parts["evidence"] or Evidence(),
        provenance=meta.provenance,
        checked_at=parts["now"],
    )


@SETTINGS
@given(finding_parts())
def test_finding_builds_what_validation_builds(parts: dict[str, Any]) -> None:
    built, validated = _found(parts), _validated(parts)
    same(built, validated)
    assert built.model_fields_set == validated.model_fields_set
    same(built, Finding.model_validate(built.model_dump()))
    assert all(printable(text) == text for text in (built.detail, built.checker_name, *built.tags)), "a control character kept"


def test_finding_leaves_every_other_type_to_pydantic() -> None:
    """A list of tags or a date among the facts is validated as before: converted, or refused."""
    meta = CheckerMeta(id="odd", name="Odd", kind=CheckerKind.REPUTATION, category="reputation", provenance=_PROVENANCE)
    listed = finding(meta, _CONTEXT, Status.INFO, "x", tags=["a\x1b"])  # type: ignore[arg-type]
    assert type(listed.tags) is tuple
    assert listed.tags == ("a\\x1b",)
    with pytest.raises(pydantic.ValidationError):
        finding(meta, _CONTEXT, Status.INFO, "x", facts={"since": date(2020, 1, 1)})  # type: ignore[dict-item]
    with pytest.raises(pydantic.ValidationError):
        finding(meta, _CONTEXT, "nonsense", "x")  # type: ignore[arg-type]
    assert finding(meta, _CONTEXT, "info", "x").status is Status.INFO  # type: ignore[arg-type]


# Chinese mobiles of every segment, numbers of other countries, and numbers no country issues.
CN_MOBILES = st.builds(lambda head, tail: f"1{head}{tail:08d}", st.integers(30, 99), st.integers(0, 99_999_999))
NUMBERS = CN_MOBILES | st.sampled_from(["+16502530000", "+442079460000", "+85291234567", "10086", "+8610 6552 9988", "12345678901"])


@SETTINGS
@given(NUMBERS, st.lists(finding_parts(), max_size=6), st.booleans())
def test_a_report_is_what_validating_it_gives(text: str, parts: list[dict[str, Any]], offline: bool) -> None:
    """Reports of generated numbers and findings, validated again from their dump, equal field by field and type by type."""
    info = numcheck.parse(text)
    report = build_report(text, info, facts_for(info, text), [_found(item) for item in parts], offline=offline, elapsed_ms=1.5)
    same(report, Report.model_validate(report.model_dump()))
    assert Report.model_validate_json(report.model_dump_json()).model_dump_json() == report.model_dump_json()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NUMBERS)
def test_the_engines_offline_report_is_what_validating_it_gives(text: str) -> None:
    """The whole offline path (the built-in checkers, the engine): every model it builds unvalidated holds up."""
    report = numcheck.check(text, offline=True)
    same(report, Report.model_validate(report.model_dump()))


# The environment as os.environ holds it (any text but NUL), sometimes naming plugins; NUMCHECK_* variables that set
# another setting are left out here: they are validated, as test_settings_leave_every_other_value_to_pydantic holds.
ENVIRONMENT_NAMES = st.text(st.characters(blacklist_characters="\x00="), min_size=1, max_size=8).filter(
    lambda name: not name.startswith("NUMCHECK_")
)
ENVIRONMENTS = st.dictionaries(ENVIRONMENT_NAMES, st.text(st.characters(blacklist_characters="\x00"), max_size=12), max_size=6)
PLUGIN_LISTS = st.none() | st.lists(st.text(st.characters(blacklist_characters="\x00,"), max_size=6), max_size=3).map(",".join)
DIRECTORIES = st.none() | st.text(st.characters(blacklist_characters="\x00"), max_size=12)


@SETTINGS
@given(ENVIRONMENTS, PLUGIN_LISTS, DIRECTORIES, DIRECTORIES, st.booleans())
def test_settings_from_the_environment_are_what_validation_builds(
    env: dict[str, str], plugins: str | None, config_dir: str | None, data_dir: str | None, keyed: bool
) -> None:
    """Settings built from an environment alone (every run without options or config) are built unvalidated."""
    import numcheck.config as config

    named = {"NUMCHECK_PLUGINS": plugins, "NUMCHECK_CONFIG_DIR": config_dir, "NUMCHECK_DATA_DIR": data_dir}
    env = {**env, **{name: value for name, value in named.items() if value is not None}}
    overrides = {"keys": {**env, "NUMCHECK_KEY_NUMVERIFY_APIKEY": "k"}} if keyed else {}
    built = numcheck.Settings.from_env(env, **overrides)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(config, "_as_validation_leaves_them", lambda values: False)
        validated = numcheck.Settings.from_env(env, **overrides)
    same(built, validated, "Settings")
    assert built.model_fields_set == validated.model_fields_set


@pytest.mark.parametrize(
    ("env", "overrides"),
    [
        ({"NUMCHECK_TIMEOUT": "0"}, {}),
        ({"NUMCHECK_BASE_URL": "ftp://example.invalid/"}, {}),
        ({"NUMCHECK_BASE_URL_NUMVERIFY": "no-scheme"}, {}),
        ({"NUMCHECK_USER_AGENT": "a\x07b"}, {}),
        ({}, {"workers": 0}),
        ({}, {"keys": {"NUMCHECK_KEY_X_Y": 1}}),
        ({}, {"plugins": ["a", 2]}),
        ({}, {"keys": {1: "a"}}),
        ({}, {"data_dir": 3}),
    ],
)
def test_settings_leave_every_other_value_to_pydantic(env: dict[str, str], overrides: dict[str, object]) -> None:
    """Anything but the environment's strings and plugin names is validated, so a wrong value is refused, not kept."""
    with pytest.raises(numcheck.ConfigError):
        numcheck.Settings.from_env(env, **overrides)


def test_settings_given_a_plugin_list_validate_it_into_a_tuple() -> None:
    """A list is not what the field declares: validated, it becomes the tuple the field holds."""
    assert numcheck.Settings.from_env({}, plugins=["a", "b"]).plugins == ("a", "b")


@st.composite
def renderable(draw: st.DrawFn) -> Message:
    """A message with a value for every parameter its English template uses (numbers, text, nested messages ...)."""
    from numcheck.messages import params_of

    message_id = draw(MESSAGE_IDS)
    # Conversions and specs decide what a value may be: a plain field takes any of these, the others text.
    alike = st.sampled_from([0.0, -0.0, 1, 1.0, True, "1"])
    plain = SCALARS | alike | st.lists(SCALARS | alike, max_size=3).map(tuple)
    params = {}
    for name in sorted(params_of(MESSAGES[message_id])):
        template = MESSAGES[message_id]
        fielded = f"{{{name}}}" in template
        params[name] = draw(plain if fielded else TEXT)
    return say(message_id, **params)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(renderable(), min_size=1, max_size=6))
def test_english_remembered_is_english_rendered(batch: list[Message]) -> None:
    """`english` keeps each rendered text by the message's id and parameters, their types included: 0.0 and -0.0, 1,
    1.0 and True are written differently, and each message must read as if it were rendered afresh."""
    from numcheck.messages import ENGLISH, english, render

    for message in [*batch, *batch]:
        try:
            expected = render(message, ENGLISH)
        except (KeyError, ValueError, IndexError):  # a value the template's spec cannot format: english raises too
            with pytest.raises((KeyError, ValueError, IndexError)):
                english(message)
            continue
        assert english(message) == expected


def test_english_tells_apart_values_equal_in_python() -> None:
    from numcheck.messages import english, params_of

    (message_id,) = [key for key, template in sorted(MESSAGES.items()) if params_of(template) == {"count"} and "{count}" in template][
        :1
    ] or [None]
    assert message_id is not None
    written = [english(say(message_id, count=value)) for value in (0.0, -0.0, 1, 1.0, True)]
    assert len(set(written)) == 5, written


def test_english_keeps_no_long_quoted_text() -> None:
    """A sentence quoting a long answer is rendered every time, not kept: the cache holds short sentences only."""
    from numcheck.messages import _english_of, english, params_of

    message_id = next(key for key, template in sorted(MESSAGES.items()) if "!q}" in template and len(params_of(template)) == 1)
    (name,) = params_of(MESSAGES[message_id])
    _english_of.cache_clear()
    long, short = say(message_id, **{name: "x" * 5000}), say(message_id, **{name: "short"})
    assert "x" * 5000 in english(long)
    assert "short" in english(short)
    assert _english_of.cache_info().currsize == 1
