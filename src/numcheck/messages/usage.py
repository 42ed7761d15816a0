"""The English source of argparse's own lines (usage errors), numcheck's argument types' errors, and the config file's.

argparse writes its errors in English from its own templates (Python's argparse module, via gettext); numcheck
reads each back into one of these messages (`numcheck.frontends.usage_errors`) so that a Chinese reader gets them
in Chinese. The English run shows argparse's own text, untouched.
"""

from __future__ import annotations

USAGE: dict[str, str] = {
    # The line argparse ends a usage error with ("%(prog)s: error: %(message)s").
    "usage.error": "{prog}: error: {message}",
    "usage.unrecognized": "unrecognized arguments: {args!q}",
    "usage.required": "the following arguments are required: {args!q}",
    "usage.argument": "argument {argument!q}: {message}",
    "usage.invalid_choice": "invalid choice: {value!q} (choose from {choices!q:words})",
    "usage.invalid_int": "invalid int value: {value!q}",
    "usage.invalid_float": "invalid float value: {value!q}",
    "usage.invalid_value": "invalid {type!q} value: {value!q}",
    "usage.expected_one": "expected one argument",
    "usage.expected_at_most_one": "expected at most one argument",
    "usage.expected_at_least_one": "expected at least one argument",
    "usage.expected_n": "expected {count} arguments",
    "usage.not_allowed_with": "not allowed with argument {argument!q}",
    "usage.ignored_explicit": "ignored explicit argument {value!q}",
    "usage.ambiguous": "ambiguous option: {option!q} could match {matches!q:words}",
    "usage.one_required": "one of the arguments {args!q} is required",
    "usage.unexpected_option": "unexpected option string: {option!q}",
    # numcheck's own argument types (numcheck.frontends.parsing.duration, numcheck after-buy --bought).
    "usage.not_a_duration": "not a duration: {value!q} (use seconds, or 30m, 6h, 7d)",
    "usage.not_a_date": "not a date: {value!q} (use YYYY-MM-DD)",
    # What follows a usage error on the same line: a near option, and where the options are listed.
    "usage.did_you_mean": "did you mean {option!q}?",
    "usage.see_help": "{command!q} lists the options",
    # An argparse line numcheck does not know (a newer Python's wording): shown as argparse wrote it.
    "usage.verbatim": "{text!q}",
    # The config file (numcheck.frontends.config_file): its errors and warnings, one line each after "numcheck: ".
    "config.problem": "config file {path!q}: {problem} (fix it, or run with NUMCHECK_CONFIG= set empty to read no config file)",
    "config.not_toml": "not valid TOML: {error!q}",
    "config.not_utf8": "not UTF-8 text",
    "config.unreadable": "cannot be read: {error!q}",
    "config.bad_value": "{name}: {problem}",
    "config.unknown_setting": "config file {path!q}: unknown setting {name!r} ignored (known: {known:words})",
    "config.not_a_language": "{value!r} is not a language numcheck speaks (choose {first!q} or {second!q})",
    "config.not_a_bool": "{value!r} is not true or false",
    "config.not_a_path": "{value!r} is not a file path",
    "config.not_a_number": "{value!r} is not a number",
    "config.out_of_range": "{value!r}: {error!q}",
    "config.not_one_of": "{value!r} is not one of {choices:words}",
    "config.env_problem": "unusable setting {name} ({variable}): {problem}",
    "config.flag_problem": "{flag!q}: {problem}",
    "config.bound.ge": "{value!r} is below the least allowed, {limit}",
    "config.bound.gt": "{value!r} must be more than {limit}",
    "config.bound.le": "{value!r} is above the most allowed, {limit}",
    "config.bound.lt": "{value!r} must be less than {limit}",
    "config.not_a_file": "{variable} names {path!q}, which is not a file (unset it, or set it empty to read no config file)",
    "config.key_file_missing": "key file {path!q} (from {origin}) does not exist",
    "config.key_file_unreadable": "key file {path!q} (from {origin}) cannot be read: {error!q}",
    "config.key_file_line": (
        "key file {path!q} line {line}: expected NAME=value with a checker's key variable as NAME "
        "(NUMCHECK_KEY_<CHECKER>_<NAME>, or one numcheck checkers names)"
    ),
    "config.key_file_exposed": "key file {path!q} can be read by other users: chmod 600 {path}",
    "config.warning": "warning: {warning}",
}
