"""A room served from a process of its own (:mod:`cxdesk.room.child`), as the app drives
it: the same commands and reports as :class:`~cxdesk.room.server.RoomServer`.

Why a process: the room's Python (aiohttp reading 500 phones' requests, JSON, the room's
state, the writer) held the interpreter lock for long enough, often enough, that the UI
thread, wanting to paint, waited 7-37 ms for it under 500 phones (benchmarks/
bench_phones.py). In its own process the room has a lock of its own; what it reports
comes up a pipe, read here by a thread that only reads and unpickles small frames, and
the app's commands go down it from a thread that only writes, so the UI thread never
waits for the room's process either.

There is a process only between :meth:`RoomProcess.start` and :meth:`RoomProcess.stop`;
it ends by itself when the app's end of the pipe closes, so it cannot outlive the app,
however the app ends.

The process is ``sys.executable -P -m cxdesk.room.child``: the app must run on a Python
interpreter (a venv, pipx, a system or python.org install; pythonw on Windows). A frozen
app (PyInstaller, Briefcase, py2app), whose ``sys.executable`` is the app itself, is not
supported: the app would be started with arguments it refuses, and the room reported as
failed (:data:`DIED`). Such a build would need the app's entry point to run
:func:`cxdesk.room.child.main` when started that way.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

from cxdesk.ops.changes import ChangeSet
from cxdesk.room import channel
from cxdesk.room.events import (
    ParticipantJoined,
    RoomEvent,
    RoomFailed,
    RoomStarted,
    RoomStopped,
)
from cxdesk.room.identity import RoomIdentity
from cxdesk.room.kinds import RoomKind
from cxdesk.room.limits import DEFAULT_LIMITS, RoomLimits
from cxdesk.store.database import Database

log = logging.getLogger(__name__)

DEFAULT_PORT = 8765  # as cxdesk.room.server's (not imported: it brings the room's state)
STOP_WAIT_SECONDS = 20.0  # the room's own stop waits up to 15 s for a stuck request
CHILD_MODULE = "cxdesk.room.child"
# What starts the room's process, before "-m CHILD_MODULE"; benchmarks put their probes
# in by naming a script of theirs instead (CHILD_COMMAND: the whole command line).
CHILD_COMMAND: list[str] | None = None
_PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # where "import cxdesk" finds it
DIED = "The phones' page stopped working (its process ended). Open the room again."
NOT_STARTED = "The phones' page could not be started on this laptop ({reason})."
ENDED = "its process ended; the app's log says why"


def _ignore(_event: RoomEvent) -> None:
    pass


def workplace(db: Database) -> channel.Workplace:
    """Where the room's process finds ``db``, and as whom it writes there."""
    from cxdesk.store.editor import EDITOR
    from cxdesk.store.server_database import ServerDatabase

    editor = db.engine.get_execution_options().get(EDITOR)
    named = str(editor) if editor else None
    backend = db.backend
    if isinstance(backend, ServerDatabase):
        url = backend.url.render_as_string(hide_password=False)
        return channel.Workplace(url=url, editor=named, origin=db.origin)
    return channel.Workplace(path=str(db.path), editor=named, origin=db.origin)


def child_command() -> list[str]:
    if CHILD_COMMAND is not None:
        return list(CHILD_COMMAND)
    # -P: the folder the app was started from is not put first on the room's import
    # path, as "-m" would (a file named like a module there would run instead).
    return [sys.executable, "-P", "-m", CHILD_MODULE]


