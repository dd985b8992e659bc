"""The quiz library and editor driven by keyboard and mouse, checked in the store and on screen."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QFileDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cxdesk.models.quiz import BUILT_IN_QUIZ, Band
from cxdesk.models.records import QuizRecord
from cxdesk.store import quiz_files, quizzes, workshop
from cxdesk.store.database import Database
from cxdesk.ui.quiz.editor_parts import Mode, QuizValues
from cxdesk.ui.quiz.editor_tables import ADVICE, FROM, LABEL, TO, EditableTable
from cxdesk.ui.quiz.library import DRAFT, QuizLibraryDialog
from cxdesk.ui.quiz.quiz_files_ui import export_file_name
from cxdesk.ui.workspace import Workspace
from tests.ui_helpers import when_dialog_opens

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
LOW = Band(3, 8, "Low", "Start small.")
HIGH = Band(9, 15, "High", "Keep going.")


@pytest.fixture
def ws(db: Database, qtbot: QtBot) -> Iterator[Workspace]:
    workspace = Workspace(db)
    yield workspace
    workspace.deleteLater()


@pytest.fixture
def custom(db: Database) -> QuizRecord:
    """Three statements scored 1-5: totals run from 3 to 15."""
    return quizzes.add_quiz(db, "Retro pulse", 1, 5, ["One", "Two", "Three"], [HIGH, LOW])


@pytest.fixture
def open_library(qtbot: QtBot, ws: Workspace) -> Iterator[Callable[..., QuizLibraryDialog]]:
    opened: list[QuizLibraryDialog] = []

    def make(quiz_id: int | None = None) -> QuizLibraryDialog:
        # Not qtbot.addWidget: it closes widgets before this fixture can discard edits,
        # and closing with unsaved edits asks a question nobody would answer.
        dialog = QuizLibraryDialog(ws, None, quiz_id)
        with qtbot.waitExposed(dialog):
            dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        opened.append(dialog)
        return dialog

    yield make
    for dialog in opened:
        # Nothing left to ask about: closing must not wait for an answer.
        dialog.editor.discard()
        dialog.editor.base = dialog.editor.values()
        dialog.close()
        dialog.deleteLater()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press_button_key(
    qtbot: QtBot,
    button: QAbstractButton,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = CTRL,
) -> None:
    """A button's shortcut or mnemonic: Qt animates the click, which lands 100 ms later.
    Returns once the button was clicked and its handler has run (a modal box it opens,
    answered, included); fails if the key did not click that button."""
    with qtbot.waitSignal(button.clicked):
        qtbot.keyClick(focused(), key, modifier)


def finish_cell(qtbot: QtBot, key: Qt.Key = Qt.Key.Key_Return) -> None:
    """Enter (or Tab, Esc) in a cell being edited. The table closes the editor once the
    editor has seen the key (for Enter, by a queued call), and the focus leaves it: back
    to the table, or on to the next cell's editor (Tab)."""
    editor = focused()
    qtbot.keyClick(editor, key)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not editor)


def back_to(qtbot: QtBot, dialog: QWidget) -> None:
    """Offscreen, a window is not active again by itself after a modal box closes."""
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def focus(qtbot: QtBot, widget: QWidget) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)


def type_in_cell(qtbot: QtBot, table: EditableTable[Any], row: int, column: int, text: str) -> None:
    """Go to a cell, Enter to edit, replace what it holds, Enter to finish."""
    focus(qtbot, table)
    table.set_current_cell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    editor = focused()
    assert editor is not table, "Enter did not open the cell's editor"
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, text)
    finish_cell(qtbot)


def answer(asked: list[str], button: QMessageBox.StandardButton) -> Callable[[QDialog], None]:
    """For when_dialog_opens: note the message box's question in ``asked``, then click
    ``button``."""

    def act(box: QDialog) -> None:
        assert isinstance(box, QMessageBox)
        asked.append(box.text())
        box.button(button).click()

    return act


def problems(dialog: QuizLibraryDialog) -> str:
    editor = dialog.editor
    return editor.problems_text.text() if editor.problems_box.isVisible() else ""


def stored(db: Database, quiz_id: int) -> QuizValues:
    quiz = quizzes.get_quiz(db, quiz_id)
    assert quiz is not None
    return QuizValues.of(quiz)


