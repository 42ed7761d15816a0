"""The user's config file: the defaults of the command line and ``numcheck serve``, and where each setting came from.

A TOML file, ``config.toml`` in the platform's config directory (``~/.config/numcheck/`` on Linux,
``$XDG_CONFIG_HOME`` honoured; ``%APPDATA%`` on Windows; ``~/Library/Application Support`` on macOS, all as
``platformdirs`` decides). ``NUMCHECK_CONFIG_DIR`` moves that directory; ``NUMCHECK_CONFIG`` names the file itself,
and set to the empty string reads no file at all::

    lang = "zh"                  # en or zh: the language of reports
    offline = true               # ask no online service (--online overrides it for one run)
    workers = 4                  # numbers checked at once in a batch (1 to 64)
    timeout = 20                 # seconds per request (more than 0, at most 600)
    key_file = "keys.env"        # checker keys as NAME=value lines; relative to the config file's directory

Each setting comes from the first of: a flag, the environment (`ENVIRONMENT`), the config file, numcheck's default
(for ``lang``, the locale: ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` starting with ``zh``). ``numcheck config`` prints
each effective value and where it came from. A file that is not valid TOML, or a value numcheck cannot use, is a
`ConfigError`: one line, exit status 2. An unknown key is a warning, never a silent no-op.

The library's own API (``numcheck.check``) never reads this file: a program's results do not change with the
config of whoever runs it.
"""

import os
import stat
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from numcheck._errors import ConfigError
from numcheck.config import Settings
from numcheck.messages import Message, Param, english, say
from numcheck.policy import is_key_variable
from numcheck.render.i18n import LANGUAGES, LOCALE_VARIABLES, resolve_language

CONFIG_FILE_NAME = "config.toml"
# Names the config file itself; empty: read none.
CONFIG_VARIABLE = "NUMCHECK_CONFIG"
NAMES = ("lang", "offline", "workers", "timeout", "key_file")
ENVIRONMENT = {
    "lang": "NUMCHECK_LANG",
    "offline": "NUMCHECK_OFFLINE",
    "workers": "NUMCHECK_WORKERS",
    "timeout": "NUMCHECK_TIMEOUT",
    "key_file": "NUMCHECK_KEY_FILE",
}
FLAGS = {"lang": "--lang", "workers": "--workers", "timeout": "--timeout"}
# The locale variables in the order POSIX reads them: the first one set decides.
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class Source(StrEnum):
    """Where an effective setting came from, lowest precedence first."""

    DEFAULT = "default"
    LOCALE = "locale"
    CONFIG_FILE = "config file"
    ENVIRONMENT = "environment"
    FLAG = "flag"


class Setting(NamedTuple):
    """One effective setting: its value, and where it came from (``where``: the file, variable or flag)."""

    name: str
    value: str | bool | int | float | None
    source: Source
    where: str

    def origin(self) -> str:
        """Where it came from, as one phrase: ``default``, ``config file /path``, ``environment NUMCHECK_TIMEOUT`` ..."""
        return f"{self.source.value} {self.where}".strip()

    def origin_message(self) -> Message:
        """`origin` as a message (``config.source.*``), for the reader's language."""
        return say(f"config.source.{self.source.value}", where=self.where)


def config_path(env: Mapping[str, str] | None = None) -> Path | None:
    """The config file numcheck reads (it may not exist), or None when ``NUMCHECK_CONFIG`` is set empty."""
    env = os.environ if env is None else env
    if CONFIG_VARIABLE in env:
        named = env[CONFIG_VARIABLE]
        return Path(named).expanduser() if named else None
    return _config_dir(env) / CONFIG_FILE_NAME


def _config_dir(env: Mapping[str, str]) -> Path:
    # Settings knows where the config directory is (NUMCHECK_CONFIG_DIR, else the platform's): asked, not repeated.
    # Unvalidated: a Path or None is all config_dir holds, and validating would build Settings' validator on every start.
    given = Path(env["NUMCHECK_CONFIG_DIR"]) if env.get("NUMCHECK_CONFIG_DIR") else None
    return Settings.model_construct(config_dir=given).user_config_dir()


def config_error(message_id: str, /, **params: Param) -> ConfigError:
    """A `ConfigError` whose English is the message's, carrying the message for the reader's language."""
    message = say(message_id, **params)
    return ConfigError(english(message), message_id=message_id, params=dict(message.params))


def _problem(path: Path, problem: Message) -> ConfigError:
    return config_error("config.problem", path=str(path), problem=problem)


class _UnusableError(ValueError):
    """Why a value cannot be used, as a message (a ValueError so that callers may catch it as one)."""

    def __init__(self, message: Message) -> None:
        super().__init__(english(message))
        self.message = message


