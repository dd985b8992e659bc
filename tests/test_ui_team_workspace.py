"""File > Open team workspace… on a real PostgreSQL server (issue 18, part 2).

The window starts on a SQLite file; the dialog connects on the task runner (the fields
disabled meanwhile, the window free), shows the store's refusal in its own words when
the password is wrong, and with the right one the window shows the team workspace: its
title names the database, never the password; the settings keep the address without it;
the password, when asked to, goes to the pgpass file (0600, libpq's escapes), from which
the next connection takes it. On a team workspace the backup menu says the server backs
it up, and exporting the workspace (.cxdesk) still works.
"""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cxdesk.store.backup_policy import BackupReason
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.store.engagement_file import export_workspace, read_engagement_file
from cxdesk.store.team_workspace import (
    TeamAddress,
    is_team_workspace,
    pgpass_line,
    save_password,
)
from cxdesk.ui.engagement_files import _workspace_file_stem
from cxdesk.ui.team_workspace_dialog import RECENT_KEY, TeamWorkspaceDialog, recent_addresses
from tests.postgres_server import PostgresServer

# ':' and '\' must be escaped in the pgpass file; the right one must not be guessable
# from the wrong one in any message.
RIGHT = r"Qx7:z\pw"
WRONG = "not-it-9f3"


class Team:
    def __init__(self, server: PostgresServer, database: str) -> None:
        self.server = server
        self.database = database

    def address(self) -> TeamAddress:
        return TeamAddress(str(self.server.socket_dir), 5432, self.database, "ana")


@pytest.fixture
def team(
    postgres_server: PostgresServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Team]:
    """An empty database owned by "ana", who logs in with RIGHT; a pgpass file of the
    test's own (libpq reads PGPASSFILE)."""
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    quoted = RIGHT.replace("'", "''")
    postgres_server.execute(f"CREATE ROLE ana LOGIN PASSWORD '{quoted}'")
    name = postgres_server.new_database()
    postgres_server.execute(f'ALTER DATABASE "{name}" OWNER TO ana')
    try:
        yield Team(postgres_server, name)
    finally:
        postgres_server.drop_database(name)  # WITH (FORCE): any connection left goes too
        postgres_server.execute("DROP ROLE ana")


def _dialog(window: Any, qtbot: QtBot) -> TeamWorkspaceDialog:
    window.open_team_workspace()
    dialog = window.team_dialog
    assert isinstance(dialog, TeamWorkspaceDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _fill(dialog: TeamWorkspaceDialog, team: Team, password: str) -> None:
    address = team.address()
    dialog.host.setText(address.host)
    dialog.port.setValue(address.port)
    dialog.database.setText(address.database)
    dialog.user.setText(address.user)
    dialog.password.setText(password)


def _settings_text(private_data_dir: Path) -> str:
    return (private_data_dir / "settings.ini").read_text(encoding="utf-8")


def test_wrong_then_right_password_opens_the_team_workspace(
    team: Team, window: Any, qtbot: QtBot, db: Database, private_data_dir: Path, tmp_path: Path
) -> None:
    dialog = _dialog(window, qtbot)
    _fill(dialog, team, WRONG)
    assert dialog.connect_button.isDefault()  # Enter connects
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    # On the task runner: the dialog says so at once and nothing can be changed meanwhile.
    assert "Connecting to" in dialog.status.text()
    assert not dialog.host.isEnabled()
    qtbot.waitUntil(lambda: "did not accept the password" in dialog.status.text(), timeout=15000)
    assert dialog.connect_button.isEnabled()
    assert WRONG not in dialog.status.text()
    assert window.ws.db is db  # still the file it was on
    dialog.grab().save(str(tmp_path / "team-dialog-refused.png"))

    dialog.password.setText(RIGHT)
    dialog.save_password.setChecked(True)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.team_dialog is None, timeout=15000)
    assert is_team_workspace(window.ws.db)
    assert window.windowTitle() == f"{team.database} on this computer — CX Desk"
    assert "Opened the team workspace" in window.statusBar().currentMessage()
    # The new team workspace is empty (no demo engagement for colleagues to delete).
    assert window.navigator.current_engagement() is None

    window.settings.sync()
    settings = _settings_text(private_data_dir)
    for secret in (RIGHT, "Qx7", WRONG):
        assert secret not in settings
        assert secret not in window.windowTitle()
    assert recent_addresses(window.settings) == [team.address().text]

    pgpass = tmp_path / "pgpass"
    assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    host = str(team.server.socket_dir).replace(":", r"\:")
    assert pgpass.read_text() == rf"{host}:5432:{team.database}:ana:Qx7\:z\\pw" + "\n"
    # libpq takes the saved password by itself: no password in the address.
    with open_database(team.address().url().render_as_string(hide_password=False)) as again:
        assert is_team_workspace(again)


