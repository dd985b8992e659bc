"""Building the toolkit PDF off the UI thread, with progress, Cancel and a result to act on.

The engagement's data is read on the UI thread (one short read transaction, and SQLite
connections belong to their thread); what crosses to the worker is plain frozen values.
ReportLab is imported on the worker too, so even the first export's import cost never
freezes the window. The build runs on the window's task runner, which delivers its
progress and outcome on the UI thread; widgets are touched there alone.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QWidget

from cxdesk.language import DEFAULT_LANGUAGE
from cxdesk.models.brand import Brand
from cxdesk.models.wording import counted
from cxdesk.ui.recent_folders import FileKind, RecentFolders
from cxdesk.ui.tasks import (
    Cancelled,
    Failure,
    ProgressSpec,
    TaskControl,
    TaskKind,
    TaskProgressDialog,
    TaskRunner,
)

# Start-up time: the main window imports this module, so the Qt classes only an export
# needs (their enums cost milliseconds to load) are imported when first used.
if TYPE_CHECKING:
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QMessageBox, QPushButton

    from cxdesk.models.records import ClientRecord, EngagementRecord
    from cxdesk.models.template_layout import TemplateLayout
    from cxdesk.models.toolkit import ToolkitData
    from cxdesk.ops.operation import Operation
    from cxdesk.reports.document import ToolkitResult
    from cxdesk.store.database import Database
    from cxdesk.ui.export_dialog import ExportChoice, ExportDialog

log = logging.getLogger(__name__)
LANE = "toolkit-export"  # one export at a time


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


def _cannot_write(error: Exception, out: Path) -> Failure | None:
    if not isinstance(error, OSError):
        return None
    reason = error.strerror or str(error)
    return Failure(
        "Export failed",
        f"CX Desk could not write “{out.name}” in {out.parent}: {reason}.\n\n"
        "Choose another folder (one you can write to, with some free space) and "
        "export again.",
    )


def _not_built(error: Exception) -> Failure:  # a bug: said plainly, details in the log
    return Failure(
        "Export failed",
        f"The toolkit could not be built ({type(error).__name__}: {error}).\n\n"
        "Nothing was written. The details are in the CX Desk log.",
    )


class ToolkitExporter(QObject):
    """Runs one export at a time for a window: progress dialog, Cancel, then the outcome."""

    finished = Signal(object)  # the ToolkitResult, or None when it failed or was cancelled
    notice = Signal(str)  # a line for the status bar

    def __init__(self, window: QWidget, settings: QSettings, *, tasks: TaskRunner) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings  # remembers the folder of the last export
        self.tasks = tasks  # the window's: closing it cancels and waits for the build
        self.dialog: ExportDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_result: ToolkitResult | None = None
        self.last_error: str | None = None

    def running(self) -> bool:
        return self.tasks.busy(LANE)

    @property
    def progress(self) -> TaskProgressDialog | None:
        task = self.tasks.current(LANE)
        return task.dialog if task is not None else None

    def ask(
        self,
        db: Database,
        client: ClientRecord | None,
        engagement: EngagementRecord | None,
        *,
        blank: bool = False,
        run: Callable[[Operation[EngagementRecord] | None], object] | None = None,
    ) -> None:
        """Open the section picker; when it is accepted, export what it chose.

        The engagement's toolkit language is the workspace's (schema 0015), so colleagues
        and .cxdesk files share it: the picker starts there, and choosing another sets it
        through ``run`` (the window's undo stack: one step, refused in words over a
        colleague's change). An export is where the language is chosen, so it is an edit
        like choosing the journey phase. Blank templates, and an engagement nobody chose a
        language for yet, start from this computer's memory of the last choice."""
        from cxdesk.models.edition import CLIENT_EDITION
        from cxdesk.store.brand import load_brand
        from cxdesk.ui.edition_memory import EditionMemory
        from cxdesk.ui.export_dialog import ExportDialog
        from cxdesk.ui.language_memory import LanguageMemory

        if self.running():
            self.notice.emit("An export is already running.")
            return
        editions = EditionMemory(self.settings, db.path)
        languages = LanguageMemory(self.settings, db.path)
        shared = self._shared_language(db, engagement)
        language = languages.recall(None if blank else engagement)
        if not blank and shared is not None and shared.toolkit_language is not None:
            language = shared.toolkit_language
        dialog = ExportDialog(
            load_brand(db),
            client,
            engagement,
            self.folder(),
            blank=blank,
            edition=editions.recall(engagement) if engagement is not None else CLIENT_EDITION,
            language=language,
            parent=self.window,
        )
        engagement_id = engagement.id if engagement is not None else None

        def accepted() -> None:
            choice = dialog.choice()
            RecentFolders(self.settings).remember(FileKind.TOOLKIT_PDF, choice.out)
            if engagement is not None and not choice.blank:  # blank templates have none
                editions.remember(engagement, choice.edition)
            languages.remember(None if choice.blank else engagement, choice.language)
            if shared is not None and not choice.blank and run is not None:
                from cxdesk.language import LANGUAGES
                from cxdesk.ops import workspace as workspace_ops

                name = LANGUAGES.get(choice.language, choice.language)
                # Refused (a colleague changed the engagement since): told, and the export
                # still prints in the language chosen here.
                run(workspace_ops.set_toolkit_language(shared, choice.language, name))
            self.export(db, engagement_id, choice)

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.accepted.connect(accepted)
        dialog.finished.connect(closed)
        self.dialog = dialog
        dialog.open()  # window-modal, no nested event loop

    @staticmethod
    def _shared_language(
        db: Database, engagement: EngagementRecord | None
    ) -> EngagementRecord | None:
        """The engagement as stored now, with its language and version; None when there
        is none (or it cannot be read: the picker then starts from this computer's
        memory, and choosing sets nothing)."""
        if engagement is None:
            return None
        from cxdesk.language import available_languages
        from cxdesk.store.workspace import get_engagement

        try:
            found = get_engagement(db, engagement.id)
        except Exception:
            log.exception("reading the engagement's toolkit language failed")
            return None
        if found is not None and found.toolkit_language not in (None, *available_languages()):
            return replace(found, toolkit_language=None)  # a language this build cannot print
        return found

    def folder(self) -> Path:
        """Where the file dialog starts: the last export's folder, else Documents."""
        return RecentFolders(self.settings).folder(FileKind.TOOLKIT_PDF)

    def export(self, db: Database, engagement_id: int | None, choice: ExportChoice) -> bool:
        """Read the brand and the engagement here (fast, and the connection's thread),
        then build on the worker."""

        from cxdesk.store.brand import load_brand

        try:
            brand = replace(load_brand(db), page_size=choice.page_size)
            data = None
            if not choice.blank and engagement_id is not None:
                from cxdesk.store.toolkit import load_toolkit_data

                data = load_toolkit_data(db, engagement_id, edition=choice.edition)
        except Exception as error:
            log.exception("reading the toolkit's data failed")
            self._failed(
                f"CX Desk could not read the engagement to export it ({error}).\n\n"
                "Nothing was written."
            )
            return False
        return self.start(
            data, brand, choice.out, choice.sections, layout=choice.layout, language=choice.language
        )

    def start(
        self,
        data: ToolkitData | None,
        brand: Brand,
        out: Path,
        sections: Sequence[str] | None = None,
        *,
        layout: TemplateLayout | None = None,
        language: str = DEFAULT_LANGUAGE,
    ) -> bool:
        if self.running():
            self.notice.emit("An export is already running.")
            return False
        self._close_message()
        self.last_result, self.last_error = None, None

        def build(control: TaskControl) -> ToolkitResult:
            # ReportLab is imported here, on the worker: never a frozen window for it.
            from cxdesk.language import translator
            from cxdesk.reports.document import ExportCancelled, build_toolkit

            try:
                return build_toolkit(
                    data,
                    brand,
                    out,
                    sections=sections,
                    progress=control.report,
                    cancelled=control.cancelled,
                    layout=layout,
                    language=translator(language),
                )
            except ExportCancelled:
                raise Cancelled from None

        kind = TaskKind(LANE, log, "toolkit export", lambda e: _cannot_write(e, out), _not_built)
        total = len(sections) if sections is not None else 0
        # Not modal: the person may keep working while the PDF is built (the data was
        # already read).
        dialog = ProgressSpec(
            "Preparing the sections…",
            title="Export toolkit",
            modal=False,
            cancellable=True,
            maximum=max(total, 1),
            minimum_width=380,
        )
        task = self.tasks.start(
            kind,
            build,
            self._done,
            lambda failure: self._failed(failure.message),
            cancelled=self._cancelled,
            progress=self._progress,
            dialog=dialog,
        )
        return task is not None

    @Slot()
    def cancel(self) -> None:
        """Stop at the next section boundary; the worker then removes its temporary file."""
        self.tasks.cancel(LANE)

    # -- from the worker (queued onto the UI thread) -----------------------------

    def _progress(self, done: int, total: int, title: str) -> None:
        task = self.tasks.current(LANE)
        progress = self.progress
        if task is None or task.cancelling or progress is None:
            return
        progress.advance(done, max(total, 1))
        if done == 0:  # every section's content is made before the first page is laid out
            text = "Preparing the sections…"
        elif done < total:
            text = f"Laying out section {done + 1} of {total}:\n{title}"
        else:
            text = "Writing the PDF…"
        progress.setLabelText(text)

    def _done(self, result: ToolkitResult) -> None:
        from PySide6.QtWidgets import QMessageBox

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

    def _failed(self, message: str) -> None:
        from PySide6.QtWidgets import QMessageBox

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

    def _cancelled(self) -> None:
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
