"""The uvicorn server numcheck serve runs: header reads that time out, a connection cap, a prompt stop.

uvicorn's keep-alive timer covers only the idle gap between requests, and it is cancelled by the first byte of
the next one: a client that sends half a request line and stops holds its socket for ever. A few thousand such
sockets exhaust the process's file descriptors. The protocol here gives every request's head a deadline from
the moment its connection opens (or its previous answer ends), turns connections past the cap away at once, and
closes a connection whose answer is complete while its request's body is still arriving (so a body trickled after
an early answer cannot hold the socket).
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT = 10.0
MAX_CONNECTIONS = 256
# Room for a request line and the headers a browser sends; a longer head is answered 400 by h11.
MAX_HEAD_BYTES = 16 * 1024
# After SIGTERM, how long open answers (a batch being streamed) get to finish before they are cancelled.
SHUTDOWN_SECONDS = 2
_TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
_TOO_MANY = b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\nretry-after: 1\r\n\r\n"


class _BoundedH11(H11Protocol):
    header_timeout = HEADER_TIMEOUT
    max_connections = MAX_CONNECTIONS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            transport.write(_TOO_MANY)
            transport.close()
            return
        self._await_head()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._head_arrived()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.SEND_BODY:
            # Answered before the request's body was all here (a GET with a body, a refusal before the body is
            # read): each byte of a trickled body would cancel uvicorn's keep-alive timer, and no body deadline
            # runs for a body nobody reads. The answer is written; the connection closes, its body unread.
            self.transport.close()
            return
        if self.conn.their_state is h11.IDLE:
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_arrived()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._head_arrived()
        self._head_deadline = self.loop.call_later(self.header_timeout, self._head_late)

    def _head_arrived(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_late(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self.transport.write(_TIMED_OUT)
            self.transport.close()


def bounded_protocol(header_timeout: float, max_connections: int) -> type[H11Protocol]:
    """The h11 protocol with these limits (uvicorn takes a class, so the limits travel as class attributes)."""
    return type("BoundedH11", (_BoundedH11,), {"header_timeout": header_timeout, "max_connections": max_connections})


def server(
    app: Any,
    host: str,
    port: int,
    *,
    header_timeout: float = HEADER_TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
    shutdown_seconds: int = SHUTDOWN_SECONDS,
) -> uvicorn.Server:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        http=bounded_protocol(header_timeout, max_connections),
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=shutdown_seconds,
        # uvicorn's own access log would print query strings, numbers included: numcheck logs requests itself.
        access_log=False,
        # uvicorn trusts X-Forwarded-For from 127.0.0.1 by default: any local client could then pick the address
        # it is throttled and capped by. numcheck serve sits behind no proxy: the socket's peer is the client.
        proxy_headers=False,
        forwarded_allow_ips="",
        log_level="warning",
        lifespan="on",
    )
    return uvicorn.Server(config)
