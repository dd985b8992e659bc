"""Row versions: every INSERT and UPDATE of a row people edit gives it the change's number.

Why the engine rewrites the statement rather than the ORM's ``version_id_col``: rows
change through ORM flushes, Core bulk updates (renumbering positions) and imports
alike, and every one of them must move the version, or a concurrent edit slips past the
check. The number comes from ``change_counter``, one per transaction that writes
rows, so a number is never handed out twice: an undo may put a row's older version
back (the row holds that older content again), and the next edit still gets a number
nobody has seen. New rows get one too: SQLite may give a deleted row's id to the next
row, and (id, version) must still name one content (the undo of an "add" must not delete
a colleague's row that took the id since).

Statements that restore rows (an undo writing the before-image back, versions
included) run with the execution option :data:`KEEP_VERSIONS`.

The same statement also records who made the change and when (``changed_by``,
``changed_at``, schema 0013), on every INSERT and UPDATE, an undo's included: the undo
puts older content back, but it is a change made by this person now, and a colleague
whose edit it refuses must be told who that was.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    bindparam,
    event,
    insert,
    literal_column,
    select,
    update,
)
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.dml import Insert, Update

from cxdesk.models.base import (
    CHANGED_AT_COLUMN,
    CHANGED_BY_COLUMN,
    EDITOR_MAX,
    VERSION_COLUMN,
    Versioned,
    table_of,
    utcnow,
)
from cxdesk.models.workspace_entities import CHANGE_COUNTER_ID, ChangeCounter
from cxdesk.store.editor import editor_of, local_editor
from cxdesk.store.last_change import NOT_AN_EDIT

KEEP_VERSIONS = "cxdesk_keep_versions"

_COUNTER = table_of(ChangeCounter)
_NUMBER = "cxdesk_change_number"
_NUMBER_BIND = "cxdesk_change_number"  # the statements' parameter for it
_BY_BIND = "cxdesk_changed_by"
_AT_BIND = "cxdesk_changed_at"
_BY_NOBODY = "cxdesk_changed_by_nobody"


@dataclass(frozen=True, slots=True)
class Change:
    """One transaction's change: its number, who makes it and when (naive UTC)."""

    number: int
    by: str | None
    at: datetime


def versioned(table: Any) -> bool:
    """Whether ``table`` is one whose rows carry a version."""
    return isinstance(table, Table) and VERSION_COLUMN in table.c


def stamp_versions(engine: Engine) -> None:
    """Make every UPDATE of a versioned table on ``engine`` set the change's number."""

    @event.listens_for(engine, "before_execute", retval=True)
    def _stamp(
        conn: Connection,
        statement: Any,
        multiparams: Any,
        params: Any,
        execution_options: Any,
    ) -> tuple[Any, Any, Any]:
        if (
            isinstance(statement, Update | Insert)
            # INSERT ... SELECT names its columns in the SELECT: left at the default, 1
            and getattr(statement, "select", None) is None
            and versioned(statement.table)
            and not conn.get_execution_options().get(NOT_AN_EDIT)
        ):
            table = statement.table
            change = current_change(conn)
            # Set by the statement itself, so they win over values among the parameters
            # (the ORM sends the column's default, 1, with every new row; an undo the
            # row's old author). Bound values under fixed names, not the values written
            # into the SQL: the statement then compiles once and is found in the engine's
            # cache by every later transaction (each number in the SQL was a new
            # statement, compiled again for every answer a room gave).
            values: dict[Any, ColumnElement[Any]] = {}
            if CHANGED_BY_COLUMN in table.c:
                values[table.c[CHANGED_BY_COLUMN]] = bindparam(
                    _BY_BIND, change.by, String(EDITOR_MAX)
                )
                values[table.c[CHANGED_AT_COLUMN]] = bindparam(_AT_BIND, change.at, DateTime)
            if not execution_options.get(KEEP_VERSIONS):
                values[table.c[VERSION_COLUMN]] = bindparam(_NUMBER_BIND, change.number, Integer)
            if values:
                statement = statement.values(values)
        return statement, multiparams, params

    # The number belongs to one transaction: forget it when that transaction ends.
    @event.listens_for(engine, "commit")
    def _committed(conn: Connection) -> None:
        conn.info.pop(_NUMBER, None)
        conn.info.pop(_BY_NOBODY, None)

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn: Connection) -> None:
        if conn.invalidated:
            return  # a server connection lost mid-edit: its info went with it
        conn.info.pop(_NUMBER, None)
        conn.info.pop(_BY_NOBODY, None)


def written_by_nobody(conn: Connection) -> None:
    """The rows this transaction writes name no author: the demo engagement's, which
    nobody wrote (a new workspace gets the same rows without the store, made by nobody)."""
    conn.info[_BY_NOBODY] = True


@event.listens_for(Versioned, "after_insert", propagate=True)
@event.listens_for(Versioned, "after_update", propagate=True)
def _flushed(_mapper: Mapper[Any], conn: Connection, target: Versioned) -> None:
    """An ORM object just written holds the version, author and time its row was given,
    as the row does (the ORM does not read back values the engine added to its statement)."""
    change: Change | None = conn.info.get(_NUMBER)
    if change is not None:
        set_committed_value(target, VERSION_COLUMN, change.number)
        set_committed_value(target, CHANGED_BY_COLUMN, change.by)
        set_committed_value(target, CHANGED_AT_COLUMN, change.at)


def change_number(conn: Connection) -> int:
    """This transaction's change number, taken from the counter the first time."""
    return current_change(conn).number


def current_change(conn: Connection) -> Change:
    """This transaction's change (number, who, when), taken the first time it is asked for."""
    change: Change | None = conn.info.get(_NUMBER)
    if change is None:
        server = conn.dialect.name == "postgresql"
        # UPDATE ... RETURNING takes the next number atomically, also with several
        # writers on a server (the row lock orders them). A server's team is told who
        # by the role each person logs in with, and when by the server's one clock (the
        # transaction's start, in UTC), not by laptops' clocks that may disagree.
        returned: list[Any] = [_COUNTER.c.last_number]
        if server:
            returned += [literal_column("current_user"), literal_column("timezone('UTC', now())")]
        row = conn.execute(
            update(_COUNTER)
            .where(_COUNTER.c.id == CHANGE_COUNTER_ID)
            .values(last_number=_COUNTER.c.last_number + 1)
            .returning(*returned)
        ).first()
        found: tuple[Any, ...] = tuple(row) if row is not None else ()
        if not found:  # a database made without the migration's first row
            before = conn.execute(select(_COUNTER.c.last_number)).scalar()
            number = (before or 1) + 1
            conn.execute(insert(_COUNTER).values(id=CHANGE_COUNTER_ID, last_number=number))
            found = (number, None, None) if server else (number,)
        if server:
            number, by, at = found
            change = Change(number, by or local_editor(), at or utcnow())
        else:
            change = Change(found[0], editor_of(conn), utcnow())
        if conn.info.get(_BY_NOBODY):
            change = Change(change.number, None, change.at)
        conn.info[_NUMBER] = change
    return change
