"""A batch's count of what happened to its lines: the summary on stderr and the exit code come from it."""

from __future__ import annotations

from numcheck.batch import BatchItem
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_OK, EXIT_STORE, EXIT_USAGE
from numcheck.report import Report, Status


def incomplete(report: Report) -> bool:
    """Whether some check of ``report`` could not complete (blocked or error)."""
    return any(item.status in (Status.BLOCKED, Status.ERROR) for item in report.findings)


class Tally:
    """What the batch summary and the exit code need, counted as items stream by."""

    def __init__(self) -> None:
        self.checked = self.invalid = self.duplicates = self.incomplete = self.reused = self.unsaved = self.unreadable = 0
        self.hidden = 0  # lines --only-hits left out of the output

    def add(self, item: BatchItem) -> None:
        self.unsaved += item.unsaved
        if item.invalid is not None:
            self.invalid += 1
        elif item.duplicate_of is not None:
            self.duplicates += 1
        elif item.report is not None:
            self.checked += 1
            self.incomplete += incomplete(item.report)
            self.reused += sum(finding.reused for finding in item.report.findings)

    def summary(self) -> str:
        parts = [f"{self.checked} checked", f"{self.invalid} invalid", f"{self.duplicates} duplicate"]
        if self.unreadable:
            parts.append(f"{self.unreadable} unreadable line{'s' if self.unreadable != 1 else ''} skipped")
        if self.incomplete:
            parts.append(f"{self.incomplete} with blocked/error checks")
        if self.reused:
            parts.append(f"{self.reused} answers reused from history (--refresh asks again)")
        if self.unsaved:
            parts.append(f"{self.unsaved} results could not be stored in the history")
        if self.hidden:
            parts.append(f"{self.hidden} without a hit not shown (--only-hits)")
        return "numcheck: " + ", ".join(parts) + "\n"

    def exit_code(self, single: bool) -> int:
        if self.unsaved:
            return EXIT_STORE
        if self.invalid and (single or not self.checked):
            return EXIT_USAGE
        if self.unreadable and not (self.checked or self.duplicates):
            return EXIT_USAGE  # not one line of the input could be used
        return EXIT_INCOMPLETE if self.incomplete or self.unreadable else EXIT_OK
