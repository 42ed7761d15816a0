"""The reader's language for programs built on numcheck (the examples, a shop's own tool): chosen as the command line
chooses it, and numcheck's sentences said in it.

`numcheck.resolve_language` decides between a choice, a configured language and the locale; what the command line
also reads (``NUMCHECK_LANG`` and the config file's ``lang``) is resolved here, by the same code the command line uses
(`numcheck.frontends.config_file`), so a script and ``numcheck`` speak the same language in the same shell.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from numcheck._errors import NumcheckError
from numcheck.messages import Message, Param, Scalar
from numcheck.render.i18n import resolve_language, say_in, ui


def reader_language(chosen: str | None = None, env: Mapping[str, str] | None = None) -> str:
    """The language numcheck speaks to this reader: ``chosen`` (a ``--lang``), else ``NUMCHECK_LANG``, else the config
    file's ``lang``, else the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``: ``zh*`` is Chinese), else English.

    Raises `numcheck.ConfigError` (one line, with its message) for a language numcheck does not speak, an unusable
    ``NUMCHECK_LANG`` or a config file it cannot read, as the command line does.
    """
    if chosen:
        return resolve_language(chosen)
    from numcheck.frontends.config_file import resolve

    return str(resolve({"lang": None}, env).value("lang"))


def sentence(lang: str, said: str | Message | NumcheckError, /, **params: Param | Sequence[Scalar | Message]) -> str:
    """``said`` in ``lang``: a message id of `numcheck.messages` (with ``params``), a `numcheck.Message`, or a
    `numcheck.NumcheckError` (its message where it carries one, else its English text, as raised)."""
    if isinstance(said, NumcheckError):
        if not said.message_id:
            return str(said)
        said = Message.model_validate({"id": said.message_id, "params": said.params})
    if isinstance(said, Message):
        return say_in(lang, said)
    return ui(lang, said, **params)
