"""The languages numcheck speaks: English (the source) and Chinese, with Babel's gettext catalogs.

Everything numcheck says is translated: the pages' and the text report's own words, and every message
of a report (`numcheck.messages`), looked up by its id. What a checker or a service said in its own
words (a finding without a message id, a plugin's name, a signal's label) is shown as it was said,
marked as quoted. The catalogs are the ``.po`` files under ``numcheck/locale``, compiled in memory on
first use; tests/test_i18n.py and tests/test_catalogs.py hold them complete.

Babel is imported only when a language other than English is used: an English run never loads it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

from numcheck._errors import ConfigError
from numcheck.messages import ENGLISH, MESSAGES, Language, Message, Param, Scalar, joined, render, say, term

if TYPE_CHECKING:
    from babel.support import NullTranslations, Translations

    from numcheck.ranking import Ranked
    from numcheck.report import Advice, Finding, Reason, Report, Risk

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"
# The environment variables that name the user's language, in the order POSIX gives them precedence.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
LANG_HELP = MESSAGES["help.option.lang"]


@cache
def translations(lang: str) -> NullTranslations:
    """The catalog of ``lang`` (one of `LANGUAGES`); English is the templates' own text."""
    from babel.support import NullTranslations

    if lang == DEFAULT_LANGUAGE:
        return NullTranslations()
    if lang not in LANGUAGES:
        raise ValueError(f"no such language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return catalog_from(catalog_text(lang), lang)


def catalog_text(lang: str) -> bytes:
    """The ``.po`` file of ``lang`` as shipped."""
    from importlib.resources import files  # an English run reads no catalog, and this import costs it 3 ms

    return files("numcheck").joinpath("locale", lang, "LC_MESSAGES", "numcheck.po").read_bytes()


def catalog_from(po: bytes, lang: str) -> Translations:
    """A ``.po`` catalog, compiled in memory.

    Its ``pgettext`` answers None for an entry it lacks (not the English text), so that a word kept as it is
    (a product name) can be told from one nobody translated; ``gettext``, which the templates use, is unchanged.
    """
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    from babel.support import NullTranslations, Translations

    class Untranslated(NullTranslations):
        def pgettext(self, context: str, message: str) -> None:  # type: ignore[override]
            return None

    compiled = io.BytesIO()
    write_mo(compiled, read_po(io.BytesIO(po), locale=lang))
    compiled.seek(0)
    catalog = Translations(fp=compiled, domain="numcheck")
    catalog.add_fallback(Untranslated())
    return catalog


@cache
def language(lang: str) -> Language:
    """How ``lang`` writes numcheck's messages: its catalog and its punctuation."""
    if lang == DEFAULT_LANGUAGE:
        return ENGLISH
    return _language(translations(lang), lang)


def language_from(po: bytes, lang: str) -> Language:
    """The `Language` a ``.po`` catalog defines (numcheck's punctuation for Chinese)."""
    return _language(catalog_from(po, lang), lang)


def _language(catalog: NullTranslations, lang: str) -> Language:
    def lookup(context: str, text: str) -> str | None:
        found = catalog.pgettext(context, text)
        return found if isinstance(found, str) else None

    return Language(lang, lookup, open_quote="「", close_quote="」", words="、", clauses="；", conjunction="和", sentences="")


def negotiate(accept_language: str | None) -> str:
    """The language an ``Accept-Language`` header asks for, among `LANGUAGES` (English when none fits)."""
    from babel.core import negotiate_locale

    wanted = []
    for part in (accept_language or "").split(","):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        if tag and quality > 0:
            wanted.append((quality, tag.strip().replace("-", "_")))
    ranked = [tag for _, tag in sorted(wanted, key=lambda pair: -pair[0])]
    return negotiate_locale(ranked, list(LANGUAGES), sep="_") or DEFAULT_LANGUAGE


def resolve_language(chosen: str | None = None, *, configured: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The language of a run: the one chosen (``--lang``), else the configured one, else the locale, else English.

    The locale is read as POSIX reads it: the first of ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` that is set and not
    empty decides; a Chinese locale (``zh_CN.UTF-8``, ``zh_TW``, ``zh``) means Chinese, any other English.
    """
    for given in (chosen, configured):
        if given:
            if given not in LANGUAGES:
                raise ConfigError(f"unknown language {given!r}: choose one of {', '.join(LANGUAGES)}")
            return given
    env = os.environ if env is None else env
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def say_in(lang: str, message: Message) -> str:
    """``message`` in ``lang``."""
    return render(message, language(lang))


def word(lang: str, space: str, value: object) -> str:
    """A vocabulary word (a dimension, a level, a status, a checker's name ...) in ``lang``."""
    return term(space, value, language(lang))


def ui(lang: str, message_id: str, /, **params: Param | Sequence[Scalar | Message]) -> str:
    """One of the renderers' own phrases (``ui.*`` in the catalog) in ``lang``."""
    return render(say(message_id, **params), language(lang))


def as_said(lang: str, message: Message | None, text: str) -> str:
    """A text that may have a message: the message in ``lang``, else the text as written (marked as quoted)."""
    if message is not None:
        return say_in(lang, message)
    return text if lang == DEFAULT_LANGUAGE else say_in(lang, say("said.verbatim", text=text))


def localize_finding(item: Finding, lang: str) -> Finding:
    """One finding with its detail and its checker's name also in ``lang`` (the page streams findings one by one)."""
    return item.model_copy(
        update={
            "detail_localized": as_said(lang, item.message, item.detail),
            "checker_name_localized": word(lang, "checker", item.checker_name),
        }
    )


def _reason(item: Reason, lang: str) -> Reason:
    return item.model_copy(update={"text_localized": as_said(lang, item.message, item.text)})


def action_and_detail(lang: str, message: Message | None, action: str, detail: str) -> dict[str, str]:
    """The ``action_localized`` and ``detail_localized`` of a step of advice: its message's ``.action`` and ``.detail``
    in ``lang``, or (without a message) its own texts as said."""
    if message is None:
        return {"action_localized": as_said(lang, None, action), "detail_localized": as_said(lang, None, detail)}
    return {
        "action_localized": say_in(lang, Message(id=f"{message.id}.action", params=message.params)),
        "detail_localized": say_in(lang, Message(id=f"{message.id}.detail", params=message.params)),
    }


def _advice(item: Advice, lang: str) -> Advice:
    return item.model_copy(update=action_and_detail(lang, item.message, item.action, item.detail))


def _risk(item: Risk, lang: str) -> Risk:
    return item.model_copy(update={"reasons": tuple(_reason(reason, lang) for reason in item.reasons)})


def _texts(lang: str, messages: Iterable[Message], texts: Iterable[str]) -> tuple[str, ...]:
    said = tuple(messages)
    return tuple(say_in(lang, message) for message in said) if said else tuple(as_said(lang, None, text) for text in texts)


def localize(report: Report, lang: str) -> Report:
    """``report`` with every text also in ``lang``: the ``*_localized`` fields and ``lang`` set (docs/api.md).

    The stable English texts and the message ids stay as they are. A report read from JSON written before
    message ids (schema < 1.5) is localised from its English texts, shown as quoted.
    """
    summary = joined(report.summary_messages, language(lang)) if report.summary_messages else as_said(lang, None, report.summary)
    return report.model_copy(
        update={
            "lang": lang,
            "findings": tuple(localize_finding(item, lang) for item in report.findings),
            "risks": tuple(_risk(item, lang) for item in report.risks),
            "advice": tuple(_advice(item, lang) for item in report.advice),
            "summary_localized": summary,
            "notes_localized": _texts(lang, report.note_messages, report.notes),
        }
    )


def ranked_in(place: Ranked, lang: str) -> Ranked:
    """A ranked candidate with its reasons and its report also in ``lang`` (English adds nothing)."""
    if lang == DEFAULT_LANGUAGE:
        return place
    why = tuple(say_in(lang, said) for said in place.why_messages) or _texts(lang, (), place.why)
    return place.model_copy(update={"why_localized": why, "report": localized(place.report, lang)})


def localized(report: Report, lang: str) -> Report:
    """``report`` localised in ``lang`` unless it already is."""
    return report if report.lang == lang else localize(report, lang)
