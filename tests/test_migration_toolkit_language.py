"""Schema 0015 (an engagement's toolkit language): a 0014 workspace gains the nullable
column with its CHECK, every engagement it had none chosen and every row kept; the way
back drops it and leaves the schema 0014 made. On PostgreSQL, the step down and up again
is test_server_database's (every migration after the baseline)."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from cxdesk.store import database, migrate, workspace
from cxdesk.store.database import open_database
from cxdesk.store.errors import EditRefused
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION
from tests.db_dump import every_row
from tests.migration_helpers import downgrade

OLDER = "0014_closing_loop"
ROWS = (
    "INSERT INTO client (id, name, created_at) VALUES (1, 'Acme', '2026-01-05 09:00:00')",
    "INSERT INTO engagement (id, client_id, name, created_at, version) "
    "VALUES (1, 1, 'Portal', '2026-01-05 09:00:00', 4)",
    "INSERT INTO engagement (id, client_id, name, created_at) "
    "VALUES (2, 1, 'Data platform', '2026-01-06 09:00:00')",
    "INSERT INTO expectation_item (id, engagement_id, position, expects) "
    "VALUES (1, 1, 0, 'Live tracking')",
)


def at_0014(path: Path) -> Path:
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


def test_a_0014_workspace_gains_the_language_with_none_chosen_keeping_every_row(
    tmp_path: Path,
) -> None:
    path = at_0014(tmp_path / "older.cxdb")
    before = every_row(path)

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        after = every_row(path)
        assert after.pop("alembic_version") == [(HEAD_REVISION,)]
        # Every engagement as it was, with no language chosen after it (versions kept:
        # adding the column changed no row).
        engagements = after.pop("engagement")
        assert engagements == [(*row, None) for row in before["engagement"]]
        assert after == {
            t: rows for t, rows in before.items() if t not in ("alembic_version", "engagement")
        }
        # The column works from the first open, through the store, and refuses the rest.
        assert workspace.toolkit_language(db, 1) is None
        workspace.set_toolkit_language(db, 1, "pl")
        assert workspace.toolkit_language(db, 1) == "pl"
        with pytest.raises(EditRefused, match="Polish"), db.transaction() as s:
            s.execute(text("UPDATE engagement SET toolkit_language = 'it' WHERE id = 2"))
        assert workspace.toolkit_language(db, 2) is None
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    (backup,) = (tmp_path / "backups").iterdir()
    assert every_row(backup) == before


def test_going_back_to_0014_drops_the_language_and_leaves_0014s_schema(tmp_path: Path) -> None:
    as_made = at_0014(tmp_path / "made-at-0014.cxdb")
    path = at_0014(tmp_path / "older.cxdb")
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        workspace.set_toolkit_language(db, 1, "de")
    kept = every_row(path, since_0015=False)

    downgrade(path, OLDER)

    found = every_row(path)
    assert found.pop("alembic_version") == [(OLDER,)]
    # Every row kept but the language (last_change: the step down is itself a change).
    assert {t: r for t, r in found.items() if t != "last_change"} == {
        t: r for t, r in kept.items() if t not in ("alembic_version", "last_change")
    }
    assert schema(path) == schema(as_made)
