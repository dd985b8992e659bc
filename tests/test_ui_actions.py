"""The Actions tab as a consultant uses it: an action made from a trailing matrix row by
keyboard, completed with what was done, the gap revalidated at the next milestone and the
before → after seen; filters, sorting, overdue with a fake clock, going from an action to
its gap and back, undo of each edit, and the model checked by qtmodeltester."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView
from pytestqt.qtbot import QtBot

from cxdesk.models.actions import ActionSource, ActionStatus, SourceKind
from cxdesk.store import actions as action_store
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.ui.actions.filters import Showing
from cxdesk.ui.actions.model import COLUMN_INDEX
from cxdesk.ui.actions.tab import ActionsTab
from cxdesk.ui.matrix.tab import ExpectationMatrixTab
from cxdesk.ui.record_model import RecordRole as ActionLineRole
from cxdesk.ui.tabs import TabKey
from tests.ui_helpers import open_editor, when_dialog_opens

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def trailing(db: Database, engagement_id: int) -> int:
    """A row the client rates two below what they expect, revalidated at a first milestone
    (its "before"), and a second milestone still to come; the row's id."""
    design = workspace.add_milestone(db, engagement_id, "Design sign-off")
    workspace.add_milestone(db, engagement_id, "Pilot go-live")
    item = expectations.add_item(
        db,
        engagement_id,
        expects="Weekly status note",
        expected_level=4,
        delivered_level=2,
        experienced_level=2,
    )
    # A week ago: a revalidation dated today would count as the end of today, after the
    # action is done.
    expectations.revalidate(db, design.id, date.today() - timedelta(days=7))
    return item.id


@pytest.fixture
def window_engagement(engagement_id: int, trailing: int) -> int:
    return engagement_id


def actions_tab(window) -> ActionsTab:  # type: ignore[no-untyped-def]
    tab = window.page.tab(TabKey.ACTIONS)
    assert isinstance(tab, ActionsTab)
    return tab


def shown(tab: ActionsTab, field: str) -> list[str]:
    column = COLUMN_INDEX[field]
    return [tab.proxy.index(row, column).data() or "" for row in range(tab.proxy.rowCount())]


def test_from_a_trailing_row_to_did_it_work(
    qtbot: QtBot, db: Database, engagement_id: int, trailing: int, window
) -> None:  # type: ignore[no-untyped-def]
    pilot = workspace.list_milestones(db, engagement_id)[1]
    ws = window.ws
    window.page.show_view(TabKey.MATRIX)
    matrix = window.page.matrix
    assert isinstance(matrix, ExpectationMatrixTab)
    qtbot.waitUntil(lambda: matrix.model.rowCount() == 1)
    matrix.view.setCurrentIndex(matrix.index_of(trailing, "expects"))
    matrix.view.setFocus()

    # Ctrl+Shift+G: the dialog comes filled from the gap; type an owner, Enter.
    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        assert "Weekly status note" in dialog.title.text()
        assert dialog.gap.text() == "Expectation: Weekly status note"
        dialog.cause.setCurrentIndex(dialog.cause.findData("communication"))
        qtbot.keyClicks(dialog.owner, "Ana")
        qtbot.keyClick(dialog.owner, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, fill)
    qtbot.keyClick(matrix.view, Qt.Key.Key_G, CTRL_SHIFT)
    [made] = action_store.list_actions(db, engagement_id)
    assert made.record.expectation_item_id == trailing
    assert made.record.owner_name == "Ana"
    assert made.record.cause == "communication"
    assert made.record.gap_before == -2
    # The matrix row carries its count.
    qtbot.waitUntil(lambda: _badge_text(matrix, trailing) == "1 action")

    # The Actions tab (Ctrl+7): the action, its gap, its cause's name and seed word.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(matrix.view, Qt.Key.Key_7, CTRL)
    tab = actions_tab(window)
    assert window.page.tabs.currentWidget() is tab
    assert shown(tab, "source") == ["Expectation: Weekly status note"]
    assert shown(tab, "cause") == ["Communication gap"]
    cause_tip = tab.proxy.index(0, COLUMN_INDEX["cause"]).data(Qt.ItemDataRole.ToolTipRole)
    assert "correspondence" in cause_tip

    # Mark done by keyboard: asked what was done.
    tab.view.setCurrentIndex(tab.proxy.index(0, COLUMN_INDEX["title"]))
    tab.view.setFocus()

    def say_what_was_done(dialog) -> None:  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.outcome, "Sent the note every Friday")
        qtbot.keyClick(dialog.outcome, Qt.Key.Key_Return, CTRL)

    when_dialog_opens(qtbot, say_what_was_done)
    qtbot.keyClick(tab.view, Qt.Key.Key_D, CTRL_SHIFT)
    [done] = action_store.list_actions(db, engagement_id)
    assert done.record.status == "done"
    assert done.record.outcome == "Sent the note every Friday"
    qtbot.waitUntil(lambda: shown(tab, "status") == ["Done"])
    qtbot.waitUntil(lambda: shown(tab, "evidence") == ["Not measured yet"])

    # The client feels it now; revalidated at the next milestone.
    now = matrix.model.record_of(trailing)
    assert now is not None
    ws.edit_item(now, "experienced_level", 4)
    ws.revalidate(engagement_id, pilot.id, pilot.name)
    qtbot.waitUntil(lambda: shown(tab, "evidence") == ["▲ Improved: −2 → 0 (Pilot go-live)"])
    # ... and in the matrix, beside the row.
    window.page.show_view(TabKey.MATRIX)
    qtbot.waitUntil(lambda: _badge_text(matrix, trailing) == "1 action · ▲ −2 → 0")


