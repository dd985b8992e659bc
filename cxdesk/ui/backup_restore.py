"""File > Restore from backup…, File > Back up now, and the damaged-file recovery at start.

The restore flow: the dialog lists the backups; Restore asks for confirmation (saying a
backup of the current state is made first); the window's database is closed, the worker
backs the current file up and copies the chosen backup in, verified; then the file is
reopened in the same window, whether the restore worked or not (a failed restore leaves
the file as it was).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cxdesk.models.wording import counted
from cxdesk.store.backup_policy import BackupInfo, BackupReason
from cxdesk.ui.backup_worker import BackupScheduler

if TYPE_CHECKING:
    from cxdesk.store.errors import DatabaseRefused

log = logging.getLogger(__name__)

COLUMNS = ("Date", "Made", "Clients", "Engagements", "Last edit", "Size")


# --- words ---------------------------------------------------------------------------


def when(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"


def local(utc: datetime | None) -> datetime | None:
    """Stored times are naive UTC; people read local time."""
    return utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None) if utc else None


LAST_EDIT = COLUMNS.index("Last edit")
GUESSED_LAST_EDIT = (
    "This data was last edited by an older CX Desk, which did not record the time of "
    "every edit: this is the newest time found in the data, and the last edit may have "
    "been later."
)


def last_edit_text(backup: BackupInfo) -> str:
    """When the backed-up data was last edited; "or later" when an older CX Desk made it
    and only the newest dated row says (edits to levels, the brand... left no time)."""
    last = local(backup.last_edit)
    if last is None:
        return ""
    return when(last) if backup.last_edit_recorded else f"{when(last)} or later"


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def holds(backup: BackupInfo) -> str:
    if backup.clients is None or backup.engagements is None:
        return "what it holds could not be read"
    clients = f"{counted(backup.clients, 'client')}"
    engagements = f"{counted(backup.engagements, 'engagement')}"
    return f"{clients} and {engagements}"


# --- the menu ------------------------------------------------------------------------


def install_backup_actions(
    scheduler: BackupScheduler, menu: QMenu, *, before: QAction | None = None
) -> None:
    """File > Back up now and Restore from backup… (at the end of ``menu``, or before
    ``before``), run by the window's ``scheduler``, whose notices go to the status bar."""
    window = scheduler.window
    scheduler.notice.connect(window.show_status)
    backup = QAction("Back &up now", window.dialog_parent)
    backup.triggered.connect(lambda: back_up_now(scheduler))
    restore = QAction("Restore &from backup…", window.dialog_parent)
    restore.triggered.connect(lambda: open_restore_dialog(scheduler))
    # In their place on a team workspace: what backs it up, and what the person can do.
    server = QAction(SERVER_BACKUPS_ACTION, window.dialog_parent)
    server.triggered.connect(lambda: explain_server_backups(scheduler))
    actions = [backup, restore, server]
    if before is None:
        menu.addActions(actions)
    else:
        menu.insertActions(before, actions)

    def follow_workspace() -> None:
        on_server = scheduler.on_server()
        backup.setVisible(not on_server)
        restore.setVisible(not on_server)
        server.setVisible(on_server)

    # The window may have opened another workspace (a file, a team one) since: the menu
    # is set right each time it opens.
    menu.aboutToShow.connect(follow_workspace)
    follow_workspace()


SERVER_BACKUPS_ACTION = "Bac&kups: the server's own (pg_dump)…"
SERVER_BACKUPS = (
    "A team workspace lives on its PostgreSQL server, and the server backs it up (pg_dump, "
    "or the server's own backup schedule): ask the database's administrator to restore an "
    "earlier state. CX Desk makes no backups of it and restores none.\n\n"
    "To keep a copy of your own, use File > Export workspace… (a .cxdesk file, which "
    "File > Import engagement file… reads back, here or into a workspace on your laptop)."
)


def explain_server_backups(scheduler: BackupScheduler) -> QMessageBox:
    window = scheduler.window
    return show_message(
        window.dialog_parent, QMessageBox.Icon.Information, "Backups", SERVER_BACKUPS
    )


def back_up_now(scheduler: BackupScheduler) -> None:
    if not scheduler.backup_now(BackupReason.MANUAL, only_if_changed=False):
        scheduler.window.show_status("A backup is already being made.")