# --- the band editor's refusals ----------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "typed", "message"),
    [
        ((0, TO), "6", "No band covers totals 7-8."),
        ((0, TO), "10", "Totals 9-10 fall in both “Low” and “High”."),
        ((1, FROM), "20", "The band “High” runs backwards (20-15)."),
        ((1, LABEL), " ", "The band 9-15 needs a label."),
    ],
    ids=["gap", "overlap", "backwards", "empty-label"],
)
def test_band_problems_are_shown_and_block_saving(
    qtbot: QtBot,
    open_library: Callable[..., QuizLibraryDialog],
    db: Database,
    custom: QuizRecord,
    cell: tuple[int, int],
    typed: str,
    message: str,
) -> None:
    dialog = open_library(custom.id)
    editor = dialog.editor
    assert editor.mode is Mode.EDITABLE
    assert editor.totals.text() == "Totals run from 3 to 15."
    assert problems(dialog) == ""
    assert not editor.save_button.isEnabled()
    type_in_cell(qtbot, editor.bands, *cell, typed)
    assert message in problems(dialog)
    assert not editor.save_button.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_S, CTRL)
    # A shortcut that reaches a button starts its click at once (pressed down, released
    # 100 ms later): still up, Ctrl+S saved nothing and never will.
    assert not editor.save_button.isDown()
    assert stored(db, custom.id) == QuizValues.of(custom)
    assert ws_count(dialog) == 0
    assert "unsaved changes" in dialog.list.currentItem().text()


def ws_count(dialog: QuizLibraryDialog) -> int:
    return dialog.ws.undo_stack.count()


def test_band_outside_the_totals_and_live_feedback(
    qtbot: QtBot, open_library: Callable[..., QuizLibraryDialog], db: Database, custom: QuizRecord
) -> None:
    dialog = open_library(custom.id)
    editor = dialog.editor
    bands = editor.bands
    # Every total is covered, so "Add band" offers the top total, to be retyped.
    qtbot.mouseClick(editor.add_band_button, Qt.MouseButton.LeftButton)
    row = bands.row_count() - 1
    assert (bands.cell(row, FROM), bands.cell(row, TO)) == (15, 15)
    qtbot.keyClicks(focused(), "Bonus")  # the label is being edited straight away
    finish_cell(qtbot)
    type_in_cell(qtbot, bands, row, TO, "30")
    # While typing, before Enter, the problems already follow the keystrokes.
    focus(qtbot, bands)
    bands.set_current_cell(row, FROM)
    qtbot.keyClick(bands, Qt.Key.Key_Return)
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "20")
    assert "The band “Bonus” (20-30) is outside the possible totals 3-15." in problems(dialog)
    assert not editor.save_button.isEnabled()
    # Esc puts back what the cell held before editing began.
    finish_cell(qtbot, Qt.Key.Key_Escape)
    assert bands.cell(row, FROM) == 15
    assert "Total 15 falls in both “High” and “Bonus”." in problems(dialog)
    # Deleting the extra band by keyboard makes the quiz valid again: nothing to save.
    focus(qtbot, bands)
    bands.set_current_cell(row, LABEL)
    qtbot.keyClick(bands, Qt.Key.Key_Delete)
    assert problems(dialog) == ""
    assert not editor.is_dirty()
    assert stored(db, custom.id) == QuizValues.of(custom)


def test_scale_spin_boxes_cannot_leave_the_limits(
    qtbot: QtBot, open_library: Callable[..., QuizLibraryDialog], custom: QuizRecord
) -> None:
    dialog = open_library(custom.id)
    editor = dialog.editor
    focus(qtbot, editor.scale_max)
    qtbot.keyClick(editor.scale_max, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor.scale_max, "99")
    assert editor.scale_max.value() <= 10
    focus(qtbot, editor.scale_min)
    qtbot.keyClick(editor.scale_min, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor.scale_min, "7")
    editor.scale_max.setValue(5)
    assert "The scale must run upwards within 0-10" in problems(dialog)
    assert editor.totals.text() == "Totals: set a scale that runs upwards first."
    assert not editor.save_button.isEnabled()


# --- a custom quiz, end to end -----------------------------------------------------


