"""What the emotion map's store modules share: checking input, dense positions, reading records."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, CursorResult, Select, Table, func, select, update
from sqlalchemy.orm import Session

from cxdesk.models.base import table_of
from cxdesk.models.constraints import storable
from cxdesk.models.journey_entities import (
    HandoffItem,
    MapPhase,
    Stakeholder,
    StakeholderEmotion,
    Touchpoint,
)
from cxdesk.models.journey_map import (
    EMOTION_MAX,
    EMOTION_MIN,
    NAME_MAX,
    TEXT_MAX,
    TOUCHPOINT_FIELD_LABELS,
    TOUCHPOINT_FIELDS,
    HandoffItemRecord,
    PhaseRecord,
    StakeholderRecord,
    TouchpointRecord,
)
from cxdesk.store import graveyard
from cxdesk.store.errors import EditRefused, StaleRow
from cxdesk.store.moves import Siblings, checked_order
from cxdesk.store.only_moved import version_passes
from cxdesk.store.workspace import ROW_LOCK, clean_name, lock_parent

PHASE = table_of(MapPhase)
TOUCHPOINT = table_of(Touchpoint)
STAKEHOLDER = table_of(Stakeholder)
SCORE = table_of(StakeholderEmotion)
ITEM = table_of(HandoffItem)
# How a person calls each kind of row that moves, for the words of a refused move.
PHASES = Siblings(PHASE, "engagement_id", "phase", "name")
TOUCHPOINTS = Siblings(TOUCHPOINT, "phase_id", "touchpoint", "name")
STAKEHOLDERS = Siblings(STAKEHOLDER, "engagement_id", "stakeholder", "name")

T = TypeVar("T")

UNSTORABLE = (
    "That text contains characters that cannot be stored (a broken character or a NUL): retype it."
)


# --- checking input ------------------------------------------------------------------


def clean_map_name(value: Any, what: str) -> str:
    """A phase's, touchpoint's or stakeholder's name: trimmed, not blank, storable."""
    name = clean_name(value, what)
    if not storable(name):
        raise EditRefused(UNSTORABLE)
    return name


def clean_text(value: Any, label: str, limit: int = TEXT_MAX) -> str:
    """Free text, stored exactly as typed, if it fits and can be stored."""
    if not isinstance(value, str):
        raise EditRefused(f"{label} takes text.")
    if len(value) > limit:
        raise EditRefused(f"{label} is too long (at most {limit:,} characters).")
    if not storable(value):
        raise EditRefused(UNSTORABLE)
    return value


