"""The declarative base: one metadata, with named constraints so migrations can alter them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

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


def utcnow() -> datetime:
    """Naive UTC: SQLite keeps no time zone, so everything stored is UTC by convention."""
    return datetime.now(UTC).replace(tzinfo=None)


def table_of(entity: type[Base]) -> Table:
    """The Core table behind an entity, typed (``__table__`` is typed as a FromClause)."""
    table = entity.__table__
    assert isinstance(table, Table)
    return table
