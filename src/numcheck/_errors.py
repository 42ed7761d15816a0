"""numcheck's exception tree.

Every exception numcheck raises on purpose derives from `NumcheckError`::

    NumcheckError
    ├── InvalidNumber (also a ValueError)  the input is not a phone number numcheck can work with
    ├── ManifestError                      a provider manifest failed to load or validate
    ├── PluginError                        a checker plugin could not be loaded or has bad metadata
    ├── SafetyError                        a checker declares or targets a message-sending endpoint
    ├── StoreError                         the history database cannot be opened or written
    ├── InputError                         a batch input (file, CSV column, stdin) cannot be read
    └── ConfigError (also a ValueError)    a NUMCHECK_* setting has a value numcheck cannot use

``blocked``, ``unknown`` and ``error`` are statuses of a check result, never exceptions:
a failing lookup never aborts a report.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, TypeVar


class NumcheckError(Exception):
    """Root of every exception numcheck raises deliberately.

    ``str(error)`` is one line in English. ``message_id`` and ``params``, where the raiser gave them, say the same line
    as a message of `numcheck.messages`, so that the command line says it in the reader's language.
    """

    message_id: str = ""
    params: dict[str, object] = {}  # noqa: RUF012 - never mutated: an instance sets its own


_Error = TypeVar("_Error", bound=NumcheckError)


class InvalidReason(StrEnum):
    """Why an input was rejected as a phone number (like phonenumbers' ``error_type``)."""

    EMPTY = "empty"
    TOO_LONG_INPUT = "too_long_input"
    CONTROL_CHARACTERS = "control_characters"
    NOT_A_NUMBER = "not_a_number"
    INVALID_COUNTRY_CODE = "invalid_country_code"
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    INVALID_REGION = "invalid_region"


class InvalidNumber(NumcheckError, ValueError):  # noqa: N818 - the name is the public contract (DESIGN.md)
    """Raised by `numcheck.parse` when the input cannot be a phone number.

    ``reason`` is an `InvalidReason`; ``str(error)`` is one line fit for a person, in English. ``message_id`` and
    ``params`` say the same line as a message of `numcheck.messages` (empty when the raiser gave only text), so that
    a Chinese reader is told why in Chinese (`numcheck.numbers.invalid_message`).
    """

    def __init__(self, reason: InvalidReason, message: str, *, message_id: str = "", params: dict[str, str | int] | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.message_id = message_id
        self.params = dict(params or {})


class ManifestError(NumcheckError):
    """Raised when a provider manifest cannot be read or fails its JSON Schema.

    ``path`` is the manifest file and ``pointer`` the JSON pointer of the offending value.
    """

    def __init__(self, path: str, pointer: str, message: str) -> None:
        super().__init__(f"{path}: {pointer or '/'}: {message}")
        self.path = path
        self.pointer = pointer


class PluginError(NumcheckError):
    """Raised when a checker plugin fails to import or offers a checker with bad metadata."""


class SafetyError(PluginError):
    """Raised when a checker declares ``sends_message=True`` or targets a code-sending endpoint."""


StoreProblem = Literal["locked", "corrupt", "full", "unwritable"]


class StoreError(NumcheckError):
    """Raised when the history database is locked, corrupt, on a full disk or cannot be written.

    ``problem`` says which; ``path`` is the database file. Results already written stay written. ``message_id`` and
    ``params`` (``path`` added) say the same line as a message of `numcheck.messages`, for the reader's language.
    """

    def __init__(
        self, path: str, problem: StoreProblem, message: str, *, message_id: str = "", params: dict[str, object] | None = None
    ) -> None:
        super().__init__(f"history database {path}: {message}")
        self.path = path
        self.problem: StoreProblem = problem
        self.message_id = message_id
        self.params = {**(params or {}), "path": path} if message_id else {}


class InputError(NumcheckError):
    """Raised when a batch input cannot be read: a missing or unreadable file, bad encoding, no such column."""


class ConfigError(NumcheckError, ValueError):
    """Raised when a ``NUMCHECK_*`` environment variable (or a Settings override) has an unusable value.

    ``str(error)`` is one line in English; ``message_id`` and ``params`` say it as a message of `numcheck.messages`
    (empty when the raiser gave only text), so that the command line says it in the reader's language.
    """

    def __init__(self, message: str, *, message_id: str = "", params: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.message_id = message_id
        self.params = dict(params or {})


def with_message(error: _Error, message_id: str, params: dict[str, object]) -> _Error:
    """``error`` carrying its line as a message too (`numcheck.messages.failure` builds both from one message)."""
    error.message_id, error.params = message_id, dict(params)
    return error


def quoted(text: str, limit: int = 24) -> str:
    """At most ``limit`` characters of user input, escaped (control characters shown, never sent to the terminal)."""
    return repr(text[:limit]) + ("…" if len(text) > limit else "")


def shortened(text: str, limit: int = 24) -> str:
    """At most ``limit`` characters of user input, for a message that quotes it in the reader's way (``{input!r}``, 「」)."""
    return text[:limit] + ("…" if len(text) > limit else "")
