"""Pre-purchase check of one number: the verdict, why, and what to ask the seller.

Run: python examples/precheck_one.py 13800138000 [--offline]
Exit status, as numcheck's own: 0 a report was produced (read its verdict: a risky number is a normal result, not a
failure), 2 bad input, 3 some checks could not complete (blocked or error). For a decision another program acts
on, see decide.py.
"""

from __future__ import annotations

import argparse
import sys

import numcheck

EXIT_CODES = "exit status: 0 a report was produced (whatever its verdict), 2 bad input, 3 some checks could not complete"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=EXIT_CODES)
    parser.add_argument("number", help="the number, in any written form")
    parser.add_argument("--offline", action="store_true", help="ask no online service")
    args = parser.parse_args(argv)
    try:
        report = numcheck.check(args.number, offline=args.offline)
    except numcheck.NumcheckError as error:  # an invalid number or an unusable setting: one line, no traceback
        print(f"not checked: {error}", file=sys.stderr)
        return 2
    print(f"{report.number.international}: {report.verdict.value.replace('_', ' ')}")
    print(report.summary)
    for risk in report.risks:
        print(f"  {risk.dimension.value:<16} {risk.level.value:<8} {risk.reasons[0].text}")
    registered = [finding.checker_name for finding in report.findings if finding.status is numcheck.Status.REGISTERED]
    if registered:
        print("Ask the seller: the previous owner's accounts are still bound at " + ", ".join(registered))
    print(f"Coverage: {report.coverage.definitive} definitive answers ({report.coverage.ratio:.0%})")
    incomplete = any(finding.status in (numcheck.Status.BLOCKED, numcheck.Status.ERROR) for finding in report.findings)
    return 3 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
