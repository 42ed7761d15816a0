"""``python -m numcheck`` and the ``numcheck`` command: the command line, started with the garbage collector paused.

Loading the command line creates a few hundred thousand objects that live until the process ends: modules,
classes, pydantic's field and schema records, the message catalogs. With the cyclic garbage collector on, every full
collection while they load, and during the check that follows, walks all of them again and frees none: about
15 ms of a one-number check (`bench/bench_startup.py`). So the collector is off while the command's code loads;
what was loaded is then frozen, left out of every later collection (`gc.freeze`); and the collector is on again
before the command runs, so a batch of millions runs with it as it always does. This is the sequence the `gc`
module's documentation gives for long-lived start-up objects (https://docs.python.org/3/library/gc.html#gc.freeze).
Only the program does this: `numcheck.cli.main`, called by a program of its own, leaves that program's collector
alone.
"""

from __future__ import annotations

import gc


def run() -> int:
    """Run the command line (the console script's entry point); the exit code."""
    ours = gc.isenabled()  # a collector someone turned off stays off
    gc.disable()

    def loaded() -> None:
        if ours and not gc.isenabled():
            gc.freeze()
            gc.enable()

    try:
        from numcheck.cli.main import main

        return main(loaded=loaded)
    finally:
        if ours:  # the command failed to load, or never said it had: the collector is on again all the same
            gc.enable()


if __name__ == "__main__":
    raise SystemExit(run())
