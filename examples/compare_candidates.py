"""Which of these numbers should I buy? Check every candidate and rank them, cleanest first.

Run: python examples/compare_candidates.py 13800138000 18912345678 13912348888 [--offline] [--lang zh]
Exit status: 0 the candidates were ranked (an invalid one is named on stderr and left out), 2 bad input.
The language is numcheck's own choice: --lang, else NUMCHECK_LANG, the config file, the locale.
"""

from __future__ import annotations

import argparse
import sys

import numcheck


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog="exit status: 0 ranked, 2 bad input")
    parser.add_argument("candidates", nargs="+", metavar="NUMBER", help="two or more numbers, in any written form")
    parser.add_argument("--offline", action="store_true", help="ask no online service")
    parser.add_argument("--lang", choices=("en", "zh"), help="the language (default: as numcheck chooses it)")
    args = parser.parse_args(argv)
    lang = args.lang or "en"

    def failed(error: str | numcheck.NumcheckError) -> int:
        print(
            numcheck.sentence(lang, "example.failed", script="compare_candidates.py", error=numcheck.sentence(lang, error)), file=sys.stderr
        )
        return 2

    reports = []
    try:
        lang = numcheck.reader_language(args.lang)
        if len(args.candidates) < 2:
            return failed("example.compare.need_two")
        items = list(numcheck.check_many(args.candidates, offline=args.offline))
    except numcheck.NumcheckError as error:  # an unusable setting or history: one line, no traceback
        return failed(error)
    for item in items:
        if item.report is not None:
            reports.append(item.report)
        elif item.duplicate_of is not None:
            print(numcheck.sentence(lang, "example.compare.duplicate", input=item.input, index=item.duplicate_of + 1), file=sys.stderr)
        else:
            reason = numcheck.sentence(lang, item.invalid_message) if item.invalid_message else str(item.invalid)
            print(numcheck.sentence(lang, "example.compare.invalid", input=item.input, reason=reason), file=sys.stderr)
    for place in numcheck.rank(reports):
        print(
            numcheck.sentence(
                lang, "example.compare.place", rank=place.rank, number=place.report.number.international, verdict=place.verdict
            )
        )
        for reason in [numcheck.sentence(lang, said) for said in place.why_messages] or place.why:
            print(f"     - {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
