"""Vanity (靓号) pattern detection on the subscriber digits of a number.

Shops price Chinese numbers by these patterns; a vanity number is resold for a lot and was
usually printed on business cards and bound everywhere by its previous owner.
"""

from typing import NamedTuple


class VanityPattern(NamedTuple):
    """A pattern found in the number: its name, the digits that show it, and what it implies."""

    name: str
    digits: str
    note: str


_RUN_NOTE = "a run of one digit: the most sought-after and most expensive kind of vanity number"


def _longest_same_run(digits: str) -> str:
    best = current = digits[:1]
    for char in digits[1:]:
        current = current + char if char == current[-1] else char
        if len(current) > len(best):
            best = current
    return best


def _longest_step_run(digits: str) -> str:
    best = ""
    for step in (1, -1):
        current = digits[:1]
        for char in digits[1:]:
            if int(char) - int(current[-1]) == step:
                current += char
            else:
                current = char
            if len(current) > len(best):
                best = current
    return best


def find_patterns(national_number: str) -> list[VanityPattern]:
    """Vanity patterns in the last eight digits (the part a subscriber chooses), strongest first."""
    tail = national_number[-8:]
    last4 = national_number[-4:]
    found: list[VanityPattern] = []
    run = _longest_same_run(tail)
    if len(run) >= 4:
        found.append(VanityPattern(f"{'A' * len(run)}", run, _RUN_NOTE))
    elif len(set(tail[-3:])) == 1:  # the triple at the end, even when an earlier triple came first (95551222)
        found.append(VanityPattern("AAA tail", tail[-3:], "ends in a triple, a common premium pattern"))
    if len(last4) == 4 and last4[0] == last4[1] != last4[2] == last4[3]:
        found.append(VanityPattern("AABB", last4, "ends in two pairs, a premium pattern"))
    if len(last4) == 4 and last4[0] == last4[2] != last4[1] == last4[3]:
        found.append(VanityPattern("ABAB", last4, "ends in a repeated pair, a premium pattern"))
    if len(last4) == 4 and last4[0] == last4[3] != last4[1] == last4[2]:
        found.append(VanityPattern("ABBA", last4, "ends in a mirrored pair"))
    step = _longest_step_run(tail)
    if len(step) >= 4:
        found.append(VanityPattern("ABCD", step, "a straight run of digits, priced as a vanity number"))
    for lucky in ("8", "6"):
        if tail.count(lucky) >= 4 or national_number.endswith(lucky * 2):
            found.append(
                VanityPattern(f"lucky {lucky}s", lucky * tail.count(lucky), f"'{lucky}' is a lucky digit; such numbers sell at a premium")
            )
    if tail.count("4") >= 3:
        found.append(
            VanityPattern(
                "4-heavy",
                "4" * tail.count("4"),
                "'4' sounds like 'death' (死): such numbers are unpopular, sell cheaply and change hands often",
            )
        )
    return found
