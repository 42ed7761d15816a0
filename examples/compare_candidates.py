"""Which of these numbers should I buy? Check every candidate and rank them, cleanest first.

Run: python examples/compare_candidates.py 13800138000 18912345678 13912348888 [--offline]
Exit status: 0 the candidates were ranked (an invalid one is named on stderr and left out), 2 bad input.
"""

from __future__ import annotations

import argparse
import sys

import numcheck


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog="exit status: 0 ranked, 2 bad input")
    parser.add_argument("candidates", nargs="+", metavar="NUMBER", help="two or more numbers, in any written form")
    parser.add_argument("--offline", action="store_true", help="ask no online service")
    args = parser.parse_args(argv)
    if len(args.candidates) < 2:
        parser.error("give at least two numbers to compare")
    reports = []
    try:
        items = list(numcheck.check_many(args.candidates, offline=args.offline))
    except numcheck.NumcheckError as error:  # an unusable setting or history: one line, no traceback
        print(f"compare_candidates.py: {error}", file=sys.stderr)
        return 2
    for item in items:
        if item.report is None:
            print(f"skipping {item.input!r}: {item.invalid or f'same as candidate {item.duplicate_of + 1}'}", file=sys.stderr)
        else:
            reports.append(item.report)
    for place in numcheck.rank(reports):
        print(f"{place.rank}. {place.report.number.international}  {place.verdict.value}")
        for reason in place.why:
            print(f"     - {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
