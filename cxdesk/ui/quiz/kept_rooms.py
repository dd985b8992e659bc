"""Rooms of the open workspace that closed during this run of the app, kept for the next
room opened for the same session or survey to take over: the same PIN, the same port
when it is free, and the phones' tokens, so a phone that reloads resumes as the same
participant (see :mod:`cxdesk.room.identity`).

Kept in memory only, for as long as the workspace is open: a token lets whoever holds
it answer as its participant, so none is ever written to disk. While a room is kept,
participants deleted on the laptop are marked removed in it (their phones are told, not
let in again as newcomers; undoing the deletion lets them in again), and a room whose
session or survey is deleted is forgotten.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject

from cxdesk.ops import ChangeSet

if TYPE_CHECKING:
    from cxdesk.room.identity import RoomIdentity
    from cxdesk.room.kinds import RoomKind
    from cxdesk.ui.workspace import Workspace


class RoomWatch(Protocol):
    """What a room's changes on the laptop mean to it, room open or kept."""

    def phones_removed(self, changes: ChangeSet) -> list[int]:
        """The participants (by the room's ids) whose rows ``changes`` deleted."""
        ...

    def phones_restored(self, changes: ChangeSet) -> list[int]:
        """The participants (by the room's ids) whose rows ``changes`` created: their
        deletion undone, if the room removed them."""
        ...

    def ended_by(self, changes: ChangeSet) -> bool:
        """Whether ``changes`` deleted what the room collects (its session, survey)."""
        ...

    def still_there(self) -> bool:
        """Whether what the room collects is still in the database."""
        ...


@dataclass
class KeptRoom:
    kind: RoomKind  # a survey's remembers its phones' rows: the next room uses it again
    identity: RoomIdentity
    watch: RoomWatch


class KeptRooms(QObject):
    """One workspace's closed rooms, by what they collect (a session, a survey)."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws)
        self._rooms: dict[Hashable, KeptRoom] = {}
        ws.changed.connect(self._changed)

    def keep(self, key: Hashable, room: KeptRoom) -> None:
        """Keep a room that stopped; not one whose session or survey is gone (a room
        stops because of that, or its window closes first)."""
        if room.watch.still_there():
            self._rooms[key] = room

    def take(self, key: Hashable) -> KeptRoom | None:
        """The room kept for ``key``, no longer kept: the room opening now holds it (and
        keeps it again when it closes)."""
        return self._rooms.pop(key, None)

    def _changed(self, changes: ChangeSet) -> None:
        if not changes.deleted and not changes.created:
            return
        for key, room in list(self._rooms.items()):
            if room.watch.ended_by(changes):
                del self._rooms[key]
                continue
            removed = room.watch.phones_removed(changes)
            if removed:
                room.identity = room.identity.removing(removed)
            # A deletion undone: those phones are let in again.
            restored = room.watch.phones_restored(changes)
            if restored:
                room.identity = room.identity.restoring(restored)


def kept_rooms(ws: Workspace) -> KeptRooms:
    """The workspace's kept rooms (made with the first room that closes or opens)."""
    found = ws.findChild(KeptRooms)
    return found if found is not None else KeptRooms(ws)
