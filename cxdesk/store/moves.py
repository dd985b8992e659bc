"""Moving a row among its siblings as the person's screen showed them, or refusing with
words naming the change that stands in the way (see :mod:`cxdesk.models.row_order`).

The parent row is held (:func:`~cxdesk.store.workspace.lock_parent`) before the order is
read, as adding a row under it does: two people moving or adding rows under one parent at
once take turns, and the second compares with the order the first left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from cxdesk.models.base import CHANGED_AT_COLUMN, CHANGED_BY_COLUMN, VERSION_COLUMN
from cxdesk.models.row_order import Disorder, Upset, land_between, move_within
from cxdesk.store.changed_meanwhile import MovedMeanwhile, change_made
from cxdesk.store.errors import EditRefused
from cxdesk.store.workspace import lock_parent

LABEL_MAX = 40  # a row's label longer than this is cut short in the words


@dataclass(frozen=True, slots=True)
class Siblings:
    """Rows kept in order under a parent, and how a person calls them."""

    table: Table
    parent: str  # the column naming the parent
    noun: str  # "touchpoint", "escalation level"
    label: str  # the column that names a row on screen

    @property
    def plural(self) -> str:
        return f"{self.noun}s"


def current_order(s: Session, rows: Siblings, parent_id: int) -> list[int]:
    """The ids under ``parent_id`` in their order now, the parent held until the commit."""
    table = rows.table
    lock_parent(s, table.c[rows.parent], parent_id)
    return list(
        s.scalars(
            select(table.c.id)
            .where(table.c[rows.parent] == parent_id)
            .order_by(table.c.position, table.c.id)
        )
    )


def checked_order(
    s: Session,
    rows: Siblings,
    parent_id: int,
    moved_id: int,
    to: Any,
    shown: Sequence[int] | None,
) -> list[int]:
    """The ids under ``parent_id`` in the order moving ``moved_id`` to index ``to`` of the
    screen's order (``shown``) leaves them; :class:`MovedMeanwhile` when the rows it
    passes over no longer stand as shown."""
    _whole(to)
    planned = move_within(current_order(s, rows, parent_id), moved_id, to, shown)
    if isinstance(planned, Disorder):
        raise moved_meanwhile(s, rows, planned)
    return planned


def checked_landing(
    s: Session, rows: Siblings, parent_id: int, to: Any, shown: Sequence[int] | None
) -> int:
    """The index under ``parent_id`` where a row from another parent, dropped at index
    ``to`` of the screen's order (``shown``), lands: between the same two rows."""
    _whole(to)
    place = land_between(current_order(s, rows, parent_id), to, shown)
    if isinstance(place, Disorder):
        raise moved_meanwhile(s, rows, place)
    return place


def moved_meanwhile(s: Session, rows: Siblings, disorder: Disorder) -> MovedMeanwhile:
    """The refusal of a move, as the change in its way: who made it, when, and what."""
    table = rows.table
    conn = s.connection()
    row = conn.execute(select(table).where(table.c.id == disorder.row_id)).mappings().first()
    if row is None:  # deleted: no row is left to say who deleted it, or when
        change = change_made(conn, None, None, (), 0)
        done = f"deleted {_a(rows.noun)} next to it"
        return MovedMeanwhile(done, rows.plural, change, table.name)
    if disorder.upset is Upset.MOVED_ITSELF:
        done = f"moved this {rows.noun}"
    elif disorder.upset is Upset.ADDED:
        done = f"added {_named(rows, row)}"
    else:  # moved within the parent, or out of it (a touchpoint into another phase)
        done = f"moved {_named(rows, row)}"
    change = change_made(
        conn, row[CHANGED_BY_COLUMN], row[CHANGED_AT_COLUMN], (), row[VERSION_COLUMN]
    )
    return MovedMeanwhile(done, rows.plural, change, table.name)


def _named(rows: Siblings, row: Any) -> str:
    """ "the touchpoint “Demo”"; "an expectation" when it has no text to name it by."""
    text = " ".join(str(row[rows.label] or "").split())
    if not text:
        return _a(rows.noun)
    if len(text) > LABEL_MAX:
        text = f"{text[: LABEL_MAX - 1].rstrip()}…"
    return f"the {rows.noun} “{text}”"


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _whole(to: Any) -> None:
    if isinstance(to, bool) or not isinstance(to, int):
        raise EditRefused("A position is a whole number.")
