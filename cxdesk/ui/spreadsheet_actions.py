"""File menu commands for spreadsheets: export to XLSX/CSV, import expectations, RATER
responses, actions, "you said, we did" and small wins through the preview dialog.

The engagement is read on the UI thread (one short read transaction: connections belong
to their thread); writing the files, and reading and parsing an imported file, run on the
window's task runner with plain values only, one at a time. So does the import itself:
one operation, one transaction on the worker, whose Done is then put on the undo stack.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from cxdesk.models.sheet_columns import SheetKind
from cxdesk.ui.recent_folders import FileKind
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.tasks import Failure, TaskKind, TaskRunner

if TYPE_CHECKING:
    from cxdesk.models.records import EngagementRecord
    from cxdesk.ops import Done
    from cxdesk.store.sheet_import import ImportPreview, ImportResult, SheetTable
    from cxdesk.ui.sheet_import_dialog import SheetImportDialog
    from cxdesk.ui.window_services import WindowServices

log = logging.getLogger(__name__)
XLSX_FILTER = "Excel workbook (*.xlsx)"
IMPORT_FILTER = "Spreadsheets (*.xlsx *.csv *.txt *.tsv);;All files (*)"


def _explain(error: Exception) -> Failure | None:
    from cxdesk.store.errors import EditRefused
    from cxdesk.store.sheet_import import SheetRefused

    if isinstance(error, SheetRefused):
        return Failure("Spreadsheet", error.message)
    if isinstance(error, EditRefused):  # the import itself, refused whole: nothing written
        return Failure("Not saved", error.message)
    if isinstance(error, OSError):
        name = Path(error.filename).name if error.filename else "the file"
        return Failure(
            "Spreadsheet",
            f"CX Desk could not write or read “{name}”: {error.strerror or error}.\n\n"
            "Nothing was changed. Choose a folder you can write to and try again.",
        )
    return None


def _unexpected(error: Exception) -> Failure:  # a bug: said plainly, details in the log
    return Failure("Spreadsheet", f"That did not work ({type(error).__name__}: {error}).")


SPREADSHEET = TaskKind("spreadsheet", log, "spreadsheet work", _explain, _unexpected)


class SpreadsheetActions(QObject):
    """The menu's spreadsheet commands for one main window."""

    finished = Signal(object)  # what an export wrote / an import did, or None

    def __init__(self, window: WindowServices, *, tasks: TaskRunner | None = None) -> None:
        super().__init__(window.dialog_parent)
        self.setObjectName("spreadsheetActions")
        self.window = window
        self.tasks = tasks if tasks is not None else window.tasks
        self.dialog: SheetImportDialog | None = None
        self.message: QMessageBox | None = None
        self.export_xlsx_action = self._action("Export to &spreadsheet (XLSX)…", self.export_xlsx)
        self.export_csv_action = self._action("Export to CS&V files…", self.export_csv)
        self.import_matrix_action = self._action(
            "Import e&xpectations from a spreadsheet…", lambda: self.ask_import(SheetKind.MATRIX)
        )
        self.import_rater_action = self._action(
            "Import RATER &responses from a spreadsheet…", lambda: self.ask_import(SheetKind.RATER)
        )
        self.import_actions_action = self._action(
            "Im&port actions from a spreadsheet…", lambda: self.ask_import(SheetKind.ACTIONS)
        )
        self.import_said_action = self._action(
            "Import “you said, we &did” from a spreadsheet…",
            lambda: self.ask_import(SheetKind.SAID),
        )
        self.import_wins_action = self._action(
            "Import smal&l wins from a spreadsheet…", lambda: self.ask_import(SheetKind.WINS)
        )

    def _action(self, text: str, slot: Callable[[], None]) -> QAction:
        action = QAction(text, self.window.dialog_parent)
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        return [
            self.export_xlsx_action,
            self.export_csv_action,
            self.import_matrix_action,
            self.import_rater_action,
            self.import_actions_action,
            self.import_said_action,
            self.import_wins_action,
        ]

    def busy(self) -> bool:
        return self.tasks.busy(SPREADSHEET.lane)

    # -- export --------------------------------------------------------------------

    def _engagement(self) -> EngagementRecord | None:
        engagement = self.window.shown_engagement()
        if engagement is None:
            self._tell("Choose an engagement first", "Select an engagement in the Clients panel.")
        return engagement

    def _stem(self, engagement: EngagementRecord) -> str:
        from cxdesk.store.spreadsheets import safe_file_stem

        client = self.window.current_client()
        return safe_file_stem(f"{client.name} - {engagement.name}" if client else engagement.name)

    def export_xlsx(self) -> None:
        engagement = self._engagement()
        if engagement is None or self.window.ws is None:
            return
        self.ask_xlsx(self._stem(engagement), lambda: self._read_sheets(engagement.id))

    def export_csv(self) -> None:
        engagement = self._engagement()
        if engagement is None or self.window.ws is None:
            return
        self.ask_csv(self._stem(engagement), lambda: self._read_sheets(engagement.id))

    def ask_xlsx(
        self,
        stem: str,
        sheets: Callable[[], Sequence[Any] | None],
        parent: QWidget | None = None,
    ) -> None:
        """Ask where to save ``stem``.xlsx, then write ``sheets()`` (None: nothing to
        write, the person was told why) there on the task runner. ``parent``: the window
        asking, when not the main one (the dialog opens over it)."""
        folders = self.window.recent_folders
        suggested = folders.folder(FileKind.SPREADSHEET) / f"{stem}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            parent or self.window.dialog_parent,
            "Export to spreadsheet",
            str(suggested),
            XLSX_FILTER,
        )
        if not path:
            return
        out = Path(path) if Path(path).suffix.lower() == ".xlsx" else Path(path + ".xlsx")
        folders.remember(FileKind.SPREADSHEET, out)
        written = sheets()
        if written is not None:
            from cxdesk.store.spreadsheets import write_xlsx

            self._run(lambda: [write_xlsx(written, out)], self._exported)

    def ask_csv(
        self,
        stem: str,
        sheets: Callable[[], Sequence[Any] | None],
        parent: QWidget | None = None,
    ) -> None:
        """Ask for a folder, then write one "``stem`` - <sheet>.csv" per sheet there."""
        folders = self.window.recent_folders
        folder = QFileDialog.getExistingDirectory(
            parent or self.window.dialog_parent,
            "Export CSV files into",
            str(folders.folder(FileKind.SPREADSHEET)),
        )
        if not folder:
            return
        folders.remember(FileKind.SPREADSHEET, Path(folder))
        written = sheets()
        if written is not None:
            from cxdesk.store.spreadsheets import write_csv_files

            self._run(lambda: write_csv_files(written, Path(folder), stem), self._exported)

    def _read_sheets(self, engagement_id: int) -> list[Any] | None:
        from cxdesk.store.errors import EngagementGone
        from cxdesk.store.spreadsheets import load_sheets

        assert self.window.ws is not None
        try:
            return load_sheets(self.window.ws.db, engagement_id)
        except EngagementGone as error:
            self._tell("Export failed", f"{error}\n\nNothing was written.")
            return None

    def _exported(self, paths: list[Path]) -> None:
        names = ", ".join(f"“{p.name}”" for p in paths)
        self.window.show_status(f"Exported {names}")
        self.finished.emit(paths)

    # -- import --------------------------------------------------------------------

    def ask_import(self, kind: SheetKind) -> None:
        engagement = self._engagement()
        if engagement is None or self.window.ws is None:
            return
        folders = self.window.recent_folders
        path, _ = QFileDialog.getOpenFileName(
            self.window.dialog_parent,
            f"Import {kind.label}",
            str(folders.folder(FileKind.SPREADSHEET)),
            IMPORT_FILTER,
        )
        if path:
            folders.remember(FileKind.SPREADSHEET, Path(path))
            self.import_file(Path(path), kind, engagement)

    def import_file(self, path: Path, kind: SheetKind, engagement: EngagementRecord) -> None:
        """Read and check the file on the worker, then show the preview dialog."""
        from cxdesk.store.sheet_import import read_table

        self._run(
            lambda: read_table(path, kind), lambda table: self._preview(table, kind, engagement)
        )

    def _preview(self, table: SheetTable, kind: SheetKind, engagement: EngagementRecord) -> None:
        from cxdesk.store.sheet_import import SheetRefused, load_target
        from cxdesk.ui.sheet_import_dialog import SheetImportDialog

        if self.window.ws is None:
            return
        try:
            target = load_target(self.window.ws.db, engagement.id)
        except SheetRefused as refusal:
            self._tell("Import", refusal.message)
            return
        dialog = SheetImportDialog(table, kind, target, engagement.name, self.window.dialog_parent)
        self.dialog = dialog

        def closed(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            if result == SheetImportDialog.DialogCode.Accepted:
                self.push_import(dialog.preview)
            else:
                self.finished.emit(None)
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def push_import(self, preview: ImportPreview) -> None:
        """Write the previewed rows on the worker, as one operation, then make it one undo
        step: undo takes every added row back out and gives every updated row its values
        back (the generic revert of what the import wrote)."""
        from cxdesk.ops import perform
        from cxdesk.ops.imports import import_sheet

        ws = self.window.ws
        assert ws is not None
        db = ws.db
        operation = import_sheet(preview)
        # "Import 2 expectations", "Import: update 6 expectations, add 2"
        # The loop's rows are counted on the Overview (their own views follow the change).
        view = {SheetKind.MATRIX: TabKey.MATRIX, SheetKind.RATER: TabKey.RATER}.get(
            preview.kind, TabKey.OVERVIEW
        )

        def imported(done: Done[ImportResult]) -> None:
            if self.window.ws is not ws:  # another workspace opened meanwhile
                self.finished.emit(None)
                return
            ws.record(done, view)  # every screen follows the workspace's changed
            self.window.show_status(f"Imported{done.label[len('Import') :]}.")
            self.finished.emit(done.value)

        def refused(failure: Failure) -> None:
            if failure.bug:
                self._failed(failure)
                return
            ws.editRefused.emit(failure.message)  # told as any refused edit is
            self.finished.emit(None)

        self._run(lambda: perform(db, operation), imported, refused)

    # -- plumbing ------------------------------------------------------------------

    def _run(
        self,
        work: Callable[[], Any],
        then: Callable[[Any], None],
        failed: Callable[[Failure], None] | None = None,
    ) -> None:
        if self.busy():
            self.window.show_status("A spreadsheet is already being read or written.")
            return
        self.tasks.start(SPREADSHEET, lambda _control: work(), then, failed or self._failed)

    def _failed(self, failure: Failure) -> None:
        self._tell(failure.title, failure.message)
        self.finished.emit(None)

    def _tell(self, title: str, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok)
        box.setParent(self.window.dialog_parent, box.windowFlags())
        self.message = box
        box.finished.connect(lambda _r: box.deleteLater())
        box.open()


def install_spreadsheet_actions(actions: SpreadsheetActions, menu: QMenu) -> None:
    """Add the spreadsheet commands to ``menu`` (File)."""
    menu.addSeparator()
    for action in actions.actions():
        menu.addAction(action)
