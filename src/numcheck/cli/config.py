"""``numcheck config``: each effective setting, and where it came from (default, config file, environment, flag)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from numcheck.frontends import EXIT_OK
from numcheck.frontends.config_file import Resolved, Setting, resolve
from numcheck.frontends.help import help_language, said
from numcheck.frontends.parsing import StreamParser, command_parser, duration
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES, ui
from numcheck.render.width import pad, width


def config_parser(out: TextIO, err: TextIO, lang: str = DEFAULT_LANGUAGE) -> StreamParser:
    def text(key: str) -> str:
        return said(lang, f"help.config.{key}")

    parser = command_parser(
        out, err, prog="numcheck config", lang=lang, description=text("description"), epilog=said(lang, "help.exit_codes")
    )
    parser.add_argument("--json", action="store_true", help=text("json"))
    parser.add_argument("--offline", action="store_true", default=None, help=text("offline"))
    parser.add_argument("--online", dest="offline", action="store_false", help=text("online"))
    parser.add_argument("--workers", type=int, metavar="N", help=text("workers"))
    parser.add_argument("--timeout", type=duration, metavar="SECONDS", help=text("timeout"))
    parser.add_argument("--lang", choices=LANGUAGES, help=text("lang"))
    return parser


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render_config(resolved: Resolved, lang: str = DEFAULT_LANGUAGE) -> str:
    """Each setting, its value and where it came from, in ``lang`` (the names and values are what the file takes)."""
    rows: list[Setting] = list(resolved.settings.values())
    setting, value, source = (ui(lang, f"config.{word}") for word in ("setting", "value", "from"))
    names = max(9, width(setting), *(len(row.name) for row in rows))
    values = max(width(value), *(len(_shown(row.value)) for row in rows))
    lines = [f"{pad(setting, names)} {pad(value, values)}  {source}"]
    for row in rows:
        said = ui(lang, f"config.source.{row.source.value}", where=row.where)
        lines.append(f"{row.name:<{names}} {_shown(row.value):<{values}}  {said}")
    if resolved.path is None:
        lines.append(ui(lang, "config.file_none"))
    else:
        lines.append(ui(lang, "config.file" if resolved.found else "config.file_missing", path=str(resolved.path)))
    return "\n".join(lines) + "\n"


def config_json(resolved: Resolved) -> str:
    import json  # here: every check reads its settings through this module, and none of them needs json

    payload = {
        "config_file": None if resolved.path is None else str(resolved.path),
        "config_file_found": resolved.found,
        "settings": {
            row.name: {"value": row.value, "source": row.source.value, "where": row.where or None} for row in resolved.settings.values()
        },
        "warnings": list(resolved.warning_texts),
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def run_config(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    args = config_parser(out, err, help_language(argv)).parse_args(argv)
    resolved = configured({"offline": args.offline, "workers": args.workers, "timeout": args.timeout, "lang": args.lang}, err)
    out.write(config_json(resolved) if args.json else render_config(resolved, str(resolved.value("lang"))))
    return EXIT_OK


def configured(flags: dict[str, object], err: TextIO) -> Resolved:
    """The effective settings for a command given these flags; the config file's warnings said on ``err`` (one line each)."""
    resolved = resolve(flags)
    if resolved.warnings:
        lang = str(resolved.value("lang"))
        for warning in resolved.warnings:
            err.write(f"numcheck: {ui(lang, 'config.warning', warning=warning)}\n")
    return resolved
