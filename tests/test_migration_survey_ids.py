"""Schema 0012: RATER respondents and statements and pulse checks never reuse a deleted
row's id (AUTOINCREMENT), so a phone's answer on its way can never reach a newcomer.

An older workspace keeps every row, id, constraint, index and trigger; SQLite's counter
starts at the highest id each table holds; going back to 0011 keeps the rows.
"""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from cxdesk.models.servqual import RespondentSide
from cxdesk.store import database, migrate
from cxdesk.store import pulse as pulse_store
from cxdesk.store import rater as rater_store
from cxdesk.store.database import Database, open_database
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION
from tests.db_dump import COUNTED_SINCE_0012, before_0014, every_row, without_0014_tables
from tests.migration_helpers import downgrade

OLDER = "0011_pulse_side"
SURVEY_TABLES = (*COUNTED_SINCE_0012, "rater_statement_score")
ROWS = (
    "INSERT INTO client (id, name, notes, created_at) "
    "VALUES (1, 'Acme', '', '2026-01-05 09:00:00')",
    "INSERT INTO engagement (id, client_id, name, journey_phase, created_at) "
    "VALUES (1, 1, 'Portal', 'implementation', '2026-01-05 09:00:00')",
    "INSERT INTO milestone (id, engagement_id, position, name) VALUES (1, 1, 0, 'Kickoff')",
    "INSERT INTO rater_assessment (id, engagement_id, milestone_id, title, held_on, "
    "scoring, notes, created_at) VALUES (1, 1, 1, 'Kickoff survey', '2026-01-06', "
    "'statements', '', '2026-01-06 09:00:00')",
    "INSERT INTO rater_statement (id, assessment_id, dimension, position, text) "
    "VALUES (1, 1, 'reliability', 0, 'We deliver what we promise')",
    "INSERT INTO rater_statement (id, assessment_id, dimension, position, text) "
    "VALUES (2, 1, 'reliability', 1, 'We keep our dates')",
    "INSERT INTO rater_statement (id, assessment_id, dimension, position, text) "
    "VALUES (3, 1, 'tangibles', 2, 'Deleted')",
    "INSERT INTO rater_respondent (id, assessment_id, position, name, side, "
    "reliability_expectation, reliability_perception, empathy_expectation, "
    "reliability_points, assurance_points, tangibles_points, empathy_points, "
    "responsiveness_points) VALUES (1, 1, 0, 'Zoë', 'client', 6, 4, 7, 40, 20, 10, 20, 10)",
    "INSERT INTO rater_respondent (id, assessment_id, position, name, side) "
    "VALUES (2, 1, 1, 'Ben', 'team')",
    "INSERT INTO rater_respondent (id, assessment_id, position, name, side) "
    "VALUES (3, 1, 2, 'Deleted', 'client')",
    "INSERT INTO rater_statement_score (id, respondent_id, statement_id, expectation, "
    "perception) VALUES (1, 1, 1, 6, 5)",
    "INSERT INTO rater_statement_score (id, respondent_id, statement_id, expectation, "
    "perception) VALUES (2, 1, 2, 7, NULL)",
    "INSERT INTO rater_statement_score (id, respondent_id, statement_id, expectation, "
    "perception) VALUES (3, 2, 2, 3, 3)",
    "INSERT INTO pulse_check (id, engagement_id, milestone_id, taken_on, respondent, "
    "confidence, csat, working, not_working, created_at, side) VALUES (1, 1, 1, "
    "'2026-01-07', 'Zoë', 8, 4, 'Standups', '', '2026-01-07 09:00:00.000001', 'client')",
    "INSERT INTO pulse_check (id, engagement_id, milestone_id, taken_on, respondent, "
    "confidence, csat, working, not_working, created_at, side) VALUES (2, 1, NULL, "
    "'2026-01-08', '', 5, NULL, '', 'Scope', '2026-01-08 09:00:00', 'team')",
    "INSERT INTO pulse_check (id, engagement_id, taken_on, confidence, created_at) "
    "VALUES (3, 1, '2026-01-09', 1, '2026-01-09 09:00:00')",
    # The newest of each deleted before the update: its id is in no undo stack (the
    # app has just started), so the counter starts at the highest id there is.
    "DELETE FROM rater_statement WHERE id = 3",
    "DELETE FROM rater_respondent WHERE id = 3",
    "DELETE FROM pulse_check WHERE id = 3",
)
HIGHEST = 2  # of each table, after the deletions


