"""File > Export engagement…, Export workspace… and Import…: .cxdesk files from the menu.

Export runs on a worker thread with its own read-only connection (the store opens it);
reading and checking an imported file runs on a worker too (it is pure: no database),
and so does the import's one transaction (a 640,000-row workspace takes seconds), with
progress and Cancel. The conflict question and the undo step happen on the UI thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressBar,
    QProgressDialog,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cxdesk.store.errors import EditRefused
from cxdesk.ui.recent_folders import FileKind

if TYPE_CHECKING:
    from cxdesk.store.engagement_file import EngagementFile
    from cxdesk.store.engagement_import import Conflict, ImportResult, Resolution
    from cxdesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
FILTER = "CX Desk engagement files (*.cxdesk)"
PROGRESS_DELAY_MS = 300


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


def ask_resolution(parent: QWidget, conflicts: Sequence[Conflict]) -> Resolution | None:
    dialog = ConflictDialog(conflicts, parent)
    return dialog.resolution() if dialog.exec() == QDialog.DialogCode.Accepted else None


def safe_file_name(text: str) -> str:
    kept = "".join(c if c.isalnum() or c in " -_.,()&'" else "_" for c in text)
    return " ".join(kept.split())[:120] or "engagement"


class ConflictDialog(QDialog):
    """Asks what to do with engagements that are already in this workspace."""

    def __init__(self, conflicts: Sequence[Conflict], parent: QWidget | None = None) -> None:
        from cxdesk.store.engagement_import import Resolution

        super().__init__(parent)
        self.setWindowTitle("Already in this workspace")
        one = len(conflicts) == 1
        names = "".join(
            f"<li>“{_esc(c.engagement)}” of “{_esc(c.client)}”</li>" for c in conflicts[:8]
        )
        more = f"<p>… and {len(conflicts) - 8} more.</p>" if len(conflicts) > 8 else ""
        intro = QLabel(
            f"<p>This workspace already has {'this engagement' if one else 'these engagements'}:"
            f"</p><ul>{names}</ul>{more}"
        )
        intro.setWordWrap(True)
        self.copy = QRadioButton(
            f"Import as a &copy, named “… (imported {date.today().isoformat()})”: "
            "nothing is changed or removed"
        )
        self.replace = QRadioButton(
            f"&Replace the existing {'one' if one else 'ones'} with the file's: "
            f"Edit > Undo brings the old {'one' if one else 'ones'} back"
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
        self.setMinimumWidth(520)

    def resolution(self) -> Resolution:
        return self._choices[self.replace if self.replace.isChecked() else self.copy]


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Signals(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str, str)  # title, message
    cancelled = Signal()


Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Task(QRunnable):
    """``work(progress, cancelled)`` on the pool; its outcome comes back as a queued signal.

    Only the failures a job means to report are caught, each by its own type from the
    store; anything else is a bug: logged with its traceback, and said with what the
    failed job left as it was (an import is rolled back, an export writes no file).
    """

    def __init__(
        self, work: Work, signals: _Signals, stop: threading.Event, *, exporting: bool
    ) -> None:
        super().__init__()
        self.work, self.signals, self.stop = work, signals, stop
        self.exporting = exporting

    def run(self) -> None:
        from cxdesk.store.engagement_file import ExportCancelled
        from cxdesk.store.engagement_import import ImportCancelled
        from cxdesk.store.errors import EngagementGone

        try:
            result = self.work(self.signals.progress.emit, self.stop.is_set)
        except (ImportCancelled, ExportCancelled):
            self.signals.cancelled.emit()
        except EditRefused as refusal:
            self.signals.failed.emit(getattr(refusal, "title", "Cannot import"), refusal.message)
        except EngagementGone as gone:
            self.signals.failed.emit("Cannot export", f"{gone}\n\nNo file was written.")
        except OSError as error:
            if self.exporting:
                self.signals.failed.emit(
                    "Cannot write the file", f"{error.strerror}: {error.filename}"
                )
            else:  # reading a file turns its OSError into a refusal: this one is a bug
                self._unexpected(error)
        except Exception as error:  # a bug: said plainly (details in the log), never a hang
            self._unexpected(error)
        else:
            self.signals.done.emit(result)

    def _unexpected(self, error: Exception) -> None:
        log.exception("engagement file work failed")
        # An export writes under a temporary name (removed); an import is one transaction.
        untouched = (
            "No file was written." if self.exporting else "Nothing in the workspace was changed."
        )
        self.signals.failed.emit(
            "That did not work", f"{type(error).__name__}: {error}\n\n{untouched}"
        )


class _ProgressDialog(QProgressDialog):
    """Stays up until its work ends: Escape or the title bar's close button ask to cancel
    (when the work can be cancelled) instead of hiding it while the worker still writes."""

    def __init__(self, label: str, parent: QWidget, *, cancellable: bool) -> None:
        super().__init__(label, "Cancel", 0, 0, parent)
        self.cancellable = cancellable

    def reject(self) -> None:
        if self.cancellable:
            self.canceled.emit()

    def closeEvent(self, event: QCloseEvent) -> None:
        event.ignore()
        self.reject()


class _InputGate(QObject):
    """While a job runs, what a person does with keys, mouse or touch reaches only its
    progress dialog, in every window of the application (the quiz presenter too).

    Installed at once, for the whole job: the dialog is shown only after
    PROGRESS_DELAY_MS (a quick job shows none), and Qt's modality starts only then. For
    those first moments an edit typed into the window waited 5 s for the import's write
    lock, the window frozen, and then failed with "database is locked". Everything else
    (painting, timers, reads) goes on; nothing in the app writes on a timer.
    """

    BLOCKED = frozenset(
        {
            QEvent.Type.KeyPress,
            QEvent.Type.KeyRelease,
            QEvent.Type.ShortcutOverride,
            QEvent.Type.Shortcut,  # sent to the action or shortcut, not to a widget
            QEvent.Type.MouseButtonPress,
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.MouseButtonDblClick,
            QEvent.Type.Wheel,  # a wheel over a spin box or combo box changes its value
            QEvent.Type.ContextMenu,
            QEvent.Type.InputMethod,
            QEvent.Type.DragEnter,
            QEvent.Type.DragMove,
            QEvent.Type.Drop,
            QEvent.Type.TabletPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
        }
    )

    def __init__(self, dialog: QWidget) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.dropped = 0  # how many were dropped (tests look)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in self.BLOCKED:
            return False
        if isinstance(watched, QWindow):
            return False  # handed on to its widget, which is judged below
        # A shortcut goes to its QShortcut or QAction: judged by the widget that owns it
        # (the dialog's own Escape is a QShortcut of the dialog).
        owner: QObject | None = watched
        while owner is not None and not isinstance(owner, QWidget):
            owner = owner.parent()
        if owner is not None and (owner is self.dialog or self.dialog.isAncestorOf(owner)):
            return False
        self.dropped += 1
        return True


def _settle_focus() -> QWidget | None:
    """Save what is being typed and take the focus off it, before the job starts.

    Left where it was, the focus moved to the progress dialog once it was shown, and
    leaving a cell editor or a field (a session's title, a date) saved it then: a write
    while the import held the write lock. Returns the widget that had the focus, to give
    it back after the job."""
    from cxdesk.ui.editing import commit_pending_edit

    commit_pending_edit()
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()  # saves a field that saves on leaving it, now
    return focus


def _give_back_focus(widget: QWidget | None) -> None:
    if widget is not None and shiboken6.isValid(widget) and widget.isVisible():
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


class EngagementFiles(QObject):
    """One per window: runs the exports and imports that window asks for.

    Reading and checking a file, writing an export and writing an import all run on a
    worker thread behind a window-modal progress dialog: the window keeps painting, and
    nothing else edits the workspace meanwhile (input is blocked from the job's start,
    the dialog only shows after PROGRESS_DELAY_MS: see :class:`_InputGate`). Only the
    short steps (the conflict question, pushing the undo step) run on the UI thread.
    """

    finished = Signal()  # after every export or import, done or not (tests wait on it)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.pool = QThreadPool(self)
        self.busy = False
        self.progress: QProgressDialog | None = None
        self.gate: _InputGate | None = None  # while a job runs
        self.last_result: ImportResult | None = None
        self._stop = threading.Event()
        window.installEventFilter(self)  # closing waits for the worker (see eventFilter)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> None:
        """The window is closing: cancel what runs (an import rolls back) and wait for it,
        so no thread outlives the window or uses its database after it is closed."""
        self._stop.set()
        self.pool.waitForDone()

    def cancel(self) -> None:
        self._stop.set()
        if self.progress is not None:
            self.progress.setLabelText("Cancelling…")

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
        """Run ``work`` on the pool. With ``cancelled`` (what to say when it was), the
        progress dialog has a Cancel button that stops the work. ``exporting``: it writes
        a file (its OSError is the file's problem), not the workspace."""
        if self.busy:
            return
        self.busy = True
        focus = _settle_focus()
        stop = self._stop = threading.Event()
        signals = _Signals(self)
        progress = _ProgressDialog(label, self.window, cancellable=cancelled is not None)
        if cancelled is None:
            progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setAutoReset(False)  # the last step is followed by the commit: stay up
        progress.setAutoClose(False)
        # The bar is ours and is set directly: a modal QProgressDialog's own setValue()
        # runs a nested event loop, which delivered the outcome mid-update and deleted
        # the dialog under it (a crash). So it is also shown by a timer of our own.
        bar = QProgressBar(progress)
        bar.setRange(0, 0)
        progress.setBar(bar)
        QTimer.singleShot(PROGRESS_DELAY_MS, progress, progress.show)
        progress.setWindowTitle("CX Desk")
        if cancelled is not None:
            # Qt hides the dialog on Cancel at once; it stays up, saying "Cancelling…",
            # until the worker has rolled back, so nothing is edited meanwhile.
            progress.canceled.disconnect(progress.cancel)
            progress.canceled.connect(self.cancel)
        self.progress = progress
        # Input is blocked now; only the dialog waits (see _InputGate).
        gate = self.gate = _InputGate(progress)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(gate)

        def on_progress(n: int, total: int) -> None:
            if bar.maximum() != total:
                bar.setMaximum(total)
            bar.setValue(n)

        def finish() -> None:
            if cancelled is not None:
                progress.canceled.disconnect(self.cancel)
            app.removeEventFilter(gate)
            self.gate = None
            progress.reset()
            progress.hide()
            progress.deleteLater()
            self.progress = None
            signals.deleteLater()
            self.busy = False
            _give_back_focus(focus)

        @Slot(object)
        def on_done(result: Any) -> None:
            finish()
            done(result)  # it finished: even a Cancel pressed after the commit comes too late
            self.finished.emit()

        @Slot(str, str)
        def on_failed(title: str, message: str) -> None:
            finish()
            tell(self.window, title, message, problem=True)
            self.finished.emit()

        @Slot()
        def on_cancelled() -> None:
            finish()
            self.window.statusBar().showMessage(cancelled or "Cancelled.", 8000)
            self.finished.emit()

        signals.progress.connect(on_progress)
        signals.done.connect(on_done)
        signals.failed.connect(on_failed)
        signals.cancelled.connect(on_cancelled)
        self.pool.start(_Task(work, signals, stop, exporting=exporting))

    # -- export --------------------------------------------------------------------------

    def export_engagement(self) -> None:
        window = self.window
        engagement = window.shown_engagement()
        if window.ws is None or engagement is None:
            tell(window, "Export engagement", "Choose an engagement to export first.")
            return
        from cxdesk.store import workspace

        client = workspace.get_client(window.ws.db, engagement.client_id)
        suggested = safe_file_name(f"{client.name if client else ''} - {engagement.name}")
        folders = window.recent_folders  # the last folder of an engagement file, not the data's
        path = choose_save_path(
            window,
            "Export engagement",
            folders.folder(FileKind.ENGAGEMENT_FILE) / f"{suggested}.cxdesk",
        )
        if path is None:
            return
        folders.remember(FileKind.ENGAGEMENT_FILE, path)
        db_path, engagement_id = window.ws.db.path, engagement.id

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
            window,
            "Export workspace",
            folders.folder(FileKind.ENGAGEMENT_FILE) / f"{safe_file_name(db.path.stem)}.cxdesk",
        )
        if path is None:
            return
        folders.remember(FileKind.ENGAGEMENT_FILE, path)

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            from cxdesk.store.engagement_file import export_workspace

            return export_workspace(db.path, path, progress, cancelled)

        self._run(
            "Exporting the workspace…",
            work,
            self._exported,
            exporting=True,
            cancelled="Export cancelled; no file was written.",
        )

    def _exported(self, summary: Any) -> None:
        count = f"{summary.engagements} engagement{'' if summary.engagements == 1 else 's'}"
        self.window.statusBar().showMessage(
            f"Exported {count} to {summary.path.name} ({summary.size / 1024:,.0f} KB).", 8000
        )

    # -- import --------------------------------------------------------------------------

    def import_file(self, path: Path | None = None) -> None:
        window = self.window
        if window.ws is None:
            return
        if path is None:
            folders = window.recent_folders
            path = choose_open_path(window, folders.folder(FileKind.ENGAGEMENT_FILE))
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
            tell(window, "Nothing to import", f"“{file.path.name}” holds no engagement.")
            return
        conflicts = find_conflicts(ws.db, file.names)
        resolutions = {}
        if conflicts:
            resolution = ask_resolution(window, conflicts)
            if resolution is None:
                return
            resolutions = {c.index: resolution for c in conflicts}
        db = ws.db
        count, rows = len(file.listed), file.rows

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Any:
            # One transaction on this worker's own connection: the window keeps painting
            # (it reads from the WAL meanwhile), and Cancel rolls the whole of it back.
            from cxdesk.store.engagement_file import import_engagement_file

            return import_engagement_file(db, file, resolutions, None, progress, cancelled)

        what = "1 engagement" if count == 1 else f"{count:,} engagements"
        self._run(
            f"Importing {what} ({rows:,} rows) from “{file.path.name}”…",
            work,
            lambda result: self._imported(file, result),
            cancelled="Import cancelled; nothing was imported.",
        )

    def _imported(self, file: EngagementFile, result: ImportResult) -> None:
        from cxdesk.store.engagement_import import redo_import, undo_import

        window = self.window
        ws = window.ws
        if ws is None:
            return
        self.last_result = result
        buried: list[Any] = []

        def do() -> None:  # the first time, the import has already happened
            if buried:
                redo_import(ws.db, result, buried.pop())
                self._show(result.replaced_ids, result.engagement_ids[0])

        def undo() -> None:
            buried.append(undo_import(ws.db, result))
            self._show(
                result.engagement_ids, result.replaced_ids[0] if result.replaced_ids else None
            )

        what = file.listed[0].engagement if len(file.listed) == 1 else file.path.name
        ws.push(f"Import “{what}”", do, undo)
        self._show(result.replaced_ids, result.engagement_ids[0])
        count = len(result.engagement_ids)
        brand = " and the brand" if result.brand_applied else ""
        window.statusBar().showMessage(
            f"Imported {count} engagement{'' if count == 1 else 's'}{brand} from {file.path.name}.",
            8000,
        )

    def _show(self, gone: Sequence[int], select: int | None) -> None:
        ws, navigator = self.window.ws, self.window.navigator
        if ws is None or navigator is None:
            return
        for engagement_id in gone:
            ws.engagementRemoved.emit(engagement_id)
        navigator.reload()
        if select is not None:
            navigator.select_engagement(select)


def install_engagement_file_actions(window: MainWindow, menu: QMenu) -> EngagementFiles:
    """Add File > Export engagement…, Export workspace… and Import… to ``menu``."""
    files = EngagementFiles(window)
    window.engagement_files = files  # type: ignore[attr-defined]
    menu.addAction("Export en&gagement…", files.export_engagement)
    menu.addAction("Export &workspace…", files.export_workspace)
    menu.addAction("&Import engagement file…", files.import_file)
    return files
