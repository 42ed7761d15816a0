"""Data files shipped with numcheck."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


def shipped(name: str) -> Path | Traversable:
    """The shipped data file ``name``: a path where the package is installed as files (the usual case), else a resource.

    The path is worked out from this module's own file: asking importlib.resources first loads its file readers,
    a start-up cost every one-off check paid for two table files.
    """
    beside = Path(__file__).with_name(name)
    if beside.exists():
        return beside
    from importlib.resources import files  # a zipped install: no file beside this one

    return files(__name__).joinpath(name)
