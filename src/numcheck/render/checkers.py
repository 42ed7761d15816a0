"""``numcheck checkers`` as a table, in the reader's language: every checker, whether it runs, and broken plugins.

Ids, country codes, key variables and file paths are what a reader types or reads in a file: they stay as they are.
The kinds, categories, provenance and contracts are words of numcheck's vocabulary; a broken plugin's error is its
own text, quoted.
"""

from __future__ import annotations

from numcheck.config import DISABLED_CHECKERS_FILE
from numcheck.messages import Message, say
from numcheck.registry import Registry
from numcheck.render.cells import pad
from numcheck.render.i18n import DEFAULT_LANGUAGE, say_in, ui, word

_COLUMNS = (("id", 22), ("kind", 12), ("category", 14), ("provenance", 12), ("contract", 11), ("countries", 11), ("source", 0))


def source_message(source: str) -> Message:
    """Where a checker came from (`numcheck.registry.Registered.source`) as a message."""
    if source == "builtin":
        return say("checkers.source.builtin")
    kind, _, rest = source.partition(" ")
    if kind == "manifest" and rest:
        return say("checkers.source.manifest", path=rest)
    if kind == "entry-point" and rest:
        return say("checkers.source.entry_point", name=rest)
    return say("said.verbatim", text=source)


def _row(cells: list[str]) -> str:
    return "".join(pad(cell, size) if size else cell for cell, (_, size) in zip(cells, _COLUMNS, strict=True)).rstrip()


def render_checkers(registry: Registry, *, colour: bool = False, lang: str = DEFAULT_LANGUAGE) -> str:
    """The checker list: id, kind, category, provenance, contract, countries, where it came from; then broken plugins."""
    from numcheck.render.text import Paint

    paint = Paint(colour)
    lines = [paint(_row([ui(lang, f"checkers.column.{name}") for name, _ in _COLUMNS]), "bold")]
    for entry in registry.entries.values():
        meta = entry.checker.meta
        countries = ",".join(word(lang, "country", country) for country in meta.countries) or ui(lang, "checkers.all_countries")
        contract = "-" if meta.kind.value == "offline" else word(lang, "contract", meta.contract)
        source = say_in(lang, source_message(entry.source))
        if meta.needs_key:
            source += ui(lang, "checkers.needs", keys=tuple(meta.needs_key))
        cells = [meta.id, word(lang, "checker_kind", meta.kind.value), word(lang, "category", meta.category)]
        cells += [word(lang, "provenance", meta.provenance.level), contract, countries, source]
        lines.append(_row(cells))
    for broken in registry.broken:
        said = ui(lang, "checkers.broken_row", source=broken.source, error=broken.error)
        lines.append(paint(f"{pad(broken.name, 22)}{pad(ui(lang, 'checkers.broken'), 12)}{said}", "red"))
    for entry in registry.disabled:
        said = ui(lang, "checkers.disabled_row", file=DISABLED_CHECKERS_FILE)
        lines.append(paint(f"{pad(entry.checker.meta.id, 22)}{pad(ui(lang, 'checkers.disabled'), 12)}{said}", "grey"))
    return "\n".join(lines) + "\n"
