"""Rules every layer applies the same way: whose keys a checker may read, which URLs mean one host to every parser.

Kept free of numcheck imports: the settings, the checker contract and the HTTP client all judge keys and
URLs by these rules, and each sits above this module.
"""

from __future__ import annotations

import re

KEY_PREFIX = "NUMCHECK_KEY_"
KEY_NAME = re.compile(r"^[A-Z0-9]+(?:_[A-Z0-9]+)*$")
_ALIYUN_KEYS = frozenset({"ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "NUMCHECK_ALIYUN_AUTH_CODE"})
# The only keys outside a checker's namespace: the names Alibaba Cloud's SDK documents for its
# credentials (a user who has them set for the SDK keeps them), and the local list's file path
# (not a secret). Each belongs to the named built-in ids only, which load before any plugin.
BUILTIN_KEY_NAMES: dict[str, frozenset[str]] = {
    "aliyun-twice-tel": _ALIYUN_KEYS,
    "aliyun-tenure": _ALIYUN_KEYS,
    "aliyun-status": _ALIYUN_KEYS,
    "local-list": frozenset({"NUMCHECK_REPUTATION_CSV"}),
}


def key_namespace(checker_id: str) -> str:
    """The prefix every key of ``checker_id`` carries: ``NUMCHECK_KEY_<ID>_`` (``-`` written ``_``)."""
    return f"{KEY_PREFIX}{checker_id.upper().replace('-', '_')}_"


def key_variable(checker_id: str, name: str) -> str:
    """The environment variable that holds key ``name`` of ``checker_id`` (``NUMCHECK_KEY_<ID>_<NAME>``)."""
    return key_namespace(checker_id) + name


def key_problem(checker_id: str, variable: str) -> str | None:
    """Why ``checker_id`` may not read ``variable``, or None."""
    if variable in BUILTIN_KEY_NAMES.get(checker_id, ()):
        return None
    namespace = key_namespace(checker_id)
    if variable.startswith(namespace) and KEY_NAME.match(variable[len(namespace) :]):
        return None
    return f"checker {checker_id!r} may read keys only in its own namespace: {variable!r} must be named {namespace}<NAME>"


def is_key_variable(name: str) -> bool:
    """Whether an environment variable holds some checker's key (a namespaced key or a built-in one)."""
    return name.startswith(KEY_PREFIX) or any(name in names for names in BUILTIN_KEY_NAMES.values())


def url_problem(url: str) -> str | None:
    """Why ``url`` could mean two things to two parsers, or None (the guard then judges it as requests sends it).

    Backslashes, whitespace, control characters and userinfo are where parsers disagree about the
    host (``http://evil\\@good/`` is host good to urlsplit and host evil to requests), and no
    address numcheck uses needs them; a host written in non-ASCII or percent-escapes is normalised
    differently by different libraries, so it is refused too.
    """
    if "\\" in url:
        return "a backslash"
    if any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in url):
        return "whitespace or a control character"
    scheme, separator, rest = url.partition("://")
    if not separator or scheme.lower() not in ("http", "https"):
        return "no http:// or https:// scheme"
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    if "@" in authority:
        return "userinfo (user@host)"
    if not authority or authority.startswith(":"):
        return "no host"
    if "%" in authority or not authority.isascii():
        return "an encoded or non-ASCII host (write it in ASCII, punycode for IDNs)"
    return None
