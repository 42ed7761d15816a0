"""A number typed without quotes: ``numcheck +86 138-0013-8000`` reaches numcheck as two arguments.

Arguments are read as they are unless some of them are not numbers on their own. Then the run of arguments is
read as one number when that is the only way to read it (``+86`` ``138-0013-8000``); when the pieces could be
read as several numbers (``138 0013 8000 139 1234 5678``, or a number next to pieces of another), numcheck does not
guess: one line asks to quote each number (exit 2). Pieces that form no number at all are left as they are, and
each is reported as an invalid number, as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from numcheck._errors import InputError, InvalidNumber, quoted
from numcheck.inputs import STDIN
from numcheck.numbers import parse

# People type a number in at most a handful of pieces; a long argument list (xargs, a glob) is many numbers.
MAX_JOINED_RUN = 12
# A number written out has at most 15 digits, with a 00 or trunk 0 before them: more digits are never one number.
_MAX_DIGITS = 18


class AmbiguousPiecesError(InputError):
    """The pieces could be read as more than one number: the user must quote them (``shown``: the pieces, quoted)."""

    def __init__(self, shown: str) -> None:
        super().__init__(
            f"the arguments {shown} could be read as more than one number: quote each number, as in numcheck '+86 138 0013 8000'"
        )
        self.shown = shown


def _forms_number(text: str, region: str) -> bool:
    try:
        return parse(text, region).valid
    except InvalidNumber:
        return False


def _readings(pieces: Sequence[str], region: str, limit: int = 2) -> list[list[tuple[int, int]]]:
    """Up to ``limit`` ways to cut ``pieces`` into consecutive groups that each form a valid number ([start, stop) pairs)."""
    found: list[list[tuple[int, int]]] = []

    def extend(start: int, groups: list[tuple[int, int]]) -> None:
        if len(found) >= limit:
            return
        if start == len(pieces):
            found.append(list(groups))
            return
        digits = 0
        for stop in range(start + 1, len(pieces) + 1):
            digits += sum(char.isdigit() for char in pieces[stop - 1])
            if digits > _MAX_DIGITS:
                break
            if _forms_number(" ".join(pieces[start:stop]), region):
                extend(stop, [*groups, (start, stop)])

    extend(0, [])
    return found


def _join_run(pieces: list[str], region: str) -> list[str]:
    if len(pieces) < 2 or len(pieces) > MAX_JOINED_RUN or all(_forms_number(piece, region) for piece in pieces):
        return pieces
    readings = _readings(pieces, region)
    if readings == [[(0, len(pieces))]]:
        return [" ".join(pieces)]
    if readings:
        shown = " ".join(quoted(piece) for piece in pieces)
        raise AmbiguousPiecesError(shown)
    return pieces  # no reading at all: each piece is reported as the invalid number it is


def join_pieces(arguments: Sequence[str], region: str) -> list[str]:
    """The NUMBER arguments with an unquoted number's pieces joined (raises `AmbiguousPiecesError`); ``-`` (stdin) splits runs."""
    result: list[str] = []
    run: list[str] = []
    for argument in (*arguments, None):
        if argument is None or argument == STDIN:
            result += _join_run(run, region)
            run = []
            if argument is not None:
                result.append(argument)
        else:
            run.append(argument)
    return result
