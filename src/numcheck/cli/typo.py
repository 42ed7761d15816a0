"""A mistyped command (``numcheck compre 13800138000``): caught before anything is checked, asked about, or stored."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.cli.lines import say_line
from numcheck.cli.options import SUBCOMMANDS
from numcheck.render.i18n import LANGUAGES

# difflib's ratio: "compre" and "compare" score 0.92, "dif" and "diff" 0.86, "histroy" and "history" 0.86; a word
# like "junk" scores under 0.5 against every command and is left to be reported as an invalid number.
CLOSE_ENOUGH = 0.75


def meant(word: str) -> str | None:
    """The command ``word`` looks like a typo of, when it is no number (no digit) and close to exactly one command."""
    if not word or word.startswith(("-", "+")) or any(char.isdigit() for char in word) or word in SUBCOMMANDS:
        return None
    import difflib  # only for a word that may be a command: a number never gets here

    close = difflib.get_close_matches(word.lower(), SUBCOMMANDS, n=2, cutoff=CLOSE_ENOUGH)
    return close[0] if close else None


def refuse_typo(argv: Sequence[str], err: TextIO) -> bool:
    """Whether the first argument is a mistyped command; if so, one line says which was meant."""
    name = meant(argv[0]) if argv else None
    if name is None:
        return False
    say_line(err, _language(argv), "cli.unknown_command", word=argv[0], name=name)
    return True


def _language(argv: Sequence[str]) -> str:
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if word.startswith("--lang=") and word.partition("=")[2] in LANGUAGES:
            return word.partition("=")[2]
    from numcheck.frontends.config_file import resolve
    from numcheck.render.i18n import resolve_language

    try:
        return str(resolve({}).value("lang"))
    except NumcheckError:  # an unusable config file: the locale decides this one line
        return resolve_language()
