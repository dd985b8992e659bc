"""Writers on a team workspace take turns in one order, so two edits never wait for each
other (a deadlock, which PostgreSQL ends by refusing one of them).

Every transaction that writes takes the change counter's row at its first write
(:mod:`cxdesk.store.versions`) and holds it to its commit. One that first holds a row
(:func:`~cxdesk.store.workspace.lock_parent`: an engagement, before positions under it
are counted) took that row before the counter, while a colleague's rename of the same
engagement took the counter before the row: each then waited for the other. Now, before
the first statement of a transaction that locks or writes rows, it takes one lock of
the whole workspace (a transaction-level advisory lock, released by the commit or
rollback): whoever comes second waits for the first to finish, then goes ahead. As the
counter already made writers take turns from their first write, this costs one round
trip per writing transaction, not concurrency. Reading takes no turn.

SQLite needs none of this: one writer at a time, whose lock is taken at BEGIN.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection, Engine, Select, TextClause, event, func, select
from sqlalchemy.sql.dml import UpdateBase

# The advisory lock's key: one per database (PostgreSQL's advisory locks are), so one
# per workspace. "CXDW" (CX Desk writers), away from keys other programs commonly take.
WRITERS_KEY = 0x43584457

_HELD = "cxdesk_writers_turn_held"
# A statement given as text that writes or holds rows (the ORM and Core give objects).
_LOCKING_TEXT = re.compile(
    r"^\s*(INSERT|UPDATE|DELETE|MERGE)\b|\bFOR\s+(NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)\b",
    re.IGNORECASE,
)


def locks_rows(statement: Any) -> bool:
    """Whether ``statement`` writes rows or holds them until the transaction ends."""
    if isinstance(statement, UpdateBase):  # INSERT, UPDATE, DELETE
        return True
    if isinstance(statement, Select):
        return statement._for_update_arg is not None
    if isinstance(statement, TextClause):
        statement = statement.text
    return isinstance(statement, str) and _LOCKING_TEXT.search(statement) is not None


def take_turns(engine: Engine) -> None:
    """Make every transaction on ``engine`` (a server's) that locks or writes rows take
    the workspace's writers' turn first."""

    @event.listens_for(engine, "before_execute")
    def _turn_first(
        conn: Connection, statement: Any, _multiparams: Any, _params: Any, _options: Any
    ) -> None:
        if conn.info.get(_HELD) or not locks_rows(statement):
            return
        conn.info[_HELD] = True  # first: the lock's own statement comes back here
        conn.execute(select(func.pg_advisory_xact_lock(WRITERS_KEY)))

    # Each transaction takes its own turn: whatever ended the last one (commit,
    # rollback, a connection returned to the pool) released the lock with it.
    @event.listens_for(engine, "begin")
    def _begun(conn: Connection) -> None:
        conn.info.pop(_HELD, None)
