"""A RATER survey or pulse check answered on phones, as the desktop sees it: the room's
server (:class:`cxdesk.room.server.RoomServer` over a :class:`~cxdesk.room.rater.RaterRoom`
or :class:`~cxdesk.room.pulse.PulseRoom`, in a process of its own) started on the chosen
address, its reports turned into signals on the UI thread, stopped with its window.

What the phones saved reaches the RATER and Pulse tabs as the workspace's ``changed``
signal, like any other edit. A respondent or pulse check deleted in a tab (a spam name)
takes its phone out of the room; the assessment or engagement deleted, the workspace
closed or the app quitting stops the room. There is a listening socket only while a room
runs.

A room that stops is kept in memory (:mod:`cxdesk.ui.quiz.kept_rooms`): collecting the
same survey again (the same assessment and side; for a pulse check the same engagement,
side, milestone and day) takes over its PIN, port and phones, with what the room
remembers of their rows, so a phone that reloads goes on as the same respondent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from cxdesk.ops import ChangeSet
from cxdesk.ops import feedback as feedback_ops
from cxdesk.ui.quiz.kept_rooms import KeptRoom, kept_rooms
from cxdesk.ui.quiz.served_room import RunningRooms, ServedRoom

if TYPE_CHECKING:
    from cxdesk.room.events import RoomEvent
    from cxdesk.room.identity import RoomIdentity
    from cxdesk.room.network import LocalAddress
    from cxdesk.room.pulse import PulseRoom
    from cxdesk.room.rater import RaterRoom
    from cxdesk.ui.workspace import Workspace

_running: RunningRooms[SurveyRoom] = RunningRooms()


class SurveyWatch:
    """What changes on the laptop mean to a survey's room, open or kept."""

    def __init__(self, ws: Workspace, kind: RaterRoom | PulseRoom) -> None:
        self.ws = ws
        self.kind = kind

    def phones_removed(self, changes: ChangeSet) -> list[int]:
        return self.kind.phones_removed(changes)

    def phones_restored(self, changes: ChangeSet) -> list[int]:
        """Phones whose rows came back (a deletion undone, same ids); the room lets in
        again only those it removed."""
        return self.kind.phones_restored(changes)

    def ended_by(self, changes: ChangeSet) -> bool:
        from cxdesk.room.rater import RaterRoom

        kind = self.kind
        assessments = changes.deleted.get(feedback_ops.ASSESSMENTS, frozenset())
        if isinstance(kind, RaterRoom) and kind.assessment_id in assessments:
            return True
        # Deleting the engagement or client deletes what it holds too (cascade).
        return bool(changes.deleted.keys() & {"engagement", "client"}) and not self.still_there()

    def still_there(self) -> bool:
        from cxdesk.room.rater import RaterRoom
        from cxdesk.store import rater, workspace

        kind = self.kind
        if isinstance(kind, RaterRoom):
            return rater.get_assessment(self.ws.db, kind.assessment_id) is not None
        return workspace.get_engagement(self.ws.db, kind.engagement_id) is not None


def survey_key(kind: RaterRoom | PulseRoom) -> tuple[object, ...]:
    """Which survey a room collects: one collected again with the same key takes over
    the room kept for it."""
    from cxdesk.room.pulse import PulseRoom

    if isinstance(kind, PulseRoom):
        return ("pulse", kind.engagement_id, kind.side, kind.milestone_id, kind.taken_on)
    return ("rater", kind.assessment_id, kind.side)


class SurveyRoom(ServedRoom):
    """One survey's room: ``start()``, lock, ``stop()``; its counts as they change."""

    countsChanged = Signal()  # joined / answering / finished changed

    def __init__(
        self,
        ws: Workspace,
        kind: RaterRoom | PulseRoom,
        address: LocalAddress,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(ws, address, parent)
        self.kind = kind
        self.joined = 0  # phones in the room now
        self.answering = 0  # of the room's people, those with an answer stored
        self.finished = 0  # ... and those with every score
        self._ended = False
        self._watch = SurveyWatch(ws, kind)

    @property
    def ended(self) -> bool:
        """Stopped (or failed): a room is started once."""
        return self._ended

    def start(self) -> None:
        """Open the room: the server binds the address on its own thread and reports
        ``started`` or ``failed``."""
        if self._server is not None or self._ended:
            return
        identity = self._take_over()  # first: it may give the kind kept with the room
        server = self._serve(self.kind, identity)
        _running.add(self)
        server.start()

    def _take_over(self) -> RoomIdentity | None:
        """The room this survey had earlier in this run, if any: its PIN, lock and
        phones, and the room kind that remembers their rows (used again); the counts
        are its people's."""
        from cxdesk.room.pulse import PulseRoom
        from cxdesk.room.rater import RaterRoom
        from cxdesk.room.survey import FINISHED, STARTED

        kept = kept_rooms(self.ws).take(survey_key(self.kind))
        if kept is None:
            return None
        kind, identity = kept.kind, kept.identity
        assert isinstance(kind, (RaterRoom, PulseRoom))  # kept under the same key
        self.kind = kind
        self._watch = SurveyWatch(self.ws, kind)
        self.lobby_locked = identity.lobby_locked
        self.joined = identity.joined
        if identity.phones:  # the kind was loaded by the room that served them
            answered = kind.answered(self.ws.db)
            self.answering, self.finished = answered[STARTED], answered[FINISHED]
        return identity

    def stop(self) -> None:
        """Phones are told the survey ended; the listening socket and every connection
        close before this returns. Idempotent. The room is kept for the same survey
        collected again (while what it collects exists), with its kind as the room's
        process left it: it remembers the phones' rows."""
        from cxdesk.room.pulse import PulseRoom
        from cxdesk.room.rater import RaterRoom

        _running.discard(self)
        self._ended = True
        closed = self._close()
        if closed is not None:
            identity, kind = closed
            assert isinstance(kind, (RaterRoom, PulseRoom))  # the room's own, handed back
            self.kind = kind
            self._watch = SurveyWatch(self.ws, kind)
            kept = KeptRoom(kind, identity, self._watch)
            kept_rooms(self.ws).keep(survey_key(kind), kept)

    # -- what the server reports (queued onto the UI thread) ---------------------------

    def _handle_phones(self, event: RoomEvent) -> None:
        from cxdesk.room import events
        from cxdesk.room.survey import FINISHED, STARTED

        if isinstance(event, events.ParticipantJoined):
            if event.changeset:  # a respondent's row (a pulse check comes with its answer)
                self.ws.changed.emit(event.changeset)
            self.joined = event.joined
            self.countsChanged.emit()
        elif isinstance(
            event,
            (events.ParticipantLeft, events.ParticipantRemoved, events.ParticipantRestored),
        ):
            self.joined = event.joined
            self.countsChanged.emit()
        elif isinstance(event, events.AnswersSaved):
            if event.changeset:
                self.ws.changed.emit(event.changeset)
            self.answering = event.answered.get(STARTED, self.answering)
            self.finished = event.answered.get(FINISHED, self.finished)
            self.countsChanged.emit()

    def _ended_by(self, changes: ChangeSet) -> bool:
        return self._watch.ended_by(changes)  # what it collects is gone: so is its room


def running_surveys() -> list[SurveyRoom]:
    """The survey rooms with a listening socket now."""
    return _running.rooms()


def stop_every_survey() -> None:
    _running.stop_every()