def read(path: Path, sql: str, *args: object) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, args).fetchall()


def at_revision(path: Path, revision: str, rows: tuple[str, ...] = ()) -> Path:
    """A workspace at ``revision`` (built by the migrations), holding ``rows``."""
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection, connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            for sql in rows:
                connection.exec_driver_sql(sql)
    finally:
        engine.dispose()
    return path


def table_sql(path: Path, table: str) -> str:
    return str(read(path, "SELECT sql FROM sqlite_master WHERE name = ?", table)[0][0])


def constraint_names(path: Path, table: str) -> list[str]:
    return sorted(re.findall(r"CONSTRAINT (\w+)", table_sql(path, table)))


def dependents(path: Path) -> list[tuple[Any, ...]]:
    """Every index and trigger: (type, name, table, statement), by name."""
    return read(
        path,
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE type IN ('index', 'trigger') ORDER BY name",
    )


def counters(path: Path) -> dict[str, int]:
    return dict(read(path, "SELECT name, seq FROM sqlite_sequence"))


def each_newest_deleted_then_one_added(db: Database) -> dict[str, tuple[int, int]]:
    """Per table, (the id deleted, the id the next row was given): the highest id is
    deleted through the store, then a row added through it."""
    found: dict[str, tuple[int, int]] = {}
    statements = rater_store.list_statements(db, 1)
    last = max(s.id for s in statements)
    rater_store.delete_statement(db, last)
    added = rater_store.add_statement(db, 1, statements[0].dimension, "Another")
    found["rater_statement"] = (last, added.id)

    last = max(r.id for r in rater_store.list_respondents(db, 1))
    rater_store.delete_respondents(db, [last])
    respondent = rater_store.add_respondent(db, 1, "Newcomer", RespondentSide.CLIENT)
    found["rater_respondent"] = (last, respondent.id)

    last = max(p.id for p in pulse_store.list_pulses(db, 1))
    pulse_store.delete_pulses(db, [last])
    pulse = pulse_store.add_pulse(db, 1, date(2026, 1, 10), confidence=7)
    found["pulse_check"] = (last, pulse.id)
    return found


# A row of each table with only what it must hold, for a plain connection.
PLAIN_ROWS = {
    "rater_statement": "INSERT INTO rater_statement (assessment_id, dimension, position, "
    "text) VALUES (1, 'assurance', 9, 'Plain')",
    "rater_respondent": "INSERT INTO rater_respondent (assessment_id, position, name, side) "
    "VALUES (1, 9, 'Plain', 'client')",
    "pulse_check": "INSERT INTO pulse_check (engagement_id, taken_on, confidence, created_at) "
    "VALUES (1, '2026-01-11', 5, '2026-01-11 09:00:00')",
}


def plainly_deleted_then_added(path: Path) -> dict[str, tuple[int, int]]:
    """As :func:`each_newest_deleted_then_one_added`, on a plain sqlite3 connection (any
    revision: the file's own schema decides)."""
    found: dict[str, tuple[int, int]] = {}
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA foreign_keys = ON")
        for table, insert in PLAIN_ROWS.items():
            (last,) = conn.execute(f"SELECT max(id) FROM {table}").fetchone()
            conn.execute(f"DELETE FROM {table} WHERE id = ?", (last,))
            added = conn.execute(insert).lastrowid
            assert added is not None
            found[table] = (last, added)
        conn.commit()
    return found


def test_before_0012_a_deleted_last_id_was_handed_out_again(tmp_path: Path) -> None:
    # What the update is for (the test below checks it is gone): on 0011's tables
    # SQLite gives the next row the id just deleted.
    path = at_revision(tmp_path / "older.cxdb", OLDER, ROWS)
    assert plainly_deleted_then_added(path) == dict.fromkeys(PLAIN_ROWS, (HIGHEST, HIGHEST))


