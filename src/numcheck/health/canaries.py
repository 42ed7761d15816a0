"""Positive canaries: known answers the user or a maintainer keeps, one TOML table per checker.

::

    [chsi]
    registered = "+86 138 0013 8000"              # a number known to have an account there
    not_registered = ["+86 139 ...", "+86 186 ..."]  # one number or a list

The same file ``numcheck doctor --file`` reads. Canaries are real numbers: they are sent only to the
checker that names them, and never written into the health table or a published file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from numcheck._errors import InvalidNumber
from numcheck.messages import failure
from numcheck.numbers import DEFAULT_REGION, invalid_message, parse
from numcheck.report import Status

_EXPECTED = {"registered": Status.REGISTERED, "not_registered": Status.NOT_REGISTERED}


@dataclass(frozen=True)
class Canary:
    """One known answer: ``checker_id`` should say ``expected`` for ``number`` (E.164). ``entry`` counts from 1 in the file."""

    checker_id: str
    number: str
    expected: Status
    entry: int


def read_canaries(path: Path, region: str = DEFAULT_REGION) -> list[Canary]:
    """Every known answer in ``path``; raises NumcheckError naming the file and the entry that is wrong."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise failure("known.cannot_read", path=str(path), error=str(error.strerror or error)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise failure("known.not_toml", path=str(path), error=str(error)) from None
    canaries: list[Canary] = []
    for checker_id, table in data.items():
        if not isinstance(table, dict) or not table or not set(table) <= set(_EXPECTED):
            raise failure("known.only_two_lists", path=str(path), checker=checker_id)
        for name, value in table.items():
            numbers = value if isinstance(value, list) else [value]
            for text in numbers:
                if not isinstance(text, str):
                    raise failure(
                        "known.not_a_string",
                        path=str(path),
                        checker=checker_id,
                        name=name,
                        value=text if isinstance(text, int | float | bool) else str(text),
                    )
                try:
                    number = parse(text, region).e164
                except InvalidNumber as error:
                    reason = invalid_message(error)
                    raise failure("known.invalid", path=str(path), checker=checker_id, name=name, reason=reason) from None
                canaries.append(Canary(checker_id, number, _EXPECTED[name], len(canaries) + 1))
    return canaries
