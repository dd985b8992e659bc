"""Making a new workspace with plain sqlite3: the head schema and, if asked, the demo.

Nothing here imports SQLAlchemy, so a new file can be made before the first frame and
shown like any other (start-up loads the store after that frame). What is written is
what the store would write, row for row: the statements the migrations leave
(:mod:`cxdesk.store.head_schema`) and the demo as the store writes it
(:mod:`cxdesk.store.demo_rows`); tests/test_new_workspace.py checks both against the
store's own way.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from cxdesk.store import demo_rows, head_schema
from cxdesk.store.schema import APPLICATION_ID

# How SQLAlchemy stores a DateTime on SQLite, so the store reads these back as its own.
_STORED_TIME = "%Y-%m-%d %H:%M:%S.%f"


def write_head_schema(database: sqlite3.Connection) -> None:
    """The head schema's statements, run in ``database``'s open transaction."""
    if database.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        # The recipe is only for an empty database: CREATE TABLE would fail anyway.
        raise RuntimeError("a new workspace already holds a schema")
    for statement in head_schema.STATEMENTS:
        database.execute(statement)


def write_demo(database: sqlite3.Connection, today: date, now: datetime) -> None:
    """The demo engagement as the store writes it on ``today`` at ``now`` (naive UTC),
    into a workspace :func:`write_head_schema` has just made, in the same transaction."""
    for table in demo_rows.TABLES:
        rows = demo_table_rows(table, today, now)
        marks = ", ".join("?" * len(table.columns))
        # OR REPLACE: the head schema's own rows (the revision, the change counter) are
        # replaced by the demo's; every other table is still empty.
        database.executemany(f'INSERT OR REPLACE INTO "{table.name}" VALUES ({marks})', rows)


def demo_table_rows(
    table: demo_rows.DemoTable, today: date, now: datetime
) -> list[tuple[object, ...]]:
    """``table``'s demo rows as written on ``today`` at ``now``, as SQLite stores them
    (dates and times as text); the PostgreSQL backend writes the same rows."""
    days = timedelta(days=(today - demo_rows.WRITTEN_ON).days)
    written = now.strftime(_STORED_TIME)
    story = {table.columns.index(c) for c in table.story_dates}
    clock = {table.columns.index(c) for c in table.written_at}
    return [
        tuple(
            written
            if index in clock and value is not None
            else _moved(value, days)
            if index in story and isinstance(value, str)
            else value
            for index, value in enumerate(row)
        )
        for row in table.rows
    ]


def _moved(stored: str, days: timedelta) -> str:
    if len(stored) == len("YYYY-MM-DD"):
        return (date.fromisoformat(stored) + days).isoformat()
    return (datetime.strptime(stored, _STORED_TIME) + days).strftime(_STORED_TIME)


def create_workspace(
    path: Path, *, demo_on: date | None = None, now: datetime | None = None
) -> None:
    """Make the new workspace at ``path`` (an empty or missing file the caller has
    claimed), with the demo engagement as of ``demo_on`` unless that is None. All or
    nothing: on failure the file holds no schema (the caller removes it, as it removes
    a new file the store failed to make)."""
    # Naive UTC, as cxdesk.models.base.utcnow (which would import SQLAlchemy).
    now = now or datetime.now(UTC).replace(tzinfo=None)
    database = sqlite3.connect(path, isolation_level=None)
    try:
        # As the store's engine sets up every connection (sqlite_file._configure_sqlite):
        # the file is in WAL mode from the start, and its first commit is synced.
        database.execute("PRAGMA foreign_keys = ON")
        database.execute("PRAGMA busy_timeout = 5000")
        database.execute("PRAGMA journal_mode = WAL")
        database.execute("PRAGMA synchronous = FULL")
        database.execute("BEGIN")
        try:
            # Checked at COMMIT, whatever order the tables are filled in.
            database.execute("PRAGMA defer_foreign_keys = ON")
            write_head_schema(database)
            if demo_on is not None:
                write_demo(database, demo_on, now)
            database.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            database.execute("COMMIT")
        except BaseException:
            database.execute("ROLLBACK")
            raise
    finally:
        database.close()