def open_restore_dialog(scheduler: BackupScheduler) -> RestoreDialog:
    from cxdesk.store.backups import list_backups

    window = scheduler.window
    assert window.ws is not None
    folder = scheduler.folder()
    dialog = RestoreDialog(list_backups(folder, window.ws.db.path), folder, window.dialog_parent)
    dialog.chosen.connect(lambda backup: start_restore(scheduler, backup))
    dialog.finished.connect(lambda _code: dialog.deleteLater())
    dialog.open()  # window-modal, no nested event loop
    return dialog


# --- the dialog ----------------------------------------------------------------------


class RestoreDialog(QDialog):
    chosen = Signal(object)  # the BackupInfo to restore, once confirmed

    def __init__(self, backups: list[BackupInfo], folder: Path, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.backups = backups
        self.folder = folder
        self.confirm: QMessageBox | None = None

        intro = QLabel(
            "CX Desk backs your work up on start, every 30 minutes while you edit, and "
            "before updates. Choose a backup to go back to: your current data is backed "
            "up first, so a restore can itself be undone from this list."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        for row, backup in enumerate(backups):
            self._fill(row, backup)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # what made it
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.itemDoubleClicked.connect(lambda _item: self.ask())

        self.empty = QLabel(f"There are no backups of this database yet (in {folder}).")
        self.empty.setWordWrap(True)
        self.empty.setVisible(not backups)
        self.location = QLabel(f"Backups are kept in {folder}")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.location.setEnabled(False)  # the muted colour, in light and dark palettes

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self.ask)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.location)
        layout.addWidget(buttons)
        self.resize(760, 420)
        if backups:
            first = next((r for r, b in enumerate(backups) if b.problem is None), None)
            if first is not None:
                self.table.selectRow(first)

    def _fill(self, row: int, backup: BackupInfo) -> None:
        texts = (
            when(backup.created),
            backup.reason.words if backup.problem is None else "Unreadable",
            "" if backup.clients is None else str(backup.clients),
            "" if backup.engagements is None else str(backup.engagements),
            last_edit_text(backup),
            size_text(backup.size),
        )
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column in (2, 3, 5):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if backup.problem is not None:
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # shown greyed, cannot be chosen
                item.setToolTip(f"Cannot be restored: {backup.problem}")
            elif column == LAST_EDIT and backup.last_edit and not backup.last_edit_recorded:
                item.setToolTip(GUESSED_LAST_EDIT)
            else:
                item.setToolTip(backup.name)
            self.table.setItem(row, column, item)

    def selected(self) -> BackupInfo | None:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        if len(rows) != 1:
            return None
        backup = self.backups[rows.pop()]
        return backup if backup.problem is None else None

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def ask(self) -> None:
        """Confirm first, saying what is restored and that the current state is kept."""
        backup = self.selected()
        if backup is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Restore this backup?",
            f"Go back to the backup from {when(backup.created)} ({holds(backup)})?",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setInformativeText(
            "CX Desk first makes a backup of your data as it is now, listed here as "
            "“Before a restore”, so you can come back to it. Then it replaces the data "
            "in this database with the backup's and reopens it."
        )
        restore = box.addButton("&Restore", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            self.confirm = None
            if button is restore:
                self.accept()
                self.chosen.emit(backup)

        box.buttonClicked.connect(answered)
        self.confirm = box
        box.open()


# --- running a restore ---------------------------------------------------------------


def start_restore(scheduler: BackupScheduler, backup: BackupInfo) -> bool:
    """Close the window's database, restore on the worker, reopen in the same window."""
    window = scheduler.window
    assert window.ws is not None
    path, folder = window.ws.db.path, scheduler.folder()
    progress = QProgressDialog("Restoring the backup…", "", 0, 0, window.dialog_parent)
    progress.setWindowTitle("Restore from backup")
    progress.setCancelButton(None)  # a half-done restore is never left: it cannot stop
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setMinimumWidth(360)
    progress.setValue(0)

    def done(before: BackupInfo | None) -> None:
        progress.close()
        progress.deleteLater()
        if not reopen(scheduler, path, folder):
            return
        kept = (
            f" Your data as it was before is kept as the backup from {before.created:%H:%M}."
            if before
            else ""
        )
        window.show_status(f"Restored the backup from {when(backup.created)}.")
        show_message(
            window.dialog_parent,
            QMessageBox.Icon.Information,
            "Backup restored",
            f"Restored the backup from {when(backup.created)} ({holds(backup)}).{kept}",
        )

    def failed(message: str) -> None:
        progress.close()
        progress.deleteLater()
        if not reopen(scheduler, path, folder):
            return
        show_message(window.dialog_parent, QMessageBox.Icon.Warning, "Restore failed", message)

    if not scheduler.restore(backup, done, failed):
        progress.close()
        progress.deleteLater()
        window.show_status("A backup is being made; try again in a moment.")
        return False
    return True


def reopen(scheduler: BackupScheduler, path: Path, folder: Path) -> bool:
    from cxdesk.store.database import open_database
    from cxdesk.store.errors import DatabaseRefused
    from cxdesk.ui.workspace import Workspace

    window = scheduler.window
    try:
        db = open_database(path, backup_folder=folder)
    except DatabaseRefused as refusal:
        show_message(
            window.dialog_parent, QMessageBox.Icon.Critical, refusal.title, refusal.message
        )
        return False
    window.set_workspace(Workspace(db))
    scheduler.resume()
    return True


def show_message(window: QWidget, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setObjectName("backup-message")
    box.open()
    return box


# --- a damaged database at start-up ------------------------------------------------


def offer_recovery(
    refusal: DatabaseRefused,
    path: Path,
    parent: QWidget | None = None,
    *,
    backup_folder: Path | None = None,
) -> Path | None:
    """Tell the person their database is damaged and offer the newest good backup.

    Returns the path to open (the same path, now holding the backup) if they accepted
    and it worked; None otherwise (then the app shows ``refusal`` as before and stops).
    The damaged file is set aside (renamed, never deleted) only when they accept.
    """
    from cxdesk.store.backups import (
        BackupError,
        default_backup_folder,
        newest_good_backup,
        restore_backup,
        set_aside_damaged,
    )
    from cxdesk.store.errors import RefusalReason

    # "Not a database at all" where CX Desk has good backups of this very file is ours,
    # overwritten (a zeroed header, a sync tool's stub): offered the backup too.
    if refusal.reason not in (RefusalReason.DAMAGED, RefusalReason.NOT_SQLITE):
        return None
    path = Path(path).expanduser().absolute()
    folder = backup_folder or default_backup_folder(path)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        backup = newest_good_backup(folder, path)
    finally:
        QApplication.restoreOverrideCursor()
    if backup is None:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Damaged database",
        f"“{path.name}” is damaged and cannot be opened safely.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(
        f"{refusal.detail}\n\nThe newest good backup is from {when(backup.created)} "
        f"({holds(backup)}). CX Desk can open it instead. The damaged file is kept: it is "
        f"renamed to “{path.name}.damaged-…” beside the original, never deleted."
    )
    use = box.addButton("&Open the backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(use)
    box.exec()
    if box.clickedButton() is not use:
        return None
    try:
        aside = set_aside_damaged(path)
    except BackupError as error:
        QMessageBox.critical(parent, "Damaged database", error.message)
        return None
    try:
        restore_backup(backup, path, folder)
    except BackupError as error:
        try:  # put the damaged file back where it was: nothing moved, nothing lost
            for leftover in (path, path.with_name(path.name + "-wal")):
                leftover.unlink(missing_ok=True)
            for old, new in _renamed(aside, path):
                old.rename(new)
        except OSError:
            log.exception("could not move %s back to %s", aside, path)
        QMessageBox.critical(parent, "Damaged database", error.message)
        return None
    log.warning("opened backup %s in place of damaged %s (kept as %s)", backup.path, path, aside)
    return path


def _renamed(aside: Path, path: Path) -> list[tuple[Path, Path]]:
    pairs = [(aside, path)]
    for ending in ("-wal", "-shm"):
        moved = aside.with_name(aside.name + ending)
        if moved.exists():
            pairs.append((moved, path.with_name(path.name + ending)))
    return pairs
