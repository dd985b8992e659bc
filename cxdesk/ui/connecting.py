"""Connecting to a team workspace without freezing the window (``cxdesk --db URL``).

Reaching a PostgreSQL server may take up to the connection's timeout (a server that is
down, a VPN that is not up), and making a new workspace's schema a second more. Opening
it on the UI thread, before the window existed, left the person looking at nothing (or a
blank window) for as long. Here the window is on screen at once and says what it is
doing ("Connecting to cxdesk on db.example.com…", a busy bar and Cancel) while the
window's task runner opens the workspace; then the window shows it, or says in the
store's words why it could not (Try again, Quit). Cancel stops waiting at once: the
attempt itself, which libpq cannot interrupt, is abandoned and ends by itself
(:mod:`cxdesk.store.abandonable`), so neither Cancel nor closing the window waits for a
server that does not answer.

File > Open team workspace… (:mod:`cxdesk.ui.team_workspace_dialog`) opens the same way
through :data:`CONNECTING`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from cxdesk.store import server_database
from cxdesk.store.errors import DatabaseRefused
from cxdesk.ui.tasks import Cancelled, Failure, Task, TaskControl, TaskKind, TaskRunner

if TYPE_CHECKING:
    from cxdesk.store.database import Database
    from cxdesk.store.server_database import ServerDatabase

log = logging.getLogger(__name__)


def _explain(error: Exception) -> Failure | None:
    if isinstance(error, DatabaseRefused):
        return Failure(error.title, error.message)
    return None


def _unexpected(error: Exception) -> Failure:
    # Not str(error): a driver's message may quote the address. The log has the details.
    return Failure(
        "Open team workspace",
        f"CX Desk could not open the team workspace ({type(error).__name__}); nothing was "
        "changed. This is a bug in CX Desk: the details are in its log file.",
        bug=True,
    )


# Opening a team workspace, from the command line or File > Open team workspace…: one at
# a time per window.
CONNECTING = TaskKind("team-workspace", log, "opening a team workspace", _explain, _unexpected)


def opened_unless_cancelled(db: Database, control: TaskControl) -> Database:
    """``db``, unless Cancel came after the store's last look: then nobody will take it
    (the window may be closing), so it is closed here rather than left connected."""
    if control.cancelled():
        db.close()
        raise Cancelled
    return db


def connecting_words(where: str) -> str:
    """ "Connecting to cxdesk on db.example.com…" """
    return f"Connecting to {where}…"


class ConnectingPanel(QWidget):
    """What the window shows until the team workspace is open: that it is connecting,
    with Cancel; or why it could not, with Try again and Quit."""

    def __init__(self, where: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.where = where
        self.setObjectName("connecting-panel")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Team workspace")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.heading.setFont(font)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no measure of how long: a server answers or it does not
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Connecting")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setObjectName("connecting-detail")
        self.cancel_button = QPushButton("Cancel")
        self.retry_button = QPushButton("&Try again")
        self.quit_button = QPushButton("&Quit")
        # Escape cancels, as in a progress dialog.
        self.escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        self.escape.activated.connect(self._escape)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.cancel_button, self.retry_button, self.quit_button):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button)
        # A column as wide as it may be (up to a comfortable line), centred by stretches
        # beside it: aligned in its cell instead, it shrank to its wrapped labels' hint
        # and cut their lines off.
        column = QWidget()
        column.setMinimumWidth(360)
        column.setMaximumWidth(600)
        inner = QVBoxLayout(column)
        inner.setSpacing(14)
        inner.addWidget(self.heading)
        inner.addWidget(self.busy)
        inner.addWidget(self.detail)
        inner.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 3)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def show_connecting(self) -> None:
        self.heading.setText(connecting_words(self.where))
        seconds = server_database.CONNECT_TIMEOUT
        self.detail.setText(
            f"CX Desk waits at most {seconds} seconds for the server to answer. "
            "Cancel stops waiting."
        )
        self._showing(busy=True)
        self.cancel_button.setEnabled(True)
        self.cancel_button.setFocus()

    def show_cancelling(self) -> None:
        self.detail.setText("Cancelling…")
        self.cancel_button.setEnabled(False)

    def show_cancelled(self) -> None:
        self.heading.setText(f"Not connected to {self.where}")
        self.detail.setText(
            "You stopped connecting. Nothing was opened or changed: try again, or quit."
        )
        self._showing(busy=False)

    def show_refused(self, failure: Failure) -> None:
        self.heading.setText(failure.title)
        self.detail.setText(failure.message)
        self._showing(busy=False)

    def _showing(self, *, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.retry_button.setVisible(not busy)
        self.quit_button.setVisible(not busy)
        if not busy:
            self.retry_button.setDefault(True)
            self.retry_button.setFocus()

    def _escape(self) -> None:
        if self.cancel_button.isVisible() and self.cancel_button.isEnabled():
            self.cancel_button.click()


class TeamWorkspaceOpening(QObject):
    """Opens ``server``'s workspace on ``tasks`` for a window that has none yet, showing
    :attr:`panel` meanwhile; ``attach`` (the window's) then makes the window work on it.

    ``opened`` follows with the Database; ``refused`` with a :class:`Failure` each time
    it could not (the panel says so; Try again starts over); ``stopped`` when Cancel
    ended an attempt. Quit closes ``window``.
    """

    opened = Signal(object)  # the Database, once the window works on it
    refused = Signal(object)  # a Failure: why it could not be opened
    stopped = Signal()  # Cancel ended the attempt

    def __init__(
        self,
        window: QWidget,
        tasks: TaskRunner,
        server: ServerDatabase,
        attach: Callable[[Database], None],
        *,
        demo_on: date | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.tasks, self.server = window, tasks, server
        self.attach = attach
        self.demo_on = demo_on
        self.panel = ConnectingPanel(server.display_name)
        self.task: Task | None = None
        self.succeeded = False
        self.panel.cancel_button.clicked.connect(self.cancel)
        self.panel.retry_button.clicked.connect(self.start)
        self.panel.quit_button.clicked.connect(window.close)

    @property
    def connecting(self) -> bool:
        return self.task is not None

    def start(self) -> None:
        """Connect (again), off the UI thread."""
        if self.task is not None:
            return
        server, demo_on = self.server, self.demo_on

        def work(control: TaskControl) -> Database:
            from cxdesk.store.team_workspace import open_team_workspace

            db = open_team_workspace(server.url, demo_on=demo_on, check=control.check)
            return opened_unless_cancelled(db, control)

        self.task = self.tasks.start(
            CONNECTING, work, self._opened, self._failed, cancelled=self._cancelled
        )
        if self.task is not None:
            self.panel.show_connecting()

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.panel.show_cancelling()

    def _opened(self, db: Database) -> None:
        self.task = None
        self.succeeded = True
        self.attach(db)  # the panel goes: the workspace takes its place
        self.opened.emit(db)

    def _failed(self, failure: Failure) -> None:
        self.task = None
        self.panel.show_refused(failure)
        self.refused.emit(failure)

    def _cancelled(self) -> None:
        self.task = None
        self.panel.show_cancelled()
        self.stopped.emit()
