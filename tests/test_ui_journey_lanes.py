"""The emotion map's lane labels keep their width when stakeholders come: scrolled right,
the touchpoint being looked at stays where it is instead of sliding under a wider label."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from cxdesk.store import journey_map as js
from cxdesk.store.database import Database
from cxdesk.ui.journey.stakeholders import StakeholdersDialog
from cxdesk.ui.main_window import MainWindow
from tests.test_ui_journey_tab import map_tab, stored
from tests.ui_helpers import when_dialog_opens

LONG_NAMES = (
    "Małgorzata Wójcik-Żuławska (Chief Nursing Officer)",
    "Ελένη Παπαδοπούλου, Head of Procurement",
)


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    """The window opens on the engagement (tests/conftest.py's ``window``)."""
    return engagement_id


def test_adding_stakeholders_scrolled_right_keeps_the_touchpoint_in_place(
    window: MainWindow, qtbot: QtBot, db: Database, engagement_id: int
) -> None:
    (phase,) = js.add_default_phases(db, engagement_id)[:1]
    for number in range(12):
        js.add_touchpoint(db, phase.id, name=f"Touchpoint {number + 1}")
    window.resize(1000, 700)
    tab = map_tab(window, qtbot)
    grid = tab.grid
    lanes = grid.verticalHeader()
    column = 8
    grid.setCurrentIndex(grid.grid_model.index(1, column))
    scroll = grid.horizontalScrollBar()
    scroll.setValue(scroll.value() + grid.columnViewportPosition(column))
    qtbot.waitUntil(lambda: grid.columnViewportPosition(column) == 0)
    label_width = lanes.width()
    on_screen = grid.viewport().mapTo(tab, grid.visualRect(grid.currentIndex()).topLeft())

    def add(dialog: QDialog) -> None:
        assert isinstance(dialog, StakeholdersDialog)
        for name in LONG_NAMES:
            dialog.new_name.setText(name)  # keyClicks types ASCII only
            qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda n=name: dialog.model.rows[-1].name == n)
        dialog.accept()

    when_dialog_opens(qtbot, add)
    tab.stakeholders_action.trigger()
    assert [s.name for s in stored(db, engagement_id).stakeholders] == list(LONG_NAMES)
    qtbot.waitUntil(lambda: grid.grid_model.rowCount() == len(grid.grid_model.lanes))
    # Both stakeholder lanes are there, their names in full in the tooltips.
    tips = [
        grid.grid_model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
        for row in range(grid.grid_model.rowCount())
    ]
    for name in LONG_NAMES:
        assert any(name in (tip or "") for tip in tips), name

    assert lanes.width() == label_width
    assert grid.viewport().x() == lanes.x() + lanes.width()
    assert grid.currentIndex().column() == column
    after = grid.viewport().mapTo(tab, grid.visualRect(grid.currentIndex()).topLeft())
    assert after == on_screen
