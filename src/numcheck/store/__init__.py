"""History and cache of check results in SQLite (one file in the user data directory).

Every check is stored with its time, verdict and risk levels; every online finding with its
checker and status. Repeated checks within the TTL reuse stored findings instead of asking the
service again, which is also what makes an interrupted batch resumable: each report is committed
before it is handed to the caller, so whatever was printed is already stored.

Offline findings are not stored: they are recomputed from the number in microseconds, and storing
them would multiply the size of a large offline batch by seven.

The file is created with mode 0600 (it lists numbers a person considered buying) and runs in WAL
mode so a reader (``numcheck history``) never blocks a running batch.

The database itself is `numcheck.store.database`; what it gives back (past checks, purchases, diffs) is
`numcheck.store.records`.
"""

from numcheck.store.database import DATABASE_NAME, REUSABLE, SCHEMA_VERSION, Store, open_store
from numcheck.store.records import Change, Diff, Purchase, StoredCheck, answer_of, diff_of, not_asked_again

__all__ = [
    "DATABASE_NAME",
    "REUSABLE",
    "SCHEMA_VERSION",
    "Change",
    "Diff",
    "Purchase",
    "Store",
    "StoredCheck",
    "answer_of",
    "diff_of",
    "not_asked_again",
    "open_store",
]
