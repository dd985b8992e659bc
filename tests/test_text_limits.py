"""Text longer than its String(n) column is refused the same way on SQLite (which would
store it) and PostgreSQL (which would raise a DataError naming no column), by every path,
with words naming the field and its limit; nothing is written."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import String, insert, select, update

from cxdesk.models.base import table_of
from cxdesk.models.engagement_entities import Client, ExpectationItem
from cxdesk.models.tables import metadata
from cxdesk.store import expectations
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.store.text_rules import column_limit

pytestmark = pytest.mark.both_backends

OWNER_REFUSED = "The owner can be at most 200 characters; this one has 20,000."


def owners(db: Database, engagement_id: int) -> list[str]:
    return [item.owner for item in expectations.list_items(db, engagement_id)]


def test_a_20000_character_owner_is_refused_through_the_store(
    db: Database, engagement_id: int
) -> None:
    item = expectations.add_item(db, engagement_id, expects="Live tracking", owner="Ana")
    with pytest.raises(EditRefused, match=f"^{OWNER_REFUSED}$"):
        expectations.update_item(db, item.id, "owner", "o" * 20_000)
    with pytest.raises(EditRefused, match=f"^{OWNER_REFUSED}$"):
        expectations.add_item(db, engagement_id, expects="Another", owner="o" * 20_000)
    assert owners(db, engagement_id) == ["Ana"]
    expectations.update_item(db, item.id, "owner", "o" * 200)  # the limit itself fits
    assert owners(db, engagement_id) == ["o" * 200]


def test_every_path_to_the_database_refuses_it(db: Database, engagement_id: int) -> None:
    """ORM flushes, Core executemany (imports) and Core updates, below the records layer."""
    item = expectations.add_item(db, engagement_id, expects="Live tracking", owner="Ana")
    items = table_of(ExpectationItem)
    refused = "The expectation item's owner can be at most 200 characters; this one has 201."
    with pytest.raises(EditRefused, match=f"^{refused}$"), db.transaction() as s:
        s.get_one(ExpectationItem, item.id).owner = "o" * 201
    row = {"engagement_id": engagement_id, "expects": "Imported", "owner": "Bo"}
    with pytest.raises(EditRefused, match=f"^{refused}$"), db.transaction() as s:
        s.execute(insert(items), [row, row | {"owner": "o" * 201}, row])
    with pytest.raises(EditRefused, match=f"^{refused}$"), db.transaction() as s:
        s.execute(update(items).where(items.c.id == item.id).values(owner="o" * 201))
    clients = table_of(Client)
    name_refused = "The client's name can be at most 200 characters; this one has 300."
    with pytest.raises(EditRefused, match=f"^{name_refused}$"), db.transaction() as s:
        s.execute(insert(clients).values(name="c" * 300, created_at=datetime(2025, 1, 1)))
    assert owners(db, engagement_id) == ["Ana"]
    with db.reading() as s:
        assert s.scalar(select(clients.c.id).where(clients.c.name == "c" * 300)) is None


def test_a_long_value_in_a_where_clause_is_not_refused(db: Database) -> None:
    """Only what is stored is checked: a search for a long name finds nothing, quietly."""
    clients = table_of(Client)
    with db.transaction() as s:
        s.execute(update(clients).where(clients.c.name == "c" * 300).values(notes="x"))


def test_every_limited_column_is_known(db: Database) -> None:
    limited = {
        (table.name, column.name)
        for table in metadata().tables.values()
        for column in table.columns
        if isinstance(column.type, String) and column.type.length
    }
    # and who changed each versioned row (schema 0013), and closing the loop's (0014),
    # and an engagement's toolkit language (0015)
    assert len(limited) == 36 + 28 + 23 + 1
    assert column_limit(ExpectationItem, "owner") == 200
    assert column_limit(ExpectationItem, "notes") is None
