"""Bringing a database's schema up to date with Alembic, all or nothing, after a backup.

Imported only when the schema is behind: Alembic costs about half a second to import.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from cxdesk.store.backups import BackupError, BackupReason, make_backup
from cxdesk.store.errors import DatabaseRefused, RefusalReason
from cxdesk.store.last_change import NOT_AN_EDIT
from cxdesk.store.paths import default_backup_folder
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def backup_before_migration(path: Path, folder: Path) -> Path:
    """A verified copy (SQLite's online backup API) before the schema changes."""
    return make_backup(path, folder, BackupReason.MIGRATION, to_revision=HEAD_REVISION).path


def upgrade(engine: Engine, path: Path, *, is_new: bool, backup_folder: Path | None) -> None:
    """Migrate to the head revision in one transaction: a crash leaves the old schema."""
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
    config = alembic_config()
    with engine.connect() as connection:
        # Updating the file's format is not an edit: its "Last edit" stays what it was.
        connection.execution_options(**{NOT_AN_EDIT: True})
        # Batch migrations rebuild tables; foreign keys must be off while they do, and
        # SQLite ignores this pragma inside a transaction, so it is set before BEGIN.
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"migration left broken references: {problems[:5]}")
        raw.execute("PRAGMA foreign_keys = ON")
