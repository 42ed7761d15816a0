"""``numcheck serve``: parse its options, refuse unsafe bindings, start uvicorn."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import secrets
import socket
import threading
from collections.abc import Sequence
from typing import TextIO

from numcheck._errors import NumcheckError
from numcheck.frontends import EXIT_INTERRUPTED
from numcheck.frontends.parsing import StreamParser

TOKEN_VARIABLE = "NUMCHECK_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16  # numcheck.serve.guard holds the same; this module must not import the web extra before checking it


def parser(out: TextIO, err: TextIO) -> argparse.ArgumentParser:
    parser = StreamParser(
        out=out,
        err=err,
        prog="numcheck serve",
        description="A local web page and JSON API (/api/v1, OpenAPI at /openapi.json, docs at /docs) over numcheck's engine.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument(
        "--token",
        help=f"at least 16 characters; required for any other address: bearer token for the API, password for the page (or "
        f"{TOKEN_VARIABLE}; without either, one is made and printed)",
    )
    parser.add_argument(
        "--insecure-no-auth", action="store_true", help="listen on a non-loopback address without a token (not recommended)"
    )
    parser.add_argument(
        "--allowed-host", action="append", default=[], metavar="NAME[:PORT]", help="another Host header to accept (a reverse proxy's name)"
    )
    parser.add_argument("--no-store", action="store_true", help="keep no history and reuse nothing")
    parser.add_argument("--max-body", type=int, default=256 * 1024, metavar="BYTES", help="largest request body (default 262144)")
    parser.add_argument("--per-client", type=int, default=8, metavar="N", help="requests and batches at once from one client (default 8)")
    parser.add_argument(
        "--header-timeout", type=float, default=10.0, metavar="SECONDS", help="time a request's head may take to arrive (default 10)"
    )
    parser.add_argument("--max-connections", type=int, default=256, metavar="N", help="open connections at once (default 256)")
    parser.epilog = (
        "Exit codes: 0 or 130 stopped (Ctrl-C, SIGTERM), 2 unsafe or impossible options, a port already in use, or the web "
        "extra missing (one line on stderr, and no address printed), 3 the server failed while starting."
    )
    return parser


def _bound(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port``, before anything is announced: the address printed is one that serves.

    uvicorn is handed this socket; left to bind itself, it reported a busy port only after the address and its
    token had been printed, and exited 3.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, as asyncio's own bind names it: asyncio sets TCP_NODELAY only on sockets that say TCP, and
    # without it every keep-alive answer waited out the client's delayed ACK (40 ms a request).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        # As uvicorn binds: a port left in TIME_WAIT by the previous run is usable again at once.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _say(err: TextIO, message_id: str, **params: str | int) -> None:
    from numcheck.frontends.config_file import resolve
    from numcheck.render.i18n import resolve_language, ui

    try:
        lang = str(resolve({}).value("lang"))
    except NumcheckError:  # an unusable config file is reported elsewhere; the locale still decides
        lang = resolve_language()
    err.write(f"numcheck: {ui(lang, message_id, **params)}\n")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Start the server (blocks until interrupted); 2 for unsafe or impossible options."""
    args = parser(out, err).parse_args(argv)
    token = args.token or os.environ.get(TOKEN_VARIABLE) or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        err.write(f"numcheck: the token must be at least {MIN_TOKEN_LENGTH} characters (make one: openssl rand -hex 16)\n")
        return 2
    if not _loopback(args.host) and token is None and not args.insecure_no_auth:
        err.write(f"numcheck: serving on {args.host} lets other machines in: give --token (or {TOKEN_VARIABLE}), or --insecure-no-auth\n")
        return 2
    if not 0 < args.port < 65536 or min(args.max_body, args.per_client, args.max_connections) < 1 or not args.header_timeout > 0:
        err.write("numcheck: --port must be 1-65535, --max-body, --per-client and --max-connections at least 1, --header-timeout over 0\n")
        return 2
    try:
        from numcheck.serve.app import guarded_app, registry_for
        from numcheck.serve.guard import Guard, install_salt
        from numcheck.serve.server import server
    except ImportError:
        err.write("numcheck: numcheck serve needs the web extra: pip install 'numcheck[web]'\n")
        return 2
    try:
        sock = _bound(args.host, args.port)
    except OSError as error:
        import errno

        if error.errno == errno.EADDRINUSE:
            _say(err, "serve.port_busy", host=args.host, port=args.port)
        else:
            _say(err, "serve.cannot_bind", host=args.host, port=args.port, error=error.strerror or str(error))
        return 2
    # The config file's timeout, workers and key file hold here as on the command line (its offline and lang do not:
    # the page asks online and follows each browser's language).
    from numcheck.frontends.config_file import resolve

    defaults = resolve()
    for warning in defaults.warnings:
        err.write(f"numcheck: warning: {warning}\n")
    settings = defaults.settings_for()
    store = None
    if not args.no_store:
        from numcheck.frontends.output import open_history

        store = open_history(settings)
    # As Jupyter does: a token even on loopback, so a script has a way in that needs no scraping of the page.
    made = token is None and not args.insecure_no_auth
    if made:
        token = secrets.token_urlsafe(24)
    try:
        salt = install_salt(settings)
    except (OSError, ValueError) as error:
        salt = secrets.token_bytes(32)
        err.write(f"numcheck serve: no log salt in {settings.user_data_dir()} ({error}); using one for this run only\n")
    guard = Guard(
        args.host,
        args.port,
        token=token,
        # A made token opens the API to scripts; the page on loopback stays as open as the machine itself.
        token_required=not (made and _loopback(args.host)),
        allowed_hosts=tuple(args.allowed_host),
        max_body=args.max_body,
        per_client=args.per_client,
        log_salt=salt,
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    shown = f"[{args.host}]" if ":" in args.host else args.host
    link = f"http://{shown}:{args.port}/" + (f"?token={token}" if token else "")
    scripts = f"; scripts: Authorization: Bearer {token}" if token else ""
    err.write(f"numcheck serve: {link} (API docs at /docs{scripts}; Ctrl-C stops)\n")
    registry = registry_for(settings)
    if settings.max_billed > 0:
        # NUMCHECK_MAX_BILLED holds here too: each number a visitor checks may be billed, so say how much before the first.
        from datetime import UTC, datetime

        from numcheck.providers.age_search import announcement

        err.write(announcement(registry.select(), settings, None, datetime.now(UTC).date(), None))
    err.flush()
    app = guarded_app(guard, settings=settings, store=store, registry=registry)
    code = 0
    try:
        server(app, args.host, args.port, header_timeout=args.header_timeout, max_connections=args.max_connections).run(sockets=[sock])
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    if any(thread.is_alive() for thread in threading.enumerate() if thread is not threading.current_thread()):
        # Lookups still running belong to clients that are gone or cut off. Python would wait for each at exit (thread
        # pools are joined even from daemon threads, up to NUMCHECK_TIMEOUT per request), which is what made stopping
        # slow; the history database is transactional, so leaving now loses nothing that was stored.
        out.flush()
        err.flush()
        logging.shutdown()
        os._exit(code)
    return code
