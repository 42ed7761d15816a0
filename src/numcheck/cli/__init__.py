"""The ``numcheck`` command: parse arguments, call the public API, render. No business logic here.

One module per command or family (`check`, `batch`, `history`, `checkers`, `record`, `doctor`), on the public
core in `numcheck.frontends` that ``numcheck serve`` uses too. Nothing but ``python -m numcheck`` and the console
script imports this package.

Exit codes: 0 report produced; 1 internal error; 2 usage error, unreadable input, or an invalid
number (for a batch: only when no line was a usable number; invalid lines are reported, not fatal);
3 report produced but some checks could not complete (blocked or error); 4 the history database is
unusable (locked, corrupt, disk full) and the run did not continue without it; 130 interrupted.
"""

from numcheck.cli.main import main
from numcheck.frontends import EXIT_INCOMPLETE, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_STORE, EXIT_USAGE

__all__ = ["EXIT_INCOMPLETE", "EXIT_INTERNAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_STORE", "EXIT_USAGE", "main"]
