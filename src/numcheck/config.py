"""Settings: where numcheck keeps things, how it talks HTTP, which keys and base URLs it uses.

Everything comes from arguments or ``NUMCHECK_*`` environment variables, read when
`Settings.from_env` is called (never at import time):

* ``NUMCHECK_USER_AGENT``: the honest User-Agent sent to services.
* ``NUMCHECK_TIMEOUT``: seconds per request (connect and read), default 10.
* ``NUMCHECK_BASE_URL_<CHECKER_ID>``: point one checker at another host (tests use the simulator).
* ``NUMCHECK_BASE_URL``: point every HTTP checker at one host (the simulator).
* ``NUMCHECK_MANIFESTS``: extra manifest directories, separated by the OS path separator.
* ``NUMCHECK_PLUGINS``: comma-separated entry-point names to load; empty loads none; unset loads all.
* ``NUMCHECK_RATE_LIMIT``: ``N/SECONDS``, one limit for every host. It replaces providers' own limits
  only on loopback (the simulator, in tests and benchmarks); against real services it can only slow
  numcheck down.
* ``NUMCHECK_DATA_DIR``: where the history database lives.
* ``NUMCHECK_CACHE_TTL``: how long a stored online result is reused, in seconds (default 86400).
* ``NUMCHECK_STORE_TIMEOUT``: seconds to wait for a history database another process holds (default 5).
* ``NUMCHECK_CONFIG_DIR``: where user manifests live (``manifests/`` inside it).
* ``NUMCHECK_MAX_BILLED``: how many billed calls the number-age search may make per number and source
  (``--max-billed``); 0, the default, makes no search (providers/age_search.py).
* ``NUMCHECK_LANG``: the language of reports, ``en`` or ``zh`` (``--lang`` wins; unset: the locale decides).
* ``NUMCHECK_KEY_<CHECKER_ID>_<NAME>``: key ``NAME`` of one checker (``NUMCHECK_KEY_NUMVERIFY_APIKEY``,
  ``NUMCHECK_KEY_TWILIO_LOOKUP_AUTH_TOKEN`` ...). A checker reads only keys in its own namespace;
  the Alibaba Cloud checkers also read the SDK's documented ``ALIBABA_CLOUD_ACCESS_KEY_ID`` /
  ``ALIBABA_CLOUD_ACCESS_KEY_SECRET`` and ``NUMCHECK_ALIYUN_AUTH_CODE``, the local list ``NUMCHECK_REPUTATION_CSV``.
"""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator

from numcheck._errors import ConfigError
from numcheck._model import FrozenModel
from numcheck.policy import is_key_variable, url_problem

DEFAULT_USER_AGENT = "numcheck (second-hand phone number pre-purchase check; +https://pypi.org/project/numcheck/)"
_BASE_URL_PREFIX = "NUMCHECK_BASE_URL_"
DISABLED_CHECKERS_FILE = "disabled-checkers.txt"
# A search brackets a 30-year range to a day in 14 calls: a larger cap can only be a typo.
MAX_BILLED_CAP = 32


def _env_number(env: Mapping[str, str], name: str, kind: type[int] | type[float]) -> int | float:
    """The number in variable ``name``; a ValueError naming the variable, so the one-line error says which to fix."""
    text = env[name]
    try:
        return kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ValueError(f"{name}={text[:40]!r} is not {what}") from None


def _absolute(url: str) -> str:
    # A base URL decides where keys go (and whether plain HTTP is allowed, for loopback): it must
    # name one host to every parser, and carry no query or fragment for a path to be appended to.
    problem = url_problem(url)
    parts = urlsplit(url)
    if problem is None and (not parts.hostname or parts.query or parts.fragment or "?" in url or "#" in url):
        problem = "a query or fragment, or no host"
    if problem:
        raise ValueError(f"base URL {url[:80]!r} must be an absolute http:// or https:// URL without {problem}")
    return url


# What `Settings.from_env` may be given that validation could only copy: the environment's strings as keys, no base
# URL (those are checked), plugin names and the directories named by variables. Any other setting, from a variable,
# the config file or a flag, is validated.
_COPIED_AS_GIVEN = frozenset({"keys", "base_urls", "plugins", "config_dir", "data_dir"})


