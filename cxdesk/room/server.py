"""A room's server: the phones' web server on its own thread and asyncio loop, its writer
thread, and the desktop's thread-safe commands (show a statement, close voting...).

Importing this module loads no aiohttp; :meth:`RoomServer.start` does, on the room's
thread. The listening socket exists only between start() and stop().
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable

from cxdesk.collector import app_objects_frozen, freeze_newcomers
from cxdesk.resources import resource_dir
from cxdesk.room.events import (
    ParticipantRemoved,
    ParticipantRestored,
    PinUnderAttack,
    RoomEvent,
    RoomFailed,
    RoomStarted,
    RoomStopped,
)
from cxdesk.room.identity import RoomIdentity
from cxdesk.room.kinds import RoomKind
from cxdesk.room.limits import DEFAULT_LIMITS, Clock, RateLimiter, RoomLimits
from cxdesk.room.listening import BindFailed, Gate, connection_cap, listen, stop_accepting
from cxdesk.room.state import RoomState
from cxdesk.room.streams import Streams
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused

log = logging.getLogger(__name__)
# aiohttp logs a request it cannot parse (no Host, a broken header: a hostile or broken
# phone) as an error with a traceback; that is the phone's doing, not the laptop's.
_requests_log = logging.getLogger("cxdesk.room.requests")
_requests_log.setLevel(logging.CRITICAL)

DEFAULT_PORT = 8765
STOP_WAIT_SECONDS = 15.0
FREEZE_SECONDS = 1.0  # how often the room looks for newcomers to freeze
LINGER_SECONDS = 2.0


def _ignore(_event: RoomEvent) -> None:
    pass


class RoomServer:
    def __init__(
        self,
        db: Database,
        room: RoomKind,
        address: str,
        port: int = DEFAULT_PORT,
        on_event: Callable[[RoomEvent], None] = _ignore,
        limits: RoomLimits = DEFAULT_LIMITS,
        *,
        clock: Clock = time.monotonic,
        identity: RoomIdentity | None = None,
    ) -> None:
        """``identity``: a room that closed, for this one to take over (its PIN, tokens
        and lock; its port too, when it was on ``address`` and the port is free)."""
        self._db = db
        self._room = room
        self._address = address
        self._port = port  # the one bound, once RoomStarted is reported
        self._on_event = on_event
        self._limits = limits
        self._clock = clock
        self._state = RoomState(limits, clock, on_pin_guessing=self._pins_guessed)
        self._taken_over = identity
        if identity is not None:
            self._state.take_over(identity)
        self._streams = Streams(limits)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._quit: asyncio.Future[None] | None = None
        self._thread: threading.Thread | None = None
        self._settled = threading.Event()  # set once the room serves, or could not
        self._serving = False
        self._served = False  # phones reached it at address:port at some time

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
        return self._state.pin

    @property
    def url(self) -> str:
        """What the QR code encodes."""
        return f"http://{self._address}:{self._port}/?pin={self._state.pin}"

    @property
    def serving(self) -> bool:
        """Whether phones can reach the room now (between RoomStarted and stop())."""
        return self._serving

    def identity(self) -> RoomIdentity | None:
        """What phones know this room by, for a room opened again to take over: read
        before start() or after stop() (None while its thread runs: the state is that
        thread's). A room that never opened hands on the one it took over."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            return None
        if self._served:
            return self._state.identity(self._address, self._port)
        kept = self._taken_over
        return self._state.identity(kept.address if kept else "", kept.port if kept else 0)

    # -- starting and stopping -----------------------------------------------------------

    def start(self) -> None:
        """Open the room on its own thread; RoomStarted or RoomFailed follows (from that
        thread). A room starts once."""
        if self._thread is not None:
            raise RuntimeError("a room server starts only once")
        self._loop = loop = asyncio.new_event_loop()
        self._quit = loop.create_future()
        self._thread = threading.Thread(target=self._run, name="cxdesk-room", daemon=True)
        self._thread.start()

    def wait_started(self, timeout: float = 10.0) -> bool:
        """Block until the room serves (True) or could not start (False); for tests and
        benchmarks: the desktop listens for RoomStarted instead."""
        return self._settled.wait(timeout) and self._serving

    def stop(self) -> None:
        """Phones are sent "ended", the listening socket and every connection close,
        what was being saved is saved, and the threads end before this returns. Again,
        or before start(), it does nothing."""
        thread, quit_ = self._thread, self._quit
        if thread is None or quit_ is None:
            return

        def leave() -> None:
            if not quit_.done():
                quit_.set_result(None)

        self._call(leave)
        thread.join(STOP_WAIT_SECONDS)
        if thread.is_alive():  # pragma: no cover - a stuck handler past every timeout
            log.error("The room's server did not stop within %s s", STOP_WAIT_SECONDS)

    # -- the desktop's commands (any thread) ---------------------------------------------

    def show_statement(self, statement_id: int | None) -> None:
        """The statement the room is on (None: the lobby, or between statements)."""

        def show() -> None:
            if not self._room.shows(statement_id):
                log.warning("The room was asked to show statement %s, not its own", statement_id)
                return
            self._state.statement_id = statement_id
            self._streams.wake_all()

        self._call(show)

    def set_voting(self, open: bool) -> None:
        """Close voting (phones see "voting closed" and cannot change their answer), or
        open it again."""

        def vote() -> None:
            self._state.voting_open = open
            self._streams.wake_all()

        self._call(vote)

    def set_lobby_locked(self, locked: bool) -> None:
        """Nobody new may join (those in the room stay, and may reload)."""

        def lock() -> None:
            self._state.lobby_locked = locked

        self._call(lock)

    def remove_participant(self, participant_id: int) -> None:
        """Revoke the participant's token and tell their phone; their rows are deleted
        by the desktop, through the workspace."""

        def remove() -> None:
            participant = self._state.remove(participant_id)
            if participant is not None:
                self._streams.wake(participant)
                self._emit(ParticipantRemoved(participant_id, self._state.joined))

        self._call(remove)

    def restore_participant(self, participant_id: int) -> None:
        """Undo :meth:`remove_participant` (the desktop put their rows back, same ids):
        the same token is let in again and the phone's open stream shows the room.
        Nothing for a participant the room never had or did not remove."""

        def restore() -> None:
            participant = self._state.restore(participant_id)
            if participant is not None:
                self._streams.wake(participant)
                self._emit(ParticipantRestored(participant_id, self._state.joined))

        self._call(restore)

    @property
    def loop(self) -> asyncio.AbstractEventLoop | None:
        """The room's event loop, once started (the room's process reads the app's pipe
        on it)."""
        return self._loop

    def _call(self, command: Callable[[], object]) -> None:
        """Run ``command`` on the room's loop (so state has one thread); before start(),
        or on the loop's own thread, it runs here and now; after stop() it is dropped."""
        loop = self._loop
        if loop is None or threading.current_thread() is self._thread:
            command()
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed: the room stopped
            loop.call_soon_threadsafe(command)

    # -- the room's thread ---------------------------------------------------------------

    def _emit(self, event: RoomEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # the desktop's bug must not take the room down
            log.exception("The desktop could not take the room's %s", type(event).__name__)

    def _pins_guessed(self, wrong: int) -> None:
        self._emit(PinUnderAttack(wrong, self._limits.wrong_pin_pause_seconds))

    def _run(self) -> None:
        loop = self._loop
        assert loop is not None
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve())
        except Exception as exc:  # pragma: no cover - a bug: said, not hidden
            log.exception("The room's server failed")
            self._emit(RoomFailed(f"The phones' page stopped working ({exc})."))
        finally:
            self._serving = False
            self._settled.set()
            _close_loop(loop)

    def _port_again(self) -> int | None:
        """The port of the room this one took over, if it was on the same address: the
        phones' pages are at that origin (their tokens in its localStorage)."""
        kept = self._taken_over
        if kept is None or kept.address != self._address or not kept.port:
            return None
        return kept.port

    async def _serve(self) -> None:
        from aiohttp import web as aiohttp_web  # only now: never at app start-up

        from cxdesk.room.serving import Serving, load_pages
        from cxdesk.room.web import build_app
        from cxdesk.room.writer import Writer

        quit_ = self._quit
        assert quit_ is not None
        try:
            self._room.load(self._db)
        except EditRefused as exc:
            self._emit(RoomFailed(str(exc)))
            return
        limits = self._limits
        writer = Writer(self._db, self._room, self._emit)
        serving = Serving(
            self._state,
            self._room,
            self._streams,
            writer,
            self._emit,
            host="",
            pages=load_pages(resource_dir() / "phone"),
            checks=RateLimiter(0.2, 1, self._clock),
        )
        try:
            if quit_.done():  # stopped before it opened
                return
            sock = listen(self._address, self._port, prefer=self._port_again())
        except BindFailed as exc:
            self._emit(RoomFailed(str(exc)))
            return
        runner: aiohttp_web.AppRunner | None = None
        try:
            self._port = sock.getsockname()[1]
            serving.host = f"{self._address}:{self._port}"
            runner = aiohttp_web.AppRunner(
                build_app(serving, limits.body_bytes),
                access_log=None,  # what phones ask is nobody's log
                logger=_requests_log,
                shutdown_timeout=limits.shutdown_seconds,
                keepalive_timeout=limits.idle_seconds,
                # A body left unread (refused, or too slow) is drained this long at most,
                # so the phone can read the refusal before the connection closes.
                lingering_time=LINGER_SECONDS,
                max_line_size=4096,
                max_headers=64,
            )
            await runner.setup()
            phones = runner.server
            assert phones is not None  # made by setup()
            cap = connection_cap(limits.connections)
            listener = await asyncio.get_running_loop().create_server(
                Gate(phones, lambda: len(phones.connections), cap, limits.connections_per_address),
                sock=sock,
            )
        except BaseException:
            # Bound, but it will never serve: the port is let go now, not whenever the
            # socket happens to be collected.
            sock.close()
            if runner is not None:
                await runner.cleanup()
            raise
        # What phones make sets off full garbage collections: while the room serves, they
        # leave alone what the app made before (each one holds every thread, the UI's too).
        with app_objects_frozen():
            try:
                writer.start()
                self._serving = self._served = True
                self._emit(RoomStarted(self.url, self._address, self._port, self.pin))
                self._settled.set()
                settling = asyncio.ensure_future(self._freeze_newcomers())
                try:
                    await quit_
                finally:
                    settling.cancel()
            finally:
                # Phones see "ended" before their streams close; then the socket closes,
                # then requests in progress finish (their answers are committed).
                self._state.ended = True
                self._streams.wake_all()
                self._serving = False
                await stop_accepting(sock)
                listener.close()
                await runner.cleanup()
                writer.stop()
        self._emit(RoomStopped())

    async def _freeze_newcomers(self) -> None:
        """Each second in which people joined or opened their stream, freeze what they
        brought (see :mod:`cxdesk.collector`)."""
        seen = (self._state.joined, len(self._streams))
        while True:
            await asyncio.sleep(FREEZE_SECONDS)
            now = (self._state.joined, len(self._streams))
            if now != seen:
                seen = now
                freeze_newcomers()


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    """End what is left on the loop as asyncio.run does: tasks still running (a request
    past the shutdown timeout) are cancelled, and the loop turns once more so that the
    transports closed meanwhile let go of their sockets."""
    leftover = asyncio.all_tasks(loop)
    for task in leftover:
        task.cancel()
    if leftover:
        loop.run_until_complete(asyncio.gather(*leftover, return_exceptions=True))
    loop.run_until_complete(asyncio.sleep(0))  # the transports' close callbacks
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.run_until_complete(loop.shutdown_default_executor())
    asyncio.set_event_loop(None)
    loop.close()
