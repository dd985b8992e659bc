"""Schema 0010: a workshop session may collect its answers on phones.

The session table's CHECK on its mode widens to 'phones' by an edit of the schema's
text: an older workspace keeps every row, id, trigger and AUTOINCREMENT counter; going
back turns phones sessions into pass-the-laptop ones.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import text

from cxdesk.models.quiz import SessionMode
from cxdesk.store import database, migrate
from cxdesk.store import workshop as wk
from cxdesk.store.database import open_database
from cxdesk.store.errors import EditRefused
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION
from tests.db_dump import (
    COUNTED_SINCE_0012,
    before_0014,
    every_row,
    without_0012_counters,
    without_0014_tables,
)
from tests.migration_helpers import downgrade

OLDER = "0009_row_versions"
ROWS = (
    "INSERT INTO client (id, name, notes, created_at) "
    "VALUES (1, 'Acme', '', '2026-01-05 09:00:00')",
    "INSERT INTO engagement (id, client_id, name, journey_phase, created_at) "
    "VALUES (1, 1, 'Portal', 'implementation', '2026-01-05 09:00:00')",
    "INSERT INTO quiz (id, title, scale_min, scale_max, built_in, created_at) "
    "VALUES (1, 'Pulse', 1, 3, 0, '2026-01-05 09:00:00')",
    "INSERT INTO quiz_statement (id, quiz_id, position, text) VALUES (1, 1, 0, 'We listen')",
    "INSERT INTO quiz_statement (id, quiz_id, position, text) VALUES (2, 1, 1, 'We adapt')",
    "INSERT INTO quiz_band (id, quiz_id, low, high, label) VALUES (1, 1, 2, 6, 'All')",
    "INSERT INTO workshop_session (id, quiz_id, engagement_id, title, held_on, mode, "
    "participant_count, revealed, created_at) "
    "VALUES (1, 1, 1, 'Kickoff', '2026-01-06', 'laptop', 0, 1, '2026-01-06 09:00:00')",
    "INSERT INTO workshop_session (id, quiz_id, engagement_id, title, held_on, mode, "
    "participant_count, revealed, created_at) "
    "VALUES (2, 1, NULL, 'Town hall', '2026-01-07', 'hands', 4, 0, '2026-01-07 09:00:00')",
    # The newest session was deleted: its id must never be handed out again.
    "INSERT INTO workshop_session (id, quiz_id, engagement_id, title, held_on, mode, "
    "participant_count, revealed, created_at) "
    "VALUES (7, 1, NULL, 'Deleted', '2026-01-08', 'laptop', 0, 0, '2026-01-08 09:00:00')",
    "DELETE FROM workshop_session WHERE id = 7",
    "INSERT INTO workshop_participant (id, session_id, position, name) VALUES (1, 1, 0, 'Zoë')",
    "INSERT INTO quiz_answer (id, participant_id, statement_id, score) VALUES (1, 1, 1, 3)",
    "INSERT INTO quiz_answer (id, participant_id, statement_id, score) VALUES (2, 1, 2, 2)",
    "INSERT INTO hands_tally (id, session_id, statement_id, score, count) VALUES (1, 2, 1, 1, 4)",
)


def read(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql).fetchall()


def older_workspace(path: Path) -> Path:
    """A workspace at schema 0009 with a session of each kind, answers, a tally, and a
    deleted session."""
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, OLDER)
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in ROWS:
                connection.exec_driver_sql(sql)
    finally:
        engine.dispose()
    return path


def unmoved_objects(path: Path) -> list[tuple[Any, ...]]:
    """(type, name, table) of the file's schema objects in their places, but those of the
    tables 0012 (a later revision) rebuilds, which it moves to the end, and those 0014
    (later still) adds after them."""
    marks = ", ".join("?" * len(COUNTED_SINCE_0012))
    with closing(sqlite3.connect(path)) as conn:
        return before_0014(
            conn.execute(
                "SELECT type, name, tbl_name FROM sqlite_master "
                f"WHERE tbl_name NOT IN ({marks}) ORDER BY rowid",
                COUNTED_SINCE_0012,
            ).fetchall()
        )


def refused_mode(path: Path, mode: str) -> bool:
    """Whether the file's own schema refuses a session of ``mode`` (on a plain connection:
    the CHECK, not the store's words)."""
    with closing(sqlite3.connect(path)) as conn:
        try:
            conn.execute(
                "INSERT INTO workshop_session (quiz_id, title, held_on, mode, created_at) "
                "VALUES (1, 'Probe', '2026-01-09', ?, '2026-01-09')",
                (mode,),
            )
        except sqlite3.IntegrityError as error:
            return "ck_workshop_session_mode_known" in str(error)
        finally:
            conn.rollback()
        return False


