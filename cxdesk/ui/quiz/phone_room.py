"""The room's web server (:class:`cxdesk.room.server.RoomServer`, in a process of its
own) as the Qt side sees it: started for one session on the chosen address, its events as
signals, stopped with the presenter.

The server's reports arrive queued, on the UI thread, in order
(:class:`~cxdesk.ui.quiz.served_room.ServedRoom`). What the phones saved reaches every
screen as the workspace's ``changed`` signal, like any other edit. There is a listening
socket only while a room runs: the presenter closing, the session deleted, the workspace
closed or the app quitting stops it.

A room that stops is kept (:mod:`cxdesk.ui.quiz.kept_rooms`, memory only): the next one
opened for the session takes over its PIN, port and phones, so the presenter closed by
mistake and opened again counts nobody twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cxdesk.ops import ChangeSet
from cxdesk.store import workshop
from cxdesk.ui.quiz.kept_rooms import KeptRoom, kept_rooms
from cxdesk.ui.quiz.served_room import RunningRooms, ServedRoom

if TYPE_CHECKING:
    from cxdesk.room.events import RoomEvent
    from cxdesk.room.network import LocalAddress
    from cxdesk.room.quiz import QuizRoom
    from cxdesk.ui.workspace import Workspace

_running: RunningRooms[PhoneRoom] = RunningRooms()


class SessionWatch:
    """What changes on the laptop mean to a session's room, open or kept."""

    def __init__(self, ws: Workspace, session_id: int) -> None:
        self.ws = ws
        self.session_id = session_id

    def phones_removed(self, changes: ChangeSet) -> list[int]:
        # People deleted in the quiz tab (a spam name); the rows went through the
        # workspace, undoably, and the participant's id is the room's.
        return sorted(changes.deleted.get("workshop_participant", ()))

    def phones_restored(self, changes: ChangeSet) -> list[int]:
        # Rows come back with their ids when a deletion is undone; a newcomer's row is
        # created too, but the room knows it as not removed (nothing to give back).
        return sorted(changes.created.get("workshop_participant", ()))

    def ended_by(self, changes: ChangeSet) -> bool:
        if self.session_id in changes.deleted.get("workshop_session", frozenset()):
            return True
        # Deleting the engagement or client deletes its sessions too (cascade).
        return bool(changes.deleted.keys() & {"engagement", "client"}) and not self.still_there()

    def still_there(self) -> bool:
        return workshop.get_session(self.ws.db, self.session_id) is not None


class PhoneRoom(ServedRoom):
    """One session's room: ``start()``, commands for the room, ``stop()``."""

    joined = Signal(int)  # a participant's id: their row is in the database
    left = Signal(int)  # a participant's id: their phone left or was removed
    answersSaved = Signal(object)  # statement id -> people who answered it

    def __init__(
        self,
        ws: Workspace,
        session_id: int,
        address: LocalAddress,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(ws, address, parent)
        self.session_id = session_id
        self.voting_open = True
        self._kind: QuizRoom | None = None
        self._last_join: ChangeSet | None = None
        self._watch = SessionWatch(ws, session_id)

    # -- running ---------------------------------------------------------------------

    def start(self) -> None:
        """Open the room: the server binds the address on its own thread and reports
        :class:`RoomStarted` (then ``started``) or :class:`RoomFailed` (``failed``)."""
        if self._server is not None:
            return
        from cxdesk.room.quiz import QuizRoom

        self.failure = ""
        # The room this session had earlier in this run, if any: its PIN, port, lock and
        # phones (a phone that reloads is the same participant, not a new one).
        kept = kept_rooms(self.ws).take(self._key)
        if kept is not None:
            self.lobby_locked = kept.identity.lobby_locked
        self._kind = QuizRoom(self.session_id)
        server = self._serve(self._kind, kept.identity if kept is not None else None)
        _running.add(self)
        server.start()

    def stop(self) -> None:
        """Close the listening socket and every phone's connection; returns once the
        room's process is gone. Idempotent. The room is kept for the next one opened for
        the session (while the session exists)."""
        _running.discard(self)
        closed = self._close()
        if closed is not None:
            assert self._kind is not None  # made with the server
            kept = KeptRoom(self._kind, closed[0], self._watch)
            kept_rooms(self.ws).keep(self._key, kept)

    @property
    def _key(self) -> tuple[str, int]:
        return ("quiz", self.session_id)

    # -- commands for the room (from the presenter) -------------------------------------

    def show_statement(self, statement_id: int | None) -> None:
        if self._server is not None:
            self._server.show_statement(statement_id)

    def set_voting(self, open_: bool) -> None:
        self.voting_open = open_
        if self._server is not None:
            self._server.set_voting(open_)

    # -- what the server reports (queued onto the UI thread) ---------------------------

    def _handle_phones(self, event: RoomEvent) -> None:
        from cxdesk.room import events

        if isinstance(event, events.ParticipantJoined):
            # The row is committed: the screens re-read the session. Everyone who joined
            # in one batch reports the batch's one ChangeSet: told once.
            changes = event.changeset or ChangeSet(
                created={"workshop_participant": frozenset({event.participant_id})}
            )
            if changes is not self._last_join:
                self._last_join = changes
                self.ws.changed.emit(changes)
            self.joined.emit(event.participant_id)
        elif isinstance(event, (events.ParticipantLeft, events.ParticipantRemoved)):
            self.left.emit(event.participant_id)
        elif isinstance(event, events.ParticipantRestored):
            self.joined.emit(event.participant_id)
        elif isinstance(event, events.AnswersSaved):
            if event.changeset:
                self.ws.changed.emit(event.changeset)
            self.answersSaved.emit(dict(event.answered))

    def _ended_by(self, changes: ChangeSet) -> bool:
        return self._watch.ended_by(changes)  # the session is gone: so is its room


def running_rooms() -> list[PhoneRoom]:
    """The rooms with a listening socket now."""
    return _running.rooms()


def stop_every_room() -> None:
    _running.stop_every()
