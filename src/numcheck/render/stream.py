"""Writers that stream batch results in each output format as they arrive (usable in a pipe).

``text``: one full report for a single number, else a table row per number (``details``: full reports).
``json``: the report object for a single number, else an array of items written element by element.
``jsonl``: one compact record per line, online and offline in one shape (`compact_record`; ``details``: whole items). ``csv``: a header, then one row per item.
Every writer flushes after each item, so a killed run leaves only complete lines behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TextIO

from numcheck._text import printable
from numcheck.render.i18n import DEFAULT_LANGUAGE, as_said, localized
from numcheck.render.text import render_report

if TYPE_CHECKING:
    from numcheck.batch import BatchItem
    from numcheck.messages import Message

# The table, CSV and JSON Lines row builders (numcheck.render.batch) are imported by the writers that use them: the
# one-number report, the commonest run of the command line, needs none of them.

FORMATS = ("text", "json", "jsonl", "csv")


class Writer(Protocol):
    """Receives items in order; ``close`` ends the document."""

    def write(self, item: BatchItem) -> None: ...

    def close(self) -> None: ...


class _Text:
    def __init__(self, out: TextIO, *, single: bool, details: bool, colour: bool, lang: str, offline_from: Message | None) -> None:
        self.out, self.single, self.full, self.colour, self.lang = out, single, single or details, colour, lang
        self.offline_from = offline_from
        self.started = False
        # One layout for the whole table, fitted to the terminal's width when it starts.
        self.plan = None
        if not self.full:
            from numcheck.render.batch import table_plan

            self.plan = table_plan(lang)

    def write(self, item: BatchItem) -> None:
        if self.full:
            if self.started:
                self.out.write("\n" + "─" * 60 + "\n\n")
            if item.report is not None:
                self.out.write(render_report(item.report, colour=self.colour, lang=self.lang, offline_from=self.offline_from))
            elif not self.single:  # a single number's problem goes to stderr, with exit code 2
                from numcheck.render.batch import problem_of

                self.out.write(f"line {item.line}: {printable(item.input)}: {problem_of(item, self.lang)}\n")
        else:
            from numcheck.render.batch import table_header, table_row

            if not self.started:
                self.out.write(table_header(colour=self.colour, plan=self.plan, lang=self.lang))
            self.out.write(table_row(item, colour=self.colour, plan=self.plan, lang=self.lang))
        self.started = True
        self.out.flush()

    def close(self) -> None:
        return


def in_language(item: BatchItem, lang: str) -> BatchItem:
    """``item`` with its report's texts (or why it has none) also in ``lang`` (English adds nothing: its texts are its own)."""
    if lang == DEFAULT_LANGUAGE:
        return item
    if item.report is None:
        if item.invalid is None:
            return item
        return item.model_copy(update={"invalid_localized": as_said(lang, item.invalid_message, item.invalid)})
    return item.model_copy(update={"report": localized(item.report, lang)})


class _Json:
    def __init__(self, out: TextIO, *, single: bool, lang: str) -> None:
        self.out, self.single, self.lang = out, single, lang
        self.count = 0

    def write(self, item: BatchItem) -> None:
        item = in_language(item, self.lang)
        if self.single:
            if item.report is not None:
                self.out.write(item.report.model_dump_json(indent=2) + "\n")
        else:
            self.out.write(("[\n" if self.count == 0 else ",\n") + item.model_dump_json(indent=2))
        self.count += 1
        self.out.flush()

    def close(self) -> None:
        if not self.single:
            self.out.write("[]\n" if self.count == 0 else "\n]\n")
            self.out.flush()


class _Jsonl:
    def __init__(self, out: TextIO, *, compact: bool, lang: str) -> None:
        self.out, self.compact, self.lang = out, compact, lang

    def write(self, item: BatchItem) -> None:
        from numcheck.render.batch import compact_record, json_line

        self.out.write(json_line(compact_record(item)) if self.compact else in_language(item, self.lang).model_dump_json() + "\n")
        self.out.flush()

    def close(self) -> None:
        return


class _Csv:
    def __init__(self, out: TextIO) -> None:
        import csv

        from numcheck.render.batch import CSV_FIELDS

        self.out = out
        self.writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n")
        self.started = False

    def _start(self) -> None:
        # The header waits for the first row (or the end): an input that fails at once leaves no stray header behind.
        if not self.started:
            self.writer.writeheader()
            self.started = True

    def write(self, item: BatchItem) -> None:
        from numcheck.render.batch import csv_row

        self._start()
        self.writer.writerow(csv_row(item))
        self.out.flush()

    def close(self) -> None:
        self._start()
        self.out.flush()


def open_writer(
    format: str,
    out: TextIO,
    *,
    single: bool,
    details: bool = False,
    colour: bool = False,
    lang: str = DEFAULT_LANGUAGE,
    offline_from: Message | None = None,
) -> Writer:
    """The writer for one of `FORMATS` in ``lang``; JSON Lines are compact records unless ``details``, online and offline alike.

    Text is written in ``lang``; JSON keeps its English texts and adds them in ``lang`` (the ``*_localized`` fields).
    ``offline_from``: the text report's coverage line naming where offline mode came from (`numcheck.render.text.render_report`).
    """
    if format == "json":
        return _Json(out, single=single, lang=lang)
    if format == "jsonl":
        return _Jsonl(out, compact=not details, lang=lang)
    if format == "csv":
        return _Csv(out)
    return _Text(out, single=single, details=details, colour=colour, lang=lang, offline_from=offline_from)
