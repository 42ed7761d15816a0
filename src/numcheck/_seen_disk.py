"""Numbers met in a batch that no longer fit in memory: a private temporary SQLite table (first index by number).

Both duplicate indexes (`numcheck.batch.Seen` for the per-number path, `numcheck.offline.columns.SeenTable`
for the column path) move what they hold here past their memory limit, so a ten-million-line inventory
costs no more memory than a one-million-line one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

# Numbers asked about in one query: under SQLite's oldest limit on parameters (999).
_QUERY_KEYS = 900


class DiskSeen:
    """Number (E.164 digits as an integer) -> the index where it was first met, on disk."""

    def __init__(self) -> None:
        import sqlite3  # only past a memory limit: a one-off check never loads it

        # An empty filename is SQLite's private temporary database: paged to a temp file, deleted on close.
        self._db = sqlite3.connect("")
        self._db.execute("CREATE TABLE seen (e164 INTEGER PRIMARY KEY, first INTEGER NOT NULL)")

    def add(self, pairs: Iterable[tuple[int, int]]) -> None:
        """Remember (number, first index) pairs; none of the numbers may be here already."""
        self._db.executemany("INSERT INTO seen VALUES (?, ?)", pairs)

    def first(self, number: int) -> int | None:
        found = self._db.execute("SELECT first FROM seen WHERE e164 = ?", (number,)).fetchone()
        return None if found is None else int(found[0])

    def firsts(self, numbers: Sequence[int]) -> dict[int, int]:
        """The first index of each of ``numbers`` that is here."""
        found: dict[int, int] = {}
        for start in range(0, len(numbers), _QUERY_KEYS):
            batch = numbers[start : start + _QUERY_KEYS]
            marks = ",".join("?" * len(batch))
            found.update(self._db.execute(f"SELECT e164, first FROM seen WHERE e164 IN ({marks})", batch).fetchall())
        return found

    def close(self) -> None:
        self._db.close()