def _as_validation_leaves_them(values: Mapping[str, object]) -> bool:
    """Whether validating ``values`` would give them back unchanged: only `_COPIED_AS_GIVEN`, each exactly as declared."""
    if not values.keys() <= _COPIED_AS_GIVEN:
        return False
    keys = values.get("keys", {})
    if type(keys) is not dict or not all(type(name) is str and type(value) is str for name, value in keys.items()):
        return False
    base_urls = values.get("base_urls", {})
    if type(base_urls) is not dict or base_urls:
        return False
    if not all(isinstance(values.get(name), Path | None) for name in ("config_dir", "data_dir")):
        return False
    plugins = values.get("plugins")
    return plugins is None or (type(plugins) is tuple and all(type(name) is str for name in plugins))


class RateLimit(FrozenModel):
    """At most ``requests`` requests per ``per_seconds`` seconds to one host."""

    requests: Annotated[int, Field(ge=1)] = 1
    per_seconds: Annotated[float, Field(gt=0, le=86400, allow_inf_nan=False)] = 1.0


class Settings(FrozenModel):
    """How one run of numcheck behaves."""

    user_agent: Annotated[str, Field(min_length=1, max_length=300)] = DEFAULT_USER_AGENT
    timeout: Annotated[float, Field(gt=0, le=600, allow_inf_nan=False)] = 10.0
    max_body_bytes: Annotated[int, Field(ge=1024)] = 2 * 1024 * 1024
    max_redirects: Annotated[int, Field(ge=0, le=10)] = 3
    base_url: str | None = None
    base_urls: dict[str, str] = Field(default_factory=dict)
    keys: dict[str, str] = Field(default_factory=dict)
    manifest_dirs: tuple[Path, ...] = ()
    plugins: tuple[str, ...] | None = None
    data_dir: Path | None = None
    honour_retry_after_up_to: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 30.0
    since_days: Annotated[int, Field(ge=1, le=36500)] = 730
    rate_limit: RateLimit | None = None
    # True only while cassettes are replayed (nothing leaves the machine): rate_limit then applies to every host.
    replaying: bool = False
    config_dir: Path | None = None
    cache_ttl: Annotated[float, Field(ge=0, allow_inf_nan=False)] = 24 * 3600.0
    store_timeout: Annotated[float, Field(gt=0, le=600, allow_inf_nan=False)] = 5.0
    workers: Annotated[int, Field(ge=1, le=64)] = 8
    # Opt-in and capped: each call of a carrier's dated question may be billed (docs/providers.md, number age).
    max_billed: Annotated[int, Field(ge=0, le=MAX_BILLED_CAP)] = 0
    lang: Literal["en", "zh"] | None = None
    # Ask checkers the last self-check caught giving false answers too (--ignore-health; numcheck.health.gate).
    ignore_health: bool = False

    @field_validator("user_agent")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        if not value.isprintable():
            raise ValueError("the User-Agent must not contain control characters")
        return value

    @field_validator("base_url")
    @classmethod
    def _absolute_base_url(cls, value: str | None) -> str | None:
        return None if value is None else _absolute(value)

    @field_validator("base_urls")
    @classmethod
    def _absolute_base_urls(cls, value: dict[str, str]) -> dict[str, str]:
        return {name: _absolute(url) for name, url in value.items()}

    @field_validator("manifest_dirs")
    @classmethod
    def _existing_directories(cls, value: tuple[Path, ...]) -> tuple[Path, ...]:
        for directory in value:
            if not directory.expanduser().is_dir():
                raise ValueError(f"manifest directory {str(directory)[:80]!r} does not exist")
        return value

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> "Settings":
        """Settings from ``NUMCHECK_*`` variables (``env`` defaults to ``os.environ``), then ``overrides``."""
        env = os.environ if env is None else env
        try:
            return cls._from_env(env, overrides)
        except (ValueError, TypeError) as error:
            first = error.errors()[0] if isinstance(error, ValidationError) else None
            where = ".".join(str(part) for part in first["loc"]) if first else ""
            message = first["msg"] if first else str(error)
            raise ConfigError(
                f"unusable setting{' ' + where if where else ''}: {message} (check the options and NUMCHECK_* environment variables)"
            ) from None

    @classmethod
    def _from_env(cls, env: Mapping[str, str], overrides: Mapping[str, object]) -> "Settings":
        values: dict[str, object] = {"keys": dict(env)}
        if env.get("NUMCHECK_USER_AGENT"):
            values["user_agent"] = env["NUMCHECK_USER_AGENT"]
        if env.get("NUMCHECK_TIMEOUT"):
            values["timeout"] = _env_number(env, "NUMCHECK_TIMEOUT", float)
        if env.get("NUMCHECK_BASE_URL"):
            values["base_url"] = env["NUMCHECK_BASE_URL"]
        values["base_urls"] = {
            name[len(_BASE_URL_PREFIX) :].lower().replace("_", "-"): value
            for name, value in env.items()
            if name.startswith(_BASE_URL_PREFIX) and value
        }
        if env.get("NUMCHECK_MANIFESTS"):
            values["manifest_dirs"] = tuple(Path(part) for part in env["NUMCHECK_MANIFESTS"].split(os.pathsep) if part)
        if "NUMCHECK_PLUGINS" in env:
            values["plugins"] = tuple(name.strip() for name in env["NUMCHECK_PLUGINS"].split(",") if name.strip())
        if env.get("NUMCHECK_CONFIG_DIR"):
            values["config_dir"] = Path(env["NUMCHECK_CONFIG_DIR"])
        if env.get("NUMCHECK_CACHE_TTL"):
            values["cache_ttl"] = _env_number(env, "NUMCHECK_CACHE_TTL", float)
        if env.get("NUMCHECK_RATE_LIMIT"):
            requests, _, seconds = env["NUMCHECK_RATE_LIMIT"].partition("/")
            values["rate_limit"] = {"requests": int(requests), "per_seconds": float(seconds or 1)}
        if env.get("NUMCHECK_STORE_TIMEOUT"):
            values["store_timeout"] = _env_number(env, "NUMCHECK_STORE_TIMEOUT", float)
        if env.get("NUMCHECK_DATA_DIR"):
            values["data_dir"] = Path(env["NUMCHECK_DATA_DIR"])
        if env.get("NUMCHECK_MAX_BILLED"):
            values["max_billed"] = _env_number(env, "NUMCHECK_MAX_BILLED", int)
        if env.get("NUMCHECK_LANG"):
            values["lang"] = env["NUMCHECK_LANG"]
        values.update(overrides)
        if _as_validation_leaves_them(values):
            # Validating builds Settings' validator and, with the first validator of a process, pydantic's plugin
            # loader, which imports importlib.metadata and the e-mail parser: about a fifth of a one-number check's
            # start-up, to copy the environment's strings. tests/unit/test_constructed.py holds the two equal.
            # Dicts copied, as validation copies them: the caller's own would change a frozen Settings later, and a
            # base URL put into an empty one after this check would never be checked.
            copied = {name: dict(value) if isinstance(value, dict) else value for name, value in values.items()}
            return cls.model_construct(None, **copied)
        return cls.model_validate(values)

    def base_url_for(self, checker_id: str, default: str) -> str:
        """The base URL a checker should use: its own override, the global one, or its real host."""
        return self.base_urls.get(checker_id) or self.base_url or default

    def user_config_dir(self) -> Path:
        """Where user manifests live: NUMCHECK_CONFIG_DIR, else the platform's config directory."""
        if self.config_dir is not None:
            return self.config_dir
        import platformdirs

        return Path(platformdirs.user_config_dir("numcheck"))

    def user_data_dir(self) -> Path:
        """Where the history database lives: NUMCHECK_DATA_DIR, else the platform's data directory."""
        if self.data_dir is not None:
            return self.data_dir
        import platformdirs

        return Path(platformdirs.user_data_dir("numcheck"))

    def all_manifest_dirs(self) -> tuple[Path, ...]:
        """The user's manifest directory, then any given with NUMCHECK_MANIFESTS or --manifests."""
        return (self.user_config_dir() / "manifests", *self.manifest_dirs)

    def disabled_checkers_path(self) -> Path:
        """The list of checkers the user switched off (``numcheck doctor --sweep --disable`` writes it)."""
        return self.user_config_dir() / DISABLED_CHECKERS_FILE

    def disabled_checkers(self) -> tuple[str, ...]:
        """Checker ids the user switched off: one id a line; ``#`` lines are comments."""
        try:
            text = self.disabled_checkers_path().read_text(encoding="utf-8")
            return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
        except (OSError, UnicodeDecodeError):
            return ()

    def key(self, name: str) -> str | None:
        """A key for a keyed checker, or None when it is not set."""
        value = self.keys.get(name)
        return value or None

    def key_values(self) -> tuple[str, ...]:
        """Every configured checker key's value (namespaced and built-in ones), longest first: what recording scrubs."""
        values = {value for name, value in self.keys.items() if value and is_key_variable(name)}
        return tuple(sorted(values, key=len, reverse=True))
