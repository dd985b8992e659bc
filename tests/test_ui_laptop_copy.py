"""File > Copy to my laptop on a real PostgreSQL team workspace (issue 18, backups).

The window is on the consultant's SQLite file first (so that is "the laptop's
workspace"), then on a team workspace holding the demo engagement. The copy runs on the
task runner: the engagement lands in the local file with every row (its engagement
document, what Export writes, is the same on both), the window offers to open the file,
and opening it shows the engagement. A local file open in another CX Desk window is
refused in words and left unchanged; an engagement already on the laptop is asked about
as Import asks (copy alongside / replace); and the way back, Export engagement on the
laptop and Import into the team workspace, replaces the team's with the laptop's edits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from cxdesk.store import expectations, workspace
from cxdesk.store.database import Database, open_database
from cxdesk.store.demo import DEMO_CLIENT, DEMO_ENGAGEMENT, add_demo_engagement
from cxdesk.store.engagement_file import export_engagement
from cxdesk.store.engagement_import import Conflict, Resolution
from cxdesk.store.engagement_json import engagement_document
from cxdesk.store.laptop_copy import local_workspace
from cxdesk.store.paths import default_database_path
from cxdesk.store.workspace_kind import is_team_workspace
from cxdesk.ui import engagement_files
from cxdesk.ui.engagement_files import ConflictDialog
from cxdesk.ui.workspace import Workspace


def _names(db: Database) -> list[str]:
    return [e.name for _client, engagements in workspace.list_clients(db) for e in engagements]


def _document(db: Database, engagement_id: int) -> dict[str, Any]:
    with db.reading() as s:
        return engagement_document(s, engagement_id)


def _only_id(db: Database, name: str = DEMO_ENGAGEMENT) -> int:
    [found] = [e.id for _c, es in workspace.list_clients(db) for e in es if e.name == name]
    return found


@pytest.fixture
def told(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What the window says in a message box (a native box cannot be driven headless)."""
    said: list[tuple[str, str]] = []
    monkeypatch.setattr(
        engagement_files, "tell", lambda _p, title, text, problem=False: said.append((title, text))
    )
    return said


@pytest.fixture
def on_team(window: Any, qtbot: QtBot, postgres_url: str, db: Database) -> Any:
    """``window`` on a team workspace with the demo engagement on screen; it was on
    ``db``'s file before (the laptop's workspace)."""
    assert not window.laptop_copy.action.isEnabled()  # a local file: nothing to copy from
    team = open_database(postgres_url)
    engagement_id = add_demo_engagement(team)
    window.set_workspace(Workspace(team))
    window.navigator.select_engagement(engagement_id)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement_id)
    assert is_team_workspace(window.ws.db)
    return window


def _copy(window: Any, qtbot: QtBot) -> None:
    assert window.laptop_copy.action.isEnabled()
    with qtbot.waitSignal(window.laptop_copy.finished, timeout=30000):
        window.laptop_copy.action.trigger()


def test_copy_to_my_laptop_then_open_it(
    on_team: Any, qtbot: QtBot, db: Database, tmp_path: Path, told: list[tuple[str, str]]
) -> None:
    window, local = on_team, db.path
    team_id = window.shown_engagement().id
    expected = _document(window.ws.db, team_id)
    _copy(window, qtbot)
    assert told == []
    box = window.laptop_copy.done_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    assert str(local) in box.informativeText()
    assert f"Copied “{DEMO_ENGAGEMENT}” to {local}." == window.statusBar().currentMessage()
    box.grab().save(str(tmp_path / "copied.png"))
    assert is_team_workspace(window.ws.db)  # still on the team workspace until asked
    [open_it] = [b for b in box.buttons() if b.text() == "&Open it"]
    qtbot.mouseClick(open_it, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.ws is not None and window.ws.db.path == local)
    assert not is_team_workspace(window.ws.db)
    assert _names(window.ws.db) == [DEMO_ENGAGEMENT]
    # Every row: what Export would write of it is the same as on the team workspace.
    assert _document(window.ws.db, _only_id(window.ws.db)) == expected
    # On the laptop's file there is nothing to copy to the laptop.
    window.navigator.select_engagement(_only_id(window.ws.db))
    qtbot.waitUntil(lambda: window.shown_engagement() is not None)
    assert not window.laptop_copy.action.isEnabled()


