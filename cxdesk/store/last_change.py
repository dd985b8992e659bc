"""When the workspace last changed, written once per database in the same transaction as
the change itself, whatever the change was.

Backups used to guess "Last edit" from the newest ``*_at`` column, which a matrix level,
the brand or an escalation rung do not have: a backup made at 06:16 after an edit at
06:15 said "Last edit 06:09". Now the engine notes SQLite's count of changed rows
(``total_changes``) when a transaction begins, and when it commits with rows changed
writes the time to ``last_change`` (schema 0007) just before the COMMIT, on the same
connection: the time and the change are saved together or not at all.

Why the engine, not triggers or ORM events: every write in CX Desk goes through this
engine (ORM flushes, Core inserts, imports' executemany, undo, raw SQL), so no table and
no future path can be forgotten, and the cost is one small statement per committed edit
whatever its size. Triggers on every table would cost an UPDATE per changed row (a bulk
import of 640,000 rows) and need a new trigger with every new table; ORM session events
miss Core statements. A change made by another program (the sqlite3 shell) is not
recorded: the next edit in CX Desk is.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import OperationalError

from cxdesk.models.base import utcnow
from cxdesk.models.workspace_entities import LAST_CHANGE_ID, LastChangeRow
from cxdesk.store.own_writes import own_writes

# An execution option for a connection whose writes are not edits: a schema update
# rewrites alembic_version (and may copy tables), which is not when a person last edited.
NOT_AN_EDIT = "cxdesk_not_an_edit"

TABLE = LastChangeRow.__tablename__
# SQLAlchemy's own text form of a DateTime on SQLite, so the ORM reads it back as one.
STAMP = "%Y-%m-%d %H:%M:%S.%f"

_BASELINE = "cxdesk_total_changes_at_begin"
_EXISTS = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
_RECORD = (
    f"INSERT INTO {TABLE} (id, changed_at) VALUES ({LAST_CHANGE_ID}, ?) "
    "ON CONFLICT (id) DO UPDATE SET changed_at = excluded.changed_at"
)


def now() -> datetime:
    """The clock of a SQLite file's changes (naive UTC, as everything stored; a server
    uses its own); tests put a fake one here."""
    return utcnow()


def _sqlite(conn: Connection) -> sqlite3.Connection:
    raw = conn.connection.driver_connection
    assert isinstance(raw, sqlite3.Connection)
    return raw


def record_last_change(engine: Engine) -> None:
    """Make every transaction on ``engine`` that changes a row record when it did."""

    if engine.dialect.name != "sqlite":
        _record_on_server(engine)
        return

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.info[_BASELINE] = _sqlite(conn).total_changes

    @event.listens_for(engine, "commit")
    def _commit(conn: Connection) -> None:
        baseline: Any = conn.info.pop(_BASELINE, None)
        raw = _sqlite(conn)
        if baseline is None or raw.total_changes == baseline:
            return  # read only, or a statement that matched no row: not an edit
        if conn.get_execution_options().get(NOT_AN_EDIT):
            return
        stamp = now().strftime(STAMP)
        try:
            # A file still on an older schema has no table yet (only while migrating).
            if raw.execute(_EXISTS, (TABLE,)).fetchone() is None:
                return
            # The raw connection, inside the open transaction: committed with the edit,
            # and not seen by the engine's own statement events.
            raw.execute(_RECORD, (stamp,))
        except sqlite3.Error as exc:
            # As any failed write: the transaction rolls back and the person is told.
            raise OperationalError(_RECORD, (stamp,), exc) from exc


# The row's version (the transaction that wrote it), locked until this one commits: a
# commit of anybody else waits, so the version this one replaces is the one read here.
_VERSION_LOCKED = f"SELECT xmin::text FROM {TABLE} WHERE id = %s FOR UPDATE"


def _record_on_server(engine: Engine) -> None:
    """PostgreSQL: a transaction that changed a row has been given a transaction id (one
    that only read, or matched no row, has none), so that is asked just before COMMIT.
    While a polling change feed watches, the row version replaced and the one left are
    noted as this engine's own (:mod:`cxdesk.store.own_writes`)."""
    writes = own_writes(engine)
    # The server's clock, as every row's changed_at on a server (store/versions.py):
    # the transaction's start in UTC, the very time its rows were given, whatever the
    # clock of the laptop committing it says.
    record = _RECORD.replace("?", "timezone('UTC', now())") + " RETURNING xmin::text"

    @event.listens_for(engine, "commit")
    def _commit(conn: Connection) -> None:
        if conn.get_execution_options().get(NOT_AN_EDIT):
            return
        raw: Any = conn.connection.driver_connection
        with raw.cursor() as cursor:
            cursor.execute("SELECT pg_current_xact_id_if_assigned() IS NOT NULL")
            wrote = cursor.fetchone()
            if not wrote or not wrote[0]:
                return
            replaced = None
            if writes.watched.is_set():
                cursor.execute(_VERSION_LOCKED, (LAST_CHANGE_ID,))
                replaced = cursor.fetchone()
            cursor.execute(record)
            left = cursor.fetchone()
            # None replaced: the workspace's first change ever; its poll reloads once.
            if replaced is not None and left is not None:
                writes.note(str(replaced[0]), str(left[0]))


def read_last_change(conn: sqlite3.Connection) -> datetime | None:
    """The recorded time of a database's newest change, from a plain sqlite3 connection
    (backups are read that way); None for a file that has none recorded."""
    if conn.execute(_EXISTS, (TABLE,)).fetchone() is None:
        return None
    row = conn.execute(f"SELECT changed_at FROM {TABLE} WHERE id = ?", (LAST_CHANGE_ID,))
    found = row.fetchone()
    if found is None or not isinstance(found[0], str):
        return None
    try:
        return datetime.fromisoformat(found[0])
    except ValueError:
        return None
