"""Schema 0013: every row people edit says who changed it last and when, on SQLite and
PostgreSQL; rows from before say nobody; the way back drops the columns, keeping rows."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, text

from cxdesk.models.base import utcnow
from cxdesk.store import database, expectations, migrate
from cxdesk.store import workspace as ws
from cxdesk.store.database import open_database
from cxdesk.store.editor import local_editor
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION
from tests.db_dump import every_row, without_0014_tables
from tests.migration_helpers import downgrade

OLDER = "0012_survey_ids"
# 0009's list: every table with a version gains both columns.
VERSIONED = (
    "brand", "client", "quiz", "engagement", "quiz_band", "quiz_statement",
    "escalation_level", "expectation_item", "map_phase", "milestone", "stakeholder",
    "workshop_session", "emotion_revisit", "expectation_snapshot", "handoff_item",
    "hands_tally", "pulse_check", "quadrant_override", "rater_assessment", "touchpoint",
    "workshop_participant", "emotion_snapshot", "quiz_answer", "rater_respondent",
    "rater_statement", "stakeholder_emotion", "stakeholder_emotion_snapshot",
    "rater_statement_score",
)  # fmt: skip
ROWS = (
    "INSERT INTO client (id, name, created_at) VALUES (1, 'Acme', '2026-01-05 09:00:00')",
    "INSERT INTO engagement (id, client_id, name, created_at) "
    "VALUES (1, 1, 'Portal', '2026-01-05 09:00:00')",
    "INSERT INTO expectation_item (id, engagement_id, position, expects, owner) "
    "VALUES (1, 1, 0, 'Live tracking', 'Ana')",
)


def at_0012(path: Path) -> Path:
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection:
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")  # 0012 rebuilds tables, as migrate runs it
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


def columns(path: Path, table: str) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]


def test_a_0012_workspace_gains_who_and_when_and_rows_from_before_say_nobody(
    tmp_path: Path,
) -> None:
    path = at_0012(tmp_path / "older.cxdb")
    before = every_row(path, since_0015=False)
    assert "changed_by" not in columns(path, "expectation_item")

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        # (0014, later, adds its own tables: compared in its own test)
        after = without_0014_tables(every_row(path, who_and_when=False, since_0015=False))
        assert after | {"alembic_version": before["alembic_version"]} == before
        for table in VERSIONED:
            # Last of the table's columns then (0015 appends the engagement's language).
            found = [c for c in columns(path, table) if c != "toolkit_language"]
            assert found[-2:] == ["changed_by", "changed_at"], table
        (item,) = expectations.list_items(db, 1)
        assert (item.changed_by, item.changed_at) == (None, None)  # nobody knows who

        started = utcnow()
        edited = expectations.update_item(db, 1, "owner", "Ben", version=item.version)
        assert edited.changed_by == local_editor()
        assert edited.changed_at is not None
        assert started <= edited.changed_at <= utcnow()
        assert expectations.list_items(db, 1) == [edited]
        # Only the row edited says who: its client, untouched, still says nobody.
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("SELECT changed_by, changed_at FROM client").fetchall() == [
                (None, None)
            ]


def test_going_back_to_0012_drops_the_columns_and_keeps_the_rows(tmp_path: Path) -> None:
    path = at_0012(tmp_path / "older.cxdb")
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        ws.rename_client(db, 1, "Acme Freight")
    kept = without_0014_tables(
        every_row(path, who_and_when=False, since_0015=False)
    )  # 0014's go too

    downgrade(path, OLDER)

    found = every_row(path, since_0015=False)
    assert found.pop("alembic_version") == [(OLDER,)]
    # (the helper's engine notes the step as a change: last_change moves on)
    assert {t: r for t, r in found.items() if t != "last_change"} == {
        t: rows for t, rows in kept.items() if t not in ("alembic_version", "last_change")
    }
    for table in VERSIONED:
        assert "changed_by" not in columns(path, table), table
        assert "changed_at" not in columns(path, table), table


def test_on_postgresql_the_step_runs_both_ways(postgres_url: str) -> None:
    """A team workspace is made at the head from the models; 0013 goes back and forth
    on it as any later migration must, and the edit after it records the role."""
    open_database(postgres_url).close()  # the head schema, columns included
    engine = create_engine(postgres_url)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, OLDER)
        assert "changed_by" not in {c["name"] for c in inspect(engine).get_columns("client")}
    finally:
        engine.dispose()

    with open_database(postgres_url) as db:  # migrated again, by the app
        client = ws.add_client(db, "Acme")
        with db.reading() as s:
            version, by, at = s.execute(
                text("SELECT version_num, changed_by, changed_at FROM alembic_version, client")
            ).one()
            role = s.execute(text("SELECT current_user")).scalar()
    assert version == HEAD_REVISION
    assert by == role
    assert client.id == 1
    assert abs(at - utcnow()) < timedelta(minutes=5)  # the server's clock, in UTC


@pytest.mark.both_backends
def test_an_insert_and_an_update_record_who_and_when(db: database.Database) -> None:
    client = ws.add_client(db, "Acme")
    engagement = ws.add_engagement(db, client.id, "Portal")
    item = expectations.add_item(db, engagement.id, expects="Slides")
    who = item.changed_by
    assert who is not None
    assert who == expectations.list_items(db, engagement.id)[0].changed_by
    assert item.changed_at is not None
    edited = expectations.update_item(db, item.id, "owner", "Ben", version=item.version)
    assert edited.changed_by == who
    assert edited.changed_at is not None
    assert edited.changed_at >= item.changed_at
    assert expectations.list_items(db, engagement.id) == [edited]
