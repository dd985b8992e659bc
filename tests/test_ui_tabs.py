"""The engagement's tabs: switching, reopening on the last one, the Edit menu following the tab
in front, and undo bringing the edited tab into view."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.models.quadrant import Axis
from cxdesk.store import overview, pulse, workspace
from cxdesk.store.database import Database
from cxdesk.ui.tabs import TabKey


def test_undo_shows_the_tab_of_the_edit_it_undoes(qtbot: QtBot, db: Database, open_window) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Acme")
    first = workspace.add_engagement(db, client.id, "Portal")
    other = workspace.add_engagement(db, client.id, "Warehouse")
    window = open_window(db)
    assert window.navigator.select_engagement(first.id)
    page = window.page
    ws = window.ws

    ws.feedback.add_pulse(first.id, date(2026, 11, 20), respondent="Jo", confidence=7)
    ws.feedback.set_override(first.id, None, Axis.VALUE, 6.5, "Client praised the pilot")
    assert len(pulse.list_pulses(db, first.id)) == 1

    # Somewhere else entirely: another engagement, another tab.
    assert window.navigator.select_engagement(other.id)
    page.tabs.setCurrentWidget(page.matrix)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.navigator.current_engagement().id == first.id
    assert page.tabs.currentWidget() is page.overview
    assert overview.list_overrides(db, first.id) == []

    page.tabs.setCurrentWidget(page.matrix)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentWidget() is page.pulse
    assert pulse.list_pulses(db, first.id) == []

    page.tabs.setCurrentWidget(page.overview)
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentWidget() is page.pulse
    assert [p.respondent for p in pulse.list_pulses(db, first.id)] == ["Jo"]


def test_view_menu_switches_tabs(qtbot: QtBot, db: Database, open_window) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Portal")
    window = open_window(db)
    assert window.navigator.select_engagement(engagement.id)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page = window.page
    for key, tab in (
        (Qt.Key.Key_3, page.rater),
        (Qt.Key.Key_4, page.pulse),
        (Qt.Key.Key_1, page.overview),
        (Qt.Key.Key_2, page.matrix),
    ):
        qtbot.keyClick(window, key, Qt.KeyboardModifier.ControlModifier)
        assert page.tabs.currentWidget() is tab


def test_the_last_tab_is_reopened(qtbot: QtBot, db_path, tmp_path, open_window) -> None:  # type: ignore[no-untyped-def]
    from cxdesk.store.database import open_database

    with open_database(db_path, backup_folder=tmp_path / "b") as database:
        client = workspace.add_client(database, "Acme")
        workspace.add_engagement(database, client.id, "Portal")
    database = open_database(db_path, backup_folder=tmp_path / "b")
    window = open_window(database)
    window.page.tabs.setCurrentWidget(window.page.rater)
    window.close()

    database = open_database(db_path, backup_folder=tmp_path / "b")
    window = open_window(database)
    assert window.page.tabs.currentWidget() is window.page.rater
    window.close()


def test_the_edit_menu_offers_the_commands_of_the_tab_in_front(
    qtbot: QtBot, db: Database, open_window
) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Portal")
    window = open_window(db)
    assert window.navigator.select_engagement(engagement.id)
    page = window.page

    def offered() -> list[str]:
        return [a.text().replace("&", "") for a in window.edit_menu.actions() if a.text()]

    page.tabs.setCurrentWidget(page.matrix)
    assert "Add expectation" in offered()
    page.tabs.setCurrentWidget(page.rater)
    assert "Add team respondent" in offered()
    assert "Add expectation" not in offered()
    page.tabs.setCurrentWidget(page.pulse)
    assert "Delete response" in offered()
    page.tabs.setCurrentWidget(page.overview)
    assert "Override a score…" in offered()
    assert "Undo" in offered()  # the menu's own commands stay


def test_the_tabs_and_the_view_menu_follow_one_list(
    qtbot: QtBot, db: Database, open_window
) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Portal")
    window = open_window(db)
    assert window.navigator.select_engagement(engagement.id)
    page = window.page

    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert titles[:6] == [
        "Overview",
        "Expectation Matrix",
        "RATER scorecard",
        "Pulse checks",
        "CX quiz",
        "Emotion map",
    ]
    # Closing the loop's logs come last (the Actions view, when there, before them).
    assert titles[-2:] == ["Issue log", "You said, we did"]
    (view_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&View"]
    numbered = [
        (a.text(), a.shortcut().toString())
        for a in view_menu.actions()
        if a.shortcut().toString().startswith("Ctrl+") and a.shortcut().toString()[-1].isdigit()
    ]
    # Ctrl+0 is the portfolio's (every engagement, a window of its own), not a tab's.
    assert numbered[0] == ("Por&tfolio (every engagement)", "Ctrl+0")
    assert numbered[1:7] == [
        ("&Overview", "Ctrl+1"),
        ("Expectation &Matrix", "Ctrl+2"),
        ("&RATER scorecard", "Ctrl+3"),
        ("&Pulse checks", "Ctrl+4"),
        ("CX &quiz", "Ctrl+5"),
        ("&Emotion map", "Ctrl+6"),
    ]
    last = len(titles)
    assert numbered[-2:] == [
        ("&Issue log", f"Ctrl+{last - 1}"),
        ("&You said, we did", f"Ctrl+{last}"),
    ]
    assert [t.replace("&", "") for t, _ in numbered[1:]] == titles


def test_a_tab_is_brought_forward_by_its_key(qtbot: QtBot, db: Database, open_window) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Acme")
    engagement = workspace.add_engagement(db, client.id, "Portal")
    window = open_window(db)
    assert window.navigator.select_engagement(engagement.id)
    page = window.page
    for key in TabKey:
        window.ws.focusView.emit(key)
        assert page.tabs.currentWidget() is getattr(page, key.value)
        assert page.current_tab() is getattr(page, key.value)
    # A key as a plain string (the value the app has always used) still works.
    window.ws.focusView.emit("rater")
    assert page.tabs.currentWidget() is page.rater
    window.ws.focusView.emit("no such tab")
    assert page.tabs.currentWidget() is page.rater
