"""Quiz files from the quiz library: choose one to import, or where to export one.

A file to import is read (never more than a quiz file may weigh) and checked whole by
the store before anything is imported; a refused file shows the store's message and
imports nothing. An export is written beside its target and then moved into place, so
a full disk never leaves half a quiz file behind.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cxdesk.atomic_files import write_atomically
from cxdesk.models.records import QuizRecord
from cxdesk.store import quiz_files
from cxdesk.store.database import Database
from cxdesk.store.errors import EditRefused
from cxdesk.ui.recent_folders import FileKind, recent_folders_for

FILE_FILTER = "CX Desk quiz files (*.json);;All files (*)"
RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL"} | {
    f"{device}{n}" for device in ("COM", "LPT") for n in "123456789"
}


def export_file_name(title: str) -> str:
    """A file name from the quiz title that every system accepts."""
    safe = " ".join(re.sub(r"[^\w\- ]+", " ", title).split())[:80].strip(" -") or "quiz"
    if safe.upper() in RESERVED_NAMES:
        safe = f"quiz {safe}"
    return f"{safe}.json"


def warn(parent: QWidget, title: str, message: str, detail: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, parent=parent)
    box.setObjectName("quizFileWarning")
    if detail:
        box.setInformativeText(detail)
    box.exec()


class QuizFiles:
    """The library's file dialogs; they open where the last quiz file was (kept in the
    window's settings, so also the next time CX Desk starts)."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.folders = recent_folders_for(parent)

    def choose_to_import(self) -> bytes | None:
        """The content of a quiz file the consultant picked, once it passed every check."""
        path, _ = QFileDialog.getOpenFileName(
            self.parent, "Import quiz", str(self.folders.folder(FileKind.QUIZ_FILE)), FILE_FILTER
        )
        if not path:
            return None
        source = Path(path)
        self.folders.remember(FileKind.QUIZ_FILE, source)
        limit = quiz_files.QUIZ_FILE_MAX_BYTES
        try:
            size = source.stat().st_size
            with source.open("rb") as f:
                data = f.read(limit + 1)  # a bigger file is refused by size: read no more
        except OSError as error:
            self._refuse(f"CX Desk cannot read “{source.name}”: {error.strerror or error}.")
            return None
        try:
            quiz_files.read_quiz_file(data)
        except EditRefused as refusal:
            message = refusal.message
            if len(data) > limit:  # the store measured what was read: give the real size
                read, real = f"{len(data) / 1024:,.0f} KB", f"{size / 1024:,.0f} KB"
                message = message.replace(read, real, 1)
            self._refuse(message)
            return None
        return data

    def _refuse(self, message: str) -> None:
        warn(self.parent, "Quiz not imported", message, "Nothing was imported.")

    def choose_and_export(self, db: Database, quiz: QuizRecord) -> Path | None:
        """Write ``quiz`` (as saved) where the consultant chooses; the file, or ``None``."""
        suggested = str(self.folders.folder(FileKind.QUIZ_FILE) / export_file_name(quiz.title))
        path, _ = QFileDialog.getSaveFileName(self.parent, "Export quiz", suggested, FILE_FILTER)
        if not path:
            return None
        target = Path(path)
        if not target.suffix:
            target = target.with_suffix(".json")
        self.folders.remember(FileKind.QUIZ_FILE, target)
        try:
            content = quiz_files.export_quiz(db, quiz.id)
            text = json.dumps(content, indent=2, ensure_ascii=False) + "\n"
            write_atomically(target, text.encode("utf-8"))
        except (EditRefused, OSError) as error:
            reason = error.message if isinstance(error, EditRefused) else error.strerror or error
            warn(self.parent, "Quiz not exported", f"CX Desk cannot write “{target}”: {reason}")
            return None
        return target
