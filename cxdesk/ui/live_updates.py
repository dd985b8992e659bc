"""Colleagues' changes to a team workspace, on this window's screens within a second.

On a PostgreSQL workspace, :class:`LiveUpdates` runs the store's
:class:`~cxdesk.store.change_feed.ChangeFeed` (its own thread and connection) and turns
what it hears into the workspace's ``changed`` signal on the UI thread, exactly as a
local edit does: the screens re-read the rows named. The feed's callbacks only emit
signals of this object, which lives on the UI thread, so Qt queues them there. A
SQLite workspace has nobody else writing: nothing runs.

The feed stops when the workspace's database closes (the window closing, or another
workspace opened in it): no thread outlives its window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from cxdesk.ops import ChangeSet
from cxdesk.ops.live_changes import everything, heard, together
from cxdesk.store.change_feed import ChangeFeed, FeedListener
from cxdesk.store.own_writes import OwnWrites, own_writes

if TYPE_CHECKING:
    from cxdesk.store.database import Database

log = logging.getLogger(__name__)

# How long notices are gathered before the screens hear them (well inside the 2 s a
# colleague's change may take to show).
COALESCE_MS = 30


class LiveUpdates(QObject):
    """The change feed of one open team workspace, as signals on the UI thread."""

    # Emitted from the feed's thread; connected (auto, hence queued) to this object's
    # slots on the UI thread.
    _heard = Signal(str)
    _missed = Signal()
    _lost = Signal(str)

    received = Signal(object)  # ChangeSet: a colleague's change, for the screens
    # Why this window no longer hears colleagues' changes, in words; "" when it does again.
    statusChanged = Signal(str)

    def __init__(
        self,
        origin: str,
        connect: Callable[[], Any],
        *,
        poll: bool = False,
        own: OwnWrites | None = None,
        parent: QObject | None = None,
    ) -> None:
        """``origin``: the window's own Database.origin (its notices are ignored);
        ``connect``: a new psycopg connection to the server (ServerDatabase.connect);
        ``own``: its engine's writes (polling skips them as listening skips ``origin``)."""
        super().__init__(parent)
        self._origin = origin
        self.status = ""
        self._heard.connect(self._on_heard)
        self._missed.connect(self._on_missed)
        self._lost.connect(self._on_lost)
        listener = FeedListener(
            heard=self._heard.emit, missed=self._missed.emit, lost=self._lost.emit
        )
        self.feed = feed = ChangeFeed(connect, listener, poll=poll, own=own)
        # Gone with its workspace even if the database outlives it (a script, a test):
        # the thread would otherwise emit signals of a deleted object.
        self.destroyed.connect(lambda *_args: feed.stop())
        # What was heard since the last hand-over: a burst (a colleague's typing, a
        # room's answers on another laptop) reaches the screens as one change.
        self._pending: list[ChangeSet] = []
        self._hand_over = QTimer(self)
        self._hand_over.setSingleShot(True)
        self._hand_over.setInterval(COALESCE_MS)
        self._hand_over.timeout.connect(self._handed_over)

    def start(self) -> None:
        self.feed.start()

    def stop(self) -> None:
        """End the feed's thread; idempotent. Notices already queued are dropped: the
        screens they were for are closing."""
        self.feed.stop()

    # -- on the UI thread ----------------------------------------------------------

    def _on_heard(self, payload: str) -> None:
        changes = heard(payload, self._origin)
        if changes is not None:
            self._collect(changes)

    def _on_missed(self) -> None:
        self._collect(everything())

    def _collect(self, changes: ChangeSet) -> None:
        self._pending.append(changes)
        if not self._hand_over.isActive():  # not restarted: a steady stream still shows
            self._hand_over.start()

    def _handed_over(self) -> None:
        pending, self._pending = self._pending, []
        if pending and self.feed.running:  # else the window is closing
            self.received.emit(together(pending))

    def _on_lost(self, words: str) -> None:
        if words:
            log.info("not hearing colleagues' changes: %s", words)
        self.status = words
        self.statusChanged.emit(words)


def live_updates(db: Database) -> LiveUpdates | None:
    """Colleagues' changes for ``db``, started and stopped with it; None on SQLite."""
    from cxdesk.store.server_database import ServerDatabase

    if not isinstance(db.backend, ServerDatabase):
        return None
    updates = LiveUpdates(db.origin, db.backend.connect, own=own_writes(db.engine))
    db.on_close(updates.stop)
    updates.start()
    return updates
