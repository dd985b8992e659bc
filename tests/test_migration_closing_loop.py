"""Schema 0014 (closing the loop): a 0013 workspace gains the six tables and their triggers
keeping every row it had; the way back drops them and leaves the schema 0013 made."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from cxdesk.models.actions import ActionSource, SourceKind
from cxdesk.store import actions, database, issues, migrate
from cxdesk.store.database import open_database
from cxdesk.store.errors import EditRefused
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION
from tests.db_dump import CLOSING_THE_LOOP, before_0014, every_row, without_0014_tables
from tests.migration_helpers import downgrade

OLDER = "0013_changed_by"
ROWS = (
    "INSERT INTO client (id, name, created_at) VALUES (1, 'Acme', '2026-01-05 09:00:00')",
    "INSERT INTO engagement (id, client_id, name, created_at) "
    "VALUES (1, 1, 'Portal', '2026-01-05 09:00:00')",
    "INSERT INTO engagement (id, client_id, name, created_at) "
    "VALUES (2, 1, 'Data platform', '2026-01-06 09:00:00')",
    "INSERT INTO expectation_item (id, engagement_id, position, expects, expected_level, "
    "experienced_level) VALUES (1, 1, 0, 'Live tracking', 5, 2)",
    "INSERT INTO expectation_item (id, engagement_id, position, expects) "
    "VALUES (2, 2, 0, 'Another engagement''s')",
    "INSERT INTO escalation_level (id, engagement_id, position, name, response_time) "
    "VALUES (1, 1, 0, 'Level 1: Team', 'Same working day')",
)


def at_0013(path: Path) -> Path:
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")  # as migrate runs a migration
            connection.begin()
            config.attributes["connection"] = connection
            command.upgrade(config, OLDER)
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in ROWS:
                connection.exec_driver_sql(sql)
            connection.commit()
    finally:
        engine.dispose()
    return path


def schema(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()


def test_a_0013_workspace_gains_the_loop_keeping_every_row(tmp_path: Path) -> None:
    path = at_0013(tmp_path / "older.cxdb")
    before, objects = every_row(path, since_0015=False), schema(path)
    assert not set(CLOSING_THE_LOOP) & set(before)

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        after = every_row(path, since_0015=False)
        assert after.pop("alembic_version") == [(HEAD_REVISION,)]
        assert without_0014_tables(after) == {
            t: rows for t, rows in before.items() if t != "alembic_version"
        }
        assert all(after[table] == [] for table in CLOSING_THE_LOOP)
        # Every table and trigger it had, word for word; the new ones beside them.
        assert before_0014(schema(path)) == objects
        # The new tables work from the first open, through the store...
        made = actions.add_action(
            db, 1, source=ActionSource(SourceKind.EXPECTATION, 1), cause="cognition"
        )
        assert (made.record.gap_before, made.record.cause) == (-3.0, "knowledge")
        issue = issues.raise_issue(db, 1, "Feed late", date(2026, 3, 2))
        assert issue.rung_name == "Level 1: Team"
        # ... and refuse what no path may store, the older tables' new triggers too.
        for sql, words in (
            (
                f"UPDATE gap_action SET expectation_item_id = 2 WHERE id = {made.id}",
                "belongs to another engagement",
            ),
            ("UPDATE expectation_item SET engagement_id = 2 WHERE id = 1", "another engagement"),
            ("UPDATE escalation_level SET engagement_id = 2 WHERE id = 1", "another engagement"),
            (f"UPDATE issue SET status = 'closed' WHERE id = {issue.id}", "open or resolved"),
        ):
            with pytest.raises(EditRefused, match=words), db.transaction() as s:
                s.execute(text(sql))
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    (backup,) = (tmp_path / "backups").iterdir()
    assert every_row(backup) == before


def test_going_back_to_0013_drops_the_loop_and_leaves_0013s_schema(tmp_path: Path) -> None:
    as_made = at_0013(tmp_path / "made-at-0013.cxdb")
    path = at_0013(tmp_path / "older.cxdb")
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        actions.add_action(db, 1, source=ActionSource(SourceKind.EXPECTATION, 1))
        issues.raise_issue(db, 1, "Feed late", date(2026, 3, 2))
    kept = without_0014_tables(every_row(path, since_0015=False))

    downgrade(path, OLDER)

    found = every_row(path, since_0015=False)
    assert found.pop("alembic_version") == [(OLDER,)]
    assert {t: r for t, r in found.items() if t != "last_change"} == {
        t: r for t, r in kept.items() if t not in ("alembic_version", "last_change")
    }
    # The same tables, indexes and triggers as a workspace made at 0013, word for word
    # (SQLite's AUTOINCREMENT counters aside: the loop's rows had used theirs).
    assert schema(path) == schema(as_made)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
