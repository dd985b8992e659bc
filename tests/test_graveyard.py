"""Deleting large subtrees and undoing it (graveyard captures them for the journal): any
size, and in few statements."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event, func, insert, select

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import ExpectationItem, ExpectationSnapshot
from cxdesk.ops import Operation, perform, revert
from cxdesk.store import workspace
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


def _delete(engagement_id: int) -> Operation[None]:
    return Operation("Delete engagement", lambda db: workspace.delete_engagement(db, engagement_id))


def test_a_subtree_past_sqlites_bound_value_limit_is_deleted_and_put_back(db: Database) -> None:
    """Capturing 33,000 expectations asked SQLite for their snapshots with one IN of 33,000
    values, past its limit of 32,766: undoing the import of a big workspace (or deleting a
    big engagement) failed with "too many SQL variables"."""
    engagement_id = _big_engagement(db, 33_000)
    before = _counts(db)

    def limit(dbapi_connection: Any, *_rest: Any) -> None:
        # SQLite's own default; some builds (Debian's) allow more, most (Windows, macOS)
        # do not.
        dbapi_connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 32_766)

    event.listen(db.engine, "checkout", limit)
    try:
        done = perform(db, _delete(engagement_id))
        assert _counts(db) == (0, 0)
        revert(db, done)
    finally:
        event.remove(db.engine, "checkout", limit)
    assert _counts(db) == before == (33_000, 5)


def test_undoing_a_delete_writes_each_tables_rows_together(db: Database) -> None:
    """A statement per row made the redo of a 640,000-row import take 80 s."""
    engagement_id = _big_engagement(db, 300)
    done = perform(db, _delete(engagement_id))
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        revert(db, done)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    # engagement, milestone, items, snapshots: one executemany each (SQLAlchemy may
    # split a long one into a few batches of its own).
    assert len(statements) <= 8
    assert _counts(db) == (300, 5)
