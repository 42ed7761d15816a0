"""The English source of every subcommand's ``--help`` but ``numcheck`` and ``compare`` (those are in `.help`).

Plain fields only, as in `.help`: an English run formats them with str.format and renders no message.
"""

from __future__ import annotations

from numcheck.messages.help import EXIT_CODES

_REGION = "region for a number written without a country code (default CN)"
_JSON = "print JSON"

SUBCOMMAND_HELP: dict[str, str] = {
    # numcheck history / numcheck diff
    "help.history.description": "List the stored checks of a number, newest first.",
    "help.diff.description": (
        "Show what changed between the two latest checks of a number (e.g. bindings removed after the carrier's unbinding service)."
    ),
    "help.history.number": "the number, in any written form",
    "help.history.region": _REGION,
    "help.history.json": _JSON,
    "help.history.limit": "how many checks to list (default 20)",
    "help.history.color": "colour the output",
    # numcheck after-buy
    "help.after_buy.description": (
        "After buying a number: a dated plan (the carrier's 二次号码焕新, 一证通查 2.0, appeals, a re-check date) "
        "from the purchase check; on a later run, what changed since it (bindings released, tags cleared)."
    ),
    "help.after_buy.number": "the number you bought, in any written form",
    "help.after_buy.bought": "the day you bought it (first run only; default today)",
    "help.after_buy.no_check": "check nothing now: compare with the latest stored check",
    "help.after_buy.refresh": "ask every service again, even if a stored answer is fresh",
    "help.after_buy.json": "print the plan as JSON",
    # numcheck checkers
    "help.checkers.description": "List every checker numcheck knows, and broken plugins.",
    "help.checkers.json": "print the list as JSON",
    # numcheck config
    "help.config.description": (
        "Show each effective setting (lang, offline, workers, timeout, key_file) and where it came from: a flag, "
        "the environment, the config file or numcheck's default. Give the flags a run would get to see what it would use."
    ),
    "help.config.json": _JSON,
    "help.config.offline": "as a check given --offline would",
    "help.config.online": "as a check given --online would",
    "help.config.workers": "as a check given --workers N would",
    "help.config.timeout": "as a check given --timeout would",
    "help.config.lang": "as a check given --lang would",
    # numcheck serve
    "help.serve.description": "A local web page and JSON API (/api/v1, OpenAPI at /openapi.json, docs at /docs) over numcheck's engine.",
    "help.serve.host": "address to listen on (default 127.0.0.1: this machine only)",
    "help.serve.port": "port (default 8765)",
    "help.serve.token": (
        "at least 16 characters; required for any other address: bearer token for the API, password for the page (or "
        "{variable}; without either, one is made and printed)"
    ),
    "help.serve.insecure_no_auth": "listen on a non-loopback address without a token (not recommended)",
    "help.serve.allowed_host": "another Host header to accept (a reverse proxy's name)",
    "help.serve.no_store": "keep no history and reuse nothing",
    "help.serve.max_body": "largest request body (default 262144)",
    "help.serve.per_client": "requests and batches at once from one client (default 8)",
    "help.serve.header_timeout": "time a request's head may take to arrive (default 10)",
    "help.serve.max_connections": "open connections at once (default 256)",
    "help.serve.lang": "language of the command's own lines and help: en or zh (the page follows the browser's Accept-Language)",
    # numcheck serve's own lines on stderr.
    "serve.token_short": "the token must be at least {least} characters (make one: openssl rand -hex 16)",
    "serve.exposed": "serving on {host} lets other machines in: give --token (or {variable}), or --insecure-no-auth",
    "serve.limits": "--port must be 1-65535, --max-body, --per-client and --max-connections at least 1, --header-timeout over 0",
    "serve.needs_web": "numcheck serve needs the web extra: pip install 'numcheck[web]'",
    "serve.no_salt": "no log salt in {where!q} ({error!q}); using one for this run only",
    "serve.listening": "{link} (API docs at /docs{scripts}; Ctrl-C stops)",
    "serve.scripts": "; scripts: Authorization: Bearer {token}",
    # numcheck record (maintainers)
    "help.record.description": (
        "Re-record a provider's cassette LIVE (maintainers, with internet and a number you own); scrubbed on the way."
    ),
    "help.record.provider": "checker id",
    "help.record.scenario": "registered, not_registered, blocked, drift or no_data",
    "help.record.number": "a number you own whose answer is that scenario",
    "help.record.out": "cassette directory (default fixtures/cassettes)",
    # numcheck doctor
    "help.doctor.description": (
        "Re-run known-answer checks and report providers whose answers drifted (exit 3 on drift); "
        "--self-check judges every online checker and keeps its health."
    ),
    "help.doctor.epilog": EXIT_CODES,
    "help.doctor.file": (
        "known answers (TOML: [checker-id] registered = 'NUMBER', not_registered = 'NUMBER'); "
        "default: known-answers.toml in the config directory"
    ),
    "help.doctor.sweep": (
        "false-positive sweep: ask every account provider about numbers from never-opened segments; "
        "a 'registered' answer there means its signals drifted"
    ),
    "help.doctor.disable": "with --sweep: switch drifting providers off in your config",
    "help.doctor.group": "self-check and health (docs/self-check.md)",
    "help.doctor.self_check": (
        "ask every online checker about fresh never-issued numbers (a 'registered' is a false positive) and the known "
        "answers of --known; store the health table (a checker caught giving false answers is set aside at check time); "
        "exit 0 only when every checker asked is healthy, else 3"
    ),
    "help.doctor.known": (
        "known answers (canaries) for --self-check, in the format of --file (lists allowed); default: known-answers.toml "
        "in the config directory, when there is one"
    ),
    "help.doctor.controls": "never-issued numbers per checker, 0 to 20 (default 3)",
    "help.doctor.only": "self-check only these checkers (repeatable, comma-separated)",
    "help.doctor.json": "print the health table as JSON (the published health file format)",
    "help.doctor.markdown": "print the health table as Markdown",
    "help.doctor.save": "also write the health table as a JSON health file to PATH",
    "help.doctor.health_from": (
        "load a published health file (no default: you choose whose); its false answers set checkers aside like your own"
    ),
}
