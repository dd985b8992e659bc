"""File > Export engagement… / Export workspace… / Import… through the real main window."""

from __future__ import annotations

import logging
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from cxdesk.store import (
    engagement_file,
    engagement_import,
    expectations,
    quizzes,
    workshop,
    workspace,
)
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.store.engagement_file import export_engagement
from cxdesk.store.engagement_import import Conflict, Resolution
from cxdesk.ui import engagement_files, tasks
from cxdesk.ui.engagement_files import ConflictDialog
from cxdesk.ui.quiz.presenter import PresenterWindow
from cxdesk.ui.quiz.presenter_flow import Page
from tests.db_dump import user_data
from tests.store_reads import database_hash, get_item, import_path
from tests.ui_helpers import file_menu_action


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, bool]]:
    messages: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(
        engagement_files,
        "tell",
        lambda _p, title, text, problem=False: messages.append((title, text, problem)),
    )
    return messages


def _wait(qtbot: QtBot, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.engagement_files.busy, timeout=20_000)
    window.engagement_files.tasks.wait_for_done()


def test_export_then_import_into_another_window_with_copy_and_undo(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    window = open_window(db)
    window.navigator.reload()
    window.navigator.select_engagement(engagement_id)
    qtbot.waitUntil(lambda: window.shown_engagement() is not None)
    target = tmp_path / "out.cxdesk"
    suggested: list[Path] = []
    monkeypatch.setattr(
        engagement_files, "choose_save_path", lambda _p, _t, s: suggested.append(s) or target
    )
    file_menu_action(window, "Export engagement…").trigger()
    _wait(qtbot, window)
    assert told == []
    assert suggested[0].name == f"{DEMO_CLIENT} - {DEMO_ENGAGEMENT}.cxdesk"
    assert target.exists()
    assert "Exported 1 engagement" in window.statusBar().currentMessage()

    # Importing into the same workspace: it asks, and a copy is made.
    monkeypatch.setattr(engagement_files, "choose_open_path", lambda _p, _f: target)
    asked: list[list[Conflict]] = []
    monkeypatch.setattr(
        engagement_files, "ask_resolution", lambda _p, c: asked.append(list(c)) or Resolution.COPY
    )
    file_menu_action(window, "Import engagement file…").trigger()
    _wait(qtbot, window)
    assert told == []
    assert [c.engagement for c in asked[0]] == [DEMO_ENGAGEMENT]
    names = sorted(e.name for _c, es in workspace.list_clients(db) for e in es)
    assert len(names) == 2
    assert names[1].startswith(f"{DEMO_ENGAGEMENT} (imported ")
    assert window.shown_engagement().name == names[1]
    window.undo()
    assert [e.name for _c, es in workspace.list_clients(db) for e in es] == [DEMO_ENGAGEMENT]
    window.redo()
    assert len([e for _c, es in workspace.list_clients(db) for e in es]) == 2


def test_a_refused_file_is_explained_and_changes_nothing(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    window = open_window(db)
    bad = tmp_path / "bad.cxdesk"
    bad.write_bytes(b"not a zip at all")
    before = database_hash(db.path)
    monkeypatch.setattr(engagement_files, "choose_open_path", lambda _p, _f: bad)
    file_menu_action(window, "Import engagement file…").trigger()
    _wait(qtbot, window)
    ((title, text, problem),) = told
    assert title == "Cannot import this file"
    assert problem
    assert "bad.cxdesk" in text
    assert "not a readable zip" in text
    assert "Nothing was imported" in text
    assert database_hash(db.path) == before
    assert not window.ws.undo_stack.canUndo()


def test_export_workspace_and_import_it_elsewhere(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    add_demo_engagement(db, today=date(2026, 3, 1))
    client = workspace.add_client(db, "Ελένη & Фёдор <R&D>")
    workspace.add_engagement(db, client.id, "Zoë Łukasiewicz")
    window = open_window(db)
    target = tmp_path / "all.cxdesk"
    monkeypatch.setattr(engagement_files, "choose_save_path", lambda _p, _t, _s: target)
    file_menu_action(window, "Export workspace…").trigger()
    _wait(qtbot, window)
    assert told == []
    other = open_database(tmp_path / "other.cxdb", backup_folder=tmp_path / "b")
    try:
        result = import_path(other, target)
        assert len(result.engagement_ids) == 2
        assert sorted(c.name for c, _e in workspace.list_clients(other)) == sorted(
            [DEMO_CLIENT, "Ελένη & Фёдор <R&D>"]
        )
    finally:
        other.close()


def test_conflict_dialog_choices(qtbot: QtBot) -> None:
    dialog = ConflictDialog([Conflict(0, "Ελένη & Co <R&D>", "Zoë Łukasiewicz", 3)])
    qtbot.addWidget(dialog)
    assert dialog.resolution() is Resolution.COPY
    dialog.replace.click()
    assert dialog.resolution() is Resolution.REPLACE
    text = dialog.findChildren(engagement_files.QLabel)[0].text()
    assert "&lt;R&amp;D&gt;" in text


class _HeldImport:
    """Holds the import's worker after its first batch of rows (inside the transaction)
    until released, so a test can look at the window while the write is under way."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached = threading.Event()
        self.gate = threading.Event()
        real = engagement_file.import_documents

        def held(*args: Any, **named: Any) -> Any:
            *given, progress, cancelled = args

            def slow(done: int, total: int) -> None:
                progress(done, total)
                self.reached.set()
                self.gate.wait(20)

            return real(*given, slow, cancelled, **named)

        monkeypatch.setattr(engagement_file, "import_documents", held)
        monkeypatch.setattr(engagement_import, "WRITE_BATCH", 5)
        self.monkeypatch = monkeypatch

    def start(self, qtbot: QtBot, window: Any, path: Path) -> None:
        """File > Import engagement file… of ``path``; returns once the worker is held."""
        self.reached.clear()
        self.gate.clear()
        self.monkeypatch.setattr(engagement_files, "choose_open_path", lambda _p, _f: path)
        file_menu_action(window, "Import engagement file…").trigger()  # as a menu would
        qtbot.waitUntil(self.reached.is_set, timeout=20_000)

    def release(self, qtbot: QtBot, window: Any) -> None:
        """Let the held import go on (or roll back, if cancelled) and end."""
        files = window.engagement_files
        with qtbot.waitSignal(files.finished, timeout=20_000):
            self.gate.set()
        files.tasks.wait_for_done()


def _demo_file(tmp_path: Path) -> Path:
    source = open_database(tmp_path / "source.cxdb", backup_folder=tmp_path / "b")
    try:
        path = tmp_path / "demo.cxdesk"
        export_engagement(source.path, add_demo_engagement(source, today=date(2026, 3, 1)), path)
    finally:
        source.close()
    return path


def test_import_runs_off_the_window_with_progress_and_cancel(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    """A 640,000-row workspace froze the window for 109 s with no progress and no way
    out: the write now runs on a worker behind a progress dialog with Cancel."""
    path = _demo_file(tmp_path)
    rows = engagement_file.read_engagement_file(path).rows
    window = open_window(db)
    files = window.engagement_files
    held = _HeldImport(monkeypatch)
    held.start(qtbot, window, path)
    # The worker sits inside the import's transaction; the window still runs its events,
    # reads the workspace and shows the progress.
    qtbot.waitUntil(lambda: files.progress is not None and files.progress.isVisible())
    dialog = files.progress
    assert dialog.labelText() == f"Importing 1 engagement ({rows:,} rows) from “demo.cxdesk”…"
    assert dialog.maximum() == rows
    assert 0 < dialog.value() < rows  # the first batch
    assert dialog.isModal()
    assert workspace.list_clients(db) == []  # a read, on the UI thread, during the write
    dialog.grab().save(str(tmp_path / "import-progress.png"))

    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    # Escape asks to cancel, as the button does; neither just hides the dialog while the
    # worker still writes: it says so until the transaction is rolled back.
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.labelText() == "Cancelling…"
    assert dialog.isVisible()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    held.release(qtbot, window)
    assert told == []
    assert workspace.list_clients(db) == []
    assert not window.ws.undo_stack.canUndo()
    assert window.statusBar().currentMessage() == "Import cancelled; nothing was imported."

    # Not cancelled, it imports, as one undo step.
    held.start(qtbot, window, path)
    held.release(qtbot, window)
    assert [c.name for c, _e in workspace.list_clients(db)] == [DEMO_CLIENT]
    assert window.shown_engagement().name == DEMO_ENGAGEMENT
    window.undo()
    assert workspace.list_clients(db) == []


def test_closing_the_window_mid_import_rolls_it_back(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    path = _demo_file(tmp_path)
    window = open_window(db)
    held = _HeldImport(monkeypatch)
    held.start(qtbot, window, path)
    releaser = threading.Timer(0.2, held.gate.set)
    releaser.start()
    window.close()  # cancels, and waits for the worker before the database closes
    releaser.join()
    assert window.engagement_files.tasks.active_threads() == 0
    again = open_database(db_path, backup_folder=tmp_path / "again")
    try:
        assert workspace.list_clients(again) == []
    finally:
        again.close()


@pytest.mark.logs_errors  # the error is the point: logged, then said
def test_an_unexpected_error_on_the_worker_is_said_not_a_hang(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    """An exception the worker did not expect left the commands busy for good."""

    def broken(*_args: Any) -> Any:
        raise RuntimeError("disk said no")

    monkeypatch.setattr(engagement_file, "read_engagement_file", broken)
    monkeypatch.setattr(engagement_files, "choose_open_path", lambda _p, _f: tmp_path / "x")
    window = open_window(db)
    with qtbot.captureExceptions(), qtbot.waitSignal(window.engagement_files.finished):
        file_menu_action(window, "Import engagement file…").trigger()
    _wait(qtbot, window)
    assert told == [
        (
            "That did not work",
            "RuntimeError: disk said no\n\nNothing in the workspace was changed.",
            True,
        )
    ]


@pytest.mark.logs_errors  # the error is the point: logged, then said
def test_a_bug_during_an_import_is_not_told_as_an_export_problem(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A KeyError of a bug inside the import's transaction was caught as LookupError and
    said as "Cannot export" with a bare key: not logged, and not saying nothing changed."""
    path = _demo_file(tmp_path)
    before = user_data(db_path)
    window = open_window(db)

    def broken(*_args: Any) -> None:  # after the client and engagement rows are written
        raise KeyError("quiz_id")

    monkeypatch.setattr(engagement_import, "_write_quizzes", broken)
    monkeypatch.setattr(engagement_files, "choose_open_path", lambda _p, _f: path)
    with caplog.at_level(logging.ERROR, logger=engagement_files.__name__):
        file_menu_action(window, "Import engagement file…").trigger()
        qtbot.waitUntil(lambda: bool(told), timeout=20_000)
        _wait(qtbot, window)
    assert told == [
        (
            "That did not work",
            "KeyError: 'quiz_id'\n\nNothing in the workspace was changed.",
            True,
        )
    ]
    assert user_data(db_path) == before  # the transaction was rolled back
    assert workspace.list_clients(db) == []
    assert not window.ws.undo_stack.canUndo()
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.exc_info is not None
    assert record.exc_info[0] is KeyError
    assert "Traceback" in caplog.text  # the log has the traceback, down to the failing line
    assert 'raise KeyError("quiz_id")' in caplog.text


def test_exporting_an_engagement_deleted_meanwhile_says_so(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    """The one case the LookupError catch meant: the engagement went before the export's
    snapshot. Now a store exception of its own, and no file is left."""
    engagement_id = add_demo_engagement(db, today=date(2026, 3, 1))
    window = open_window(db)
    window.navigator.reload()
    window.navigator.select_engagement(engagement_id)
    qtbot.waitUntil(lambda: window.shown_engagement() is not None)
    target = tmp_path / "gone.cxdesk"

    def choose_then_delete(*_args: Any) -> Path:  # deleted elsewhere, while asked where
        workspace.delete_engagement(db, engagement_id)
        return target

    monkeypatch.setattr(engagement_files, "choose_save_path", choose_then_delete)
    file_menu_action(window, "Export engagement…").trigger()
    _wait(qtbot, window)
    assert told == [
        (
            "Cannot export",
            "That engagement no longer exists (it may have been deleted).\n\nNo file was written.",
            True,
        )
    ]
    assert not target.exists()
    assert list(tmp_path.glob("gone*")) == []


def _matrix_with_one_row(
    qtbot: QtBot, open_window: Any, db: Database, monkeypatch: pytest.MonkeyPatch, expects: str
) -> tuple[Any, Any, Any, list[str]]:
    """A window showing an engagement whose matrix has one row; (window, matrix tab, item,
    the warnings any message box would have shown)."""
    client = workspace.add_client(db, "Zoë Łukasiewicz & Sons")
    engagement = workspace.add_engagement(db, client.id, "ERP rollout")
    item = expectations.add_item(db, engagement.id, expects=expects)
    window = open_window(db)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.navigator.select_engagement(engagement.id)
    tab = window.page.matrix
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    return window, tab, item, warnings


def test_the_window_takes_no_edit_while_an_import_writes(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    """Nothing was modal until the progress dialog showed, 300 ms into every job: a level
    typed into the matrix meanwhile waited 5 s for the import's write lock, the window
    frozen, and then failed with "database is locked"."""
    window, tab, item, warnings = _matrix_with_one_row(
        qtbot, open_window, db, monkeypatch, "Weekly status they can forward"
    )
    path = _demo_file(tmp_path)
    tab.view.setCurrentIndex(tab.index_of(item.id, "delivered_level"))
    tab.view.setFocus()
    qtbot.keyClicks(tab.view, "2")  # an edit before: Undo would have something to write
    assert get_item(db, item.id).delivered_level == 2

    # The keys come before the dialog shows (as in its first 300 ms), however slow the run.
    monkeypatch.setattr(tasks, "PROGRESS_DELAY_MS", 60_000)
    held = _HeldImport(monkeypatch)
    held.start(qtbot, window, path)  # inside the import's transaction
    files = window.engagement_files
    assert files.progress is not None
    assert not files.progress.isVisible()
    before = user_data(db_path)
    tab.view.setCurrentIndex(tab.index_of(item.id, "expected_level"))
    tab.view.setFocus()
    started = time.monotonic()
    qtbot.keyClicks(tab.view, "4")  # a level
    qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # a new row
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Undo
    assert time.monotonic() - started < 2  # each waited 5 s for the lock
    assert warnings == []
    assert user_data(db_path) == before
    assert tab.model.rowCount() == 1
    qtbot.keyClick(window.menuBar(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert QApplication.activePopupWidget() is None  # no menu opened
    assert files.gate is not None
    assert files.gate.dropped > 0

    held.release(qtbot, window)
    assert told == []
    assert sorted(c.name for c, _e in workspace.list_clients(db)) == sorted(
        [DEMO_CLIENT, "Zoë Łukasiewicz & Sons"]
    )
    # After the import, the same keys edit again.
    window.navigator.select_engagement(item.engagement_id)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.view.setCurrentIndex(tab.index_of(item.id, "expected_level"))
    tab.view.setFocus()
    qtbot.keyClicks(tab.view, "4")
    assert get_item(db, item.id).expected_level == 4
    assert get_item(db, item.id).delivered_level == 2  # not undone meanwhile
    assert warnings == []


def test_the_presenter_takes_no_answer_while_an_import_writes(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    """The presenter is a window of its own, which a window-modal dialog does not block:
    an answer recorded there during the import met the same write lock."""
    quiz = quizzes.ensure_built_in_quiz(db)
    session_id = workshop.add_session(db, quiz.id, None, "Kick-off workshop", date(2026, 3, 20)).id
    path = _demo_file(tmp_path)
    window = open_window(db)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    presenter = PresenterWindow(window.ws, session_id)
    qtbot.addWidget(presenter)
    presenter.resize(1280, 720)
    with qtbot.waitExposed(presenter):
        presenter.show()
    presenter.activateWindow()
    qtbot.waitUntil(presenter.isActiveWindow)

    monkeypatch.setattr(tasks, "PROGRESS_DELAY_MS", 60_000)
    held = _HeldImport(monkeypatch)
    held.start(qtbot, window, path)
    before = user_data(db_path)
    qtbot.keyClicks(presenter.start.name, "Ana")
    qtbot.keyClick(presenter.start.name, Qt.Key.Key_Return)
    qtbot.keyClick(presenter, Qt.Key.Key_4)
    assert presenter.start.name.text() == ""
    assert presenter.step.page is Page.START
    assert warnings == []
    assert user_data(db_path) == before

    held.release(qtbot, window)
    assert told == []
    # Afterwards the presenter records answers again (its name field has the focus back).
    assert QApplication.focusWidget() is presenter.start.name
    qtbot.keyClicks(presenter.start.name, "Ana")
    qtbot.keyClick(presenter.start.name, Qt.Key.Key_Return)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4)
    data = workshop.load_session_results(db, session_id)
    assert data is not None
    assert [p.name for p in data.participants] == ["Ana"]
    assert data.answers[0][0] == 4
    assert warnings == []
    presenter.close()


def test_what_is_being_typed_is_saved_before_the_import_takes_the_lock(
    qtbot: QtBot,
    open_window: Any,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    told: list[Any],
) -> None:
    """A cell being typed in when the import began was saved when the progress dialog
    took the focus, mid-import: into the write lock. Now it is saved before the job."""
    window, tab, item, warnings = _matrix_with_one_row(
        qtbot, open_window, db, monkeypatch, "Weekly status"
    )
    path = _demo_file(tmp_path)
    tab.view.setCurrentIndex(tab.index_of(item.id, "expects"))
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, " they can forward")

    held = _HeldImport(monkeypatch)
    held.start(qtbot, window, path)  # as from the menu, which leaves the focus in the cell
    files = window.engagement_files
    qtbot.waitUntil(lambda: files.progress is not None and files.progress.isVisible())
    assert get_item(db, item.id).expects == "Weekly status they can forward"
    assert warnings == []
    held.release(qtbot, window)
    assert told == []
    assert warnings == []
    assert get_item(db, item.id).expects == "Weekly status they can forward"
