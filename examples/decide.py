"""numcheck inside another tool: one function that returns a decision a program can act on.

A SIM-card shop, a signup flow or a procurement script calls ``decide(number)`` and gets
"accept", "review" or "reject" with the reasons, never a bare boolean: unknown is not clean.

Run: python examples/decide.py 13800138000 [more numbers...] [--offline]
Exit status: 0 every number decided, 2 an invalid number among them (each named on stderr) or an unusable setting.
"""

from __future__ import annotations

import argparse
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog="exit status: 0 every number decided, 2 bad input")
    parser.add_argument("numbers", nargs="+", metavar="NUMBER", help="numbers, in any written form")
    parser.add_argument("--offline", action="store_true", help="ask no online service")
    args = parser.parse_args(argv)
    code = 0
    for number in args.numbers:
        try:
            decision = decide(number, offline=args.offline)
        except numcheck.NumcheckError as error:  # an invalid number or an unusable setting: one line, no traceback
            print(f"{number}: not decided: {error}", file=sys.stderr)
            code = 2
            continue
        print(f"{decision.number}: {decision.action}")
        for reason in decision.reasons:
            print(f"  - {reason}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
