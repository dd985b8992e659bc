"""Bringing a database's schema up to date, all or nothing: a file that held data is
backed up and migrated with Alembic; a new, empty file is given the head schema at once.

Imported only when the schema is behind. Alembic (about half a second to import) is
imported only to migrate a file that has a schema already: a new workspace is made
without it (:func:`create_at_head`).
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from cxdesk.store import head_schema
from cxdesk.store.backups import BackupError, BackupReason, make_backup
from cxdesk.store.errors import DatabaseRefused, RefusalReason
from cxdesk.store.last_change import NOT_AN_EDIT
from cxdesk.store.new_workspace import write_head_schema
from cxdesk.store.paths import default_backup_folder
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def backup_before_migration(path: Path, folder: Path) -> Path:
    """A verified copy (SQLite's online backup API) before the schema changes."""
    return make_backup(path, folder, BackupReason.MIGRATION, to_revision=HEAD_REVISION).path


def upgrade(engine: Engine, path: Path, *, is_new: bool, backup_folder: Path | None) -> None:
    """Migrate to the head revision in one transaction: a crash leaves the old schema."""
    if is_new and head_schema.REVISION == HEAD_REVISION:
        create_at_head(engine)
        return
    if not is_new:
        # The same folder the restore dialog lists for this file.
        folder = backup_folder or default_backup_folder(path)
        try:
            backup_before_migration(path, folder)
        except (BackupError, OSError) as exc:
            # No update without a backup to go back to; the file is not touched.
            why = exc.message if isinstance(exc, BackupError) else str(exc)
            raise DatabaseRefused(
                RefusalReason.READ_ONLY,
                path,
                "This CX Desk updates the file's format, and backs the file up first; the "
                f"backup could not be made in “{folder}” ({why}). Free some disk space or "
                "make that folder writable, then start again. The file has not been changed.",
            ) from exc
    replay_migrations(engine)


def replay_migrations(engine: Engine) -> None:
    """Run every migration the file has not had yet, with Alembic, in one transaction."""
    from alembic import command

    config = alembic_config()
    with _schema_change(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def create_at_head(engine: Engine) -> None:
    """Give a new, empty database the head schema directly, in one transaction.

    Alembic's recipe for building a database from scratch (create the current schema,
    stamp it with the head revision) instead of replaying every migration: the
    statements are what the migrations leave behind (:mod:`cxdesk.store.head_schema`,
    written out from a database they built and checked against one by the tests),
    so a new workspace is the same, byte for byte in its schema, as one brought up
    through every revision, triggers and bookkeeping rows included.
    """
    with _schema_change(engine) as connection:
        # The driver's own connection: these are neither edits nor statements with
        # parameters, so the engine's events (versions, refused text, the journal) have
        # nothing to do.
        raw = connection.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        write_head_schema(raw)


@contextmanager
def _schema_change(engine: Engine) -> Iterator[Connection]:
    """A transaction for a change of the schema: foreign keys off while tables are
    rebuilt, the file marked as CX Desk's and its references checked before COMMIT."""
    with engine.connect() as connection:
        # Updating the file's format is not an edit: its "Last edit" stays what it was.
        connection.execution_options(**{NOT_AN_EDIT: True})
        if connection.dialect.name != "sqlite":
            # PostgreSQL: DDL is transactional and foreign keys are checked as rows
            # change; the database was marked as CX Desk's when it was made.
            with connection.begin():
                yield connection
            return
        # Batch migrations rebuild tables; foreign keys must be off while they do, and
        # SQLite ignores this pragma inside a transaction, so it is set before BEGIN.
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        with connection.begin():
            yield connection
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration left broken references: {problems[:5]}")
        raw.execute("PRAGMA foreign_keys = ON")