def _scalar(value: object) -> str | int | float | bool:
    # A TOML table or array is shown as Python writes it; a scalar is itself (the English template writes its repr).
    return value if isinstance(value, str | int | float | bool) else str(value)


def _unusable(message_id: str, /, **params: Param) -> _UnusableError:
    return _UnusableError(say(message_id, **params))


def read_config_file(path: Path) -> tuple[dict[str, str | bool | int | float], tuple[Message, ...]]:
    """The settings ``path`` sets, checked, and warnings (unknown keys); raises `ConfigError` with one line."""
    import tomllib  # only when there is a file to read: most runs have none

    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise _problem(path, say("config.not_toml", error=str(error))) from None
    except UnicodeDecodeError:
        raise _problem(path, say("config.not_utf8")) from None
    except OSError as error:
        raise _problem(path, say("config.unreadable", error=str(error.strerror or error))) from None
    warnings = tuple(say("config.unknown_setting", path=str(path), name=name, known=NAMES) for name in raw if name not in NAMES)
    values: dict[str, str | bool | int | float] = {}
    for name in NAMES:
        if name in raw:
            try:
                values[name] = _checked(name, raw[name])
            except _UnusableError as error:
                raise _problem(path, say("config.bad_value", name=name, problem=error.message)) from None
    if "key_file" in values:
        # A relative key file is beside the config file, wherever numcheck is started from.
        values["key_file"] = str((path.parent / Path(str(values["key_file"])).expanduser()).resolve())
    return values, warnings


def _checked(name: str, value: object) -> str | bool | int | float:
    """``value`` as the setting ``name`` takes it, or ValueError saying why not."""
    if name == "lang":
        if value not in LANGUAGES:
            raise _unusable("config.not_a_language", value=_scalar(value), first=LANGUAGES[0], second=LANGUAGES[-1])
        return str(value)
    if name == "offline":
        if not isinstance(value, bool):
            raise _unusable("config.not_a_bool", value=_scalar(value))
        return value
    if name == "key_file":
        if not isinstance(value, str) or not value.strip():
            raise _unusable("config.not_a_path", value=_scalar(value))
        return value
    # workers and timeout: the very limits Settings enforces, from Settings itself.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _unusable("config.not_a_number", value=_scalar(value))
    try:
        checked = getattr(Settings.model_validate({name: value}), name)
    except ValidationError as error:
        first = error.errors()[0]
        bound = next((key for key in ("ge", "gt", "le", "lt") if key in first.get("ctx", {})), None)
        if bound is not None:  # the limit said in the reader's words, not pydantic's English
            limit = first["ctx"][bound]
            limit = int(limit) if isinstance(limit, float) and limit.is_integer() else limit  # 600, not 600.0
            raise _unusable(f"config.bound.{bound}", value=_scalar(value), limit=_scalar(limit)) from None
        raise _unusable("config.out_of_range", value=_scalar(value), error=first["msg"]) from None
    return int(checked) if name == "workers" else float(checked)


def _from_environment(name: str, text: str) -> str | bool | int | float:
    try:
        return _parsed(name, text)
    except _UnusableError as error:
        raise config_error("config.env_problem", name=name, variable=ENVIRONMENT[name], problem=error.message) from None


def _parsed(name: str, text: str) -> str | bool | int | float:
    if name == "offline":
        folded = text.strip().lower()
        if folded not in (*_TRUE, *_FALSE):
            raise _unusable("config.not_one_of", value=text, choices=_TRUE + _FALSE)
        return folded in _TRUE
    if name in ("workers", "timeout"):
        try:
            number: int | float = int(text) if name == "workers" else float(text)
        except ValueError:
            raise _unusable("config.not_a_number", value=text) from None
        return _checked(name, number)
    return _checked(name, text)


def _locale_language(env: Mapping[str, str]) -> Setting:
    # The language itself is read by the one function every front end uses; this only names where it came from.
    variable = next((name for name in LOCALE_VARIABLES if env.get(name)), "")
    return Setting("lang", resolve_language(env=env), Source.LOCALE if variable else Source.DEFAULT, variable)


_DEFAULTS: dict[str, str | bool | int | float | None] = {
    "offline": False,
    "workers": Settings.model_fields["workers"].default,
    "timeout": Settings.model_fields["timeout"].default,
    "key_file": None,
}