def test_a_0011_workspace_keeps_every_survey_row_and_never_reuses_an_id(
    tmp_path: Path,
) -> None:
    path = at_revision(tmp_path / "older.cxdb", OLDER, ROWS)
    before = every_row(path, since_0015=False)
    names = {t: constraint_names(path, t) for t in SURVEY_TABLES}
    indexes_and_triggers = dependents(path)
    score_table = table_sql(path, "rater_statement_score")
    assert "AUTOINCREMENT" not in table_sql(path, "rater_respondent")

    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
        # 0013 adds who changed each row, when; 0014 the tables of closing the loop.
        after = without_0014_tables(every_row(path, who_and_when=False, since_0015=False))
        # Every row and id as it was; SQLite's counter only gained the three tables.
        assert {
            t: r for t, r in after.items() if t not in ("alembic_version", "sqlite_sequence")
        } == {t: r for t, r in before.items() if t not in ("alembic_version", "sqlite_sequence")}
        assert counters(path) == {
            **dict(before["sqlite_sequence"]),
            **dict.fromkeys(COUNTED_SINCE_0012, HIGHEST),
        }
        for table in COUNTED_SINCE_0012:
            assert f"CONSTRAINT pk_{table} PRIMARY KEY AUTOINCREMENT" in table_sql(path, table)
        # The same constraints by name, the same indexes and triggers word for word; the
        # scores' table (which no room keeps ids of) untouched.
        assert {t: constraint_names(path, t) for t in SURVEY_TABLES} == names
        assert before_0014(dependents(path)) == indexes_and_triggers
        # (but for the columns 0013 appends to it: who changed a row last, and when).
        assert table_sql(path, "rater_statement_score") == score_table.replace(
            "version INTEGER DEFAULT '1' NOT NULL, ",
            "version INTEGER DEFAULT '1' NOT NULL, changed_by VARCHAR(200), changed_at DATETIME, ",
        )

        # The scores still point at their respondents and statements: deleting one
        # cascades to its scores, as before.
        rater_store.delete_respondents(db, [1])
        assert read(path, "SELECT id FROM rater_statement_score ORDER BY id") == [(3,)]

        # Through the store, then on a plain connection: a new id each time.
        given = each_newest_deleted_then_one_added(db)
        assert given == dict.fromkeys(COUNTED_SINCE_0012, (HIGHEST, HIGHEST + 1))
    assert plainly_deleted_then_added(path) == dict.fromkeys(
        COUNTED_SINCE_0012, (HIGHEST + 1, HIGHEST + 2)
    )

    assert read(path, "SELECT version_num FROM alembic_version") == [(HEAD_REVISION,)]
    assert read(path, "PRAGMA integrity_check") == [("ok",)]
    assert read(path, "PRAGMA foreign_key_check") == []
    (backup,) = (tmp_path / "backups").iterdir()
    assert every_row(backup) == before


def test_going_back_to_0011_keeps_the_rows_and_its_tables_as_they_were(
    tmp_path: Path,
) -> None:
    as_made = at_revision(tmp_path / "made-at-0011.cxdb", OLDER)
    path = at_revision(tmp_path / "older.cxdb", OLDER, ROWS)
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        each_newest_deleted_then_one_added(db)
    kept = every_row(path, SURVEY_TABLES, who_and_when=False)  # 0013's go on the way back
    others = {t: n for t, n in counters(path).items() if t not in COUNTED_SINCE_0012}
    indexes_and_triggers = before_0014(dependents(path))  # 0014's go on the way back

    downgrade(path, OLDER)

    assert read(path, "SELECT version_num FROM alembic_version") == [(OLDER,)]
    assert every_row(path, SURVEY_TABLES) == kept
    assert counters(path) == others  # no counter for tables without AUTOINCREMENT
    # Each table's statement is 0011's again, word for word.
    for table in SURVEY_TABLES:
        assert table_sql(path, table) == table_sql(as_made, table)
    assert dependents(path) == indexes_and_triggers
    assert read(path, "PRAGMA integrity_check") == [("ok",)]
    assert read(path, "PRAGMA foreign_key_check") == []

    # And up again: the counter starts at the highest id left.
    with open_database(path, backup_folder=tmp_path / "backups") as db:
        assert db.created is False
    assert {t: counters(path)[t] for t in COUNTED_SINCE_0012} == {
        t: max(row[0] for row in kept[t]) for t in COUNTED_SINCE_0012
    }


def test_on_another_database_the_update_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    # PostgreSQL's identity columns never hand an id out twice (issue 18): the step
    # must not touch such a database (it reads SQLite's own schema table).
    script = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("0012_survey_ids")
    assert script is not None
    module = script.module
    executed: list[object] = []

    class Dialect:
        name = "postgresql"

    class Bind:
        dialect = Dialect()

        def execute(self, *args: object, **kwargs: object) -> None:
            executed.append(args)

    class Op:
        @staticmethod
        def get_bind() -> Bind:
            return Bind()

        @staticmethod
        def execute(*args: object) -> None:
            executed.append(args)

    monkeypatch.setattr(module, "op", Op)
    module.upgrade()
    module.downgrade()
    assert executed == []
