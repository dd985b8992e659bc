"""Opening a workspace: checks, lock, engine with safe SQLite settings, migrations."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from cxdesk.store.errors import EditRefused
from cxdesk.store.inspection import FileState
from cxdesk.store.integrity import (
    describe_data_error,
    describe_integrity_error,
    describe_lost_connection,
    describe_no_permission,
)
from cxdesk.store.journal import journal_writes
from cxdesk.store.last_change import record_last_change
from cxdesk.store.reads import Rows
from cxdesk.store.schema import HEAD_REVISION
from cxdesk.store.sqlite_file import WRITES, Backend, SQLiteFile, claim, sqlite_engine
from cxdesk.store.text_rules import refuse_unfit_text
from cxdesk.store.versions import stamp_versions

log = logging.getLogger(__name__)


def make_engine(path: Path) -> Engine:
    """The store's engine on the SQLite file at ``path`` (tools and tests that need one
    outside :func:`open_database`)."""
    return store_engine(sqlite_engine(path))


def store_engine(engine: Engine) -> Engine:
    """Whatever backend made ``engine``, every statement keeps the store's rules."""
    refuse_unfit_text(engine)  # storable, and no longer than its column
    record_last_change(engine)  # a backup's "Last edit", whatever was edited
    stamp_versions(engine)  # every UPDATE gives its rows the change's number
    journal_writes(engine)  # an operation's journal sees every row it is about to touch
    return engine


class Database:
    """An open workspace: where it lives (its backend: a file and its lock) and its engine.

    Every edit goes through :meth:`transaction`, which commits at once: there is no
    unsaved state anywhere in CX Desk.
    """

    def __init__(self, backend: Backend, engine: Engine, *, created: bool) -> None:
        self.backend = backend
        # The file's path: what backups, engagement files and recent files are made from.
        # For what a person is shown, use display_name.
        self.path = backend.path
        self.engine = engine
        self.created = created
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # The transaction open on each thread: store functions called inside an
        # operation join it, so the operation commits (or rolls back) as one.
        self._open = threading.local()
        # Held by the outermost transaction of any thread: the UI thread and a worker
        # (the room's writer, an import) never write at once. SQLite's deferred BEGIN
        # takes its write lock only at the first write, so two such transactions would
        # otherwise both read, and the second to write would fail with SQLITE_BUSY
        # (busy_timeout does not help a transaction that must upgrade its lock).
        self._writing = threading.Lock()
        # This open workspace among all those on one server (each window opens its own):
        # the changes it announces carry it, so it can tell its own from a colleague's.
        self.origin = uuid.uuid4().hex
        self._on_close: list[Callable[[], None]] = []

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed on exit, or rolled back on any error.

        Inside another transaction of this database on the same thread it is that
        transaction: the outermost one commits. Outermost transactions of different
        threads take turns (one lock per database). A database constraint that refuses
        the data becomes :class:`EditRefused`.
        """
        joined: Session | None = getattr(self._open, "session", None)
        if joined is not None:
            yield joined
            return
        with self._writing:
            session = self._sessions()
            self._open.session = session
            try:
                with session.begin():
                    # On a SQLite file the write lock is taken at BEGIN: the room's process
                    # writes the same file, and a transaction that read before a commit
                    # of the other process could not write after it (SQLITE_BUSY, which
                    # no busy_timeout waits out).
                    session.connection(execution_options={WRITES: True})
                    yield session
            except IntegrityError as exc:
                raise EditRefused(describe_integrity_error(exc)) from exc
            except DataError as exc:
                # PostgreSQL refuses a value its column's type cannot hold (text in a
                # number's column) before any CHECK: the words are the CHECK's on SQLite.
                raise EditRefused(describe_data_error(exc)) from exc
            except ProgrammingError as exc:
                # A team workspace's role without a right the edit needs (SQLSTATE 42501):
                # the person is told; anything else is a bug in the statement.
                refused = describe_no_permission(exc)
                if refused is None:
                    raise
                raise EditRefused(refused) from exc
            except OperationalError as exc:
                # A full disk, a file made read-only or locked meanwhile, a server gone:
                # the edit did not happen (or may not have), and the person must be told.
                lost = describe_lost_connection(exc)
                raise EditRefused(lost or f"The edit could not be saved: {exc.orig}.") from exc
            finally:
                self._open.session = None
                session.close()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session to read with; inside a transaction, that transaction (it sees what
        the transaction has written so far)."""
        joined: Session | None = getattr(self._open, "session", None)
        if joined is not None:
            yield joined
            return
        session = self._sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    @property
    def display_name(self) -> str:
        """What the window calls this workspace (its title)."""
        return self.backend.display_name

    def on_close(self, stop: Callable[[], None]) -> None:
        """Call ``stop`` when the workspace closes, before its engine goes: what watches
        it from a thread of its own (a server's change listener) ends with the window."""
        self._on_close.append(stop)

    def close(self) -> None:
        stops, self._on_close = self._on_close, []
        for stop in reversed(stops):
            stop()
        self.engine.dispose()
        self.backend.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def session_rows(session: Session) -> Rows:
    """Runs the SQL of :mod:`cxdesk.store.reads` in ``session`` (and its transaction)."""

    def run(sql: str, parameters: Mapping[str, object]) -> Iterable[Sequence[Any]]:
        return session.execute(text(sql), parameters).all()

    return run


def open_database(path: Path | str, *, backup_folder: Path | None = None) -> Database:
    """Open (creating or migrating as needed) the workspace at ``path``: a SQLite file,
    or a PostgreSQL database given as a URL string (``postgresql+psycopg://...``).

    Raises :class:`DatabaseRefused` without modifying the file when it is not a usable
    CX Desk database. Migration imports Alembic only when the schema is behind.
    """
    return open_claimed(*claim(path, backup_folder=backup_folder))


def open_claimed(backend: Backend, state: FileState) -> Database:
    """Connect to and migrate the workspace ``backend`` holds, already inspected (as
    ``state``) and taken by :func:`~cxdesk.store.sqlite_file.claim`; on any failure
    release it again, and leave nothing of a workspace that was being made."""
    engine: Engine | None = None
    try:
        engine = store_engine(backend.create_engine())
        if state.revision != HEAD_REVISION:
            backend.migrate(engine, state)
    except BaseException:
        if engine is not None:
            # Close the pooled connection the migration used: left open it keeps the file
            # (deleted below) open, and on Windows stops it being deleted at all.
            engine.dispose()
        backend.release()
        if state.is_new:
            backend.discard_new()
        raise
    log.info("opened %s (new=%s)", backend.display_name, state.is_new)
    return Database(backend, engine, created=state.is_new)


def open_borrowed(path: str = "", url: str = "") -> Database:
    """The workspace this app already has open, opened again by its room's process: a
    SQLite file at ``path`` or the PostgreSQL database at ``url``. The app claimed it
    (its lock) and brought its schema up to date: nothing is checked, locked or migrated
    here. Close it with ``db.engine.dispose()``: the lock is not this process's."""
    if url:
        from cxdesk.store.server_database import ServerDatabase

        backend: Backend = ServerDatabase(url)
    else:
        backend = SQLiteFile(Path(path))
    return Database(backend, store_engine(backend.create_engine()), created=False)
