"""When the store refuses text it cannot store, the window says so and keeps what was there."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import when_dialog_opens

from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.ui.dialogs import NameDialog
from tests.store_reads import get_item


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **_k: shown.append(a[2]))
    return shown


def test_a_pasted_nul_in_a_matrix_cell_is_refused_and_the_cell_kept(
    qtbot: QtBot, open_window, db: Database, warnings: list[str]
) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Szpital Pomorski")
    engagement = workspace.add_engagement(db, client.id, "Triage")
    item = expectations.add_item(db, engagement.id, expects="Call back", notes="keep me")
    window = open_window(db)
    assert window.page is not None
    tab = window.page.matrix
    tab.show_engagement(engagement.id)
    index = tab.index_of(item.id, "notes")
    tab.view.setCurrentIndex(index)
    tab.view.edit(index)
    (editor,) = [
        w
        for w in tab.view.viewport().findChildren(QWidget)
        if isinstance(w, QPlainTextEdit) and w.isVisible()
    ]
    editor.selectAll()
    editor.insertPlainText("Pasted from a PDF\x00 with a NUL")  # as a paste would
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(warnings))
    assert "There is a NUL character (U+0000) in the expectation item's notes" in warnings[0]
    assert get_item(db, item.id).notes == "keep me"
    assert tab.model.item(0).notes == "keep me"  # the screen shows what is stored
    assert not window.ws.undo_stack.canUndo()


def test_a_client_name_with_a_control_character_is_refused(
    qtbot: QtBot, open_window, db: Database, warnings: list[str]
) -> None:  # type: ignore[no-untyped-def]
    workspace.add_client(db, "Existing client")
    window = open_window(db)
    assert window.navigator is not None

    def name_it(dialog: QDialog) -> None:
        assert isinstance(dialog, NameDialog)
        # An escape code copied from a terminal. (A lone surrogate never gets this far:
        # PySide drops it on the way into the widget.)
        dialog.name.setText("Ελένη \x1b[1mΠαπαδοπούλου")
        dialog.accept()

    when_dialog_opens(qtbot, name_it)
    window.navigator.new_client()
    qtbot.waitUntil(lambda: bool(warnings))
    assert "There is a control character (U+001B) in the client's name" in warnings[0]
    assert [c.name for c, _ in workspace.list_clients(db)] == ["Existing client"]
