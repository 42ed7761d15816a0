"""The English source of the rest of what numcheck says in the reader's language since issue 23's last part.

``numcheck checkers``' table, the self-check's row reasons and its Markdown page, and a number-age search's
finding; kept apart from `numcheck.messages.catalog` so that each file stays one kind of text.
"""

from __future__ import annotations

MORE: dict[str, str] = {}