def test_create_a_custom_quiz_by_keyboard(
    qtbot: QtBot, open_library: Callable[..., QuizLibraryDialog], db: Database, ws: Workspace
) -> None:
    dialog = open_library()
    editor = dialog.editor
    assert dialog.list.item(0).text().startswith(f"{BUILT_IN_QUIZ.title}\n   Built in")
    press_button_key(qtbot, dialog.new_button, Qt.Key.Key_N)
    assert dialog.shown == DRAFT
    assert editor.title.hasFocus()
    assert "New: not saved yet" in dialog.list.currentItem().text()
    qtbot.keyClicks(editor.title, "Kickoff check")  # the suggested title was selected
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is editor.scale_min
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClick(focused(), Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(focused(), "4")
    assert editor.scale_max.value() == 4

    statements = editor.statements
    type_in_cell(qtbot, statements, 0, 0, "We agree what success means")
    for text in ("Oops, a mistake", "We share bad news early", "We ask how it feels"):
        qtbot.keyClick(statements, Qt.Key.Key_Insert)  # a new row below, being edited
        qtbot.keyClicks(focused(), text)
        finish_cell(qtbot)
    assert statements.texts()[1] == "Oops, a mistake"
    # The last statement moves up twice, then the mistake (now third) goes.
    qtbot.keyClick(statements, Qt.Key.Key_Up, CTRL)
    qtbot.keyClick(statements, Qt.Key.Key_Up, CTRL)
    assert statements.current_row() == 1
    assert editor.up_button.isEnabled()
    assert editor.down_button.isEnabled()
    qtbot.keyClick(statements, Qt.Key.Key_Down)
    qtbot.keyClick(statements, Qt.Key.Key_Down, CTRL)  # Ctrl+Down too, then back
    assert statements.texts()[3] == "Oops, a mistake"
    qtbot.keyClick(statements, Qt.Key.Key_Up, CTRL)
    assert statements.current_row() == 2
    qtbot.keyClick(statements, Qt.Key.Key_Delete)
    assert statements.texts() == [
        "We agree what success means",
        "We ask how it feels",
        "We share bad news early",
    ]
    assert editor.totals.text() == "Totals run from 3 to 12."
    assert "No band covers totals 3-12." in problems(dialog)
    assert not editor.save_button.isEnabled()

    # Add band offers the totals nobody covers; narrow it, then cover the rest.
    press_button_key(qtbot, editor.add_band_button, Qt.Key.Key_B, ALT)
    qtbot.keyClicks(focused(), "Getting there")
    finish_cell(qtbot, Qt.Key.Key_Tab)  # on to the advice
    qtbot.keyClicks(focused(), "Pick one habit.")
    finish_cell(qtbot)
    assert problems(dialog) == ""
    assert editor.save_button.isEnabled()
    type_in_cell(qtbot, editor.bands, 0, TO, "8")
    assert "No band covers totals 9-12." in problems(dialog)
    qtbot.keyClick(editor.bands, Qt.Key.Key_Insert)
    assert (editor.bands.cell(1, FROM), editor.bands.cell(1, TO)) == (9, 12)
    qtbot.keyClicks(focused(), "Strong")
    finish_cell(qtbot)
    assert problems(dialog) == ""

    press_button_key(qtbot, editor.save_button, Qt.Key.Key_S)
    saved = [q for q in quizzes.list_quizzes(db) if q.title == "Kickoff check"]
    assert len(saved) == 1
    assert QuizValues.of(saved[0]) == QuizValues(
        "Kickoff check",
        1,
        4,
        ("We agree what success means", "We ask how it feels", "We share bad news early"),
        (Band(3, 8, "Getting there", "Pick one habit."), Band(9, 12, "Strong", "")),
    )
    # The saved quiz takes the draft's place in the list, selected and clean.
    assert dialog.shown == saved[0].id
    assert not dialog.draft
    assert editor.quiz is not None
    assert editor.quiz.id == saved[0].id
    assert not editor.is_dirty()
    assert editor.status.text() == "Saved."
    assert [dialog.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(2)] == [
        quizzes.ensure_built_in_quiz(db).id,
        saved[0].id,
    ]
    assert ws.undo_stack.undoText() == "New quiz “Kickoff check”"


# --- the built-in quiz, a quiz with sessions ------------------------------------------


def test_built_in_quiz_is_read_only_and_edit_a_copy_makes_an_editable_one(
    qtbot: QtBot, open_library: Callable[..., QuizLibraryDialog], db: Database
) -> None:
    dialog = open_library()
    editor = dialog.editor
    built_in = quizzes.ensure_built_in_quiz(db)
    assert editor.quiz == built_in
    assert editor.mode is Mode.BUILT_IN
    assert editor.lock.isVisible()
    assert "cannot be changed" in editor.lock_text.text()
    assert editor.title.isReadOnly()
    assert editor.scale_min.isReadOnly()
    assert not editor.save_button.isVisible()
    assert not editor.add_statement_button.isVisible()
    assert not dialog.delete_button.isEnabled()
    # Keys that edit elsewhere do nothing here.
    focus(qtbot, editor.statements)
    editor.statements.set_current_cell(0, 0)
    qtbot.keyClick(editor.statements, Qt.Key.Key_Return)
    assert focused() is editor.statements
    qtbot.keyClick(editor.statements, Qt.Key.Key_Delete)
    qtbot.keyClick(editor.statements, Qt.Key.Key_Down, CTRL)
    assert editor.statements.texts() == list(BUILT_IN_QUIZ.statements)
    focus(qtbot, dialog.list)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert dialog.message.text() == "⚠ " + quizzes.BUILT_IN_UNDELETABLE

    qtbot.mouseClick(editor.copy_button, Qt.MouseButton.LeftButton)
    copies = [q for q in quizzes.list_quizzes(db) if q.copied_from_id == built_in.id]
    assert len(copies) == 1
    assert copies[0].title == "CX Self-Assessment (copy)"
    assert editor.quiz == copies[0]
    assert editor.mode is Mode.EDITABLE
    assert editor.title.hasFocus()
    assert editor.title.selectedText() == copies[0].title
    qtbot.keyClicks(editor.title, "Our assessment")
    type_in_cell(qtbot, editor.statements, 4, 0, "We hold a retro with the client")
    press_button_key(qtbot, editor.save_button, Qt.Key.Key_S)
    saved = stored(db, copies[0].id)
    assert saved.title == "Our assessment"
    assert saved.statements[4] == "We hold a retro with the client"
    assert stored(db, built_in.id) == QuizValues.of(built_in)


def test_quiz_with_sessions_can_only_be_renamed_nor_deleted(
    qtbot: QtBot,
    open_library: Callable[..., QuizLibraryDialog],
    db: Database,
    custom: QuizRecord,
) -> None:
    for title in ("Morning", "Afternoon"):
        workshop.add_session(db, custom.id, None, title, date(2026, 3, 2))
    dialog = open_library(custom.id)
    editor = dialog.editor
    assert editor.mode is Mode.RENAME_ONLY
    assert "Used by 2 sessions: edit a copy to change its questions" in editor.lock_text.text()
    assert "2 sessions" in dialog.list.currentItem().text()
    assert not editor.title.isReadOnly()
    assert editor.scale_min.isReadOnly()
    assert editor.scale_max.isReadOnly()
    assert editor.bands.read_only
    assert editor.statements.read_only
    assert not editor.add_band_button.isVisible()
    focus(qtbot, editor.bands)
    editor.bands.set_current_cell(0, LABEL)
    qtbot.keyClick(editor.bands, Qt.Key.Key_Return)
    qtbot.keyClick(editor.bands, Qt.Key.Key_Delete)
    assert editor.bands.row_count() == 2
    assert focused() is editor.bands

    focus(qtbot, editor.title)
    qtbot.keyClick(editor.title, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor.title, "Retro pulse 2026")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert stored(db, custom.id) == replace(QuizValues.of(custom), title="Retro pulse 2026")

    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)  # refused, no question
    assert "has 2 sessions: delete them first, or keep the quiz." in dialog.message.text()
    assert dialog.banner.isVisible()
    assert quizzes.get_quiz(db, custom.id) is not None