def test_a_laptop_workspace_open_elsewhere_is_refused_and_left_alone(
    on_team: Any, qtbot: QtBot, db: Database, told: list[tuple[str, str]]
) -> None:
    window = on_team
    with open_database(db.path) as elsewhere:  # another CX Desk window holds the file
        _copy(window, qtbot)
        assert _names(elsewhere) == []
    [(title, text)] = told
    assert title == "Your laptop's workspace is open"
    assert f"“{db.path.name}” on this computer is open in another CX Desk window" in text
    assert "Nothing was copied." in text
    assert window.laptop_copy.done_box is None
    with open_database(db.path) as laptop:
        assert _names(laptop) == []


def test_an_engagement_already_on_the_laptop_is_asked_about(
    on_team: Any,
    qtbot: QtBot,
    db: Database,
    told: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = on_team
    _copy(window, qtbot)
    window.laptop_copy.done_box.reject()  # Stay here
    asked: list[tuple[str, list[str]]] = []

    def ask(_parent: Any, conflicts: Any, where: str, **_how: Any) -> Resolution:
        asked.append((where, [c.engagement for c in conflicts]))
        return answers.pop(0)

    answers = [Resolution.COPY, Resolution.REPLACE]
    monkeypatch.setattr(engagement_files, "ask_resolution", ask)
    _copy(window, qtbot)  # alongside
    _copy(window, qtbot)  # in place of the first
    where = f"your laptop's workspace ({db.path.name})"
    assert asked == [(where, [DEMO_ENGAGEMENT])] * 2
    assert told == []
    assert "in place of the one it had" in window.statusBar().currentMessage()
    with open_database(db.path) as laptop:
        names = _names(laptop)
    assert len(names) == 2
    assert DEMO_ENGAGEMENT in names
    assert any(name.startswith(f"{DEMO_ENGAGEMENT} (imported ") for name in names)

    # The question as the laptop copy asks it.
    conflict = Conflict(0, DEMO_CLIENT, DEMO_ENGAGEMENT, 1)
    dialog = ConflictDialog(
        [conflict], window, where=where, undoable=False, incoming="the team workspace's"
    )
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    assert dialog.windowTitle() == f"Already in {where}"
    assert "the team workspace's: the old one is deleted there" in dialog.replace.text()
    dialog.grab().save(str(tmp_path / "conflict.png"))
    dialog.reject()


def test_and_back_with_import(
    on_team: Any,
    qtbot: QtBot,
    db: Database,
    told: list[tuple[str, str]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Worked on offline, exported on the laptop, imported into the team workspace with
    Replace: the team's engagement is the laptop's."""
    window = on_team
    _copy(window, qtbot)
    window.laptop_copy.done_box.reject()
    with open_database(db.path) as laptop:
        laptop_id = _only_id(laptop)
        expectations.add_item(laptop, laptop_id, expects="Site visit notes by Friday")
        export_engagement(laptop, laptop_id, tmp_path / "back.cxdesk")
        expected = _document(laptop, laptop_id)
    monkeypatch.setattr(engagement_files, "ask_resolution", lambda *_a, **_k: Resolution.REPLACE)
    with qtbot.waitSignal(window.engagement_files.finished, timeout=30000):
        window.engagement_files.import_file(tmp_path / "back.cxdesk")
    qtbot.waitUntil(lambda: window.engagement_files.last_result is not None)
    assert told == []
    team = window.ws.db
    assert is_team_workspace(team)
    assert _names(team) == [DEMO_ENGAGEMENT]
    assert _document(team, _only_id(team)) == expected


def test_the_laptops_workspace_is_the_last_local_file(
    tmp_path: Path, private_data_dir: Path
) -> None:
    default = default_database_path()
    assert local_workspace(None) == default
    assert local_workspace("postgresql+psycopg://ana@db.example.com/cxdesk") == default
    assert local_workspace(str(tmp_path / "moved-away.cxdb")) == default
    mine = tmp_path / "mine.cxdb"
    mine.write_bytes(b"")
    assert local_workspace(str(mine)) == mine


def test_a_laptop_without_a_workspace_gets_the_default_one(
    open_window: Any, qtbot: QtBot, postgres_url: str, private_data_dir: Path
) -> None:
    """Opened straight on the team workspace (cxdesk --db URL), no local file known:
    the copy makes the default workspace file and puts the engagement there."""
    team = open_database(postgres_url)
    engagement_id = add_demo_engagement(team)
    window = open_window(team)
    window.navigator.select_engagement(engagement_id)
    qtbot.waitUntil(lambda: getattr(window.shown_engagement(), "id", None) == engagement_id)
    assert not default_database_path().exists()
    _copy(window, qtbot)
    assert window.laptop_copy.done_box is not None
    window.laptop_copy.done_box.reject()
    with open_database(default_database_path()) as laptop:
        assert _names(laptop) == [DEMO_ENGAGEMENT]
