"""Building the toolkit PDF off the UI thread, with progress, Cancel and a result to act on.

The engagement's data is read on the UI thread (one short read transaction, and SQLite
connections belong to their thread); what crosses to the worker is plain frozen values.
ReportLab is imported on the worker too, so even the first export's import cost never
freezes the window. The worker talks back only through queued signals; widgets are
touched on the UI thread alone.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QSettings, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from cxdesk.models.brand import Brand
from cxdesk.models.wording import counted
from cxdesk.ui.recent_folders import FileKind, RecentFolders

# Start-up time: the main window imports this module, so the Qt classes only an export
# needs (their enums cost milliseconds to load) are imported when first used.
if TYPE_CHECKING:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

    from cxdesk.models.records import ClientRecord, EngagementRecord
    from cxdesk.models.toolkit import ToolkitData
    from cxdesk.reports.document import ToolkitResult
    from cxdesk.store.database import Database
    from cxdesk.ui.export_dialog import ExportChoice, ExportDialog

log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 300  # a quick export finishes before a progress dialog would flash


def open_url(url: QUrl) -> bool:
    """Hand a file or folder to the desktop (tests replace this: nothing opens headless)."""
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(url)


def show_in_folder(path: Path) -> None:
    """Reveal the file in the platform's file manager, selected where the platform can."""
    from PySide6.QtCore import QProcess, QUrl

    if sys.platform == "win32":
        QProcess.startDetached("explorer", ["/select,", str(path)])
    elif sys.platform == "darwin":
        QProcess.startDetached("open", ["-R", str(path)])
    else:  # no portable "select this file" on Linux desktops: open its folder
        open_url(QUrl.fromLocalFile(str(path.parent)))


class _Signals(QObject):
    """Lives on the UI thread; emitted from the worker, so every slot runs queued."""

    progress = Signal(int, int, str)
    done = Signal(object)  # ToolkitResult
    failed = Signal(str)
    cancelled = Signal()


