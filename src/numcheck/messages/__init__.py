"""Every sentence numcheck writes is a `Message`: a stable id plus parameters, rendered in the reader's language.

English is the source: its templates are `numcheck.messages.catalog.MESSAGES`, and the English text
of a report (``Finding.detail``, ``Reason.text``, ``Report.summary`` ...) is rendered from them here,
without Babel. Other languages come from the gettext catalogs under ``numcheck/locale``
(`numcheck.render.i18n.localize`): an entry's context is the message id, its msgid the English template.

Templates are ``str.format`` templates with three conversions of numcheck's own:

* ``{name}``: a neutral value (a count, a date, a prefix), or a nested message;
* ``{name!q}``: words from outside numcheck (a service's answer, a plugin's name, a file's text): shown
  as written, and quoted 「like this」 in Chinese so a reader sees they were not translated;
* ``{name!t:space}``: a word of numcheck's vocabulary (a dimension, a level, a tag, a checker's name ...),
  translated from the terms of ``space``; a word the catalog does not hold is quoted as ``!q`` is.

A format spec may hold ``cap`` (capitalise the first letter), ``and`` (join a list with "and") or ``words``
(join messages as words, with commas), after a term's space and a bar (``{missing!t:signal|and}``); lists
are otherwise joined with commas (words) or semicolons (messages), each language with its own punctuation.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping, Sequence
from enum import Enum, StrEnum
from functools import lru_cache
from typing import Any, NamedTuple, Union

from pydantic import Field, field_validator

from numcheck._errors import NumcheckError, with_message
from numcheck._model import FrozenModel
from numcheck._text import printable
from numcheck.messages.catalog import MESSAGES
from numcheck.messages.terms import TERMS

__all__ = [
    "ENGLISH",
    "MESSAGES",
    "TERMS",
    "Language",
    "Message",
    "Param",
    "Scalar",
    "english",
    "failure",
    "joined",
    "render",
    "say",
    "term",
]


class Message(FrozenModel):
    """One sentence (or part of one) as an id of `numcheck.messages.catalog.MESSAGES` and its parameters."""

    id: str
    params: dict[str, Param] = Field(default_factory=dict)

    @field_validator("params")
    @classmethod
    def _printable(cls, value: dict[str, Param]) -> dict[str, Param]:
        # Parameters quote services and files: nothing they hold may reach a terminal as a control sequence.
        return {key: _clean(item) for key, item in value.items()}


Scalar = str | int | float | bool | None
Param = Union[Scalar, Message, tuple[Union[Scalar, Message], ...]]  # noqa: UP007 - a recursive alias pydantic resolves by name


def _clean(value: Any) -> Any:
    if isinstance(value, Enum):  # a Dimension or a Level: its value is the word the vocabulary knows
        return value.value
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, tuple | list):
        return tuple(_clean(item) for item in value)
    return value


def say(message_id: str, /, **params: Param | Sequence[Scalar | Message]) -> Message:
    """The message ``message_id`` with ``params`` (lists become tuples); an id the catalog lacks is a bug, raised at once."""
    if message_id not in MESSAGES:
        raise KeyError(f"no message {message_id!r} in numcheck.messages.catalog")
    given = {key: _param(value) for key, value in params.items()}
    # Building Message's validator costs about a millisecond of every start. Parameters of the plain types every
    # caller passes are checked and cleaned here as validation would leave them (tests/unit/test_constructed.py
    # holds the two equal); any other type goes through pydantic, which converts or refuses it.
    cleaned = {key: _plain(value) for key, value in given.items()}
    if type(message_id) is not str or any(value is _UNPLAIN for value in cleaned.values()):
        return Message(id=message_id, params=given)
    return Message.model_construct(id=message_id, params=cleaned)


def _param(value: Param | Sequence[Scalar | Message]) -> Param:
    if isinstance(value, str | int | float | Message) or value is None:
        return value
    return tuple(value)


# What `_plain` gives for a value only pydantic's validation may judge.
_UNPLAIN: Any = object()
_SCALAR_TYPES = (int, float, bool, type(None))


def _plain(value: Any, *, nested: bool = False) -> Any:
    """``value`` as a validated `Message` holds it (a str cleaned, a StrEnum its cleaned value), or `_UNPLAIN`."""
    kind = type(value)
    if kind is str:
        return printable(value)
    if kind in _SCALAR_TYPES or kind is Message:
        return value
    if isinstance(value, StrEnum):  # a Dimension or a Level: validation keeps its text, which _clean then cleans
        return printable(str.__str__(value))
    if kind is tuple and not nested:
        items = tuple(_plain(item, nested=True) for item in value)
        return _UNPLAIN if any(item is _UNPLAIN for item in items) else items
    return _UNPLAIN


class Language(NamedTuple):
    """How one language writes numcheck's messages: its catalog and its punctuation.

    A NamedTuple, not a frozen dataclass: defining a dataclass costs about half a millisecond of every start.
    """

    code: str
    # (context, English text) -> the text in this language; None when the catalog has no such entry.
    lookup: Callable[[str, str], str | None]
    open_quote: str = ""
    close_quote: str = ""
    words: str = ", "
    clauses: str = "; "
    conjunction: str = " and "
    sentences: str = " "

    def quote(self, text: str) -> str:
        """Words from outside numcheck, marked as quoted where the language marks them."""
        return f"{self.open_quote}{text}{self.close_quote}"


def _same(_context: str, text: str) -> str | None:
    return text


ENGLISH = Language("en", _same)


class _Converted(NamedTuple):  # a NamedTuple: a dataclass class costs start-up time
    value: Any
    conversion: str | None


class _Formatter(string.Formatter):
    def __init__(self, language: Language) -> None:
        self.language = language

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        # The conversion is applied in format_field, which alone sees the spec (the term's space).
        return _Converted(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        assert isinstance(value, _Converted)
        return self._field(value.value, value.conversion, format_spec)

    def _field(self, value: Any, conversion: str | None, spec: str) -> str:
        language = self.language
        flags = {part for part in spec.split("|") if part in ("and", "cap", "words")}
        spec = next((part for part in spec.split("|") if part not in flags), "")
        if isinstance(value, tuple | list):
            parts = [self._field(item, conversion, spec) for item in value]
            if "and" in flags:
                return language.conjunction.join(parts)
            clauses = "words" not in flags and any(isinstance(item, Message) for item in value)
            return (language.clauses if clauses else language.words).join(parts)
        if value is None:
            return ""
        if isinstance(value, Message):
            text = render(value, language)
        elif conversion == "q":
            text = language.quote(str(value))
        elif conversion == "t":
            text = term(spec, value, language)
        elif conversion == "r":
            text = repr(value)
        elif spec:
            return format(value, spec)
        else:
            text = str(value)
        return text[:1].upper() + text[1:] if "cap" in flags else text


def term(space: str, value: object, language: Language = ENGLISH) -> str:
    """A vocabulary word of ``space`` in ``language``: its English label, translated; quoted when the catalog lacks it."""
    word = str(value)
    label = TERMS.get(space, {}).get(word, word)
    if language is ENGLISH:
        return label
    translated = language.lookup(space, label)
    if translated is not None:
        return translated
    return label if _neutral(label) else language.quote(word)


def _neutral(label: str) -> bool:
    # Digits, codes and names in Chinese read the same in every language: no quotes around them.
    return not any(char.isascii() and char.isalpha() for char in label)


def render(message: Message, language: Language = ENGLISH) -> str:
    """``message`` in ``language`` (English when the catalog lacks the id: tests/test_catalogs.py keeps it complete)."""
    source = MESSAGES[message.id]
    template = source if language is ENGLISH else language.lookup(message.id, source) or source
    return _Formatter(language).vformat(template, (), message.params)


def failure(message_id: str, /, **params: Param | Sequence[Scalar | Message]) -> NumcheckError:
    """A `NumcheckError` whose English is the message's and which carries the message, for the reader's language."""
    message = say(message_id, **params)
    return with_message(NumcheckError(english(message)), message_id, dict(message.params))


def english(message: Message) -> str:
    """The English text of ``message``: what the report's stable text fields hold."""
    if _quotes_long_text(message):
        return render(message, ENGLISH)
    try:
        return _english_of(_Keyed(_key(message), message))
    except TypeError:  # a parameter that cannot be a key (unhashable): rendered every time
        return render(message, ENGLISH)


