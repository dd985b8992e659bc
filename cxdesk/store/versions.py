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
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Integer,
    Table,
    bindparam,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapper
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.sql.dml import Insert, Update

from cxdesk.models.base import VERSION_COLUMN, Versioned, table_of
from cxdesk.models.workspace_entities import CHANGE_COUNTER_ID, ChangeCounter
from cxdesk.store.last_change import NOT_AN_EDIT

KEEP_VERSIONS = "cxdesk_keep_versions"

_COUNTER = table_of(ChangeCounter)
_NUMBER = "cxdesk_change_number"
_NUMBER_BIND = "cxdesk_change_number"  # the statements' parameter for it


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
            and not execution_options.get(KEEP_VERSIONS)
            and not conn.get_execution_options().get(NOT_AN_EDIT)
        ):
            table = statement.table
            # Set by the statement itself, so it wins over a version among the parameters
            # (the ORM sends the column's default, 1, with every new row). A bound value
            # under one fixed name, not the number written into the SQL: the statement
            # then compiles once and is found in the engine's cache by every later
            # transaction (each number in the SQL was a new statement, compiled again for
            # every answer a room gave).
            number: ColumnElement[int] = bindparam(_NUMBER_BIND, change_number(conn), Integer)
            statement = statement.values({table.c[VERSION_COLUMN]: number})
        return statement, multiparams, params

    # The number belongs to one transaction: forget it when that transaction ends.
    @event.listens_for(engine, "commit")
    def _committed(conn: Connection) -> None:
        conn.info.pop(_NUMBER, None)

    @event.listens_for(engine, "rollback")
    def _rolled_back(conn: Connection) -> None:
        if conn.invalidated:
            return  # a server connection lost mid-edit: its info went with it
        conn.info.pop(_NUMBER, None)


@event.listens_for(Versioned, "after_insert", propagate=True)
@event.listens_for(Versioned, "after_update", propagate=True)
def _flushed(_mapper: Mapper[Any], conn: Connection, target: Versioned) -> None:
    """An ORM object just written holds the version its row was given, as the row does
    (the ORM does not read back a value the engine added to its statement)."""
    number = conn.info.get(_NUMBER)
    if number is not None:
        set_committed_value(target, VERSION_COLUMN, number)


def change_number(conn: Connection) -> int:
    """This transaction's change number, taken from the counter the first time."""
    number: int | None = conn.info.get(_NUMBER)
    if number is None:
        # UPDATE ... RETURNING takes the next number atomically, also with several
        # writers on a server (the row lock orders them).
        number = conn.execute(
            update(_COUNTER)
            .where(_COUNTER.c.id == CHANGE_COUNTER_ID)
            .values(last_number=_COUNTER.c.last_number + 1)
            .returning(_COUNTER.c.last_number)
        ).scalar()
        if number is None:  # a database made without the migration's first row
            before = conn.execute(select(_COUNTER.c.last_number)).scalar()
            number = (before or 1) + 1
            conn.execute(insert(_COUNTER).values(id=CHANGE_COUNTER_ID, last_number=number))
        conn.info[_NUMBER] = number
    return number
