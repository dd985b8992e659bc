"""Operations on the Expectation Matrix: rows, their order and milestone revalidation."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from cxdesk.models.as_of import as_of_moment, as_of_problem
from cxdesk.models.base import table_of, utcnow
from cxdesk.models.engagement_entities import (
    ITEM_EDITABLE_FIELDS,
    ITEM_LEVEL_FIELDS,
    Engagement,
    ExpectationItem,
    ExpectationSnapshot,
    Milestone,
)
from cxdesk.models.journey import (
    LEVEL_MAX,
    LEVEL_MIN,
    SACRIFICE_MAX,
    SACRIFICE_MIN,
    ExpectationStatus,
)
from cxdesk.models.records import ItemRecord, MilestoneRecord, SnapshotRecord
from cxdesk.store import graveyard, reads
from cxdesk.store.database import Database, session_rows
from cxdesk.store.errors import EditRefused
from cxdesk.store.moves import Siblings, checked_order
from cxdesk.store.text_rules import column_limit, overlong_message
from cxdesk.store.workspace import get_or_refuse, milestone_record

TEXT_MAX = 20_000

_ITEM_COLUMNS = [c.name for c in table_of(ExpectationItem).columns]
# A refused move names a row by what the client expects ("the expectation “Weekly status”").
ITEMS = Siblings(table_of(ExpectationItem), "engagement_id", "expectation", "expects")


def item_record(row: Any) -> ItemRecord:
    return ItemRecord(**{name: getattr(row, name) for name in _ITEM_COLUMNS})


def list_items(db: Database, engagement_id: int) -> list[ItemRecord]:
    # Plain rows into plain records: a 1,000-row matrix loads in milliseconds.
    with db.reading() as s:
        return reads.list_items(session_rows(s), engagement_id)


def get_items(db: Database, item_ids: Iterable[int]) -> list[ItemRecord]:
    """The rows of ``item_ids`` that still exist, as they are now (a screen re-reads
    just the rows an edit, its undo or somebody else changed)."""
    table = table_of(ExpectationItem)
    ids = list(item_ids)
    with db.reading() as s:
        return [
            item_record(r)
            for part in graveyard.chunks(ids)
            for r in s.execute(select(table).where(table.c.id.in_(part))).all()
        ]


def validate_field(field: str, value: Any) -> Any:
    """Check one edit before it reaches the database, with a message a person reads."""
    if field not in ITEM_EDITABLE_FIELDS:
        raise EditRefused(f"“{field}” is not a field of an expectation.")
    if field in ITEM_LEVEL_FIELDS or field == "sacrifice_level":
        low, high = (
            (SACRIFICE_MIN, SACRIFICE_MAX) if field == "sacrifice_level" else (LEVEL_MIN, LEVEL_MAX)
        )
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise EditRefused(f"Levels go from {low} to {high}; “{value}” was not saved.")
        return value
    if field == "status":
        try:
            return ExpectationStatus(value).value
        except ValueError as exc:
            raise EditRefused(f"“{value}” is not a status CX Desk knows.") from exc
    if not isinstance(value, str):
        raise EditRefused(f"“{field}” takes text.")
    limit = column_limit(ExpectationItem, field)
    if limit is not None and len(value) > limit:  # the owner: String(200), not free text
        what = f"the {field.replace('_', ' ')}"
        raise EditRefused(overlong_message(what, limit, len(value)))
    if len(value) > TEXT_MAX:
        raise EditRefused(f"That text is too long (at most {TEXT_MAX:,} characters).")
    return value


def add_item(db: Database, engagement_id: int, at: int | None = None, **values: Any) -> ItemRecord:
    """Add a row at position ``at`` (end by default), shifting the rows below it down."""
    clean = {field: validate_field(field, v) for field, v in values.items()}
    with db.transaction() as s:
        get_or_refuse(s, Engagement, engagement_id, "engagement", lock=True)
        count = s.scalar(select(func.count()).where(ExpectationItem.engagement_id == engagement_id))
        position = count if at is None else max(0, min(at, count or 0))
        _renumber(s, engagement_id)
        s.execute(
            update(ExpectationItem)
            .where(
                ExpectationItem.engagement_id == engagement_id,
                ExpectationItem.position >= position,
            )
            .values(position=ExpectationItem.position + 1)
        )
        item = ExpectationItem(engagement_id=engagement_id, position=position, **clean)
        s.add(item)
        s.flush()
        return item_record(item)


def update_item(
    db: Database, item_id: int, field: str, value: Any, version: int | None = None
) -> ItemRecord:
    """Set one field; with ``version`` (the row as the screen shows it), refused when
    somebody changed the row since."""
    value = validate_field(field, value)
    with db.transaction() as s:
        item = get_or_refuse(s, ExpectationItem, item_id, "expectation", version)
        setattr(item, field, value)
        s.flush()
        return item_record(item)


def delete_items(db: Database, item_ids: Sequence[int]) -> None:
    """Delete rows (and their snapshots), closing the gap in the positions."""
    table = table_of(ExpectationItem)
    ids = list(item_ids)
    with db.transaction() as s:
        engagement_ids = {
            engagement_id
            for part in graveyard.chunks(ids)
            for engagement_id in s.scalars(
                select(table.c.engagement_id).where(table.c.id.in_(part)).distinct()
            )
        }
        for part in graveyard.chunks(ids):
            s.execute(table.delete().where(table.c.id.in_(part)))
        for engagement_id in engagement_ids:
            _renumber(s, engagement_id)


def move_item(
    db: Database, item_id: int, to: int, shown: Sequence[int] | None = None
) -> list[ItemRecord]:
    """Move a row to index ``to`` of its engagement's order as the screen showed it
    (``shown``, the rows' ids): refused when the rows it passes over were moved, added or
    deleted since (:class:`~cxdesk.store.changed_meanwhile.MovedMeanwhile`). Returns the
    new order."""
    with db.transaction() as s:
        item = get_or_refuse(s, ExpectationItem, item_id, "expectation")
        ids = checked_order(s, ITEMS, item.engagement_id, item_id, to, shown)
        rows = {
            row.id: row
            for row in s.scalars(
                select(ExpectationItem).where(ExpectationItem.engagement_id == item.engagement_id)
            )
        }
        ordered = [rows[row_id] for row_id in ids]
        for index, row in enumerate(ordered):
            if row.position != index:
                row.position = index
        s.flush()
        return [item_record(i) for i in ordered]


def _renumber(s: Session, engagement_id: int) -> None:
    """Keep positions 0..n-1 with no holes, so "move to index" means what it says."""
    ordered = s.scalars(
        select(ExpectationItem)
        .where(ExpectationItem.engagement_id == engagement_id)
        .order_by(ExpectationItem.position, ExpectationItem.id)
    ).all()
    for index, row in enumerate(ordered):
        if row.position != index:
            row.position = index
    s.flush()


# --- revalidation at milestones ----------------------------------------------------


def revalidate(db: Database, milestone_id: int, as_of: date | None = None) -> MilestoneRecord:
    """Snapshot every row's levels at the milestone (replacing an earlier snapshot),
    dated as of the day the revalidation describes (default today): ``revalidated_at``
    holds that day (see :mod:`cxdesk.models.as_of`), the snapshots when they were taken."""
    today = date.today()
    day = today if as_of is None else as_of
    if not isinstance(day, date):
        raise EditRefused("A revalidation is dated with a day.")
    problem = as_of_problem(day, today, "A revalidation")
    if problem is not None:
        raise EditRefused(problem)
    with db.transaction() as s:
        milestone = get_or_refuse(s, Milestone, milestone_id, "milestone")
        s.execute(
            delete(ExpectationSnapshot).where(ExpectationSnapshot.milestone_id == milestone_id)
        )
        items = s.scalars(
            select(ExpectationItem).where(ExpectationItem.engagement_id == milestone.engagement_id)
        ).all()
        now = utcnow()
        s.add_all(
            ExpectationSnapshot(
                milestone_id=milestone_id,
                item_id=i.id,
                expected_level=i.expected_level,
                delivered_level=i.delivered_level,
                experienced_level=i.experienced_level,
                taken_at=now,
            )
            for i in items
        )
        milestone.revalidated_at = as_of_moment(day)
        s.flush()
        return milestone_record(milestone)


def list_snapshots(db: Database, engagement_id: int) -> list[SnapshotRecord]:
    with db.reading() as s:
        return reads.list_snapshots(session_rows(s), engagement_id)


def list_snapshot_gaps(db: Database, engagement_id: int) -> list[tuple[int, int, int | None]]:
    """``(item_id, milestone_id, perceived gap)`` of each snapshot (the heatmap's data)."""
    with db.reading() as s:
        return reads.list_snapshot_gaps(session_rows(s), engagement_id)
