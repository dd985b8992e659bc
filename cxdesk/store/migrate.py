"""Bringing a database's schema up to date with Alembic, all or nothing, after a backup.

Imported only when the schema is behind: Alembic costs about half a second to import.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

from cxdesk.store.paths import backup_dir
from cxdesk.store.schema import APPLICATION_ID, HEAD_REVISION

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def backup_before_migration(path: Path, folder: Path) -> Path:
    """Copy the database with SQLite's online backup API (consistent even in WAL mode)."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-before-{HEAD_REVISION}-{stamp}{path.suffix or '.cxdb'}"
    # Quoted: in a URI a "#" or "?" in a folder name ("Client #3") would cut the path short
    # and back up an empty database made at the cut-off name instead.
    source = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    log.info("backed up %s to %s before migrating", path, target)
    return target


def upgrade(engine: Engine, path: Path, *, is_new: bool, backup_folder: Path | None) -> None:
    """Migrate to the head revision in one transaction: a crash leaves the old schema."""
    if not is_new:
        backup_before_migration(path, backup_folder or backup_dir())
    config = alembic_config()
    with engine.connect() as connection:
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
