"""argparse's usage errors in one line, in the reader's language: its English line read back into a message of `numcheck.messages.usage`.

argparse prints its whole usage block before the error; numcheck prints the error alone, with the option a typo was
probably meant to be and where the options are listed (bad input gets one clear line, also for options).

argparse builds each error from a template (Python's argparse module) and hands `StreamParser.error` the finished
English line; the templates are few and stable, so each is matched here and said again as a message. A line no
pattern knows (a newer Python's wording) is shown as argparse wrote it, quoted. The exit status stays 2.
"""

from __future__ import annotations

import ast
import re
from argparse import ArgumentParser
from collections.abc import Callable

from numcheck.messages import Message, say


def _value(text: str) -> str:
    # argparse writes a value with repr(): 'x' is shown as x inside Chinese quotes.
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text
    return value if isinstance(value, str) else text


def _values(text: str) -> tuple[str, ...]:
    return tuple(_value(part.strip()) for part in text.split(", ") if part.strip())


_Maker = Callable[[re.Match[str]], Message]

# argparse's templates (Python 3.11 to 3.13), most specific first; "argument X: ..." wraps any of the others.
_PATTERNS: tuple[tuple[re.Pattern[str], _Maker], ...] = (
    (re.compile(r"unrecognized arguments: (?P<args>.*)", re.S), lambda m: say("usage.unrecognized", args=m["args"])),
    (re.compile(r"the following arguments are required: (?P<args>.*)", re.S), lambda m: say("usage.required", args=m["args"])),
    (
        re.compile(r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)", re.S),
        lambda m: say("usage.invalid_choice", value=_value(m["value"]), choices=_values(m["choices"])),
    ),
    (re.compile(r"invalid int value: (?P<value>.*)", re.S), lambda m: say("usage.invalid_int", value=_value(m["value"]))),
    (re.compile(r"invalid float value: (?P<value>.*)", re.S), lambda m: say("usage.invalid_float", value=_value(m["value"]))),
    (
        re.compile(r"invalid (?P<type>\S+) value: (?P<value>.*)", re.S),
        lambda m: say("usage.invalid_value", type=m["type"], value=_value(m["value"])),
    ),
    (re.compile(r"expected one argument"), lambda m: say("usage.expected_one")),
    (re.compile(r"expected at most one argument"), lambda m: say("usage.expected_at_most_one")),
    (re.compile(r"expected at least one argument"), lambda m: say("usage.expected_at_least_one")),
    (re.compile(r"expected (?P<count>\d+) arguments?"), lambda m: say("usage.expected_n", count=int(m["count"]))),
    (re.compile(r"not allowed with argument (?P<argument>.*)", re.S), lambda m: say("usage.not_allowed_with", argument=m["argument"])),
    (re.compile(r"ignored explicit argument (?P<value>.*)", re.S), lambda m: say("usage.ignored_explicit", value=_value(m["value"]))),
    (
        re.compile(r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)", re.S),
        lambda m: say("usage.ambiguous", option=m["option"], matches=_values(m["matches"])),
    ),
    (re.compile(r"one of the arguments (?P<args>.*) is required", re.S), lambda m: say("usage.one_required", args=m["args"])),
    (re.compile(r"unexpected option string: (?P<option>.*)", re.S), lambda m: say("usage.unexpected_option", option=m["option"])),
    # numcheck's own argument types.
    (
        re.compile(r"not a duration: (?P<value>.*) \(use seconds, or 30m, 6h, 7d\)", re.S),
        lambda m: say("usage.not_a_duration", value=_value(m["value"])),
    ),
    (re.compile(r"not a date: (?P<value>.*) \(use YYYY-MM-DD\)", re.S), lambda m: say("usage.not_a_date", value=_value(m["value"]))),
)
_ARGUMENT = re.compile(r"argument (?P<argument>[^:]+): (?P<message>.*)", re.S)


def message_of(line: str) -> Message:
    """The message an argparse error line says (``usage.verbatim`` for a line no pattern knows)."""
    wrapped = _ARGUMENT.fullmatch(line)
    if wrapped is not None:
        return say("usage.argument", argument=wrapped["argument"], message=message_of(wrapped["message"]))
    for pattern, make in _PATTERNS:
        found = pattern.fullmatch(line)
        if found is not None:
            return make(found)
    return say("usage.verbatim", text=line)


def near_option(parser: ArgumentParser, line: str) -> str | None:
    """The option the first unknown one in an argparse line was probably meant to be (``--ofline``: ``--offline``)."""
    import difflib

    found = re.fullmatch(r"unrecognized arguments: (?P<args>.*)", line, re.S)
    if found is None:
        return None
    known = [option for action in parser._actions for option in action.option_strings if option.startswith("--")]
    for unknown in found["args"].split():
        if unknown.startswith("--"):
            close = difflib.get_close_matches(unknown.partition("=")[0], known, n=1, cutoff=0.75)
            if close:
                return str(close[0])
    return None


def usage_error(parser: ArgumentParser, argv: list[str], line: str) -> str:
    """What a usage error prints, in the run's language: one line (no usage block), with a near option and --help.

    English keeps argparse's own wording of the error; the hints after it are numcheck's.
    """
    from numcheck.frontends.help import argv_language
    from numcheck.render.i18n import DEFAULT_LANGUAGE, say_in

    lang = argv_language(argv)
    hints = [say_in(lang, say("usage.see_help", command=f"{parser.prog} --help"))]
    near = near_option(parser, line)
    if near is not None:
        hints.insert(0, say_in(lang, say("usage.did_you_mean", option=near)))
    if lang == DEFAULT_LANGUAGE:
        return f"{parser.prog}: error: {line} ({' '.join(hints)})\n"
    said = say_in(lang, say("usage.error", prog=parser.prog, message=message_of(line)))
    return f"{said}（{''.join(hints)}）\n"
