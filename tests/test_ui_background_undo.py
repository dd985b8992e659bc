"""Edit > Undo and Redo of a big step run off the UI thread; small steps stay immediate."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from cxdesk.models.engagement_entities import ExpectationItem
from cxdesk.ops import Operation, perform, revert
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.ui import background_undo
from cxdesk.ui.main_window import MainWindow
from tests.db_dump import user_data
from tests.ops_helpers import Colleague

ROWS = background_undo.BACKGROUND_ROWS


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


def add_rows(engagement_id: int, count: int) -> Operation[None]:
    """One step adding ``count`` expectations, as an import does."""

    def run(db: Database) -> None:
        with db.transaction() as s:
            s.execute(
                insert(ExpectationItem),
                [
                    {"engagement_id": engagement_id, "position": n, "expects": f"Row {n}"}
                    for n in range(count)
                ],
            )

    return Operation("Import expectations", run, engagement_id)


@pytest.fixture
def reverts_on(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread each revert ran on."""
    threads: list[str] = []

    def spy(db: Database, done: Any) -> Any:
        threads.append(threading.current_thread().name)
        return revert(db, done)

    monkeypatch.setattr(background_undo, "revert", spy)
    monkeypatch.setattr("cxdesk.ui.commands.revert", spy)
    return threads


def test_undo_and_redo_of_a_big_step_run_on_a_worker_and_leave_the_data_exact(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, reverts_on: list[str]
) -> None:
    assert window.ws is not None
    before = user_data(db.path)
    window.ws.run(add_rows(engagement_id, ROWS))
    after = user_data(db.path)
    stack = window.ws.undo_stack
    window.undo()
    assert stack.index() == 1  # not yet: the worker is reverting
    qtbot.waitUntil(lambda: stack.index() == 0, timeout=30_000)
    assert user_data(db.path) == before
    assert window.page.matrix.model.rowCount() == 0  # the screen followed
    window.redo()
    qtbot.waitUntil(lambda: stack.index() == 1, timeout=30_000)
    assert user_data(db.path) == after
    qtbot.waitUntil(lambda: window.page.matrix.model.rowCount() == ROWS)
    main = threading.main_thread().name
    assert len(reverts_on) == 2
    assert main not in reverts_on


def test_a_small_step_is_undone_at_once_on_the_ui_thread(
    window: MainWindow, db: Database, engagement_id: int, reverts_on: list[str]
) -> None:
    assert window.ws is not None
    before = user_data(db.path)
    window.ws.run(add_rows(engagement_id, 3))
    window.undo()
    assert window.ws.undo_stack.index() == 0
    assert user_data(db.path) == before
    assert reverts_on == [threading.main_thread().name]


def test_a_big_undo_over_a_colleagues_change_is_refused_in_words_and_keeps_it(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    colleague: Colleague,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert window.ws is not None
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    window.ws.run(add_rows(engagement_id, ROWS))
    first = expectations.list_items(db, engagement_id)[0]
    colleague(ExpectationItem, first.id, notes="Ana's note")
    before = user_data(db.path)
    window.undo()
    qtbot.waitUntil(lambda: len(warnings) == 1, timeout=30_000)
    assert "An expectation was changed after this step" in warnings[0]
    assert user_data(db.path) == before
    assert window.ws.undo_stack.count() == 0  # the step that cannot be undone has gone


def test_an_import_done_on_a_worker_and_recorded_is_undone_on_a_worker_too(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int, reverts_on: list[str]
) -> None:
    assert window.ws is not None
    before = user_data(db.path)
    window.ws.record(perform(db, add_rows(engagement_id, ROWS)))
    window.undo()
    qtbot.waitUntil(lambda: window.ws is not None and window.ws.undo_stack.index() == 0)
    assert user_data(db.path) == before
    assert reverts_on != [threading.main_thread().name]


def test_a_field_saved_as_undo_starts_is_the_step_undone_not_the_big_one(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A field that saves on leaving it (a session's title) saves when the undo takes the
    focus: that edit is now the last step, and the one undone, never the big step."""
    assert window.ws is not None
    ws = window.ws
    window.ws.run(add_rows(engagement_id, 3))
    monkeypatch.setattr(background_undo, "BACKGROUND_ROWS", 3)  # the import is "big"
    field = QLineEdit(window)
    field.editingFinished.connect(lambda: ws.run(add_client(field.text())))
    field.show()
    field.setText("Typed as undo came")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    window.undo()
    assert [c.name for c, _ in workspace.list_clients(db)] == ["Zoë Łukasiewicz & Sons"]
    assert len(expectations.list_items(db, engagement_id)) == 3  # the import stays
    assert ws.undo_stack.index() == 1
    assert ws.undo_stack.undoText() == "Import expectations"
    assert ws.undo_stack.redoText() == "New client"


def add_client(name: str) -> Operation[Any]:
    return Operation("New client", lambda db: workspace.add_client(db, name))
