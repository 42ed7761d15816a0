"""Keep a language's catalog in step with what numcheck says: add what it lacks, mark what went stale, drop leftovers.

    python tools/i18n_catalog.py zh            # update src/numcheck/locale/zh/LC_MESSAGES/numcheck.po
    python tools/i18n_catalog.py zh --check    # list what is missing or stale; exit 1 if anything is

A message whose English changed keeps its old translation marked fuzzy (a fuzzy entry is not used, so the
English shows until a translator checks it and removes the flag). tests/test_catalogs.py fails while any
entry is missing, fuzzy or left over.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from numcheck.messages import MESSAGES
from numcheck.render.vocabulary import catalog_problems, required_entries

LOCALE = Path(__file__).resolve().parents[1] / "src" / "numcheck" / "locale"


def updated(catalog: Catalog) -> Catalog:
    """``catalog`` with every required entry, in the order of `required_entries`, translations kept."""
    fresh = Catalog(locale=catalog.locale, project="numcheck", fuzzy=False)
    by_context = {entry.context: entry for entry in catalog if entry.context in MESSAGES}
    for context, msgid in required_entries():
        entry = catalog.get(msgid, context=context)
        if entry is not None:
            fresh.add(entry.id, entry.string, context=context, flags=entry.flags, auto_comments=entry.auto_comments)
        elif context in by_context and by_context[context].string:
            # The English changed: the old translation is kept for the translator, fuzzy so that it is not used.
            fresh.add(msgid, by_context[context].string, context=context, flags={"fuzzy"})
        else:
            fresh.add(msgid, "", context=context)
    return fresh


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lang")
    parser.add_argument("--check", action="store_true", help="only list the problems")
    args = parser.parse_args(argv)
    path = LOCALE / args.lang / "LC_MESSAGES" / "numcheck.po"
    if args.check:
        problems = catalog_problems(path.read_bytes(), args.lang)
        print("\n".join(problems) or f"{path}: complete")
        return 1 if problems else 0
    text = path.read_bytes()
    catalog = read_po(io.BytesIO(text), locale=args.lang)
    out = io.BytesIO()
    write_po(out, updated(catalog), width=0, omit_header=True, no_location=True)
    # The header block is kept as written: Babel's would add dates that change on every run.
    header = text.split(b"\n\n", 1)[0]
    path.write_bytes(header + b"\n\n" + out.getvalue().lstrip(b"\n"))
    print(f"wrote {path}; {len(catalog_problems(out.getvalue(), args.lang))} entries to translate or check")
    return 0


if __name__ == "__main__":
    sys.exit(main())
