"""File > Open team workspace…: a workspace on a PostgreSQL server, asked for by its parts.

The person gives the server, port, database, user and SSL mode, and a password unless
their pgpass file (or a service file) holds it. Connecting runs on the window's task
runner with the store's 5-second timeout, so the window keeps painting and the dialog
says what it is doing; Cancel stops waiting at once (:mod:`cxdesk.ui.connecting`). A
refusal (wrong password, unreachable, not CX Desk's, newer, no permission) is shown in
the dialog in the store's words, and the fields stay as typed for another try.

Passwords: never in the app's settings. The typed one goes to this one connection (the
engine holds it in memory), and, when asked to, into the person's pgpass file (0600),
which libpq reads by itself next time; see :mod:`cxdesk.store.team_workspace`. Recent
workspaces are remembered by their address without a password.
"""

from __future__ import annotations

import getpass
import logging
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cxdesk.store import server_database
from cxdesk.store.errors import DatabaseRefused
from cxdesk.store.team_workspace import (
    DEFAULT_PORT,
    SSL_MODES,
    TeamAddress,
    open_team_workspace,
    pgpass_file,
    save_password,
)
from cxdesk.ui.connecting import CONNECTING, connecting_words, opened_unless_cancelled
from cxdesk.ui.tasks import Failure, Task, TaskControl
from cxdesk.ui.window_services import WindowServices

if TYPE_CHECKING:
    from cxdesk.store.database import Database

log = logging.getLogger(__name__)

RECENT_KEY = "teamWorkspace/recent"
RECENT_MAX = 8
SSL_LABELS = {
    "prefer": "prefer: encrypted when the server offers it",
    "require": "require: encrypted, or no connection",
    "verify-full": "verify-full: encrypted, the server's certificate checked",
    "disable": "disable: never encrypted",
}
ERROR_STYLE = "color: #c0392b;"


def recent_addresses(settings: QSettings) -> list[str]:
    """The team workspaces opened before, newest first: addresses without a password."""
    value = settings.value(RECENT_KEY)
    if value is None:
        return []
    listed = [value] if isinstance(value, str) else list(value)  # INI: one item is a str
    return [str(text) for text in listed if str(text)]


def remember_address(settings: QSettings, address: TeamAddress) -> None:
    text = address.text  # rendered with no password: it never had one
    listed = [text, *(old for old in recent_addresses(settings) if old != text)]
    settings.setValue(RECENT_KEY, listed[:RECENT_MAX])


def remember_workspace(settings: QSettings, db: Database) -> None:
    """Put the team workspace ``db`` first among the recent ones, by its address without
    the password (opened from this dialog, or with ``cxdesk --db URL``)."""
    from cxdesk.store.server_database import ServerDatabase

    backend = db.backend
    if not isinstance(backend, ServerDatabase):
        return
    without = backend.url.set(password=None).render_as_string(hide_password=False)
    try:
        address = TeamAddress.from_text(without)
    except DatabaseRefused:
        return
    if address.database:  # else named by a service file: not something the fields hold
        remember_address(settings, address)


