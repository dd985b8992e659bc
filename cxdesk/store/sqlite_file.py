"""The SQLite file backend: one workspace file, its lock, its checks and its migration.

:func:`cxdesk.store.database.open_database` drives a backend through the few steps
every workspace goes through (look at it without changing it, take it for this window,
make an engine, bring its schema up to date, clean up a new one that failed); this
module is the only backend so far. What is SQLite-file specific stays here and below
(inspection, the file lock, the verified backup before a migration), so another
backend would be another class with these methods, not edits all over the store.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from filelock import FileLock, Timeout

from cxdesk.store.errors import DatabaseRefused, RefusalReason
from cxdesk.store.inspection import FileState, inspect_database
from cxdesk.store.paths import (
    SERVER_URL_REFUSED,
    is_database_url,
    journal_paths,
    lock_path,
    url_scheme,
)
from cxdesk.store.schema import HEAD_REVISION

if TYPE_CHECKING:
    # SQLAlchemy is imported where an engine is made: checking and locking the file come
    # before the first frame at start-up, and SQLAlchemy takes over a second to import.
    from sqlalchemy import Engine

    from cxdesk.store.server_database import ServerDatabase


class Backend(Protocol):
    """What :func:`~cxdesk.store.database.open_database` needs of where a workspace lives."""

    @property
    def path(self) -> Path: ...

    @property
    def display_name(self) -> str: ...

    def inspect(self) -> FileState: ...

    def acquire(self) -> None: ...

    def release(self) -> None: ...

    def create_engine(self) -> Engine: ...

    def migrate(self, engine: Engine, state: FileState) -> None: ...

    def create(self, demo_on: date | None) -> FileState: ...

    def discard_new(self) -> None: ...


# An execution option of the connection a write transaction runs on (Database.transaction).
WRITES = "cxdesk_writes"


def _configure_sqlite(engine: Engine) -> None:
    """Durable, transactional SQLite.

    pysqlite starts transactions lazily and never before DDL, so a crash mid-migration
    could leave half a schema. Taking BEGIN ourselves (SQLAlchemy's documented recipe)
    makes every transaction, DDL included, all-or-nothing. A plain cursor sets the
    pragmas: toggling ``autocommit`` as newer recipes do fails on Python 3.11.
    """
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: in WAL mode NORMAL may lose the last commits on a power cut; FULL syncs
        # the log on every commit so a saved edit stays saved.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A transaction that writes takes the file's write lock at once (waiting up to
        # busy_timeout for another process's commit), never halfway through.
        writes = conn.get_execution_options().get(WRITES)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def sqlite_engine(path: Path) -> Engine:
    """An engine on the SQLite file at ``path`` with the durable settings above."""
    # URL.create, not "sqlite:///{path}": a URL string would read "?" in a folder name as
    # the start of query options and decode "%20" into a space, opening the wrong file.
    from sqlalchemy import URL, create_engine

    engine = create_engine(URL.create("sqlite", database=str(path)))
    _configure_sqlite(engine)
    return engine


class SQLiteFile:
    """A workspace that is one SQLite file on disk (the ``--db`` path)."""

    def __init__(self, path: Path, *, backup_folder: Path | None = None) -> None:
        self._path = Path(path).expanduser().absolute()
        self._backup_folder = backup_folder
        self._lock = FileLock(lock_path(self._path), timeout=0)

    @property
    def path(self) -> Path:
        return self._path

    @property
    def display_name(self) -> str:
        """What a window calls the workspace: the file's name."""
        return self._path.name

    def inspect(self) -> FileState:
        """Raise :class:`DatabaseRefused` if the file cannot be a workspace; not a byte
        of it is changed."""
        return inspect_database(self._path)

    def acquire(self) -> None:
        """Take the file for this process, or refuse in words (another window has it)."""
        self._path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout as exc:
            raise DatabaseRefused(
                RefusalReason.ALREADY_OPEN,
                self._path,
                "It is already open in another CX Desk window. Switch to that window, or "
                "close it first: two windows editing one file could overwrite each other's "
                "work.",
            ) from exc
        except OSError as exc:
            raise DatabaseRefused(
                RefusalReason.READ_ONLY, self._path, f"CX Desk could not lock the file ({exc})."
            ) from exc

    def release(self) -> None:
        self._lock.release()

    def create_engine(self) -> Engine:
        return sqlite_engine(self._path)

    def migrate(self, engine: Engine, state: FileState) -> None:
        """Bring the schema to the head revision, after a verified backup of a file that
        already held data."""
        # Alembic costs about half a second to import: only when the schema is behind.
        from cxdesk.store import migrate

        migrate.upgrade(engine, self._path, is_new=state.is_new, backup_folder=self._backup_folder)

    def create(self, demo_on: date | None) -> FileState:
        """Make the new, claimed file a workspace at the head schema with plain sqlite3
        (and the demo engagement as of ``demo_on``, unless None), so it is shown like any
        other before the store loads. On failure nothing of it is left."""
        from cxdesk.store.new_workspace import create_workspace

        try:
            create_workspace(self._path, demo_on=demo_on)
        except (sqlite3.Error, OSError) as exc:
            self.release()
            self.discard_new()
            raise DatabaseRefused(
                RefusalReason.UNREADABLE,
                self._path,
                f"CX Desk could not make a new database here ({exc}).",
            ) from exc
        except BaseException:
            self.release()
            self.discard_new()
            raise
        return FileState(self._path, is_new=False, revision=HEAD_REVISION)

    def discard_new(self) -> None:
        """Remove a new file whose making failed: nothing of the user's was in it, and a
        half-made file would be refused as "not CX Desk's" at the next start."""
        for leftover in (self._path, *journal_paths(self._path)):
            leftover.unlink(missing_ok=True)


def claim(
    path: Path | str, *, backup_folder: Path | None = None
) -> tuple[SQLiteFile | ServerDatabase, FileState]:
    """Check the workspace at ``path`` and take it for this process, without changing a
    byte of it: start-up does this before anything is shown, so a damaged, foreign,
    newer or already open file is refused first. A file is looked at without importing
    SQLAlchemy. A server URL (a string: ``Path`` would fold its "//") picks the
    PostgreSQL backend. :func:`cxdesk.store.database.open_claimed` then connects."""
    if isinstance(path, str) and is_database_url(path):
        from cxdesk.store.server_database import ServerDatabase

        server = ServerDatabase(path)
        return server, server.inspect()
    if is_database_url(path):
        # A URL that went through Path lost its "//": it cannot be read back safely, and
        # taken as a path it would make a SQLite file named like "postgresql+psycopg:/h/db".
        scheme = url_scheme(str(path))
        raise DatabaseRefused(
            RefusalReason.SERVER_URL,
            Path(scheme),
            "A server's address must be given as text, not as a file's path. " + SERVER_URL_REFUSED,
            name=f"{scheme}://…",  # never the rest: it may hold a password
        )
    backend = SQLiteFile(Path(path), backup_folder=backup_folder)
    state = backend.inspect()
    backend.acquire()
    return backend, state
