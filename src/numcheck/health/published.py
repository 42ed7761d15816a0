"""Published health files: read one from a path or a URL, refuse a malformed one.

There is no default URL: the user names the file (``numcheck doctor --health-from FILE|URL``), for
example the artifact of a maintainer's scheduled self-check. The format is `numcheck.health.model.
HealthFile`, documented field by field in docs/self-check.md. A file is refused, whole, when it is
not UTF-8 JSON, names another format or a newer version, lacks a field or has one the format does not
define, repeats a checker, carries a date without a time zone or from the future, or is larger than
`MAX_BYTES`. A URL must be https (plain http only on this machine, for tests), and is fetched
through numcheck's polite HTTP client: one GET, its redirects kept to the same host.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pydantic import ValidationError

from numcheck._errors import NumcheckError
from numcheck.config import Settings
from numcheck.health.model import HEALTH_FORMAT, HEALTH_VERSION, HealthFile
from numcheck.net import LOOPBACK
from numcheck.policy import url_problem

MAX_BYTES = 1024 * 1024
# A clock a little fast on the machine that wrote the file is no reason to refuse it.
_CLOCK_SLACK = timedelta(days=1)


class HealthFileError(NumcheckError):
    """A health file that cannot be used: unreadable, unreachable or malformed. The message names the source and the fault."""


def parse_health_file(data: bytes | str, source: str, *, now: datetime | None = None) -> HealthFile:
    """The health file in ``data``; raises `HealthFileError` saying what is wrong with it."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_BYTES:
        raise HealthFileError(f"{source}: refused: larger than {MAX_BYTES // 1024} KB, which no health table needs")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise HealthFileError(f"{source}: refused: not UTF-8 JSON ({error})") from None
    except RecursionError:
        # A megabyte of "[" is valid-looking JSON nested past the parser's stack: hostile, never a health table.
        raise HealthFileError(f"{source}: refused: nested deeper than any health file is") from None
    if not isinstance(document, dict):
        raise HealthFileError(f"{source}: refused: a health file is a JSON object")
    if document.get("format") != HEALTH_FORMAT:
        raise HealthFileError(f"{source}: refused: not a numcheck health file (format must be {HEALTH_FORMAT!r})")
    version = document.get("version")
    # Exactly the integer: true and 1.0 equal 1 in Python, and a lax reader would take them for version 1.
    if type(version) is not int:
        raise HealthFileError(f"{source}: refused: version must be a whole number (this numcheck reads {HEALTH_VERSION})")
    if version > HEALTH_VERSION:
        raise HealthFileError(
            f"{source}: refused: format version {version} is newer than this numcheck reads ({HEALTH_VERSION}); upgrade numcheck"
        )
    try:
        # Strict: a count written "3", a date written as a number of seconds, is not the documented format.
        table = HealthFile.model_validate_json(raw, strict=True)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the file"
        raise HealthFileError(f"{source}: refused: {where}: {first['msg']}") from None
    latest = (now or datetime.now(UTC)) + _CLOCK_SLACK
    future = [row.checker_id for row in table.checkers if row.checked_at > latest]
    if table.generated_at > latest or future:
        raise HealthFileError(f"{source}: refused: dated in the future ({', '.join(future) or 'generated_at'})")
    return table


def _fetch(url: str, settings: Settings) -> bytes:
    from numcheck.net.client import HttpClient
    from numcheck.net.wire import origin

    problem = url_problem(url)
    if problem:
        raise HealthFileError(f"{url[:200]}: refused: the URL has {problem}")
    scheme, host, _ = origin(url)
    if scheme != "https" and host not in LOOPBACK:
        raise HealthFileError(f"{url[:200]}: refused: a health file decides which checkers run, so fetch it over https://")
    with HttpClient(settings) as client:
        result = client.request("GET", url, allowed=frozenset({origin(url)}))
    if result.failure is not None:
        raise HealthFileError(f"{source_name(url)}: could not be fetched: {result.failure}")
    if result.status != 200:
        raise HealthFileError(f"{source_name(url)}: could not be fetched: HTTP {result.status}")
    return result.body


def _is_url(location: str) -> bool:
    return location.lower().startswith(("http://", "https://"))


def source_name(location: str) -> str:
    """How a health file's results name it wherever they are shown: a URL without its query, a path made absolute.

    A published artifact's URL may carry an access token in its query; the name is shown in every report a
    set-aside checker appears in, stored in the history and shared. A relative path names a different file
    from another directory, so "the same source" compares absolute paths.
    """
    if _is_url(location):
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(location)
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return str(Path(location).absolute())


def load_health_file(location: str, settings: Settings) -> HealthFile:
    """Read and check the health file at ``location``, a path or an http(s) URL."""
    if _is_url(location):
        return parse_health_file(_fetch(location, settings), source_name(location))
    path = Path(location)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise HealthFileError(f"{location}: cannot read: {error.strerror or error}") from None
    return parse_health_file(data, location)
