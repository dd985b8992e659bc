"""Moving a test's workspace to an older revision the way cxdesk.store.migrate runs a
migration: foreign keys off, so a migration that rebuilds a table (0004, 0012) drops it
without deleting, by ON DELETE CASCADE, the rows that reference it."""

from __future__ import annotations

from pathlib import Path

from alembic import command

from cxdesk.store import database, migrate


def downgrade(path: Path, revision: str) -> None:
    """The workspace at ``path`` taken back to ``revision``, in one transaction."""
    engine = database.make_engine(path)
    try:
        config = migrate.alembic_config()
        with engine.connect() as connection:
            # Before BEGIN: SQLite ignores this pragma inside a transaction.
            raw = connection.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys = OFF")
            with connection.begin():
                config.attributes["connection"] = connection
                command.downgrade(config, revision)
    finally:
        engine.dispose()
