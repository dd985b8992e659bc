"""The engagement page makes only the tab in front; every other tab is made the first time
it is shown (a click on the tab bar, Ctrl+1…6, an undo bringing it to the front) and then
shows the engagement on screen, as if it had been there from the start."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from cxdesk.store import pulse as pulse_store
from cxdesk.store import workspace
from cxdesk.store.database import Database
from cxdesk.store.demo import add_demo_engagement
from cxdesk.ui.journey.tab import JourneyTab
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.matrix.tab import ExpectationMatrixTab
from cxdesk.ui.overview.tab import OverviewTab
from cxdesk.ui.pulse.tab import PulseTab
from cxdesk.ui.quiz.tab import QuizTab
from cxdesk.ui.rater.tab import RaterTab
from cxdesk.ui.tabs import TabKey
from cxdesk.ui.window_layout import LAST_TAB_KEY

TAB_CLASSES: dict[TabKey, type[QWidget]] = {
    TabKey.OVERVIEW: OverviewTab,
    TabKey.MATRIX: ExpectationMatrixTab,
    TabKey.RATER: RaterTab,
    TabKey.PULSE: PulseTab,
    TabKey.QUIZ: QuizTab,
    TabKey.MAP: JourneyTab,
}
PULSE_INDEX = 3


def made_tabs(window: MainWindow) -> set[TabKey]:
    """The tabs that exist as widgets anywhere under the window (not what the page says)."""
    return {key for key, kind in TAB_CLASSES.items() if window.findChildren(kind)}


@pytest.fixture
def demo(db: Database) -> int:
    return add_demo_engagement(db)


def shown_respondents(tab: PulseTab) -> list[str]:
    return sorted(record.respondent for record in tab.model.records())


def stored_respondents(db: Database, engagement_id: int) -> list[str]:
    return sorted(record.respondent for record in pulse_store.list_pulses(db, engagement_id))


def edit_menu_texts(window: MainWindow) -> list[str]:
    return [action.text() for action in window.edit_menu.actions()]


def test_only_the_tab_in_front_is_made_when_the_window_opens(
    qtbot: QtBot, db: Database, demo: int, open_window
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    assert made_tabs(window) == {TabKey.MATRIX}
    page = window.page
    assert page.tabs.count() == 9
    assert [page.tabs.tabText(i) for i in range(9)][PULSE_INDEX] == "Pulse checks"
    assert page.tabs.currentWidget() is page.matrix


def test_the_last_tab_used_is_the_only_one_made(
    qtbot: QtBot, db: Database, demo: int, private_data_dir, open_window
) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(LAST_TAB_KEY, PULSE_INDEX)
    settings.sync()
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    assert made_tabs(window) == {TabKey.PULSE}
    tab = window.page.pulse
    assert window.page.tabs.currentWidget() is tab
    qtbot.waitUntil(lambda: shown_respondents(tab) == stored_respondents(db, demo))
    assert shown_respondents(tab)  # the demo has pulse checks


def test_clicking_a_tab_makes_it_with_the_engagement_and_its_commands(
    qtbot: QtBot, db: Database, demo: int, open_window
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    page = window.page
    changes: list[int] = []
    page.tabs.currentChanged.connect(changes.append)

    bar = page.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(PULSE_INDEX).center())

    assert made_tabs(window) == {TabKey.MATRIX, TabKey.PULSE}
    assert changes == [PULSE_INDEX]  # once, for the click: the swap itself says nothing
    assert page.tabs.currentIndex() == PULSE_INDEX
    assert page.tabs.tabText(PULSE_INDEX) == "Pulse checks"
    tab = page.pulse
    assert page.tabs.currentWidget() is tab
    assert tab.isVisible()
    assert shown_respondents(tab) == stored_respondents(db, demo) != []
    # The Edit menu offers the new tab's commands, as for a tab made at start.
    assert tab.delete_action.text() in edit_menu_texts(window)
    assert page.matrix.add_action.text() not in edit_menu_texts(window)


def test_ctrl_3_makes_the_rater_scorecard_with_the_engagement(
    qtbot: QtBot, db: Database, demo: int, open_window
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    assert TabKey.RATER not in made_tabs(window)

    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)

    assert made_tabs(window) == {TabKey.MATRIX, TabKey.RATER}
    tab = window.page.rater
    assert window.page.tabs.currentWidget() is tab
    assert tab.isVisible()
    assert "Pilot go-live" in tab.chooser.currentText()  # the demo's latest assessment


def test_undo_brings_a_tab_never_shown_to_the_front_with_the_undone_data(
    qtbot: QtBot, db: Database, demo: int, open_window
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    before = stored_respondents(db, demo)
    # What the Pulse checks tab's form calls; the tab itself has never been shown.
    assert (
        window.ws.feedback.add_pulse(demo, date.today(), respondent="Zoë", confidence=7) is not None
    )
    assert TabKey.PULSE not in made_tabs(window)

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert stored_respondents(db, demo) == before
    assert made_tabs(window) == {TabKey.MATRIX, TabKey.PULSE}
    tab = window.page.pulse
    assert window.page.tabs.currentWidget() is tab
    assert shown_respondents(tab) == before

    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert shown_respondents(tab) == sorted([*before, "Zoë"])


def test_a_tab_first_shown_after_switching_engagement_shows_the_new_one(
    qtbot: QtBot, db: Database, demo: int, open_window
) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Acme")
    portal = workspace.add_engagement(db, client.id, "Portal")
    pulse_store.add_pulse(db, portal.id, date.today(), respondent="Jo", confidence=7)
    window = open_window(db)
    assert window.navigator.select_engagement(demo)
    assert window.page.engagement.id == demo

    assert window.navigator.select_engagement(portal.id)
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)

    tab = window.page.pulse
    assert window.page.tabs.currentWidget() is tab
    assert shown_respondents(tab) == ["Jo"]
    assert window.page.title.text() == "Acme — Portal"


class EventCount(QObject):
    """Counts the events of those types that reach ``watched``."""

    def __init__(self, watched: QObject, *types: QEvent.Type) -> None:
        super().__init__(watched)
        self.types = types
        self.count = 0
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in self.types:
            self.count += 1
        return False


def test_reaching_a_tab_from_code_makes_it_without_bringing_it_forward(
    qtbot: QtBot, db: Database, demo: int, open_window
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    page = window.page
    changes: list[int] = []
    page.tabs.currentChanged.connect(changes.append)
    front = page.tabs.currentIndex()
    matrix_shows = EventCount(page.matrix, QEvent.Type.Show, QEvent.Type.Hide)

    rater, overview = page.rater, page.overview  # one after the front tab, one before

    assert changes == []
    assert matrix_shows.count == 0  # the tab in front stayed on screen throughout
    assert page.matrix.isVisible()
    assert not rater.isVisible()
    assert page.tabs.currentIndex() == front
    assert page.tabs.currentWidget() is page.matrix
    assert page.tabs.indexOf(rater) == 2
    assert page.tabs.indexOf(overview) == 0
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Overview",
        "Expectation Matrix",
        "RATER scorecard",
        "Pulse checks",
        "CX quiz",
        "Emotion map",
        "Actions",
        "Issue log",
        "You said, we did",
    ]
    assert page.rater is rater  # made once

    page.tabs.setCurrentWidget(rater)
    assert changes == [2]
    assert "Pilot go-live" in rater.chooser.currentText()


def test_closing_the_window_makes_no_tab(
    qtbot: QtBot, db: Database, demo: int, open_window
) -> None:  # type: ignore[no-untyped-def]
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    window.close()
    assert made_tabs(window) == {TabKey.MATRIX}


def test_the_last_tab_is_remembered_by_its_name_not_its_place(
    qtbot: QtBot, db: Database, demo: int, private_data_dir, open_window
) -> None:  # type: ignore[no-untyped-def]
    """A tab's number shifts when tabs are inserted before it: the Issue log is stored as
    "issues", and the window reopens on it."""
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    window.page.show_view(TabKey.ISSUES)
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window.settings.sync()
    settings.sync()
    assert settings.value(LAST_TAB_KEY) == "issues"
    window.close()
    again = open_window(db)
    qtbot.waitUntil(lambda: getattr(again.shown_engagement(), "id", None) == demo)
    assert again.page.tabs.currentWidget() is again.page.issues


def test_a_tab_stored_as_a_number_by_an_older_version_is_read_once_as_before(
    qtbot: QtBot, db: Database, demo: int, private_data_dir, open_window
) -> None:  # type: ignore[no-untyped-def]
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(LAST_TAB_KEY, PULSE_INDEX)
    settings.sync()
    window = open_window(db)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == demo)
    assert window.page.tabs.currentWidget() is window.page.pulse
    window.settings.sync()
    settings.sync()
    assert settings.value(LAST_TAB_KEY) == "pulse"  # stored again as its name
