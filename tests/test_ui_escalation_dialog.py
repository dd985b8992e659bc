"""The Escalation ladder dialog driven as a consultant would (keyboard first, buttons too):
every edit is in the database at once, and undo takes it back — to the default ladder
when it was the first change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QPlainTextEdit
from pytestqt.qtbot import QtBot

from cxdesk.models.escalation import DEFAULT_LADDER, EscalationLevel, is_default
from cxdesk.store import escalation as store
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.ui.escalation_dialog import ON_DEFAULT, EscalationDialog
from cxdesk.ui.escalation_model import (
    CHANNEL,
    NAME,
    OWNER,
    TRIGGER,
    EscalationEdits,
    EscalationModel,
)
from cxdesk.ui.workspace import Workspace
from tests.ui_helpers import modules_loaded_by, open_editor, when_dialog_opens

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def ws(db: Database, qtbot: QtBot) -> Workspace:
    return Workspace(db)


@pytest.fixture
def dialog(ws: Workspace, engagement_id: int, qtbot: QtBot) -> EscalationDialog:
    dialog = EscalationDialog(ws, engagement_id)
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def ladder(db: Database, engagement_id: int) -> tuple[EscalationLevel, ...]:
    return store.list_levels(db, engagement_id)


def type_in_cell(qtbot: QtBot, dialog: EscalationDialog, row: int, column: int, text: str) -> None:
    """Go to a cell and type over it (the first key opens the editor), Enter saves."""
    view = dialog.view
    view.setFocus()
    view.setCurrentIndex(dialog.model.index(row, column))
    qtbot.keyClicks(view, text[0])
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)
    editor = open_editor(view)
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def set_in_cell(qtbot: QtBot, dialog: EscalationDialog, row: int, column: int, text: str) -> None:
    """Open the cell with F2 and put Unicode in (keyClicks cannot type it), Enter saves."""
    view = dialog.view
    view.setFocus()
    view.setCurrentIndex(dialog.model.index(row, column))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)
    editor = open_editor(view)
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(text)
    else:
        editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def shown(dialog: EscalationDialog) -> list[list[str]]:
    model = dialog.model
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_it_opens_on_the_default_ladder_and_stores_nothing(
    dialog: EscalationDialog, db: Database, engagement_id: int
) -> None:
    assert dialog.windowTitle() == "Escalation ladder — ERP rollout"
    assert shown(dialog) == [list(rung) for rung in DEFAULT_LADDER]
    assert dialog.state.text() == ON_DEFAULT
    assert not dialog.reset_action.isEnabled()
    assert not dialog.undo_action.isEnabled()
    assert dialog.view.currentIndex().row() == 0  # the keyboard has a row to act on
    dialog.reject()
    assert is_default(ladder(db, engagement_id))
    with db.reading() as s:
        assert store.read_levels(s, engagement_id) == ladder(db, engagement_id)


def test_the_first_edit_makes_the_ladder_its_own_and_undo_goes_back_to_the_default(
    dialog: EscalationDialog, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    type_in_cell(qtbot, dialog, 1, OWNER, "Dana, engagement manager")
    stored = ladder(db, engagement_id)
    assert not is_default(stored)
    assert stored[1].owner == "Dana, engagement manager"
    assert [level.name for level in stored] == [rung[0] for rung in DEFAULT_LADDER]
    assert dialog.model.rows == stored
    assert "own ladder, 4 levels" in dialog.state.text()
    assert dialog.view.currentIndex().row() == 1  # still on the row just edited

    qtbot.keyClick(dialog.view, Qt.Key.Key_Z, CTRL)
    assert is_default(ladder(db, engagement_id))
    assert dialog.state.text() == ON_DEFAULT
    assert not dialog.undo_action.isEnabled()

    qtbot.keyClick(dialog.view, Qt.Key.Key_Z, CTRL_SHIFT)
    assert ladder(db, engagement_id) == stored  # the same rungs, the same ids


def test_a_trigger_takes_several_lines_and_any_text(
    dialog: EscalationDialog, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    # Typing into a trigger adds to it (as in the matrix): a long text is not lost to a
    # stray key. Shift+Enter starts a new line, Enter saves.
    type_in_cell(qtbot, dialog, 0, TRIGGER, " Any slip")
    assert ladder(db, engagement_id)[0].trigger == DEFAULT_LADDER[0][1] + " Any slip"
    view = dialog.view
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = open_editor(view)
    assert isinstance(editor, QPlainTextEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "Late")
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(editor, "or worried")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert ladder(db, engagement_id)[0].trigger == "Late\nor worried"
    set_in_cell(qtbot, dialog, 0, TRIGGER, "R&D <core> slips,\nor Ελένη is worried")
    set_in_cell(qtbot, dialog, 0, NAME, "Level 1: Zoë Łukasiewicz")
    set_in_cell(qtbot, dialog, 3, CHANNEL, "Фёдор: phone, then email")
    first, *_, last = ladder(db, engagement_id)
    assert first.trigger == "R&D <core> slips,\nor Ελένη is worried"
    assert first.name == "Level 1: Zoë Łukasiewicz"
    assert last.channel == "Фёдор: phone, then email"
    assert dialog.model.index(0, TRIGGER).data(Qt.ItemDataRole.ToolTipRole) == first.trigger


def test_a_level_without_a_name_is_refused(
    dialog: EscalationDialog, ws: Workspace, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    refusals: list[str] = []
    ws.editRefused.connect(refusals.append)
    set_in_cell(qtbot, dialog, 2, NAME, "   ")
    assert refusals == ["The level needs a name."]
    assert is_default(ladder(db, engagement_id))  # nothing stored, not even the default
    assert dialog.model.index(2, NAME).data() == DEFAULT_LADDER[2][0]
    assert not dialog.undo_action.isEnabled()


def test_levels_are_added_named_moved_and_deleted_with_the_keyboard(
    dialog: EscalationDialog, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    view = dialog.view
    view.setFocus()
    view.setCurrentIndex(dialog.model.index(1, NAME))
    qtbot.keyClick(view, Qt.Key.Key_N, CTRL)  # a new level below the current one...
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)
    editor = open_editor(view)  # ... with its name open for typing
    editor.selectAll()
    qtbot.keyClicks(editor, "Level 2b: Account lead")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ladder(db, engagement_id)[2].name == "Level 2b: Account lead")
    assert len(ladder(db, engagement_id)) == 5
    assert view.currentIndex().row() == 2

    qtbot.keyClick(view, Qt.Key.Key_Up, CTRL_SHIFT)
    assert [lv.name for lv in ladder(db, engagement_id)][:3] == [
        DEFAULT_LADDER[0][0],
        "Level 2b: Account lead",
        DEFAULT_LADDER[1][0],
    ]
    assert view.currentIndex().row() == 1  # the moved level stays selected
    qtbot.keyClick(view, Qt.Key.Key_Up, CTRL_SHIFT)
    assert ladder(db, engagement_id)[0].name == "Level 2b: Account lead"
    assert not dialog.up_action.isEnabled()

    moved = ladder(db, engagement_id)[0]
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert moved.id not in {lv.id for lv in ladder(db, engagement_id)}
    assert "Deleted “Level 2b: Account lead”" in dialog.status.text()
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert ladder(db, engagement_id)[0] == moved  # back, same id, same place
    assert [lv.position for lv in ladder(db, engagement_id)] == [0, 1, 2, 3, 4]


def test_the_buttons_do_what_the_keys_do(
    dialog: EscalationDialog, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    dialog.view.setCurrentIndex(dialog.model.index(3, NAME))
    qtbot.mouseClick(dialog.buttons["Move up"], Qt.MouseButton.LeftButton)
    assert ladder(db, engagement_id)[2].name == DEFAULT_LADDER[3][0]
    qtbot.mouseClick(dialog.buttons["Move down"], Qt.MouseButton.LeftButton)
    assert [lv.name for lv in ladder(db, engagement_id)] == [r[0] for r in DEFAULT_LADDER]
    qtbot.mouseClick(dialog.buttons["Delete"], Qt.MouseButton.LeftButton)
    assert len(ladder(db, engagement_id)) == 3
    dialog.view.clearSelection()
    dialog.view.setCurrentIndex(dialog.model.index(-1, -1))
    qtbot.mouseClick(dialog.buttons["Add level"], Qt.MouseButton.LeftButton)
    qtbot.keyClick(open_editor(dialog.view), Qt.Key.Key_Escape)
    assert ladder(db, engagement_id)[-1].name == store.NEW_LEVEL  # none selected: the end
    for _ in range(4):
        qtbot.mouseClick(dialog.buttons["Undo"], Qt.MouseButton.LeftButton)
    assert is_default(ladder(db, engagement_id))
    assert not dialog.buttons["Undo"].isEnabled()
    for _ in range(4):
        qtbot.mouseClick(dialog.buttons["Redo"], Qt.MouseButton.LeftButton)
    assert len(ladder(db, engagement_id)) == 4
    assert ladder(db, engagement_id)[-1].name == store.NEW_LEVEL
    assert not dialog.buttons["Redo"].isEnabled()


def test_reset_to_default_and_undo(
    dialog: EscalationDialog, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    type_in_cell(qtbot, dialog, 0, OWNER, "Marco")
    mine = ladder(db, engagement_id)
    assert dialog.reset_action.isEnabled()
    qtbot.mouseClick(dialog.buttons["Reset to default"], Qt.MouseButton.LeftButton)
    assert is_default(ladder(db, engagement_id))
    assert shown(dialog) == [list(rung) for rung in DEFAULT_LADDER]
    assert not dialog.buttons["Reset to default"].isEnabled()
    qtbot.mouseClick(dialog.buttons["Undo"], Qt.MouseButton.LeftButton)
    assert ladder(db, engagement_id) == mine


def test_the_last_level_cannot_be_deleted(
    dialog: EscalationDialog, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    for _ in range(3):
        qtbot.keyClick(dialog.view, Qt.Key.Key_Delete)
    assert len(ladder(db, engagement_id)) == 1
    assert not dialog.delete_action.isEnabled()
    assert not dialog.buttons["Delete"].isEnabled()


def test_undo_here_takes_back_only_what_was_done_here(
    ws: Workspace, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    ws.add_milestone(engagement_id, "Kickoff", None)  # an earlier step, in another place
    dialog = EscalationDialog(ws, engagement_id)
    qtbot.addWidget(dialog)
    dialog.show()
    EscalationEdits(ws).edit_level(dialog.model.rows[0], "owner", "Dana")
    dialog.undo()
    dialog.undo()  # nothing more to take back here
    assert is_default(ladder(db, engagement_id))
    assert [m.name for m in workspace.list_milestones(db, engagement_id)] == ["Kickoff"]
    assert ws.undo_stack.canUndo()  # the milestone is still on the main window's stack
    dialog.reject()


def test_after_the_dialog_is_gone_the_main_windows_undo_still_works(
    ws: Workspace, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    dialog = EscalationDialog(ws, engagement_id)
    with qtbot.waitExposed(dialog):
        dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    type_in_cell(qtbot, dialog, 0, OWNER, "Dana")
    dialog.accept()
    with qtbot.waitSignal(dialog.destroyed):
        dialog.deleteLater()
    assert ws.undo_stack.undoText() == f"Edit owner of “{DEFAULT_LADDER[0][0]}”"
    ws.undo_stack.undo()
    assert is_default(ladder(db, engagement_id))
    ws.undo_stack.redo()
    assert ladder(db, engagement_id)[0].owner == "Dana"


def test_a_second_dialog_follows_the_edits_made_in_the_first(
    dialog: EscalationDialog, ws: Workspace, engagement_id: int, qtbot: QtBot
) -> None:
    other = EscalationDialog(ws, engagement_id)
    qtbot.addWidget(other)
    type_in_cell(qtbot, dialog, 0, OWNER, "Dana")
    assert other.model.rows[0].owner == "Dana"  # it follows the change
    other.reject()


def test_it_opens_modally_with_exec(ws: Workspace, engagement_id: int, qtbot: QtBot) -> None:
    seen: list[int] = []

    def act(found: QDialog) -> None:
        assert isinstance(found, EscalationDialog)
        seen.append(found.model.rowCount())
        found.reject()

    when_dialog_opens(qtbot, act)
    dialog = EscalationDialog(ws, engagement_id)
    qtbot.addWidget(dialog)
    assert dialog.exec() == QDialog.DialogCode.Rejected
    assert seen == [4]


def test_the_model_passes_qtmodeltester(
    qtmodeltester, ws: Workspace, engagement_id: int, db: Database
) -> None:  # type: ignore[no-untyped-def]
    model = EscalationModel(EscalationEdits(ws))
    model.set_levels(ladder(db, engagement_id))
    qtmodeltester.check(model, force_py=True)
    store.add_level(db, engagement_id, name="Board")
    model.set_levels(ladder(db, engagement_id))
    qtmodeltester.check(model, force_py=True)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Level"
    assert model.headerData(4, Qt.Orientation.Vertical) == "5"


def test_the_dialogs_bring_no_pdf_library_at_start_up() -> None:
    loaded = modules_loaded_by(
        "import cxdesk.ui.escalation_dialog, cxdesk.ui.brand_dialog",
        ("reportlab", "svglib", "pypdf", "PIL"),
    )
    assert loaded == []


def test_no_window_is_left_behind(dialog: EscalationDialog) -> None:
    dialog.reject()
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