def _badge_text(matrix: ExpectationMatrixTab, item_id: int) -> str:
    from cxdesk.ui.actions.links import GapLink

    [link] = matrix.view.findChildren(GapLink)
    badge = link.badge_of(ActionSource(SourceKind.EXPECTATION, item_id))
    return badge.text if badge is not None else ""


def _made(db: Database, engagement_id: int, trailing: int) -> dict[str, int]:
    """Three actions: one on the trailing row (Ana, due a week ago), a typed one (Ben, due
    later, client side), one done (Cleo, due long ago)."""
    on_row = action_store.add_action(
        db,
        engagement_id,
        "Send the weekly note",
        source=ActionSource(SourceKind.EXPECTATION, trailing),
        owner_name="Ana",
        cause="communication",
        due_on=date(2026, 3, 2),
    )
    typed = action_store.add_action(
        db,
        engagement_id,
        "Agree the test plan",
        owner_name="Ben",
        owner_side="client",
        cause="standards",
        due_on=date(2026, 3, 20),
    )
    closed = action_store.add_action(
        db, engagement_id, "Fix the invoice PDF", owner_name="Cleo", due_on=date(2026, 1, 5)
    )
    action_store.set_status(db, closed.id, "done", closed.record.version, outcome="Fixed")
    return {"on_row": on_row.id, "typed": typed.id, "closed": closed.id}


def _open_actions(qtbot: QtBot, window, today: date) -> ActionsTab:  # type: ignore[no-untyped-def]
    tab = window.page.actions_view
    tab.today = lambda: today  # the fake clock: overdue is counted to this day
    tab.show_engagement(None)
    tab.show_engagement(window.shown_engagement().id)
    window.page.show_view(TabKey.ACTIONS)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    return tab


