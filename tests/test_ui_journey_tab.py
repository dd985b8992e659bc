"""The Emotion map tab driven like a consultant in a workshop: keyboard first, mouse too,
checked in the database (the store) and on screen (grid, curve, checklists, summary)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from cxdesk.models.journey_entities import Touchpoint
from cxdesk.models.journey_map import DEFAULT_PHASES, JourneyMap, default_checklist
from cxdesk.store import journey_map as js
from cxdesk.store import workspace
from cxdesk.store.database import Database, open_database
from cxdesk.ui.journey.revisit_dialog import GO_TO_MATRIX, RevisitDialog
from cxdesk.ui.journey.stakeholders import INFLUENCE, ROLE, StakeholdersDialog
from cxdesk.ui.journey.tab import EMPTY_PAGE, MAP_PAGE, JourneyTab
from cxdesk.ui.main_window import MainWindow
from tests.ops_helpers import Colleague
from tests.ui_helpers import modules_loaded_by, open_editor, when_dialog_opens

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


def map_tab(window: MainWindow, qtbot: QtBot) -> JourneyTab:
    """View > Emotion map (Ctrl+6), as a person would."""
    assert window.page is not None
    back_to(window, qtbot)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    tab = window.page.map
    qtbot.waitUntil(tab.isVisible)
    return tab


def back_to(window: MainWindow, qtbot: QtBot) -> None:
    """After a modal dialog closes offscreen, the main window takes the keys again."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def stored(db: Database, engagement_id: int) -> JourneyMap:
    return js.load_map(db, engagement_id)


def names(journey: JourneyMap) -> list[list[str]]:
    return [[t.name for t in p.touchpoints] for p in journey.phases]


def type_into_editor(qtbot: QtBot, view: QAbstractItemView, text: str) -> None:
    """The cell is open for typing: replace what it holds and press Enter."""
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)
    editor = open_editor(view)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def type_in_cell(qtbot: QtBot, view: QAbstractItemView, text: str) -> None:
    """Type over the current cell as a person does: the first key opens the editor, the
    rest go into it, Enter saves."""
    qtbot.keyClicks(view, text[0])
    qtbot.waitUntil(lambda: view.state() == QAbstractItemView.State.EditingState)
    editor = open_editor(view)
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)


def three_phases(db: Database, engagement_id: int) -> JourneyMap:
    """The default phases with a few touchpoints, as a consultant would have them."""
    sales, implementation, support = js.add_default_phases(db, engagement_id)
    js.add_touchpoint(db, sales.id, name="Webinar", emotion=2)
    js.add_touchpoint(db, sales.id, name="Proposal", emotion=-1)
    js.add_touchpoint(db, implementation.id, name="Kick-off", emotion=1)
    js.add_touchpoint(db, implementation.id, name="Data migration", emotion=-3)
    js.add_touchpoint(db, support.id, name="First ticket")
    return stored(db, engagement_id)


def test_the_empty_map_explains_itself_and_starts_in_one_click(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    tab = map_tab(window, qtbot)
    assert tab.pages.currentIndex() == EMPTY_PAGE
    text = tab.empty_state.text.text()
    assert "sees, feels and needs" in text
    assert "before they fester" in text
    assert not tab.add_touchpoint_action.isEnabled()

    qtbot.mouseClick(tab.empty_state.default_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == MAP_PAGE)
    journey = stored(db, engagement_id)
    assert tuple(p.name for p in journey.phases) == DEFAULT_PHASES
    assert [tuple(i.text for i in p.handoff) for p in journey.phases] == [
        default_checklist(i) for i in range(3)
    ]
    assert tab.grid.grid_model.columnCount() == 3  # one placeholder column per phase
    labels = [label for label, _status, _items in tab.handoffs.checklists()]
    assert labels == [
        f"{DEFAULT_PHASES[0]} → {DEFAULT_PHASES[1]}",
        f"{DEFAULT_PHASES[1]} → {DEFAULT_PHASES[2]}",
    ]
    assert tab.grid.hasFocus()
    assert tab.current_phase() == journey.phases[0]  # ready for Ctrl+N

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == EMPTY_PAGE)
    assert stored(db, engagement_id).is_empty
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == MAP_PAGE)
    assert [p.id for p in stored(db, engagement_id).phases] == [p.id for p in journey.phases]


