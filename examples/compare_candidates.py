"""Which of these numbers should I buy? Check every candidate and rank them, cleanest first.

Run: python examples/compare_candidates.py 13800138000 18912345678 13912348888 [--offline] [--lang zh]
Exit status: 0 the candidates were ranked (an invalid one is named on stderr and left out), 2 bad input.
The language is numcheck's own choice: --lang, else NUMCHECK_LANG, the config file, the locale.
"""

from __future__ import annotations

import functools
import sys

import numcheck


def main(argv: list[str]) -> int:
    # The help speaks the reader's language too, so it is known before the arguments are parsed.
    lang = numcheck.argv_language(argv)
    said = functools.partial(numcheck.sentence, lang)
    parser = numcheck.argument_parser(lang, description=said("example.help.compare"), epilog=said("example.help.compare.exit"))
    parser.add_argument("candidates", nargs="+", metavar="NUMBER", help=said("example.help.compare.candidates"))
    parser.add_argument("--offline", action="store_true", help=said("example.help.offline"))
    parser.add_argument("--lang", choices=("en", "zh"), help=said("example.help.lang"))
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
