"""Where PostgreSQL and SQLite differ underneath, the store behaves the same on both.

PostgreSQL checks a value against its column's type before any CHECK (text in a level's
column is a DataError there, a CHECK failure on SQLite), reports a lost server
connection, and needs its foreign keys deferrable for an undo that puts rows back in
groups (SQLite's PRAGMA defer_foreign_keys).
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text, update

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import ExpectationItem
from cxdesk.ops import Operation, perform, revert
from cxdesk.store import expectations as ex
from cxdesk.store import workspace as ws
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from tests.raw_rows import is_server, plain, user_data

pytestmark = pytest.mark.both_backends

OUT_OF_RANGE = "That value is out of range, so it was not saved."


@pytest.fixture
def item_id(db: Database) -> int:
    client = ws.add_client(db, "Acme")
    engagement = ws.add_engagement(db, client.id, "Rollout")
    return ex.add_item(db, engagement.id, expects="Live tracking", expected_level=3).id


@pytest.mark.parametrize("value", ["high", "4x"])
def test_text_in_a_number_column_is_refused_in_the_same_words(
    db: Database, item_id: int, value: str
) -> None:
    before = user_data(db)
    with pytest.raises(EditRefused, match=re.escape(OUT_OF_RANGE)), db.transaction() as s:
        s.execute(text("UPDATE expectation_item SET expected_level = :v"), {"v": value})
    with pytest.raises(EditRefused, match=re.escape(OUT_OF_RANGE)), db.transaction() as s:
        s.execute(update(table_of(ExpectationItem)).values(delivered_level=value))
    assert user_data(db) == before


def test_the_workspace_is_usable_after_a_refused_value(db: Database, item_id: int) -> None:
    with pytest.raises(EditRefused), db.transaction() as s:
        s.execute(text("UPDATE expectation_item SET expected_level = 'high'"))
    assert ex.update_item(db, item_id, "expected_level", 4).expected_level == 4


def test_undo_puts_back_rows_that_point_at_each_other(db: Database, item_id: int) -> None:
    # A deleted client comes back before its engagement and items (parents first), and
    # the items' snapshots after them: the foreign keys are checked at the commit.
    (item,) = ex.get_items(db, [item_id])
    ex.revalidate(db, ws.add_milestone(db, item.engagement_id, "Go-live").id)
    before = user_data(db)
    engagement = ws.get_engagement(db, item.engagement_id)
    assert engagement is not None
    client = engagement.client_id
    done = perform(db, Operation("Delete client", lambda d: ws.delete_client(d, client)))
    assert user_data(db) != before
    revert(db, done)
    assert user_data(db) == before


def test_foreign_keys_wait_for_the_commit_only_when_asked(db: Database, item_id: int) -> None:
    if not is_server(db):
        pytest.skip("PostgreSQL's catalogue: SQLite defers by PRAGMA, per transaction")
    with plain(db) as conn:
        kinds = conn.execute(
            text(
                "SELECT DISTINCT condeferrable, condeferred FROM pg_constraint "
                "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
            )
        ).all()
    assert kinds == [(True, False)]  # DEFERRABLE INITIALLY IMMEDIATE, every one
    with pytest.raises(EditRefused, match="no longer exists"), db.transaction() as s:
        s.execute(text("UPDATE expectation_item SET engagement_id = 999"))


def test_a_lost_server_connection_is_told_in_words_and_the_next_edit_works(
    db: Database, item_id: int
) -> None:
    if not is_server(db):
        pytest.skip("a server connection: a SQLite file has none to lose")
    lost = "connection to the database server was lost"
    with pytest.raises(EditRefused, match=lost), db.transaction() as s:  # noqa: PT012
        ex.update_item(db, item_id, "owner", "Not saved")
        s.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
    assert ex.get_items(db, [item_id])[0].owner != "Not saved"
    assert ex.update_item(db, item_id, "owner", "Dana").owner == "Dana"
