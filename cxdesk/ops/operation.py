"""Running an operation in one transaction, and reverting what it did."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import Connection, select

from cxdesk.models.tables import metadata
from cxdesk.ops.changes import ChangeSet
from cxdesk.ops.conflicts import told_undo
from cxdesk.ops.live_changes import announce_change
from cxdesk.store import graveyard
from cxdesk.store.database import Database
from cxdesk.store.journal import JOURNAL, ROW_NOUNS, Conflict, Journal, RowChange, restore

# A step of at most this many rows keeps them as it left them, so a refused undo can say
# what somebody changed since; a larger one (an import) says who and when only.
LEFT_KEPT = 200

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Operation(Generic[T]):
    """One change a person makes: ``run`` changes the database through the store.

    ``run`` may call any number of store functions: they join the operation's
    transaction, so it is saved whole or not at all. It raises
    :class:`~cxdesk.store.errors.EditRefused` for what the person must be told.
    """

    label: str  # what Edit > Undo and Redo say: "Edit what the client expects"
    run: Callable[[Database], T]
    # The engagement the change belongs to, for rows that do not name it themselves;
    # None for changes of a client, a quiz, the brand.
    engagement_id: int | None = None


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """An operation that happened: its value and the rows it changed."""

    label: str
    value: T
    changes: tuple[RowChange, ...]
    changeset: ChangeSet
    engagement_id: int | None = None
    # The rows as the step left them, by (table, id) (steps of up to LEFT_KEPT rows).
    left: Mapping[tuple[str, int], Mapping[str, Any]] = field(default_factory=dict)


def perform(db: Database, operation: Operation[T]) -> Done[T]:
    """Run ``operation`` in one transaction and return what it changed."""
    engagement_id = operation.engagement_id
    value, changes, changeset, left = _journaled(db, operation.label, operation.run, engagement_id)
    return Done(operation.label, value, changes, changeset, engagement_id, left)


def revert(db: Database, done: Done[Any]) -> Done[None]:
    """Put back every row ``done`` changed, in one transaction; the result reverts this.

    Refused with :class:`Conflict` (nothing written) when a row no longer holds what
    ``done`` left, or when putting the rows back would take others with it (a row
    somebody added under one that must go again).
    """
    expected = {(c.table, c.id) for c in done.changes}

    def put_back(db: Database) -> None:
        with db.transaction() as session:
            try:
                restore(session.connection(), done.changes)
            except Conflict as conflict:  # told as the change in the way: who, when, what
                raise told_undo(db, conflict, done.left) from None

    def only_its_rows(changes: tuple[RowChange, ...]) -> None:
        extra = [c for c in changes if (c.table, c.id) not in expected]
        if extra:  # raised inside the transaction: it rolls back whole
            raise Conflict(_took_more(extra), extra)

    engagement_id = done.engagement_id
    _value, changes, changeset, left = _journaled(
        db, done.label, put_back, engagement_id, only_its_rows
    )
    return Done(done.label, None, changes, changeset, engagement_id, left)


def _journaled(
    db: Database,
    label: str,
    run: Callable[[Database], T],
    engagement_id: int | None,
    check: Callable[[tuple[RowChange, ...]], None] | None = None,
) -> tuple[T, tuple[RowChange, ...], ChangeSet, dict[tuple[str, int], Mapping[str, Any]]]:
    with db.transaction() as session:
        conn = session.connection()
        if JOURNAL in conn.info:
            # A programming error: operations do not nest (the outer one would not
            # know what the inner one changed).
            raise RuntimeError(f"“{label}” was started inside another operation")
        journal = conn.info[JOURNAL] = Journal()
        try:
            value = run(db)
            session.flush()  # the ORM's pending writes reach the journal too
            changes = journal.close(conn)
            if check is not None:
                check(changes)
            changeset = ChangeSet.of(changes, engagement_id)
            left = _as_left(conn, changes) if len(changes) <= LEFT_KEPT else {}
            # On a server, the other windows hear of it when (and only if) it commits.
            announce_change(conn, db.origin, changeset)
        finally:
            del conn.info[JOURNAL]
    return value, changes, changeset, left


def _as_left(
    conn: Connection, changes: Sequence[RowChange]
) -> dict[tuple[str, int], Mapping[str, Any]]:
    """The rows ``changes`` left in place, as they are before COMMIT."""
    by_table: dict[str, list[int]] = {}
    for change in changes:
        if change.after is not None:
            by_table.setdefault(change.table, []).append(change.id)
    left: dict[tuple[str, int], Mapping[str, Any]] = {}
    tables = metadata().tables
    for name, ids in by_table.items():
        table = tables[name]
        for condition in graveyard.among(table.c.id, ids):
            for row in conn.execute(select(table).where(condition)).mappings():
                left[(name, row["id"])] = dict(row)
    return left


def _took_more(extra: Sequence[RowChange]) -> str:
    what = ROW_NOUNS.get(extra[0].table, "a row")
    # Not "someone": the row may have come from this very window (a participant joining
    # the session on the projector).
    return (
        f"{what[:1].upper()}{what[1:]} was added after this step (here, in another window "
        "or on another device), and undoing the step would delete it too, so nothing was "
        "changed."
    )
