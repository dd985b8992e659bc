"""File > Open / New database from the window: refusals explained, nothing touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cxdesk.store import workspace
from cxdesk.store.database import Database, open_database
from cxdesk.ui.main_window import MainWindow


def test_open_a_foreign_file_is_refused_and_keeps_the_current_workspace(
    window: MainWindow, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace.add_client(db, "Still here")
    foreign = tmp_path / "budget.cxdb"
    foreign.write_bytes(b"col1,col2\n1,2\n")
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(foreign), ""))
    monkeypatch.setattr(
        QMessageBox, "critical", lambda _p, title, text: shown.append((title, text))
    )
    window.open_database_dialog()
    assert shown
    assert shown[0][0] == "Not a CX Desk database"
    assert "has not been changed" in shown[0][1]
    assert foreign.read_bytes() == b"col1,col2\n1,2\n"
    assert window.ws is not None
    assert window.ws.db is db  # still on the original workspace, still usable
    assert [c.name for c, _ in workspace.list_clients(window.ws.db)] == ["Still here"]


def test_new_database_switches_and_releases_the_old_one(
    window: MainWindow, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "second"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.new_database()
    assert window.ws is not None
    assert window.ws.db.path == target.with_suffix(".cxdb").absolute()
    assert window.stack.currentWidget() is window.empty  # a new file starts empty
    assert "second.cxdb" in window.windowTitle()
    # the first database is closed, so it can be opened again (its lock is released)
    again = open_database(db.path)
    again.close()


def test_new_database_never_overwrites(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "keep.cxdb"
    existing.write_bytes(b"precious")
    warned: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(existing), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    window.new_database()
    assert "never overwrites" in warned[0]
    assert existing.read_bytes() == b"precious"