def clean_emotion(value: Any) -> int | None:
    """-3..+3, or None for "not scored"; anything else is refused, never clamped."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise EditRefused(f"An emotion is a whole number from -3 to +3; “{value}” was not saved.")
    if not EMOTION_MIN <= value <= EMOTION_MAX:
        raise EditRefused(f"An emotion goes from -3 to +3; “{value:+d}” was not saved.")
    return value


def clean_touchpoint_field(field: str, value: Any) -> Any:
    if field not in TOUCHPOINT_FIELDS:
        raise EditRefused(f"“{field}” is not part of a touchpoint.")
    if field == "name":
        return clean_map_name(value, "touchpoint")
    if field == "emotion":
        return clean_emotion(value)
    return clean_text(value, TOUCHPOINT_FIELD_LABELS[field])


def clean_item_text(value: Any) -> str:
    if not isinstance(value, str):
        raise EditRefused("A checklist item is text.")
    text = value.strip()
    if not text:
        raise EditRefused("A checklist item needs some text.")
    return clean_text(text, "A checklist item")


def clean_role(value: Any) -> str:
    return clean_text(
        " ".join(value.split()) if isinstance(value, str) else value, "A role", NAME_MAX
    )


def must_exist(found: T | None, what: str) -> T:
    """``found``, or a refusal saying the thing is gone (deleted meanwhile)."""
    if found is None:
        raise EditRefused(f"That {what} no longer exists (it may have been deleted).")
    return found


def must_be_current(s: Session, table: Table, row_id: Any, what: str, version: int | None) -> None:
    """Refuse an edit of a row that is gone or, given the ``version`` the person's screen
    shows, that somebody changed since (:class:`StaleRow`): their change is not overwritten.

    The row is held from the check to the commit: a colleague's edit of it not committed
    yet is waited for, then compared with (READ COMMITTED would otherwise pass the check
    on the row as it was, and the write would go over theirs)."""
    found = must_exist(
        s.scalar(select(table.c.version).where(table.c.id == row_id).with_for_update(**ROW_LOCK)),
        what,
    )
    if version is not None and not version_passes(table.name, row_id, version, found):
        raise StaleRow(what)


# --- dense positions (0..n-1 within each parent) -----------------------------------


def insert_row(s: Session, table: Table, **values: Any) -> int:
    """Insert one row; its new id."""
    result = cast(CursorResult[Any], s.execute(table.insert().values(**values)))
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def ordered_ids(s: Session, table: Table, parent: str, parent_id: int) -> list[int]:
    return list(
        s.scalars(
            select(table.c.id)
            .where(table.c[parent] == parent_id)
            .order_by(table.c.position, table.c.id)
        )
    )


def write_order(s: Session, table: Table, ids: list[int]) -> None:
    """Give ``ids`` positions 0..n-1 in that order (touching only rows that move)."""
    current = dict(s.execute(select(table.c.id, table.c.position).where(table.c.id.in_(ids))).all())
    for index, row_id in enumerate(ids):
        if current.get(row_id) != index:
            s.execute(update(table).where(table.c.id == row_id).values(position=index))


def renumber(s: Session, table: Table, parent: str, parent_id: int) -> None:
    """Close the holes a delete left, so "move to index" means what it says."""
    write_order(s, table, ordered_ids(s, table, parent, parent_id))


def open_gap(s: Session, table: Table, parent: str, parent_id: int, at: int | None) -> int:
    """Make room at index ``at`` (the end when None or past it); return the position."""
    if at is not None and (isinstance(at, bool) or not isinstance(at, int)):
        raise EditRefused("A position is a whole number.")
    lock_parent(s, table.c[parent], parent_id)
    renumber(s, table, parent, parent_id)
    count = s.scalar(select(func.count()).where(table.c[parent] == parent_id)) or 0
    position = count if at is None else max(0, min(at, count))
    shift_from(s, table, parent, parent_id, position)
    return position


def shift_from(s: Session, table: Table, parent: str, parent_id: int, position: int) -> None:
    s.execute(
        update(table)
        .where(table.c[parent] == parent_id, table.c.position >= position)
        .values(position=table.c.position + 1)
    )


def move_within(
    s: Session,
    rows: Siblings,
    parent_id: int,
    row_id: int,
    to: Any,
    shown: Sequence[int] | None = None,
) -> None:
    """Move ``row_id`` to index ``to`` of the order the screen showed (``shown``, the
    parent's ids): refused when the rows it passes over no longer stand as shown."""
    write_order(s, rows.table, checked_order(s, rows, parent_id, row_id, to, shown))


def delete_positioned(s: Session, table: Table, parent: str, ids: Iterable[int], what: str) -> None:
    """Delete rows (the database cascades to what hangs from them) and close the holes
    they leave. An operation's journal captures every row that goes, so undo needs
    nothing from here."""
    ids = list(dict.fromkeys(ids))
    rows = s.execute(select(table.c.id, table.c[parent]).where(table.c.id.in_(ids))).all()
    if not ids or len(rows) != len(ids):
        raise EditRefused(f"That {what} no longer exists (it may have been deleted).")
    for part in graveyard.chunks(ids):
        s.execute(table.delete().where(table.c.id.in_(part)))
    for parent_id in {row[1] for row in rows}:
        renumber(s, table, parent, parent_id)


# --- reading records (plain columns: the map is re-read after every structural edit) ---


def rows_of(s: Session, statement: Select[Any]) -> Sequence[Any]:
    """Every row at once on the session's connection: the ORM's per-row work skipped."""
    return s.connection().execute(statement).all()


TOUCHPOINT_COLUMNS = (
    TOUCHPOINT.c.id,
    PHASE.c.engagement_id,
    TOUCHPOINT.c.phase_id,
    TOUCHPOINT.c.position,
    TOUCHPOINT.c.name,
    TOUCHPOINT.c.channel,
    TOUCHPOINT.c.sees_does,
    TOUCHPOINT.c.thinks_feels,
    TOUCHPOINT.c.needs,
    TOUCHPOINT.c.emotion,
    TOUCHPOINT.c.pain_points,
    TOUCHPOINT.c.opportunities,
    TOUCHPOINT.c.owner_team,
    TOUCHPOINT.c.version,
)


def read_touchpoints(s: Session, where: ColumnElement[bool]) -> list[TouchpointRecord]:
    """Touchpoints (joined to their phase) in phase then journey order, with their scores."""
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    for touchpoint_id, stakeholder_id, emotion in rows_of(
        s,
        select(SCORE.c.touchpoint_id, SCORE.c.stakeholder_id, SCORE.c.emotion)
        .join(TOUCHPOINT, TOUCHPOINT.c.id == SCORE.c.touchpoint_id)
        .join(PHASE, PHASE.c.id == TOUCHPOINT.c.phase_id)
        .where(where),
    ):
        scores[touchpoint_id][stakeholder_id] = emotion
    rows = rows_of(
        s,
        select(*TOUCHPOINT_COLUMNS)
        .join(PHASE, PHASE.c.id == TOUCHPOINT.c.phase_id)
        .where(where)
        .order_by(PHASE.c.position, PHASE.c.id, TOUCHPOINT.c.position, TOUCHPOINT.c.id),
    )
    return [
        TouchpointRecord(
            i, e, p, pos, name, ch, sees, thinks, needs, emo, pains, opps, team, scores[i], v
        )
        for i, e, p, pos, name, ch, sees, thinks, needs, emo, pains, opps, team, v in rows
    ]


def read_items(s: Session, where: ColumnElement[bool]) -> list[HandoffItemRecord]:
    rows = rows_of(
        s,
        select(
            ITEM.c.id,
            PHASE.c.engagement_id,
            ITEM.c.phase_id,
            ITEM.c.position,
            ITEM.c.text,
            ITEM.c.done,
            ITEM.c.version,
        )
        .join(PHASE, PHASE.c.id == ITEM.c.phase_id)
        .where(where)
        .order_by(PHASE.c.position, PHASE.c.id, ITEM.c.position, ITEM.c.id),
    )
    return [
        HandoffItemRecord(i, e, p, pos, text, bool(done), v) for i, e, p, pos, text, done, v in rows
    ]


def read_phases(s: Session, where: ColumnElement[bool]) -> list[PhaseRecord]:
    touchpoints: dict[int, list[TouchpointRecord]] = defaultdict(list)
    for touchpoint in read_touchpoints(s, where):
        touchpoints[touchpoint.phase_id].append(touchpoint)
    items: dict[int, list[HandoffItemRecord]] = defaultdict(list)
    for item in read_items(s, where):
        items[item.phase_id].append(item)
    rows = rows_of(
        s,
        select(PHASE.c.id, PHASE.c.engagement_id, PHASE.c.position, PHASE.c.name, PHASE.c.version)
        .where(where)
        .order_by(PHASE.c.position, PHASE.c.id),
    )
    return [
        PhaseRecord(i, e, pos, name, tuple(touchpoints[i]), tuple(items[i]), v)
        for i, e, pos, name, v in rows
    ]


def read_stakeholders(s: Session, where: ColumnElement[bool]) -> list[StakeholderRecord]:
    rows = rows_of(
        s,
        select(
            STAKEHOLDER.c.id,
            STAKEHOLDER.c.engagement_id,
            STAKEHOLDER.c.position,
            STAKEHOLDER.c.name,
            STAKEHOLDER.c.role,
            STAKEHOLDER.c.influence,
            STAKEHOLDER.c.notes,
            STAKEHOLDER.c.version,
        )
        .where(where)
        .order_by(STAKEHOLDER.c.position, STAKEHOLDER.c.id),
    )
    return [StakeholderRecord(*row) for row in rows]


def one(records: list[Any], what: str) -> Any:
    if not records:
        raise EditRefused(f"That {what} no longer exists (it may have been deleted).")
    return records[0]


def touchpoint_record(s: Session, touchpoint_id: int) -> TouchpointRecord:
    record: TouchpointRecord = one(
        read_touchpoints(s, TOUCHPOINT.c.id == touchpoint_id), "touchpoint"
    )
    return record


def phase_record(s: Session, phase_id: int) -> PhaseRecord:
    record: PhaseRecord = one(read_phases(s, PHASE.c.id == phase_id), "phase")
    return record


def item_record(s: Session, item_id: int) -> HandoffItemRecord:
    record: HandoffItemRecord = one(read_items(s, ITEM.c.id == item_id), "checklist item")
    return record


def stakeholder_record(s: Session, stakeholder_id: int) -> StakeholderRecord:
    record: StakeholderRecord = one(
        read_stakeholders(s, STAKEHOLDER.c.id == stakeholder_id), "stakeholder"
    )
    return record


def engagement_of_phase(s: Session, phase_id: Any) -> int:
    found = s.scalar(select(PHASE.c.engagement_id).where(PHASE.c.id == phase_id))
    return int(must_exist(found, "phase"))
