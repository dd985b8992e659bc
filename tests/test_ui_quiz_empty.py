"""The quiz tab with nothing to show says so (no "1 Jan 2000", no "1 people"), and every
count on screen takes the right number ("1 person", "2 people")."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.models.wording import counted
from cxdesk.store import workshop
from cxdesk.store.database import Database
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.quiz.presenter_texts import tally_sum
from cxdesk.ui.quiz.session_panel import NO_SESSION_DETAILS
from tests.test_ui_quiz_tab import create_session, quiz_tab


@pytest.fixture
def window_engagement(engagement_id: int) -> int:
    """The window opens on the shared engagement, as the quiz tab's tests do."""
    return engagement_id


def shown_texts(root: QWidget) -> list[str]:
    """What a person reads in ``root``: labels, line edits and spin boxes on screen."""
    texts = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QLabel | QLineEdit | QAbstractSpinBox):
            texts.append(widget.text())
    return [t for t in texts if t]


def test_the_empty_quiz_tab_shows_no_made_up_session(window: MainWindow, qtbot: QtBot) -> None:
    tab = quiz_tab(window, qtbot)
    texts = shown_texts(tab)
    assert not [t for t in texts if "2000" in t or "people" in t], texts
    assert NO_SESSION_DETAILS in texts
    assert not tab.details.held_on.isVisibleTo(tab)
    assert not tab.details.people.isVisibleTo(tab)


def test_one_person_is_a_person(window: MainWindow, qtbot: QtBot, db: Database) -> None:
    tab = quiz_tab(window, qtbot)
    create_session(qtbot, tab, "Board", hands=1)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    [stored] = workshop.list_sessions(db)
    assert stored.participant_count == 1
    assert tab.details.people.text() == "1 person"
    assert "for 1 person." in tab.hidden.text()
    assert NO_SESSION_DETAILS not in shown_texts(tab)
    tab.details.people.setValue(2)
    assert tab.details.people.text() == "2 people"


def test_counts_take_the_number_of_their_noun() -> None:
    assert counted(1, "person", "people") == "1 person"
    assert counted(2, "person", "people") == "2 people"
    assert counted(0, "statement") == "0 statements"
    assert counted(1, "statement") == "1 statement"
    assert tally_sum(0, 1) == "0 of 1 hand"
    assert tally_sum(3, 5) == "3 of 5 hands"