class Resolved(NamedTuple):
    """Every effective setting, the config file read (or None) and whether it exists, and warnings to show."""

    settings: dict[str, Setting]
    path: Path | None
    found: bool
    warnings: tuple[Message, ...]

    @property
    def warning_texts(self) -> tuple[str, ...]:
        """The warnings in English (``numcheck config --json``)."""
        return tuple(english(warning) for warning in self.warnings)

    def value(self, name: str) -> str | bool | int | float | None:
        return self.settings[name].value

    def keys(self, env: Mapping[str, str] | None = None) -> dict[str, str]:
        """The checker keys a run has: the environment's, over those of the key file (raises `ConfigError`)."""
        env = os.environ if env is None else env
        key_file = self.settings["key_file"]
        if key_file.value is None:
            return dict(env)
        return {**read_key_file(Path(str(key_file.value)).expanduser(), key_file.origin_message()), **env}

    def settings_for(self, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """`Settings` with these defaults applied (``overrides`` win: the options that are not settings here)."""
        chosen: dict[str, object] = {"keys": self.keys(env)}
        for name in ("workers", "timeout"):
            if self.settings[name].source is not Source.DEFAULT:
                chosen[name] = self.settings[name].value
        return Settings.from_env(env, **{**chosen, **overrides})


def resolve(flags: Mapping[str, object] | None = None, env: Mapping[str, str] | None = None) -> Resolved:
    """The effective settings: ``flags`` (a value, or None when the flag was not given), the environment, the config file.

    Raises `ConfigError` (one line) for an unreadable or invalid config file or environment value.
    """
    env = os.environ if env is None else env
    flags = flags or {}
    path = config_path(env)
    found = path is not None and path.is_file()
    if path is not None and not found and env.get(CONFIG_VARIABLE):
        raise config_error("config.not_a_file", variable=CONFIG_VARIABLE, path=str(path))
    in_file, warnings = read_config_file(path) if found and path is not None else ({}, ())
    chosen: dict[str, Setting] = {}
    for name in NAMES:
        flag = flags.get(name)
        variable = ENVIRONMENT[name]
        if flag is not None:
            shown = ("--offline" if flag else "--online") if name == "offline" else FLAGS.get(name, "")
            if name in ("workers", "timeout"):
                try:  # a flag's value is checked as the config file's is: one line in the reader's language
                    _checked(name, flag)
                except _UnusableError as error:
                    raise config_error("config.flag_problem", flag=shown, problem=error.message) from None
            chosen[name] = Setting(name, _plain(flag), Source.FLAG, shown)
        elif env.get(variable):
            chosen[name] = Setting(name, _from_environment(name, env[variable]), Source.ENVIRONMENT, variable)
        elif name in in_file:
            chosen[name] = Setting(name, in_file[name], Source.CONFIG_FILE, str(path))
        elif name == "lang":
            chosen[name] = _locale_language(env)
        else:
            chosen[name] = Setting(name, _DEFAULTS[name], Source.DEFAULT, "")
    resolved = Resolved(chosen, path, found, warnings)
    exposed = _key_file_exposed(resolved)
    return resolved._replace(warnings=(*warnings, exposed)) if exposed else resolved


def _plain(value: object) -> str | bool | int | float:
    return value if isinstance(value, str | bool | int | float) else str(value)


def configured_language(env: Mapping[str, str] | None = None) -> str | None:
    """The language the config file sets (``"en"`` or ``"zh"``), or None when it sets none (or there is no file).

    For whoever resolves the report language: after ``--lang`` and ``NUMCHECK_LANG``, before the locale.
    Raises `ConfigError` for a config file numcheck cannot read.
    """
    env = os.environ if env is None else env
    path = config_path(env)
    if path is None or not path.is_file():
        return None
    value = read_config_file(path)[0].get("lang")
    return None if value is None else str(value)


def read_key_file(path: Path, named_by: Message | str) -> dict[str, str]:
    """Checker keys from ``path``: ``NAME=value`` lines (``#`` comments, blank lines, quotes around a value allowed).

    Only checkers' key variables (``NUMCHECK_KEY_<CHECKER>_<NAME>`` and the built-in ones) may be set: any other
    name is a `ConfigError`, so a typo is never a key silently missing.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise config_error("config.key_file_missing", path=str(path), origin=named_by) from None
    except (OSError, UnicodeDecodeError) as error:
        problem = str(getattr(error, "strerror", None) or error)
        raise config_error("config.key_file_unreadable", path=str(path), origin=named_by, error=problem) from None
    keys: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, separator, value = stripped.partition("=")
        name, value = name.strip(), value.strip()
        if not separator or not is_key_variable(name):
            raise config_error("config.key_file_line", path=str(path), line=number)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        keys[name] = value
    return keys


def _key_file_exposed(resolved: Resolved) -> Message | None:
    """A warning when the key file can be read by other users (its keys are secrets), or None."""
    value = resolved.value("key_file")
    if value is None:
        return None
    path = Path(str(value)).expanduser()
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        return say("config.key_file_exposed", path=str(path))
    return None