class RoomProcess:
    def __init__(
        self,
        db: Database,
        room: RoomKind,
        address: str,
        port: int = DEFAULT_PORT,
        on_event: Callable[[RoomEvent], None] = _ignore,
        limits: RoomLimits = DEFAULT_LIMITS,
        *,
        identity: RoomIdentity | None = None,
    ) -> None:
        """As :class:`~cxdesk.room.server.RoomServer`: ``identity`` is a room that
        closed, for this one to take over."""
        self._opening = channel.OpenRoom(workplace(db), room, address, port, limits, identity)
        self._kind: RoomKind = room
        self._address = address
        self._port = port
        self._pin = identity.pin if identity is not None else ""
        self._url = ""
        self._on_event = on_event
        self._taken_over = identity
        self._closed: channel.RoomClosed | None = None
        self._last_join: ChangeSet | None = None
        self._process: subprocess.Popen[bytes] | None = None
        # Down the pipe, every message from a thread of its own, in order (None: close
        # it). The caller never writes: a room's process that stops reading (stalled,
        # or still starting while a large room's identity fills the pipe) would leave
        # the UI thread waiting in write() once the pipe's 64 KB are full.
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._pipe: IO[bytes] | None = None
        self._sender: threading.Thread | None = None
        self._reader: threading.Thread | None = None
        self._settled = threading.Event()
        self._serving = False
        self._stopping = False
        self._failed = False  # RoomFailed was reported

    # -- what the desktop shows --------------------------------------------------------

    @property
    def address(self) -> str:
        return self._address

    @property
    def port(self) -> int:
        """The port phones reach: final once RoomStarted is reported."""
        return self._port

    @property
    def pin(self) -> str:
        return self._pin

    @property
    def url(self) -> str:
        return self._url

    @property
    def serving(self) -> bool:
        return self._serving

    @property
    def kind(self) -> RoomKind:
        """The room's kind; once stopped, as the room's process left it (a survey's
        remembers its phones' rows, for the next room to go on with)."""
        closed = self._closed
        return closed.kind if closed is not None else self._kind

    def identity(self) -> RoomIdentity | None:
        """What phones know this room by, once it stopped (None while it runs); a room
        that never opened hands on the one it took over."""
        if self._process is not None and self._process.poll() is None:
            return None
        closed = self._closed
        if closed is not None and closed.identity is not None:
            return closed.identity
        return self._taken_over

    # -- starting and stopping -----------------------------------------------------------

    def start(self) -> None:
        """Start the room's process; RoomStarted or RoomFailed follows (from the thread
        that reads its reports; RoomFailed from here when the process could not be
        started). A room starts once."""
        if self._process is not None or self._settled.is_set():
            raise RuntimeError("a room starts only once")
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(_PACKAGE_ROOT), env.get("PYTHONPATH", "")) if p
        )
        try:
            self._process = process = subprocess.Popen(
                child_command(),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
                # No console window flashes up on Windows.
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
            )
        except OSError as exc:  # no interpreter there, no file handles left...
            log.warning("The room's process could not be started: %s", exc)
            self._settled.set()
            self._emit(RoomFailed(NOT_STARTED.format(reason=exc.strerror or exc)))
            return
        assert process.stdin is not None
        assert process.stdout is not None
        self._pipe = process.stdin
        self._outbox.put(channel.frame(self._opening))
        self._sender = threading.Thread(target=self._send, name="cxdesk-room-send", daemon=True)
        self._sender.start()
        self._reader = threading.Thread(
            target=self._read, args=(process.stdout,), name="cxdesk-room-pipe", daemon=True
        )
        self._reader.start()

    def wait_started(self, timeout: float = 10.0) -> bool:
        """Block until the room serves (True) or could not start (False); for tests and
        benchmarks: the desktop listens for RoomStarted instead."""
        return self._settled.wait(timeout) and self._serving

    def stop(self) -> None:
        """Phones are sent "ended", the listening socket and every connection close,
        what was being saved is saved, and the room's process ends before this returns.
        Again, or before start(), it does nothing."""
        process = self._process
        if process is None or self._stopping:
            return
        # Stopping first: the process may end as soon as it reads "stop", and the
        # reader must then know the app asked.
        self._stopping = True
        self._put(channel.Command("stop"))
        self._outbox.put(None)  # then its standard input closes: it ends either way
        threads = [t for t in (self._sender, self._reader) if t is not None]
        deadline = time.monotonic() + STOP_WAIT_SECONDS
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        try:
            process.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:  # stalled, or stuck past every timeout
            log.error("The room's process did not stop within %s s", STOP_WAIT_SECONDS)
            process.kill()
            process.wait()
            # Its ends of the pipes went with it: a write waiting on a full pipe fails
            # now, and the reader reads the end.
            for thread in threads:
                thread.join(STOP_WAIT_SECONDS)
        self._serving = False

    # -- the desktop's commands (any thread; they never wait for the room) ----------------

    def show_statement(self, statement_id: int | None) -> None:
        self._command("show_statement", statement_id)

    def set_voting(self, open: bool) -> None:
        self._command("set_voting", open)

    def set_lobby_locked(self, locked: bool) -> None:
        self._command("set_lobby_locked", locked)

    def remove_participant(self, participant_id: int) -> None:
        self._command("remove_participant", participant_id)

    def restore_participant(self, participant_id: int) -> None:
        self._command("restore_participant", participant_id)

    def laptop_changed(self, changes: ChangeSet) -> None:
        """Rows deleted or given back on the laptop: the room takes out or lets back
        the phones they were (only the room knows a survey's)."""
        rows = self._kind.phone_rows
        deleted, created = changes.deleted.get(rows), changes.created.get(rows)
        if deleted or created:  # only those rows: an import's thousands stay here
            phones = ChangeSet(
                created={rows: created} if created else {},
                deleted={rows: deleted} if deleted else {},
            )
            self._post(channel.LaptopChanged(phones))

    def _command(self, name: str, argument: object) -> None:
        self._post(channel.Command(name, argument))

    def _post(self, message: object) -> None:
        if self._process is None or self._stopping:
            return
        self._put(message)

    def _put(self, message: object) -> None:
        self._outbox.put(channel.frame(message))

    # -- the pipe's threads ----------------------------------------------------------------

    def _send(self) -> None:
        """The opening message, then the app's, in order, until stop() says close."""
        while (data := self._outbox.get()) is not None:
            self._write(data)
        self._close_pipe()

    def _write(self, data: bytes) -> None:
        pipe = self._pipe
        if pipe is None:
            return
        try:
            pipe.write(data)
            pipe.flush()
        except OSError:  # the room's process is gone: the reader tells
            self._close_pipe()

    def _close_pipe(self) -> None:
        pipe, self._pipe = self._pipe, None
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()

    def _read(self, pipe: IO[bytes]) -> None:
        try:
            for message in channel.read_messages(pipe.fileno()):
                self._take(message)
        except Exception:  # pragma: no cover - a bug: said, not hidden
            log.exception("The room's reports could not be read")
        finally:
            pipe.close()
            if not self._stopping:
                # It ended without the app asking: died, or ended in order on an error
                # of its own (it said RoomClosed all the same). Either way the desktop is
                # told in words, or its join page would go on saying "Starting…".
                self._ended_unasked()

    def _ended_unasked(self) -> None:
        self._serving = False
        started = self._settled.is_set()
        self._settled.set()
        if self._failed:  # told already (its address could not be bound...): once is enough
            return
        self._failed = True
        self._emit(RoomFailed(DIED if started else NOT_STARTED.format(reason=ENDED)))

    def _take(self, message: object) -> None:
        if isinstance(message, channel.JoinedInBatch):
            message = ParticipantJoined(
                message.participant_id, message.name, message.joined, self._last_join
            )
        elif isinstance(message, ParticipantJoined) and message.changeset is not None:
            self._last_join = message.changeset
        if isinstance(message, channel.RoomClosed):
            self._closed = message
            return
        if isinstance(message, RoomStarted):
            self._port, self._pin, self._url = message.port, message.pin, message.url
            self._serving = True
            self._settled.set()
        elif isinstance(message, RoomFailed):
            self._serving = False
            self._failed = True
            self._settled.set()
        elif isinstance(message, RoomStopped):
            self._serving = False
        self._emit(message)  # type: ignore[arg-type]

    def _emit(self, event: RoomEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # the desktop's bug must not stop the room's reports
            log.exception("The desktop could not take the room's %s", type(event).__name__)

    def __repr__(self) -> str:
        return f"RoomProcess({self._address}:{self._port})"