def test_filters_sorting_and_overdue_with_a_fake_clock(
    qtbot: QtBot, db: Database, engagement_id: int, trailing: int, window
) -> None:  # type: ignore[no-untyped-def]
    _made(db, engagement_id, trailing)
    tab = _open_actions(qtbot, window, date(2026, 3, 10))
    # Overdue plainly: a marker and the days in words, bold, tinted; not the done one.
    assert shown(tab, "due_on") == [
        "⚠ 02 Mar 2026, 8 d late",
        "20 Mar 2026",
        "05 Jan 2026",
    ]
    due = tab.proxy.index(0, COLUMN_INDEX["due_on"])
    assert due.data(Qt.ItemDataRole.FontRole).bold()
    assert due.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert tab.proxy.index(2, COLUMN_INDEX["due_on"]).data(Qt.ItemDataRole.BackgroundRole) is None
    qtbot.waitUntil(lambda: tab.count.text() == "3 actions · 2 open · 1 overdue")

    def titles() -> list[str]:
        return shown(tab, "title")

    tab.showing.setCurrentIndex(tab.showing.findData(Showing.OVERDUE.value))
    assert titles() == ["Send the weekly note"]
    tab.showing.setCurrentIndex(tab.showing.findData(Showing.OPEN.value))
    assert titles() == ["Send the weekly note", "Agree the test plan"]
    tab.showing.setCurrentIndex(tab.showing.findData(Showing.ALL.value))
    tab.owner.setCurrentIndex(tab.owner.findData("Ben"))
    assert titles() == ["Agree the test plan"]
    tab.owner.setCurrentIndex(0)
    tab.cause.setCurrentIndex(tab.cause.findData("communication"))
    assert titles() == ["Send the weekly note"]
    tab.cause.setCurrentIndex(tab.cause.findData(""))  # no cause named
    assert titles() == ["Fix the invoice PDF"]
    tab.cause.setCurrentIndex(0)
    tab.kind.setCurrentIndex(tab.kind.findData(SourceKind.EXPECTATION.value))
    assert titles() == ["Send the weekly note"]
    tab.kind.setCurrentIndex(0)
    qtbot.keyClicks(tab.search, "invoice")
    assert titles() == ["Fix the invoice PDF"]
    tab.search.clear()

    # Dates sort as dates (not as the words shown), undated last.
    tab.view.sortByColumn(COLUMN_INDEX["due_on"], Qt.SortOrder.AscendingOrder)
    assert titles() == ["Fix the invoice PDF", "Send the weekly note", "Agree the test plan"]
    tab.view.sortByColumn(COLUMN_INDEX["status"], Qt.SortOrder.DescendingOrder)
    assert titles()[0] == "Fix the invoice PDF"

    # Another day: the same rows, counted to it.
    tab.today = lambda: date(2026, 3, 25)
    tab.show_engagement(None)
    tab.show_engagement(engagement_id)
    qtbot.waitUntil(lambda: tab.count.text() == "3 actions · 2 open · 2 overdue")


def test_edits_by_keyboard_each_undone_as_one_step(
    qtbot: QtBot, db: Database, engagement_id: int, trailing: int, window
) -> None:  # type: ignore[no-untyped-def]
    ids = _made(db, engagement_id, trailing)
    tab = _open_actions(qtbot, window, date(2026, 3, 10))
    ws = window.ws

    def record():  # type: ignore[no-untyped-def]
        found = action_store.get_action(db, ids["typed"])
        assert found is not None
        return found.record

    assert tab.select(ids["typed"], "owner_name")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    editor = open_editor(tab.view)
    editor.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(editor, "Dora")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.view.state() != QAbstractItemView.State.EditingState)
    assert record().owner_name == "Dora"
    assert tab.select(ids["typed"], "owner_side")
    qtbot.keyClick(tab.view, Qt.Key.Key_O)  # O: our team
    assert record().owner_side == "ours"
    assert tab.select(ids["typed"], "status")
    qtbot.keyClick(tab.view, Qt.Key.Key_P)  # P: in progress
    assert record().status == ActionStatus.IN_PROGRESS.value
    assert tab.select(ids["typed"], "due_on")
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete)  # no due date
    assert record().due_on is None

    for undone in (
        lambda r: r.due_on == date(2026, 3, 20),
        lambda r: r.status == "open",
        lambda r: r.owner_side == "client",
        lambda r: r.owner_name == "Ben",
    ):
        ws.undo_stack.undo()
        assert undone(record())
    qtbot.waitUntil(lambda: "Ben" in shown(tab, "owner_name"))

    # Deleted by keyboard, and back.
    assert tab.select(ids["typed"])
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    assert action_store.get_action(db, ids["typed"]) is None
    ws.undo_stack.undo()
    assert action_store.get_action(db, ids["typed"]) is not None


