"""Pre-purchase check of one number: the verdict, why, and what to ask the seller.

Run: python examples/precheck_one.py 13800138000 [--offline] [--lang zh]
Exit status, as numcheck's own: 0 a report was produced (read its verdict: a risky number is a normal result, not a
failure), 2 bad input, 3 some checks could not complete (blocked or error). For a decision another program acts
on, see decide.py. The language is numcheck's own choice: --lang, else NUMCHECK_LANG, the config file, the locale.
"""

from __future__ import annotations

import functools
import sys
import unicodedata

import numcheck


def main(argv: list[str]) -> int:
    # The help speaks the reader's language too, so it is known before the arguments are parsed.
    lang = numcheck.argv_language(argv)
    said = functools.partial(numcheck.sentence, lang)
    parser = numcheck.argument_parser(lang, description=said("example.help.precheck"), epilog=said("example.help.precheck.exit"))
    parser.add_argument("number", help=said("example.help.precheck.number"))
    parser.add_argument("--offline", action="store_true", help=said("example.help.offline"))
    parser.add_argument("--lang", choices=("en", "zh"), help=said("example.help.lang"))
    args = parser.parse_args(argv)
    try:
        lang = numcheck.reader_language(args.lang)
        report = numcheck.localize(numcheck.check(args.number, offline=args.offline), lang)
    except numcheck.NumcheckError as error:  # an invalid number or an unusable setting: one line, no traceback
        lang = args.lang or "en"
        print(numcheck.sentence(lang, "example.not_checked", error=numcheck.sentence(lang, error)), file=sys.stderr)
        return 2

    def say(message_id: str, **params: object) -> str:
        return numcheck.sentence(lang, message_id, **params)  # type: ignore[arg-type]

    print(say("example.verdict_line", number=report.number.international, verdict=report.verdict))
    print(report.summary_localized)
    for risk in report.risks:
        dimension, level = say("example.dimension", dimension=risk.dimension), say("example.level", level=risk.level)
        print(f"  {_padded(dimension, 16)} {_padded(level, 8)} {risk.reasons[0].text_localized}")
    registered = [item.checker_name_localized for item in report.findings if item.status is numcheck.Status.REGISTERED]
    if registered:
        print(say("example.ask_seller", names=tuple(registered)))
    print(say("example.coverage", definitive=report.coverage.definitive, ratio=report.coverage.ratio))
    incomplete = any(finding.status in (numcheck.Status.BLOCKED, numcheck.Status.ERROR) for finding in report.findings)
    return 3 if incomplete else 0


def _padded(text: str, cells: int) -> str:
    """``text`` filled to ``cells`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, cells - used)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
