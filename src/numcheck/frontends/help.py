"""Every command's ``--help`` and argparse's own lines in the reader's language (``numcheck.messages.help``, ``.usage``).

A parser is built with its help texts in one language. Only a run that asks for help (``-h``/``--help``) works out
which: every other run builds it in English, which it never shows, and reads no config file for it. A usage error
works the language out when it happens (`numcheck.frontends.parsing.StreamParser.error`).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable, Sequence
from typing import Any

from numcheck._errors import NumcheckError
from numcheck.messages import MESSAGES
from numcheck.render.i18n import DEFAULT_LANGUAGE, LANGUAGES, resolve_language, ui
from numcheck.render.width import wide_fill, width

_HELP_FLAGS = ("-h", "--help")
# The columns a hanging mark (。，）」 past the cut) takes: wide_fill lets one overflow rather than start a line with it.
_HANGING = 2


def said(lang: str, message_id: str, /, **params: str | int) -> str:
    """A help text in ``lang``; English straight from the template (plain fields), so a run that shows no help pays nothing."""
    return MESSAGES[message_id].format(**params) if lang == DEFAULT_LANGUAGE else ui(lang, message_id, **params)


def argv_language(argv: Sequence[str]) -> str:
    """The language of a run, from its arguments alone: ``--lang``, else the configured one, else the locale's.

    A config file or ``NUMCHECK_LANG`` numcheck cannot use does not stop a help text or a usage error from being
    shown: the run reports that itself once parsed; here the locale decides (after a usable ``NUMCHECK_LANG``).
    """
    chosen = None
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif word.startswith("--lang="):
            chosen = word.partition("=")[2]
    if chosen in LANGUAGES:
        return str(chosen)
    from numcheck.frontends.config_file import resolve

    try:
        return str(resolve({}).value("lang"))
    except NumcheckError:
        configured = os.environ.get("NUMCHECK_LANG")
        return resolve_language(configured if configured in LANGUAGES else None)


def help_language(argv: Sequence[str]) -> str:
    """The language ``--help`` is shown in: English unless ``argv`` asks for help, then `argv_language`."""
    if not any(word in _HELP_FLAGS for word in argv):
        return DEFAULT_LANGUAGE
    return argv_language(argv)


class ParagraphFormatter(argparse.HelpFormatter):
    """argparse's help, with its description and epilog filled paragraph by paragraph, and indented lines kept as written.

    So a list of commands keeps one command a line, and prose still fits the terminal.
    """

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for paragraph in text.split("\n\n"):
            lines = paragraph.splitlines()
            if any(line.startswith("  ") for line in lines):
                blocks.append("\n".join(indent + line for line in lines))
            else:
                blocks.append(self._fill_paragraph(paragraph, width, indent))
        return "\n\n".join(blocks)

    def _fill_paragraph(self, paragraph: str, width: int, indent: str) -> str:
        return super()._fill_text(paragraph, width, indent)


def formatter_for(lang: str) -> type[argparse.HelpFormatter]:
    """`ParagraphFormatter`, with argparse's own words (usage, the section headings) in ``lang``."""
    if lang == DEFAULT_LANGUAGE:
        return ParagraphFormatter

    headings = {"positional arguments": ui(lang, "help.positional"), "options": ui(lang, "help.options")}

    class Localized(ParagraphFormatter):
        def start_section(self, heading: str | None) -> None:
            super().start_section(headings.get(heading or "", heading))

        def add_usage(
            self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any], prefix: str | None = None
        ) -> None:
            super().add_usage(usage, actions, groups, ui(lang, "help.usage") if prefix is None else prefix)

        def _format_usage(self, usage: str | None, actions: Iterable[argparse.Action], groups: Iterable[Any], prefix: str | None) -> str:
            # argparse indents the usage's next lines by the prefix's characters; "用法：" shows two columns a character.
            wider = width(prefix or "") - len(prefix or "")
            self._width -= wider
            try:
                text = super()._format_usage(usage, actions, groups, prefix)
            finally:
                self._width += wider
            first, *rest = text.split("\n")
            return "\n".join([first, *(" " * wider + line if line.startswith(" ") else line for line in rest)])

        def format_help(self) -> str:
            # argparse ends a heading with an ASCII colon; Chinese ends it with a full-width one.
            text = super().format_help()
            for heading in self._headings():
                text = text.replace(f"\n{heading}:\n", f"\n{heading}：\n")
            return text

        def _headings(self) -> list[str]:
            return [*headings.values(), *self._groups]

        @property
        def _groups(self) -> list[str]:
            return [ui(lang, message_id) for message_id in GROUP_HEADINGS]

        def _split_lines(self, text: str, width: int) -> list[str]:
            # argparse counts characters; a Chinese character takes two columns, so lines are cut by display width, two
            # columns short: a mark that may not start a line hangs past the cut (悬挂标点), still inside the terminal.
            return wide_fill(" ".join(text.split()), width - _HANGING, 0).splitlines()

        def _fill_paragraph(self, paragraph: str, width: int, indent: str) -> str:
            filled = wide_fill(" ".join(paragraph.split()), width - len(indent) - _HANGING, 0)
            return "\n".join(indent + line for line in filled.splitlines())

    return Localized


# Argument groups' headings, which end with a colon like argparse's own.
GROUP_HEADINGS = ("help.doctor.group",)


def add_help_option(parser: argparse.ArgumentParser, lang: str) -> None:
    """-h/--help with its help in ``lang`` (the parser is made with ``add_help=False``)."""
    parser.add_argument("-h", "--help", action="help", help=said(lang, "help.help"))
