"""Rows around the store, on either backend: what a workspace holds, read on a plain
connection of its own, and a plain engine to write bad rows with (as another program or
a hand-written statement would), none of the store's hooks on it.

A workspace is named as the tests have it: a SQLite file's ``Path``, a PostgreSQL URL
(``workspace_address``), or an open :class:`Database`. On SQLite the rows are
:mod:`tests.db_dump`'s (a read-only sqlite3 connection, leaving no -wal beside the file),
so a SQLite test reads exactly what it read before; on PostgreSQL the same tables and
columns are read through SQLAlchemy, in the same order (the first column, the id).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

from cxdesk.store.database import Database
from cxdesk.store.server_database import ServerDatabase
from cxdesk.store.server_schema import MARK_TABLE
from cxdesk.store.sqlite_file import sqlite_engine
from tests import db_dump

Address = Path | str | Database
# PostgreSQL's own bookkeeping beside db_dump's: the table marking a CX Desk database.
BOOKKEEPING = (*db_dump.BOOKKEEPING, MARK_TABLE)
# Who changed a row last and when (schema 0013): an undo is a change of its own person.
WHO_AND_WHEN = ("changed_by", "changed_at")


def address_of(workspace: Address) -> Path | str:
    """The file's path or the server's URL (with its password) of ``workspace``."""
    if isinstance(workspace, Database):
        backend = workspace.backend
        if isinstance(backend, ServerDatabase):
            return backend.url.render_as_string(hide_password=False)
        return workspace.path
    return workspace


def is_server(workspace: Address) -> bool:
    return isinstance(address_of(workspace), str)


def plain_engine(workspace: Address) -> Engine:
    """An engine on the workspace without the store's hooks (no text rules, no versions,
    no journal): what it writes meets only the database's own constraints and triggers.
    SQLite's has foreign keys on, as every CX Desk connection does."""
    address = address_of(workspace)
    if isinstance(address, str):
        return ServerDatabase(address).create_engine()
    return sqlite_engine(address)


@contextmanager
def plain(workspace: Address) -> Iterator[Connection]:
    """A plain connection in a transaction of its own, committed at the end."""
    engine = plain_engine(workspace)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def table_names(workspace: Address) -> list[str]:
    address = address_of(workspace)
    if isinstance(address, Path):
        return db_dump.table_names(address)
    engine = plain_engine(address)
    try:
        return sorted(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def every_row(
    workspace: Address,
    tables: Iterable[str] | None = None,
    *,
    versions: bool = True,
    who_and_when: bool = True,
) -> dict[str, list[Any]]:
    """Every row of ``tables`` (by default every table), as :func:`db_dump.every_row`;
    ``who_and_when=False`` leaves out who changed each row last and when (PostgreSQL's
    rows only: db_dump's user_data does so on SQLite)."""
    address = address_of(workspace)
    if isinstance(address, Path):
        return db_dump.every_row(address, tables, versions=versions)
    engine = plain_engine(address)
    try:
        names = sorted(inspect(engine).get_table_names()) if tables is None else list(tables)
        # As db_dump: without versions, who changed each row last and when go too.
        left_out = (() if versions else ("version", *WHO_AND_WHEN)) + (
            () if who_and_when else WHO_AND_WHEN
        )
        found = {}
        with engine.connect() as conn:
            # Every table's columns in one query: the inspector's one per table made
            # reading a workspace take most of a PostgreSQL round-trip test's time.
            columns_of: dict[str, list[str]] = {}
            for table, column in conn.execute(
                text(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() ORDER BY ordinal_position"
                )
            ):
                columns_of.setdefault(table, []).append(column)
            for table in names:
                columns = columns_of[table]
                kept = ", ".join(f'"{c}"' for c in columns if c not in left_out) or "*"
                rows = conn.execute(text(f'SELECT {kept} FROM "{table}" ORDER BY 1'))
                found[table] = [tuple(row) for row in rows]
        return found
    finally:
        engine.dispose()


def user_data(workspace: Address) -> dict[str, list[Any]]:
    """Every row of every table but the bookkeeping ones, as :func:`db_dump.user_data`."""
    address = address_of(workspace)
    if isinstance(address, Path):
        return db_dump.user_data(address)
    tables = [t for t in table_names(address) if t not in BOOKKEEPING]
    return every_row(address, tables, who_and_when=False)


def counts(workspace: Address, tables: Iterable[str]) -> dict[str, int]:
    """How many rows each of ``tables`` holds."""
    return {table: len(rows) for table, rows in every_row(workspace, tables).items()}


def long_text(length: int) -> str:
    """A text of ``length`` characters, bound as a parameter: neither engine's SQL for
    making one (SQLite's printf, PostgreSQL's repeat) runs on the other."""
    return "x" * length
