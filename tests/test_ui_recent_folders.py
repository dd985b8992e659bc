"""Export and import dialogs open in the folder last used for that kind of file.

They opened in CX Desk's data folder every time (next to the database), however often
the consultant went to the client's project folder. Driven through the real main window,
with the native dialogs replaced by recorders of the folder they were asked to start in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui import engagement_files
from cxdesk.ui.brand_dialog import BrandDialog
from cxdesk.ui.quiz import quiz_files_ui
from cxdesk.ui.quiz.quiz_files_ui import QuizFiles
from cxdesk.ui.recent_folders import FileKind, RecentFolders, documents_folder


@pytest.fixture
def window_engagement(db: Database) -> int:
    return add_demo_engagement(db)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The client's project folder, where the consultant keeps the engagement's files."""
    folder = tmp_path / "Pomorze Zdrowie (Gdańsk)"
    folder.mkdir()
    return folder


class Dialogs:
    """Stands in for the native file dialogs: records where each opened and answers
    ``answer`` (``""``: the person pressed Cancel)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started_in: list[Path] = []
        self.answer: Path | str = ""

        def file_dialog(_parent: QWidget, _title: str, start: str, *_rest: Any) -> Any:
            start_path = Path(start)
            self.started_in.append(start_path if start_path.is_dir() else start_path.parent)
            return str(self.answer), ""

        def folder_dialog(_parent: QWidget, _title: str, start: str, *_rest: Any) -> str:
            self.started_in.append(Path(start))
            return str(self.answer)

        for name in ("getSaveFileName", "getOpenFileName"):
            monkeypatch.setattr(QFileDialog, name, staticmethod(file_dialog))
        monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(folder_dialog))

        def save(_p: QWidget, _t: str, suggested: Path) -> Path | None:
            self.started_in.append(suggested.parent)
            return Path(self.answer) if self.answer else None

        def open_(_p: QWidget, folder: Path) -> Path | None:
            self.started_in.append(folder)
            return Path(self.answer) if self.answer else None

        monkeypatch.setattr(engagement_files, "choose_save_path", save)
        monkeypatch.setattr(engagement_files, "choose_open_path", open_)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    return Dialogs(monkeypatch)


def test_spreadsheet_dialogs_start_where_the_last_spreadsheet_went(
    qtbot: QtBot, window: Any, db: Database, project: Path, dialogs: Dialogs
) -> None:
    actions = window.spreadsheets
    dialogs.answer = project / "matrix.xlsx"
    with qtbot.waitSignal(actions.finished, timeout=20_000):
        actions.export_xlsx_action.trigger()
    assert dialogs.started_in[0] != db.path.parent  # never the data folder
    assert dialogs.started_in[0] == documents_folder()

    # Exporting CSV files and importing a sheet back both start in the project folder.
    dialogs.answer = project
    with qtbot.waitSignal(actions.finished, timeout=20_000):
        actions.export_csv_action.trigger()
    assert dialogs.started_in[1] == project
    dialogs.answer = ""  # the import dialog is cancelled
    actions.import_matrix_action.trigger()
    assert dialogs.started_in[2] == project


def test_engagement_files_remember_their_own_folder_across_restarts(
    qtbot: QtBot,
    open_window: Any,
    window: Any,
    db: Database,
    project: Path,
    tmp_path: Path,
    dialogs: Dialogs,
) -> None:
    dialogs.answer = project / "engagement.cxdesk"
    window.engagement_files.export_engagement()
    qtbot.waitUntil(lambda: not window.engagement_files.busy, timeout=20_000)
    window.engagement_files.tasks.wait_for_done()
    assert (project / "engagement.cxdesk").exists()
    assert dialogs.started_in[0] != db.path.parent

    # The PDF keeps its own folder: a spreadsheet or engagement file does not move it.
    pdfs = tmp_path / "pdfs"
    pdfs.mkdir()
    RecentFolders(window.settings).remember(FileKind.TOOLKIT_PDF, pdfs / "toolkit.pdf")

    window.settings.sync()
    window.close()
    again = open_window(db)  # the same settings file: CX Desk started again
    dialogs.answer = ""
    again.engagement_files.export_workspace()
    again.engagement_files.import_file()
    assert dialogs.started_in[1:] == [project, project]
    assert again.exporter.folder() == pdfs


def test_a_folder_that_is_gone_falls_back_to_documents(tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    folders = RecentFolders(settings)
    gone = tmp_path / "usb-stick"
    gone.mkdir()
    folders.remember(FileKind.QUIZ_FILE, gone / "quiz.json")
    assert folders.folder(FileKind.QUIZ_FILE) == gone
    assert folders.folder(FileKind.LOGO) == documents_folder()  # another kind: untouched
    gone.rmdir()
    assert folders.folder(FileKind.QUIZ_FILE) == documents_folder()
    assert folders.folder(FileKind.QUIZ_FILE, fallback=tmp_path) == tmp_path


def test_quiz_files_and_the_logo_remember_theirs(
    qtbot: QtBot,
    window: Any,
    project: Path,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warned: list[str] = []
    monkeypatch.setattr(
        quiz_files_ui, "warn", lambda _p, _t, message, _d="": warned.append(message)
    )
    holder = QWidget(window)  # the quiz library is opened from a tab of the window
    files = QuizFiles(holder)
    assert files.folders.folder(FileKind.QUIZ_FILE) == documents_folder()
    dialogs.answer = project / "missing.json"
    assert files.choose_to_import() is None  # refused: no such file
    assert warned
    # ...but that is where the quiz files are: the next library dialog starts there.
    assert QuizFiles(QWidget(window)).folders.folder(FileKind.QUIZ_FILE) == project

    logos = tmp_path / "brand"
    logos.mkdir()
    dialog = BrandDialog(window.ws, window)
    qtbot.addWidget(dialog)
    dialogs.answer = ""  # cancelled
    dialog.choose_logo()
    assert dialogs.started_in[-1] == documents_folder()
    dialogs.answer = logos / "logo.png"
    dialog.choose_logo()  # refused: no such file, but that is where logos are
    dialog.choose_logo()
    assert dialogs.started_in[-1] == logos
    dialog.close()
