"""Where each kind of file dialog opens: the folder that kind of file was last used in.

A consultant who saved the toolkit PDF in the client's project folder wants the next one
there too, not in CX Desk's data folder (which few people ever look in). Every export and
import dialog asks here for its starting folder and tells here where the person went;
the folders are kept in the window's settings file, one per kind of file, so exporting a
spreadsheet does not move where the PDFs go. Export and import of the same kind share one
folder: a sheet exported, edited and imported back is found where it was written.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QWidget


class FileKind(StrEnum):
    """One remembered folder each; the value is its key in the settings file."""

    TOOLKIT_PDF = "export/folder"  # the key the PDF export has always used: kept as it was
    ENGAGEMENT_FILE = "folders/engagement_files"
    SPREADSHEET = "folders/spreadsheets"
    QUIZ_FILE = "folders/quiz_files"
    LOGO = "folders/logos"
    DATABASE = "folders/databases"


def documents_folder() -> Path:
    """The person's Documents folder (their home if the system has none)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


class RecentFolders:
    """The last folder per kind of file, in ``settings`` (or only in memory without)."""

    def __init__(self, settings: QSettings | None) -> None:
        self.settings = settings
        self._memory: dict[FileKind, str] = {}

    def folder(self, kind: FileKind, fallback: Path | None = None) -> Path:
        """Where a dialog for ``kind`` opens: the folder last used for it while it still
        exists, else ``fallback`` (when it exists), else Documents."""
        stored = (
            self.settings.value(kind.value) if self.settings is not None else None
        ) or self._memory.get(kind)
        for candidate in (Path(str(stored)) if stored else None, fallback):
            if candidate is not None and candidate.is_dir():
                return candidate
        return documents_folder()

    def remember(self, kind: FileKind, chosen: Path) -> None:
        """The person chose ``chosen`` (a file, or a folder for folder dialogs)."""
        folder = chosen if chosen.is_dir() else chosen.parent
        self._memory[kind] = str(folder)
        if self.settings is not None:
            self.settings.setValue(kind.value, str(folder))


@runtime_checkable
class KeepsRecentFolders(Protocol):
    """A window that keeps the folders (the main window), found without importing it."""

    recent_folders: RecentFolders


def recent_folders_for(widget: QWidget | None) -> RecentFolders:
    """The window's folders for a dialog opened from ``widget``; in-memory ones (for the
    caller to keep) when it is not inside a main window, e.g. a dialog tested on its own."""
    while widget is not None:
        if isinstance(widget, KeepsRecentFolders) and isinstance(
            widget.recent_folders, RecentFolders
        ):
            return widget.recent_folders
        widget = widget.parentWidget()
    return RecentFolders(None)
