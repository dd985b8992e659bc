"""An edit of a row that, since the screen showed it, only moved goes ahead.

Every write gives a row a new version, its place too: a row added at the top of the
matrix renumbers every row below it, and a touchpoint moved into another phase is
rewritten. Compared by version alone, an edit of any of those rows was refused ("Ana
changed this expectation at 10:42") although nothing in it had changed, the person
seeing nothing to redo. So where the version check fails, the operations compare the
row's content with the screen's (:func:`content_unchanged`); when only its place differs
they run the edit again with that exact newer version accepted (:func:`accepting`), which
the store's checks consult (:func:`version_passes`). A content change after that is a new
version, and refused again as ever.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import Connection, Table, select

from cxdesk.models.base import CHANGED_AT_COLUMN, CHANGED_BY_COLUMN, VERSION_COLUMN

# (table, row id) -> (the version the screen showed, the newer one its place took)
_ACCEPTED: ContextVar[Mapping[tuple[str, int], tuple[int, int]] | None] = ContextVar(
    "cxdesk_only_moved", default=None
)
# Not content: the row's id, its place (its position; the phase a touchpoint is in), and
# what the store keeps about the row (its version, who changed it when, made when).
_NOT_CONTENT = frozenset(
    {
        "id",
        "position",
        "phase_id",
        "created_at",
        VERSION_COLUMN,
        CHANGED_BY_COLUMN,
        CHANGED_AT_COLUMN,
    }
)


def version_passes(table: str, row_id: int, shown: int, found: int) -> bool:
    """Whether a row at version ``found`` may be edited from a screen that showed ``shown``."""
    return found == shown or (_ACCEPTED.get() or {}).get((table, row_id)) == (shown, found)


@contextmanager
def accepting(table: str, row_id: int, shown: int, found: int) -> Iterator[None]:
    """Within, an edit of the row from version ``shown`` passes at version ``found``."""
    token = _ACCEPTED.set({**(_ACCEPTED.get() or {}), (table, row_id): (shown, found)})
    try:
        yield
    finally:
        _ACCEPTED.reset(token)


def content_unchanged(conn: Connection, table: Table, shown: Mapping[str, Any]) -> int | None:
    """The row's version now when every column of its content (all but its id, place and
    bookkeeping) still holds what ``shown`` holds; None otherwise, or when it is gone. A
    column the screen's record does not carry counts as changed (unknown), except a key
    naming the row's parent, which a record may leave out and an edit never changes."""
    row = conn.execute(select(table).where(table.c.id == shown["id"])).mappings().first()
    if row is None:
        return None
    for column in table.c:
        name = column.name
        if name in _NOT_CONTENT:
            continue
        if name not in shown:
            if name.endswith("_id"):
                continue
            return None
        before, now = shown[name], row[name]
        if isinstance(before, bool) and now in (0, 1):
            now = bool(now)  # a tick stored as a number
        if before != now:
            return None
    return int(row[VERSION_COLUMN])