def test_a_colleagues_later_change_is_refused_in_words(
    qtbot: QtBot, db: Database, engagement_id: int, trailing: int, window
) -> None:  # type: ignore[no-untyped-def]
    ids = _made(db, engagement_id, trailing)
    tab = _open_actions(qtbot, window, date(2026, 3, 10))
    line = tab.model.record_of(ids["typed"])
    assert line is not None
    # Changed behind the screen (another window, a colleague): the screen's row is older.
    action_store.update_action(db, ids["typed"], "owner_name", "Cleo", version=line.record.version)
    refusals: list[str] = []
    window.ws.editRefused.connect(refusals.append)
    window.ws.editRefused.disconnect(window._edit_refused)  # no modal box in the test
    tab.model.setData(
        tab.model.index(tab.model.row_of(ids["typed"]), COLUMN_INDEX["owner_name"]), "Dora"
    )
    assert refusals
    assert "Ben → Cleo" in refusals[0]
    assert action_store.get_action(db, ids["typed"]).record.owner_name == "Cleo"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: "Ben → Cleo" in tab.status.text())


def test_go_to_the_gap_and_back(
    qtbot: QtBot, db: Database, engagement_id: int, trailing: int, window
) -> None:  # type: ignore[no-untyped-def]
    ids = _made(db, engagement_id, trailing)
    tab = _open_actions(qtbot, window, date(2026, 3, 10))
    assert tab.select(ids["on_row"], "source")
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_G, CTRL)  # Go to the gap
    matrix = window.page.matrix
    assert window.page.tabs.currentWidget() is matrix
    qtbot.waitUntil(lambda: matrix.view.currentIndex().data(ActionLineRole) is not None)
    assert matrix.view.currentIndex().data(ActionLineRole).id == trailing

    # From the row: "Show actions for this gap" narrows the Actions view to its one.
    from cxdesk.ui.actions.links import GapLink

    [link] = matrix.view.findChildren(GapLink)
    link.show_action.trigger()
    assert window.page.tabs.currentWidget() is tab
    assert shown(tab, "title") == ["Send the weekly note"]
    assert tab.gap_label.text() == "Actions on Expectation: Weekly status note"
    tab.gap_clear.click()
    assert tab.proxy.rowCount() == 3

    # A typed action has no gap to go to: said so.
    assert tab.select(ids["typed"], "source")
    qtbot.keyClick(tab.view, Qt.Key.Key_G, CTRL)
    assert window.page.tabs.currentWidget() is tab


def test_the_model_passes_qtmodeltester(
    qtbot: QtBot, qtmodeltester, db: Database, engagement_id: int, trailing: int, window
) -> None:  # type: ignore[no-untyped-def]
    _made(db, engagement_id, trailing)
    tab = _open_actions(qtbot, window, date(2026, 3, 10))
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.proxy)


def test_a_pulse_checks_not_working_becomes_an_action_by_keyboard(
    qtbot: QtBot, db: Database, engagement_id: int, window
) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.store import pulse

    said = pulse.add_pulse(
        db,
        engagement_id,
        date.today() - timedelta(days=3),
        respondent="Helen",
        confidence=5,
        not_working="Nobody tells us when the depot is late",
    )
    window.page.show_view(TabKey.PULSE)
    tab = window.page.pulse
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.view.setCurrentIndex(tab.index_of(said.id, "not_working"))
    tab.view.setFocus()

    def accept(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.title.text() == "Act on: Nobody tells us when the depot is late"
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, accept)
    qtbot.keyClick(tab.view, Qt.Key.Key_G, CTRL_SHIFT)
    [made] = action_store.list_actions(db, engagement_id)
    assert made.record.pulse_check_id == said.id
    assert made.record.gap_before == 5
    # Undo takes it away as one step.
    window.ws.undo_stack.undo()
    assert action_store.list_actions(db, engagement_id) == []


