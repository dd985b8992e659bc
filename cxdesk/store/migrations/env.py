"""Alembic environment: runs on the connection (and transaction) CX Desk hands it."""

from __future__ import annotations

from alembic import context

from cxdesk.models.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic revision --autogenerate` by hand
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///schema-dev.cxdb"
    connection = create_engine(url).connect()

context.configure(
    connection=connection,
    target_metadata=metadata(),
    render_as_batch=True,  # SQLite cannot ALTER most things: rebuild tables instead
    transactional_ddl=True,  # our BEGIN recipe makes SQLite DDL transactional
)
with context.begin_transaction():
    context.run_migrations()
