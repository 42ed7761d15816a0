"""The languages numcheck's pages speak: English (the source) and Chinese, with Babel's gettext catalogs.

Only the pages' own words are translated (headings, labels, levels, verdicts); what a checker or a
service said is shown as it was said. The catalogs are the ``.po`` files under ``numcheck/locale``,
compiled in memory on first use; ``tests/test_i18n.py`` holds them complete for every template string.
"""

from __future__ import annotations

import io
from functools import cache
from importlib.resources import files

from babel.core import negotiate_locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"


@cache
def translations(lang: str) -> NullTranslations:
    """The catalog of ``lang`` (one of `LANGUAGES`); English is the templates' own text."""
    if lang == DEFAULT_LANGUAGE:
        return NullTranslations()
    if lang not in LANGUAGES:
        raise ValueError(f"no such language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    source = files("numcheck").joinpath("locale", lang, "LC_MESSAGES", "numcheck.po")
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain="numcheck")


def negotiate(accept_language: str | None) -> str:
    """The language an ``Accept-Language`` header asks for, among `LANGUAGES` (English when none fits)."""
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
