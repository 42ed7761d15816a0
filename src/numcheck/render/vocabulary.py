"""Every word numcheck itself can put into a message, by vocabulary space: what each catalog must translate.

tests/test_catalogs.py holds every catalog complete against this list (and the message ids against
`numcheck.messages.catalog.MESSAGES`); ``tools/i18n_catalog.py`` adds what a catalog lacks.
"""

from __future__ import annotations

import csv
import io
from importlib.resources import files

from numcheck.checker import Checker
from numcheck.config import Settings
from numcheck.coverage_map import CATEGORIES
from numcheck.health.model import HealthState
from numcheck.messages import terms_in
from numcheck.numbers import LineType
from numcheck.providers.reassigned import CAVEATS
from numcheck.reassignment import SOURCES, fixed_caveats
from numcheck.registry import Registry, load_manifests
from numcheck.report import CheckerKind, Dimension, Level, Status, Verdict
from numcheck.risk import CATEGORY_WEIGHTS, LENDING_CATEGORIES, REASSIGNMENT_CATEGORY, REPUTATION_COVERS
from numcheck.segments import Operator, SegmentKind
from numcheck.tags import KNOWN_TAGS, UNMAPPED

# Names the vanity checker gives its patterns (numcheck.offline.vanity): runs of four to eight, then the rest.
VANITY_NAMES = (
    "AAAA",
    "AAAAA",
    "AAAAAA",
    "AAAAAAA",
    "AAAAAAAA",
    "AAA tail",
    "AABB",
    "ABAB",
    "ABBA",
    "ABCD",
    "lucky 8s",
    "lucky 6s",
    "4-heavy",
)


def shipped_checkers() -> list[Checker]:
    """The checkers numcheck ships: built-in offline and online ones, and the shipped manifests."""
    from numcheck.offline_checkers import builtin_offline_checkers
    from numcheck.providers.builtin import builtin_online_checkers

    registry = Registry()
    for checker in [*builtin_offline_checkers(), *builtin_online_checkers(Settings())]:
        registry.add(checker, "builtin")
    load_manifests(registry, ())
    return list(registry)


