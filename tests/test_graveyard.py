"""Undoable deletes of large subtrees (graveyard): any size, and in few statements."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event, func, insert, select

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Engagement, ExpectationItem, ExpectationSnapshot
from cxdesk.store import graveyard, workspace
from cxdesk.store.database import Database


def _big_engagement(db: Database, items: int) -> int:
    client = workspace.add_client(db, "Ελένη & Co")
    engagement = workspace.add_engagement(db, client.id, "Large rollout")
    milestone = workspace.add_milestone(db, engagement.id, "Kickoff")
    with db.transaction() as s:
        s.execute(
            insert(table_of(ExpectationItem)),
            [
                {"engagement_id": engagement.id, "position": n, "expects": f"Item {n}"}
                for n in range(items)
            ],
        )
        ids = s.scalars(select(ExpectationItem.id).order_by(ExpectationItem.id)).all()
        s.execute(
            insert(table_of(ExpectationSnapshot)),
            [{"milestone_id": milestone.id, "item_id": i, "expected_level": 3} for i in ids[-5:]],
        )
    return engagement.id


def _counts(db: Database) -> tuple[int, int]:
    with db.reading() as s:
        items = s.scalar(select(func.count()).select_from(table_of(ExpectationItem)))
        snapshots = s.scalar(select(func.count()).select_from(table_of(ExpectationSnapshot)))
    return items or 0, snapshots or 0


def test_a_subtree_past_sqlites_bound_value_limit_is_buried_and_restored(db: Database) -> None:
    """Capturing 33,000 expectations asked SQLite for their snapshots with one IN of 33,000
    values, past its limit of 32,766: undoing the import of a big workspace (or deleting a
    big engagement) failed with "too many SQL variables"."""
    engagement_id = _big_engagement(db, 33_000)
    before = _counts(db)
    with db.transaction() as s:
        # SQLite's own default; some builds (Debian's) allow more, most (Windows, macOS)
        # do not.
        raw = s.connection().connection.dbapi_connection
        assert raw is not None
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)
        buried = graveyard.bury(s, table_of(Engagement), [engagement_id])
    assert _counts(db) == (0, 0)
    with db.transaction() as s:
        graveyard.restore(s, buried)
    assert _counts(db) == before == (33_000, 5)


def test_restore_writes_each_tables_rows_together(db: Database) -> None:
    """A statement per row made the redo of a 640,000-row import take 80 s."""
    engagement_id = _big_engagement(db, 300)
    with db.transaction() as s:
        buried = graveyard.bury(s, table_of(Engagement), [engagement_id])
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        with db.transaction() as s:
            graveyard.restore(s, buried)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    # engagement, milestone, items, snapshots: one executemany each (SQLAlchemy may
    # split a long one into a few batches of its own).
    assert len(statements) <= 8
    assert _counts(db) == (300, 5)