def test_a_pain_point_on_the_emotion_map_becomes_an_action_and_is_gone_back_to(
    qtbot: QtBot, db: Database, engagement_id: int, window
) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.store import journey_map

    phase = next(iter(journey_map.add_default_phases(db, engagement_id)))
    journey_map.add_touchpoint(db, phase.id, name="Depot training", emotion=-2)
    point = journey_map.add_touchpoint(
        db, phase.id, name="First invoice", emotion=-3, pain_points="PDF has no PO number"
    )
    window.page.show_view(TabKey.MAP)
    grid = window.page.map.grid
    qtbot.waitUntil(lambda: grid.grid_model.column_of(point.id) is not None)
    assert grid.select_touchpoint(point.id)
    grid.setFocus()
    when_dialog_opens(qtbot, lambda dialog: qtbot.keyClick(dialog.title, Qt.Key.Key_Return))
    qtbot.keyClick(grid, Qt.Key.Key_G, CTRL_SHIFT)
    [made] = action_store.list_actions(db, engagement_id)
    assert made.record.touchpoint_id == point.id
    assert made.record.title == "Fix the pain at First invoice: PDF has no PO number"
    assert made.record.gap_before == -3

    # From the action back to its column.
    grid.setCurrentIndex(grid.grid_model.index(0, grid.grid_model.column_of(point.id) - 1))
    tab = _open_actions_with(qtbot, window, 1)
    assert tab.select(made.id, "source")
    tab.view.setFocus()
    window.activateWindow()  # the dialog had the keys: the window has them again
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(tab.view, Qt.Key.Key_G, CTRL)
    assert window.page.tabs.currentWidget() is window.page.map
    assert grid.current_slot().touchpoint.id == point.id  # type: ignore[union-attr]


def _open_actions_with(qtbot: QtBot, window, rows: int) -> ActionsTab:  # type: ignore[no-untyped-def]
    window.page.show_view(TabKey.ACTIONS)
    tab = window.page.actions_view
    qtbot.waitUntil(lambda: tab.model.rowCount() == rows)
    return tab


def test_an_open_handoff_item_becomes_an_action_by_keyboard_and_is_gone_back_to(
    qtbot: QtBot, db: Database, engagement_id: int, window
) -> None:  # type: ignore[no-untyped-def]
    """On the emotion map's Handoffs tab, an open checklist item is a gap like any other:
    Ctrl+Shift+G (or the context menu) makes an action on it, filled from it; a ticked
    item is no gap; Ctrl+G from the action brings the checklist forward with the item."""
    from cxdesk.store import journey_phases
    from cxdesk.ui.actions.links import GapLink

    journey_phases.add_phase(db, engagement_id, "Sales")
    second = journey_phases.add_phase(db, engagement_id, "Onboarding")
    done = journey_phases.add_handoff_item(db, second.id, "Success criteria written down")
    journey_phases.update_handoff_item(db, done.id, done=True)
    item = journey_phases.add_handoff_item(db, second.id, "Next team met the client")
    window.page.show_view(TabKey.MAP)
    journey = window.page.map
    panel = journey.handoffs
    qtbot.waitUntil(lambda: second.id in panel.groups)
    group = panel.groups[second.id]
    qtbot.waitUntil(lambda: group.model.rowCount() == 2)
    journey.side.setCurrentWidget(panel)
    [link] = group.view.findChildren(GapLink)
    assert link.new_action in group.view.actions()  # the context menu's entry, the key's

    # A ticked item is no gap: the key does nothing.
    group.view.setFocus()
    group.view.setCurrentIndex(group.model.index(0, 0))
    qtbot.keyClick(group.view, Qt.Key.Key_G, CTRL_SHIFT)
    assert action_store.list_actions(db, engagement_id) == []

    group.view.setCurrentIndex(group.model.index(1, 0))

    def accept(dialog) -> None:  # type: ignore[no-untyped-def]
        assert dialog.title.text() == "Close: Next team met the client"
        qtbot.keyClick(dialog.title, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, accept)
    qtbot.keyClick(group.view, Qt.Key.Key_G, CTRL_SHIFT)
    [made] = action_store.list_actions(db, engagement_id)
    assert made.record.handoff_item_id == item.id
    assert made.source_text == "Handoff item: Next team met the client"
    assert made.record.gap_before == 0  # not ticked yet

    # From the action back to its item, the checklist forward again.
    journey.side.setCurrentIndex(0)
    group.view.setCurrentIndex(group.model.index(0, 0))
    tab = _open_actions_with(qtbot, window, 1)
    assert tab.select(made.id, "source")
    tab.view.setFocus()
    window.activateWindow()  # the dialog had the keys: the window has them again
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(tab.view, Qt.Key.Key_G, CTRL)
    assert window.page.tabs.currentWidget() is journey
    assert journey.side.currentWidget() is panel
    assert group.view.currentIndex().row() == 1
    assert group.view.hasFocus()

    # Undo takes the action away as one step.
    window.ws.undo_stack.undo()
    assert action_store.list_actions(db, engagement_id) == []
