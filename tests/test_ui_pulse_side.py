"""The Pulse checks tab's Side column: shown, switched with C and T (undoably), and the
trend and summary drawn from the client's pulse checks only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.store import pulse as pulse_store
from cxdesk.store.database import Database
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.pulse.tab import PulseTab

DAY = date.today() - timedelta(days=1)


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    return engagement_id


def pulse_tab(window: MainWindow, qtbot: QtBot) -> PulseTab:
    assert window.page is not None
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.show_tab(3)
    tab = window.page.pulse
    assert tab.isVisible()
    return tab


def test_the_side_is_shown_switched_by_key_and_undone(
    qtbot: QtBot, window: MainWindow, db: Database, engagement_id: int
) -> None:
    tab = pulse_tab(window, qtbot)
    window.ws.feedback.add_pulse(engagement_id, DAY, respondent="Dana", confidence=4, csat=2)
    window.ws.feedback.add_pulse(
        engagement_id, DAY, respondent="Our PM", confidence=10, csat=5, side="team"
    )
    dana, ours = pulse_store.list_pulses(db, engagement_id)
    assert tab.index_of(dana.id, "side").data() == "Client"
    assert tab.index_of(ours.id, "side").data() == "Our team"
    header = tab.proxy.headerData(tab.index_of(dana.id, "side").column(), Qt.Orientation.Horizontal)
    assert header == "Side"

    # The trend and the summary are the client's: our PM's 10 and 5 are not in them.
    chart = tab.ensure_chart()
    qtbot.waitUntil(lambda: chart.stack.currentWidget() is not chart.empty)
    assert chart.series() == {"Confidence": [(DAY, 4.0)], "CSAT": [(DAY, 2.0)]}
    assert "1 response from our team (not in these numbers)" in tab.summary.text()

    # T on Dana's side cell makes hers our team's too; the chart is left with nothing.
    tab.view.setCurrentIndex(tab.index_of(dana.id, "side"))
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_T)
    assert pulse_store.list_pulses(db, engagement_id)[0].side == "team"
    qtbot.waitUntil(lambda: tab.index_of(dana.id, "side").data() == "Our team")
    qtbot.waitUntil(lambda: chart.stack.currentWidget() is chart.empty)
    assert "2 responses from our team" in tab.summary.text()

    window.undo_action.trigger()
    assert pulse_store.list_pulses(db, engagement_id)[0].side == "client"
    qtbot.waitUntil(lambda: tab.index_of(dana.id, "side").data() == "Client")
    # C on our PM's cell: the client's now.
    tab.view.setCurrentIndex(tab.index_of(ours.id, "side"))
    qtbot.keyClick(tab.view, Qt.Key.Key_C)
    assert pulse_store.list_pulses(db, engagement_id)[1].side == "client"
    qtbot.waitUntil(lambda: chart.series()["Confidence"] == [(DAY, 7.0)])
