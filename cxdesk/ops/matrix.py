"""Operations on the Expectation Matrix: a cell, rows added, deleted and moved, revalidation.

Each function builds the :class:`~cxdesk.ops.Operation` for one thing a person does in
the matrix, with the words Edit > Undo shows, or returns None when nothing would change.
Undo is the journal's: the rows a step touched (renumbered neighbours, the snapshots a
revalidation replaced) go back as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from cxdesk.models.records import ItemRecord, MilestoneRecord
from cxdesk.ops.conflicts import edit_told
from cxdesk.ops.operation import Operation
from cxdesk.store import expectations
from cxdesk.store.database import Database

# What Edit > Undo calls each field: "Undo Edit what the client expects".
FIELD_LABELS = {
    "expects": "what the client expects",
    "needs": "what the client needs",
    "planned": "what we planned",
    "delivered": "what was delivered",
    "experienced": "what the client experienced",
    "expected_level": "expected level",
    "delivered_level": "delivered level",
    "experienced_level": "experienced level",
    "sacrifice": "sacrifice",
    "sacrifice_level": "sacrifice level",
    "status": "status",
    "owner": "owner",
    "notes": "notes",
}


def edit_item(item: ItemRecord, field: str, value: Any) -> Operation[ItemRecord] | None:
    """Set one cell of the row as the screen shows it: refused (StaleRow) when somebody
    changed the row since, rather than written over their change."""
    if getattr(item, field) == value:
        return None
    return Operation(
        f"Edit {FIELD_LABELS.get(field, field)}",
        lambda db: edit_told(
            db,
            "expectation_item",
            item,
            "expectation",
            lambda: expectations.update_item(db, item.id, field, value, version=item.version),
        ),
        item.engagement_id,
    )


def add_item(engagement_id: int, at: int | None = None, **values: Any) -> Operation[ItemRecord]:
    """A new row at index ``at`` (the end when None); its record is the operation's value."""
    return Operation(
        "Add expectation",
        lambda db: expectations.add_item(db, engagement_id, at, **values),
        engagement_id,
    )


def delete_items(engagement_id: int, item_ids: Sequence[int]) -> Operation[None] | None:
    ids = list(item_ids)
    if not ids:
        return None

    def run(db: Database) -> None:
        expectations.delete_items(db, ids)

    what = "expectation" if len(ids) == 1 else f"{len(ids)} expectations"
    return Operation(f"Delete {what}", run, engagement_id)


def move_item(
    item: ItemRecord, to: int, shown: Sequence[int] | None = None
) -> Operation[list[ItemRecord]] | None:
    """To index ``to`` of the rows as the screen shows them (``shown``, their ids): refused
    when the rows it passes over were moved, added or deleted since."""
    if to == item.position:
        return None
    return Operation(
        "Move expectation",
        lambda db: expectations.move_item(db, item.id, to, shown),
        item.engagement_id,
    )


def revalidate(
    engagement_id: int, milestone_id: int, name: str, as_of: date | None = None
) -> Operation[MilestoneRecord]:
    """Record every row's levels at the milestone, replacing what was recorded there,
    dated as of the day the revalidation describes (default today)."""
    return Operation(
        f"Revalidate at “{name}”",
        lambda db: expectations.revalidate(db, milestone_id, as_of),
        engagement_id,
    )
