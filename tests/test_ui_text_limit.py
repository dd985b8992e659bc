"""A multi-line cell editor never holds more than its cell can store: a paste past the
limit is taken back (and said why) instead of the whole cell being refused on save."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.store import expectations
from cxdesk.store.database import Database
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.matrix.delegates import TEXT_LIMIT, MultiLineEditor
from tests.ui_helpers import open_editor


def test_a_paste_past_the_limit_is_taken_back(qtbot: QtBot) -> None:
    editor = MultiLineEditor(max_length=20)
    qtbot.addWidget(editor)
    editor.setPlainText("Zoë's notes")
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    editor.insertPlainText(" and " + "x" * 30)  # a paste: one step
    assert editor.toPlainText() == "Zoë's notes"
    editor.insertPlainText(" — fine")  # what fits goes in
    assert editor.toPlainText() == "Zoë's notes — fine"


def test_the_clipboard_keeps_what_was_not_pasted(qtbot: QtBot) -> None:
    editor = MultiLineEditor()
    qtbot.addWidget(editor)
    text = "y" * (TEXT_LIMIT + 1)
    QApplication.clipboard().setText(text)
    editor.paste()
    assert editor.toPlainText() == ""
    assert QApplication.clipboard().text() == text


def test_a_20000_character_paste_into_the_owner_cell_is_refused_in_words(
    qtbot: QtBot,
    window: MainWindow,
    db: Database,
    engagement_id: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The owner is String(200): SQLite stored a pasted 20,000 characters before."""
    item = expectations.add_item(db, engagement_id, expects="Live tracking", owner="Ana")
    assert window.page is not None
    tab = window.page.matrix
    tab.show_engagement(engagement_id)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    pasted = "o" * 20_000
    QApplication.clipboard().setText(pasted)
    tab.view.setCurrentIndex(tab.index_of(item.id, "owner"))
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = open_editor(tab.view)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == pasted
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings == [
        "The owner can be at most 200 characters; this one has 20,000."
        " What you typed is on the clipboard."
    ]
    assert [i.owner for i in expectations.list_items(db, engagement_id)] == ["Ana"]
    assert tab.model.data(tab.proxy.mapToSource(tab.index_of(item.id, "owner"))) == "Ana"
    assert QApplication.clipboard().text() == pasted  # nothing lost: still there to fix


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id