# --- deleting, unsaved edits, undo --------------------------------------------------


def test_delete_a_quiz_asks_and_undo_brings_it_back(
    qtbot: QtBot,
    open_library: Callable[..., QuizLibraryDialog],
    db: Database,
    ws: Workspace,
    custom: QuizRecord,
) -> None:
    dialog = open_library(custom.id)
    asked: list[str] = []

    focus(qtbot, dialog.list)
    when_dialog_opens(qtbot, answer(asked, QMessageBox.StandardButton.No))
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert asked == [
        "Delete the quiz “Retro pulse”?\n\nEdit > Undo in the main window brings it back."
    ]
    assert quizzes.get_quiz(db, custom.id) is not None

    back_to(qtbot, dialog)
    focus(qtbot, dialog.list)
    when_dialog_opens(qtbot, answer(asked, QMessageBox.StandardButton.Yes))
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert len(asked) == 2
    assert quizzes.get_quiz(db, custom.id) is None
    assert dialog.list.count() == 1
    assert dialog.shown == quizzes.ensure_built_in_quiz(db).id

    ws.undo_stack.undo()
    assert quizzes.get_quiz(db, custom.id) is not None
    assert dialog.list.count() == 2


def test_unsaved_edits_are_never_lost_silently(
    qtbot: QtBot,
    open_library: Callable[..., QuizLibraryDialog],
    db: Database,
    custom: QuizRecord,
) -> None:
    dialog = open_library(custom.id)
    editor = dialog.editor
    focus(qtbot, editor.title)
    qtbot.keyClicks(editor.title, " v2")
    assert "unsaved changes" in dialog.list.currentItem().text()
    asked: list[str] = []

    # Cancel: the selection stays and so do the edits.
    when_dialog_opens(qtbot, answer(asked, QMessageBox.StandardButton.Cancel))
    dialog.list.setCurrentRow(0)
    assert asked == ["Save the changes to “Retro pulse v2”?"]
    assert dialog.shown == custom.id
    assert editor.title.text() == "Retro pulse v2"
    assert dialog.list.currentItem().data(Qt.ItemDataRole.UserRole) == custom.id
    # Closing asks too; Save saves, then the dialog closes.
    when_dialog_opens(qtbot, answer(asked, QMessageBox.StandardButton.Save))
    dialog.reject()
    assert not dialog.isVisible()
    assert stored(db, custom.id).title == "Retro pulse v2"

    # Edits that cannot be saved can only be discarded, or kept by cancelling.
    dialog = open_library(custom.id)
    type_in_cell(qtbot, dialog.editor.bands, 0, TO, "4")
    when_dialog_opens(qtbot, answer(asked, QMessageBox.StandardButton.Discard))
    dialog.list.setCurrentRow(0)
    assert asked[-1] == "The changes to “Retro pulse v2” cannot be saved yet:"
    assert dialog.shown == quizzes.ensure_built_in_quiz(db).id
    assert stored(db, custom.id).bands == (LOW, HIGH)


