"""The declarative base: one metadata, with named constraints so migrations can alter them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime, FetchedValue, Integer, MetaData, String, Table
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Alembic's batch mode on SQLite recreates tables and can only drop or alter a
# constraint it can name, so every constraint gets a predictable name.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


VERSION_COLUMN = "version"
# Who made a row's latest change, and when (schema 0013), set with its version.
CHANGED_BY_COLUMN = "changed_by"
CHANGED_AT_COLUMN = "changed_at"
EDITOR_MAX = 200  # a PostgreSQL role name is at most 63 bytes; a person's full name more


class Versioned:
    """A row that people edit: ``version`` counts its changes, so an edit or an undo can
    tell that someone else changed the row since it was read (optimistic concurrency).

    The store sets it on every INSERT and UPDATE, whatever the path (``store.versions``),
    to the number of the change, never handed out twice; nobody sets it by hand. An undo
    puts a row back with the version it had (the same content again), so a version seen
    once always means the same content.
    """

    # Last in the table, where ALTER TABLE ADD COLUMN put it in existing workspaces.
    # server_onupdate: the engine sets it on UPDATE, not the ORM's unit of work (which
    # is told the number after its flush; see store.versions).
    version: Mapped[int] = mapped_column(
        Integer,
        nullable=False,
        default=1,
        server_default="1",
        server_onupdate=FetchedValue(),
        sort_order=1000,
    )
    # Who changed the row last and when (naive UTC), set by the store with the version on
    # every INSERT and UPDATE: the PostgreSQL role on a team workspace, the person logged
    # in to the computer on a SQLite file. None: not changed since the workspace had them.
    changed_by: Mapped[str | None] = mapped_column(
        String(EDITOR_MAX), server_onupdate=FetchedValue(), sort_order=1001
    )
    changed_at: Mapped[datetime | None] = mapped_column(
        DateTime, server_onupdate=FetchedValue(), sort_order=1002
    )


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so everything stored is UTC by convention."""
    return datetime.now(UTC).replace(tzinfo=None)


def table_of(entity: type[Base]) -> Table:
    """The Core table behind an entity, typed (``__table__`` is typed as a FromClause)."""
    table = entity.__table__
    assert isinstance(table, Table)
    return table
