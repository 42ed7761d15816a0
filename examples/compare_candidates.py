"""Which of these numbers should I buy? Check every candidate and rank them, cleanest first.

Run: python examples/compare_candidates.py 13800138000 18912345678 13912348888 [--offline]
"""

from __future__ import annotations

import sys

import numcheck


def main(argv: list[str]) -> int:
    offline = "--offline" in argv
    candidates = [arg for arg in argv if arg != "--offline"]
    if len(candidates) < 2:
        print("usage: compare_candidates.py NUMBER NUMBER... [--offline]", file=sys.stderr)
        return 2
    reports = []
    for item in numcheck.check_many(candidates, offline=offline):
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