def _segment_notes() -> set[str]:
    text = files("numcheck.data").joinpath("cn_segments.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {value for row in rows for value in (row["note"], row["disputed"]) if value}


def own_sources(checkers: list[Checker]) -> set[str]:
    """The sources numcheck itself cites in words (every shipped checker's, the after-buy plan's): a reader gets them in
    their language, with the addresses, files and names they hold quoted as written. A plugin's citations are its
    author's words, shown as written."""
    from numcheck.afterbuy import CARRIER_SERVICE_SOURCE, ONE_ID_SOURCE

    cited = {source for checker in checkers for source in checker.meta.provenance.sources}
    return cited | {CARRIER_SERVICE_SOURCE, ONE_ID_SOURCE}


def shipped_signal_words(checkers: list[Checker]) -> tuple[set[str], set[str]]:
    """The names numcheck gave the answers its shipped manifests read, and their score scales: numcheck's own words,
    translated as its citations are (a plugin's stay its author's, quoted)."""
    from numcheck.providers.manifest import ManifestChecker

    names: set[str] = set()
    scales: set[str] = set()
    for checker in checkers:
        if isinstance(checker, ManifestChecker):
            signals = checker.manifest.signals
            names |= {signal.name for signal in (signals.registered, signals.not_registered) if signal is not None and signal.name}
            if checker.manifest.score is not None:
                scales.add(checker.manifest.score.scale)
    return names, scales


def vocabulary() -> dict[str, set[str]]:
    """Every word numcheck can put into a message, by space (as its English label, the catalog's msgid)."""
    checkers = shipped_checkers()
    signal_names, score_scales = shipped_signal_words(checkers)
    categories = {*CATEGORY_WEIGHTS, *(name for name in LENDING_CATEGORIES if name.isascii()), *REPUTATION_COVERS}
    categories |= {REASSIGNMENT_CATEGORY, *(checker.meta.category for checker in checkers)}
    words: dict[str, set[str]] = {
        "dimension": {dimension.value for dimension in Dimension},
        "level": {level.value for level in Level},
        "verdict": {verdict.value for verdict in Verdict},
        "status": {status.value for status in Status},
        "provenance": {"observed", "documented"},
        "category": categories,
        "tag": {*KNOWN_TAGS, UNMAPPED},
        "operator": {operator.value for operator in Operator},
        "segment_kind": {kind.value for kind in SegmentKind},
        "line_type": {line_type.value for line_type in LineType},
        "country": {"CN", *(country for checker in checkers for country in checker.meta.countries)},
        "vanity": set(VANITY_NAMES),
        "segment_note": _segment_notes(),
        "checker": {checker.meta.name for checker in checkers},
        "signal": {"registered", "not_registered"},
        "score_band": {"negative", "not negative"},
        "doctor_state": {"ok", "drift", "unreachable", "blocked", "no answer"},
        "app_category": {anchor for anchor, _ in CATEGORIES},
        "source": own_sources(checkers),
        "health_state": {state.value for state in HealthState},
        "reassignment_source": {source.name for source in SOURCES.values()},
        "checker_kind": {kind.value for kind in CheckerKind},
        "caveat": {*fixed_caveats(), *CAVEATS},
        "contract": {"published", "gateway"},
        "signal_name": signal_names,
        "score_scale": score_scales,
    }
    return {space: {terms_in(space).get(word, word) for word in found} for space, found in words.items()}


def template_strings() -> set[str]:
    """Every string the page templates translate (``_``, ``gettext`` and the singular of ``ngettext``)."""
    from jinja2.ext import babel_extract

    found: set[str] = set()
    for template in files("numcheck").joinpath("templates").iterdir():
        if not template.name.endswith(".j2"):
            continue
        for _, _function, message, _ in babel_extract(io.BytesIO(template.read_bytes()), ("_", "gettext", "ngettext"), [], {}):
            text = message if isinstance(message, str) else message[0] if isinstance(message, tuple) and message else None
            if isinstance(text, str):
                found.add(text)
    return found


def required_entries() -> dict[tuple[str | None, str], str]:
    """Every (context, msgid) a catalog must translate, with what it is: a page phrase, a message, or a word of a space."""
    from numcheck.messages import MESSAGES

    entries: dict[tuple[str | None, str], str] = {(None, text): "template" for text in sorted(template_strings())}
    entries.update({(message_id, template): "message" for message_id, template in MESSAGES.items()})
    for space, words in sorted(vocabulary().items()):
        entries.update({(space, word): f"word of {space}" for word in sorted(words)})
    return entries


def catalog_problems(po: bytes, lang: str) -> list[str]:
    """What a ``.po`` catalog lacks or gets wrong, one line each (empty: complete).

    Every required entry must be there, translated and not fuzzy; a message's translation must use only the
    parameters its English uses (anything else would fail when rendered); no entry may be left over.
    """
    from babel.messages.pofile import read_po

    from numcheck.messages import MESSAGES, params_of
    from numcheck.messages.catalog import EXTRA_PARAMS

    catalog = read_po(io.BytesIO(po), locale=lang)
    required = required_entries()
    problems = []
    for (context, msgid), what in required.items():
        entry = catalog.get(msgid, context=context)
        where = f"{what} {context + ': ' if context else ''}{msgid!r}"
        if entry is None or not entry.string:
            problems.append(f"missing: {where}")
        elif entry.fuzzy:
            problems.append(f"fuzzy (the English changed): {where}")
        elif context in MESSAGES and not params_of(str(entry.string)) <= params_of(msgid) | EXTRA_PARAMS.get(context, frozenset()):
            problems.append(f"unknown parameters {sorted(params_of(str(entry.string)) - params_of(msgid))}: {where}")
    for entry in catalog:
        first = entry.id[0] if isinstance(entry.id, tuple | list) else entry.id
        if first and (entry.context, first) not in required:
            problems.append(f"left over: {entry.context}: {first!r}")
    return problems