def test_the_dialog_offers_the_last_team_workspace(
    team: Team, window: Any, qtbot: QtBot, tmp_path: Path
) -> None:
    window.settings.setValue(RECENT_KEY, team.address().text)  # INI keeps one item as a str
    dialog = _dialog(window, qtbot)
    assert dialog.recent.isVisible()
    assert dialog.database.text() == team.address().database
    assert dialog.host.text() == str(team.server.socket_dir)
    assert dialog.user.text() == "ana"
    assert dialog.password.text() == ""
    dialog.grab().save(str(tmp_path / "team-dialog.png"))
    dialog.reject()


def test_a_server_that_cannot_be_reached_is_told_and_the_window_keeps_working(
    window: Any, qtbot: QtBot, tmp_path: Path, db: Database
) -> None:
    dialog = _dialog(window, qtbot)
    dialog.host.setText(str(tmp_path))  # a folder with no server's socket in it
    dialog.database.setText("cxdesk")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "could not be reached" in dialog.status.text(), timeout=15000)
    assert window.ws.db is db
    dialog.reject()


def test_a_team_workspace_is_backed_up_by_its_server(
    team: Team, window: Any, qtbot: QtBot, private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save_password(team.address(), RIGHT)
    file_menu = window._menus[0]
    file_menu.aboutToShow.emit()  # on the SQLite file first: the app's own backups
    shown = {a.text() for a in file_menu.actions() if a.isVisible()}
    assert {"Back &up now", "Restore &from backup…"} <= shown
    assert "Bac&kups: the server's own (pg_dump)…" not in shown

    dialog = _dialog(window, qtbot)
    _fill(dialog, team, "")  # from the pgpass file
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.team_dialog is None, timeout=15000)
    assert is_team_workspace(window.ws.db)

    file_menu.aboutToShow.emit()
    shown = {a.text() for a in file_menu.actions() if a.isVisible()}
    assert "Back &up now" not in shown
    assert "Restore &from backup…" not in shown
    assert "Bac&kups: the server's own (pg_dump)…" in shown
    assert "Export &workspace…" in shown
    assert window.backups.backup_now(BackupReason.MANUAL, only_if_changed=False) is True
    assert not (private_data_dir / "backups").exists()
    # What named the file: no file path, File > Open starts in a real folder, the
    # export's suggested name is the database's, not its address.
    assert window.windowFilePath() == ""
    assert window._folder().is_dir()
    assert _workspace_file_stem(window.ws.db) == f"{team.database} on this computer"

    told: list[str] = []
    monkeypatch.setattr(
        "cxdesk.ui.backup_restore.show_message",
        lambda _parent, _icon, _title, text: told.append(text),
    )
    next(a for a in file_menu.actions() if a.text().startswith("Bac&kups:")).trigger()
    assert "the server backs it up" in told[0]
    assert "Export workspace" in told[0]


def test_a_team_workspace_exports_and_imports_engagement_files(
    postgres_url: str, postgres_server: PostgresServer, db: Database, tmp_path: Path
) -> None:
    """Export workspace (.cxdesk) reads a server in one snapshot; the file imports into a
    SQLite workspace (a copy on the laptop)."""
    name = postgres_server.new_database()
    other_team_url = postgres_server.url(name)
    with open_database(postgres_url) as team_db:
        add_demo_engagement(team_db)
        summary = export_workspace(team_db, tmp_path / "team.cxdesk")
    assert summary.engagements == 1
    file = read_engagement_file(tmp_path / "team.cxdesk")
    assert [engagement for _client, engagement in file.names] == [DEMO_ENGAGEMENT]
    from cxdesk.ops import perform
    from cxdesk.ops.imports import import_engagement_file
    from cxdesk.store.workspace import list_clients

    perform(db, import_engagement_file(file, {}, None, None, None))
    names = [e.name for _client, engagements in list_clients(db) for e in engagements]
    assert names == [DEMO_ENGAGEMENT]
    # And back: the laptop's engagement, exported, imports into a second team workspace.
    export_workspace(db, tmp_path / "laptop.cxdesk")
    try:
        with open_database(other_team_url) as team_db:
            laptop = read_engagement_file(tmp_path / "laptop.cxdesk")
            perform(team_db, import_engagement_file(laptop))
            names = [e.name for _client, engagements in list_clients(team_db) for e in engagements]
    finally:
        postgres_server.drop_database(name)
    assert names == [DEMO_ENGAGEMENT]


