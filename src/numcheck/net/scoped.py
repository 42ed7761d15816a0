"""One checker's view of the shared HTTP client: only the origins (and, for manifests, the requests) it declares."""

from __future__ import annotations

import contextlib
import http.cookiejar
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from numcheck.config import RateLimit, Settings
from numcheck.net.client import HttpClient, HttpResult
from numcheck.net.pacing import Slot
from numcheck.net.wire import DeclaredStep, Wire, origin, wire


@dataclass
class Turn:
    """A checker's turn to send through its own client (see `ScopedHttp.turn`)."""

    granted: bool
    arrived: bool = True

    def __bool__(self) -> bool:
        return self.granted


class ScopedHttp:
    """One checker's view of the shared `HttpClient`: only the origins (and requests) it declares.

    The engine builds one per checker per lookup; a checker never holds the client itself, so
    whatever its code asks, a host or (for manifests) a method and path it did not declare is
    refused before anything leaves the machine, and so is every redirect hop outside them.
    """

    def __init__(self, client: HttpClient, origins: tuple[str, ...], declared: tuple[DeclaredStep, ...] | None = None) -> None:
        self._client = client
        self.origins = origins
        # An origin the guard itself refuses (it could mean two hosts) reaches nothing.
        self._allowed = frozenset(origin(url) for url in origins) - {("", "", None)}
        self._declared = declared

    @property
    def settings(self) -> Settings:
        """The run's settings (timeouts, base URLs, the date asked)."""
        return self._client.settings

    @contextlib.contextmanager
    def turn(self, url: str, rate: RateLimit | None) -> Iterator[Turn]:
        """A turn in the process's pacing for a checker whose SDK sends its own HTTP (falsy: wait for Retry-After).

        The URL must be within this handle's reach; the turn ends, and its cool-down starts, when the block exits.
        Set ``turn.arrived = False`` when the request never reached the service: it then takes no place in its window.
        """
        judged = wire("GET", url)
        if not isinstance(judged, Wire) or judged.origin not in self._allowed:
            raise PermissionError(f"{url[:80]!r} is not a host this checker declares")
        slot = self._client.wait_turn(judged.key, rate)
        if not isinstance(slot, Slot):
            yield Turn(granted=False)
            return
        turn = Turn(granted=True)
        try:
            yield turn
        finally:
            self._client.release_turn(slot, arrived=turn.arrived)

    def request(
        self,
        method: str,
        url: str,
        *,
        rate: RateLimit | None = None,
        params: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        jar: http.cookiejar.CookieJar | None = None,
    ) -> HttpResult:
        """`HttpClient.request` within this checker's declared reach."""
        return self._client.request(
            method, url, rate=rate, params=params, data=data, json=json, headers=headers, auth=auth, jar=jar,
            declared=self._declared, allowed=self._allowed,
        )  # fmt: skip
