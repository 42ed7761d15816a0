"""``python -m numcheck``: the same as the ``numcheck`` command."""

from numcheck.cli import main

raise SystemExit(main())