def test_undo_of_a_quiz_edit_shows_the_old_quiz_again(
    qtbot: QtBot,
    open_library: Callable[..., QuizLibraryDialog],
    db: Database,
    ws: Workspace,
    custom: QuizRecord,
) -> None:
    dialog = open_library(custom.id)
    editor = dialog.editor
    type_in_cell(qtbot, editor.statements, 1, 0, "Two, reworded")
    type_in_cell(qtbot, editor.bands, 1, ADVICE, "Keep at it.")
    press_button_key(qtbot, editor.save_button, Qt.Key.Key_S)
    assert stored(db, custom.id).statements == ("One", "Two, reworded", "Three")
    assert ws.undo_stack.undoText() == "Edit quiz “Retro pulse”"

    ws.undo_stack.undo()
    assert stored(db, custom.id) == QuizValues.of(custom)
    assert editor.statements.texts() == ["One", "Two", "Three"]
    assert editor.bands.cell(1, ADVICE) == "Keep going."
    assert not editor.is_dirty()
    ws.undo_stack.redo()
    assert editor.statements.texts()[1] == "Two, reworded"


def test_a_quiz_removed_by_undo_while_edited_keeps_the_edits(
    qtbot: QtBot, open_library: Callable[..., QuizLibraryDialog], db: Database, ws: Workspace
) -> None:
    dialog = open_library()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copy_id = dialog.shown
    qtbot.keyClicks(dialog.editor.title, "Mine")
    ws.undo_stack.undo()  # undoes the copy: the quiz on screen is gone
    assert quizzes.get_quiz(db, copy_id) is None
    assert dialog.shown == DRAFT
    assert dialog.editor.title.text() == "Mine"
    assert "kept as a new quiz" in dialog.message.text()


# --- quiz files ---------------------------------------------------------------------


