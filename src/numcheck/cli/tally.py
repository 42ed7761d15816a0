"""A batch's count of what happened to its lines: the summary on stderr and the exit code come from it."""

from __future__ import annotations

from numcheck.batch import BatchItem
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_STORE, EXIT_USAGE
from numcheck.messages import Message, say
from numcheck.render.i18n import DEFAULT_LANGUAGE, ui
from numcheck.report import Report, Status


def incomplete(report: Report) -> bool:
    """Whether some check of ``report`` could not complete (blocked or error)."""
    return any(item.status in (Status.BLOCKED, Status.ERROR) for item in report.findings)


class Tally:
    """What the batch summary and the exit code need, counted as items stream by."""

    def __init__(self) -> None:
        self.checked = self.invalid = self.duplicates = self.incomplete = self.reused = self.unsaved = self.unreadable = 0
        self.hidden = 0  # lines --only-hits left out of the output
        self.commas = 0  # invalid lines holding a comma or a tab: a CSV or tab-separated file read without --column
        self.unreachable = 0  # reports whose every online check failed before anything was sent (no network)

    def add(self, item: BatchItem) -> None:
        self.unsaved += item.unsaved
        if item.invalid is not None:
            self.invalid += 1
            self.commas += "," in item.input or "\t" in item.input
        elif item.duplicate_of is not None:
            self.duplicates += 1
        elif item.report is not None:
            self.checked += 1
            self.incomplete += incomplete(item.report)
            self.reused += sum(finding.reused for finding in item.report.findings)
            self.unreachable += any(note.id == "note.unreachable" for note in item.report.note_messages)

    def summary(self, lang: str = DEFAULT_LANGUAGE) -> str:
        """The summary line for stderr, in ``lang``."""
        parts: list[Message] = [
            say("tally.checked", count=self.checked),
            say("tally.invalid", count=self.invalid),
            say("tally.duplicate", count=self.duplicates),
        ]
        if self.unreadable:
            parts.append(say("tally.unreadable.one") if self.unreadable == 1 else say("tally.unreadable.many", count=self.unreadable))
        optional = {"tally.incomplete": self.incomplete, "tally.reused": self.reused, "tally.unsaved": self.unsaved}
        # --only-hits leaves out only numbers known to be clean (numcheck.frontends.hits.known_clean): the count says so.
        optional["fixes.tally.hidden_clean"] = self.hidden
        parts += [say(message_id, count=count) for message_id, count in optional.items() if count]
        if self.unreachable:
            # As a single check's report says it: a buyer must not read a batch of errors as a batch of answers.
            parts.append(
                say("tally.unreachable.all" if self.unreachable == self.checked else "tally.unreachable.some", count=self.unreachable)
            )
        return f"numcheck: {ui(lang, 'cli.summary', parts=parts)}\n"

    @property
    def empty(self) -> bool:
        """Whether the input held no line at all (an empty file, blank lines): not a batch that passed."""
        return not (self.checked or self.invalid or self.duplicates or self.unreadable)

    def exit_code(self, single: bool) -> int:
        if self.unsaved:
            return EXIT_STORE
        if self.empty:
            return EXIT_USAGE  # docs/batches.md: a batch with no usable line exits 2, and an empty one has none
        if self.invalid and (single or not self.checked):
            return EXIT_USAGE
        if self.unreadable and not (self.checked or self.duplicates):
            return EXIT_USAGE  # not one line of the input could be used
        return EXIT_INCOMPLETE if self.incomplete or self.unreadable else EXIT_OK
