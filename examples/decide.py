"""numcheck inside another tool: one function that returns a decision a program can act on.

A SIM-card shop, a signup flow or a procurement script calls ``decide(number)`` and gets
"accept", "review" or "reject" with the reasons, never a bare boolean: unknown is not clean.

Run: python examples/decide.py 13800138000 [more numbers...] [--offline] [--lang zh]
Exit status: 0 every number decided, 2 an invalid number among them (each named on stderr) or an unusable setting.
The decision is a code (accept, review, reject) for the program; the lines printed are in the reader's language.
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass
from typing import Literal

import numcheck


@dataclass(frozen=True)
class Decision:
    number: str
    action: Literal["accept", "review", "reject"]
    reasons: tuple[str, ...]


def decide(number: str, *, offline: bool = False, settings: numcheck.Settings | None = None, lang: str = "en") -> Decision:
    """Reject high risk, accept only a low-risk verdict with sufficient coverage, send everything else to a person.

    ``reasons`` are said in ``lang`` (``numcheck.reader_language()`` gives the reader's).
    """
    report = numcheck.check(number, offline=offline, settings=settings)
    reasons = tuple(
        reason
        for place in numcheck.rank([report])
        for reason in ([numcheck.sentence(lang, said) for said in place.why_messages] or place.why)
    )
    if report.verdict is numcheck.Verdict.HIGH_RISK:
        return Decision(report.number.e164, "reject", reasons)
    if report.verdict is numcheck.Verdict.LOW_RISK and report.coverage.sufficient:
        return Decision(report.number.e164, "accept", reasons)
    return Decision(report.number.e164, "review", reasons)


def main(argv: list[str]) -> int:
    # The help speaks the reader's language too, so it is known before the arguments are parsed.
    lang = numcheck.argv_language(argv)
    said = functools.partial(numcheck.sentence, lang)
    parser = numcheck.argument_parser(lang, description=said("example.help.decide"), epilog=said("example.help.decide.exit"))
    parser.add_argument("numbers", nargs="+", metavar="NUMBER", help=said("example.help.decide.numbers"))
    parser.add_argument("--offline", action="store_true", help=said("example.help.offline"))
    parser.add_argument("--lang", choices=("en", "zh"), help=said("example.help.lang"))
    args = parser.parse_args(argv)
    try:
        lang = numcheck.reader_language(args.lang)
    except numcheck.NumcheckError as error:  # an unusable NUMCHECK_LANG or config file
        lang = args.lang or "en"
        print(numcheck.sentence(lang, "example.failed", script="decide.py", error=numcheck.sentence(lang, error)), file=sys.stderr)
        return 2
    code = 0
    for number in args.numbers:
        try:
            decision = decide(number, offline=args.offline, lang=lang)
        except numcheck.NumcheckError as error:  # an invalid number or an unusable setting: one line, no traceback
            print(numcheck.sentence(lang, "example.not_decided", number=number, error=numcheck.sentence(lang, error)), file=sys.stderr)
            code = 2
            continue
        action = numcheck.sentence(lang, f"example.action.{decision.action}")
        print(numcheck.sentence(lang, "example.decision", number=decision.number, action=action))
        for reason in decision.reasons:
            print(f"  - {reason}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
