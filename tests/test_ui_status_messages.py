"""Passing messages go away by themselves, the same way everywhere.

"Deleted 1 respondent: Ctrl+Z brings them back." stayed beside the RATER table for as
long as the tab was open; one status-bar message had no time-out at all. Each is checked
here with the reading time made short, so the tests wait a fraction of a second.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from cxdesk.store import rater, workspace
from cxdesk.store.database import Database
from cxdesk.ui import status_line
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.status_line import StatusLine, reading_ms, show_status

CTRL = Qt.KeyboardModifier.ControlModifier
SOURCE = Path(__file__).parents[1] / "cxdesk"


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reading time of a fifth of a second, so a test can watch a message go."""
    monkeypatch.setattr(status_line, "STATUS_MS", 200)
    monkeypatch.setattr(status_line, "MS_PER_CHARACTER", 0)


def test_reading_time_grows_with_the_message() -> None:
    assert reading_ms("Saved.") == status_line.STATUS_MS
    long = "x" * 400
    assert reading_ms(long) == 400 * status_line.MS_PER_CHARACTER > status_line.STATUS_MS


def test_deleted_respondent_message_goes_away(
    qtbot: QtBot, open_window, db: Database, quick: None
) -> None:  # type: ignore[no-untyped-def]
    client = workspace.add_client(db, "Pomorze Zdrowie")
    engagement = workspace.add_engagement(db, client.id, "e-Rejestracja")
    assessment = rater.add_assessment(db, engagement.id, "Kickoff check")
    person = rater.add_respondent(db, assessment.id, "Ewa")
    window: MainWindow = open_window(db)
    assert window.page is not None
    tab = window.page.rater
    window.page.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.index_of(person.id, "name").isValid())
    tab.view.setFocus()
    tab.view.selectionModel().setCurrentIndex(
        tab.index_of(person.id, "name"), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    qtbot.keyClick(tab.view, Qt.Key.Key_Delete, CTRL)
    assert rater.list_respondents(db, assessment.id) == []
    assert tab.message.text() == "Deleted 1 respondent: Ctrl+Z brings them back."
    qtbot.waitUntil(lambda: tab.message.text() == "", timeout=3000)


def test_status_bar_messages_go_away(qtbot: QtBot, open_window, db: Database, quick: None) -> None:  # type: ignore[no-untyped-def]
    window: MainWindow = open_window(db)
    show_status(window, "Exported “toolkit.pdf” (12 pages)")
    assert window.statusBar().currentMessage() == "Exported “toolkit.pdf” (12 pages)"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=3000)


def test_a_newer_message_replaces_the_older_and_keeps_its_own_time(
    qtbot: QtBot, quick: None
) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    line = StatusLine(hide_when_empty=True)
    QVBoxLayout(holder).addWidget(line)
    holder.show()
    assert not line.isVisible()  # nothing to say: no empty line
    line.say("Added Ewa.")
    assert line.isVisible()
    assert line.clearing
    line.say("Deleted Ewa. Undo (Ctrl+Z) brings it back.")
    assert line.text() == "Deleted Ewa. Undo (Ctrl+Z) brings it back."
    qtbot.waitUntil(lambda: not line.isVisible(), timeout=3000)
    assert line.text() == ""
    assert not line.clearing


def _calls(name: str) -> list[tuple[Path, ast.Call]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == name
            ):
                found.append((path, node))
    return found


def test_every_status_bar_message_has_a_time_out() -> None:
    """A showMessage without a time-out stays until something else is shown: never."""
    lingering = [
        f"{path.relative_to(SOURCE)}:{call.lineno}"
        for path, call in _calls("showMessage")
        if len(call.args) + len(call.keywords) < 2
    ]
    assert not lingering, "use cxdesk.ui.status_line.show_status: " + ", ".join(lingering)
