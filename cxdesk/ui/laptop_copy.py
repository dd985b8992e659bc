"""File > Copy to my laptop: the engagement on screen, from a team workspace into the
consultant's own SQLite workspace, for work offline at a client site (issue 18).

Where it goes: the last local workspace file opened in CX Desk (the settings'
``database/last``, which only local files are written to), else the default workspace.
The work is :mod:`cxdesk.store.laptop_copy` (the engagement-file export and import): it
runs on the window's task runner, behind a progress dialog, in the engagement files'
lane (one export, import or copy at a time). If the laptop already has the engagement,
the person is asked as Import asks (a copy alongside, or replace); a local file open in
another CX Desk window is locked and refused in words, with nothing copied. Once done,
a box says where it went and offers to open the laptop's workspace in this window.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox

from cxdesk.store.errors import DatabaseRefused, EditRefused, EngagementGone, RefusalReason
from cxdesk.ui import engagement_files
from cxdesk.ui.tasks import Cancelled, Failure, ProgressSpec, TaskControl, TaskKind

if TYPE_CHECKING:
    from cxdesk.models.engagement_records import EngagementRecord
    from cxdesk.store.engagement_import import ImportResult
    from cxdesk.store.laptop_copy import PreparedCopy
    from cxdesk.ui.window_services import WindowServices

log = logging.getLogger(__name__)
LAST_LOCAL_KEY = "database/last"  # the last local workspace file the window showed
NOTHING = "Nothing was copied."


def _explain(error: Exception) -> Failure | None:
    """The refusals a copy expects, in words; None for a bug (logged, told generically)."""
    if isinstance(error, DatabaseRefused):
        if error.reason is RefusalReason.ALREADY_OPEN:
            return Failure(
                "Your laptop's workspace is open",
                f"“{error.path.name}” on this computer is open in another CX Desk window, "
                f"so it cannot take the engagement now. {NOTHING}\n\nClose that window (or "
                "open another workspace in it) and choose File > Copy to my laptop again.\n\n"
                f"The file: {error.path}",
            )
        return Failure(error.title, f"{error.message}\n\n{NOTHING}")
    if isinstance(error, EngagementGone):
        return Failure(
            "Cannot copy",
            f"The engagement was deleted on the team workspace meanwhile. {NOTHING}",
        )
    if isinstance(error, EditRefused):  # the engagement file's checks, the import's rules
        return Failure(getattr(error, "title", "Cannot copy"), f"{error.message}\n\n{NOTHING}")
    if isinstance(error, OSError):  # the temporary file of the export
        return Failure("Cannot copy", f"{error.strerror or error}. {NOTHING}")
    return None


def _bug(error: Exception) -> Failure:
    return Failure("That did not work", f"{type(error).__name__}: {error}\n\n{NOTHING}")


COPYING = TaskKind(engagement_files.LANE, log, "copying to the laptop", _explain, _bug)


class LaptopCopy(QObject):
    """One per window: File > Copy to my laptop, and what it asks and says."""

    finished = Signal()  # after every copy, done or not (tests wait on it)

    def __init__(
        self, window: WindowServices, settings: QSettings, open_local: Callable[[Path], object]
    ) -> None:
        super().__init__(window.dialog_parent)
        self.window = window
        self.settings = settings
        self.open_local = open_local  # the window opens the laptop's workspace
        self.action: QAction | None = None
        self.done_box: QMessageBox | None = None  # "Copied ... Open it now?", while open
        self.last_result: ImportResult | None = None

    def install(self, menu: QMenu) -> QAction:
        """Add File > Copy to my laptop… to ``menu`` (disabled until it applies)."""
        self.action = menu.addAction("Cop&y to my laptop…", self.copy)
        self.action.setStatusTip(
            "Copy the engagement into the workspace on this computer, to work offline"
        )
        self.action.setEnabled(False)
        return self.action

    def follow(self, engagement: EngagementRecord | None, on_server: bool) -> None:
        """Enabled only with an engagement on screen in a team workspace."""
        if self.action is not None:
            self.action.setEnabled(engagement is not None and on_server)

    def local_path(self) -> Path:
        from cxdesk.store.laptop_copy import local_workspace

        return local_workspace(self.settings.value(LAST_LOCAL_KEY))

    # -- the two steps on the task runner ----------------------------------------------

    def copy(self) -> None:
        from cxdesk.store.workspace_kind import is_team_workspace

        window = self.window
        engagement = window.shown_engagement()
        if window.ws is None or engagement is None or not is_team_workspace(window.ws.db):
            return
        team, engagement_id, local = window.ws.db, engagement.id, self.local_path()

        def work(control: TaskControl) -> PreparedCopy:
            from cxdesk.store.laptop_copy import prepare_copy

            prepared = prepare_copy(team, engagement_id, local)
            if control.cancelled():  # the window is closing: nobody will ask the question
                prepared.abandon()
                raise Cancelled
            return prepared

        task = window.tasks.start(
            COPYING,
            work,
            partial(self._prepared, engagement, local),
            self._failed,
            cancelled=self.finished.emit,
            dialog=ProgressSpec(f"Copying “{engagement.name}” to your laptop…"),
        )
        if task is None:
            self._busy()

    def _prepared(self, engagement: EngagementRecord, local: Path, prepared: PreparedCopy) -> None:
        from cxdesk.store.engagement_import import ImportCancelled, Resolution

        resolution = Resolution.COPY
        if prepared.conflicts:
            answer = engagement_files.ask_resolution(
                self.window.dialog_parent,
                prepared.conflicts,
                f"your laptop's workspace ({local.name})",
                undoable=False,
                incoming="the team workspace's",
            )
            if answer is None:
                prepared.abandon()
                self.window.show_status(NOTHING)
                self.finished.emit()
                return
            resolution = answer
        replacing = bool(prepared.conflicts) and resolution is Resolution.REPLACE

        def work(control: TaskControl) -> ImportResult:
            from cxdesk.store.laptop_copy import finish_copy

            try:  # closes the laptop's workspace whatever happens
                return finish_copy(prepared, resolution, control.report, control.cancelled)
            except ImportCancelled:
                raise Cancelled from None

        task = self.window.tasks.start(
            COPYING,
            work,
            lambda result: self._copied(engagement, local, result, replacing=replacing),
            self._failed,
            cancelled=self._cancelled,
            progress=self._advance,
            dialog=ProgressSpec(f"Copying “{engagement.name}” to your laptop…", cancellable=True),
        )
        if task is None:
            prepared.abandon()
            self._busy()

    def _advance(self, n: int, total: int) -> None:
        task = self.window.tasks.current(engagement_files.LANE)
        if task is not None and task.dialog is not None:
            task.dialog.advance(n, total)

    # -- what the person is told -------------------------------------------------------

    def _busy(self) -> None:
        engagement_files.tell(
            self.window.dialog_parent,
            "Copy to my laptop",
            "Another export, import or copy is running: try again once it is done.",
        )
        self.finished.emit()

    def _failed(self, failure: Failure) -> None:
        engagement_files.tell(
            self.window.dialog_parent, failure.title, failure.message, problem=True
        )
        self.finished.emit()

    def _cancelled(self) -> None:
        self.window.show_status(f"Copy cancelled. {NOTHING}")
        self.finished.emit()

    def _copied(
        self, engagement: EngagementRecord, local: Path, result: ImportResult, *, replacing: bool
    ) -> None:
        self.last_result = result
        how = " in place of the one it had" if replacing else ""
        self.window.show_status(f"Copied “{engagement.name}” to {local}{how}.")
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Copied to your laptop",
            f"“{engagement.name}” is now in your laptop's workspace{how}.",
            QMessageBox.StandardButton.NoButton,
            self.window.dialog_parent,
        )
        box.setInformativeText(
            f"The file: {local}\n\nOpen it to work offline; bring your changes back to "
            "the team workspace with File > Export engagement… there and File > Import… "
            "here. Open your laptop's workspace in this window now?"
        )
        open_button = box.addButton("&Open it", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Stay here", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(open_button)

        def answered(_result: int) -> None:
            self.done_box = None
            box.deleteLater()
            if box.clickedButton() is open_button:
                self.open_local(local)

        box.finished.connect(answered)
        self.done_box = box
        box.open()
        self.finished.emit()
