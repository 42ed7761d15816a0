"""One parser for every URL a checker asks: the request line as requests sends it, read as urllib3 reads it.

The guard judges exactly what goes on the wire (`wire`), so no spelling of a URL can mean one host to the
guard and another to the connection; redirect hops are judged the same way, one at a time.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

import requests
from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from numcheck.net.pacing import host_key
from numcheck.policy import url_problem

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


def location_problem(location: str) -> str | None:
    # A relative Location is fine; what makes parsers disagree is not, whatever the scheme.
    if "\\" in location or any(char.isspace() or ord(char) < 0x20 or ord(char) == 0x7F for char in location):
        return "the Location has a backslash, whitespace or a control character"
    return None


LOGIN_WORDS = ("login", "signin", "sign-in")
DeclaredStep = tuple[str, "re.Pattern[str]"]


_DEFAULT_PORTS = {"http": 80, "https": 443}
# Percent-escapes that would let a server read a separator, or an escape of one, that the guard did not see.
_ENCODED_SEPARATOR = re.compile(r"%(?:2f|5c|00|25(?:2f|5c|2e))", re.IGNORECASE)


@dataclass(frozen=True)
class Wire:
    """A request's URL as requests will send it, and what urllib3 reads in it: the one thing the guard judges."""

    url: str
    scheme: str
    host: str
    port: int
    path: str

    @property
    def origin(self) -> tuple[str, str, int | None]:
        return self.scheme, self.host, self.port

    @property
    def key(self) -> str:
        """The service's name for pacing: scheme, host and port, however the URL spelt them."""
        return host_key(f"{self.scheme}://{self.host}:{self.port}")


def wire(method: str, url: str, params: Mapping[str, str] | None = None) -> Wire | str:
    """The request line requests would send for ``url`` (with ``params``), parsed by urllib3; or why it is refused.

    One parser: requests prepares the URL (percent-encoding, IDNA, dot segments in escapes), and
    urllib3's ``parse_url``, which the connection pool uses to pick the host, reads the result.
    A URL whose path normalisation would change (a dot segment, an empty segment, an encoded
    slash) is refused rather than judged in one form and served in another.
    """
    problem = url_problem(url)
    if problem:
        return f"the URL has {problem}"
    try:
        prepared = requests.Request(method, url, params=dict(params or {})).prepare()
        parsed = parse_url(prepared.url or "")
    except (requests.RequestException, LocationParseError, ValueError, UnicodeError):
        return "the URL cannot be parsed"
    scheme, host = (parsed.scheme or "").lower(), (parsed.host or "").lower()
    if scheme not in _DEFAULT_PORTS or not host or parsed.auth:
        return "the URL names no plain http(s) host"
    sent = prepared.path_url.split("?", 1)[0] or "/"
    normal = parsed.path or "/"
    if sent != normal or "//" in sent or _ENCODED_SEPARATOR.search(prepared.url or ""):
        return f"the path {sent[:80]!r} has a dot segment, an empty segment or an encoded separator"
    return Wire(url=prepared.url or "", scheme=scheme, host=host, port=parsed.port or _DEFAULT_PORTS[scheme], path=sent)


def origin(url: str) -> tuple[str, str, int | None]:
    """Scheme, host and port of a URL as the connection would reach it (``("", "", None)`` for a URL the guard refuses)."""
    judged = wire("GET", url)
    return judged.origin if isinstance(judged, Wire) else ("", "", None)


def declares(declared: tuple[DeclaredStep, ...], method: str, judged: Wire) -> bool:
    path = unquote(judged.path)
    return any(step_method == method and pattern.fullmatch(path) for step_method, pattern in declared)


def redirect_method(method: str, status: int) -> str:
    # As browsers and requests do: 303 always, and 301/302 after a POST, become a GET; 307/308 keep the method.
    if status == 303 or (status in (301, 302) and method == "POST"):
        return "GET"
    return method
