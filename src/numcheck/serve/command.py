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

from numcheck.frontends import EXIT_INTERRUPTED
from numcheck.frontends.help import help_language, said
from numcheck.frontends.parsing import command_parser
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES, say_in, ui

TOKEN_VARIABLE = "NUMCHECK_SERVE_TOKEN"
MIN_TOKEN_LENGTH = 16  # numcheck.serve.guard holds the same; this module must not import the web extra before checking it


def parser(out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> argparse.ArgumentParser:
    def text(key: str, **params: str | int) -> str:
        return said(lang, f"help.serve.{key}", **params)

    parser = command_parser(out, err, prog="numcheck serve", lang=lang, description=text("description"))
    parser.add_argument("--host", default="127.0.0.1", help=text("host"))
    parser.add_argument("--port", type=int, default=8765, help=text("port"))
    parser.add_argument("--token", help=text("token", variable=TOKEN_VARIABLE))
    parser.add_argument("--insecure-no-auth", action="store_true", help=text("insecure_no_auth"))
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME[:PORT]", help=text("allowed_host"))
    parser.add_argument("--no-store", action="store_true", help=text("no_store"))
    parser.add_argument("--max-body", type=int, default=256 * 1024, metavar="BYTES", help=text("max_body"))
    parser.add_argument("--per-client", type=int, default=8, metavar="N", help=text("per_client"))
    parser.add_argument("--header-timeout", type=float, default=10.0, metavar="SECONDS", help=text("header_timeout"))
    parser.add_argument("--max-connections", type=int, default=256, metavar="N", help=text("max_connections"))
    parser.add_argument("--lang", choices=LANGUAGES, help=text("lang"))
    parser.epilog = text("epilog")
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


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Start the server (blocks until interrupted); 2 for unsafe or impossible options."""
    args = parser(out, err, help_language(argv)).parse_args(argv)
    # The command's own lines follow --lang, the config file and the locale; the page follows each browser's language.
    from numcheck.frontends.config_file import resolve

    defaults = resolve({"lang": args.lang})
    lang = str(defaults.value("lang"))

    def say_line(message_id: str, /, **params: str | int) -> None:
        err.write(f"numcheck: {ui(lang, message_id, **params)}\n")

    token = args.token or os.environ.get(TOKEN_VARIABLE) or None
    if token is not None and len(token) < MIN_TOKEN_LENGTH:
        say_line("serve.token_short", least=MIN_TOKEN_LENGTH)
        return 2
    if not _loopback(args.host) and token is None and not args.insecure_no_auth:
        say_line("serve.exposed", host=args.host, variable=TOKEN_VARIABLE)
        return 2
    if not 0 < args.port < 65536 or min(args.max_body, args.per_client, args.max_connections) < 1 or not args.header_timeout > 0:
        say_line("serve.limits")
        return 2
    try:
        from numcheck.serve.app import guarded_app, registry_for
        from numcheck.serve.guard import Guard, install_salt
        from numcheck.serve.server import server
    except ImportError:
        say_line("serve.needs_web")
        return 2
    try:
        sock = _bound(args.host, args.port)
    except OSError as error:
        import errno

        if error.errno == errno.EADDRINUSE:
            say_line("serve.port_busy", host=args.host, port=args.port)
        else:
            say_line("serve.cannot_bind", host=args.host, port=args.port, error=error.strerror or str(error))
        return 2
    # The config file's timeout, workers and key file hold here as on the command line (its offline does not: the page
    # asks online).
    for warning in defaults.warnings:
        err.write(f"numcheck: {ui(lang, 'config.warning', warning=warning)}\n")
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
        err.write(f"numcheck serve: {ui(lang, 'serve.no_salt', where=str(settings.user_data_dir()), error=str(error))}\n")
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
    scripts = ui(lang, "serve.scripts", token=token) if token else ""
    err.write(f"numcheck serve: {ui(lang, 'serve.listening', link=link, scripts=scripts)}\n")
    registry = registry_for(settings)
    if settings.max_billed > 0:
        # NUMCHECK_MAX_BILLED holds here too: each number a visitor checks may be billed, so say how much before the first.
        from datetime import UTC, datetime

        from numcheck.providers.age_search import announcement_messages

        for line in announcement_messages(registry.select(), settings, None, datetime.now(UTC).date(), None):
            err.write(f"numcheck: {say_in(lang, line)}\n")
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