def test_export_then_import_round_trip(
    qtbot: QtBot,
    open_library: Callable[..., QuizLibraryDialog],
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    dialog = open_library()
    built_in = quizzes.ensure_built_in_quiz(db)
    suggested: list[str] = []
    target = tmp_path / "exported"  # no suffix: .json is added

    def save_name(_parent: QWidget, _caption: str, path: str, _filter: str) -> tuple[str, str]:
        suggested.append(path)
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_name))
    press_button_key(qtbot, dialog.export_button, Qt.Key.Key_X, ALT)
    assert Path(suggested[0]).name == "CX Self-Assessment.json"
    written = target.with_suffix(".json")
    text = written.read_text(encoding="utf-8")
    assert "feedback—even mid-project" in text
    assert '\n  "title"' in text
    assert json.loads(text) == quiz_files.export_quiz(db, built_in.id)
    assert str(written) in dialog.message.text()

    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(written), ""))
    )
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    imported = [q for q in quizzes.list_quizzes(db) if not q.built_in]
    assert len(imported) == 1
    assert QuizValues.of(imported[0]) == QuizValues.of(built_in)
    assert dialog.shown == imported[0].id
    assert dialog.editor.mode is Mode.EDITABLE


def test_export_file_names_are_safe() -> None:
    assert export_file_name("CX Self-Assessment") == "CX Self-Assessment.json"
    assert export_file_name('Q1/Q2: "Kick-off" *draft*?') == "Q1 Q2 Kick-off draft.json"
    assert export_file_name("Zoë’s quiz") == "Zoë s quiz.json"
    assert export_file_name("../..") == "quiz.json"
    assert export_file_name("con") == "quiz con.json"


def _quiz_file(**changes: object) -> bytes:
    document: dict[str, object] = {
        "format": "cxdesk-quiz",
        "version": 1,
        "title": "Imported",
        "scale": {"min": 1, "max": 5},
        "statements": ["One", "Two"],
        "bands": [{"low": 2, "high": 5, "label": "Low"}, {"low": 6, "high": 10, "label": "High"}],
    }
    document.update(changes)
    return json.dumps(document).encode()


MALFORMED = {
    "not-json": (b"{'format': 'cxdesk-quiz'", "it is not valid JSON (line 1, column 2)."),
    "wrong-format": (_quiz_file(format="quizzer"), "it is not a CX Desk quiz file"),
    "newer-version": (_quiz_file(version=2), "made by a newer CX Desk (quiz file version 2"),
    "unknown-key": (_quiz_file(statments=[]), "keys CX Desk does not know: “statments”."),
    "band-gap": (
        _quiz_file(
            bands=[{"low": 2, "high": 4, "label": "Low"}, {"low": 6, "high": 10, "label": "H"}]
        ),
        "No band covers total 5.",
    ),
    "statements-not-a-list": (_quiz_file(statements="One, Two"), "“statements” must be a list"),
    "too-large": (b" " * (600 * 1024) + _quiz_file(), "it is 600 KB, larger than a quiz file"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_quiz_files_are_refused_with_their_message(
    qtbot: QtBot,
    open_library: Callable[..., QuizLibraryDialog],
    db: Database,
    ws: Workspace,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    case: str,
) -> None:
    content, message = MALFORMED[case]
    path = tmp_path / f"{case}.json"
    path.write_bytes(content)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(path), ""))
    )
    dialog = open_library()
    before = quizzes.list_quizzes(db)
    shown: list[tuple[str, str]] = []

    def read_and_close(box: QWidget) -> None:
        assert isinstance(box, QMessageBox)
        shown.append((box.text(), box.informativeText()))
        box.accept()

    when_dialog_opens(qtbot, read_and_close)
    press_button_key(qtbot, dialog.import_button, Qt.Key.Key_I, ALT)
    assert len(shown) == 1
    text, detail = shown[0]
    assert text.startswith("This quiz file cannot be imported: ")
    assert message in text
    assert detail == "Nothing was imported."
    assert quizzes.list_quizzes(db) == before
    assert ws.undo_stack.count() == 0
    assert dialog.list.count() == 1


def test_unreadable_quiz_file_is_refused(
    qtbot: QtBot,
    open_library: Callable[..., QuizLibraryDialog],
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    missing = tmp_path / "gone.json"
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_args: (str(missing), ""))
    )
    dialog = open_library()
    shown: list[str] = []
    when_dialog_opens(qtbot, lambda box: (shown.append(box.text()), box.accept()))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert shown
    assert shown[0].startswith("CX Desk cannot read “gone.json”")
    assert len(quizzes.list_quizzes(db)) == 1
