"""What a database file holds, read by a plain read-only sqlite3 connection.

``every_row`` is the whole file (a backup equals its source, a migration keeps the data).
``user_data`` is what the file holds for its user: tests compare it before an edit and after
the edit's undo, and they must be equal. The bookkeeping tables are left out of it because
an undo is itself a change: ``last_change`` says when the data last changed (an undo moves
it on, rightly), ``alembic_version`` and ``sqlite_sequence`` are the schema's and SQLite's
own, and ``change_counter`` hands out row versions (an undo puts the rows' old versions
back, but never reuses a number). For the same reason each row's ``changed_by`` and
``changed_at`` are left out: an undo is a change made by its person, now (schema 0013).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cxdesk.store.backups import _read_only

BOOKKEEPING = ("alembic_version", "sqlite_sequence", "last_change", "change_counter")
WHO_AND_WHEN = ("changed_by", "changed_at")


# Schema 0015's columns on tables that were there before (an engagement's toolkit language).
COLUMNS_SINCE_0015 = {"engagement": ("toolkit_language",)}
_SINCE_0015_SQL = re.compile(
    r", toolkit_language VARCHAR\(8\) CONSTRAINT ck_engagement_toolkit_language_known"
    r" CHECK \([^)]*\)\)"
)


def table_names(path: Path) -> list[str]:
    with _read_only(path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]


def every_row(
    path: Path,
    tables: Iterable[str] | None = None,
    *,
    versions: bool = True,
    who_and_when: bool = True,
    since_0015: bool = True,
) -> dict[str, list[Any]]:
    """Every row of ``tables`` (by default every table in the file), exactly as stored, in
    the order of their first column (the id). With ``versions=False`` the rows' ``version``
    (a change count, which schema 0009 gave every row as 1) is left out, and who changed
    each row last and when (0013), so a file's data compares equal across those updates;
    with ``who_and_when=False`` only who changed each row last and when are left out.
    With ``since_0015=False`` the columns schema 0015 added to existing tables are left
    out, so a test of an older migration compares rows across it.
    Reading leaves no -wal or -shm beside the file."""
    names = table_names(path) if tables is None else list(tables)
    found = {}
    with _read_only(path) as conn:
        for table in names:
            columns = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
            left_out = ([] if versions else ["version", *WHO_AND_WHEN]) + (
                [] if who_and_when else [*WHO_AND_WHEN]
            )
            if "changed_by" not in columns:  # last_change's changed_at is the workspace's
                left_out = [c for c in left_out if c not in WHO_AND_WHEN]
            if not since_0015:
                left_out += list(COLUMNS_SINCE_0015.get(table, ()))
            kept = ", ".join(f'"{c}"' for c in columns if c not in left_out) or "*"
            found[table] = conn.execute(f'SELECT {kept} FROM "{table}" ORDER BY 1').fetchall()
    return found


def user_data(path: Path) -> dict[str, list[Any]]:
    """Every row of every table but the bookkeeping ones, exactly as stored."""
    tables = [t for t in table_names(path) if t not in BOOKKEEPING]
    return every_row(path, tables, who_and_when=False)


# The tables schema 0012 gives SQLite's counter (AUTOINCREMENT): a workspace brought up
# to it from an older revision gains their rows in sqlite_sequence, and loses them again
# going back.
COUNTED_SINCE_0012 = ("rater_statement", "rater_respondent", "pulse_check")


def without_0012_counters(rows: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """``rows`` (an :func:`every_row`) without the counters of COUNTED_SINCE_0012, for
    tests of an older migration that compare a file's rows across it and 0012."""
    found = dict(rows)
    if "sqlite_sequence" in found:
        found["sqlite_sequence"] = [
            row for row in found["sqlite_sequence"] if row[0] not in COUNTED_SINCE_0012
        ]
    return found


# Schema 0014's tables (closing the loop): a migration test of an older revision, whose
# workspace goes up to the head (or comes down from it), compares the rest.
CLOSING_THE_LOOP = (
    "issue",
    "issue_step",
    "issue_touchpoint",
    "gap_action",
    "you_said_we_did",
    "small_win",
)


def without_0014_tables(rows: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """``rows`` (an :func:`every_row`) without schema 0014's tables (nor their SQLite
    AUTOINCREMENT counters)."""
    found = {table: kept for table, kept in rows.items() if table not in CLOSING_THE_LOOP}
    if "sqlite_sequence" in found:
        found["sqlite_sequence"] = [
            row for row in found["sqlite_sequence"] if row[0] not in CLOSING_THE_LOOP
        ]
    return found


def before_0014(objects: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """Schema objects ``(type, name, table, sql)`` without those schema 0014 made: its
    tables' own, and its triggers on the tables it links to; and schema 0015's column on
    the engagement table."""
    return [
        (*found[:3], _SINCE_0015_SQL.sub("", found[3]) if isinstance(found[3], str) else found[3])
        if len(found) == 4
        else found
        for found in objects
        if found[2] not in CLOSING_THE_LOOP and "_keeps_loop_links_" not in found[1]
    ]