class TeamWorkspaceDialog(QDialog):
    """See the module docstring. Accepted once the window shows the team workspace."""

    def __init__(self, window: WindowServices, settings: QSettings) -> None:
        super().__init__(window.dialog_parent)
        self.services = window
        self.settings = settings
        self.setWindowTitle("Open team workspace")
        self.setMinimumWidth(520)
        self._connecting: Task | None = None
        self._abandoned = False  # closed while connecting: what arrives is closed again

        intro = QLabel(
            "A workspace your team shares on a PostgreSQL server. Ask its administrator "
            "for these details; an empty database becomes a new workspace."
        )
        intro.setWordWrap(True)
        self.recent = QComboBox()
        self.recent.setAccessibleName("Recent team workspaces")
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.example.com (empty: this computer)")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit("cxdesk")
        self.user = QLineEdit(_login_name())
        self.sslmode = QComboBox()
        for mode in SSL_MODES:
            self.sslmode.addItem(SSL_LABELS[mode], mode)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("empty: from your pgpass file")
        self.save_password = QCheckBox("Save the password in my pgpass file (readable by me alone)")
        self.save_password.setToolTip(
            f"{pgpass_file()}: PostgreSQL's own password file, which it reads by itself. "
            "CX Desk keeps no password in its settings."
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setObjectName("team-workspace-status")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # a server answers or it does not: no measure of how long
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Connecting")
        self.busy.setVisible(False)

        form = QFormLayout()
        form.addRow("&Recent:", self.recent)
        form.addRow("&Server:", self.host)
        form.addRow("P&ort:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("&Encryption (SSL):", self.sslmode)
        form.addRow("&Password:", self.password)
        form.addRow("", self.save_password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        # Ok renamed, not a button of our own: QDialog makes its Ok the default (Enter
        # connects); an added one lost that to Cancel once shown.
        self.connect_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.connect_button.setText("&Connect")
        self.buttons.accepted.connect(self.start_connecting)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.busy)
        layout.addWidget(self.buttons)
        self._fields: list[QWidget] = [
            self.recent,
            self.host,
            self.port,
            self.database,
            self.user,
            self.sslmode,
            self.password,
            self.save_password,
            self.connect_button,
        ]

        listed = recent_addresses(settings)
        for text in listed:
            self.recent.addItem(_recent_label(text), text)
        self.recent.setVisible(bool(listed))
        form.labelForField(self.recent).setVisible(bool(listed))
        self.recent.activated.connect(self._recent_chosen)
        if listed:
            self._recent_chosen(0)
            self.password.setFocus()  # the rest is as last time
        else:
            self.host.setFocus()

    # -- the fields ------------------------------------------------------------------

    def address(self) -> TeamAddress:
        return TeamAddress(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            sslmode=str(self.sslmode.currentData()),
        )

    def show_address(self, address: TeamAddress) -> None:
        self.host.setText(address.host)
        self.port.setValue(address.port)
        self.database.setText(address.database)
        self.user.setText(address.user)
        index = self.sslmode.findData(address.sslmode)
        self.sslmode.setCurrentIndex(max(index, 0))

    def _recent_chosen(self, index: int) -> None:
        try:
            self.show_address(TeamAddress.from_text(str(self.recent.itemData(index))))
        except DatabaseRefused:
            return  # a remembered line that is no longer an address: the fields stay

    def _say(self, message: str, *, problem: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if problem else "")
        self.status.setText(message)

    # -- connecting --------------------------------------------------------------------

    def start_connecting(self) -> None:
        """Connect with what the fields say, off the UI thread."""
        if self._connecting is not None:
            return
        address = self.address()
        if not address.database:
            self._say("Give the database's name (ask its administrator).", problem=True)
            self.database.setFocus()
            return
        password = self.password.text()
        if self.save_password.isChecked() and not password:
            self._say("Type the password to save, or untick “Save the password”.", problem=True)
            self.password.setFocus()
            return
        url = address.url(password or None)

        def work(control: TaskControl) -> Database:
            # control.check: Cancel (or the window closing) stops the wait for the server
            # at once, and closes what was opened.
            return opened_unless_cancelled(open_team_workspace(url, check=control.check), control)

        task = self.services.tasks.start(
            CONNECTING,
            work,
            lambda db: self._opened(db, address, password),
            self._failed,
            cancelled=self._stop_connecting,
        )
        if task is None:
            self._say("CX Desk is already connecting to a team workspace.", problem=True)
            return
        self._set_connecting(task)
        seconds = server_database.CONNECT_TIMEOUT
        self._say(
            f"{connecting_words(address.display_name)} (at most {seconds} seconds; "
            "Cancel stops waiting)"
        )

    def _set_connecting(self, task: Task | None) -> None:
        self._connecting = task
        for field in self._fields:
            field.setEnabled(task is None)
        self.busy.setVisible(task is not None)
        self.connect_button.setText("Connecting…" if task is not None else "&Connect")

    def _stop_connecting(self) -> None:
        if not self._gone():
            self._set_connecting(None)

    def _gone(self) -> bool:
        """Closed (and perhaps deleted) while connecting: nothing to show any more."""
        return self._abandoned or not shiboken6.isValid(self)

    def _failed(self, failure: Failure) -> None:
        if self._gone():
            return
        self._set_connecting(None)
        self._say(failure.message, problem=True)
        if "password" in failure.message:
            self.password.setFocus()
            self.password.selectAll()

    def _opened(self, db: Database, address: TeamAddress, password: str) -> None:
        """The window shows ``db`` (and remembers it among the recent team workspaces)."""
        if self._gone() or self.services.ws is None:
            db.close()  # the dialog was closed meanwhile: nobody asked for it any more
            return
        self._set_connecting(None)
        from cxdesk.ui.workspace import Workspace

        saved = ""
        if password and self.save_password.isChecked():
            try:
                saved = f" The password is in {save_password(address, password)}."
            except OSError as error:
                saved = f" The password could not be saved ({error.strerror or error})."
        self.services.set_workspace(Workspace(db))
        self.services.show_status(f"Opened the team workspace {db.display_name}.{saved}")
        self.accept()

    def reject(self) -> None:
        if self._connecting is not None:
            # Stop waiting for the server now; what the attempt opened meanwhile is closed.
            self._abandoned = True
            self._connecting.cancel()
        super().reject()


def _recent_label(text: str) -> str:
    """ "ana · cxdesk on db.example.com" for a remembered address."""
    try:
        address = TeamAddress.from_text(text)
    except DatabaseRefused:
        return text
    return f"{address.user} · {address.display_name}" if address.user else address.display_name


def _login_name() -> str:
    """The computer's user name: libpq's default user too."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in the environment or the passwd file
        return ""
