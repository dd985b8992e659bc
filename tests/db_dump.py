"""What a database holds for its user, read by a plain sqlite3 connection.

Tests compare it before an edit and after the edit's undo: they must be equal. The
bookkeeping tables are left out because an undo is itself a change: ``last_change`` says
when the data last changed (an undo moves it on, rightly), ``alembic_version`` and
``sqlite_sequence`` are the schema's and SQLite's own, and ``change_counter`` hands out
row versions (an undo puts the rows' old versions back, but never reuses a number).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

BOOKKEEPING = ("alembic_version", "sqlite_sequence", "last_change", "change_counter")


def user_data(path: Path) -> dict[str, list[Any]]:
    """Every row of every table but the bookkeeping ones, exactly as stored."""
    with closing(sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)) as conn:
        names = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if r[0] not in BOOKKEEPING
        ]
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in names}