def test_a_phase_of_ones_own_is_named_as_it_is_added(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    tab = map_tab(window, qtbot)
    qtbot.mouseClick(tab.empty_state.own_button, Qt.MouseButton.LeftButton)
    type_into_editor(qtbot, tab.grid, "Discovery")
    assert [p.name for p in stored(db, engagement_id).phases] == ["Discovery"]
    # Ctrl+Shift+P: another one after the current phase, named at once
    qtbot.keyClick(
        tab.grid,
        Qt.Key.Key_P,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    type_into_editor(qtbot, tab.grid, "Renewal")
    assert [p.name for p in stored(db, engagement_id).phases] == ["Discovery", "Renewal"]
    # "+ Phase" with the mouse, on the first phase: it goes in between
    tab.select_phase(stored(db, engagement_id).phases[0].id)
    qtbot.mouseClick(toolbar_button(tab, "+ Phase"), Qt.MouseButton.LeftButton)
    type_into_editor(qtbot, tab.grid, "Pilot")
    assert [p.name for p in stored(db, engagement_id).phases] == ["Discovery", "Pilot", "Renewal"]
    window.undo_action.trigger()  # the rename
    window.undo_action.trigger()  # the new phase
    qtbot.waitUntil(lambda: len(stored(db, engagement_id).phases) == 2)


def test_undo_over_a_colleagues_later_change_is_refused_in_words_and_keeps_it(
    window: MainWindow,
    qtbot: QtBot,
    db: Database,
    engagement_id: int,
    colleague: Colleague,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The consultant renames a touchpoint; a colleague (another window, a shared
    database) then writes its pain points. Ctrl+Z would put the old row back over the
    colleague's note: it is refused in words, and both the rename and the note stay."""
    webinar = three_phases(db, engagement_id).touchpoints()[0]
    tab = map_tab(window, qtbot)
    tab.grid.select_touchpoint(webinar.id, "name")
    tab.grid.setFocus()
    type_in_cell(qtbot, tab.grid, "Webinar series")
    assert stored(db, engagement_id).touchpoint(webinar.id).name == "Webinar series"  # type: ignore[union-attr]

    colleague(Touchpoint, webinar.id, pain_points="Ana: the recording never came")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    qtbot.keyClick(tab.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(warnings))
    assert warnings[0].startswith("A touchpoint was changed after this step")
    assert "nothing was changed" in warnings[0]
    kept = stored(db, engagement_id).touchpoint(webinar.id)
    assert kept is not None
    assert (kept.name, kept.pain_points) == ("Webinar series", "Ana: the recording never came")
    assert not window.undo_action.isEnabled()  # the refused step is not offered again


def toolbar_button(tab: JourneyTab, text: str) -> QWidget:
    from PySide6.QtWidgets import QPushButton

    found = [b for b in tab.findChildren(QPushButton) if b.text() == text and b.isVisible()]
    assert len(found) == 1, text
    return found[0]


def test_touchpoints_are_added_by_keyboard_and_mouse(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    js.add_default_phases(db, engagement_id)
    tab = map_tab(window, qtbot)
    grid = tab.grid
    tab.select_phase(tab.journey.phases[0].id)
    grid.setFocus()

    # Ctrl+N, type the name, Enter — twice, each after the current one
    qtbot.keyClick(grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into_editor(qtbot, grid, "Welcome call")
    qtbot.keyClick(grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into_editor(qtbot, grid, "Proposal")
    tab.grid.select_touchpoint(stored(db, engagement_id).phases[0].touchpoints[0].id)
    qtbot.keyClick(grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into_editor(qtbot, grid, "Demo")
    assert names(stored(db, engagement_id)) == [["Welcome call", "Demo", "Proposal"], [], []]

    # the mouse: "+ Touchpoint" adds after the current one too
    qtbot.mouseClick(toolbar_button(tab, "+ Touchpoint"), Qt.MouseButton.LeftButton)
    type_into_editor(qtbot, grid, "Reference visit")
    assert names(stored(db, engagement_id))[0] == [
        "Welcome call",
        "Demo",
        "Reference visit",
        "Proposal",
    ]

    # an empty phase: click its "Add a touchpoint…" cell and type the name there
    model = grid.grid_model
    implementation = tab.journey.phases[1]
    column = model.phase_columns(implementation.id).start
    cell = model.index(model.field_row("name"), column)  # type: ignore[arg-type]
    grid.scrollTo(cell)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.visualRect(cell).center())
    type_in_cell(qtbot, grid, "Kick-off")
    qtbot.waitUntil(lambda: names(stored(db, engagement_id))[1] == ["Kick-off"])
    # ... and it is not opened again for typing: the name is done
    assert grid.state() != QAbstractItemView.State.EditingState
    assert tab.current_touchpoint() is not None
    assert tab.current_touchpoint().name == "Kick-off"  # type: ignore[union-attr]

    # undo and redo, one touchpoint at a time
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: names(stored(db, engagement_id))[1] == [])
    window.undo_action.trigger()  # the rename of the fourth
    window.undo_action.trigger()  # the fourth itself
    qtbot.waitUntil(lambda: len(names(stored(db, engagement_id))[0]) == 3)
    window.redo_action.trigger()
    window.redo_action.trigger()
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: names(stored(db, engagement_id))[1] == ["Kick-off"])
    assert "Reference visit" in names(stored(db, engagement_id))[0]
    assert model.columnCount() == 6


def test_a_command_while_typing_saves_the_typing_first(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    """Ctrl+N straight after typing a name, or Undo from the menu mid-typing: what was
    typed is saved (and undone as a step of its own), never thrown away with the editor."""
    js.add_default_phases(db, engagement_id)
    tab = map_tab(window, qtbot)
    grid = tab.grid
    tab.select_phase(tab.journey.phases[0].id)
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: grid.state() == QAbstractItemView.State.EditingState)
    editor = open_editor(grid)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Demo")  # no Enter: the next touchpoint straight away
    qtbot.keyClick(editor, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(names(stored(db, engagement_id))[0]) == 2)
    assert names(stored(db, engagement_id))[0][0] == "Demo"

    # Undo from the menu while the new one's name is being typed: the typing is undone
    # first (it was saved as a step), the touchpoint stays, and redo brings the name back.
    qtbot.waitUntil(lambda: grid.state() == QAbstractItemView.State.EditingState)
    editor = open_editor(grid)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Pilot")
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.State.EditingState)
    assert names(stored(db, engagement_id))[0] == ["Demo", "New touchpoint"]
    window.redo_action.trigger()
    assert names(stored(db, engagement_id))[0] == ["Demo", "Pilot"]
    assert window.ws is not None
    assert window.ws.undo_stack.canUndo()


def test_a_digit_of_another_script_is_not_a_crash(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    """AZERTY's top-left key types "²": isdigit() says yes, int() says no."""
    three_phases(db, engagement_id)
    tab = map_tab(window, qtbot)
    grid = tab.grid
    touchpoint = tab.journey.phases[0].touchpoints[0]
    grid.select_touchpoint(touchpoint.id)
    grid.setCurrentIndex(
        grid.grid_model.index(grid.grid_model.field_row("emotion"), grid.currentIndex().column())  # type: ignore[arg-type]
    )
    grid.setFocus()
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        key = QKeyEvent(kind, Qt.Key.Key_twosuperior, Qt.KeyboardModifier.NoModifier, "\u00b2")
        QApplication.sendEvent(grid, key)
    qtbot.keyClick(grid, Qt.Key.Key_3)
    assert stored(db, engagement_id).phases[0].touchpoints[0].emotion == 3


def test_emotions_and_stakeholders_are_scored_on_the_grid(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    three_phases(db, engagement_id)
    tab = map_tab(window, qtbot)
    grid = tab.grid
    chart = tab.ensure_chart()

    # two stakeholders, typed into the dialog (Ctrl+Shift+K); role and influence in the table
    def fill(dialog: QDialog) -> None:
        assert isinstance(dialog, StakeholdersDialog)
        for name in ("Dana", "Marco"):
            qtbot.keyClicks(dialog.new_name, name)
            qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda n=name: dialog.model.rows[-1].name == n)
        view = dialog.view
        view.setFocus()
        view.setCurrentIndex(dialog.model.index(0, ROLE))
        type_in_cell(qtbot, view, "CFO")  # typing opens the cell
        qtbot.waitUntil(lambda: dialog.model.rows[0].role == "CFO")
        view.setCurrentIndex(dialog.model.index(0, INFLUENCE))
        qtbot.keyClick(view, Qt.Key.Key_F2)
        combo = open_editor(view)
        assert isinstance(combo, QComboBox)
        assert [combo.itemText(i) for i in range(combo.count())] == ["Low", "Medium", "High"]
        combo.setCurrentIndex(2)
        combo.activated.emit(2)  # what choosing it with the mouse does
        qtbot.waitUntil(lambda: dialog.model.rows[0].influence == "high")
        qtbot.keyClick(view, Qt.Key.Key_Escape)
        dialog.accept()

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(
        grid, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    back_to(window, qtbot)
    dana, marco = stored(db, engagement_id).stakeholders
    assert (dana.name, dana.role, dana.influence, marco.name) == ("Dana", "CFO", "high", "Marco")
    model = grid.grid_model
    lanes = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert "Emotion · Dana" in lanes
    assert "Emotion · Marco" in lanes

    # the client's emotion and each stakeholder's, typed on the grid
    journey = stored(db, engagement_id)
    webinar, proposal = journey.phases[0].touchpoints
    grid.select_touchpoint(proposal.id, "emotion")
    grid.setFocus()
    qtbot.keyClicks(grid, "-2")
    grid.setCurrentIndex(model.index(model.stakeholder_row(dana.id), model.column_of(proposal.id)))  # type: ignore[arg-type]
    qtbot.keyClicks(grid, "-3")
    grid.setCurrentIndex(model.index(model.stakeholder_row(marco.id), model.column_of(webinar.id)))  # type: ignore[arg-type]
    qtbot.keyClicks(grid, "3")
    qtbot.keyClicks(grid, "7")  # out of range: refused, said, nothing saved
    assert "0-3" in tab.hint.text()
    journey = stored(db, engagement_id)
    assert journey.touchpoint(proposal.id).emotion == -2  # type: ignore[union-attr]
    assert journey.touchpoint(proposal.id).stakeholder_emotions == {dana.id: -3}  # type: ignore[union-attr]
    assert journey.touchpoint(webinar.id).stakeholder_emotions == {marco.id: 3}  # type: ignore[union-attr]

    # the curve follows at once: one line per stakeholder with a score
    qtbot.waitUntil(lambda: set(chart.series()) == {"Client (overall)", "Dana", "Marco"})
    assert (1, -2) in chart.series()["Client (overall)"]
    assert chart.series()["Dana"] == [(1, -3)]
    assert (proposal.id, dana.id) in chart.flagged()

    # renaming in the dialog renames the lane and the line; deleting takes them away,
    # and the dialog's own Undo brings them back with their scores
    def rename_and_delete(dialog: QDialog) -> None:
        assert isinstance(dialog, StakeholdersDialog)
        view = dialog.view
        view.setFocus()
        view.setCurrentIndex(dialog.model.index(0, 0))
        qtbot.keyClick(view, Qt.Key.Key_F2)
        editor = open_editor(view)
        editor.setText("Dana Øberg")  # type: ignore[attr-defined]
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: dialog.model.rows[0].name == "Dana Øberg")
        assert "Emotion · Dana Øberg" in [
            model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())
        ]
        qtbot.waitUntil(lambda: "Dana Øberg" in chart.series())
        qtbot.mouseClick(dialog.buttons["Move down"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: [s.name for s in dialog.model.rows] == ["Marco", "Dana Øberg"])
        view.setFocus()
        qtbot.keyClick(view, Qt.Key.Key_Delete)
        qtbot.waitUntil(lambda: [s.name for s in dialog.model.rows] == ["Marco"])
        assert "1 score" in dialog.status.text()
        assert model.stakeholder_row(dana.id) is None
        qtbot.mouseClick(dialog.buttons["Undo"], Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: len(dialog.model.rows) == 2)
        dialog.reject()

    when_dialog_opens(qtbot, rename_and_delete)
    qtbot.mouseClick(toolbar_button(tab, "Stakeholders…"), Qt.MouseButton.LeftButton)
    back_to(window, qtbot)
    journey = stored(db, engagement_id)
    assert [s.name for s in journey.stakeholders] == ["Marco", "Dana Øberg"]
    assert journey.touchpoint(proposal.id).stakeholder_emotions == {dana.id: -3}  # type: ignore[union-attr]
    lanes = [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]
    assert lanes.index("Emotion · Marco") < lanes.index("Emotion · Dana Øberg")

    # and the main undo takes back a score typed on the grid
    window.undo_action.trigger()  # the move
    window.undo_action.trigger()  # the rename
    window.undo_action.trigger()  # Marco's +3 at the webinar (the refused "7" left no step)
    qtbot.waitUntil(
        lambda: stored(db, engagement_id).touchpoint(webinar.id).stakeholder_emotions == {}  # type: ignore[union-attr]
    )


def test_touchpoints_and_phases_move_by_keyboard(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    three_phases(db, engagement_id)
    tab = map_tab(window, qtbot)
    grid = tab.grid
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    webinar = tab.journey.phases[0].touchpoints[0]
    grid.select_touchpoint(webinar.id, "name")
    grid.setFocus()
    assert not tab.move_left_action.isEnabled()  # the very first touchpoint

    qtbot.keyClick(grid, Qt.Key.Key_Right, ctrl_shift)
    qtbot.waitUntil(lambda: names(stored(db, engagement_id))[0] == ["Proposal", "Webinar"])
    qtbot.keyClick(grid, Qt.Key.Key_Right, ctrl_shift)  # over the edge: into the next phase
    qtbot.waitUntil(
        lambda: (
            names(stored(db, engagement_id))[:2]
            == [["Proposal"], ["Webinar", "Kick-off", "Data migration"]]
        )
    )
    assert tab.current_touchpoint().id == webinar.id  # type: ignore[union-attr]
    assert grid.grid_model.column_of(webinar.id) == grid.currentIndex().column() == 1

    # on the phase lane the same keys move the whole phase, its touchpoints with it
    implementation = tab.journey.phases[1]
    tab.select_phase(implementation.id)
    assert tab.delete_action.text().replace("&", "") == "Delete phase"
    qtbot.keyClick(grid, Qt.Key.Key_Left, ctrl_shift)
    qtbot.waitUntil(lambda: stored(db, engagement_id).phases[0].id == implementation.id)
    assert tab.on_phase_lane()
    assert tab.current_phase().id == implementation.id
    assert names(stored(db, engagement_id))[0] == ["Webinar", "Kick-off", "Data migration"]

    # the mouse: the arrow buttons in the toolbar do the same
    tab.select_phase(implementation.id)
    tab.move_right_action.trigger()
    qtbot.waitUntil(lambda: stored(db, engagement_id).phases[1].id == implementation.id)

    for _ in range(4):
        window.undo_action.trigger()
    qtbot.waitUntil(
        lambda: (
            names(stored(db, engagement_id))
            == [["Webinar", "Proposal"], ["Kick-off", "Data migration"], ["First ticket"]]
        )
    )
    for _ in range(4):
        window.redo_action.trigger()
    qtbot.waitUntil(lambda: stored(db, engagement_id).phases[1].id == implementation.id)


def test_deleting_a_phase_asks_first_and_undo_brings_it_all_back(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    before = three_phases(db, engagement_id)
    dana = js.add_stakeholder(db, engagement_id, "Dana")
    implementation = before.phases[1]
    js.set_stakeholder_emotion(db, implementation.touchpoints[1].id, dana.id, -2)
    js.update_handoff_item(db, implementation.handoff[0].id, done=True)
    before = stored(db, engagement_id)
    tab = map_tab(window, qtbot)
    tab.select_phase(implementation.id)
    tab.grid.setFocus()

    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def question(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
            asked.append(text)
            return reply

        return question

    monkeypatch.setattr(QMessageBox, "question", answer(NO))
    qtbot.keyClick(tab.grid, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert "Implementation" in asked[-1]
    assert "2 touchpoints" in asked[-1]
    assert stored(db, engagement_id) == before

    monkeypatch.setattr(QMessageBox, "question", answer(YES))
    qtbot.mouseClick(toolbar_button(tab, "Delete"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(stored(db, engagement_id).phases) == 2)
    assert tab.grid.grid_model.columnCount() == 3
    assert len(tab.handoffs.checklists()) == 1

    window.undo_action.trigger()
    qtbot.waitUntil(lambda: len(stored(db, engagement_id).phases) == 3)
    assert stored(db, engagement_id) == before  # same ids, scores, ticks and places
    assert tab.grid.grid_model.columnCount() == 5
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: len(stored(db, engagement_id).phases) == 2)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: stored(db, engagement_id) == before)

    # touchpoints: Ctrl+Delete on their columns, no question (undo is one key away)
    asked.clear()
    tab.grid.select_touchpoint(before.phases[0].touchpoints[0].id, "needs")
    checklist = tab.handoffs.group_for(implementation.id).view  # type: ignore[union-attr]
    checklist.setFocus()
    steps = window.ws.undo_stack.index()  # type: ignore[union-attr]
    qtbot.keyClick(checklist, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    assert stored(db, engagement_id).touchpoints() == before.touchpoints()  # not from there
    made = window.ws.undo_stack.index() - steps  # type: ignore[union-attr]
    for _ in range(made):  # whatever the checklist made of the key
        window.undo_action.trigger()
    assert window.ws.undo_stack.index() == steps  # type: ignore[union-attr]
    tab.grid.setFocus()
    qtbot.keyClick(tab.grid, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: names(stored(db, engagement_id))[0] == ["Proposal"])
    assert asked == []
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: stored(db, engagement_id) == before)
    # an empty phase goes without a question too
    empty = js.add_phase(db, engagement_id, "Renewal")
    tab.load_map()  # written around the workspace: read it as the tab does after a change
    tab.select_phase(empty.id)
    tab.delete_action.trigger()
    qtbot.waitUntil(lambda: len(stored(db, engagement_id).phases) == 3)
    assert asked == []


def test_revisit_at_a_milestone_and_compare(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    journey = three_phases(db, engagement_id)
    tab = map_tab(window, qtbot)
    chart = tab.ensure_chart()
    page = window.page
    assert page is not None

    # no milestones yet: said plainly, with the way to the Expectation Matrix
    def no_milestones(dialog: QDialog) -> None:
        assert isinstance(dialog, RevisitDialog)
        assert "no milestones yet" in dialog.state.text()
        assert "Expectation Matrix" in dialog.state.text()
        dialog.done(GO_TO_MATRIX)

    when_dialog_opens(qtbot, no_milestones)
    qtbot.keyClick(tab.grid, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentWidget() is page.matrix
    kickoff = workspace.add_milestone(db, engagement_id, "Kickoff", date(2026, 9, 14))
    workspace.add_milestone(db, engagement_id, "Go-live")
    tab = map_tab(window, qtbot)

    def revisit_first(dialog: QDialog) -> None:
        assert isinstance(dialog, RevisitDialog)
        assert dialog.chosen() == kickoff  # the first not revisited yet
        assert "Not revisited" in dialog.state.text()
        dialog.accept()

    when_dialog_opens(qtbot, revisit_first)
    qtbot.mouseClick(toolbar_button(tab, "Revisit…"), Qt.MouseButton.LeftButton)
    back_to(window, qtbot)
    qtbot.waitUntil(lambda: len(stored(db, engagement_id).revisits) == 1)
    assert "Kickoff" in tab.hint.text()
    assert tab.compare.isEnabled()
    items = [tab.compare.itemText(i) for i in range(tab.compare.count())]
    assert items[0] == "none"
    assert items[1].startswith("Kickoff (")

    # things improve; compared with the kickoff, the old curve shows dashed
    migration = journey.phases[1].touchpoints[1]
    window.ws.journey.edit_touchpoint(migration, "emotion", 1)  # type: ignore[union-attr]
    tab.compare.setCurrentIndex(1)
    qtbot.waitUntil(lambda: (3, -3) in chart.before_series().get("Client (overall)", []))
    assert (3, 1) in chart.series()["Client (overall)"]
    assert "Kickoff" in tab.summary.text()

    # revisiting at the same milestone warns that it replaces the earlier one
    def revisit_again(dialog: QDialog) -> None:
        assert isinstance(dialog, RevisitDialog)
        dialog.milestone.setCurrentIndex(0)
        assert dialog.replaces()
        assert "replaces" in dialog.state.text()
        dialog.accept()

    when_dialog_opens(qtbot, revisit_again)
    qtbot.keyClick(tab.grid, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    back_to(window, qtbot)
    qtbot.waitUntil(lambda: stored(db, engagement_id).revisits[0].emotions[migration.id] == 1)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: stored(db, engagement_id).revisits[0].emotions[migration.id] == -3)
    # deleting the milestone takes its revisit with it; the comparison falls back to none
    window.ws.delete_milestone(engagement_id, kickoff.id, kickoff.name)  # type: ignore[union-attr]
    tab = map_tab(window, qtbot)
    qtbot.waitUntil(lambda: tab.compare.count() == 1)
    assert tab.compared() is None
    assert not tab.compare.isEnabled()
    qtbot.waitUntil(lambda: chart.before_series().get("Client (overall)", []) == [])


def test_the_curve_and_the_grid_select_each_other(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    journey = three_phases(db, engagement_id)
    tab = map_tab(window, qtbot)
    chart = tab.ensure_chart()
    qtbot.waitUntil(lambda: len(chart.series().get("Client (overall)", [])) == 4)
    migration = journey.phases[1].touchpoints[1]

    # a click on the curve's point selects its touchpoint in the grid
    scene = chart.point_scene_pos(migration.id)
    point = chart.plot.mapFromScene(scene)
    qtbot.mouseClick(
        chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(point.x(), point.y())
    )
    qtbot.waitUntil(lambda: tab.current_touchpoint() is not None)
    assert tab.current_touchpoint().id == migration.id  # type: ignore[union-attr]
    assert tab.grid.hasFocus()  # ready to type what was said about it
    assert chart.current_x() == 3

    # and the grid's current touchpoint is marked on the curve
    tab.grid.select_touchpoint(journey.phases[0].touchpoints[0].id)
    assert chart.current_x() == 0


def test_the_map_is_all_there_after_reopening(
    open_window, qtbot: QtBot, db_path: Path, tmp_path: Path, engagement_id: int, db: Database
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    tab = map_tab(window, qtbot)
    qtbot.mouseClick(tab.empty_state.default_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == MAP_PAGE)
    qtbot.keyClick(tab.grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_into_editor(qtbot, tab.grid, "Welcome call")
    welcome = stored(db, engagement_id).phases[0].touchpoints[0]
    tab.grid.select_touchpoint(welcome.id, "emotion")
    qtbot.keyClicks(tab.grid, "-1")
    tab.grid.select_touchpoint(welcome.id, "thinks_feels")
    type_in_cell(qtbot, tab.grid, "Who are these people")
    window.ws.journey.add_stakeholder(engagement_id, "Dana", "CFO")  # type: ignore[union-attr]
    milestone = workspace.add_milestone(db, engagement_id, "Kickoff")
    window.ws.journey.revisit(engagement_id, milestone.id, milestone.name)  # type: ignore[union-attr]
    item = stored(db, engagement_id).phases[1].handoff[0]
    window.ws.journey.set_handoff_item_done(item, True)  # type: ignore[union-attr]
    expected = stored(db, engagement_id)
    window.close()

    reopened = open_database(db_path, backup_folder=tmp_path / "b2")
    try:
        again = open_window(reopened)
        tab = again.page.map
        assert tab.isVisible()  # the tab last used comes back
        assert js.load_map(reopened, engagement_id) == expected
        assert tab.journey == expected
        model = tab.grid.grid_model
        assert model.index(model.field_row("name"), 0).data() == "Welcome call"  # type: ignore[arg-type]
        assert model.index(model.field_row("emotion"), 0).data() == "-1 uneasy"  # type: ignore[arg-type]
        assert "Emotion · Dana" in [
            model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())
        ]
        assert tab.compare.count() == 2
        status = [s for _label, s, _items in tab.handoffs.checklists()]
        assert "4 of 5 open" in status[0]
        again.close()
    finally:
        reopened.close()


def test_the_demo_engagement_shows_a_believable_map(
    open_window, qtbot: QtBot, db: Database
) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.store.demo import add_demo_engagement

    demo = add_demo_engagement(db)
    window = open_window(db)
    assert window.navigator.select_engagement(demo)
    tab = map_tab(window, qtbot)
    journey = tab.journey
    assert tab.pages.currentIndex() == MAP_PAGE
    assert len(journey.phases) >= 3
    assert len(journey.touchpoints()) >= 8
    assert journey.stakeholders
    assert any(h.risky for h in journey.handoffs())
    chart = tab.ensure_chart()
    qtbot.waitUntil(lambda: len(chart.series()) >= 2)
    assert chart.flagged()
    assert len(chart.handoff_marks()) == len(journey.phases) - 1
    assert "fester" in tab.summary.text()
    assert tab.compare.count() >= 2  # the demo revisited its map at a milestone


def test_the_tab_is_in_the_menus(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    three_phases(db, engagement_id)
    tab = map_tab(window, qtbot)
    assert window.page is not None
    offered = [a.text().replace("&", "") for a in window.edit_menu.actions() if a.text()]
    assert "Add touchpoint" in offered
    assert "Revisit at milestone…" in offered
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert "Emotion map" in [a.text().replace("&", "") for a in view_menu.actions()]
    from cxdesk.ui.shortcuts_help import shortcuts_html

    assert "Emotion map" in shortcuts_html()
    assert "Ctrl+Shift+K" in shortcuts_html()
    # an edit undone from another tab brings the map back in front
    tab.grid.select_touchpoint(tab.journey.touchpoints()[0].id, "emotion")
    qtbot.keyClicks(tab.grid, "3")
    window.page.tabs.setCurrentWidget(window.page.matrix)
    window.undo_action.trigger()
    assert window.page.tabs.currentWidget() is tab
    assert tab.journey.touchpoints()[0].emotion == 2


def test_the_tab_does_not_load_pyqtgraph_at_start_up() -> None:
    loaded = modules_loaded_by("import cxdesk.ui.engagement_page", ("pyqtgraph", "numpy"))
    assert loaded == []


def test_focus_lands_on_the_map(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    tab = map_tab(window, qtbot)
    assert tab.empty_state.default_button.hasFocus()  # Enter starts the map
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.pages.currentIndex() == MAP_PAGE)
    assert tab.grid.hasFocus()
