"""File > Export engagement…, Export workspace… and Import…: .cxdesk files from the menu.

Export runs on a worker thread with its own read-only connection (the store opens it);
reading and checking an imported file runs on a worker too (it is pure: no database),
and so does the import's one transaction (a 640,000-row workspace takes seconds), with
progress and Cancel. The conflict question and the undo step happen on the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.store.errors import EditRefused
from cxdesk.ui.recent_folders import FileKind
from cxdesk.ui.tasks import (
    Cancelled,
    Failure,
    InputGate,
    ProgressSpec,
    TaskControl,
    TaskKind,
    TaskProgressDialog,
    TaskRunner,
)

if TYPE_CHECKING:
    from cxdesk.ops import Done
    from cxdesk.store.database import Database
    from cxdesk.store.engagement_file import EngagementFile
    from cxdesk.store.engagement_import import Conflict, ImportResult, Resolution
    from cxdesk.ui.window_services import WindowServices

log = logging.getLogger(__name__)
FILTER = "CX Desk engagement files (*.cxdesk)"


# Seams the tests replace: native dialogs cannot be driven headless.
def choose_save_path(parent: QWidget, title: str, suggested: Path) -> Path | None:
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), FILTER)
    if not name:
        return None
    path = Path(name)
    return path if path.suffix == ".cxdesk" else path.with_name(path.name + ".cxdesk")


def choose_open_path(parent: QWidget, folder: Path) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, "Import a .cxdesk file", str(folder), FILTER)
    return Path(name) if name else None


def tell(parent: QWidget, title: str, text: str, *, problem: bool = False) -> None:
    box = QMessageBox.warning if problem else QMessageBox.information
    box(parent, title, text)


def ask_resolution(
    parent: QWidget,
    conflicts: Sequence[Conflict],
    where: str = "this workspace",
    *,
    undoable: bool = True,
    incoming: str = "the file's",
) -> Resolution | None:
    dialog = ConflictDialog(conflicts, parent, where=where, undoable=undoable, incoming=incoming)
    return dialog.resolution() if dialog.exec() == QDialog.DialogCode.Accepted else None


def safe_file_name(text: str) -> str:
    kept = "".join(c if c.isalnum() or c in " -_.,()&'" else "_" for c in text)
    return " ".join(kept.split())[:120] or "engagement"


class ConflictDialog(QDialog):
    """Asks what to do with engagements that are already in this workspace."""

    def __init__(
        self,
        conflicts: Sequence[Conflict],
        parent: QWidget | None = None,
        *,
        where: str = "this workspace",  # the workspace imported into, as the person knows it
        undoable: bool = True,  # imported into the window's workspace (File > Copy to my
        # laptop imports into another, where this window's Edit > Undo does not reach)
        incoming: str = "the file's",  # what replaces them ("the team workspace's")
    ) -> None:
        from cxdesk.store.engagement_import import Resolution

        super().__init__(parent)
        self.setWindowTitle(f"Already in {where}")
        one = len(conflicts) == 1
        names = "".join(
            f"<li>“{_esc(c.engagement)}” of “{_esc(c.client)}”</li>" for c in conflicts[:8]
        )
        more = f"<p>… and {len(conflicts) - 8} more.</p>" if len(conflicts) > 8 else ""
        intro = QLabel(
            f"<p>{_esc(where[:1].upper() + where[1:])} already has "
            f"{'this engagement' if one else 'these engagements'}:</p><ul>{names}</ul>{more}"
        )
        intro.setWordWrap(True)
        self.copy = QRadioButton(
            f"Import as a &copy, named “… (imported {date.today().isoformat()})”: "
            "nothing is changed or removed"
        )
        self.replace = QRadioButton(
            f"&Replace the existing {'one' if one else 'ones'} with {incoming}: "
            + (
                f"Edit > Undo brings the old {'one' if one else 'ones'} back"
                if undoable
                else f"the old {'one is' if one else 'ones are'} deleted there"
            )
        )
        self.copy.setChecked(True)
        self._group = QButtonGroup(self)
        self._choices = {self.copy: Resolution.COPY, self.replace: Resolution.REPLACE}
        for button in self._choices:
            self._group.addButton(button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("&Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.copy, self.replace, buttons):
            layout.addWidget(widget)
        # An explicit minimum keeps the layout from setting its own: the choices (which
        # do not wrap) were cut off at 520 pixels.
        self.setMinimumWidth(max(520, layout.sizeHint().width()))

    def resolution(self) -> Resolution:
        return self._choices[self.replace if self.replace.isChecked() else self.copy]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


LANE = "engagement-file"  # one export or import at a time


def _explain(error: Exception, *, exporting: bool) -> Failure | None:
    """The failures a job means to report, each by its own type from the store; None for
    anything else, a bug: logged with its traceback and said with what the failed job left
    as it was (an import is rolled back, an export writes no file)."""
    from cxdesk.store.errors import EngagementGone

    if isinstance(error, EditRefused):
        return Failure(getattr(error, "title", "Cannot import"), error.message)
    if isinstance(error, EngagementGone):
        return Failure("Cannot export", f"{error}\n\nNo file was written.")
    if isinstance(error, OSError) and exporting:
        # Reading a file turns its OSError into a refusal: while importing, one is a bug.
        return Failure("Cannot write the file", f"{error.strerror}: {error.filename}")
    return None


def _bug(error: Exception, untouched: str) -> Failure:
    return Failure("That did not work", f"{type(error).__name__}: {error}\n\n{untouched}")


# An export writes under a temporary name (removed); an import is one transaction.
EXPORTING = TaskKind(
    LANE,
    log,
    "engagement file work",
    partial(_explain, exporting=True),
    partial(_bug, untouched="No file was written."),
)
IMPORTING = TaskKind(
    LANE,
    log,
    "engagement file work",
    partial(_explain, exporting=False),
    partial(_bug, untouched="Nothing in the workspace was changed."),
)


# work(progress, cancelled), the store's way: it raises its own cancellation exception.
Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class EngagementFiles(QObject):
    """One per window: runs the exports and imports that window asks for.

    Reading and checking a file, writing an export and writing an import all run on a
    worker thread behind a window-modal progress dialog: the window keeps painting, and
    nothing else edits the workspace meanwhile (input is blocked from the job's start,
    the dialog only shows after a moment: see :class:`~cxdesk.ui.tasks.InputGate`). Only
    the short steps (the conflict question, pushing the undo step) run on the UI thread.
    Closing the window cancels what runs (an import rolls back) and waits for it.
    """

    finished = Signal()  # after every export or import, done or not (tests wait on it)

    def __init__(self, window: WindowServices, *, tasks: TaskRunner | None = None) -> None:
        super().__init__(window.dialog_parent)
        self.window = window
        self.tasks = tasks if tasks is not None else window.tasks
        self.last_result: ImportResult | None = None

    @property
    def busy(self) -> bool:
        return self.tasks.busy(LANE)

    @property
    def progress(self) -> TaskProgressDialog | None:
        task = self.tasks.current(LANE)
        return task.dialog if task is not None else None

    @property
    def gate(self) -> InputGate | None:  # while a job runs
        task = self.tasks.current(LANE)
        return task.gate if task is not None else None

    def cancel(self) -> None:
        self.tasks.cancel(LANE)

    # -- running work off the UI thread ------------------------------------------------

    def _run(
        self,
        label: str,
        work: Work,
        done: Callable[[Any], None],
        *,
        exporting: bool = False,
        cancelled: str | None = None,
    ) -> None:
        """Run ``work`` on the window's task runner. With ``cancelled`` (what to say when
        it was), the progress dialog has a Cancel button that stops the work.
        ``exporting``: it writes a file (its OSError is the file's problem), not the
        workspace."""

        def run(control: TaskControl) -> Any:
            from cxdesk.store.engagement_file import ExportCancelled
            from cxdesk.store.engagement_import import ImportCancelled

            try:
                return work(control.report, control.cancelled)
            except (ImportCancelled, ExportCancelled):
                raise Cancelled from None

        def on_progress(n: int, total: int) -> None:
            if self.progress is not None:
                self.progress.advance(n, total)

        def on_done(result: Any) -> None:
            done(result)  # it finished: even a Cancel pressed after the commit comes too late
            self.finished.emit()

        def on_failed(failure: Failure) -> None:
            tell(self.window.dialog_parent, failure.title, failure.message, problem=True)
            self.finished.emit()

        def on_cancelled() -> None:
            self.window.show_status(cancelled or "Cancelled.")
            self.finished.emit()

        self.tasks.start(
            EXPORTING if exporting else IMPORTING,
            run,
            on_done,
            on_failed,
            cancelled=on_cancelled,
            progress=on_progress,
            dialog=ProgressSpec(label, cancellable=cancelled is not None),
        )

    # -- export --------------------------------------------------------------------------

    def export_engagement(self) -> None:
        window = self.window
        engagement = window.shown_engagement()
        if window.ws is None or engagement is None:
            tell(window.dialog_parent, "Export engagement", "Choose an engagement to export first.")
            return
        from cxdesk.store import workspace

        client = workspace.get_client(window.ws.db, engagement.client_id)
        suggested = safe_file_name(f"{client.name if client else ''} - {engagement.name}")
        folders = window.recent_folders  # the last folder of an engagement file, not the data's
        path = choose_save_path(
            window.dialog_parent,
            "Export engagement",
            folders.folder(FileKind.ENGAGEMENT_FILE) / f"{suggested}.cxdesk",
        )
        if path is None:
            return
        folders.remember(FileKind.ENGAGEMENT_FILE, path)
        # The open workspace: the export reads its file on its own connection, or a
        # team workspace's server through its engine.
        db_path, engagement_id = window.ws.db, engagement.id

        def work(progress: Callable[[int, int], None], _cancelled: Callable[[], bool]) -> Any:
            from cxdesk.store.engagement_file import export_engagement

            return export_engagement(db_path, engagement_id, path, progress)

        self._run(f"Exporting “{engagement.name}”…", work, self._exported, exporting=True)

    def export_workspace(self) -> None:
        window = self.window
        if window.ws is None:
            return
        db = window.ws.db
        folders = window.recent_folders
        path = choose_save_path(
            window.dialog_parent,
            "Export workspace",
            folders.folder(FileKind.ENGAGEMENT_FILE) / f"{_workspace_file_stem(db)}.cxdesk",
        )
        if path is None:
            return
        folders.remember(FileKind.ENGAGEMENT_FILE, path)

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from cxdesk.store.engagement_file import export_workspace

            return export_workspace(db, path, progress, cancelled)

        self._run(
            "Exporting the workspace…",
            work,
            self._exported,
            exporting=True,
            cancelled="Export cancelled; no file was written.",
        )

    def _exported(self, summary: Any) -> None:
        count = f"{summary.engagements} engagement{'' if summary.engagements == 1 else 's'}"
        self.window.show_status(
            f"Exported {count} to {summary.path.name} ({summary.size / 1024:,.0f} KB)."
        )

    # -- import --------------------------------------------------------------------------

    def import_file(self, path: Path | None = None) -> None:
        window = self.window
        if window.ws is None:
            return
        if path is None:
            folders = window.recent_folders
            path = choose_open_path(window.dialog_parent, folders.folder(FileKind.ENGAGEMENT_FILE))
            if path is None:
                return
            folders.remember(FileKind.ENGAGEMENT_FILE, path)

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from cxdesk.store.engagement_file import read_engagement_file

            return read_engagement_file(path, progress, cancelled)

        self._run(
            f"Checking “{path.name}”…",
            work,
            self._checked,
            cancelled="Import cancelled; nothing was imported.",
        )

    def _checked(self, file: EngagementFile) -> None:
        from cxdesk.store.engagement_import import find_conflicts

        window = self.window
        ws = window.ws
        if ws is None:
            return
        if not file.listed:
            tell(
                window.dialog_parent,
                "Nothing to import",
                f"“{file.path.name}” holds no engagement.",
            )
            return
        conflicts = find_conflicts(ws.db, file.names)
        resolutions = {}
        if conflicts:
            resolution = ask_resolution(window.dialog_parent, conflicts)
            if resolution is None:
                return
            resolutions = {c.index: resolution for c in conflicts}
        db = ws.db
        count, rows = len(file.listed), file.rows

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            # One operation, one transaction on this worker's own connection: the window
            # keeps painting (it reads from the WAL meanwhile), and Cancel rolls the whole
            # of it back. What it wrote comes back as a Done for the undo stack.
            from cxdesk.ops import perform
            from cxdesk.ops.imports import import_engagement_file

            operation = import_engagement_file(file, resolutions, None, progress, cancelled)
            return perform(db, operation)

        what = "1 engagement" if count == 1 else f"{count:,} engagements"
        self._run(
            f"Importing {what} ({rows:,} rows) from “{file.path.name}”…",
            work,
            lambda done: self._imported(file, done),
            cancelled="Import cancelled; nothing was imported.",
        )

    def _imported(self, file: EngagementFile, done: Done[ImportResult]) -> None:
        window = self.window
        ws = window.ws
        if ws is None:
            return
        result = self.last_result = done.value
        # One undo step; undo and redo put back exactly the rows the import wrote and
        # the engagements it replaced, and every screen follows the workspace's changed.
        ws.record(done)
        window.reload_clients(result.engagement_ids[0])
        count = len(result.engagement_ids)
        brand = " and the brand" if result.brand_applied else ""
        window.show_status(
            f"Imported {count} engagement{'' if count == 1 else 's'}{brand} from {file.path.name}."
        )


def _workspace_file_stem(db: Database) -> str:
    """The suggested name of a workspace's export: its file's ("workspace"), or a team
    workspace's database name ("cxdesk on db.example.com"), never its address."""
    from cxdesk.store.workspace_kind import is_team_workspace

    return safe_file_name(db.display_name if is_team_workspace(db) else db.path.stem)


def install_engagement_file_actions(files: EngagementFiles, menu: QMenu) -> None:
    """Add File > Export engagement…, Export workspace… and Import… to ``menu``."""
    menu.addAction("Export en&gagement…", files.export_engagement)
    menu.addAction("Export &workspace…", files.export_workspace)
    menu.addAction("&Import engagement file…", files.import_file)