class _BuildTask(QRunnable):
    def __init__(
        self,
        data: ToolkitData | None,
        brand: Brand,
        out: Path,
        sections: Sequence[str] | None,
        signals: _Signals,
        stop: threading.Event,
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.data, self.brand, self.out, self.sections = data, brand, out, sections
        self.signals, self.stop = signals, stop

    def run(self) -> None:
        # Everything is caught: an exception escaping run() would be lost on the worker
        # thread and leave the progress dialog up for ever.
        try:
            from cxdesk.reports.document import ExportCancelled, build_toolkit

            try:
                result = build_toolkit(
                    self.data,
                    self.brand,
                    self.out,
                    sections=self.sections,
                    progress=self.signals.progress.emit,
                    cancelled=self.stop.is_set,
                )
            except ExportCancelled:
                self.signals.cancelled.emit()
                return
        except OSError as error:
            reason = error.strerror or str(error)
            self.signals.failed.emit(
                f"CX Desk could not write “{self.out.name}” in {self.out.parent}: {reason}.\n\n"
                "Choose another folder (one you can write to, with some free space) and "
                "export again."
            )
            return
        except Exception as error:  # a bug: say so plainly, keep the details in the log
            log.exception("toolkit export failed")
            self.signals.failed.emit(
                f"The toolkit could not be built ({type(error).__name__}: {error}).\n\n"
                "Nothing was written. The details are in the CX Desk log."
            )
            return
        self.signals.done.emit(result)


class ToolkitExporter(QObject):
    """Runs one export at a time for a window: progress dialog, Cancel, then the outcome."""

    finished = Signal(object)  # the ToolkitResult, or None when it failed or was cancelled
    notice = Signal(str)  # a line for the status bar

    def __init__(self, window: QWidget, settings: QSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings  # remembers the folder of the last export
        self.dialog: ExportDialog | None = None
        # A pool of our own, one thread: close can wait for exactly our work, no more.
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.progress: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_result: ToolkitResult | None = None
        self.last_error: str | None = None
        self._signals: _Signals | None = None
        self._stop = threading.Event()
        self._closed = False

    def running(self) -> bool:
        return self._signals is not None

    def ask(
        self,
        db: Database,
        client: ClientRecord | None,
        engagement: EngagementRecord | None,
        *,
        blank: bool = False,
    ) -> None:
        """Open the section picker; when it is accepted, export what it chose."""
        from cxdesk.store.brand import load_brand
        from cxdesk.ui.export_dialog import ExportDialog

        if self.running():
            self.notice.emit("An export is already running.")
            return
        dialog = ExportDialog(
            load_brand(db), client, engagement, self.folder(), blank=blank, parent=self.window
        )
        engagement_id = engagement.id if engagement is not None else None

        def accepted() -> None:
            choice = dialog.choice()
            RecentFolders(self.settings).remember(FileKind.TOOLKIT_PDF, choice.out)
            self.export(db, engagement_id, choice)

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(closed)
        self.dialog = dialog
        dialog.open()  # window-modal, no nested event loop

    def folder(self) -> Path:
        """Where the file dialog starts: the last export's folder, else Documents."""
        return RecentFolders(self.settings).folder(FileKind.TOOLKIT_PDF)

    def export(self, db: Database, engagement_id: int | None, choice: ExportChoice) -> bool:
        """Read the brand and the engagement here (fast, and the connection's thread),
        then build on the worker."""
        from dataclasses import replace

        from cxdesk.store.brand import load_brand

        try:
            brand = replace(load_brand(db), page_size=choice.page_size)
            data = None
            if not choice.blank and engagement_id is not None:
                from cxdesk.store.toolkit import load_toolkit_data

                data = load_toolkit_data(db, engagement_id)
        except Exception as error:
            log.exception("reading the toolkit's data failed")
            self._failed(
                f"CX Desk could not read the engagement to export it ({error}).\n\n"
                "Nothing was written."
            )
            return False
        return self.start(data, brand, choice.out, choice.sections)

    def start(
        self,
        data: ToolkitData | None,
        brand: Brand,
        out: Path,
        sections: Sequence[str] | None = None,
    ) -> bool:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        if self.running():
            self.notice.emit("An export is already running.")
            return False
        self._close_message()
        self.last_result, self.last_error = None, None
        self._stop = threading.Event()
        signals = _Signals()  # parentless, owned here: deleted once the task reported
        signals.progress.connect(self._progress)
        signals.done.connect(self._done)
        signals.failed.connect(self._failed)
        signals.cancelled.connect(self._cancelled)
        self._signals = signals

        total = len(sections) if sections is not None else 0
        dialog = QProgressDialog("Preparing the sections…", "Cancel", 0, max(total, 1), self.window)
        dialog.setWindowTitle("Export toolkit")
        # Not modal: the person may keep working while the PDF is built (the data was
        # already read), and a modal QProgressDialog's setValue() runs a nested event
        # loop that could deliver the outcome while the dialog is still being updated.
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.setMinimumDuration(PROGRESS_DELAY_MS)
        dialog.setMinimumWidth(380)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self.cancel)
        dialog.setValue(0)
        self.progress = dialog
        self.pool.start(_BuildTask(data, brand, out, sections, signals, self._stop))
        return True

    @Slot()
    def cancel(self) -> None:
        """Stop at the next section boundary; the worker then removes its temporary file."""
        if not self.running():
            return
        self._stop.set()
        if self.progress is not None:
            self.progress.setLabelText("Cancelling…")

    def shutdown(self) -> None:
        """The window is closing: cancel and wait, so no thread outlives it."""
        self._closed = True  # what the worker still reports (queued) is dropped
        self._stop.set()
        self.pool.waitForDone()
        self._finish_progress()

    # -- from the worker (queued onto the UI thread) -----------------------------

    @Slot(int, int, str)
    def _progress(self, done: int, total: int, title: str) -> None:
        if self._closed or self.progress is None or self._stop.is_set():
            return
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        if done == 0:  # every section's content is made before the first page is laid out
            text = "Preparing the sections…"
        elif done < total:
            text = f"Laying out section {done + 1} of {total}:\n{title}"
        else:
            text = "Writing the PDF…"
        self.progress.setLabelText(text)

    @Slot(object)
    def _done(self, result: ToolkitResult) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self._closed:
            return
        self._finish_progress()
        self.last_result = result
        pages = f"{counted(result.pages, 'page')}"
        self.notice.emit(f"Exported {result.path.name} ({pages})")
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Toolkit exported",
            f"Wrote “{result.path.name}” ({pages}).",
            QMessageBox.StandardButton.Close,
            self.window,
        )
        details = f"In {result.path.parent}"
        if result.unprintable:  # boxes on paper are found too late: say so now
            from cxdesk.reports.fonts import unprintable_summary

            box.setIcon(QMessageBox.Icon.Warning)
            details += f"\n\n{unprintable_summary(result.unprintable)}"
            self.notice.emit(
                f"Exported {result.path.name} ({pages}); "
                f"{counted(len(result.unprintable), 'character')} could not be printed"
            )
        box.setInformativeText(details)
        open_pdf = box.addButton("&Open PDF", QMessageBox.ButtonRole.AcceptRole)
        reveal = box.addButton("Show in &folder", QMessageBox.ButtonRole.ActionRole)
        box.setDefaultButton(open_pdf)
        box.buttonClicked.connect(lambda button: self._act(button, open_pdf, reveal, result.path))
        self._show_message(box)
        self.finished.emit(result)

    @Slot(str)
    def _failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self._closed:
            return
        self._finish_progress()
        self.last_error = message
        self.notice.emit("The export failed; nothing was written.")
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Export failed",
            message,
            QMessageBox.StandardButton.Ok,
            self.window,
        )
        self._show_message(box)
        self.finished.emit(None)

    @Slot()
    def _cancelled(self) -> None:
        if self._closed:
            return
        self._finish_progress()
        self.notice.emit("Export cancelled; nothing was written.")
        self.finished.emit(None)

    # -- helpers -----------------------------------------------------------------

    def _act(self, button: object, open_pdf: QPushButton, reveal: QPushButton, path: Path) -> None:
        from PySide6.QtCore import QUrl

        if button is open_pdf:
            open_url(QUrl.fromLocalFile(str(path)))
        elif button is reveal:
            show_in_folder(path)

    def _show_message(self, box: QMessageBox) -> None:
        # open(), not exec(): window-modal but never a nested event loop, so the window
        # keeps painting and scripted runs never block on it.
        from PySide6.QtCore import Qt

        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _code: self._message_closed(box))
        self.message_box = box
        box.open()

    def _message_closed(self, box: QMessageBox) -> None:
        if self.message_box is box:
            self.message_box = None

    def _close_message(self) -> None:
        if self.message_box is not None:
            self.message_box.close()
            self.message_box = None

    def _finish_progress(self) -> None:
        if self._signals is not None:
            self._signals.deleteLater()
            self._signals = None
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
