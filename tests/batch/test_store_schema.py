"""The history's schema version: a newer file is refused with one line (exit 4), an older one is migrated in place."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from pathlib import Path

import pytest
from tests.batch.helpers import Scripted, registry_of

from numcheck import Settings, Status, check, cli
from numcheck.store import DATABASE_NAME, SCHEMA_VERSION

NUMBER = "+8615000150000"


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(list(argv), out=out, err=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def scripted(monkeypatch: pytest.MonkeyPatch) -> Scripted:
    checker = Scripted(answers={NUMBER: Status.REGISTERED})
    monkeypatch.setattr("numcheck.cli.batch.default_registry", lambda settings, online=True: registry_of(checker))
    return checker


def _database(tmp_path: Path) -> Path:
    return tmp_path / "data" / DATABASE_NAME


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_newer_schema_is_refused_with_one_line_and_exit_4(tmp_path: Path, scripted: Scripted) -> None:
    """A file a later numcheck wrote (higher version, extra columns, findings with fields this one does not know).

    Reading it as if it were ours gave 'internal error: ValidationError' on every check of a stored number.
    """
    assert _run(NUMBER)[0] == cli.EXIT_OK
    path = _database(tmp_path)
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
        db.execute("ALTER TABLE checks ADD COLUMN source TEXT NOT NULL DEFAULT 'cli'")
        db.execute("ALTER TABLE findings ADD COLUMN confidence REAL")
        for (body,) in db.execute("SELECT body FROM findings").fetchall():
            newer = {**json.loads(body), "confidence": 0.9}
            db.execute("UPDATE findings SET body = ? WHERE body = ?", (json.dumps(newer), body))
    db.close()
    before = _digest(path)
    for argv in (("history", NUMBER), ("diff", NUMBER), (NUMBER,), ("--refresh", NUMBER)):
        code, out, err = _run(*argv)
        assert code == cli.EXIT_STORE, (argv, err)
        assert err.count("\n") == 1, err
        assert "newer numcheck" in err
        assert "internal error" not in err
        assert out == ""
    assert _digest(path) == before, "a newer history must be left exactly as it was"
    assert scripted.calls == {NUMBER: 1}, "nothing is asked when the run cannot go on with its history"
    # --no-store still works: the history is not needed for it.
    assert _run("--no-store", NUMBER)[0] == cli.EXIT_OK


def test_an_older_schema_is_migrated_and_its_checks_are_kept(tmp_path: Path, scripted: Scripted) -> None:
    """A file from before the history recorded its version: no meta table, no findings.reused, no checks.numcheck_version."""
    path = _database(tmp_path)
    path.parent.mkdir(parents=True)
    report = check(NUMBER, registry=registry_of(Scripted(answers={NUMBER: Status.REGISTERED})), settings=Settings(keys={}))
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            CREATE TABLE checks (id INTEGER PRIMARY KEY, e164 TEXT NOT NULL, checked_at TEXT NOT NULL, offline INTEGER NOT NULL,
                                 verdict TEXT NOT NULL, levels TEXT NOT NULL, coverage REAL NOT NULL);
            CREATE TABLE findings (check_id INTEGER NOT NULL REFERENCES checks (id) ON DELETE CASCADE, checker_id TEXT NOT NULL,
                                   status TEXT NOT NULL, looked_up_at TEXT NOT NULL, body TEXT NOT NULL,
                                   PRIMARY KEY (check_id, checker_id));
            """
        )
        levels = json.dumps({risk.dimension.value: risk.level.value for risk in report.risks})
        db.execute(
            "INSERT INTO checks (id, e164, checked_at, offline, verdict, levels, coverage) VALUES (1, ?, ?, 0, ?, ?, ?)",
            (NUMBER, "2024-01-01T00:00:00.000000+00:00", report.verdict.value, levels, report.coverage.ratio),
        )
        online = [item for item in report.findings if item.checker_id == "scripted"]
        db.executemany(
            "INSERT INTO findings (check_id, checker_id, status, looked_up_at, body) VALUES (1, ?, ?, ?, ?)",
            [(item.checker_id, item.status.value, "2024-01-01T00:00:00.000000+00:00", item.model_dump_json()) for item in online],
        )
    db.close()

    code, out, err = _run("history", NUMBER, "--json")
    assert code == cli.EXIT_OK, err
    (old,) = json.loads(out)
    assert old["verdict"] == report.verdict.value
    assert "scripted" in old["findings"]

    assert _run(NUMBER)[0] == cli.EXIT_OK  # a new check is stored beside the migrated one
    code, out, err = _run("history", NUMBER, "--json")
    assert code == cli.EXIT_OK, err
    assert len(json.loads(out)) == 2
    assert _run("diff", NUMBER)[0] == cli.EXIT_OK
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
        assert "reused" in {row[1] for row in db.execute("PRAGMA table_info(findings)")}
        assert "numcheck_version" in {row[1] for row in db.execute("PRAGMA table_info(checks)")}
    db.close()
