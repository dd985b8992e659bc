"""The room's own process: ``python -m cxdesk.room.child``, started by the app when phones
go live (:class:`cxdesk.room.process.RoomProcess`), ended when the room stops.

It serves the phones (:class:`~cxdesk.room.server.RoomServer`: aiohttp, the room's state
and its writer) with an interpreter lock of its own, so the app's UI thread never waits
for the room's Python. Answers are written here, to the app's workspace, through the same
operations. Standard input brings :class:`~cxdesk.room.channel.OpenRoom`, then the app's
commands; what the room reports goes up standard output. When standard input ends (the
app stopped the room, or died) the room stops and this process ends: it never outlives
the app.

It imports no Qt: only what serving a room needs, so it answers within a fraction of a
second of being started.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import sys
import threading
from typing import BinaryIO

from cxdesk.ops.changes import ChangeSet
from cxdesk.room import channel
from cxdesk.room.events import AnswersSaved, ParticipantJoined, RoomEvent
from cxdesk.room.kinds import RoomKind
from cxdesk.room.server import RoomServer
from cxdesk.store.database import Database

log = logging.getLogger(__name__)

STARTING_SECONDS = 60.0  # the room binds its address well within this, or says why not


class Reports:
    """The room's reports up the pipe, from any of its threads, one whole frame at a
    time."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = out
        self._lock = threading.Lock()
        self._last_join: object = None  # the changeset of the join reported last
        self.broken = False  # the app is gone: nobody reads any more

    def send(self, message: object) -> None:
        with self._lock:
            if isinstance(message, ParticipantJoined) and message.changeset is not None:
                if message.changeset is self._last_join:
                    message = channel.JoinedInBatch(
                        message.participant_id, message.name, message.joined
                    )
                else:
                    self._last_join = message.changeset
            if self.broken:
                return
            try:
                channel.send(self._out, message)
            except (BrokenPipeError, OSError):
                self.broken = True

    def event(self, event: RoomEvent) -> None:
        self.send(event)


STOP = object()  # the app said stop, or went away


class Room:
    """The served room and what the app says to it, in order."""

    def __init__(self, server: RoomServer, kind: RoomKind, db: Database, reports: Reports) -> None:
        self.server = server
        self.kind = kind
        self.db = db
        self.reports = reports
        # What is done on the main thread: the laptop's changes (they read the database,
        # never on the event loop) and stopping (it waits for the loop's thread to end).
        self.chores: queue.SimpleQueue[object] = queue.SimpleQueue()

    def take(self, message: object) -> None:
        """One message from the app (on the event loop once it reads the pipe: a command
        then takes effect before any request the loop has yet to read)."""
        if isinstance(message, channel.Command):
            if message.name == "stop":
                self.chores.put(STOP)
            else:
                getattr(self.server, message.name)(message.argument)
        elif isinstance(message, channel.LaptopChanged):
            self.chores.put(message)

    def do_chores(self) -> None:
        """Until stop: the laptop's changes, on this thread."""
        while (chore := self.chores.get()) is not STOP:
            assert isinstance(chore, channel.LaptopChanged)
            laptop_changed(self.server, self.kind, chore.changes, self.db, self.reports)

    def read_on_loop(self, fd: int, frames: channel.Frames, early: list[object]) -> None:
        """From now on the room's event loop reads the pipe itself (POSIX): the app's
        commands reach the room without a thread between (nor its wait for the lock)."""
        loop = self.server.loop
        assert loop is not None

        def readable() -> None:
            try:
                data = os.read(fd, channel.READ_BYTES)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:  # the app closed the pipe, or died
                loop.remove_reader(fd)
                self.chores.put(STOP)
                return
            for message in frames.feed(data):
                self.take(message)

        def install() -> None:
            for message in early:
                self.take(message)
            os.set_blocking(fd, False)
            loop.add_reader(fd, readable)

        loop.call_soon_threadsafe(install)

    def read_here(self, fd: int, frames: channel.Frames, early: list[object]) -> None:
        """This thread reads the pipe (the room did not open, or on Windows, whose event
        loop cannot watch a pipe) and hands the laptop's changes on to the main thread."""

        def read() -> None:
            for message in early:
                self.take(message)
            while data := os.read(fd, channel.READ_BYTES):
                for message in frames.feed(data):
                    self.take(message)
            self.chores.put(STOP)

        threading.Thread(target=read, name="cxdesk-room-commands", daemon=True).start()


