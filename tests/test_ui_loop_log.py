"""The "You said, we did" tab as a consultant uses it, by keyboard: an entry from a pulse check's
free text, paired with a done action; a small win; each undone on its own."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cxdesk.models.actions import ActionStatus
from cxdesk.models.loop_log import SaidSource
from cxdesk.store import actions as action_store
from cxdesk.store import loop_log as log_store
from cxdesk.store import pulse as pulse_store
from cxdesk.store import workspace as workspace_store
from cxdesk.store.database import Database
from cxdesk.ui.loop_log.dialogs import PairDialog, SaidDialog, WinDialog
from cxdesk.ui.loop_log.model import (
    SAID_INDEX,
    WIN_INDEX,
    SaidLine,
    SaidTableModel,
    WinLine,
    WinTableModel,
)
from cxdesk.ui.loop_log.tab import LoopLogTab
from cxdesk.ui.workspace import Workspace
from tests.ui_helpers import when_dialog_opens

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
TODAY = date(2026, 3, 20)


@pytest.fixture
def ws(db: Database, qtbot: QtBot) -> Workspace:
    return Workspace(db)


@pytest.fixture
def tab(ws: Workspace, engagement_id: int, qtbot: QtBot) -> LoopLogTab:
    tab = LoopLogTab(ws)
    tab.today = lambda: TODAY
    qtbot.addWidget(tab)
    tab.show_engagement(engagement_id)
    tab.resize(1024, 700)
    with qtbot.waitExposed(tab):
        tab.show()
    return tab


def press(qtbot: QtBot, tab: LoopLogTab, key: Qt.Key) -> None:
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.said_view.setFocus()
    qtbot.keyClick(tab.said_view, key, CTRL_SHIFT)


def test_from_a_pulse_check_paired_with_a_done_action_and_undone(
    tab: LoopLogTab, ws: Workspace, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    pulse = pulse_store.add_pulse(
        db,
        engagement_id,
        date(2026, 3, 9),
        respondent="Helen",
        confidence=5,
        not_working="Nobody tells us when a shipment is late",
    )
    action = action_store.add_action(db, engagement_id, "Late-shipment alert by noon")
    action_store.set_status(db, action.id, ActionStatus.DONE, outcome="Alert sent daily")

    def from_pulse(dialog: QDialog) -> None:
        assert isinstance(dialog, SaidDialog)
        dialog.source.setFocus()
        # Down from "Typed" to "Pulse check": its words, day and person fill in.
        qtbot.keyClick(dialog.source, Qt.Key.Key_Down)
        assert dialog.chosen() is SaidSource.PULSE
        assert dialog.said.toPlainText() == "Nobody tells us when a shipment is late"
        assert dialog.said_by.text() == "Helen"
        assert dialog.said_on.to_python() == date(2026, 3, 9)
        dialog.accept()

    when_dialog_opens(qtbot, from_pulse)
    press(qtbot, tab, Qt.Key.Key_Y)
    entry = log_store.list_said(db, engagement_id)[0]
    assert (entry.said_source, entry.pulse_check_id) == ("pulse", pulse.id)
    assert entry.said == "Nobody tells us when a shipment is late"
    assert not entry.answered
    said_cell = tab.said_model.index(0, SAID_INDEX["we_did"])
    assert said_cell.data() == "— not yet"
    assert tab.said_model.index(0, SAID_INDEX["source"]).data() == "Pulse check"

    def pair(dialog: QDialog) -> None:
        assert isinstance(dialog, PairDialog)
        assert dialog.list.count() == 1
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)

    when_dialog_opens(qtbot, pair)
    press(qtbot, tab, Qt.Key.Key_D)
    entry = log_store.list_said(db, engagement_id)[0]
    assert entry.action_id == action.id
    assert entry.answered
    assert tab.said_count.text() == "1 entries · 1 answered"
    we_did = tab.said_model.index(0, SAID_INDEX["we_did"]).data()
    assert we_did in ("Alert sent daily", "Action: Late-shipment alert by noon")

    ws.undo_stack.undo()
    assert log_store.list_said(db, engagement_id)[0].action_id is None
    qtbot.waitUntil(lambda: tab.said_model.index(0, SAID_INDEX["we_did"]).data() == "— not yet")
    ws.undo_stack.undo()
    assert log_store.list_said(db, engagement_id) == []
    qtbot.waitUntil(lambda: tab.said_model.rowCount() == 0)


def test_a_typed_entry_needs_words(tab: LoopLogTab, qtbot: QtBot) -> None:
    said: list[str] = []

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, SaidDialog)
        dialog.accept()
        said.append(dialog.problem.text())
        dialog.reject()

    when_dialog_opens(qtbot, act)
    press(qtbot, tab, Qt.Key.Key_Y)
    assert said == ["Say what the client said: the entry needs their words."]


def test_a_small_win_at_a_milestone_and_undone(
    tab: LoopLogTab, ws: Workspace, db: Database, engagement_id: int, qtbot: QtBot
) -> None:
    milestone = workspace_store.add_milestone(db, engagement_id, "Pilot go-live", TODAY)
    tab.show_engagement(engagement_id)  # the milestone made behind its back: read again

    def act(dialog: QDialog) -> None:
        assert isinstance(dialog, WinDialog)
        qtbot.keyClicks(dialog.text, "Pilot live a week early")
        dialog.milestone.setCurrentIndex(dialog.milestone.findData(milestone.id))
        dialog.text.setPlainText(dialog.text.toPlainText() + " — Zoë cheered")
        dialog.accept()

    when_dialog_opens(qtbot, act)
    press(qtbot, tab, Qt.Key.Key_W)
    win = log_store.list_wins(db, engagement_id)[0]
    assert win.text == "Pilot live a week early — Zoë cheered"
    assert (win.won_on, win.milestone_id) == (TODAY, milestone.id)
    assert tab.win_model.index(0, WIN_INDEX["milestone"]).data() == "Pilot go-live"
    ws.undo_stack.undo()
    assert log_store.list_wins(db, engagement_id) == []
    qtbot.waitUntil(lambda: tab.win_model.rowCount() == 0)


def test_the_models_pass_qtmodeltester(qtmodeltester, db: Database, engagement_id: int) -> None:  # type: ignore[no-untyped-def]
    entry = log_store.add_said(db, engagement_id, TODAY, "Ζωή: too slow", we_did="Faster")
    win = log_store.add_win(db, engagement_id, TODAY, "Early")
    said = SaidTableModel(lambda *_args: None)
    said.reset([SaidLine(entry, ""), SaidLine(log_store.get_said(db, [entry.id])[0], "")][:1])
    qtmodeltester.check(said, force_py=True)
    wins = WinTableModel(lambda *_args: None)
    wins.reset([WinLine(win, "", "")])
    qtmodeltester.check(wins, force_py=True)
