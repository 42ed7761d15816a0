"""numcheck inside another tool: one function that returns a decision a program can act on.

A SIM-card shop, a signup flow or a procurement script calls ``decide(number)`` and gets
"accept", "review" or "reject" with the reasons, never a bare boolean: unknown is not clean.

Run: python examples/decide.py 13800138000 [more numbers...] [--offline]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Literal

import numcheck


@dataclass(frozen=True)
class Decision:
    number: str
    action: Literal["accept", "review", "reject"]
    reasons: tuple[str, ...]


def decide(number: str, *, offline: bool = False, settings: numcheck.Settings | None = None) -> Decision:
    """Reject high risk, accept only a low-risk verdict with sufficient coverage, send everything else to a person."""
    report = numcheck.check(number, offline=offline, settings=settings)
    reasons = tuple(reason for place in numcheck.rank([report]) for reason in place.why)
    if report.verdict is numcheck.Verdict.HIGH_RISK:
        return Decision(report.number.e164, "reject", reasons)
    if report.verdict is numcheck.Verdict.LOW_RISK and report.coverage.sufficient:
        return Decision(report.number.e164, "accept", reasons)
    return Decision(report.number.e164, "review", reasons)


def main(argv: list[str]) -> int:
    offline = "--offline" in argv
    numbers = [arg for arg in argv if arg != "--offline"]
    if not numbers:
        print("usage: decide.py NUMBER... [--offline]", file=sys.stderr)
        return 2
    for number in numbers:
        try:
            decision = decide(number, offline=offline)
        except numcheck.InvalidNumber as error:
            print(f"{number}: invalid ({error})")
            continue
        print(f"{decision.number}: {decision.action}")
        for reason in decision.reasons:
            print(f"  - {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
