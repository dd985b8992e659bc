"""The Actions tab as a consultant uses it: an action made from a trailing matrix row by
keyboard, completed with what was done, the gap revalidated at the next milestone and the
before → after seen; filters, sorting, overdue with a fake clock, going from an action to
its gap and back, undo of each edit, and the model checked by qtmodeltester."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.models.actions import ActionSource, SourceKind
from cxdesk.store import actions as action_store
from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database
from cxdesk.ui.actions.model import COLUMN_INDEX
from cxdesk.ui.actions.tab import ActionsTab
from cxdesk.ui.matrix.tab import ExpectationMatrixTab
from cxdesk.ui.tabs import TabKey
from tests.ui_helpers import when_dialog_opens

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
    assert shown(tab, "evidence") == ["Not measured yet"]

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
