"""The reads the first frame needs, as SQL shared by the store and start-up.

At start-up the window shows the last engagement before SQLAlchemy is imported (it takes
over a second): :mod:`cxdesk.store.first_frame` runs these statements on a plain
``sqlite3`` connection. The store runs the very same statements through its session
(:func:`session_rows`), so the two can never read differently: one SQL text, one
conversion into the records in :mod:`cxdesk.models.records`.

The statements use ``:name`` parameters, which both ``sqlite3`` and SQLAlchemy's
``text()`` understand; a date comes back as ISO text from SQLite and as a ``date`` from a
driver that types it, and :func:`_date`/:func:`_datetime` accept both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any

from cxdesk.models.engagement_records import (
    ClientRecord,
    EngagementRecord,
    ItemRecord,
    MilestoneRecord,
)

Rows = Callable[[str, Mapping[str, object]], Iterable[Sequence[Any]]]
"""Runs one statement with its parameters and gives the rows (tuples in column order)."""

ITEM_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ItemRecord))

# lower(): the navigator lists names without regard to case; id breaks ties stably.
CLIENTS = "SELECT id, name FROM client ORDER BY lower(name), id"
ENGAGEMENTS = (
    "SELECT id, client_id, name, journey_phase, start_date FROM engagement ORDER BY lower(name), id"
)
ITEMS = (
    f"SELECT {', '.join(ITEM_COLUMNS)} FROM expectation_item "
    "WHERE engagement_id = :engagement_id ORDER BY position, id"
)
MILESTONES = (
    "SELECT id, engagement_id, position, name, due_date, revalidated_at FROM milestone "
    "WHERE engagement_id = :engagement_id ORDER BY position, id"
)


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _datetime(value: object) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def list_clients(rows: Rows) -> list[tuple[ClientRecord, list[EngagementRecord]]]:
    """Every client with its engagements, both by name."""
    clients = [ClientRecord(id_, name) for id_, name in rows(CLIENTS, {})]
    by_client: dict[int, list[EngagementRecord]] = {c.id: [] for c in clients}
    for id_, client_id, name, phase, start in rows(ENGAGEMENTS, {}):
        by_client[client_id].append(EngagementRecord(id_, client_id, name, phase, _date(start)))
    return [(client, by_client[client.id]) for client in clients]


def list_items(rows: Rows, engagement_id: int) -> list[ItemRecord]:
    """The engagement's Expectation Matrix rows, in their order."""
    return [ItemRecord(*row) for row in rows(ITEMS, {"engagement_id": engagement_id})]


def list_milestones(rows: Rows, engagement_id: int) -> list[MilestoneRecord]:
    """The engagement's milestones, in their order."""
    return [
        MilestoneRecord(id_, eid, position, name, _date(due), _datetime(revalidated))
        for id_, eid, position, name, due, revalidated in rows(
            MILESTONES, {"engagement_id": engagement_id}
        )
    ]