def test_a_0009_workspace_gains_phones_sessions_keeping_its_data(tmp_path: Path) -> None:
    path = older_workspace(tmp_path / "older.cxdb")
    before = every_row(path, since_0015=False)
    assert refused_mode(path, "phones")
    objects = unmoved_objects(path)

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
        # 0012 (a later revision) adds SQLite's counters for three tables.
        # 0013 (later still) gives each row who changed it last, and when: nobody yet.
        # 0014 (later still) adds the tables of closing the loop, empty.
        after = without_0014_tables(
            without_0012_counters(every_row(path, who_and_when=False, since_0015=False))
        )
        assert {t: rows for t, rows in after.items() if t != "alembic_version"} == {
            t: rows for t, rows in before.items() if t != "alembic_version"
        }
        # A phones session is stored and answered through the store, on the connection
        # that migrated (it reads the new schema too)...
        quiz_statements = (1, 2)
        phones = wk.add_session(db, 1, 1, "Phones", date(2026, 1, 9), SessionMode.PHONES)
        assert phones.id == 8  # after the deleted 7: the counter was kept
        ana = wk.add_participant(db, phones.id, "Ana")
        for statement in quiz_statements:
            wk.record_answer(db, ana.id, statement, 2)
        data = wk.load_session_results(db, phones.id)
        assert data is not None
        assert data.results.totals == (4,)
        # ... and the triggers that name the session table still guard the scale.
        with pytest.raises(EditRefused, match="outside the quiz's scale"), db.transaction() as s:
            s.execute(text(f"UPDATE quiz_answer SET score = 5 WHERE participant_id = {ana.id}"))

    assert read(path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert not refused_mode(path, "phones")  # a plain connection reads the new schema
    assert refused_mode(path, "radio")
    # Nothing moved: the same tables, indexes and triggers in the same places.
    assert unmoved_objects(path) == objects
    assert read(path, "PRAGMA integrity_check") == [("ok",)]
    assert read(path, "PRAGMA foreign_key_check") == []
    (backup,) = (tmp_path / "backups").iterdir()
    assert every_row(backup) == before


def test_going_back_to_0009_makes_phones_sessions_pass_the_laptop(tmp_path: Path) -> None:
    path = older_workspace(tmp_path / "older.cxdb")
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        phones = wk.add_session(db, 1, 1, "Phones", date(2026, 1, 9), SessionMode.PHONES)
        ana = wk.add_participant(db, phones.id, "Ana")
        wk.record_answer(db, ana.id, 1, 3)
    # Who changed each row and when go with 0013, on the way back to 0009.
    kept = every_row(
        path, ["workshop_participant", "quiz_answer", "hands_tally"], who_and_when=False
    )

    downgrade(path, OLDER)

    assert read(path, "SELECT version_num FROM alembic_version") == [(OLDER,)]
    assert read(path, "SELECT id, mode FROM workshop_session ORDER BY id") == [
        (1, "laptop"),
        (2, "hands"),
        (phones.id, "laptop"),
    ]
    assert every_row(path, ["workshop_participant", "quiz_answer", "hands_tally"]) == kept
    assert refused_mode(path, "phones")
    assert read(path, "PRAGMA integrity_check") == [("ok",)]

    # And up again: the workspace opens as any 0009 one does.
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
    assert not refused_mode(path, "phones")
