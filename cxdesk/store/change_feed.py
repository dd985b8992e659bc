"""Changes other people commit to a team workspace, heard as they happen (PostgreSQL).

Every operation that commits on a server also sends ``pg_notify`` (:func:`announce`) in
its own transaction, so the notice leaves exactly when the change is committed (never
for one rolled back) with what it changed: the operations layer writes the payload.
:class:`ChangeFeed` hears them on a thread of its own, with a connection of its own
(LISTEN needs one that stays open and is never the engine's pooled ones), and hands
each payload to a callback, on that thread: the UI queues it to its own.

When LISTEN is refused (a connection pooler in transaction mode, a server that forbids
it), the feed polls instead: once a second it reads the workspace's change counter
(every transaction that writes a row takes the next number) and the version of the
last change's row (rewritten by every transaction that changed a row, deletions too);
when either moved, something changed, though not what: :attr:`FeedListener.missed` says
so, and the screens re-read. Unless every change since the last look was this window's
own (:mod:`cxdesk.store.own_writes`): its screens showed those already.

A server that goes away (restarted, the network gone) is told in words
(:attr:`FeedListener.lost`) and the feed tries again every few seconds; when it is back
the notices sent meanwhile are lost, so ``missed`` is told too.
"""

from __future__ import annotations

import contextlib
import logging
import select as os_select
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from cxdesk.store.errors import DatabaseRefused
from cxdesk.store.own_writes import OwnWrites

log = logging.getLogger(__name__)

CHANNEL = "cxdesk_changes"
# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
MAX_PAYLOAD_BYTES = 7999
# The longest the thread waits on its socket before it looks again (stop() wakes it at
# once; this is only a safety net).
WAKE_SECONDS = 5.0
POLL_SECONDS = 1.0
# Between attempts to reach a server that went away.
RETRY_SECONDS = 2.0

_POLL = (
    "SELECT (SELECT max(last_number) FROM change_counter), "
    "(SELECT xmin::text FROM last_change WHERE id = 1)"
)


def fits(payload: str) -> bool:
    """Whether NOTIFY takes ``payload`` as it is."""
    return len(payload.encode()) <= MAX_PAYLOAD_BYTES


def announce(conn: Connection, payload: str) -> None:
    """Tell every window on this server, when the open transaction commits, what it
    changed. Nothing on SQLite (one file, one person: nobody to tell)."""
    if conn.dialect.name != "postgresql":
        return
    if not fits(payload):
        raise ValueError(f"a change notice of {len(payload.encode())} bytes")  # a bug
    conn.execute(select(func.pg_notify(CHANNEL, payload)))


@dataclass(frozen=True, slots=True)
class FeedListener:
    """What the feed tells, each called on the feed's thread."""

    heard: Callable[[str], None]  # a notice's payload
    missed: Callable[[], None]  # changes happened that no notice named: re-read all
    lost: Callable[[str], None]  # the server went away: why, in words ("" when back)


class ChangeFeed:
    """A thread hearing one workspace's change notices: ``start()``, then ``stop()``."""

    def __init__(
        self,
        connect: Callable[[], Any],
        listener: FeedListener,
        *,
        poll: bool = False,
        own: OwnWrites | None = None,
        name: str = "cxdesk-change-feed",
    ) -> None:
        # ``connect``: a new autocommit psycopg connection, or DatabaseRefused in words.
        # ``own``: the writes of this window's own engine, which polling does not re-read.
        self._connect = connect
        self._listener = listener
        self._poll = poll
        self._own = own
        self._stopping = threading.Event()
        # stop() writes a byte here to end the thread's wait on its socket (a socket
        # pair, not a pipe: select() takes only sockets on Windows).
        self._waker = socket.socketpair()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._conn: Any = None
        self._lost = False
        # Whether notices are heard (LISTEN) or the counter polled; read by tests and
        # for the log, written on the feed's thread only.
        self.mode = "poll" if poll else "listen"
        self.ready = threading.Event()  # set once it listens (or polls) the first time
        self.polls = 0  # how many times the counter was read (tests wait on it)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """End the thread and close its connection; returns when both are gone.
        Idempotent."""
        self._stopping.set()
        with contextlib.suppress(OSError):  # stopped before: the pair is closed
            self._waker[1].send(b"\0")
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join()
        if not self._thread.is_alive():
            for end in self._waker:
                end.close()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    # -- on the feed's thread ------------------------------------------------------

    def _run(self) -> None:
        first = True
        while not self._stopping.is_set():
            try:
                self._conn = self._connect()
                if self.mode == "listen":
                    self._listen_or_poll()
                if self._lost or not first:
                    # Whatever was committed while nobody listened: read it all again.
                    self._listener.missed()
                if self._lost:
                    self._lost = False
                    self._listener.lost("")
                first = False
                if self.mode == "poll" and self._own is not None:
                    # Before anyone is told it is ready: every commit from here is noted.
                    self._own.watched.set()
                self.ready.set()
                if self.mode == "listen":
                    self._hear()
                else:
                    self._watch_counter()
            except DatabaseRefused as refusal:
                self._went_away(refusal.detail)
            except Exception as exc:  # psycopg.OperationalError and kin: the link broke
                if self._stopping.is_set():
                    break
                log.info("the change feed lost the server: %s", exc.__class__.__name__)
                self._went_away(
                    "The connection to the team workspace's server was lost: changes your "
                    "colleagues make do not show until it is back. CX Desk tries again "
                    "every few seconds."
                )
            finally:
                self._close()
            self._stopping.wait(RETRY_SECONDS)

    def _went_away(self, words: str) -> None:
        if not self._lost:
            self._lost = True
            self._listener.lost(words)
        self.ready.set()

    def _listen_or_poll(self) -> None:
        import psycopg

        try:
            self._conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.OperationalError:
            raise  # the server went away: try again, still listening
        except psycopg.Error as exc:
            log.info("LISTEN refused (%s): polling for changes", exc.__class__.__name__)
            self.mode = "poll"

    def _hear(self) -> None:
        # Waits on the connection's socket and on the waker together: a notice is
        # handed over as it arrives, and stop() ends the wait at once (a window closes
        # without waiting for a timeout).
        waker = self._waker[0]
        while not self._stopping.is_set():
            for notice in self._conn.notifies(timeout=0):  # what has arrived: no wait
                if notice.channel == CHANNEL:
                    self._listener.heard(notice.payload)
            os_select.select([self._conn.fileno(), waker], [], [], WAKE_SECONDS)

    def _watch_counter(self) -> None:
        seen = self._conn.execute(_POLL).fetchone()
        while not self._stopping.wait(POLL_SECONDS):
            now = self._conn.execute(_POLL).fetchone()
            if now != seen:
                mine = self._own is not None and self._own.only_own(seen[1], now[1])
                if now[1] == seen[1]:
                    mine = False  # the counter moved without a change's row: not ours
                seen = now
                if not mine:
                    self._listener.missed()
            self.polls += 1

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # already broken: nothing left to close
                log.debug("closing the feed's connection failed", exc_info=True)
