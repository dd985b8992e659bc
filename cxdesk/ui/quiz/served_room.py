"""What every room served to phones shares on the Qt side: its server started and stopped
in a process of its own (:class:`~cxdesk.room.process.RoomProcess`), its reports as
queued signals, the rooms running now stopped when the app quits.

The room's reports are read from its pipe on a thread of their own; :class:`ServedRoom`
re-emits them through a signal of this UI-thread object, so they arrive queued, on the
UI thread, in order. The
quiz's :class:`~cxdesk.ui.quiz.phone_room.PhoneRoom` and the survey's
:class:`~cxdesk.ui.survey_phones.room.SurveyRoom` add what their phones mean.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from cxdesk.ui.quiz.pin_alarm import PinAlarm

if TYPE_CHECKING:
    from cxdesk.ops import ChangeSet
    from cxdesk.room.events import RoomEvent
    from cxdesk.room.identity import RoomIdentity
    from cxdesk.room.kinds import RoomKind
    from cxdesk.room.limits import RoomLimits
    from cxdesk.room.network import LocalAddress
    from cxdesk.room.process import RoomProcess
    from cxdesk.ui.workspace import Workspace

# The port rooms are served on: None is the server's own (8765, or the next free one up
# to 8784). Tests set 0 (any free port), so test runs side by side never meet.
ROOM_PORT: int | None = None
# The rooms' caps and rates: None is the room's own. Tests shorten a pause; the load
# benchmark raises the per-address caps (every phone comes from 127.0.0.1).
ROOM_LIMITS: RoomLimits | None = None


class ServedRoom(QObject):
    """A room's server as the UI thread sees it; subclasses say what their phones do."""

    started = Signal(str)  # the URL the QR code carries (with the PIN)
    phoneReached = Signal(str)  # a phone's address: it opened the self-test page
    failed = Signal(str)  # words for the consultant
    stopped = Signal()
    _reported = Signal()  # events are waiting: emitted on the server's threads

    def __init__(self, ws: Workspace, address: LocalAddress, parent: QObject | None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.address = address
        self.url = ""  # http://ADDR:PORT/?pin=PIN once started
        self.address_url = ""  # http://ADDR:PORT
        self.pin = ""
        self.failure = ""
        self.lobby_locked = False
        self.reached: set[str] = set()  # phones' addresses that opened the self-test page
        self._server: RoomProcess | None = None
        self.alarm = PinAlarm(self)  # someone guessing the PIN: words for the consultant
        # What the server reports waits here until the UI thread takes it all at once:
        # 500 phones joining are 500 reports, and each queued signal would be a turn of
        # the UI thread that must first win Python's lock from the server's busy threads
        # (measured: the UI thread blocked 24-37 ms while 500 phones joined). One signal
        # is posted per batch, and the UI thread handles the batch in one turn.
        self._waiting: list[RoomEvent] = []
        self._waiting_lock = threading.Lock()
        # Queued even when the server reports on this thread (while it stops): a report
        # is handled after the call that caused it, never inside it.
        self._reported.connect(self._take_reports, Qt.ConnectionType.QueuedConnection)
        ws.changed.connect(self._workspace_changed)

    @property
    def running(self) -> bool:
        return self._server is not None

    def stop(self) -> None:
        raise NotImplementedError

    def set_lobby_locked(self, locked: bool) -> None:
        """Nobody new may join (those in the room go on answering)."""
        self.lobby_locked = locked
        if self._server is not None:
            self._server.set_lobby_locked(locked)

    def _serve(self, kind: RoomKind, identity: RoomIdentity | None) -> RoomProcess:
        """The room's server, not started yet: started, its process binds the address
        and reports ``started`` or ``failed``."""
        # The room comes in only now, never at start-up (aiohttp only in its process).
        from cxdesk.room.limits import DEFAULT_LIMITS
        from cxdesk.room.process import DEFAULT_PORT, RoomProcess

        self._server = RoomProcess(
            self.ws.db,
            kind,
            self.address.address,
            DEFAULT_PORT if ROOM_PORT is None else ROOM_PORT,
            on_event=self._report,
            limits=DEFAULT_LIMITS if ROOM_LIMITS is None else ROOM_LIMITS,
            identity=identity,
        )
        return self._server

    def _close(self) -> tuple[RoomIdentity, RoomKind] | None:
        """Close the listening socket and every phone's connection; returns once the
        room's process is gone, with what the phones need to come back and the room's
        kind as the process left it (None when it was not running or never opened)."""
        server, self._server = self._server, None
        self.alarm.clear()
        if server is None:
            return None
        server.stop()
        identity = server.identity()
        return None if identity is None else (identity, server.kind)

    # -- what the server reports (queued onto the UI thread) ---------------------------

    def _report(self, event: RoomEvent) -> None:
        """On the server's threads: keep ``event`` for the UI thread, and wake it unless
        a wake-up is already on its way."""
        with self._waiting_lock:
            self._waiting.append(event)
            if len(self._waiting) > 1:
                return  # the UI thread has not taken the earlier ones yet: it takes this too
        self._reported.emit()

    def _take_reports(self) -> None:
        with self._waiting_lock:
            events, self._waiting = self._waiting, []
        for event in events:  # in the order the server reported them
            self._handle(event)

    def _handle(self, event: RoomEvent) -> None:
        from cxdesk.room import events

        if isinstance(event, events.RoomStarted):
            self.url, self.pin = event.url, event.pin
            self.address_url = f"http://{event.address}:{event.port}"
            self.started.emit(event.url)
        elif isinstance(event, events.PhoneReached):
            self.reached.add(event.address)
            self.phoneReached.emit(event.address)
        elif isinstance(event, events.RoomFailed):
            self.failure = event.message
            self.stop()
            self.failed.emit(event.message)
        elif isinstance(event, events.PinUnderAttack):
            self.alarm.sound(event.message, event.seconds)
        elif isinstance(event, events.RoomStopped):
            self.stopped.emit()
        else:
            self._handle_phones(event)

    def _handle_phones(self, event: RoomEvent) -> None:
        """A phone joined, left, was removed or given back, or saved answers."""

    def _workspace_changed(self, changes: ChangeSet) -> None:
        """What a change on the laptop means to the room while it runs: the room takes
        out the phones whose rows were deleted (a spam name), and lets back those whose
        deletion was undone; the room ends with what it collects."""
        if self._server is None:
            return
        self._server.laptop_changed(changes)
        if self._ended_by(changes):
            self.stop()

    def _ended_by(self, changes: ChangeSet) -> bool:
        """Whether ``changes`` deleted what the room collects (its session, survey)."""
        return False


Room = TypeVar("Room", bound=ServedRoom)


class RunningRooms(Generic[Room]):
    """The rooms of one kind with a listening socket now; the app quitting stops them."""

    def __init__(self) -> None:
        self._rooms: set[Room] = set()
        self._quit_hooked = False

    def add(self, room: Room) -> None:
        self._rooms.add(room)
        self._stop_on_quit()

    def discard(self, room: Room) -> None:
        self._rooms.discard(room)

    def rooms(self) -> list[Room]:
        return list(self._rooms)

    def stop_every(self) -> None:
        for room in list(self._rooms):
            room.stop()

    def _stop_on_quit(self) -> None:
        """However the app ends, no room outlives it (once, with the first room)."""
        app = QCoreApplication.instance()
        if self._quit_hooked or app is None:
            return
        app.aboutToQuit.connect(self.stop_every)
        self._quit_hooked = True
