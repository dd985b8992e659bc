"""Connecting to a team workspace never freezes the window (issue 18).

``cxdesk --db postgresql+psycopg://...`` opened the workspace before the window existed,
on the UI thread: a server that did not answer left nothing (or a blank window) on screen
for the whole 5-second timeout. Now the window is up at once, says "Connecting to …"
with a busy bar and Cancel, and connects on its task runner; then it shows the workspace
or the refusal in words (Try again, Quit). File > Open team workspace… connects the same
way, and its Cancel stops waiting at once instead of leaving the attempt to run out.

The server that never answers is a listening socket made here that never accepts: the
kernel completes the handshake, libpq sends its first packet and waits for a reply that
never comes. A timer ticking every 20 ms on the UI thread shows it never stopped turning.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from pytestqt.qtbot import QtBot

from cxdesk.store import server_database
from cxdesk.store.database import Database
from cxdesk.store.server_database import ServerDatabase
from cxdesk.store.team_workspace import is_team_workspace
from cxdesk.ui.connecting import TeamWorkspaceOpening
from cxdesk.ui.main_window import MainWindow
from cxdesk.ui.team_workspace_dialog import TeamWorkspaceDialog

# A UI thread that stopped for the connection would leave a gap of the whole timeout
# between two ticks (2 s here at least); a busy test machine may delay one by a few
# hundred milliseconds.
LONGEST_GAP_S = 1.0


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port on this computer that takes connections and never says a word."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    try:
        yield listener.getsockname()[1]
    finally:
        # The connections waiting in its queue are reset: an abandoned attempt ends now.
        listener.close()


class Heartbeat:
    """A timer on the UI thread, and when it fired."""

    def __init__(self, qtbot: QtBot) -> None:
        self.ticks: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(lambda: self.ticks.append(time.monotonic()))
        self.timer.start()
        qtbot.waitUntil(lambda: len(self.ticks) >= 2)

    def longest_gap(self) -> float:
        return max(b - a for a, b in zip(self.ticks, self.ticks[1:], strict=False))

    def stop(self) -> None:
        self.timer.stop()


def _open_on(qtbot: QtBot, private_data_dir: Path, url: str) -> tuple[MainWindow, Any]:
    """What ``cxdesk --db URL`` makes (cxdesk.app._run_on_server), without its event loop."""
    settings = QSettings(str(private_data_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(None, settings, offer_demo=False)
    qtbot.addWidget(window)
    opening = window.open_on_server(ServerDatabase(url))
    with qtbot.waitExposed(window):
        window.show()
    return window, opening


def test_cxdesk_db_url_connects_while_the_window_keeps_working(
    qtbot: QtBot,
    silent_server: int,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(server_database, "CONNECT_TIMEOUT", 2)  # the refusal sooner
    url = f"postgresql+psycopg://ana@127.0.0.1:{silent_server}/cxdesk"
    heartbeat = Heartbeat(qtbot)
    window, opening = _open_on(qtbot, private_data_dir, url)
    assert isinstance(opening, TeamWorkspaceOpening)
    panel = opening.panel
    assert window.centralWidget() is panel
    assert panel.heading.text() == "Connecting to cxdesk on 127.0.0.1…"
    assert "at most 2 seconds" in panel.detail.text()
    assert panel.busy.isVisible()
    assert panel.cancel_button.isVisible()
    assert not panel.retry_button.isVisible()
    assert window.windowTitle() == "cxdesk on 127.0.0.1 — CX Desk"
    window.grab().save(str(tmp_path / "connecting.png"))

    # The server never answers: the refusal comes with the timeout, the window turning
    # all the while.
    qtbot.waitUntil(
        lambda: "could not be reached within 2 seconds" in panel.detail.text(), timeout=10000
    )
    assert heartbeat.longest_gap() < LONGEST_GAP_S
    assert panel.heading.text() == "Cannot open the team workspace"
    assert panel.retry_button.isVisible()
    assert panel.quit_button.isVisible()
    assert not panel.busy.isVisible()
    assert window.ws is None
    window.grab().save(str(tmp_path / "connecting-refused.png"))

    # Try again, then Cancel: it stops waiting at once, not when the timeout ends.
    qtbot.mouseClick(panel.retry_button, Qt.MouseButton.LeftButton)
    assert panel.heading.text() == "Connecting to cxdesk on 127.0.0.1…"
    assert window.tasks.busy()
    qtbot.waitUntil(lambda: len(heartbeat.ticks) >= 10)
    qtbot.keyClick(panel, Qt.Key.Key_Escape)  # as the Cancel button
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=1000)
    assert panel.heading.text() == "Not connected to cxdesk on 127.0.0.1"
    assert not opening.succeeded
    assert heartbeat.longest_gap() < LONGEST_GAP_S
    heartbeat.stop()

    qtbot.mouseClick(panel.quit_button, Qt.MouseButton.LeftButton)
    assert not window.isVisible()


def test_closing_the_window_while_connecting_does_not_wait_for_the_server(
    qtbot: QtBot, silent_server: int, private_data_dir: Path
) -> None:
    """Closing waits for the window's tasks; the connection attempt is abandoned, so it
    returns at once rather than after the 5-second timeout."""
    url = f"postgresql+psycopg://ana@127.0.0.1:{silent_server}/cxdesk"
    window, opening = _open_on(qtbot, private_data_dir, url)
    assert opening.connecting
    began = time.monotonic()
    window.close()
    assert time.monotonic() - began < server_database.CONNECT_TIMEOUT / 2
    assert not window.tasks.busy()
    assert window.tasks.active_threads() == 0


def test_cxdesk_db_url_shows_the_team_workspace_once_connected(
    qtbot: QtBot, postgres_url: str, private_data_dir: Path
) -> None:
    window, opening = _open_on(qtbot, private_data_dir, postgres_url)
    with qtbot.waitSignal(opening.opened, timeout=15000) as opened:
        pass
    db = opened.args[0]
    assert isinstance(db, Database)
    assert window.ws is not None
    assert window.ws.db is db
    assert is_team_workspace(db)
    assert window.centralWidget() is window.splitter
    assert opening.succeeded
    window.close()


def _dialog(window: Any, qtbot: QtBot) -> TeamWorkspaceDialog:
    window.open_team_workspace()
    dialog = window.team_dialog
    assert isinstance(dialog, TeamWorkspaceDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_open_team_workspace_cancels_a_server_that_never_answers_at_once(
    window: Any, qtbot: QtBot, silent_server: int, db: Database, tmp_path: Path
) -> None:
    """File > Open team workspace…: Cancel closed the dialog, but the attempt went on to
    the timeout (a task of the window's: closing the window waited for it)."""
    heartbeat = Heartbeat(qtbot)
    dialog = _dialog(window, qtbot)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(silent_server)
    dialog.database.setText("cxdesk")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "Connecting to cxdesk on 127.0.0.1…" in dialog.status.text()
    assert dialog.busy.isVisible()
    assert not dialog.host.isEnabled()
    qtbot.waitUntil(lambda: len(heartbeat.ticks) >= 10)
    assert window.tasks.busy()
    dialog.grab().save(str(tmp_path / "team-dialog-connecting.png"))

    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.team_dialog is None)
    qtbot.waitUntil(lambda: not window.tasks.busy(), timeout=1000)
    assert heartbeat.longest_gap() < LONGEST_GAP_S
    heartbeat.stop()
    assert window.ws.db is db


def test_open_team_workspace_says_when_a_server_never_answers(
    window: Any,
    qtbot: QtBot,
    silent_server: int,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server_database, "CONNECT_TIMEOUT", 2)
    heartbeat = Heartbeat(qtbot)
    dialog = _dialog(window, qtbot)
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(silent_server)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "could not be reached within 2 seconds" in dialog.status.text(), timeout=10000
    )
    assert heartbeat.longest_gap() < LONGEST_GAP_S
    heartbeat.stop()
    assert not dialog.busy.isVisible()
    assert dialog.host.isEnabled()
    assert window.ws.db is db
    dialog.reject()
