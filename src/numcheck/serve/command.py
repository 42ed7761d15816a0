"""``numcheck serve``: parse its options, refuse unsafe bindings, start uvicorn."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
from collections.abc import Sequence
from typing import TextIO

from numcheck.config import Settings

TOKEN_VARIABLE = "NUMCHECK_SERVE_TOKEN"


def parser(out: TextIO, err: TextIO) -> argparse.ArgumentParser:
    from numcheck.cli import _Parser  # the command line's parser: help and usage errors go to its streams

    parser = _Parser(
        out=out,
        err=err,
        prog="numcheck serve",
        description="A local web page and JSON API (/api/v1, OpenAPI at /openapi.json, docs at /docs) over numcheck's engine.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument(
        "--token", help=f"required for any other address: bearer token for the API, password for the page (or {TOKEN_VARIABLE})"
    )
    parser.add_argument(
        "--insecure-no-auth", action="store_true", help="listen on a non-loopback address without a token (not recommended)"
    )
    parser.add_argument(
        "--allowed-host", action="append", default=[], metavar="NAME[:PORT]", help="another Host header to accept (a reverse proxy's name)"
    )
    parser.add_argument("--no-store", action="store_true", help="keep no history and reuse nothing")
    parser.add_argument("--max-body", type=int, default=256 * 1024, metavar="BYTES", help="largest request body (default 262144)")
    parser.add_argument("--per-client", type=int, default=8, metavar="N", help="requests at once from one client (default 8)")
    return parser


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
    if not _loopback(args.host) and token is None and not args.insecure_no_auth:
        err.write(f"numcheck: serving on {args.host} lets other machines in: give --token (or {TOKEN_VARIABLE}), or --insecure-no-auth\n")
        return 2
    if not 0 < args.port < 65536 or args.max_body < 1 or args.per_client < 1:
        err.write("numcheck: --port must be 1-65535, --max-body and --per-client at least 1\n")
        return 2
    try:
        import uvicorn

        from numcheck.serve.app import guarded_app
        from numcheck.serve.guard import Guard
    except ImportError:
        err.write("numcheck: numcheck serve needs the web extra: pip install 'numcheck[web]'\n")
        return 2
    settings = Settings.from_env()
    store = None
    if not args.no_store:
        from numcheck.store import open_store

        store = open_store(settings.user_data_dir(), ttl=settings.cache_ttl, timeout=settings.store_timeout)
    guard = Guard(
        args.host, args.port, token=token, allowed_hosts=tuple(args.allowed_host), max_body=args.max_body, per_client=args.per_client
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    shown = f"[{args.host}]" if ":" in args.host else args.host
    err.write(f"numcheck serve: http://{shown}:{args.port}/ (API docs at /docs; Ctrl-C stops)\n")
    # uvicorn's own access log would print query strings, numbers included: numcheck logs requests itself.
    uvicorn.run(guarded_app(guard, settings=settings, store=store), host=args.host, port=args.port, access_log=False, log_level="warning")
    return 0
