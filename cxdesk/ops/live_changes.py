"""A ChangeSet as a change notice between the windows open on one team workspace.

Every operation committed on PostgreSQL sends one (store/change_feed.announce), in its
own transaction: the tables and ids it created, updated and deleted, its engagements,
and the origin (:attr:`Database.origin`) of the window that made it, so that window
ignores its own notice (it has told its screens already). The other windows hand the
ChangeSet to their screens as if the change were their own: they re-read those rows.

NOTIFY takes at most 8000 bytes. A change too big to list its ids (an import, deleting
an engagement of 1,000 rows) is sent as its tables only (:attr:`ChangeSet.whole`):
the screens showing them re-read them whole.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

from cxdesk.models.tables import metadata
from cxdesk.ops.changes import ChangeSet
from cxdesk.store.change_feed import announce, fits
from cxdesk.store.database import Database
from cxdesk.store.versions import versioned

log = logging.getLogger(__name__)

_FORMAT = 1  # a notice of another format (another version of CX Desk): re-read all


def announce_change(conn: Connection, origin: str, changes: ChangeSet) -> None:
    """Send ``changes`` to every other window on this server when the transaction
    commits (nothing on SQLite, nor for a change that changed nothing)."""
    if conn.dialect.name != "postgresql" or not changes:
        return
    announce(conn, notice_of(origin, changes))


def announce_written(db: Database, changes: ChangeSet) -> None:
    """Tell the other windows of rows the store wrote outside an operation (the demo
    engagement, written whole and not undoable), in a transaction of its own."""
    if db.engine.dialect.name != "postgresql":
        return  # nobody else to tell (and no transaction to open for nothing)
    with db.transaction() as session:
        announce_change(session.connection(), db.origin, changes)


def notice_of(origin: str, changes: ChangeSet) -> str:
    """The notice's payload: every id when it fits in a NOTIFY, else the tables."""
    notice: dict[str, Any] = {
        "format": _FORMAT,
        "origin": origin,
        "created": _ids(changes.created),
        "updated": _ids(changes.updated),
        "deleted": _ids(changes.deleted),
        "whole": sorted(changes.whole),
        "engagements": sorted(changes.engagements),
    }
    payload = _compact(notice)
    if fits(payload):
        return payload
    tables_only = {
        "format": _FORMAT,
        "origin": origin,
        "whole": sorted(changes.tables),
        "engagements": sorted(changes.engagements),
    }
    payload = _compact(tables_only)
    if fits(payload):
        return payload
    del tables_only["engagements"]  # thousands of engagements: every screen re-reads
    return _compact(tables_only)


def heard(payload: str, origin: str) -> ChangeSet | None:
    """The ChangeSet a notice names; None for this window's own (``origin``)."""
    try:
        notice = json.loads(payload)
        if not isinstance(notice, dict) or notice.get("format") != _FORMAT:
            raise ValueError("another format")
        if notice.get("origin") == origin:
            return None
        return ChangeSet(
            _sets(notice.get("created")),
            _sets(notice.get("updated")),
            _sets(notice.get("deleted")),
            frozenset(int(i) for i in notice.get("engagements", ())),
            frozenset(str(t) for t in notice.get("whole", ())),
        )
    except (ValueError, TypeError, AttributeError):
        # Not ours to read (a newer CX Desk, someone's own NOTIFY on the channel):
        # something changed, so everything is read again rather than nothing.
        log.info("a change notice in another format: re-reading everything")
        return everything()


def together(changesets: Sequence[ChangeSet]) -> ChangeSet:
    """One ChangeSet for several heard at once (a colleague's burst of edits, a room's
    answers on another laptop): the screens re-read once. A change that names no
    engagement concerns every screen, so the sum does too."""
    if len(changesets) == 1:
        return changesets[0]
    named = all(changes.engagements for changes in changesets)
    return ChangeSet(
        _union(c.created for c in changesets),
        _union(c.updated for c in changesets),
        _union(c.deleted for c in changesets),
        frozenset().union(*(c.engagements for c in changesets)) if named else frozenset(),
        frozenset().union(*(c.whole for c in changesets)),
    )


def _union(found: Iterable[dict[str, frozenset[int]]]) -> dict[str, frozenset[int]]:
    every: dict[str, set[int]] = defaultdict(set)
    for tables in found:
        for table, ids in tables.items():
            every[table] |= ids
    return {table: frozenset(ids) for table, ids in every.items()}


def everything() -> ChangeSet:
    """Anything may have changed (notices missed while the server was away, or a
    change seen by polling): every screen re-reads what it shows."""
    return ChangeSet(whole=frozenset(t.name for t in metadata().tables.values() if versioned(t)))


def _ids(found: dict[str, frozenset[int]]) -> dict[str, list[int]]:
    return {table: sorted(ids) for table, ids in found.items()}


def _sets(found: Any) -> dict[str, frozenset[int]]:
    if not found:
        return {}
    return {str(table): frozenset(int(i) for i in ids) for table, ids in found.items()}


def _compact(notice: dict[str, Any]) -> str:
    return json.dumps(notice, separators=(",", ":"))