# A message quoting longer text (a service's answer, a file's line), unlikely to recur, is rendered every time: the
# cache holds at most 4,096 short sentences, never a service's pages, nor (in numcheck serve) earlier callers' answers.
_LONGEST_KEPT_TEXT = 200


def _quotes_long_text(value: Any) -> bool:
    if isinstance(value, Message):
        return any(_quotes_long_text(item) for item in value.params.values())
    if isinstance(value, tuple | list):
        return any(_quotes_long_text(item) for item in value)
    return isinstance(value, str) and len(value) > _LONGEST_KEPT_TEXT


class _Keyed:
    """A message, hashed and compared by what its English depends on: its id and its parameters, types included."""

    __slots__ = ("key", "message")

    def __init__(self, key: tuple[Any, ...], message: Message) -> None:
        self.key = key
        self.message = message

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Keyed) and self.key == other.key


def _key(value: Any) -> Any:
    if isinstance(value, Message):
        return (value.id, tuple((name, _key(item)) for name, item in value.params.items()))
    if isinstance(value, tuple | list):
        return (tuple, tuple(_key(item) for item in value))
    # The type and repr keep apart what == does not: 1, 1.0 and True, 0.0 and -0.0, each written differently.
    return (type(value), repr(value)) if isinstance(value, float) else (type(value), value)


# Every report renders the same few dozen sentences in English for its stable text fields, most of them with the same
# parameters from number to number: rendered once (a third of an offline check's time went to rendering).
@lru_cache(maxsize=4096)
def _english_of(keyed: _Keyed) -> str:
    return render(keyed.message, ENGLISH)


def joined(messages: Sequence[Message], language: Language = ENGLISH) -> str:
    """Sentences as one paragraph, in ``language``'s way (a space between English sentences, none in Chinese)."""
    return language.sentences.join(render(message, language) for message in messages)


def params_of(template: str) -> set[str]:
    """The parameter names a template uses (a translation must use the same)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def terms_in(space: str) -> Mapping[str, str]:
    """The English labels of a vocabulary space (empty for a space whose words are their own labels)."""
    return TERMS.get(space, {})
