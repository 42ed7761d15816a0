"""Write-behind asks the disk for a regular file's data as it grows, and never touches a pipe or memory."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from numcheck.bulk import writeback


def test_a_growing_file_is_handed_to_the_disk_as_it_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(writeback, "EVERY", 1000)
    monkeypatch.setattr(os, "fdatasync", synced.append)
    with (tmp_path / "out.txt").open("w", encoding="utf-8") as target:
        behind = writeback.WriteBehind(target)
        for _ in range(5):
            target.write("x" * 600)
            target.flush()
            behind.wrote(600)
            behind.close()  # let each request finish, so the next one may start
        assert synced == [target.fileno()] * 2  # at 1,200 and 2,400 characters: 3,000 written, the rest below the mark
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "x" * 3000


def test_nothing_is_asked_of_what_is_not_a_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writeback, "EVERY", 1)
    monkeypatch.setattr(os, "fdatasync", lambda descriptor: pytest.fail("synced a stream that is not a file"))
    read, write = os.pipe()
    with os.fdopen(read) as _, os.fdopen(write, "w") as pipe:
        for target in (io.StringIO(), pipe):
            behind = writeback.WriteBehind(target)
            behind.wrote(10)
            behind.close()
