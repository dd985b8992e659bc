"""A multi-line cell editor never holds more than its cell can store: a paste past the
limit is taken back (and said why) instead of the whole cell being refused on save."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cxdesk.ui.matrix.delegates import TEXT_LIMIT, MultiLineEditor


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
