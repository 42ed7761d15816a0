"""Moved to `numcheck.net` (client, scoped handle, URL guard, pacing); this path keeps working for plugins and scripts.

`numcheck.net.client` holds `HttpClient` and `HttpResult`, `numcheck.net.scoped` the per-checker `ScopedHttp`,
`numcheck.net.wire` the one URL parser the guard judges by, `numcheck.net.pacing` the rate limits.
"""

from numcheck.net.client import IDEMPOTENT, RETRY_STATUSES, HttpClient, HttpResult
from numcheck.net.pacing import DEFAULT_RATE, effective_rate, parse_retry_after
from numcheck.net.scoped import ScopedHttp, Turn
from numcheck.net.wire import REDIRECT_STATUSES, DeclaredStep, Wire, origin, wire

__all__ = [
    "DEFAULT_RATE",
    "IDEMPOTENT",
    "REDIRECT_STATUSES",
    "RETRY_STATUSES",
    "DeclaredStep",
    "HttpClient",
    "HttpResult",
    "ScopedHttp",
    "Turn",
    "Wire",
    "effective_rate",
    "origin",
    "parse_retry_after",
    "wire",
]