def test_pgpass_lines_escape_and_replace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    (tmp_path / "pgpass").write_text("# mine\nother:5432:*:bob:keep\n")
    (tmp_path / "pgpass").chmod(0o644)
    address = TeamAddress("db.example.com", 5433, "cx:desk", "ana", "require")
    assert pgpass_line(address, r"a:b\c") == r"db.example.com:5433:cx\:desk:ana:a\:b\\c"
    save_password(address, "first")
    save_password(address, "second")
    lines = (tmp_path / "pgpass").read_text().splitlines()
    assert lines == ["# mine", "other:5432:*:bob:keep", r"db.example.com:5433:cx\:desk:ana:second"]
    assert stat.S_IMODE((tmp_path / "pgpass").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["pgpass"]  # no temporary file left


def test_an_address_round_trips_without_its_password() -> None:
    address = TeamAddress("/var/run/postgresql", 5432, "cxdesk", "ana", "require")
    url = address.url("s3cret")
    assert "s3cret" not in address.text
    assert TeamAddress.from_text(url.render_as_string(hide_password=False)) == address
    remote = TeamAddress("db.example.com", 6543, "cx", "ana", "verify-full")
    assert TeamAddress.from_text(remote.text) == remote
    assert remote.display_name == "cx on db.example.com"


def test_a_team_workspace_opened_by_its_url_is_remembered_without_the_password(
    team: Team, open_window: Any, private_data_dir: Path
) -> None:
    """``cxdesk --db postgresql+psycopg://ana:PASSWORD@...``: the window offers it among the
    recent team workspaces next time, without the password."""
    url = team.address().url(RIGHT).render_as_string(hide_password=False)
    window = open_window(open_database(url))
    assert window.windowTitle() == f"{team.database} on this computer — CX Desk"
    assert recent_addresses(window.settings) == [team.address().text]
    window.settings.sync()
    assert "Qx7" not in _settings_text(private_data_dir)


class _Opened:
    """Stands in for the Database a slow connection ends with."""

    closed = False

    def close(self) -> None:
        self.closed = True


def test_cancel_while_connecting_leaves_the_window_on_its_workspace(
    window: Any, qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dialog closes at once; the attempt, once it ends, is closed again and the
    window stays on the file it showed."""
    import threading

    from cxdesk.ui import team_workspace_dialog

    release = threading.Event()
    opened = _Opened()

    def slow(_url: object, **_options: object) -> _Opened:
        release.wait(10)
        return opened

    monkeypatch.setattr(team_workspace_dialog, "open_team_workspace", slow)
    dialog = _dialog(window, qtbot)
    dialog.host.setText("db.example.com")
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    assert "Connecting to cxdesk on db.example.com" in dialog.status.text()
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: window.team_dialog is None)
    release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy())
    assert opened.closed
    assert window.ws.db is db


def test_closing_the_window_while_connecting_closes_what_the_attempt_opened(
    window: Any, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's close asks the attempt to stop and waits for it: the workspace it
    opened meanwhile is closed, not left with its connections."""
    import threading

    from cxdesk.ui import team_workspace_dialog

    stop: list[threading.Event] = []
    known = threading.Event()
    opened = _Opened()

    def slow(_url: object, **_options: object) -> _Opened:
        known.wait(5)
        stop[0].wait(10)  # the server answers once the window has begun closing
        return opened

    monkeypatch.setattr(team_workspace_dialog, "open_team_workspace", slow)
    dialog = _dialog(window, qtbot)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    task = window.tasks.current(team_workspace_dialog.CONNECTING.lane)
    stop.append(task.stop)
    known.set()
    window.close()  # waits for the attempt (at most the connection's timeout)
    assert opened.closed