def serve(commands: BinaryIO, out: BinaryIO) -> None:
    """Serve the room ``commands`` opens until they end or say stop; report on ``out``."""
    from cxdesk.store.database import open_borrowed
    from cxdesk.store.editor import EDITOR

    fd = commands.fileno()
    frames = channel.Frames()
    early: list[object] = []
    while not early:
        data = os.read(fd, channel.READ_BYTES)
        if not data:
            return  # the app went away before it said which room
        early = list(frames.feed(data))
    opening = early.pop(0)
    if not isinstance(opening, channel.OpenRoom):
        return
    reports = Reports(out)
    place = opening.workplace
    db = open_borrowed(place.path, place.url)
    if place.editor:
        db.engine.update_execution_options(**{EDITOR: place.editor})
    if place.origin:
        db.origin = place.origin
    kind: RoomKind = opening.kind
    server = RoomServer(
        db,
        kind,
        opening.address,
        opening.port,
        on_event=reports.event,
        limits=opening.limits,
        identity=opening.identity,
    )
    room = Room(server, kind, db, reports)
    try:
        server.start()
        if server.wait_started(STARTING_SECONDS) and sys.platform != "win32":
            room.read_on_loop(fd, frames, early)
        else:
            room.read_here(fd, frames, early)
        room.do_chores()
    finally:
        server.stop()
        reports.send(channel.RoomClosed(server.identity(), kind))
        db.engine.dispose()


def laptop_changed(
    server: RoomServer, kind: RoomKind, changes: ChangeSet, db: Database, reports: Reports
) -> None:
    """Phones whose rows were deleted on the laptop are taken out of the room, those whose
    deletion was undone let back; a survey's counts are then told again."""
    removed = kind.phones_removed(changes)
    for participant_id in removed:
        server.remove_participant(participant_id)
    restored = kind.phones_restored(changes)
    for participant_id in restored:
        server.restore_participant(participant_id)
    if (removed or restored) and kind.kind != "quiz":
        # The counts are the room's rows that are still there (a quiz's are per statement
        # and come with the next answers).
        reports.send(AnswersSaved(ChangeSet(), kind.answered(db)))


def _log_beside_the_app() -> None:
    """What goes wrong here is written to the app's own log (cxdesk.log in its data
    folder, CXDESK_DATA_DIR included), as it was while the room ran in the app: a
    windowed app has no standard error to show it. Standard error too, when there is
    one."""
    from cxdesk.store.paths import data_dir

    handlers: list[logging.Handler] = []
    with contextlib.suppress(OSError):  # no data folder: standard error only
        folder = data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.FileHandler(folder / "cxdesk.log", encoding="utf-8"))
    if sys.stderr is not None:
        handlers.append(logging.StreamHandler())
    logging.basicConfig(
        level=logging.WARNING,
        format="%(asctime)s room: %(levelname)s %(name)s: %(message)s",
        handlers=handlers or [logging.NullHandler()],
    )


def main() -> int:
    # Standard output is the pipe to the app: whatever else would print there (a
    # library's stray print) goes to standard error instead.
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    if sys.stderr is not None:
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    else:  # started by a windowed app (pythonw): there is no standard error
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, sys.stdout.fileno())
        os.close(quiet)
    _log_beside_the_app()
    # Ctrl+C in the app's terminal reaches this process too (one process group): the
    # room is the app's to end (it stops it, or its pipe closes when it goes), never
    # ended here while the app and its projector go on showing it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        serve(sys.stdin.buffer, out)
    except Exception:
        log.exception("The room's process failed")
        return 1
    finally:
        with contextlib.suppress(OSError):  # the app is gone: nobody reads what is left
            out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
