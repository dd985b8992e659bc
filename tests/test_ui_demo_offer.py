"""A new team workspace asks once whether to add the demo engagement (issue 18's probe).

File > Open team workspace… on an empty PostgreSQL database makes the workspace, shows
it, and asks "Add the demo engagement?" over the window (window-modal, no nested event
loop): Add gives the demo, Start empty leaves none; opening it again asks nothing.
``cxdesk --db URL`` makes it the same way (without the demo when it will ask), and
``--no-demo`` or a run without a screen never asks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk import app
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import DEMO_ENGAGEMENT
from cxdesk.store.team_workspace import TeamAddress, is_team_workspace
from cxdesk.store.workspace import list_clients
from cxdesk.ui.demo_offer import TITLE
from cxdesk.ui.team_workspace_dialog import TeamWorkspaceDialog
from tests.postgres_server import SUPERUSER, PostgresServer


def _engagements(db: Database) -> list[str]:
    return [e.name for _client, engagements in list_clients(db) for e in engagements]


def _open_through_dialog(window: Any, qtbot: QtBot, server: PostgresServer, name: str) -> None:
    window.open_team_workspace()
    dialog = window.team_dialog
    assert isinstance(dialog, TeamWorkspaceDialog)
    qtbot.waitExposed(dialog)
    dialog.show_address(TeamAddress(str(server.socket_dir), 5432, name, SUPERUSER))
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.team_dialog is None, timeout=15000)
    assert is_team_workspace(window.ws.db)


def _question(window: Any, qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: window.demo_question is not None and window.demo_question.isVisible())
    box = window.demo_question
    assert isinstance(box, QMessageBox)
    assert box.windowTitle() == TITLE
    return box


def _answer(box: QMessageBox, qtbot: QtBot, text: str) -> None:
    [button] = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.mark.parametrize(
    ("answer", "expected"), [("&Add the demo", [DEMO_ENGAGEMENT]), ("&Start empty", [])]
)
def test_a_new_team_workspace_asks_once_for_the_demo(
    answer: str,
    expected: list[str],
    window: Any,
    qtbot: QtBot,
    postgres_server: PostgresServer,
    postgres_url: str,
    tmp_path: Path,
) -> None:
    name = postgres_url.split("?")[0].rsplit("/", 1)[-1]
    _open_through_dialog(window, qtbot, postgres_server, name)
    box = _question(window, qtbot)
    assert window.navigator.current_engagement() is None  # nothing added before the answer
    assert "is new and empty" in box.text()
    box.grab().save(str(tmp_path / "demo-question.png"))
    _answer(box, qtbot, answer)
    qtbot.waitUntil(lambda: window.demo_question is None)
    assert _engagements(window.ws.db) == expected
    if expected:
        qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "name", None) == DEMO_ENGAGEMENT)

    # Opened again (not new any more): no question.
    window.open_path(tmp_path / "laptop.cxdb")
    _open_through_dialog(window, qtbot, postgres_server, name)
    qtbot.wait(50)  # the question would be opened on the next turn of the event loop
    assert window.demo_question is None
    assert _engagements(window.ws.db) == expected


def test_cxdesk_db_url_leaves_the_demo_to_the_question(postgres_url: str) -> None:
    """With a screen, the new team workspace is made empty and says it was made now (its
    window asks); a previously made one is not new."""
    opened = app._open_workspace(postgres_url, demo=True, ask=True)
    assert isinstance(opened, Database)
    with opened as db:
        assert db.created
        assert _engagements(db) == []
    with open_database(postgres_url) as again:
        assert not again.created


def test_cxdesk_db_url_without_a_screen_adds_the_demo(postgres_url: str) -> None:
    opened = app._open_workspace(postgres_url, demo=True, ask=False)
    assert isinstance(opened, Database)
    with opened as db:
        assert _engagements(db) == [DEMO_ENGAGEMENT]


def test_no_demo_never_asks(
    open_window: Any, qtbot: QtBot, postgres_url: str, private_data_dir: Path
) -> None:
    from PySide6.QtCore import QSettings

    from cxdesk.ui.main_window import MainWindow

    opened = app._open_workspace(postgres_url, demo=False, ask=True)
    assert isinstance(opened, Database)
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(opened, settings, offer_demo=False)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    qtbot.wait(50)
    assert window.demo_question is None
    assert _engagements(opened) == []
    window.close()
